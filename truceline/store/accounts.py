"""Accounts: users, login failures, login sessions and API tokens, as stored.

Only rows in and out; what a role may do, how passwords are hashed and when a login is refused is the web
app's policy (``truceline.serve.auth``). Every function takes the caller's connection, so that a change and
its audit entry (``truceline.store.audit``) commit together. Secrets never reach this module: sessions and
tokens are stored and found by the sha256 digest of their secret.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from .serve_tables import api_tokens, login_failures, login_sessions, users


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands DateTime(timezone=True) back naive; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    active: bool
    password_hash: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Session:
    """A live session's user and CSRF token."""

    user_id: int
    username: str
    role: str
    active: bool
    csrf: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Token:
    id: int
    user_id: int
    username: str
    role: str
    active: bool
    name: str
    created_at: dt.datetime
    revoked: bool


def _user(row: sa.Row) -> User:
    return User(row.id, row.username, row.role, bool(row.active), row.password_hash, aware(row.created_at))


# -- users ---------------------------------------------------------------------------------------------------

def user(conn: sa.Connection, username: str) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return _user(row) if row is not None else None


def has_users(conn: sa.Connection) -> bool:
    """Is there any user at all (active or not)? False on a store nobody has added a user to yet."""
    return conn.execute(sa.select(users.c.id).limit(1)).first() is not None


def any_user(conn: sa.Connection) -> bool:
    """Is there a user at all? (None on a first run: the login page says how to add one.)"""
    return conn.execute(sa.select(users.c.id).limit(1)).first() is not None


def all_users(conn: sa.Connection) -> list[User]:
    return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def add_user(conn: sa.Connection, username: str, password_hash: str, role: str) -> int:
    return int(conn.execute(users.insert().values(
        username=username, password_hash=password_hash, role=role, active=True, created_at=now())
        .returning(users.c.id)).scalar_one())


def set_role(conn: sa.Connection, user_id: int, role: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(role=role))


def set_active(conn: sa.Connection, user_id: int, active: bool) -> None:
    """Disabling an account also ends its sessions."""
    conn.execute(users.update().where(users.c.id == user_id).values(active=active))
    if not active:
        conn.execute(login_sessions.delete().where(login_sessions.c.user_id == user_id))


def set_password_hash(conn: sa.Connection, user_id: int, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


# -- failed logins -------------------------------------------------------------------------------------------

def failures_since(conn: sa.Connection, username: str, since: dt.datetime, remote: str | None = None) -> int:
    """Failed logins for ``username`` since ``since`` (from ``remote`` only, when given)."""
    where = [login_failures.c.username == username, login_failures.c.at >= since]
    if remote is not None:
        where.append(login_failures.c.remote == remote)
    return int(conn.execute(sa.select(sa.func.count()).select_from(login_failures).where(*where)).scalar_one())


def client_failures_since(conn: sa.Connection, remote: str, since: dt.datetime) -> int:
    """Failed logins from one client address since ``since``, whatever the names tried."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(login_failures).where(
        login_failures.c.remote == remote, login_failures.c.at >= since)).scalar_one())


def add_failure(conn: sa.Connection, username: str, remote: str | None) -> None:
    conn.execute(login_failures.insert().values(username=username, remote=remote, at=now()))


def clear_failures(conn: sa.Connection, username: str, remote: str | None = None) -> None:
    """Forget the failed logins for ``username`` (from ``remote`` only, when given)."""
    where = [login_failures.c.username == username]
    if remote is not None:
        where.append(login_failures.c.remote == remote)
    conn.execute(login_failures.delete().where(*where))


# -- sessions ------------------------------------------------------------------------------------------------

def add_session(conn: sa.Connection, token_hash: str, user_id: int, csrf: str, hours: float) -> None:
    conn.execute(login_sessions.insert().values(
        token_hash=token_hash, user_id=user_id, csrf=csrf, created_at=now(),
        expires_at=now() + dt.timedelta(hours=hours)))


def end_session(conn: sa.Connection, token_hash: str) -> None:
    conn.execute(login_sessions.delete().where(login_sessions.c.token_hash == token_hash))


def session(conn: sa.Connection, token_hash: str) -> Session | None:
    row = conn.execute(
        sa.select(users.c.id, users.c.username, users.c.role, users.c.active, login_sessions.c.csrf,
                  login_sessions.c.expires_at)
        .join(users, users.c.id == login_sessions.c.user_id)
        .where(login_sessions.c.token_hash == token_hash)).first()
    if row is None:
        return None
    return Session(row.id, row.username, row.role, bool(row.active), row.csrf, aware(row.expires_at))


# -- API tokens ----------------------------------------------------------------------------------------------

def _token_query() -> sa.Select:
    return (sa.select(api_tokens, users.c.username, users.c.role, users.c.active)
            .join(users, users.c.id == api_tokens.c.user_id))


def _token(row: sa.Row) -> Token:
    return Token(row.id, row.user_id, row.username, row.role, bool(row.active), row.name, aware(row.created_at),
                 row.revoked_at is not None)


def add_token(conn: sa.Connection, user_id: int, name: str, token_hash: str) -> int:
    return int(conn.execute(api_tokens.insert().values(
        user_id=user_id, name=name, token_hash=token_hash, created_at=now())
        .returning(api_tokens.c.id)).scalar_one())


def token(conn: sa.Connection, token_id: int) -> Token | None:
    row = conn.execute(_token_query().where(api_tokens.c.id == token_id)).first()
    return _token(row) if row is not None else None


def token_by_hash(conn: sa.Connection, token_hash: str) -> Token | None:
    row = conn.execute(_token_query().where(api_tokens.c.token_hash == token_hash)).first()
    return _token(row) if row is not None else None


def tokens_of(conn: sa.Connection, user_id: int) -> list[Token]:
    return [_token(r) for r in conn.execute(_token_query().where(api_tokens.c.user_id == user_id)
                                            .order_by(api_tokens.c.id))]


def revoke_token(conn: sa.Connection, token_id: int) -> None:
    conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=now()))
