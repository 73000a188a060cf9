"""The JSON API under ``/api``: read the store (paged, filtered), review items, manage tokens and users.

Lists answer ``{"total", "limit", "offset", "items"}``. Items follow the truceline.v1 record's field names,
with the store's ids added and reviews applied (see ``truceline.store.reviews``). State-changing routes need a role and,
with a session cookie, the session's CSRF token in the ``X-CSRF-Token`` header; bearer tokens need none.

Every route declares its answer's shape (``response_model``, from ``truceline.serve.schemas``), so
``/openapi.json`` documents it; the audit export declares its text media types instead.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from truceline.assess import compliance, stored
from truceline.errors import AccessError
from truceline.store import audit, listing, reviews

from . import auth, review, schemas
from .auth import Principal
from .security import Ident, engine_of, reader, requires

router = APIRouter(prefix="/api")
Reader = Annotated[Principal, Depends(reader)]
Analyst = Annotated[Principal, Depends(requires("analyst"))]
Admin = Annotated[Principal, Depends(requires("admin"))]
Limit = Annotated[int, Query(ge=1, le=listing.MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]


def _page(limit: int, offset: int) -> listing.Page:
    return listing.Page(limit, offset)


def _json(data: Mapping[str, Any]) -> JSONResponse:
    """The long lists, already JSON-ready (dates as ISO strings), sent without FastAPI's generic encoder,
    which walks every value again and took half the time of an incidents page. A route returning one still
    declares ``response_model=`` for the documentation: FastAPI passes a Response through unvalidated."""
    return JSONResponse(data)


_T = TypeVar("_T")


def _found(item: _T | None, what: str) -> _T:
    if item is None:
        raise AccessError(f"no {what}", 404)
    return item


@router.get("/documents", tags=["read"], response_model=schemas.DocumentPage)
def list_documents(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None,
                   since: Day = None, until: Day = None, copies: bool = True) -> JSONResponse:
    """Stored documents, newest first."""
    with engine_of(request).connect() as conn:
        return _json(listing.documents(conn, _page(limit, offset), outlet=outlet, since=since, until=until,
                                       copies=copies))


@router.get("/documents/{ident}", tags=["read"], response_model=schemas.DocumentDetail)
def get_document(request: Request, ident: Ident, _: Reader) -> listing.DocumentDetail:
    """One document: its cleaned text, its stored truceline.v1 record, and its items with their reviews."""
    with engine_of(request).connect() as conn:
        doc = _found(listing.document(conn, ident), f"document {ident}")
        everything = listing.Page(listing.MAX_LIMIT, 0)
        doc["items"] = {
            "statements": reviews.overlay(conn, "statement", listing.statements(conn, everything,
                                                                                  document=ident)["items"]),
            "acts": reviews.overlay(conn, "act", listing.acts(conn, everything, document=ident)["items"]),
            "incidents": reviews.overlay(conn, "incident", listing.incident_reports(conn, document=ident)),
            "agreements": reviews.overlay(conn, "agreement", listing.agreement_reports(conn, document=ident)),
        }
        return doc


@router.get("/actors", tags=["read"], response_model=schemas.ActorPage)
def list_actors(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0, country: str | None = None,
                kind: str | None = None, name: str | None = None) -> listing.ActorPage:
    """Actors merged across documents; ``name`` matches part of the name."""
    with engine_of(request).connect() as conn:
        return listing.actors(conn, _page(limit, offset), country=country, kind=kind, name=name)


@router.get("/actors/{ident}", tags=["read"], response_model=schemas.ActorDetail)
def get_actor(request: Request, ident: Ident, _: Reader) -> listing.ActorDetail:
    with engine_of(request).connect() as conn:
        return _found(listing.actor(conn, ident), f"actor {ident}")


@router.get("/statements", tags=["read"], response_model=schemas.StatementPage)
def list_statements(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0, speaker: int | None = None,
                    document: int | None = None, since: Day = None, until: Day = None) -> JSONResponse:
    """Statements, newest first; ``speaker`` and ``document`` are store ids."""
    with engine_of(request).connect() as conn:
        out = listing.statements(conn, _page(limit, offset), speaker=speaker, document=document, since=since,
                                 until=until)
        reviews.overlay(conn, "statement", out["items"])
        return _json(out)


@router.get("/acts", tags=["read"], response_model=schemas.ActPage)
def list_acts(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0, actor: int | None = None,
              subject: str | None = None, type: str | None = None, document: int | None = None,
              since: Day = None, until: Day = None) -> JSONResponse:
    """Negotiation acts, newest first."""
    with engine_of(request).connect() as conn:
        out = listing.acts(conn, _page(limit, offset), actor=actor, subject=subject, type=type, document=document,
                           since=since, until=until)
        reviews.overlay(conn, "act", out["items"])
        return _json(out)


@router.get("/agreements", tags=["read"], response_model=schemas.AgreementPage)
def list_agreements(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0, subject: str | None = None,
                    status: str | None = None) -> listing.AgreementPage:
    with engine_of(request).connect() as conn:
        return listing.agreements(conn, _page(limit, offset), subject=subject, status=status)


@router.get("/agreements/{ident}", tags=["read"], response_model=schemas.AgreementDetail)
def get_agreement(request: Request, ident: Ident, _: Reader) -> listing.AgreementDetail:
    """One agreement: its reports in order, each side's version as of the store's date."""
    with engine_of(request).connect() as conn:
        found = _found(listing.agreement(conn, ident), f"agreement {ident}")
        reviews.overlay(conn, "agreement", found["reports"])
        found["versions"] = compliance.versions(conn, ident, compliance.as_of(conn))
        return found


@router.get("/violations", tags=["read"], response_model=schemas.ViolationPage)
def list_violations(request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0,
                    agreement: int | None = None) -> JSONResponse:
    """Alleged violations: incidents inside a side's version of an agreement, with a party accused, newest
    first; each with who alleges and who denies it, its number of reports and its page (``incident_url``)."""
    page = _page(limit, offset).clamp()
    with engine_of(request).connect() as conn:
        # Counted by the database (a listing cut at stored.LIMIT would miscount); one agreement holds each
        # incident once, so its total is also how many incidents are alleged.
        total = stored.count_violations(conn, agreement_id=agreement)
        alleged = stored.alleged_count(conn) if agreement is None else total
        found = compliance.violations(conn, agreement_id=agreement, limit=page.offset + page.limit)
    items = [v | {"incident_url": f"/incidents/{v['incident']}"} for v in found[page.offset:page.offset + page.limit]]
    return _json({**listing.result(total, items, page), "alleged": alleged})


@router.get("/search", tags=["read"], response_model=schemas.SearchPage)
def search(request: Request, _: Reader, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Limit = 20) -> dict[str, Any]:
    """Full-text search over titles and texts, best first (the store's search)."""
    from truceline.store import queries as store_queries

    with engine_of(request).connect() as conn:
        hits = store_queries.search(conn, q, limit)
        ids = listing.document_ids(conn, [h.document for h in hits])
    items = [{"document": h.document, "id": ids.get(h.document), "title": h.title,
              "published": listing.iso(h.published), "snippet": h.snippet, "rank": h.rank} for h in hits]
    return {"total": len(items), "limit": limit, "offset": 0, "items": items}


# -- review -----------------------------------------------------------------------------------------------------

class ReviewIn(BaseModel):
    action: str = Field(description="confirm, correct or reject")
    changes: dict[str, Any] = Field(default_factory=dict, description=(
        "corrected fields (for correct): see truceline.store.corrections; actors by name (\"perpetrator\": "
        "\"Armed Forces of Russia\", \"denied_by\": [...]) or id (\"perpetrator_id\": 3), an incident's "
        "place as a gazetteer ref from /api/lookup/places or a name"))
    note: str | None = Field(default=None, max_length=2000)


@router.post("/reviews/{kind}/{ident}", tags=["review"], response_model=schemas.ReviewResult)
def post_review(request: Request, kind: str, ident: Ident, body: ReviewIn, who: Analyst) -> dict[str, Any]:
    """Confirm, correct or reject one extracted item (``kind``: statement, act, incident, agreement; ``ident``:
    the item's id as the API lists it -- for incidents, the id of a report)."""
    return review.review_item(engine_of(request), who, kind, ident, body.action, body.changes, body.note)


@router.get("/reviews", tags=["review"], response_model=schemas.ReviewPage)
def get_reviews(request: Request, _: Reader, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Reviews, newest first; ``total`` counts them all."""
    with engine_of(request).connect() as conn:
        items = reviews.list_reviews(conn, limit=limit, offset=offset)
        total = reviews.count_reviews(conn)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# -- tokens and users -------------------------------------------------------------------------------------------

class TokenIn(BaseModel):
    name: str = Field(default="script", max_length=128)


@router.get("/me", tags=["access"], response_model=schemas.Me)
def me(request: Request, who: Reader) -> dict[str, Any]:
    """Who is asking; with a session, its CSRF token (for the ``X-CSRF-Token`` header)."""
    return {"username": who.username, "role": who.role, "via": who.via, "csrf": who.csrf}


@router.get("/tokens", tags=["access"], response_model=list[schemas.Token])
def get_tokens(request: Request, who: Analyst) -> list[dict[str, object]]:
    return auth.list_tokens(engine_of(request), who)


@router.post("/tokens", tags=["access"], status_code=201, response_model=schemas.NewToken)
def post_token(request: Request, who: Analyst, body: Annotated[TokenIn | None, Body()] = None) -> dict[str, Any]:
    """A new API token for one's own account, shown once: send it as ``Authorization: Bearer <token>``."""
    ident, secret = auth.create_token(engine_of(request), who, body.name if body else "script")
    return {"id": ident, "token": secret}


@router.delete("/tokens/{ident}", tags=["access"], response_model=schemas.RevokedToken)
def delete_token(request: Request, ident: Ident, who: Analyst) -> dict[str, Any]:
    auth.revoke_token(engine_of(request), who, ident)
    return {"id": ident, "revoked": True}


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=8, max_length=1024)
    role: str


class UserPatch(BaseModel):
    role: str | None = None
    active: bool | None = None


@router.get("/users", tags=["access"], response_model=list[schemas.User])
def get_users(request: Request, _: Admin) -> list[dict[str, object]]:
    return auth.list_users(engine_of(request))


@router.post("/users", tags=["access"], status_code=201, response_model=schemas.NewUser)
def post_user(request: Request, body: UserIn, who: Admin) -> dict[str, Any]:
    ident = auth.create_user(engine_of(request), body.username, body.password, body.role, by=who)
    return {"id": ident, "username": body.username.strip(), "role": body.role}


@router.patch("/users/{username}", tags=["access"], response_model=schemas.UserChange)
def patch_user(request: Request, username: str, body: UserPatch, who: Admin) -> dict[str, Any]:
    engine = engine_of(request)
    if body.role is not None:
        auth.set_role(engine, username, body.role, by=who)
    if body.active is not None:
        auth.set_active(engine, username, body.active, by=who)
    return {"username": username, "role": body.role, "active": body.active}


@router.get("/audit", tags=["access"], response_model=schemas.AuditPage)
def get_audit(request: Request, _: Admin, limit: Limit = 100, offset: Offset = 0, action: str | None = None,
              username: str | None = None) -> dict[str, Any]:
    """The audit log, newest first (admins only)."""
    total, items = audit.read_log(engine_of(request), limit=limit, offset=offset, action=action, username=username)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


_EXPORT_TYPES = {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}


# The answer is built below with its own media type; response_class only keeps FastAPI from documenting a
# third one (text/plain) next to those declared in responses=.
@router.get("/audit/export", tags=["access"], response_class=Response,
            responses={200: {"description": "CSV (format=csv) or JSON Lines (format=jsonl), as an attachment",
                             "content": _EXPORT_TYPES}})
def export_audit(request: Request, _: Admin,
                 format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "csv") -> PlainTextResponse:
    """The whole audit log, oldest first, as CSV or JSON Lines (admins only)."""
    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return PlainTextResponse(audit.export(engine_of(request), format), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="truceline-audit.{format}"'})
