"""Compliance: incidents held against the agreements in force, in each side's version.

:func:`assess` takes records (of one or many documents), merges their agreements by subject and
parties, builds each agreement's window and scope as each side states it, and lists every incident
that falls inside a window and scope with a party as the accused side. Such an incident is an
*alleged* violation: it carries who claims it and who denies it, never a finding. Per-side, per-day
counts with running totals follow the OSCE monitoring mission's reports.

    >>> from truceline.assess import assess, render_assessment, load_records   # doctest: +SKIP
    >>> print(render_assessment(assess(load_records("records.jsonl"))))         # doctest: +SKIP

``Assessment.to_dict()`` is the ``truceline.assessment.v1`` object of RECORDS.md ("The assessment").
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputFormatError
from ..models import ENERGY_TARGETS, Actor, Incident, Location, Record
from .windows import BINDING, Account, AgreementWindow, SideVersion, VersionWindow, choose_version, window

SCHEMA = "truceline.assessment.v1"

__all__ = ["BINDING", "AgreementWindow", "Assessment", "DayCount", "Evidence", "VersionWindow", "Violation",
           "assess", "load_records", "render_assessment"]


@dataclass
class Evidence:
    document: str
    start: int
    end: int


@dataclass
class Violation:
    agreement: int
    version: str
    incident: Incident
    accused: str
    claimed_by: str | None
    denied_by: list[str]
    evidence: list[Evidence]
    #: every side whose version of the window holds the incident (``version`` is one of them)
    in_versions: list[str] = field(default_factory=list)


@dataclass
class DayCount:
    date: dt.date
    accused: str
    alleged: int
    running_total: int


@dataclass
class Assessment:
    agreements: list[AgreementWindow]
    violations: list[Violation]
    counts: list[DayCount]

    @property
    def alleged(self) -> int:
        """The number of alleged violations: incidents inside at least one agreement's window, each once.

        ``violations`` has one entry per (agreement, incident): an incident inside two agreements' windows
        is two entries but one alleged violation (see ``truceline.assess.stored.alleged_count``)."""
        return sum(c.alleged for c in self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "agreements": [{"subject": g.subject, "parties": g.parties, "scope": g.scope,
                            "versions": [{"by": v.by, "start": _iso(v.start), "end": _iso(v.end)} for v in g.versions],
                            "sources": g.sources} for g in self.agreements],
            "violations": [{"agreement": v.agreement, "version": v.version,
                            "incident": {"date": _iso(v.incident.date), "date_precision": v.incident.date_precision,
                                         "location": _location(v.incident.location), "target": v.incident.target,
                                         "weapon": v.incident.weapon, "fatalities": v.incident.fatalities},
                            "accused": v.accused, "claimed_by": v.claimed_by, "denied_by": v.denied_by,
                            "evidence": [{"document": e.document, "start": e.start, "end": e.end}
                                         for e in v.evidence]} for v in self.violations],
            "counts": [{"date": c.date.isoformat(), "accused": c.accused, "alleged": c.alleged,
                        "running_total": c.running_total} for c in self.counts],
        }


def assess(records: Iterable[Record]) -> Assessment:
    """The agreements of ``records`` with their windows per side, the alleged violations, the counts."""
    recs = list(records)
    windows = _windows(recs)
    # one incident reported by several documents is one alleged incident with several pieces of evidence
    reported: dict[tuple[Any, ...], tuple[Incident, str, str | None, set[str], list[Evidence]]] = {}
    for rec in recs:
        actors = {a.id: a for a in rec.actors}
        for inc in rec.incidents:
            accused = _side(actors.get(inc.perpetrator or ""))
            if accused is None:
                continue
            loc = inc.location
            k = (inc.date, (loc.admin1 or loc.name.lower()) if loc else None,
                 "energy" if inc.target in ENERGY_TARGETS else inc.target, accused)
            claimant = _side(actors.get(inc.claimed_by or ""))
            deniers = {s for d in inc.denied_by if (s := _side(actors.get(d)))}
            ev = Evidence(rec.document.id, inc.evidence.start, inc.evidence.end)
            if k in reported:
                _, _, c0, d0, evs = reported[k]
                d0.update(deniers)
                evs.append(ev)
                if c0 is None and claimant:
                    reported[k] = (reported[k][0], accused, claimant, d0, evs)
            else:
                reported[k] = (inc, accused, claimant, deniers, [ev])
    violations: list[Violation] = []
    for inc, accused, claimant, deniers, evs in reported.values():
        for gi, g in enumerate(windows):
            if accused not in g.parties or not g.covers(inc.target):
                continue
            inside = g.inside(inc.date)
            if inside:
                version = choose_version(inside, [claimant], accused)
                violations.append(Violation(gi, version, inc, accused, claimant, sorted(deniers), evs, inside))
    violations.sort(key=lambda v: (v.incident.date or dt.date.min, v.agreement, v.version))
    return Assessment(agreements=windows, violations=violations, counts=_counts(violations))


def _windows(recs: list[Record]) -> list[AgreementWindow]:
    groups: dict[tuple[str, tuple[str, ...]], list[Account]] = {}
    for rec in recs:
        actors = {a.id: a for a in rec.actors}
        for g in rec.agreements:
            if g.status not in BINDING:
                continue
            parties = tuple(sorted({s for p in g.parties if (s := _side(actors.get(p)))}))
            if parties:
                versions = [SideVersion(side, v.start, v.end, v.duration_days) for v in g.versions
                            if (side := _side(actors.get(v.by)))]
                groups.setdefault((g.subject, parties), []).append(
                    Account(rec.document.id, g.status, list(g.scope), g.start, g.end, g.duration_days, versions))
    return [window(subject, parties, accounts) for (subject, parties), accounts in groups.items()]


def _counts(violations: list[Violation]) -> list[DayCount]:
    per_day: dict[tuple[dt.date, str], set[int]] = {}
    for v in violations:
        if v.incident.date is not None:
            per_day.setdefault((v.incident.date, v.accused), set()).add(id(v.incident))
    totals: Counter[str] = Counter()
    out = []
    for (day, side), incs in sorted(per_day.items()):
        totals[side] += len(incs)
        out.append(DayCount(day, side, len(incs), totals[side]))
    return out


def _side(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return actor.country or actor.name


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _location(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {"name": loc.name, "country": loc.country, "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon,
            "precision": loc.precision}


def load_records(path: str | Path) -> list[Record]:
    """Records from a JSON Lines file of ``truceline extract --format json`` output."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(Record.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFormatError(f"{path}:{n}", f"not a truceline.v1 record ({exc})") from exc
    return out


def render_assessment(a: Assessment) -> str:
    """The short human report: windows per side, alleged violations, per-side per-day counts."""
    lines = ["Compliance assessment: alleged violations as reported; claims, not findings.", ""]
    if not a.agreements:
        lines.append("No agreed commitment found in the input.")
    for i, g in enumerate(a.agreements):
        lines.append(f"Agreement {i}: {g.subject} between {', '.join(g.parties)}; scope {', '.join(g.scope) or '-'}"
                     f" ({len(g.sources)} source{'s' if len(g.sources) != 1 else ''})")
        for v in g.versions:
            lines.append(f"  as {v.by} states it: {_iso(v.start) or 'start unknown'} to {_iso(v.end) or 'open'}")
    lines += ["", f"Alleged violations: {a.alleged}"]
    if len(a.violations) != a.alleged:
        lines.append(f"  (an incident inside several agreements' windows is listed under each: "
                     f"{len(a.violations)} lines)")
    for vi in a.violations:
        inc = vi.incident
        place = inc.location.name if inc.location else "place unknown"
        if inc.location and inc.location.admin1:
            place += f" ({inc.location.admin1})"
        who = f"claimed by {vi.claimed_by}" if vi.claimed_by else "reported by the outlet"
        denied = f"; denied by {', '.join(vi.denied_by)}" if vi.denied_by else ""
        docs = ", ".join(dict.fromkeys(e.document for e in vi.evidence))
        lines.append(f"  {_iso(inc.date) or '?'}  {place}: {inc.target}"
                     f"{' by ' + inc.weapon if inc.weapon else ''}; {vi.accused} accused, {who}{denied}"
                     f" [agreement {vi.agreement}, {vi.version} version; {docs}]")
    if a.counts:
        lines += ["", "Alleged per side and day (running total since the start):"]
        for c in a.counts:
            lines.append(f"  {c.date.isoformat()}  {c.accused}  {c.alleged}  ({c.running_total})")
    return "\n".join(lines)
