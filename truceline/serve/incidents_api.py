"""The JSON API's incident routes and the name pickers' lookups.

``GET /api/incidents`` (the incident list's filters, paged, with the total), ``/api/incidents/points`` and
``/api/incidents/regions`` (the map's data, same filters), ``/api/incidents/{id}`` (one incident's file),
``/api/lookup/actors`` and ``/api/lookup/places`` (suggestions for the review forms: actors by name, places
from the gazetteer).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from truceline.errors import AccessError
from truceline.store import incident_list, listing

from . import incident_data, schemas
from .auth import Principal
from .filters import Chosen, chosen
from .security import Ident, engine_of, reader

router = APIRouter(prefix="/api")
Reader = Annotated[Principal, Depends(reader)]
Filters = Annotated[Chosen, Depends(chosen)]
Limit = Annotated[int, Query(ge=1, le=listing.MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
#: the most points one map request returns
MAX_POINTS = 50000


def _kept(request: Request, conn: Any, key: tuple[Any, ...], answer: Callable[[], Any]) -> Response:
    """The answer as JSON bytes, made once per data version (``serve/cache.py``)."""
    body = incident_data.answers(request).get(("json", *key), incident_data.version(request, conn),
                                              lambda: JSONResponse(answer()).body)
    return Response(body, media_type="application/json")


@router.get("/incidents", tags=["read"], response_model=schemas.ListedIncidentPage)
def list_incidents(request: Request, _: Reader, c: Filters, limit: Limit = 50, offset: Offset = 0,
                   admin1: Annotated[str | None, Query(description="the same as region", max_length=64)] = None
                   ) -> Response:
    """Incidents merged across reports, newest first, reviews applied, with who reports and who denies each.
    ``target`` takes a target or a class ("energy"); ``agreement`` an agreement id (its alleged violations)
    or ``any``; ``total`` counts every match."""
    if admin1 and not c.region:
        c = replace(c, region=admin1)
    with engine_of(request).connect() as conn:
        return _kept(request, conn, ("incidents", c, offset, limit),
                     lambda: incident_data.incidents(request, conn, c, offset, limit))


@router.get("/incidents/points", tags=["read"], response_model=schemas.PointPage)
def incident_points(request: Request, _: Reader, c: Filters,
                    limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description="points at most")] = 10000
                    ) -> Response:
    """The matching incidents that have coordinates, newest first: the map's points. ``total`` counts them
    all; ``items`` holds the newest ``limit``."""
    def answer() -> dict[str, Any]:
        total, items = incident_data.points(request, conn, c, limit)
        return {"total": total, "limit": limit, "offset": 0, "items": items}

    with engine_of(request).connect() as conn:
        return _kept(request, conn, ("points", c, limit), answer)


@router.get("/incidents/regions", tags=["read"], response_model=schemas.RegionCounts)
def incident_regions(request: Request, _: Reader, c: Filters) -> Response:
    """Matching incidents per first-level region (ISO 3166-2) and target class: the map's colours."""
    with engine_of(request).connect() as conn:
        return _kept(request, conn, ("regions", c), lambda: {"regions": incident_data.regions(request, conn, c)})


@router.get("/incidents/{ident}", tags=["read"], response_model=schemas.IncidentFile)
def get_incident(request: Request, ident: Ident, who: Reader) -> JSONResponse:
    """One incident as reviewed: each report with its sentence in context, who reports and who denies it,
    the agreements (and sides' versions) it is an alleged violation of, and for analysts the reviews made."""
    with engine_of(request).connect() as conn:
        found = incident_data.incident(conn, ident, who)
    if found is None:
        raise AccessError(f"no incident {ident}", 404)
    return JSONResponse(found)


@router.get("/lookup/actors", tags=["review"], response_model=list[schemas.ActorSuggestion])
def lookup_actors(request: Request, _: Reader, q: Annotated[str, Query(min_length=1, max_length=200)],
                  limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """Actors whose name holds ``q``, for picking one by name; ``value`` is what a correction takes (the
    name, with ``#id`` when several actors share it)."""
    with engine_of(request).connect() as conn:
        found = listing.actors(conn, listing.Page(limit, 0), name=q)["items"]
        twins = incident_list.shared_names(conn, [a["name"] for a in found])
    return [{"id": a["id"], "name": a["name"], "kind": a["kind"], "country": a["country"],
             "value": f"{a['name']} #{a['id']}" if a["name"].lower() in twins else a["name"],
             "label": f"{a['name']} ({', '.join(x for x in (a['kind'], a['country']) if x)})"} for a in found]


@router.get("/lookup/places", tags=["review"], response_model=list[schemas.PlaceSuggestion])
def lookup_places(request: Request, _: Reader, q: Annotated[str, Query(min_length=1, max_length=200)],
                  limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """Gazetteer places whose name (or another name of theirs) starts with ``q``; ``ref`` is what a
    correction's ``place`` takes."""
    from truceline.resolve import place_search

    return [{"ref": ref, "name": p.name, "kind": p.kind, "country": p.country, "admin1": p.admin1, "lat": p.lat,
             "lon": p.lon, "label": place_search.label(p)} for ref, p in place_search.search(q, limit)]
