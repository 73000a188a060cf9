"""Account and admin pages: one's API tokens; users, roles and the audit log (admins)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from truceline.errors import AccessError
from truceline.store import audit

from . import auth
from .auth import Principal
from .render import render
from .security import Ident, engine_of, form_writer, identify

router = APIRouter(include_in_schema=False)


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
