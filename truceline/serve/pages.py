"""The dashboard: server-rendered HTML and SVG (Jinja2, autoescaped), no script needed to read it.

Pages: overview, timeline, map, agreements, actors (with the positions matrix), documents (text with
every extracted item highlighted at its evidence, and review forms), reports, account (API tokens),
admin (users, audit log). Forms post back with the session's CSRF token.
"""
from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truceline.assess import compliance, stored
from truceline.errors import AccessError
from truceline.models import ACT_TYPES, SUBJECTS, TARGETS
from truceline.store import audit, listing, reviews
from truceline.views import charts
from truceline.views.templates import env

from . import auth, geo, review
from .auth import Principal
from .security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Ident,
    client_address,
    engine_of,
    form_writer,
    identify,
    reader,
    settings_of,
)

router = APIRouter(include_in_schema=False)
OptDay = Annotated[str | None, Query()]


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    principal = getattr(request.state, "principal", None)
    html = env.get_template(name).render(request=request, user=principal, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise AccessError(f"{value!r} is not a YYYY-MM-DD date", 422) from exc


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# -- login ----------------------------------------------------------------------------------------------------

@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", next=_local(next), login_csrf=token, error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=settings_of(request).secure_cookies, path="/login")
    return response


def _local(target: str) -> str:
    # Only paths on this site: "//evil.example" and "https://..." would send the user elsewhere.
    return target if target.startswith("/") and not target.startswith("//") else "/"


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
                      error=str(exc))
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
    reader(request)
    engine = engine_of(request)
    with engine.connect() as conn:
        version = listing.data_version(conn)
        cached = request.app.state.overview_cache
        if cached is None or cached[0] != version:
            # One tuple swapped in whole: threads reading the old one meanwhile see it complete.
            cached = (version, _overview_data(conn))
            request.app.state.overview_cache = cached
    return render(request, "overview.html", **cached[1])


def _overview_data(conn: Any) -> dict[str, Any]:
    today = compliance.as_of(conn)
    per_day = stored.per_side_per_day(conn)
    latest = listing.acts(conn, listing.Page(12, 0))["items"]
    reviews.overlay(conn, "act", latest)
    counts = {"incidents": listing.incidents(conn, listing.Page(1, 0))["total"],
              "documents": listing.documents(conn, listing.Page(1, 0))["total"],
              "violations": sum(sum(day.values()) for day in per_day.values())}
    chart = charts.bars_per_day(per_day, "Alleged violations per accused side per day", empty="no alleged violations")
    return {"today": today, "agreements": compliance.in_force(conn, today), "chart": chart, "latest": latest,
            "counts": counts, "violations": compliance.violations(conn, limit=10)}


@router.get("/timeline")
def timeline(request: Request, actor: str | None = None, subject: str | None = None, type: str | None = None,
             since: OptDay = None, until: OptDay = None) -> Response:
    reader(request)
    actor_id = _int(actor)
    with engine_of(request).connect() as conn:
        found = listing.acts(conn, listing.Page(listing.MAX_LIMIT, 0), actor=actor_id, subject=subject or None,
                             type=type or None, since=_day(since), until=_day(until), oldest_first=True)
        reviews.overlay(conn, "act", found["items"])
        actors = listing.actors(conn, listing.Page(listing.MAX_LIMIT, 0))["items"]
    chart = charts.acts_timeline(found["items"], "Acts over time by subject")
    return render(request, "timeline.html", acts=found["items"], total=found["total"], chart=chart, actors=actors,
                  subjects=SUBJECTS, types=ACT_TYPES, chosen={"actor": actor_id, "subject": subject, "type": type,
                                                               "since": since, "until": until})


@router.get("/map")
def incident_map(request: Request, target: str | None = None, since: OptDay = None, until: OptDay = None) -> Response:
    reader(request)
    filters = {"target": target or None, "since": _day(since), "until": _day(until)}
    with engine_of(request).connect() as conn:
        by_region = listing.incidents_by_region(conn, **filters)
        points = listing.incident_points(conn, 2000, **filters)
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
    return render(request, "map.html", shapes=shapes, points=points, width=geo.WIDTH, height=geo.HEIGHT,
                  table=table, colours=charts.TARGET_COLOURS, targets=TARGETS,
                  chosen={"target": target, "since": since, "until": until})


@router.get("/agreements")
def agreements_page(request: Request) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        items = listing.agreements(conn, listing.Page(listing.MAX_LIMIT, 0))["items"]
    return render(request, "agreements.html", agreements=items)


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
        in_scope = compliance.violations(conn, agreement_id=ident)
        acts = []
        for party in found["parties"]:
            for a in listing.actors(conn, listing.Page(listing.MAX_LIMIT, 0), country=party)["items"]:
                acts += listing.acts(conn, listing.Page(listing.MAX_LIMIT, 0), actor=a["id"],
                                     subject=found["subject"])["items"]
        acts.sort(key=lambda a: (a["date"] or "", a["id"]))
    latest = found["reports"][-1] if found["reports"] else None
    chart = charts.bars_per_day(compliance.per_side_per_day(in_scope), "Alleged violations per accused side",
                                empty="no alleged violations")
    return render(request, "agreement.html", agreement=found, sides=sides, latest=latest, violations=in_scope,
                  acts=acts, chart=chart, today=today)


@router.get("/actors")
def actors_page(request: Request, country: str | None = None) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        actors = listing.actors(conn, listing.Page(listing.MAX_LIMIT, 0), country=country or None)["items"]
        latest = listing.positions(conn)
    with_acts = [a for a in actors if any((a["id"], s) in latest for s in SUBJECTS)]
    subjects = [s for s in SUBJECTS if any((a["id"], s) in latest for a in with_acts)]
    return render(request, "actors.html", actors=actors, matrix_actors=with_acts, subjects=subjects,
                  positions=latest, colours=charts.ACT_COLOURS)


@router.get("/actors/{ident}")
def actor_page(request: Request, ident: Ident) -> Response:
    reader(request)
    with engine_of(request).connect() as conn:
        found = listing.actor(conn, ident)
        if found is None:
            raise AccessError(f"no actor {ident}", 404)
        statements = listing.statements(conn, listing.Page(200, 0), speaker=ident)
        reviews.overlay(conn, "statement", statements["items"])
        acts = listing.acts(conn, listing.Page(listing.MAX_LIMIT, 0), actor=ident, oldest_first=True)
        reviews.overlay(conn, "act", acts["items"])
        latest = listing.positions(conn)
    positions = {s: latest[(ident, s)] for s in SUBJECTS if (ident, s) in latest}
    chart = charts.acts_timeline(acts["items"], f"Positions of {found['name']} over time")
    return render(request, "actor.html", actor=found, statements=statements, acts=acts["items"],
                  positions=positions, chart=chart, colours=charts.ACT_COLOURS)


@router.get("/documents")
def documents_page(request: Request, q: str | None = None, offset: int = 0) -> Response:
    reader(request)
    from truceline.store import queries as store_queries

    with engine_of(request).connect() as conn:
        if q:
            hits = store_queries.search(conn, q, 50)
            ids = listing.document_ids(conn, [h.document for h in hits])
            docs: Mapping[str, Any] = {"total": len(hits), "items": [
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
                  can_review=principal.can("analyst") and principal.user_id is not None, fields=reviews.FIELDS)


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


@router.post("/review/{kind}/{ident}")
async def review_post(request: Request, kind: str, ident: Ident) -> Response:
    form = await request.form()
    principal = form_writer(request, "analyst", str(form.get("csrf_token", "")))
    action = str(form.get("action", ""))
    changes = {}
    if action == "correct" and kind in reviews.FIELDS:
        changes = {name: str(form[name]) for name in reviews.FIELDS[kind] if str(form.get(name, "")).strip()}
    review.review_item(engine_of(request), principal, kind, ident, action, changes,
                       str(form.get("note", "")).strip() or None)
    back = _local(str(form.get("back", "/")))
    return RedirectResponse(f"{back}#{kind}-{ident}", status_code=303)


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
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- account and admin ------------------------------------------------------------------------------------------

@router.get("/account")
def account(request: Request) -> Response:
    principal = identify(request)
    if principal.user_id is None:
        raise AccessError("log in to see your account", 401)
    tokens = auth.list_tokens(engine_of(request), principal) if principal.can("analyst") else []
    return render(request, "account.html", tokens=tokens, new_token=None)


@router.post("/account/tokens")
def account_token(request: Request, csrf_token: Annotated[str, Form()] = "",
                  name: Annotated[str, Form()] = "script") -> Response:
    principal = form_writer(request, "analyst", csrf_token)
    _, secret = auth.create_token(engine_of(request), principal, name)
    return render(request, "account.html", tokens=auth.list_tokens(engine_of(request), principal), new_token=secret)


@router.post("/account/tokens/{ident}/revoke")
def account_revoke(request: Request, ident: Ident, csrf_token: Annotated[str, Form()] = "") -> Response:
    principal = form_writer(request, "analyst", csrf_token)
    auth.revoke_token(engine_of(request), principal, ident)
    return RedirectResponse("/account", status_code=303)


def _admin(request: Request) -> Principal:
    principal = identify(request)
    if principal.user_id is None:
        raise AccessError("log in to do this", 401)
    if not principal.can("admin"):
        raise AccessError("this needs the admin role", 403)
    return principal


@router.get("/admin")
def admin_page(request: Request, offset: int = 0) -> Response:
    _admin(request)
    total, entries = audit.read_log(engine_of(request), limit=100, offset=max(0, offset))
    return render(request, "admin.html", users=auth.list_users(engine_of(request)), entries=entries, total=total,
                  offset=max(0, offset), roles=auth.ROLES)


@router.post("/admin/users")
def admin_add_user(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
                   role: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = "") -> Response:
    principal = form_writer(request, "admin", csrf_token)
    auth.create_user(engine_of(request), username, password, role, by=principal)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{username}")
def admin_change_user(request: Request, username: str, csrf_token: Annotated[str, Form()] = "",
                      role: Annotated[str, Form()] = "", active: Annotated[str, Form()] = "") -> Response:
    principal = form_writer(request, "admin", csrf_token)
    if role:
        auth.set_role(engine_of(request), username, role, by=principal)
    if active in ("0", "1"):
        auth.set_active(engine_of(request), username, active == "1", by=principal)
    return RedirectResponse("/admin", status_code=303)
