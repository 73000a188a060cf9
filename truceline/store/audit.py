"""The append-only audit log: who changed what, when, from what to what.

Entries are written inside the same transaction as the change they describe, so a change without its
entry (or the reverse) cannot be committed. Nothing here updates or deletes; the database refuses to.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Protocol

import sqlalchemy as sa

from truceline import spreadsheet

from .serve_tables import audit_log


class Who(Protocol):
    """Whoever makes a change: the web app's principal, or None for the command line ("system")."""

    @property
    def user_id(self) -> int | None: ...

    @property
    def username(self) -> str: ...

EXPORT_FIELDS = ("id", "at", "username", "action", "target", "before", "after")


def record(conn: sa.Connection, who: Who | None, action: str, target: str, before: Any, after: Any) -> None:
    conn.execute(audit_log.insert().values(
        at=dt.datetime.now(dt.UTC), user_id=who.user_id if who else None,
        username=who.username if who else "system", action=action, target=target[:700],
        before=before, after=after))


def read_log(engine: sa.Engine, *, limit: int = 100, offset: int = 0, action: str | None = None,
             username: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Entries, newest first, and how many match."""
    query = sa.select(audit_log)
    if action:
        query = query.where(audit_log.c.action == action)
    if username:
        query = query.where(audit_log.c.username == username)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(query.order_by(audit_log.c.id.desc()).limit(limit).offset(offset)).all()
    return int(total), [_entry(r) for r in rows]


def entries_for(conn: sa.Connection, targets: list[str], *, limit: int = 200) -> list[dict[str, Any]]:
    """The entries about any of ``targets`` (e.g. one incident's reports), oldest first."""
    if not targets:
        return []
    rows = conn.execute(sa.select(audit_log).where(audit_log.c.target.in_(targets))
                        .order_by(audit_log.c.id).limit(limit)).all()
    return [_entry(r) for r in rows]


def _entry(row: Any) -> dict[str, Any]:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return {"id": row.id, "at": at.isoformat(), "username": row.username, "action": row.action,
            "target": row.target, "before": row.before, "after": row.after}


def export(engine: sa.Engine, fmt: str) -> str:
    """The whole log, oldest first, as ``csv`` or ``jsonl`` (before/after as JSON text in CSV)."""
    with engine.connect() as conn:
        rows = [_entry(r) for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.id))]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for r in rows:
        writer.writerow(spreadsheet.row({**r, "before": json.dumps(r["before"], ensure_ascii=False),
                                         "after": json.dumps(r["after"], ensure_ascii=False)}))
    return out.getvalue()
