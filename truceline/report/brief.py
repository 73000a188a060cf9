"""Daily and weekly briefs: Markdown and HTML with SVG charts, from the store.

A brief covers the ``period`` (a day or a week) ending on the store's newest publication date: counts,
what changed since the period before (new agreements, status changes, alleged violations per side, the
most reported incidents), agreements in force with each side's days left, incidents and alleged violations
per side per day, the acts timeline, the period's acts (the same act reported by several documents once)
and incidents. ``write_report`` writes ``brief-<period>-<end>.md`` and
``.html`` plus the charts as ``.svg`` files (which the Markdown links); the dashboard serves the same brief
with the charts inlined.

Article text is untrusted: the HTML is rendered with autoescaping, and the Markdown (written by
:mod:`truceline.report.markdown`) has ``<``, ``>`` and ``&`` written as entities so that a Markdown viewer
cannot be made to render markup from an article, and pipes escaped so that no cell adds a column.
"""
from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from truceline.errors import ConfigError
from truceline.report import markdown

if TYPE_CHECKING:
    from truceline.store import Store

PERIODS = {"day": 1, "week": 7}
#: the most incidents and acts a brief lists (the rest are counted; the export has them all)
LIST_LIMIT = 50
#: the most reported incidents the narrative names
TOP_INCIDENTS = 3


@dataclass
class Brief:
    period: str
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    agreements: list[dict[str, Any]]
    #: the period's acts, the same act (date, actor, type, subject, target) reported by several documents
    #: once, with ``documents`` (their ids) and ``reports`` (how many)
    acts: Sequence[Mapping[str, Any]]
    incidents: Sequence[Mapping[str, Any]]
    violations: list[dict[str, Any]]
    #: what changed since the period before, one sentence each (plain text)
    changes: list[str] = field(default_factory=list)
    #: chart name -> SVG text
    charts: dict[str, str] = field(default_factory=dict)
    markdown: str = ""
    html: str = ""

    @property
    def stem(self) -> str:
        return f"brief-{self.period}-{self.end.isoformat()}"

    @property
    def previous(self) -> tuple[dt.date, dt.date]:
        """The period before this one, as long as it."""
        days = PERIODS[self.period]
        return self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1)

    @property
    def previous_name(self) -> str:
        return "the day before" if self.period == "day" else "the week before"


def make_brief(store: Store, period: str, *, chart_files: bool = False) -> Brief:
    """Build the brief. With ``chart_files`` the Markdown links ``<stem>-<chart>.svg`` files instead of
    inlining the charts as data URIs."""
    from truceline.assess import compliance, stored
    from truceline.store import listing, reviewed, reviews
    from truceline.views import charts

    if period not in PERIODS:
        raise ConfigError(f"unknown period {period!r}: use day or week")
    with store.engine.connect() as conn:
        end = compliance.as_of(conn)
        start = end - dt.timedelta(days=PERIODS[period] - 1)
        rejected = reviews.rejected_incidents(conn)
        violations = [v for v in compliance.violations(conn, limit=None)
                      if v["date"] and start.isoformat() <= v["date"] <= end.isoformat()]
        per_side = listing.incidents_per_side_per_day(conn, start, end, exclude=rejected)
        everything = listing.Page(listing.MAX_LIMIT, 0)
        listed = listing.acts(conn, everything, since=start, until=end, oldest_first=True)["items"]
        reviews.overlay(conn, "act", listed)
        acts = dedupe_acts([a for a in listed if not (a["review"] and a["review"]["action"] == "reject")])
        incidents = listing.incidents(conn, everything, since=start, until=end)["items"]
        reviews.overlay_incidents(conn, incidents)
        incidents = [i for i in incidents if i["id"] not in rejected]
        agreements = compliance.in_force(conn, end)
        counts = {"incidents": reviewed.incident_count(conn, start, end),
                  "violations": stored.alleged_count(conn, since=start, until=end), "acts": len(acts)}
        brief = Brief(period, start, end, counts, agreements, acts, incidents, violations)
        brief.changes = _changes(conn, brief)
    brief.charts = {
        "incidents": str(charts.bars_per_day(per_side, "Incidents per perpetrator's side per day",
                                             empty="no incidents")),
        "violations": str(charts.bars_per_day(compliance.per_side_per_day(violations),
                                              "Alleged violations per accused side per day",
                                              empty="no alleged violations")),
        "acts": str(charts.acts_timeline(acts, "Acts timeline")),
    }
    brief.markdown = _markdown(brief, chart_files)
    brief.html = _html(brief)
    return brief


def dedupe_acts(acts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One entry per act as it happened: the same date, actor, type, subject and target reported by several
    documents is one act, listed with every document (``documents``) and their number (``reports``)."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for a in acts:
        key = (a.get("date"), a.get("actor_id") or a.get("actor"), a.get("type"), a.get("subject"),
               a.get("target_id") or a.get("target"))
        if key in out:
            if a["document"] not in out[key]["documents"]:
                out[key]["documents"].append(a["document"])
            out[key]["reports"] += 1
        else:
            out[key] = {**a, "documents": [a["document"]], "reports": 1}
    return list(out.values())


def _changes(conn: Any, b: Brief) -> list[str]:
    """What changed since the period before: new agreements, status changes, alleged violations per side
    against the period before, the incidents in the period and the most reported ones."""
    from truceline.assess import stored
    from truceline.store import assessing, reviewed

    before_start, before_end = b.previous
    before = b.previous_name
    out: list[str] = []
    agreements = stored.agreements(conn)
    history = assessing.agreement_reports(conn, [a.id for a in agreements])
    for agr in agreements:
        dated = [r for r in history.get(agr.id, []) if r.published is not None]
        if not dated:
            continue
        name = f"{agr.subject.replace('_', ' ')} ({', '.join(agr.parties) or 'no party known'})"
        first = min(r.published for r in dated if r.published is not None)
        now = _status_on(dated, b.end)
        if b.start <= first <= b.end:
            out.append(f"New agreement: {name}, {now}.")
            continue
        then = _status_on(dated, before_end)
        if then and now and then != now:
            out.append(f"Status changed: {name}, {then} → {now}.")
    this_side = stored.alleged_per_side(conn, since=b.start, until=b.end)
    that_side = stored.alleged_per_side(conn, since=before_start, until=before_end)
    if this_side or that_side:
        sides = sorted(set(this_side) | set(that_side))
        out.append("Alleged violations by accused side: " + "; ".join(
            f"{side} {this_side.get(side, 0)} ({before}: {that_side.get(side, 0)})" for side in sides) + ".")
    else:
        out.append(f"No alleged violations, as {before}.")
    previous = reviewed.incident_count(conn, before_start, before_end)
    out.append(f"Incidents: {b.counts['incidents']} ({before}: {previous}).")
    top = sorted((i for i in b.incidents if i["reports"] > 1), key=lambda i: (-i["reports"], i["date"] or ""))
    if top:
        out.append("Most reported: " + "; ".join(
            f"{i['date'] or 'undated'} {_where(i)}, {i['target'].replace('_', ' ')}"
            f"{' (' + i['weapon'] + ')' if i['weapon'] else ''}, {i['reports']} reports"
            for i in top[:TOP_INCIDENTS]) + ".")
    elif b.incidents:
        out.append("No incident was reported by more than one document.")
    return out


def _status_on(reports: list[Any], day: dt.date) -> str | None:
    """An agreement's status as of ``day``: its newest report published by then."""
    known = [r for r in reports if r.published is not None and r.published <= day]
    return max(known, key=lambda r: (r.published, r.id)).status if known else None


def _where(incident: Mapping[str, Any]) -> str:
    loc = incident.get("location") or {}
    return str(loc.get("name") or loc.get("admin1") or "place unknown")


def write_report(store: Store, period: str, out_dir: Path) -> list[Path]:
    """Write the brief's Markdown, HTML and SVG charts into ``out_dir``; returns the paths written."""
    brief = make_brief(store, period, chart_files=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, svg in brief.charts.items():
        path = out_dir / f"{brief.stem}-{name}.svg"
        path.write_text(svg, encoding="utf-8")
        written.append(path)
    for suffix, body in ((".md", brief.markdown), (".html", brief.html)):
        path = out_dir / f"{brief.stem}{suffix}"
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


_md = markdown.text


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _markdown(b: Brief, chart_files: bool) -> str:
    title = "Daily" if b.period == "day" else "Weekly"
    span = b.end.isoformat() if b.period == "day" else f"{b.start.isoformat()} to {b.end.isoformat()}"
    lines = [f"# Truceline {title.lower()} brief: {span}", "",
             f"{_n(b.counts['incidents'], 'incident')}, {_n(b.counts['violations'], 'alleged violation')}, "
             f"{_n(b.counts['acts'], 'negotiation act')}.", "",
             "Alleged violations are claims reported in the news, not findings.", "",
             f"## What changed since {b.previous_name}", ""]
    lines += [f"- {_md(change)}" for change in b.changes]
    lines += ["", "## Agreements in force", ""]
    if b.agreements:
        rows: list[tuple[Any, ...]] = []
        for a in b.agreements:
            for v in a["versions"] or [{}]:
                left = v.get("remaining_days")
                rows.append((f"{a['subject']} ({', '.join(a['parties'])})", a["status"], v.get("side"),
                             v.get("start") or "?", v.get("end") or "open",
                             "–" if left is None else ("ended" if left < 0 else left)))
        lines += markdown.table(("Agreement", "Status", "Side", "From", "Until", "Days left"), rows)
    else:
        lines.append("None.")
    lines += ["", "## Charts", ""]
    for name, svg in b.charts.items():
        target = (f"{b.stem}-{name}.svg" if chart_files else
                  "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"))
        lines += [f"![{name}]({target})", ""]
    lines += ["## Acts", ""]
    lines += [f"- {_md(a['date'] or '?')} **{_md(a['actor'] or '?')}** {_md(a['type'])} on {_md(a['subject'])}"
              f"{' → ' + _md(a['target']) if a['target'] else ''}: {_md(a['text'])} "
              f"({'document' if a['reports'] == 1 else str(a['reports']) + ' documents:'} "
              f"{_md(', '.join(a['documents']))})"
              for a in b.acts[:LIST_LIMIT]] or ["None."]
    if len(b.acts) > LIST_LIMIT:
        lines.append(f"- … and {len(b.acts) - LIST_LIMIT} more acts (truceline export --table acts).")
    lines += ["", "## Incidents", ""]
    if b.incidents:
        rows = []
        for i in b.incidents[:LIST_LIMIT]:
            loc = i["location"] or {}
            rows.append((i["date"] or "?", loc.get("name") or "?", loc.get("admin1") or "", i["target"],
                         i["weapon"] or "", i["perpetrator"] or "?", i["reports"]))
        lines += markdown.table(("Date", "Place", "Region", "Target", "Weapon", "Perpetrator", "Reports"), rows)
        if len(b.incidents) > LIST_LIMIT:
            lines += ["", f"… and {len(b.incidents) - LIST_LIMIT} more incidents (truceline export)."]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _html(b: Brief) -> str:
    from markupsafe import Markup

    from truceline.views.templates import env

    return env.get_template("brief.html").render(
        brief=b, charts={k: Markup(v) for k, v in b.charts.items()}, title="Daily" if b.period == "day" else "Weekly",
        limit=LIST_LIMIT)
