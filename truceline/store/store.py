"""The Store: one database of documents and of the items merged across them."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from truceline.errors import NoStoreError, StoreError
from truceline.models import Record
from truceline.settings import Settings
from truceline.store import db, queries, write
from truceline.store import schema as t


def content_hash(document_id: str, content: str) -> str:
    """The idempotency key: sha256 of the input's id and its content as read, whitespace-normalised.

    The id is part of it so that a word-for-word republication under another id is stored (and then
    found to be a copy), while the same input read again is not.
    """
    body = " ".join(content.split())
    return hashlib.sha256(f"{document_id}\n{body}".encode()).hexdigest()


class Store:
    """Documents, their records, and actors, incidents and agreements merged across documents.

    Open with :func:`open_store`. Each :meth:`add` is one transaction. Queries return dataclasses from
    :mod:`truceline.store.queries`.
    """

    def __init__(self, engine: sa.Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------------

    def has(self, content_hash: str) -> bool:
        """Is a document with this content hash stored already?"""
        with self.read() as conn:
            return conn.execute(sa.select(t.documents.c.id)
                                .where(t.documents.c.content_hash == content_hash)).first() is not None

    def add(self, record: Record, key: str | None = None) -> write.Added | None:
        """Store one record in one transaction; None when its content hash is stored already.

        ``key`` (the content hash) defaults to the hash of the record's id and cleaned text (see
        :func:`content_hash`); ingest passes the hash of the input as read.
        """
        key = key or content_hash(record.document.id, record.document.text)
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{db.WRITE: True})
                with conn.begin():
                    db.lock_for_write(conn)
                    if conn.execute(sa.select(t.documents.c.id).where(t.documents.c.content_hash == key)).first():
                        return None
                    return write.add_record(conn, record, key, self.settings.duplicate_threshold)
        except sa.exc.IntegrityError as exc:
            # Another process stored the same content between our check and our insert.
            if self.has(key):
                return None
            raise StoreError(f"cannot store {record.document.id}: {exc.orig}") from exc
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot store {record.document.id}: {exc.orig}") from exc

    # -- reading --------------------------------------------------------------------------------------

    def read(self) -> sa.Connection:
        """A connection for reading (``with store.read() as conn``), for the modules above the store."""
        try:
            return self.engine.connect()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot read {self.url}: {exc.orig}") from exc

    def acts(self, **filters: Any) -> list[queries.ActRow]:
        """Timeline of acts; filters: subject, actor, type, start, end, limit."""
        with self.read() as conn:
            return queries.acts(conn, **filters)

    def statements(self, **filters: Any) -> list[queries.StatementRow]:
        """Statements; filters: speaker, subject, start, end, limit."""
        with self.read() as conn:
            return queries.statements(conn, **filters)

    def incidents(self, **filters: Any) -> list[queries.IncidentRow]:
        """Merged incidents with their reports; filters: start, end, place, target, perpetrator, claimant."""
        with self.read() as conn:
            return queries.incidents(conn, **filters)

    def agreements(self, subject: str | None = None) -> list[queries.AgreementHistory]:
        """Merged agreements with their history (reports, status changes, versions, conditions, acts)."""
        with self.read() as conn:
            return queries.agreements(conn, subject=subject)

    def search(self, query: str, limit: int = 20) -> list[queries.SearchHit]:
        with self.read() as conn:
            return queries.search(conn, query, limit)

    def documents(self, copies: bool = True) -> list[queries.StoredDocument]:
        with self.read() as conn:
            return queries.documents(conn, copies=copies)

    def records(self, copies: bool = False, reviewed: bool = True) -> Iterator[Record]:
        """The stored records, canonical documents only unless ``copies``; with analysts' reviews applied
        (rejected items left out, corrections in) unless ``reviewed`` is False."""
        with self.read() as conn:
            yield from queries.records(conn, copies=copies, reviewed=reviewed)

    def counts(self) -> dict[str, int]:
        with self.read() as conn:
            return queries.counts(conn)

    def has_users(self) -> bool:
        """Has the store any dashboard user? (None on a first run: ``truceline users add`` makes the first.)"""
        from truceline.store.accounts import has_users

        with self.read() as conn:
            return has_users(conn)


def open_store(url_or_path: str | None = None, settings: Settings | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating when needed) the store at a SQLite path or a SQLAlchemy URL.

    With no argument, ``settings.db`` (by default a per-user SQLite file). With ``create=False`` the store
    must exist already (:func:`truceline.store.db.store_exists`): otherwise ``NoStoreError``, and nothing
    is created -- what every command that only reads or serves a store asks, so that a mistyped path is
    an error rather than a new empty store.
    """
    settings = settings or Settings.load()
    address = url_or_path or settings.db
    if not create and not db.store_exists(address):
        raise NoStoreError(db.where(address))
    engine = db.create_engine(address, settings.db_pool_size)
    db.migrate(engine)
    return Store(engine, settings)
