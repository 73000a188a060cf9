"""The dashboard: server-rendered HTML and SVG (Jinja2, autoescaped), no script needed to read it.

Pages here: login, overview, timeline, agreements, actors (with the positions matrix), documents (text with
every extracted item highlighted at its evidence, and review forms), reports. The incident list, incident
pages and the map are ``incident_pages``; account and admin ``admin_pages``; review forms ``review_forms``.
Long lists are paged with their totals shown, never cut short silently. Forms post back with the session's
CSRF token.
"""
from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truceline.assess import compliance, stored
from truceline.errors import AccessError
from truceline.models import ACT_TYPES, SUBJECTS
from truceline.store import accounts, listing, reviewed, reviews
from truceline.views import charts

from . import auth, review_forms
from .render import PAGE, OptDay, error_page, pager, render
from .render import day as _day
from .render import local as _local
from .render import number as _int
from .security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Ident,
    client_address,
    engine_of,
    form_writer,
    reader,
    settings_of,
)

router = APIRouter(include_in_schema=False)
__all__ = ["error_page", "render", "router", "segments"]
#: acts the timeline's chart draws at most (the newest; the page says so when there are more)
CHART_ACTS = 5000


# -- login ----------------------------------------------------------------------------------------------------

@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", next=_local(next), login_csrf=token, error=None,
                      first_run=_first_run(request))
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=settings_of(request).secure_cookies, path="/login")
    return response


def _first_run(request: Request) -> bool:
    """No user yet: the login page says how to add the first admin (on the server, with the CLI)."""
    with engine_of(request).connect() as conn:
        return not accounts.any_user(conn)


@router.post("/login")
def login_post(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
               csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return error_page(request, 403, "the login form expired: reload it and try again")
    client = client_address(request)
    try:
        secret, _ = auth.login(engine_of(request), settings_of(request), username, password, client)
    except AccessError as exc:
        token = secrets.token_urlsafe(24)
        page = render(request, "login.html", status=exc.status, next=_local(next), login_csrf=token,
                      error=str(exc), first_run=_first_run(request))
        page.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login",
                        secure=settings_of(request).secure_cookies)
        return page
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="strict", path="/",
                        secure=settings_of(request).secure_cookies,
                        max_age=settings_of(request).session_hours * 3600)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    form_writer(request, "viewer", csrf_token)
    auth.logout(engine_of(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- reading pages ----------------------------------------------------------------------------------------------

@router.get("/")
def overview(request: Request) -> Response:
    principal = reader(request)
    with engine_of(request).connect() as conn:
        # Computed once per data version; while documents arrive, at most every few seconds (serve/cache.py).
        data = request.app.state.overview.get(listing.data_version(conn),
                                              lambda: {**_overview_data(conn), "made": time.monotonic_ns()},
                                              review_part=lambda version: version[-1])
    # The page as well, once per overview and reader (the header names the reader and holds their CSRF token).
    who = (principal.user_id, principal.username, principal.role, principal.csrf)
    page = request.app.state.answers.get(("overview", who), (data["made"],),
                                         lambda: render(request, "overview.html", **data).body)
    return HTMLResponse(page)


def _overview_data(conn: Any) -> dict[str, Any]:
    today = compliance.as_of(conn)
    per_day = stored.per_side_per_day(conn)
    latest = listing.acts(conn, listing.Page(12, 0))["items"]
    reviews.overlay(conn, "act", latest)
    # One meaning per label, the store's and the assessment's (as `truceline status` and the brief count):
    # incidents not rejected in review; alleged violations as incidents, once however many agreements.
    counts = {"incidents": reviewed.incident_count(conn),
              "documents": listing.documents(conn, listing.Page(1, 0))["total"],
              "violations": stored.alleged_count(conn)}
    chart = charts.bars_per_day(per_day, "Alleged violations per accused side per day", empty="no alleged violations")
    return {"today": today, "agreements": compliance.in_force(conn, today), "chart": chart, "latest": latest,
            "counts": counts, "violations": compliance.violations(conn, limit=10)}


@router.get("/timeline")
def timeline(request: Request, actor: str | None = None, subject: str | None = None, type: str | None = None,
             since: OptDay = None, until: OptDay = None, offset: int = 0) -> Response:
    reader(request)
    actor_id = _int(actor)
    filters: dict[str, Any] = {"actor": actor_id, "subject": subject or None, "type": type or None,
                               "since": _day(since), "until": _day(until), "oldest_first": True}
    with engine_of(request).connect() as conn:
        found = listing.acts(conn, listing.Page(PAGE, max(0, offset)), **filters)
        reviews.overlay(conn, "act", found["items"])
        # The chart summarises every matching act (the newest CHART_ACTS), not only this page's.
        drawn = found["items"]
        if found["total"] > PAGE:
            drawn = []
            for at in range(0, min(found["total"], CHART_ACTS), listing.MAX_LIMIT):
                drawn += listing.acts(conn, listing.Page(listing.MAX_LIMIT, at),
                                      **{**filters, "oldest_first": False})["items"]
            reviews.overlay(conn, "act", drawn)
        # The actor filter offers every actor with an act (the actors list itself is paged).
        acting = sorted({ident for ident, _ in listing.positions(conn)})
        actors = sorted(listing.names(conn, set(acting)).items(), key=lambda pair: (pair[1], pair[0]))
    chart = charts.acts_timeline(drawn, "Acts over time by subject")
    chosen = {"actor": actor_id, "subject": subject, "type": type, "since": since, "until": until}
    return render(request, "timeline.html", acts=found["items"], total=found["total"], chart=chart,
                  charted=len(drawn), actors=[{"id": i, "name": n} for i, n in actors], subjects=SUBJECTS,
                  types=ACT_TYPES, chosen=chosen, pager=pager(found["total"], max(0, offset), PAGE),
                  query={k: v for k, v in chosen.items() if v})


@router.get("/agreements")
def agreements_page(request: Request, offset: int = 0) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        found = listing.agreements(conn, listing.Page(PAGE, max(0, offset)))
    return render(request, "agreements.html", agreements=found["items"],
                  pager=pager(found["total"], max(0, offset), PAGE))


@router.get("/agreements/{ident}")
def agreement_page(request: Request, ident: Ident) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        found = listing.agreement(conn, ident)
        if found is None:
            raise AccessError(f"no agreement {ident}", 404)
        reviews.overlay(conn, "agreement", found["reports"])
        today = compliance.as_of(conn)
        sides = compliance.versions(conn, ident, today)
        # The newest PAGE listed, every one counted and charted (the incident list has them all).
        in_scope = compliance.violations(conn, agreement_id=ident, limit=PAGE)
        total = stored.count_violations(conn, agreement_id=ident)
        per_day = stored.per_side_per_day(conn, agreement_id=ident)
        acts: list[Any] = []
        acts_total = 0
        for party in found["parties"]:
            for a in listing.actors(conn, listing.Page(listing.MAX_LIMIT, 0), country=party)["items"]:
                mine = listing.acts(conn, listing.Page(PAGE, 0), actor=a["id"], subject=found["subject"])
                acts += mine["items"]
                acts_total += mine["total"]
        acts.sort(key=lambda a: (a["date"] or "", a["id"]))
    latest = found["reports"][-1] if found["reports"] else None
    chart = charts.bars_per_day(per_day, "Alleged violations per accused side", empty="no alleged violations")
    return render(request, "agreement.html", agreement=found, sides=sides, latest=latest, violations=in_scope,
                  violations_total=total, acts=acts, acts_total=acts_total, chart=chart, today=today)


@router.get("/actors")
def actors_page(request: Request, country: str | None = None, offset: int = 0) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        found = listing.actors(conn, listing.Page(PAGE, max(0, offset)), country=country or None)
        latest = listing.positions(conn)
        # The matrix: every actor with an act, whichever page of the list is shown.
        with_acts = [a for a in (listing.actor(conn, i) for i in sorted({i for i, _ in latest})) if a]
    if country:
        with_acts = [a for a in with_acts if a["country"] == country.upper()]
    with_acts.sort(key=lambda a: (a["name"], a["id"]))
    subjects = [s for s in SUBJECTS if any((a["id"], s) in latest for a in with_acts)]
    return render(request, "actors.html", actors=found["items"], matrix_actors=with_acts, subjects=subjects,
                  positions=latest, colours=charts.ACT_COLOURS, pager=pager(found["total"], max(0, offset), PAGE),
                  country=country or "")


@router.get("/actors/{ident}")
def actor_page(request: Request, ident: Ident, offset: int = 0) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        found = listing.actor(conn, ident)
        if found is None:
            raise AccessError(f"no actor {ident}", 404)
        statements = listing.statements(conn, listing.Page(PAGE, max(0, offset)), speaker=ident)
        reviews.overlay(conn, "statement", statements["items"])
        acts = listing.acts(conn, listing.Page(listing.MAX_LIMIT, 0), actor=ident, oldest_first=True)
        reviews.overlay(conn, "act", acts["items"])
        latest = listing.positions(conn)
    positions = {s: latest[(ident, s)] for s in SUBJECTS if (ident, s) in latest}
    chart = charts.acts_timeline(acts["items"], f"Positions of {found['name']} over time")
    return render(request, "actor.html", actor=found, statements=statements, acts=acts["items"],
                  acts_total=acts["total"], positions=positions, chart=chart, colours=charts.ACT_COLOURS,
                  pager=pager(statements["total"], max(0, offset), PAGE))


@router.get("/documents")
def documents_page(request: Request, q: str | None = None, offset: int = 0) -> Response:
    reader(request)
    from truceline.store import queries as store_queries

    with engine_of(request).connect() as conn:
        if q:
            hits = store_queries.search(conn, q, 50)
            ids = listing.document_ids(conn, [h.document for h in hits])
            docs: Mapping[str, Any] = {"total": len(hits), "best": 50 if len(hits) == 50 else None, "items": [
                {"id": ids.get(h.document), "document": h.document, "title": h.title,
                 "published": listing.iso(h.published), "snippet": h.snippet} for h in hits]}
        else:
            docs = listing.documents(conn, listing.Page(50, max(0, offset)))
    return render(request, "documents.html", docs=docs, q=q or "", offset=max(0, offset))


@router.get("/documents/{ident}")
def document_page(request: Request, ident: Ident) -> Response:
    principal = reader(request)
    with engine_of(request).connect() as conn:
        doc = listing.document(conn, ident)
        if doc is None:
            raise AccessError(f"no document {ident}", 404)
        everything = listing.Page(listing.MAX_LIMIT, 0)
        items: dict[str, Sequence[Mapping[str, Any]]] = {
            "statement": reviews.overlay(conn, "statement", listing.statements(conn, everything,
                                                                                document=ident)["items"]),
            "act": reviews.overlay(conn, "act", listing.acts(conn, everything, document=ident)["items"]),
            "incident": reviews.overlay(conn, "incident", listing.incident_reports(conn, document=ident)),
            "agreement": reviews.overlay(conn, "agreement", listing.agreement_reports(conn, document=ident)),
        }
    return render(request, "document.html", doc=doc, items=items, segments=segments(doc["text"], items),
                  can_review=principal.can("analyst") and principal.user_id is not None, forms=review_forms.FORMS,
                  shown=review_forms.shown)


def segments(text: str, items: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The text cut at every evidence boundary; each piece names the items whose evidence covers it."""
    spans = []
    for kind, rows in items.items():
        for row in rows:
            ev = row.get("evidence")
            if ev and 0 <= ev["start"] < ev["end"] <= len(text):
                spans.append((ev["start"], ev["end"], f"{kind}-{row['id']}", kind))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(anchor, kind) for s, e, anchor, kind in spans if s <= start and end <= e]
        out.append({"text": text[start:end], "anchors": [a for a, _ in covering],
                    "kinds": sorted({k for _, k in covering})})
    return out


@router.get("/reports")
def reports_page(request: Request) -> Response:
    reader(request)
    return render(request, "reports.html")


@router.get("/reports/brief.{fmt}")
def brief_download(request: Request, fmt: str, period: str = "week") -> Response:
    reader(request)
    from truceline.report import brief

    if fmt not in ("md", "html") or period not in brief.PERIODS:
        raise AccessError("ask for brief.md or brief.html with period=day or period=week", 404)
    made = brief.make_brief(request.app.state.store, period)
    body = made.markdown if fmt == "md" else made.html
    media = "text/markdown; charset=utf-8" if fmt == "md" else "text/html; charset=utf-8"
    name = f"truceline-brief-{period}-{made.end}.{fmt}"
    # The HTML brief is read in the browser (inline); the Markdown one is a file to keep.
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(body, media_type=media, headers={"Content-Disposition": f'{disposition}; filename="{name}"'})
