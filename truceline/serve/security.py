"""Request-level access: who is asking (session cookie, bearer token or nobody), what they may do, CSRF.

Pages and API routes declare what they need with these dependencies; nothing reads the cookie elsewhere.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import sqlalchemy as sa
from fastapi import Path, Request

from truceline.errors import AccessError
from truceline.settings import Settings

from . import auth
from .auth import ANONYMOUS, Principal

SESSION_COOKIE = "truceline_session"
LOGIN_CSRF_COOKIE = "truceline_login_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: a row id in a path: the databases store signed 64-bit integers, so anything outside is a 422, not a 500
Ident = Annotated[int, Path(ge=1, le=2**63 - 1, description="a row id")]


def engine_of(request: Request) -> sa.Engine:
    engine: sa.Engine = request.app.state.engine
    return engine


def client_address(request: Request) -> str | None:
    """The client's address: the connection's, or the first address of ``login_client_header`` when a
    deployment behind a proxy sets that setting."""
    header = settings_of(request).login_client_header
    if header:
        value = request.headers.get(header, "").split(",")[0].strip()
        if value:
            return value[:64]
    return request.client.host if request.client else None


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def identify(request: Request) -> Principal:
    """The principal behind a request; a bearer token wins over a cookie. Cached on the request."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    engine = engine_of(request)
    found: Principal | None = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = auth.token_principal(engine, header[7:].strip())
        if found is None:
            raise AccessError("invalid or revoked API token", 401)
    elif request.cookies.get(SESSION_COOKIE):
        found = auth.session_principal(engine, request.cookies[SESSION_COOKIE])
    principal = found or ANONYMOUS
    request.state.principal = principal
    return principal


def reader(request: Request) -> Principal:
    """Anyone who may read: a user, or anybody when ``anonymous_read`` is on."""
    principal = identify(request)
    if principal.user_id is None and not settings_of(request).anonymous_read:
        raise AccessError("log in to read this", 401)
    return principal


def requires(role: str) -> Callable[[Request], Principal]:
    """A dependency for state-changing API routes: the role, and the session's CSRF token in a header."""

    def check(request: Request) -> Principal:
        principal = identify(request)
        if principal.user_id is None:
            raise AccessError("log in to do this", 401)
        if request.method not in SAFE_METHODS and not auth.csrf_ok(principal, request.headers.get(CSRF_HEADER)):
            raise AccessError("missing or wrong CSRF token", 403)
        if not principal.can(role):
            raise AccessError(f"this needs the {role} role", 403)
        return principal

    return check


def form_writer(request: Request, role: str, csrf_token: str | None) -> Principal:
    """The same checks for an HTML form post, whose CSRF token comes in the form body."""
    principal = identify(request)
    if principal.user_id is None:
        raise AccessError("log in to do this", 401)
    if not auth.csrf_ok(principal, csrf_token):
        raise AccessError("missing or wrong CSRF token", 403)
    if not principal.can(role):
        raise AccessError(f"this needs the {role} role", 403)
    return principal
