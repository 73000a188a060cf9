"""The audit log's CSV export: a name typed by anyone (a failed login) reaches it inert."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from truceline.settings import Settings
from truceline.store import audit, open_store


@dataclass(frozen=True)
class Tried:
    user_id: int | None
    username: str


def test_a_formula_typed_as_a_user_name_is_exported_inert(tmp_path: Path) -> None:
    path = str(tmp_path / "a.db")
    with open_store(path, Settings.load(db=path)) as store:
        with store.engine.begin() as conn:
            audit.record(conn, Tried(None, "=cmd|' /C calc'!A0"), "login.failed", "user:=cmd", None,
                         {"remote": "127.0.0.1"})
        exported = audit.export(store.engine, "csv")
        total, entries = audit.read_log(store.engine)
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["username"] == "'=cmd|' /C calc'!A0" and row["target"] == "user:=cmd"
    assert row["action"] == "login.failed"
    assert total == 1 and entries[0]["username"] == "=cmd|' /C calc'!A0"  # stored as typed; only the CSV cell changes
