"""Agreements in force and alleged violations as the pages show them.

The judgement is :mod:`truceline.assess.stored`'s (the same rule as ``truceline assess``); this module only
shapes it for the pages, the API and the brief: days remaining in each side's version, the agreements in
force today, plain dicts.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from truceline.store import assessing
from truceline.store.listing import iso

from . import stored
from .windows import BINDING, window

if TYPE_CHECKING:  # connections are only passed through: the queries are the store's (truceline.store.assessing)
    import sqlalchemy as sa

as_of = stored.as_of
#: Statuses under which the overview lists an agreement as in force even when no window is open.
ACTIVE = ("agreed", "in_force")


def versions(conn: sa.Connection, agreement_id: int, today: dt.date) -> list[dict[str, Any]]:
    """Each side's window (as the assessment reads it), its scope, the words it used and the days left."""
    found = stored.agreements(conn, agreement_id)
    return _versions(conn, found[0], today) if found else []


def in_force(conn: sa.Connection, today: dt.date) -> list[dict[str, Any]]:
    """Agreements agreed or in force, or with a side's window open today, with their versions."""
    out = []
    for agr in stored.agreements(conn):
        sides = _versions(conn, agr, today)
        if agr.status in ACTIVE or any(s["active"] for s in sides):
            out.append({"id": agr.id, "subject": agr.subject, "parties": agr.parties, "status": agr.status,
                        "as_of": iso(agr.as_of), "versions": sides})
    return out


def _versions(conn: sa.Connection, agr: stored.StoredAgreement, today: dt.date) -> list[dict[str, Any]]:
    # A proposal binds no one but its terms are still each side's version: shown, never "active".
    win = agr.window or (window(agr.subject, agr.parties, agr.accounts) if agr.accounts else None)
    if win is None:
        return []
    words = _terms(conn, agr.id)
    out = []
    for v in win.versions:
        remaining = (v.end - today).days if v.end else None
        active = agr.window is not None and agr.status in BINDING and v.contains(today)
        by, terms = words.get(v.by, (None, None))
        out.append({"side": v.by, "by": by, "start": iso(v.start), "end": iso(v.end), "scope": list(win.scope),
                    "terms": terms, "status": agr.status, "remaining_days": remaining, "active": active})
    return out


def violations(conn: sa.Connection, *, agreement_id: int | None = None, limit: int | None = stored.LIMIT
               ) -> list[dict[str, Any]]:
    """Alleged violations, newest first, as JSON-ready dicts (reviews applied)."""
    return [v.to_dict() for v in stored.violations(conn, agreement_id=agreement_id, limit=limit)]


def per_side_per_day(found: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """{day: {accused side: incidents}} of a list of violations, each incident once per accused side."""
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


def _terms(conn: sa.Connection, agreement_id: int) -> dict[str, tuple[str | None, str | None]]:
    """Side -> (who stated it, their words), from the newest report that gives that side's version."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for v in assessing.stated_versions(conn, agreement_id):
        out[v.side] = (v.by, v.terms or out.get(v.side, (None, None))[1])
    return out
