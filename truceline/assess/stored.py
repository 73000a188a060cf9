"""The assessment over the store: merged incidents held against merged agreements, reviews applied.

The rule is :func:`truceline.assess.assess`'s (windows and scope from :mod:`.windows`), applied to what
the store has merged: a strike reported by three outlets is one incident, an analyst's rejection takes an
incident or an agreement report out, and a correction (date, target, perpetrator, status, window) is
assessed as corrected. The dashboard, the API, the brief and ``truceline assess --db`` all read this
module, so they agree.

Most incidents are never reviewed, so the database selects and counts them (a store of 100,000
incidents answers the overview in milliseconds); the few reviewed ones are left out of those queries and
judged in Python, with their corrections, by the same predicates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..models import Incident, Location, Span
from ..store import Store, reviewed
from ..store import schema as t
from . import Assessment, Evidence, Violation, _counts
from .windows import Account, AgreementWindow, SideVersion, binding, choose_version, window

#: The most violations one call returns when the caller sets no limit of its own.
LIMIT = 5000


@dataclass
class StoredAgreement:
    id: int
    subject: str
    parties: list[str]
    #: as of the newest report, after reviews
    status: str
    as_of: dt.date | None
    #: None when no report binds anyone (every account a proposal, a rejection, or rejected in review)
    window: AgreementWindow | None
    accounts: list[Account] = field(default_factory=list)


@dataclass
class StoredViolation:
    agreement: int
    subject: str
    version: str
    in_versions: list[str]
    incident: int
    date: dt.date | None
    place: str | None
    admin1: str | None
    target: str
    weapon: str | None
    accused: str
    claimed_by: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "subject": self.subject, "version": self.version,
                "in_versions": self.in_versions, "incident": self.incident,
                "date": self.date.isoformat() if self.date else None, "place": self.place, "admin1": self.admin1,
                "target": self.target, "weapon": self.weapon, "accused": self.accused,
                "claimed_by": self.claimed_by}


def as_of(conn: sa.Connection) -> dt.date:
    """The store's "today": the newest publication date (a replayed corpus is read as of its own time)."""
    newest = conn.execute(sa.select(sa.func.max(t.documents.c.published))).scalar()
    return newest if isinstance(newest, dt.date) else dt.date.today()


def agreements(conn: sa.Connection, agreement_id: int | None = None) -> list[StoredAgreement]:
    """The store's agreements with their accounts (reviews applied) and their windows per side."""
    query = sa.select(t.agreements).order_by(t.agreements.c.id)
    if agreement_id is not None:
        query = query.where(t.agreements.c.id == agreement_id)
    rows = conn.execute(query).all()
    accounts = _accounts(conn, [r.id for r in rows])
    out = []
    for row in rows:
        mine = [a for a, _ in accounts.get(row.id, [])]
        dated = [(published, a) for a, published in accounts.get(row.id, [])]
        # The status is the newest report's; an undated report never overrides a dated one.
        status = row.status
        if dated:
            status = max(dated, key=lambda pa: (pa[0] is not None, pa[0] or dt.date.min))[1].status
        bound = binding(mine)
        out.append(StoredAgreement(row.id, row.subject, list(row.parties), status, row.as_of,
                                   window(row.subject, row.parties, bound) if bound else None, mine))
    return out


def violations(conn: sa.Connection, *, agreement_id: int | None = None, limit: int | None = LIMIT
               ) -> list[StoredViolation]:
    """Alleged violations, newest first: one per (agreement, incident), named by a version that holds it."""
    found: list[StoredViolation] = []
    judged = _reviewed_incidents(conn)
    for agr in agreements(conn, agreement_id):
        condition = _condition(agr.window) if agr.window else None
        if condition is None:
            continue
        i, perp = t.incidents.c, t.actors.alias("perp")
        q = (sa.select(i.id, i.date, i.place, i.admin1, i.target, i.weapon, perp.c.country.label("accused"))
             .select_from(_accused_join(perp)).where(condition(i, perp))
             .order_by(i.date.desc(), i.id.desc()))
        if judged:
            q = q.where(i.id.not_in(set(judged)))
        if limit is not None:
            q = q.limit(limit)
        rows = [dict(r._mapping) for r in conn.execute(q)] + [r for r in judged.values() if r is not None]
        found += _judge(conn, agr, rows)
    found.sort(key=lambda v: (v.date or dt.date.min, v.incident), reverse=True)
    return found[:limit] if limit is not None else found


def per_side_per_day(conn: sa.Connection, *, agreement_id: int | None = None) -> dict[str, dict[str, int]]:
    """{day: {accused side: alleged violations}}, each incident once per side, counted by the database."""
    judged = _reviewed_incidents(conn)
    found = agreements(conn, agreement_id)
    conditions = []
    i, perp = t.incidents.c, t.actors.alias("perp")
    for agr in found:
        condition = _condition(agr.window) if agr.window else None
        if condition is not None:
            conditions.append(condition(i, perp))
    out: dict[str, dict[str, int]] = {}
    if conditions:
        q = (sa.select(i.date, perp.c.country, sa.func.count(sa.distinct(i.id))).select_from(_accused_join(perp))
             .where(sa.or_(*conditions)).group_by(i.date, perp.c.country))
        if judged:
            q = q.where(i.id.not_in(set(judged)))
        for day, side, n in conn.execute(q):
            out.setdefault(day.isoformat(), {})[side] = int(n)
    # The reviewed incidents, judged as corrected (only they: the database counted the rest).
    rows = [r for r in judged.values() if r is not None]
    seen = set()
    for agr in found if rows else []:
        for v in _judge(conn, agr, rows):
            if v.date and (v.incident, v.accused) not in seen:
                seen.add((v.incident, v.accused))
                day = out.setdefault(v.date.isoformat(), {})
                day[v.accused] = day.get(v.accused, 0) + 1
    return dict(sorted(out.items()))


def _judge(conn: sa.Connection, agr: StoredAgreement, rows: list[dict[str, Any]]) -> list[StoredViolation]:
    """The rows (incidents as dicts, reviewed or not) that ``agr``'s window holds, as violations."""
    win = agr.window
    if win is None:
        return []
    claims = _claimants(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        if r["accused"] not in win.parties or not win.covers(r["target"]):
            continue  # a corrected incident moved out (the database already filtered the others)
        inside = win.inside(r["date"])
        if inside:
            sides = claims.get(r["id"], [])
            out.append(StoredViolation(agr.id, agr.subject, choose_version(inside, sides, r["accused"]), inside,
                                       r["id"], r["date"], r["place"], r["admin1"], r["target"], r["weapon"],
                                       r["accused"], sides))
    return out


def assess_store(store: Store) -> Assessment:
    """The compliance assessment over ``store``: incidents as merged across documents (copies are further
    sources, not further incidents) and analysts' reviews applied; the figures the dashboard shows."""
    with store.read() as conn:
        return assessment(conn)


def assessment(conn: sa.Connection) -> Assessment:
    """The whole store as an :class:`~truceline.assess.Assessment` (what ``truceline assess --db`` prints)."""
    stored = [a for a in agreements(conn) if a.window is not None]
    index = {a.id: n for n, a in enumerate(stored)}
    found = [v for v in violations(conn, limit=None) if v.agreement in index]
    incidents = _incident_details(conn, {v.incident for v in found})
    out = []
    for v in sorted(found, key=lambda v: (v.date or dt.date.min, index[v.agreement], v.version)):
        inc, evidence, deniers = incidents[v.incident]
        inc.date, inc.target, inc.weapon = v.date, v.target, v.weapon  # as reviewed
        out.append(Violation(index[v.agreement], v.version, inc, v.accused, v.claimed_by[0] if v.claimed_by else None,
                             deniers, evidence, v.in_versions))
    return Assessment(agreements=[a.window for a in stored if a.window], violations=out, counts=_counts(out))


# -- the parts ------------------------------------------------------------------------------------------------

def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def sides_of(conn: sa.Connection, ids: set[Any]) -> dict[int, str]:
    """Store actor id -> the side it stands for: its country, else its name."""
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    rows = conn.execute(sa.select(t.actors.c.id, t.actors.c.country, t.actors.c.name)
                        .where(t.actors.c.id.in_(ids))).all()
    return {r.id: r.country or r.name for r in rows}


def _accounts(conn: sa.Connection, agreement_ids: list[int]) -> dict[int, list[tuple[Account, dt.date | None]]]:
    if not agreement_ids:
        return {}
    r = t.agreement_reports.c
    rows = conn.execute(sa.select(t.agreement_reports, t.documents.c.doc_id)
                        .join(t.documents, r.document_id == t.documents.c.id)
                        .where(r.agreement_id.in_(agreement_ids)).order_by(r.published, r.id)).all()
    verdicts = reviewed.report_reviews(conn, "agreement", [row.id for row in rows])
    sides = sides_of(conn, {v.get("by") for row in rows for v in row.versions})
    out: dict[int, list[tuple[Account, dt.date | None]]] = {}
    for row in rows:
        verdict = verdicts.get(row.id)
        if verdict is not None and verdict.action == "reject":
            continue
        fixed = dict(verdict.corrected or {}) if verdict is not None and verdict.action == "correct" else {}
        versions = [SideVersion(sides[v["by"]], _day(v.get("start")), _day(v.get("end")), v.get("duration_days"))
                    for v in row.versions if v.get("by") in sides]
        account = Account(row.doc_id, fixed.get("status", row.status), list(fixed.get("scope", row.scope)),
                          _day(fixed.get("start", row.start)), _day(fixed.get("end", row.end)),
                          fixed.get("duration_days", row.duration_days), versions)
        out.setdefault(row.agreement_id, []).append((account, row.published))
    return out


def _condition(win: AgreementWindow) -> Any:
    """The window as a SQL condition on (incidents, accused actor), or None when it can hold nothing."""
    covered = win.covered_targets()
    spans = [v for v in win.versions if v.start is not None]
    if not covered or not spans or not win.parties:
        return None

    def where(i: Any, perp: Any) -> Any:
        inside = [sa.and_(i.date >= v.start, i.date <= v.end) if v.end else i.date >= v.start for v in spans]
        return sa.and_(sa.or_(*inside), perp.c.country.in_(win.parties), i.target.in_(covered))
    return where


def _accused_join(perp: Any) -> Any:
    # Joined on an expression, not the bare column: otherwise SQLite starts from the two or three party
    # actors and walks the perpetrator index through every incident, instead of the date index through
    # the window's few (ten times slower at 100,000 incidents).
    return t.incidents.join(perp, sa.func.coalesce(t.incidents.c.perpetrator_id, 0) == perp.c.id)


def _reviewed_incidents(conn: sa.Connection) -> dict[int, dict[str, Any] | None]:
    """Incidents with a review: id -> the row as corrected (with its accused side), None when rejected."""
    verdicts = reviewed.reviewed_incidents(conn)
    if not verdicts:
        return {}
    i = t.incidents.c
    rows = {row.id: row for row in conn.execute(sa.select(t.incidents).where(i.id.in_(set(verdicts))))}
    fixed = {ident: dict(v.corrected or {}) for ident, v in verdicts.items()}
    sides = sides_of(conn, {f.get("perpetrator_id", rows[n].perpetrator_id) for n, f in fixed.items()})
    out: dict[int, dict[str, Any] | None] = {}
    for ident, verdict in verdicts.items():
        if verdict.action == "reject":
            out[ident] = None
            continue
        row, f = rows[ident], fixed[ident]
        out[ident] = {"id": ident, "date": _day(f.get("date", row.date)), "place": row.place, "admin1": row.admin1,
                      "target": f.get("target", row.target), "weapon": f.get("weapon", row.weapon),
                      "accused": sides.get(f.get("perpetrator_id", row.perpetrator_id))}
    return out


def _claimants(conn: sa.Connection, incident_ids: list[int]) -> dict[int, list[str]]:
    """Incident id -> the sides that allege it, in the order their reports came."""
    if not incident_ids:
        return {}
    r = t.incident_reports.c
    rows = conn.execute(sa.select(r.incident_id, r.claimed_by_id).where(r.incident_id.in_(set(incident_ids)),
                                                                         r.claimed_by_id.is_not(None))
                        .order_by(r.id)).all()
    sides = sides_of(conn, {row.claimed_by_id for row in rows})
    out: dict[int, list[str]] = {}
    for row in rows:
        side = sides.get(row.claimed_by_id)
        if side and side not in out.setdefault(row.incident_id, []):
            out[row.incident_id].append(side)
    return out


def _incident_details(conn: sa.Connection, ids: set[int]
                      ) -> dict[int, tuple[Incident, list[Evidence], list[str]]]:
    """The merged incidents as record incidents, with every report's evidence and the denying sides."""
    if not ids:
        return {}
    i, r = t.incidents.c, t.incident_reports.c
    reports = conn.execute(sa.select(r.incident_id, r.ev_start, r.ev_end, r.denied_by, t.documents.c.doc_id)
                           .join(t.documents, r.document_id == t.documents.c.id)
                           .where(r.incident_id.in_(ids)).order_by(r.id)).all()
    sides = sides_of(conn, {d for rep in reports for d in rep.denied_by})
    out = {}
    for row in conn.execute(sa.select(t.incidents).where(i.id.in_(ids))):
        place = None if row.place is None else Location(row.place, row.country, row.admin1, row.lat, row.lon,
                                                         row.geo_precision)
        mine = [rep for rep in reports if rep.incident_id == row.id]
        evidence = [Evidence(rep.doc_id, rep.ev_start or 0, rep.ev_end or 0) for rep in mine]
        deniers = sorted({sides[d] for rep in mine for d in rep.denied_by if d in sides})
        first = evidence[0] if evidence else Evidence("", 0, 0)
        inc = Incident(row.date, row.date_precision, place, row.target, row.weapon, None, None, [], row.fatalities,
                       Span(first.start, first.end))
        out[row.id] = (inc, evidence, deniers)
    return out
