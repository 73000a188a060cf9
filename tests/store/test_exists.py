"""A store that must exist (``open_store(create=False)``) is never created by looking for it (SQLite and
PostgreSQL), and ``has_users`` tells a first run."""
from __future__ import annotations

from pathlib import Path

import pytest

from truceline.errors import NoStoreError, StoreError
from truceline.settings import Settings
from truceline.store import open_store
from truceline.store.db import store_exists, where


def test_must_exist_until_created(db_url: str) -> None:
    settings = Settings.load(db=db_url)
    assert store_exists(db_url) is False
    with pytest.raises(NoStoreError, match="no store at "):
        open_store(db_url, settings, create=False)
    assert store_exists(db_url) is False  # looking created nothing
    open_store(db_url, settings).close()  # create=True (the default): ingest and init
    assert store_exists(db_url) is True
    with open_store(db_url, settings, create=False) as store:
        assert store.counts()["documents"] == 0
        assert store.has_users() is False


def test_a_missing_sqlite_file_and_its_folder_are_not_made(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "store.db"
    with pytest.raises(NoStoreError) as caught:
        open_store(str(path), Settings.load(db=str(path)), create=False)
    assert caught.value.where == str(path) and str(caught.value) == f"no store at {path}"
    assert not (tmp_path / "no").exists()
    assert store_exists(f"sqlite:///{path}") is False
    assert where("~/x.db") == str(Path.home() / "x.db")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="file is not a database"):
        store_exists(str(junk))
    other = tmp_path / "other.db"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    assert store_exists(str(other)) is False  # a database, but not a Truceline store
