"""The incident list (``/incidents``), one incident's page (``/incidents/{id}``) and the map (``/map``).

The list and the map take the same filters (``serve/filters.py``) and link to each other with them. The
map is Leaflet (vendored, ``static/vendor``) over the regions' GeoJSON, drawn from ``/api/incidents/points``
and ``/api/incidents/regions``; no tile is fetched from anywhere. Without script the page shows the same
regions and points as a server-drawn SVG.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response
from markupsafe import Markup

from truceline.errors import AccessError
from truceline.models import TARGETS, WEAPONS
from truceline.store.incident_list import REVIEW_STATES
from truceline.views import charts
from truceline.views.templates import env

from . import geo, incident_data, review_forms
from .filters import Chosen, chosen
from .render import pager, render
from .security import Ident, engine_of, reader

router = APIRouter(include_in_schema=False)
Filters = Annotated[Chosen, Depends(chosen)]
#: incidents per page of the list
LIST_PAGE = 50
#: points the server-drawn map (without script) draws at most; the page says when there are more
SVG_POINTS = 2000
#: points the interactive map asks for at most (it says when there are more)
MAP_POINTS = 20000


def _form(request: Request, conn: Any, c: Chosen) -> dict[str, Any]:
    """What the filter form shows."""
    regions = sorted(((iso, name or iso) for iso, name in geo.region_names().items()), key=lambda p: (p[1], p[0]))
    return {"chosen": c, "targets": TARGETS, "weapons": WEAPONS, "reviews": REVIEW_STATES, "regions": regions,
            **incident_data.options(request, conn)}


def _body(request: Request, conn: Any, key: Hashable, name: str, context: Callable[[], dict[str, Any]]) -> Markup:
    """A page's content (the same for every reader), rendered once per data version and kept."""
    return incident_data.answers(request).get(
        ("html", name, key), incident_data.version(request, conn),
        lambda: Markup(env.get_template(name).render(path=request.url.path, **context())))


@router.get("/incidents")
def incidents_page(request: Request, c: Filters, offset: int = 0) -> Response:
    reader(request)
    offset = max(0, offset)

    def context() -> dict[str, Any]:
        found = incident_data.incidents(request, conn, c, offset, LIST_PAGE)
        return {"incidents": found["items"], "pager": pager(found["total"], offset, LIST_PAGE),
                **_form(request, conn, c)}

    with engine_of(request).connect() as conn:
        body = _body(request, conn, (c, offset), "_incidents_body.html", context)
    return render(request, "incidents.html", body=body)


@router.get("/incidents/{ident}")
def incident_page(request: Request, ident: Ident) -> Response:
    principal = reader(request)
    can_review = principal.can("analyst") and principal.user_id is not None
    if can_review:
        _warm_gazetteer()
    with engine_of(request).connect() as conn:
        found = incident_data.incident(conn, ident, principal)
    if found is None:
        raise AccessError(f"no incident {ident}", 404)
    return render(request, "incident.html", incident=found, can_review=can_review, forms=review_forms.FORMS,
                  shown=review_forms.shown, names=geo.region_names())


@router.get("/map")
def map_page(request: Request, c: Filters) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        body = _body(request, conn, c, "_map_body.html", lambda: _map(request, conn, c))
    return render(request, "map.html", body=body)


def _map(request: Request, conn: Any, c: Chosen) -> dict[str, Any]:
    by_region = incident_data.regions(request, conn, c)
    located, found = incident_data.points(request, conn, c, SVG_POINTS)
    points: list[dict[str, Any]] = [dict(p) for p in found]  # projected below: the kept points stay as they are
    form = _form(request, conn, c)
    names = geo.region_names()
    shapes = []
    for region in geo.regions():
        counts = by_region.get(region.iso, {})
        main = max(counts, key=lambda k: counts[k]) if counts else None
        shapes.append({"region": region, "counts": counts, "total": sum(counts.values()), "main": main,
                       "colour": charts.TARGET_COLOURS.get(main or "", charts.COUNTRY_TINTS.get(region.country,
                                                                                               "#f4f6f7"))})
    for p in points:
        p["x"], p["y"] = geo.project(p["lon"], p["lat"])
        p["colour"] = charts.TARGET_COLOURS.get(p["target_class"], "#555")
    table = sorted(((iso, names.get(iso, iso), counts, sum(counts.values())) for iso, counts in by_region.items()),
                   key=lambda row: -row[3])
    query = c.query()
    return {"shapes": shapes, "points": points, "located": located, "width": geo.WIDTH, "height": geo.HEIGHT,
            "table": table, "colours": charts.TARGET_COLOURS, "tints": charts.COUNTRY_TINTS,
            "frame": [[geo.SOUTH, geo.WEST], [geo.NORTH, geo.EAST]], "map_points": MAP_POINTS,
            "points_url": f"/api/incidents/points?{c.query(limit=MAP_POINTS)}",
            "regions_url": f"/api/incidents/regions?{query}", "list_query": query,
            "region_list": f"/incidents?{c.query(region=None)}", **form}


@router.get("/map/regions.geojson")
def regions_geojson(request: Request) -> Response:
    """The regions' boundaries (Natural Earth admin-1, public domain): the interactive map's base layer."""
    reader(request)
    return FileResponse(geo.DATA, media_type="application/geo+json",
                        headers={"Cache-Control": "private, max-age=86400"})


_warming = threading.Lock()


def _warm_gazetteer() -> None:
    """Load the gazetteer in the background when an analyst opens an incident (its first search would
    otherwise wait the seconds it takes to read)."""
    if not _warming.acquire(blocking=False):
        return

    def load() -> None:
        from truceline.resolve import place_search

        place_search.search("a", 1)

    threading.Thread(target=load, name="gazetteer", daemon=True).start()
