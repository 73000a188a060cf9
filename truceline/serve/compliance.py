"""Agreements in force per side's version, and alleged violations, read straight from the store's tables.

The dashboard asks this on every overview, so it runs as a few indexed queries instead of rebuilding the
records (``truceline.assess`` does the full assessment for the CLI and exports). The rule is the same: an
incident is an *alleged* violation of a side's version when it falls inside that version's window and
scope and a party to the agreement is named as its perpetrator (the accused).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from truceline.store import schema as t

from .queries import iso, names, scope_condition

ACTIVE = ("agreed", "in_force")


def as_of(conn: sa.Connection) -> dt.date:
    """The store's "today": the newest publication date (a replayed corpus is read as of its own time)."""
    newest = conn.execute(sa.select(sa.func.max(t.documents.c.published))).scalar()
    return newest if isinstance(newest, dt.date) else dt.date.today()


def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def versions(conn: sa.Connection, agreement_id: int, today: dt.date) -> list[dict[str, Any]]:
    """Each side's newest account of the agreement's window and scope, with days remaining."""
    r = t.agreement_reports.c
    reps = conn.execute(sa.select(t.agreement_reports).where(r.agreement_id == agreement_id)
                        .order_by(r.published, r.id)).all()
    by_ids = {v.get("by") for rep in reps for v in rep.versions if isinstance(v.get("by"), int)}
    party_ids = {p for rep in reps for p in rep.parties}
    countries = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.country)
                                  .where(t.actors.c.id.in_(by_ids | party_ids))).all()) if by_ids | party_ids else {}
    who = names(conn, by_ids | party_ids)
    sides: dict[str, dict[str, Any]] = {}
    for rep in reps:
        told = [v for v in rep.versions if v.get("by") is not None]
        if not told:
            # No side-by-side account: the report's own terms stand for every party.
            told = [{"by": p} for p in rep.parties]
        for v in told:
            side = countries.get(v["by"]) or who.get(v["by"]) or str(v["by"])
            start = _day(v.get("start")) or rep.start
            duration = v.get("duration_days") or rep.duration_days
            end = _day(v.get("end")) or rep.end or (start + dt.timedelta(days=duration) if start and duration
                                                    else None)
            sides[side] = {"side": side, "by": who.get(v["by"]), "start": start, "end": end,
                           "scope": list(v.get("scope") or rep.scope), "terms": v.get("terms"),
                           "status": rep.status}
    out = []
    for side in sorted(sides):
        v = sides[side]
        remaining = (v["end"] - today).days if v["end"] else None
        active = v["start"] is not None and v["start"] <= today and (v["end"] is None or v["end"] >= today)
        out.append({**v, "start": iso(v["start"]), "end": iso(v["end"]), "remaining_days": remaining,
                    "active": active})
    return out


def in_force(conn: sa.Connection, today: dt.date) -> list[dict[str, Any]]:
    """Agreements agreed or in force, or with a side's window open today, with their versions."""
    out = []
    for row in conn.execute(sa.select(t.agreements).order_by(t.agreements.c.id)).all():
        sides = versions(conn, row.id, today)
        if row.status in ACTIVE or any(s["active"] for s in sides):
            out.append({"id": row.id, "subject": row.subject, "parties": list(row.parties), "status": row.status,
                        "as_of": iso(row.as_of), "versions": sides})
    return out


def violations(conn: sa.Connection, today: dt.date, *, agreement_id: int | None = None,
               exclude: set[int] | None = None, limit: int = 5000) -> list[dict[str, Any]]:
    """Alleged violations: (agreement, version side, incident, accused), newest first."""
    i, perp = t.incidents.c, t.actors.alias("perp")
    query = sa.select(t.agreements)
    if agreement_id is not None:
        query = query.where(t.agreements.c.id == agreement_id)
    out: list[dict[str, Any]] = []
    for agr in conn.execute(query).all():
        parties = [p for p in agr.parties if isinstance(p, str) and len(p) == 3]
        if not parties:
            continue
        for version in versions(conn, agr.id, today):
            start, end = _day(version["start"]), _day(version["end"]) or today
            if start is None:
                continue
            q = (sa.select(i.id, i.date, i.place, i.admin1, i.target, i.weapon, perp.c.country.label("accused"))
                 .select_from(_accused_join(perp))
                 .where(i.date >= start, i.date <= end, perp.c.country.in_(parties),
                        scope_condition(version["scope"]))
                 .order_by(i.date.desc(), i.id.desc()).limit(limit))
            for r in conn.execute(q):
                if exclude and r.id in exclude:
                    continue
                out.append({"agreement": agr.id, "subject": agr.subject, "version": version["side"],
                            "incident": r.id, "date": iso(r.date), "place": r.place, "admin1": r.admin1,
                            "target": r.target, "weapon": r.weapon, "accused": r.accused})
    out.sort(key=lambda v: (v["date"] or "", v["incident"]), reverse=True)
    return out


def per_side_per_day(found: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """{day: {accused side: incidents}}, each incident counted once per accused side."""
    seen: set[tuple[int, str]] = set()
    days: dict[str, dict[str, int]] = {}
    for v in found:
        key = (v["incident"], v["accused"])
        if key in seen or not v["date"]:
            continue
        seen.add(key)
        day = days.setdefault(v["date"], {})
        day[v["accused"]] = day.get(v["accused"], 0) + 1
    return dict(sorted(days.items()))


def _accused_join(perp: Any) -> Any:
    # Joined on an expression, not the bare column: otherwise SQLite starts from the two or three party
    # actors and walks the perpetrator index through every incident, instead of the date index through
    # the window's few (ten times slower at 100,000 incidents).
    return t.incidents.join(perp, sa.func.coalesce(t.incidents.c.perpetrator_id, 0) == perp.c.id)


def _version_conditions(conn: sa.Connection, today: dt.date, agreement_id: int | None, perp: Any
                        ) -> tuple[list[Any], dt.date | None, dt.date | None]:
    """One SQL condition per (agreement, side's version): inside its window and scope, a party accused; and
    the span of all windows (an outer range lets the database use the date index)."""
    i = t.incidents.c
    first: dt.date | None = None
    last: dt.date | None = None
    query = sa.select(t.agreements)
    if agreement_id is not None:
        query = query.where(t.agreements.c.id == agreement_id)
    out = []
    for agr in conn.execute(query).all():
        parties = [p for p in agr.parties if isinstance(p, str) and len(p) == 3]
        for version in versions(conn, agr.id, today) if parties else []:
            start = _day(version["start"])
            if start is not None:
                end = _day(version["end"]) or today
                first = min(first or start, start)
                last = max(last or end, end)
                out.append(sa.and_(i.date >= start, i.date <= end, perp.c.country.in_(parties),
                                   scope_condition(version["scope"])))
    return out, first, last


def per_side_per_day_sql(conn: sa.Connection, today: dt.date, *, agreement_id: int | None = None,
                         exclude: set[int] | None = None) -> dict[str, dict[str, int]]:
    """What ``per_side_per_day(violations(...))`` gives, counted by the database: the overview's chart over a
    large store without bringing every violation into Python."""
    i, perp = t.incidents.c, t.actors.alias("perp")
    conditions, first, last = _version_conditions(conn, today, agreement_id, perp)
    if not conditions:
        return {}
    q = (sa.select(i.date, perp.c.country, sa.func.count(sa.distinct(i.id)))
         .select_from(_accused_join(perp))
         .where(i.date >= first, i.date <= last, sa.or_(*conditions))
         .group_by(i.date, perp.c.country).order_by(i.date))
    if exclude:
        q = q.where(i.id.not_in(exclude))
    out: dict[str, dict[str, int]] = {}
    for day, side, n in conn.execute(q):
        out.setdefault(iso(day), {})[side] = int(n)
    return out
