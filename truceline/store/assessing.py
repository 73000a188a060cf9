"""The store's reads for the compliance assessment (``truceline.assess.stored`` and ``.compliance``).

The assessment's rule (which statuses bind, each side's window and scope, which version names a
violation) is :mod:`truceline.assess`'s; this module only runs its queries. A window comes down as plain
data (:class:`IncidentWindow`: the accused sides, the target classes covered, each side's dates) and the
database selects and counts the incidents it holds, so a store of 100,000 incidents answers in
milliseconds. Rows come back as the dataclasses below, reviews applied where the docstring says so.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from truceline.models import Incident, Location, Span

from . import reviewed
from . import schema as t
from .listing import names

# -- what goes down ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideSpan:
    """One side's version of an agreement's window: from ``start`` to ``end`` (open when None), both inclusive."""

    side: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class IncidentWindow:
    """What one agreement's window holds, as a query: an incident whose accused side is one of ``accused``,
    whose target class is one of ``targets`` and whose date falls in any side's span.

    An empty ``accused``, ``targets`` or ``spans`` holds nothing (an empty scope covers nothing)."""

    accused: tuple[str, ...]
    targets: tuple[str, ...]
    spans: tuple[SideSpan, ...]

    @property
    def empty(self) -> bool:
        return not self.accused or not self.targets or not self.spans

    def holds(self, accused: str | None, target: str, day: dt.date | None) -> bool:
        """The same test in Python, for an incident as corrected (the database tests the others)."""
        if self.empty or accused not in self.accused or target not in self.targets or day is None:
            return False
        return any(s.start <= day and (s.end is None or day <= s.end) for s in self.spans)


# -- what comes back -----------------------------------------------------------------------------------------


@dataclass
class AgreementRow:
    """A merged agreement as stored (its status is the stored one, before reviews)."""

    id: int
    subject: str
    parties: list[str]
    status: str
    as_of: dt.date | None


@dataclass
class ReportedVersion:
    """One side's own version of the window, as one report gives it."""

    side: str
    start: dt.date | None
    end: dt.date | None
    duration_days: int | None


@dataclass
class AgreementReport:
    """What one document says of one agreement, as reviewed (a correction applied)."""

    id: int
    agreement_id: int
    document: str
    published: dt.date | None
    status: str
    scope: list[str]
    start: dt.date | None
    end: dt.date | None
    duration_days: int | None
    versions: list[ReportedVersion] = field(default_factory=list)
    #: the parties' sides when a reviewer corrected them, else None (the merged agreement's parties hold)
    parties: list[str] | None = None


@dataclass
class IncidentRow:
    """A merged incident with its accused side (None when the perpetrator stands for no side)."""

    id: int
    date: dt.date | None
    place: str | None
    admin1: str | None
    target: str
    weapon: str | None
    accused: str | None


@dataclass
class SideDayCount:
    day: dt.date
    side: str
    incidents: int


@dataclass
class EvidenceRow:
    document: str
    start: int
    end: int


@dataclass
class IncidentDetail:
    """A merged incident as a record incident, with every report's evidence and the sides that deny it."""

    incident: Incident
    evidence: list[EvidenceRow]
    denied_by: list[str]


@dataclass
class StatedVersion:
    """A side's version as one report states it: who stated it (the actor's name) and their words."""

    side: str
    by: str | None
    terms: str | None


# -- the queries ---------------------------------------------------------------------------------------------


def newest_published(conn: sa.Connection) -> dt.date | None:
    """The newest publication date in the store, None when there is none."""
    newest = conn.execute(sa.select(sa.func.max(t.documents.c.published))).scalar()
    return newest if isinstance(newest, dt.date) else None


def agreements(conn: sa.Connection, agreement_id: int | None = None) -> list[AgreementRow]:
    """The merged agreements (one when ``agreement_id`` is given), by id."""
    query = sa.select(t.agreements).order_by(t.agreements.c.id)
    if agreement_id is not None:
        query = query.where(t.agreements.c.id == agreement_id)
    return [AgreementRow(r.id, r.subject, list(r.parties), r.status, r.as_of) for r in conn.execute(query)]


def agreement_reports(conn: sa.Connection, agreement_ids: list[int]) -> dict[int, list[AgreementReport]]:
    """Agreement id -> its reports, oldest published first, as reviewed: a rejected report left out, a
    corrected one as corrected. Each version's side is its actor's (see :func:`sides_of`); a version by
    an actor the store lacks is left out."""
    if not agreement_ids:
        return {}
    r = t.agreement_reports.c
    rows = conn.execute(sa.select(t.agreement_reports, t.documents.c.doc_id)
                        .join(t.documents, r.document_id == t.documents.c.id)
                        .where(r.agreement_id.in_(agreement_ids)).order_by(r.published, r.id)).all()
    verdicts = reviewed.report_reviews(conn, "agreement", [row.id for row in rows])
    named = {p for v in verdicts.values() if v.action == "correct" for p in (v.corrected or {}).get("party_ids") or []}
    sides = sides_of(conn, {v.get("by") for row in rows for v in row.versions} | named)
    out: dict[int, list[AgreementReport]] = {}
    for row in rows:
        verdict = verdicts.get(row.id)
        if verdict is not None and verdict.action == "reject":
            continue
        fixed = dict(verdict.corrected or {}) if verdict is not None and verdict.action == "correct" else {}
        versions = [ReportedVersion(sides[v["by"]], _day(v.get("start")), _day(v.get("end")), v.get("duration_days"))
                    for v in row.versions if v.get("by") in sides]
        parties = (list(dict.fromkeys(sides[p] for p in fixed["party_ids"] if p in sides))
                   if "party_ids" in fixed else None)
        out.setdefault(row.agreement_id, []).append(AgreementReport(
            row.id, row.agreement_id, row.doc_id, row.published, fixed.get("status", row.status),
            list(fixed.get("scope", row.scope)), _day(fixed.get("start", row.start)), _day(fixed.get("end", row.end)),
            fixed.get("duration_days", row.duration_days), versions, parties))
    return out


def window_incidents(conn: sa.Connection, window: IncidentWindow, *, exclude: Collection[int] = (),
                     limit: int | None = None) -> list[IncidentRow]:
    """The incidents ``window`` holds, newest first (at most ``limit``), leaving out the ids in ``exclude``."""
    if window.empty:
        return []
    i, perp = t.incidents.c, t.actors.alias("perp")
    q = (sa.select(i.id, i.date, i.place, i.admin1, i.target, i.weapon, perp.c.country.label("accused"))
         .select_from(_accused_join(perp)).where(_holds(window, i, perp))
         .order_by(i.date.desc(), i.id.desc()))
    if exclude:
        q = q.where(i.id.not_in(set(exclude)))
    if limit is not None:
        q = q.limit(limit)
    return [IncidentRow(r.id, r.date, r.place, r.admin1, r.target, r.weapon, r.accused) for r in conn.execute(q)]


def count_window(conn: sa.Connection, window: IncidentWindow, *, exclude: Collection[int] = ()) -> int:
    """How many incidents ``window`` holds, leaving out the ids in ``exclude``."""
    if window.empty:
        return 0
    i, perp = t.incidents.c, t.actors.alias("perp")
    q = sa.select(sa.func.count()).select_from(_accused_join(perp)).where(_holds(window, i, perp))
    if exclude:
        q = q.where(i.id.not_in(set(exclude)))
    return int(conn.execute(q).scalar_one())


def count_per_side_per_day(conn: sa.Connection, windows: Iterable[IncidentWindow], *,
                           exclude: Collection[int] = ()) -> list[SideDayCount]:
    """Per day and accused side, the incidents any of ``windows`` holds (each once), counted by the database,
    leaving out the ids in ``exclude``."""
    i, perp = t.incidents.c, t.actors.alias("perp")
    conditions = [_holds(w, i, perp) for w in windows if not w.empty]
    if not conditions:
        return []
    q = (sa.select(i.date, perp.c.country, sa.func.count(sa.distinct(i.id))).select_from(_accused_join(perp))
         .where(sa.or_(*conditions)).group_by(i.date, perp.c.country))
    if exclude:
        q = q.where(i.id.not_in(set(exclude)))
    return [SideDayCount(day, side, int(n)) for day, side, n in conn.execute(q)]


def reviewed_incidents(conn: sa.Connection) -> dict[int, IncidentRow | None]:
    """Incidents with a review: id -> the incident as corrected (with its accused side), None when rejected."""
    verdicts = reviewed.reviewed_incidents(conn)
    if not verdicts:
        return {}
    i = t.incidents.c
    rows = {row.id: row for row in conn.execute(sa.select(t.incidents).where(i.id.in_(set(verdicts))))}
    fixed = {ident: dict(v.corrected or {}) for ident, v in verdicts.items()}
    sides = sides_of(conn, {f.get("perpetrator_id", rows[n].perpetrator_id) for n, f in fixed.items()})
    out: dict[int, IncidentRow | None] = {}
    for ident, verdict in verdicts.items():
        if verdict.action == "reject":
            out[ident] = None
            continue
        row, f = rows[ident], fixed[ident]
        place = f["location"] if isinstance(f.get("location"), dict) else {"name": row.place, "admin1": row.admin1}
        out[ident] = IncidentRow(ident, _day(f.get("date", row.date)), place.get("name"), place.get("admin1"),
                                 f.get("target", row.target), f.get("weapon", row.weapon),
                                 sides.get(f.get("perpetrator_id", row.perpetrator_id)))
    return out


def incident_row(conn: sa.Connection, ident: int) -> IncidentRow | None:
    """One incident as reviewed, with its accused side; None when there is none or it is rejected."""
    judged = reviewed_incidents(conn)
    if ident in judged:
        return judged[ident]
    i, perp = t.incidents.c, t.actors.alias("perp")
    row = conn.execute(sa.select(i.id, i.date, i.place, i.admin1, i.target, i.weapon, perp.c.country.label("accused"))
                       .select_from(_accused_join(perp, outer=True)).where(i.id == ident)).first()
    if row is None:
        return None
    return IncidentRow(row.id, row.date, row.place, row.admin1, row.target, row.weapon, row.accused)


@dataclass
class Parties:
    """Who alleges an incident and who denies it, as sides, over its reports as reviewed."""

    claimants: list[str] = field(default_factory=list)
    deniers: list[str] = field(default_factory=list)
    #: reports not rejected
    reports: int = 0


def parties(conn: sa.Connection, incident_ids: Iterable[int]) -> dict[int, Parties]:
    """Incident id -> the sides that allege it (in the order their reports came), the sides that deny it
    (sorted) and how many reports it has; each report as reviewed (a rejected one left out)."""
    found = reviewed.incident_parties(conn, incident_ids)
    sides = sides_of(conn, {a for p in found.values() for a in (*p.claimants, *p.deniers)})
    return {ident: Parties(list(dict.fromkeys(sides[a] for a in p.claimants if a in sides)),
                           sorted({sides[a] for a in p.deniers if a in sides}), p.reports)
            for ident, p in found.items()}


def claimants(conn: sa.Connection, incident_ids: Iterable[int]) -> dict[int, list[str]]:
    """Incident id -> the sides that allege it, in the order their reports came (reports as reviewed)."""
    return {ident: p.claimants for ident, p in parties(conn, incident_ids).items() if p.claimants}


def incident_details(conn: sa.Connection, ids: Collection[int]) -> dict[int, IncidentDetail]:
    """The merged incidents as record incidents, with every report's evidence (in report order) and the
    denying sides (sorted)."""
    if not ids:
        return {}
    i, r = t.incidents.c, t.incident_reports.c
    reports = conn.execute(sa.select(r.incident_id, r.ev_start, r.ev_end, r.denied_by, t.documents.c.doc_id)
                           .join(t.documents, r.document_id == t.documents.c.id)
                           .where(r.incident_id.in_(set(ids))).order_by(r.id)).all()
    denials = parties(conn, ids)
    places = {n: v.corrected["location"] for n, v in reviewed.incident_corrections(conn, list(ids)).items()
              if isinstance(v.corrected.get("location"), dict)}
    by_incident: dict[int, list[Any]] = {}
    for rep in reports:
        by_incident.setdefault(rep.incident_id, []).append(rep)
    out = {}
    for row in conn.execute(sa.select(t.incidents).where(i.id.in_(set(ids)))):
        place = None if row.place is None else Location(row.place, row.country, row.admin1, row.lat, row.lon,
                                                         row.geo_precision)
        if row.id in places:
            fixed = places[row.id]
            place = Location(fixed["name"], fixed.get("country"), fixed.get("admin1"), fixed.get("lat"),
                             fixed.get("lon"), fixed.get("precision"))
        mine = by_incident.get(row.id, [])
        evidence = [EvidenceRow(rep.doc_id, rep.ev_start or 0, rep.ev_end or 0) for rep in mine]
        deniers = denials[row.id].deniers if row.id in denials else []
        first = evidence[0] if evidence else EvidenceRow("", 0, 0)
        inc = Incident(row.date, row.date_precision, place, row.target, row.weapon, None, None, [], row.fatalities,
                       Span(first.start, first.end))
        out[row.id] = IncidentDetail(inc, evidence, deniers)
    return out


def stated_versions(conn: sa.Connection, agreement_id: int) -> list[StatedVersion]:
    """Every side's version as the agreement's reports state it, oldest published report first (within a
    report, in its order); a version by an actor the store lacks is left out."""
    r = t.agreement_reports.c
    reports = conn.execute(sa.select(r.versions).where(r.agreement_id == agreement_id)
                           .order_by(r.published, r.id)).all()
    ids = {v.get("by") for rep in reports for v in rep.versions if isinstance(v.get("by"), int)}
    if not ids:
        return []
    side_of = sides_of(conn, ids)
    who = names(conn, ids)
    return [StatedVersion(side_of[v["by"]], who.get(v["by"]), v.get("terms"))
            for rep in reports for v in rep.versions if v.get("by") in side_of]


def sides_of(conn: sa.Connection, ids: set[Any]) -> dict[int, str]:
    """Store actor id -> the side it stands for: its country, else its name."""
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    rows = conn.execute(sa.select(t.actors.c.id, t.actors.c.country, t.actors.c.name)
                        .where(t.actors.c.id.in_(ids))).all()
    return {r.id: r.country or r.name for r in rows}


# -- the parts -----------------------------------------------------------------------------------------------


def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _holds(window: IncidentWindow, i: Any, perp: Any) -> Any:
    """The window as a SQL condition on (incidents, accused actor)."""
    inside = [sa.and_(i.date >= s.start, i.date <= s.end) if s.end else i.date >= s.start for s in window.spans]
    return sa.and_(sa.or_(*inside), perp.c.country.in_(window.accused), i.target.in_(window.targets))


def _accused_join(perp: Any, outer: bool = False) -> Any:
    # Joined on an expression, not the bare column: otherwise SQLite starts from the two or three party
    # actors and walks the perpetrator index through every incident, instead of the date index through
    # the window's few (ten times slower at 100,000 incidents).
    return t.incidents.join(perp, sa.func.coalesce(t.incidents.c.perpetrator_id, 0) == perp.c.id, isouter=outer)
