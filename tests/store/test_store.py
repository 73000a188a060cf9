"""The store on both backends: schema, idempotency, transactions, round trips, full-text search."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from truceline.errors import InputFormatError, StoreError
from truceline.ingest import ingest
from truceline.models import Record
from truceline.settings import Settings
from truceline.store import Store, content_hash, open_store
from truceline.store import schema as t
from truceline.store.db import url_for

STORE_TABLES = {table.name for table in (t.documents, t.document_bands, t.actors, t.document_actors,
                                         t.statements, t.acts, t.incidents, t.incident_reports, t.agreements,
                                         t.agreement_reports)}

TEXTS = [
    "Kyiv said a missile damaged the thermal power plant outside Kharkiv on Sunday night.",
    "The Kremlin said talks with American envoys in Riyadh would continue next week.",
    "Officials in Zaporizhzhia reported shelling of a residential district, with three people hurt.",
    "The foreign minister warned that the maritime truce in the Black Sea depends on sanctions relief.",
]


def corpus(build) -> list[Record]:  # type: ignore[no-untyped-def]
    sides = build.sides()
    return [build.record(f"doc-{i}", text, f"2025-03-{18 + i}", title=f"Title {i}", actors=sides,
                         statements=[build.statement("zel" if i % 2 else "putin", text, f"2025-03-{18 + i}")],
                         acts=[build.act("accuse", "ua", "energy_ceasefire", f"2025-03-{18 + i}", target="ru")],
                         incidents=[build.incident(f"Town {i}", f"2025-03-{18 + i}", "residential")])
            for i, text in enumerate(TEXTS)]


def test_migrated_schema_matches_the_declared_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": t.include_object})
        diffs = compare_metadata(context, t.metadata)
    mine = [d for d in diffs if _table_of(d) in STORE_TABLES]
    assert mine == []


def _table_of(diff: object) -> str | None:
    # Diffs are tuples like ("add_table", Table), ("remove_index", Index), ("add_column", schema, name, Column);
    # column changes come as a list of such tuples.
    item = diff[0] if isinstance(diff, list) else diff
    assert isinstance(item, tuple)
    for part in item[1:]:
        if isinstance(part, sa.Table):
            return part.name
        if isinstance(getattr(part, "table", None), sa.Table):
            return str(part.table.name)
    return item[2] if len(item) > 2 and isinstance(item[2], str) else None


def test_sqlite_store_runs_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deep" / "er" / "store.db"
    with open_store(str(path), Settings.load(db=str(path))) as s:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert path.exists()


def test_url_for_paths_and_urls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert url_for(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert url_for("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert url_for("sqlite:////x/y.db") == "sqlite:////x/y.db"


def test_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_ingesting_the_same_corpus_twice_adds_no_rows(store: Store, store_settings: Settings, build) -> None:
    first = ingest(corpus(build), store_settings, progress=False, store=store)
    assert (first.read, first.new, first.copies, first.duplicate, first.failed) == (4, 4, 0, 0, 0)
    before = store.counts()
    assert before == {"documents": 4, "actors": 6, "statements": 4, "acts": 4, "incidents": 4,
                      "incident_reports": 4, "agreements": 0, "agreement_reports": 0, "copies": 0}
    second = ingest(corpus(build), store_settings, progress=False, store=store)
    assert (second.read, second.new, second.duplicate) == (4, 0, 4)
    assert store.counts() == before
    assert second.lines()[0].startswith("read 4, new 0, copies 0, duplicate 4, failed 0 in ")


def test_failures_are_counted_with_their_reasons(store: Store, store_settings: Settings, build) -> None:
    bad = InputFormatError("feed.jsonl:3", "invalid JSON")
    summary = ingest([bad, corpus(build)[0]], store_settings, progress=False, store=store)
    assert (summary.read, summary.new, summary.failed) == (2, 1, 1)
    assert summary.failures == [("feed.jsonl:3", "invalid JSON")]
    assert summary.lines()[1] == "failed: feed.jsonl:3: invalid JSON"


def test_content_hash_is_id_and_normalised_content() -> None:
    assert content_hash("a", "one  two\nthree") == content_hash("a", "one two three")
    assert content_hash("a", "one two") != content_hash("b", "one two")
    assert len(content_hash("a", "x")) == 64


def test_a_failing_document_leaves_nothing_behind(store: Store, build) -> None:
    good, bad = corpus(build)[:2]
    # Both backends refuse a row that violates NOT NULL: an act without a type fails after the document,
    # its bands, actors and statements were written in the same transaction.
    bad.acts[0].type = None  # type: ignore[assignment]
    store.add(good)
    with pytest.raises(StoreError, match="cannot store doc-1"):
        store.add(bad)
    counts = store.counts()
    assert (counts["documents"], counts["statements"], counts["acts"], counts["incidents"]) == (1, 1, 1, 1)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.document_bands)
                            .where(t.document_bands.c.document_id != 1)).scalar() == 0


def test_records_come_back_as_they_went_in(store: Store, build) -> None:
    records = corpus(build)
    for r in records:
        store.add(r)
    assert [r.to_dict() for r in store.records()] == [r.to_dict() for r in records]


def test_full_text_search(store: Store, build) -> None:
    for r in corpus(build):
        store.add(r)
    hits = store.search("power plants Kharkiv")  # stemmed: "plants" finds "plant"
    assert [h.document for h in hits] == ["doc-0"]
    assert "[Kharkiv]" in hits[0].snippet
    assert hits[0].published == dt.date(2025, 3, 18)
    assert sorted(h.document for h in store.search("title")) == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert store.search("sanctions OR \"Riyadh") == []  # user text is words, never query syntax
    assert store.search("  ") == []
