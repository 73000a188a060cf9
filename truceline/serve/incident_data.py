"""The incident list's, the incident page's and the map's data, shared by the pages and the API.

Each answer is kept for the current data version (``serve/cache.py``): paging through a filtered list
counts its total once, a repeated request costs a version check. What the list filters in Python (the
reviewed incidents, ``truceline.store.incident_list.judged``) and the agreements' windows are kept the same
way, so a cold page costs the database's share only.
"""
from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from fastapi import Request

from truceline.assess import stored
from truceline.store import audit, incident_list, listing
from truceline.store.rows import IncidentFile, IncidentPoint, ListedIncidentPage, Violation

from .auth import Principal
from .cache import Versioned
from .filters import Chosen, incident_filter


def answers(request: Request) -> Versioned:
    kept: Versioned = request.app.state.answers
    return kept


def version(request: Request, conn: sa.Connection) -> tuple[Any, ...]:
    """The data version, read once per request."""
    found: tuple[Any, ...] | None = getattr(request.state, "data_version", None)
    if found is None:
        found = tuple(listing.data_version(conn))
        request.state.data_version = found
    return found


def _judged(request: Request, conn: sa.Connection) -> dict[int, incident_list.Judged]:
    return answers(request).get(("judged",), version(request, conn), lambda: incident_list.judged(conn))


def _filter(request: Request, conn: sa.Connection, c: Chosen) -> incident_list.IncidentFilter:
    # The agreements' windows are the assessment's; kept per version like the rest.
    return answers(request).get(("filter", c), version(request, conn), lambda: incident_filter(conn, c))


def incidents(request: Request, conn: sa.Connection, c: Chosen, offset: int, limit: int) -> ListedIncidentPage:
    """One page of the incident list (newest first) with its total."""
    v = version(request, conn)
    flt = _filter(request, conn, c)
    found = _judged(request, conn)

    def page() -> ListedIncidentPage:
        total = answers(request).get(("count", c), v, lambda: incident_list.count(conn, flt, found))
        return incident_list.incidents(conn, listing.Page(limit, offset), flt, found=found, total=total)

    return answers(request).get(("incidents", c, offset, limit), v, page)


def points(request: Request, conn: sa.Connection, c: Chosen, limit: int) -> tuple[int, list[IncidentPoint]]:
    """(how many located incidents match, the newest ``limit`` as map points)."""
    flt = _filter(request, conn, c)
    found = _judged(request, conn)
    return answers(request).get(("points", c, limit), version(request, conn),
                                lambda: incident_list.points(conn, flt, limit, found=found))


def regions(request: Request, conn: sa.Connection, c: Chosen) -> dict[str, dict[str, int]]:
    """Incidents per region and target class."""
    flt = _filter(request, conn, c)
    found = _judged(request, conn)
    return answers(request).get(("regions", c), version(request, conn),
                                lambda: incident_list.by_region(conn, flt, found=found))


def options(request: Request, conn: sa.Connection) -> dict[str, Any]:
    """What the filter form offers: sides, agreements."""
    def load() -> dict[str, Any]:
        agreements = listing.agreements(conn, listing.Page(listing.MAX_LIMIT, 0))
        return {"sides": incident_list.sides(conn), "agreements": agreements["items"],
                "agreements_total": agreements["total"]}
    return answers(request).get(("options",), version(request, conn), load)


def incident(conn: sa.Connection, ident: int, principal: Principal) -> IncidentFile | None:
    """One incident's file: its reports in context, the agreements it falls under (the assessment's) and,
    for analysts, the review history of its reports (the audit log's entries about them)."""
    found = incident_list.incident_file(conn, ident)
    if found is None:
        return None
    found["violations"] = [cast(Violation, v.to_dict() | {"incident_url": f"/incidents/{ident}"})
                           for v in stored.incident_violations(conn, ident)]
    if principal.can("analyst") and principal.user_id is not None:
        # A review's audit target is "incident:<document>:<item key>"; the review key is "<document>|<item key>".
        names = [str(r.get("review_key")).rpartition("|") for r in found["report_items"] if r.get("review_key")]
        found["history"] = audit.entries_for(conn, [f"incident:{doc}:{key}" for doc, _, key in names])
    else:
        found["history"] = None
    return found
