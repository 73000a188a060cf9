"""Daily and weekly briefs: Markdown and HTML with SVG charts, from the store.

A brief covers the ``period`` (a day or a week) ending on the store's newest publication date: counts,
agreements in force with each side's days left, incidents and alleged violations per side per day, the
acts timeline, the period's acts and incidents. ``write_report`` writes ``brief-<period>-<end>.md`` and
``.html`` plus the charts as ``.svg`` files (which the Markdown links); the dashboard serves the same brief
with the charts inlined.

Article text is untrusted: the HTML is rendered with autoescaping, and the Markdown has ``<``, ``>`` and
``&`` written as entities so that a Markdown viewer cannot be made to render markup from an article.
"""
from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from truceline.errors import ConfigError

if TYPE_CHECKING:
    from truceline.store import Store

PERIODS = {"day": 1, "week": 7}


@dataclass
class Brief:
    period: str
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    agreements: list[dict[str, Any]]
    acts: Sequence[Mapping[str, Any]]
    incidents: Sequence[Mapping[str, Any]]
    violations: list[dict[str, Any]]
    #: chart name -> SVG text
    charts: dict[str, str] = field(default_factory=dict)
    markdown: str = ""
    html: str = ""

    @property
    def stem(self) -> str:
        return f"brief-{self.period}-{self.end.isoformat()}"


def make_brief(store: Store, period: str, *, chart_files: bool = False) -> Brief:
    """Build the brief. With ``chart_files`` the Markdown links ``<stem>-<chart>.svg`` files instead of
    inlining the charts as data URIs."""
    from truceline.assess import compliance
    from truceline.store import listing, reviews
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
        acts = listing.acts(conn, everything, since=start, until=end, oldest_first=True)["items"]
        reviews.overlay(conn, "act", acts)
        acts = [a for a in acts if not (a["review"] and a["review"]["action"] == "reject")]
        incidents = listing.incidents(conn, everything, since=start, until=end)["items"]
        reviews.overlay_incidents(conn, incidents)
        incidents = [i for i in incidents if i["id"] not in rejected]
        agreements = compliance.in_force(conn, end)
    brief = Brief(period, start, end,
                  {"incidents": len(incidents), "violations": len({v["incident"] for v in violations}),
                   "acts": len(acts)},
                  agreements, acts, incidents, violations)
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


def _md(value: Any) -> str:
    """Text for Markdown: markup characters as entities, table pipes escaped, one line."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(text.split())


def _markdown(b: Brief, chart_files: bool) -> str:
    title = "Daily" if b.period == "day" else "Weekly"
    span = b.end.isoformat() if b.period == "day" else f"{b.start.isoformat()} to {b.end.isoformat()}"
    lines = [f"# Truceline {title.lower()} brief: {span}", "",
             f"{b.counts['incidents']} incidents, {b.counts['violations']} alleged violations, "
             f"{b.counts['acts']} negotiation acts.", "",
             "Alleged violations are claims reported in the news, not findings.", "",
             "## Agreements in force", ""]
    if b.agreements:
        lines += ["| Agreement | Status | Side | From | Until | Days left |", "|---|---|---|---|---|---|"]
        for a in b.agreements:
            for v in a["versions"] or [{}]:
                left = v.get("remaining_days")
                lines.append(f"| {_md(a['subject'])} ({_md(', '.join(a['parties']))}) | {_md(a['status'])} | "
                             f"{_md(v.get('side'))} | {_md(v.get('start') or '?')} | {_md(v.get('end') or 'open')} | "
                             f"{'–' if left is None else ('ended' if left < 0 else left)} |")
    else:
        lines.append("None.")
    lines += ["", "## Charts", ""]
    for name, svg in b.charts.items():
        target = (f"{b.stem}-{name}.svg" if chart_files else
                  "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"))
        lines += [f"![{name}]({target})", ""]
    lines += ["## Acts", ""]
    lines += [f"- {_md(a['date'] or '?')} **{_md(a['actor'] or '?')}** {_md(a['type'])} on {_md(a['subject'])}"
              f"{' → ' + _md(a['target']) if a['target'] else ''}: {_md(a['text'])} (document {_md(a['document'])})"
              for a in b.acts] or ["None."]
    lines += ["", "## Incidents", ""]
    if b.incidents:
        lines += ["| Date | Place | Region | Target | Weapon | Perpetrator | Reports |", "|---|" * 7]
        for i in b.incidents:
            loc = i["location"] or {}
            lines.append(f"| {_md(i['date'] or '?')} | {_md(loc.get('name') or '?')} | "
                         f"{_md(loc.get('admin1') or '')} | {_md(i['target'])} | {_md(i['weapon'] or '')} | "
                         f"{_md(i['perpetrator'] or '?')} | "
                         f"{i['reports']} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _html(b: Brief) -> str:
    from markupsafe import Markup

    from truceline.views.templates import env

    return env.get_template("brief.html").render(
        brief=b, charts={k: Markup(v) for k, v in b.charts.items()}, title="Daily" if b.period == "day" else "Weekly")
