"""Who may do what: users with roles, argon2 password hashes, login sessions with CSRF tokens, API tokens,
a limit on failed logins.

Roles are ordered: a ``viewer`` reads, an ``analyst`` also reviews extracted items and keeps API tokens, an
``admin`` also manages users and reads the audit log. Secrets (session cookies, API tokens) are random
strings handed out once; the database keeps only their sha256 digests.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from truceline.errors import AccessError
from truceline.settings import Settings
from truceline.store import accounts
from truceline.store.audit import record
from truceline.store.db import writing
from truceline.store.serve_tables import ROLES

_HASHER = PasswordHasher()
# Verifying against this when the user does not exist keeps the answer time the same either way.
_DUMMY_HASH = _HASHER.hash("truceline-no-such-user")
TOKEN_PREFIX = "tl_"


@dataclass(frozen=True)
class Principal:
    """The one making a request. ``user_id`` is None for an anonymous reader."""

    user_id: int | None
    username: str
    role: str
    via: str  # "session", "token" or "anonymous"
    csrf: str | None = None

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


ANONYMOUS = Principal(None, "anonymous", "viewer", "anonymous")


now = accounts.now


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccessError(f"unknown role {role!r}: use one of {', '.join(ROLES)}", 422)
    return role


def _existing(conn: sa.Connection, username: str) -> accounts.User:
    found = accounts.user(conn, username)
    if found is None:
        raise AccessError(f"no user {username!r}", 404)
    return found


def create_user(engine: sa.Engine, username: str, password: str, role: str, *, by: Principal | None = None) -> int:
    """Add a user; the audit log names ``by`` (or "system" when set up from the command line)."""
    check_role(role)
    username = username.strip()
    if not username or len(username) > 128:
        raise AccessError("a user name must have 1 to 128 characters", 422)
    if len(password) < 8:
        raise AccessError("a password must have at least 8 characters", 422)
    with writing(engine) as conn:
        if accounts.user(conn, username) is not None:
            raise AccessError(f"user {username!r} exists", 409)
        user_id = accounts.add_user(conn, username, hash_password(password), role)
        record(conn, by, "user.create", f"user:{username}", None, {"username": username, "role": role})
    return user_id


def set_role(engine: sa.Engine, username: str, role: str, *, by: Principal | None = None) -> None:
    check_role(role)
    with writing(engine) as conn:
        row = _existing(conn, username)
        accounts.set_role(conn, row.id, role)
        record(conn, by, "user.role", f"user:{username}", {"role": row.role}, {"role": role})


def set_active(engine: sa.Engine, username: str, active: bool, *, by: Principal | None = None) -> None:
    """Disable or re-enable an account; disabling also ends its sessions."""
    with writing(engine) as conn:
        row = _existing(conn, username)
        accounts.set_active(conn, row.id, active)
        record(conn, by, "user.active", f"user:{username}", {"active": row.active}, {"active": active})


def list_users(engine: sa.Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = accounts.all_users(conn)
    return [{"id": r.id, "username": r.username, "role": r.role, "active": r.active,
             "created_at": r.created_at.isoformat()} for r in rows]


def login(engine: sa.Engine, settings: Settings, username: str, password: str,
          remote: str | None) -> tuple[str, Principal]:
    """Check a password and open a session: returns the cookie secret and the principal.

    Throttled per client, never per name alone, so that nobody can lock a user out: after
    ``login_max_failures`` failures for one name from one client address within ``login_window_seconds``,
    or ``login_max_client_failures`` from one address whatever the names, that client's attempts are
    refused (429) until the window has passed, right password or not. The user, from another address,
    still gets in.
    """
    username = username.strip()[:128]
    since = now() - dt.timedelta(seconds=settings.login_window_seconds)
    refused: AccessError | None = None
    # Refusals are logged under the name tried, with no user id: the log shows who was being tried.
    tried = Principal(None, username, "viewer", "anonymous")
    with writing(engine) as conn:
        failures = accounts.failures_since(conn, username, since, remote=remote)
        from_client = accounts.client_failures_since(conn, remote, since) if remote else 0
        row = accounts.user(conn, username)
        if failures >= settings.login_max_failures or from_client >= settings.login_max_client_failures:
            record(conn, tried, "login.locked", f"user:{username}", None, {"remote": remote})
            refused = AccessError("too many failed logins: try again later", 429)
        elif row is None or not _verify(row.password_hash, password) or not row.active:
            if row is None:
                _verify(_DUMMY_HASH, password)
            accounts.add_failure(conn, username, remote)
            record(conn, tried, "login.failed", f"user:{username}", None, {"remote": remote})
            refused = AccessError("wrong user name or password", 401)
        else:
            if _HASHER.check_needs_rehash(row.password_hash):
                accounts.set_password_hash(conn, row.id, hash_password(password))
            accounts.clear_failures(conn, username, remote)
            secret = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(32)
            accounts.add_session(conn, digest(secret), row.id, csrf, settings.session_hours)
            principal = Principal(row.id, row.username, row.role, "session", csrf)
            record(conn, principal, "login", f"user:{username}", None, {"remote": remote})
    # Raised after the commit: a refusal must still leave its failure count and audit entry behind.
    if refused is not None:
        raise refused
    return secret, principal


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def logout(engine: sa.Engine, secret: str) -> None:
    with writing(engine) as conn:
        accounts.end_session(conn, digest(secret))


def session_principal(engine: sa.Engine, secret: str) -> Principal | None:
    with engine.connect() as conn:
        row = accounts.session(conn, digest(secret))
    if row is None or not row.active or row.expires_at <= now():
        return None
    return Principal(row.user_id, row.username, row.role, "session", row.csrf)


def create_token(engine: sa.Engine, principal: Principal, name: str) -> tuple[int, str]:
    """A new API token for the principal's own account; the secret is returned once and never stored."""
    if principal.user_id is None:
        raise AccessError("log in to create a token", 401)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = (name or "token").strip()[:128] or "token"
    with writing(engine) as conn:
        token_id = accounts.add_token(conn, principal.user_id, name, digest(secret))
        record(conn, principal, "token.create", f"token:{token_id}", None, {"name": name})
    return token_id, secret


def revoke_token(engine: sa.Engine, principal: Principal, token_id: int) -> None:
    """Revoke a token: one's own, or anyone's for an admin."""
    with writing(engine) as conn:
        row = accounts.token(conn, token_id)
        if row is None or (row.user_id != principal.user_id and not principal.can("admin")):
            raise AccessError(f"no token {token_id}", 404)
        accounts.revoke_token(conn, token_id)
        record(conn, principal, "token.revoke", f"token:{token_id}", {"name": row.name}, {"revoked": True})


def list_tokens(engine: sa.Engine, principal: Principal) -> list[dict[str, object]]:
    if principal.user_id is None:
        return []
    with engine.connect() as conn:
        rows = accounts.tokens_of(conn, principal.user_id)
    return [{"id": r.id, "name": r.name, "created_at": r.created_at.isoformat(), "revoked": r.revoked}
            for r in rows]


def token_principal(engine: sa.Engine, secret: str) -> Principal | None:
    with engine.connect() as conn:
        row = accounts.token_by_hash(conn, digest(secret))
    if row is None or row.revoked or not row.active:
        return None
    return Principal(row.user_id, row.username, row.role, "token")


def csrf_ok(principal: Principal, presented: str | None) -> bool:
    """Sessions must echo their CSRF token; tokens and anonymous readers carry no ambient credential."""
    if principal.via != "session":
        return True
    return bool(presented) and principal.csrf is not None and hmac.compare_digest(principal.csrf, presented or "")
