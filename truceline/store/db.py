"""Engines and migrations: a SQLite file path or any SQLAlchemy URL, migrated to the newest schema on open."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event

from truceline.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
#: execution option that makes a SQLite transaction take the write lock at BEGIN (see ``_sqlite_begin``).
WRITE = "truceline_write"


def url_for(url_or_path: str) -> str:
    """A SQLAlchemy URL: URLs pass through, anything else is a SQLite file path."""
    if "://" in url_or_path:
        if url_or_path.startswith("postgresql://") or url_or_path.startswith("postgres://"):
            # psycopg 3 is the driver Truceline installs; SQLAlchemy's default would be psycopg2.
            return "postgresql+psycopg://" + url_or_path.split("://", 1)[1]
        return url_or_path
    path = Path(url_or_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def where(url_or_path: str) -> str:
    """The store's address for people: a SQLite file's full path, a URL without its password."""
    if "://" not in url_or_path:
        return str(Path(url_or_path).expanduser().resolve())
    try:
        return sa.engine.make_url(url_or_path).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url_or_path


#: tables whose presence makes a database a Truceline store (any revision: an older one is migrated on open).
STORE_TABLES = ("alembic_version", "documents")


def store_exists(url_or_path: str) -> bool:
    """Is there a Truceline store at this address? Creates nothing: no file, no folder, no table.

    A SQLite store is a file holding Truceline's tables; a PostgreSQL (or other) store is a database that
    holds them (the database itself must exist and be reachable, else ``StoreError``).
    """
    path = _sqlite_path(url_or_path)
    if path is not None:
        if path == ":memory:" or not Path(path).is_file():
            return False
        import sqlite3

        try:
            # Read-only and by URI: opening never creates the file nor changes its journal mode.
            with contextlib.closing(sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)) as conn:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {path} as a store: {exc}") from exc
        return all(name in names for name in STORE_TABLES)
    engine = create_engine(url_or_path, pool_size=1)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            return all(inspector.has_table(name) for name in STORE_TABLES)
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open database {where(url_or_path)}: {exc.orig}") from exc
    finally:
        engine.dispose()


def _sqlite_path(url_or_path: str) -> str | None:
    """The file of a SQLite address (a plain path or a sqlite:// URL); None for other databases."""
    if "://" not in url_or_path:
        return str(Path(url_or_path).expanduser().resolve())
    if not url_or_path.startswith("sqlite"):
        return None
    database = sa.engine.make_url(url_or_path).database
    return str(Path(database).expanduser().resolve()) if database and database != ":memory:" else ":memory:"


def create_engine(url_or_path: str, pool_size: int = 5) -> sa.Engine:
    url = url_for(url_or_path)
    try:
        engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"), pool_size=pool_size,
                                  max_overflow=pool_size)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot use database {url_or_path!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def larger_page_cache(engine: sa.Engine) -> None:
    """A 64 MiB page cache per SQLite connection, for servers whose list pages read rows scattered over the
    file; connections opened before are closed so that every one has it."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_cache)
        engine.dispose()


def _sqlite_cache(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, decides when transactions begin (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL: readers (the dashboard) never wait for the ingesting writer, nor it for them.
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode loses no committed transaction when the process dies, only on power loss.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A write transaction reads (duplicate checks, merge candidates) before it writes; taking the write
    # lock up front means two writers queue instead of failing with "database is locked" on upgrade.
    mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


#: key of the PostgreSQL advisory lock that serialises document writes (any constant; "TRUC" in ASCII).
PG_WRITE_LOCK = 0x54525543


#: key of the PostgreSQL advisory lock that serialises web writes (reviews, logins, accounts) among
#: themselves; apart from the ingest's, so that a review never waits for a document's merge.
PG_WEB_LOCK = 0x54525544


def lock_for_write(conn: sa.Connection, key: int = PG_WRITE_LOCK) -> None:
    """Let one writer at a time merge into the store, until its transaction ends.

    Merging is a read-then-write: "is there an incident within a day and a few km of this one?" has no
    unique key a constraint could guard, so two concurrent PostgreSQL ingests could each find none and
    each create one. SQLite needs nothing more, because ``BEGIN IMMEDIATE`` already queues writers.
    Extraction, the slow part, runs outside the transaction and stays parallel.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@contextlib.contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction that takes the write lock first: ``with writing(engine) as conn: ...``.

    Every web write (a review, a login, a new user or token) reads before it writes. Taking the lock at
    the start (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) makes concurrent writers
    wait their turn (up to SQLite's busy timeout) instead of failing with "database is locked" or a
    unique-key race when the read transaction tries to become a write transaction. On PostgreSQL web writes
    queue among themselves only, never behind an ingest's merge (they touch no merged row).
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            lock_for_write(conn, PG_WEB_LOCK)
            yield conn


def alembic_config() -> Config:
    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: sa.Engine) -> None:
    """Bring the database to the newest revision (a no-op when it is there already)."""
    cfg = alembic_config()
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.orig}") from exc
