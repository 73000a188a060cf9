"""The incident list, the map's data and one incident's file: filtered, paged, analysts' reviews applied.

Filters (:class:`IncidentFilter`): dates, country, ISO 3166-2 region, target or target class, weapon,
perpetrator (actor id), accused side, claimant side, the windows of agreements (an alleged violation of
one of them; :class:`~truceline.store.assessing.IncidentWindow`, plain data from ``truceline.assess``) and
review state. Totals are exact, on every page.

Most incidents are never reviewed, and the database selects, counts and pages those, off the indexes of
migration 0004. Those a review may touch (:func:`judged`: the incidents reported by a document that has an
incident review -- a few, however big the store) are left out of the queries and filtered in Python as
corrected -- a place moved to another region is listed under the new
region, a corrected claimant counts as the claimant -- then merged into the database's order (newest
first, then the highest id), so a page holds the same incidents whichever of the two they come from.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from truceline.models import ENERGY_TARGETS

from . import reviewed, reviews
from . import schema as t
from .assessing import IncidentWindow, sides_of
from .listing import Page, incident_filters, incident_item, iso, names
from .rows import IncidentFile, IncidentPoint, ListedIncident, ListedIncidentPage, ReportContext
from .serve_tables import reviews as review_rows

#: review states the list filters on: none yet, any, or the incident's verdict.
REVIEW_STATES = ("unreviewed", "reviewed", "confirm", "correct", "reject")
#: characters of the document shown on each side of a report's sentence.
CONTEXT = 280


@dataclass(frozen=True)
class IncidentFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    #: a target or a target class ("energy")
    target: str | None = None
    weapon: str | None = None
    #: the perpetrator's store id
    perpetrator: int | None = None
    #: the accused side: the perpetrator's country (or name, for an actor of no country)
    accused: str | None = None
    #: a side that reports it (any report's claimant)
    claimant: str | None = None
    #: an alleged violation of one of these agreements' windows (an empty tuple holds nothing)
    windows: tuple[IncidentWindow, ...] | None = None
    #: one of REVIEW_STATES
    review: str | None = None


@dataclass
class Judged:
    """An incident a review may touch, as corrected, with what the filters look at."""

    id: int
    date: dt.date | None
    country: str | None
    admin1: str | None
    place: str | None
    lat: float | None
    lon: float | None
    target: str
    target_class: str
    weapon: str | None
    perpetrator_id: int | None
    accused: str | None
    action: str
    claimants: set[str] = field(default_factory=set)


def _touched() -> sa.Select[Any]:
    """The incidents a review may touch: those with a report in a document that has an incident review. The
    list's queries leave them out (a subquery: no list of ids, however many reviews) and :func:`judged`
    takes them up."""
    r, d = t.incident_reports.c, t.documents.c
    docs = sa.select(review_rows.c.doc_key).where(review_rows.c.kind == "incident")
    return sa.select(r.incident_id).join(t.documents, r.document_id == d.id).where(d.doc_id.in_(docs))


def judged(conn: sa.Connection) -> dict[int, Judged]:
    """Every incident a review may touch, as corrected (the part of the list filtered in Python); ``action``
    is the verdict on its reports, "unreviewed" when none of them is reviewed."""
    ids = sorted({x for (x,) in conn.execute(_touched().distinct())})
    if not ids:
        return {}
    verdicts = reviewed.incident_corrections(conn, ids)
    rows: dict[int, Any] = {}
    for at in range(0, len(ids), 500):
        chunk = sa.select(t.incidents).where(t.incidents.c.id.in_(ids[at:at + 500]))
        rows.update({r.id: r for r in conn.execute(chunk)})
    parties = reviewed.incident_parties(conn, ids)
    fixed = {n: dict(verdicts[n].corrected or {}) if n in verdicts else {} for n in ids}
    sides = sides_of(conn, {f.get("perpetrator_id", rows[n].perpetrator_id) for n, f in fixed.items() if n in rows}
                     | {a for p in parties.values() for a in p.claimants})
    out = {}
    for ident, f in fixed.items():
        row = rows.get(ident)
        if row is None:
            continue
        place = f["location"] if isinstance(f.get("location"), dict) else {
            "name": row.place, "country": row.country, "admin1": row.admin1, "lat": row.lat, "lon": row.lon}
        target = f.get("target", row.target)
        perpetrator = f.get("perpetrator_id", row.perpetrator_id)
        day = f.get("date", row.date)
        out[ident] = Judged(ident, dt.date.fromisoformat(day) if isinstance(day, str) else day, place.get("country"),
                            place.get("admin1"), place.get("name"), place.get("lat"), place.get("lon"), target,
                            "energy" if target in ENERGY_TARGETS else target, f.get("weapon", row.weapon),
                            perpetrator, sides.get(perpetrator),
                            verdicts[ident].action if ident in verdicts else "unreviewed",
                            {sides[a] for a in parties[ident].claimants if a in sides})
    return out


def _matches(j: Judged, f: IncidentFilter) -> bool:
    if f.review and (j.action != "unreviewed" if f.review == "unreviewed" else
                     j.action == "unreviewed" if f.review == "reviewed" else j.action != f.review):
        return False
    if (f.since and (j.date is None or j.date < f.since)) or (f.until and (j.date is None or j.date > f.until)):
        return False
    if (f.country and j.country != f.country.upper()) or (f.admin1 and j.admin1 != f.admin1.upper()):
        return False
    if f.target and not (j.target_class == "energy" if f.target == "energy" else
                         j.target == f.target if f.target in ENERGY_TARGETS else j.target_class == f.target):
        return False
    if (f.weapon and j.weapon != f.weapon) or (f.perpetrator is not None and j.perpetrator_id != f.perpetrator):
        return False
    if (f.accused and j.accused != f.accused) or (f.claimant and f.claimant not in j.claimants):
        return False
    return f.windows is None or any(w.holds(j.accused, j.target, j.date) for w in f.windows)


def _side(side: str) -> sa.Select[Any]:
    a = t.actors.c
    return sa.select(a.id).where(sa.or_(a.country == side, sa.and_(a.country.is_(None), a.name == side)))


def _conditions(f: IncidentFilter) -> list[sa.ColumnElement[bool]]:
    i, r = t.incidents.c, t.incident_reports.c
    out = incident_filters(since=f.since, until=f.until, country=f.country, admin1=f.admin1, target=f.target,
                           weapon=f.weapon, perpetrator=f.perpetrator)
    if f.accused:
        out.append(i.perpetrator_id.in_(_side(f.accused)))
    if f.claimant:
        out.append(i.id.in_(sa.select(r.incident_id).where(r.claimed_by_id.in_(_side(f.claimant)))))
    if f.windows is not None:
        held = [w for w in f.windows if not w.empty]
        out.append(sa.or_(*[_held(w) for w in held]) if held else sa.false())
    if f.review in ("reviewed", "confirm", "correct", "reject"):
        out.append(sa.false())  # the reviewed incidents are all judged in Python
    return out


def _held(w: IncidentWindow) -> sa.ColumnElement[bool]:
    i, a = t.incidents.c, t.actors.c
    inside = [sa.and_(i.date >= s.start, i.date <= s.end) if s.end else i.date >= s.start for s in w.spans]
    return sa.and_(sa.or_(*inside), i.target.in_(w.targets),
                   i.perpetrator_id.in_(sa.select(a.id).where(a.country.in_(w.accused))))


def _sql(f: IncidentFilter, found: Collection[int]) -> list[sa.ColumnElement[bool]]:
    """The filters as SQL, leaving out what :func:`judged` found (judged in Python)."""
    where = _conditions(f)
    if found:
        where.append(t.incidents.c.id.not_in(_touched()))
    return where


def _order(conn: sa.Connection) -> Any:
    """The sort key of the database's order, newest first (PostgreSQL puts undated incidents first)."""
    nulls_first = conn.dialect.name == "postgresql"

    def key(day: dt.date | None, ident: int) -> tuple[int, dt.date, int]:
        return (int(nulls_first) if day is None else int(not nulls_first), day or dt.date.min, ident)
    return key


def count(conn: sa.Connection, f: IncidentFilter, found: dict[int, Judged] | None = None) -> int:
    """How many incidents match (the list's total)."""
    found = judged(conn) if found is None else found
    sql = conn.execute(sa.select(sa.func.count()).select_from(t.incidents).where(*_sql(f, found))).scalar_one()
    return int(sql) + sum(1 for j in found.values() if _matches(j, f))


def incidents(conn: sa.Connection, page: Page, f: IncidentFilter, *, found: dict[int, Judged] | None = None,
              total: int | None = None) -> ListedIncidentPage:
    """One page of the matching incidents, newest first, reviews applied, with claimants and deniers.

    ``found`` (:func:`judged`) and ``total`` (:func:`count`) may be given when the caller keeps them."""
    page = page.clamp()
    found = judged(conn) if found is None else found
    key = _order(conn)
    mine = sorted((j for j in found.values() if _matches(j, f)), key=lambda j: key(j.date, j.id), reverse=True)
    total = count(conn, f, found) if total is None else total
    # The database's rows around the page: from `mine`'s length before it (each reviewed incident ahead of
    # the page pushes it back by one), so that merging the two gives the page's rows at known positions.
    start = max(0, page.offset - len(mine))
    i = t.incidents.c
    rows = conn.execute(sa.select(i.id, i.date).where(*_sql(f, found)).order_by(i.date.desc(), i.id.desc())
                        .limit(page.limit + len(mine) + 1).offset(max(0, start - 1))).all()
    before = None
    if start > 0 and rows:
        before, rows = rows[0], rows[1:]
    tail = [j for j in mine if before is None or key(j.date, j.id) < key(before.date, before.id)]
    merged = sorted([(key(r.date, r.id), r.id) for r in rows] + [(key(j.date, j.id), j.id) for j in tail],
                    reverse=True)
    first = start + len(mine) - len(tail)
    ids = [ident for _, ident in merged[page.offset - first:page.offset - first + page.limit]]
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": listed(conn, ids)}


def listed(conn: sa.Connection, ids: list[int]) -> list[ListedIncident]:
    """The incidents of ``ids`` in that order, reviews applied, with their claimants and deniers."""
    if not ids:
        return []
    i, p = t.incidents.c, t.actors.alias("perp")
    rows = {r.id: r for r in conn.execute(
        sa.select(t.incidents, p.c.name.label("perpetrator"), p.c.country.label("perpetrator_country"))
        .select_from(t.incidents.outerjoin(p, i.perpetrator_id == p.c.id)).where(i.id.in_(ids)))}
    items = reviews.overlay_incidents(conn, [incident_item(rows[n]) for n in ids if n in rows])
    parties = reviewed.incident_parties(conn, ids)
    who = names(conn, {a for q in parties.values() for a in (*q.claimants, *q.deniers)})
    out: list[ListedIncident] = []
    for item in items:
        q = parties.get(item["id"]) or reviewed.Parties()
        out.append({**item, "reports": q.reports, "claimants": [who[a] for a in q.claimants if a in who],
                    "deniers": [who[a] for a in q.deniers if a in who]})
    return out


def points(conn: sa.Connection, f: IncidentFilter, limit: int, *, found: dict[int, Judged] | None = None
           ) -> tuple[int, list[IncidentPoint]]:
    """(how many match and have coordinates, the newest ``limit`` of them as map points)."""
    found = judged(conn) if found is None else found
    i = t.incidents.c
    where = [i.lat.is_not(None), i.lon.is_not(None), *_sql(f, found)]
    total = int(conn.execute(sa.select(sa.func.count()).select_from(t.incidents).where(*where)).scalar_one())
    mine = [j for j in found.values() if _matches(j, f) and j.lat is not None and j.lon is not None]
    key = _order(conn)
    out = [(key(r.date, r.id), {"id": r.id, "lat": r.lat, "lon": r.lon, "place": r.place, "date": iso(r.date),
                                "target_class": r.target_class})
           for r in conn.execute(sa.select(i.id, i.lat, i.lon, i.place, i.date, i.target_class).where(*where)
                                 .order_by(i.date.desc(), i.id.desc()).limit(limit))]
    out += [(key(j.date, j.id), {"id": j.id, "lat": float(j.lat or 0), "lon": float(j.lon or 0), "place": j.place,
                                 "date": iso(j.date), "target_class": j.target_class}) for j in mine]
    out.sort(key=lambda pair: pair[0], reverse=True)
    chosen: list[IncidentPoint] = [{"id": p["id"], "lat": p["lat"], "lon": p["lon"], "place": p["place"],
                                    "date": p["date"], "target_class": p["target_class"]} for _, p in out[:limit]]
    return total + len(mine), chosen


def by_region(conn: sa.Connection, f: IncidentFilter, *, found: dict[int, Judged] | None = None
              ) -> dict[str, dict[str, int]]:
    """Incidents per ISO 3166-2 region and target class (the map's colours)."""
    found = judged(conn) if found is None else found
    i = t.incidents.c
    out: dict[str, dict[str, int]] = {}
    q = (sa.select(i.admin1, i.target_class, sa.func.count()).where(i.admin1.is_not(None), *_sql(f, found))
         .group_by(i.admin1, i.target_class))
    for admin1, target_class, n in conn.execute(q):
        out.setdefault(admin1, {})[target_class] = int(n)
    for j in found.values():
        if j.admin1 and _matches(j, f):
            counts = out.setdefault(j.admin1, {})
            counts[j.target_class] = counts.get(j.target_class, 0) + 1
    return out


def shared_names(conn: sa.Connection, found: Iterable[str]) -> set[str]:
    """Of these names, those that more than one actor bears (case-insensitively; lower-cased)."""
    lowered = {n.lower() for n in found}
    if not lowered:
        return set()
    low = sa.func.lower(t.actors.c.name)
    return {n for (n,) in conn.execute(sa.select(low).where(low.in_(lowered)).group_by(low)
                                       .having(sa.func.count() > 1))}


def sides(conn: sa.Connection) -> list[str]:
    """Every side an actor stands for (its country), for the accused and claimant filters."""
    a = t.actors.c
    return sorted(x for (x,) in conn.execute(sa.select(a.country).where(a.country.is_not(None)).distinct()))


# -- one incident ------------------------------------------------------------------------------------------------

def incident_file(conn: sa.Connection, ident: int) -> IncidentFile | None:
    """One incident as reviewed, with its claimants and deniers and each report in its document's text."""
    items = listed(conn, [ident])
    if not items:
        return None
    from .listing import incident_reports  # the per-document reports, as the document page lists them

    reports = reviews.overlay(conn, "incident", incident_reports(conn, incident=ident))
    add_context(conn, reports)
    return {**items[0], "report_items": reports}


def add_context(conn: sa.Connection, reports: Iterable[Any]) -> None:
    """Give each report (a dict with ``document_id`` and ``evidence``) its sentence in context."""
    reports = list(reports)
    docs = {r["document_id"] for r in reports}
    texts = dict(conn.execute(sa.select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(docs))).all())
    for rep in reports:
        ev, text = rep.get("evidence"), texts.get(rep["document_id"], "")
        if ev and 0 <= ev["start"] <= ev["end"] <= len(text):
            rep["context"] = context(text, ev["start"], ev["end"])


def context(text: str, start: int, end: int, width: int = CONTEXT) -> ReportContext:
    """The text from ``start`` to ``end`` with up to ``width`` characters either side, cut at words."""
    before = text[max(0, start - width):start]
    if start > width and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    after = text[end:end + width]
    if end + width < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return {"before": before, "evidence": text[start:end], "after": after}
