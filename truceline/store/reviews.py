"""Review: analysts confirm, correct or reject extracted items; corrections outlive re-extraction.

An item is named by what stays the same when its document is extracted or ingested again: the record's
document id, the item kind, and its place in the text -- the evidence span, plus its rank among items of
the same kind with the same span (two incidents in one sentence). The store's row ids are not used as
keys: they change on every re-ingest. A review is applied over whatever row carries that name when it is
read, so a re-extracted item shows its correction again.

Every change writes an audit entry (who, when, before, after) in the same transaction. Who may review
is the web app's policy (``truceline.serve.security``); this module stores what it is given.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar, overload

import sqlalchemy as sa

from truceline.errors import AccessError
from truceline.models import ENERGY_TARGETS

from . import schema as t
from .audit import Who, record
from .corrections import ACTOR_FIELDS, BY_NAME, FIELDS, MAX_INTEGER, validate
from .db import writing
from .reviewed import TABLES, incident_corrections, item_names, rejected_incidents, reviews_for, same
from .rows import Incident, IncidentDetail, Reviewed
from .serve_tables import reviews

ACTIONS = ("confirm", "correct", "reject")
KINDS = ("statement", "act", "incident", "agreement")
#: reading reviews back (``rejected_incidents`` and the rest) is the store's: ``truceline.store.reviewed``.
#: what may be corrected and how it is checked is ``truceline.store.corrections``'s (re-exported here).
__all__ = ["ACTIONS", "ACTOR_FIELDS", "BY_NAME", "FIELDS", "KINDS", "MAX_INTEGER", "TABLES", "item_key",
           "count_reviews", "list_reviews", "overlay", "overlay_incidents", "rejected_incidents", "review_item",
           "validate"]


def item_key(conn: sa.Connection, kind: str, row_id: int) -> tuple[str, str, dict[str, Any]]:
    """(document id, item key, the row as stored) of one extracted item."""
    if kind not in TABLES:
        raise AccessError(f"unknown item kind {kind!r}: use one of {', '.join(KINDS)}", 404)
    table = TABLES[kind]
    row = conn.execute(sa.select(table, t.documents.c.doc_id).join(t.documents, table.c.document_id ==
                                                                   t.documents.c.id)
                       .where(table.c.id == row_id)).first()
    if row is None:
        raise AccessError(f"no {kind} {row_id}", 404)
    rank = conn.execute(sa.select(sa.func.count()).select_from(table).where(
        table.c.document_id == row.document_id, same(table.c.ev_start, row.ev_start),
        same(table.c.ev_end, row.ev_end), table.c.id < row_id)).scalar_one()
    original = {k: _plain(v) for k, v in row._mapping.items() if k not in ("doc_id",)}
    return row.doc_id, f"{row.ev_start}:{row.ev_end}:{rank}", original


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def review_item(engine: sa.Engine, principal: Who, kind: str, row_id: int, action: str,
                changes: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
    """Confirm, correct or reject one item as ``principal``; returns the review as stored."""
    if principal.user_id is None:
        raise AccessError("a review needs a signed-in user", 403)
    if action not in ACTIONS:
        raise AccessError(f"unknown action {action!r}: use one of {', '.join(ACTIONS)}", 422)
    with writing(engine) as conn:
        doc_key, key, original = item_key(conn, kind, row_id)
        corrected = validate(conn, kind, changes or {}) if action == "correct" else {}
        where = (reviews.c.doc_key == doc_key, reviews.c.kind == kind, reviews.c.item_key == key)
        old = conn.execute(sa.select(reviews).where(*where)).first()
        after = {"action": action, "corrected": corrected, "note": note}
        values = {"action": action, "corrected": corrected, "note": note, "user_id": principal.user_id,
                  "updated_at": dt.datetime.now(dt.UTC)}
        if old is None:
            before: dict[str, Any] = {"action": None, "item": original}
            conn.execute(reviews.insert().values(doc_key=doc_key, kind=kind, item_key=key, original=original,
                                                 **values))
        else:
            before = {"action": old.action, "corrected": old.corrected, "note": old.note}
            conn.execute(reviews.update().where(*where).values(**values))
        record(conn, principal, f"review.{action}", f"{kind}:{doc_key}:{key}", before, after)
    return {"kind": kind, "document": doc_key, "item_key": key, **after, "by": principal.username}


def _stamp(row: Any) -> dict[str, Any]:
    return {"action": row.action, "corrected": row.corrected, "note": row.note,
            "updated_at": (row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=dt.UTC))
            .isoformat()}


#: a reviewable row of ``truceline.store.listing`` (a statement, act, incident report or agreement report)
_Item = TypeVar("_Item", bound=Reviewed)


def overlay(conn: sa.Connection, kind: str, items: list[_Item]) -> list[_Item]:
    """Apply reviews to per-document items (dicts with ``id``): corrected fields replace extracted ones and
    each item gets ``review`` (None when unreviewed); rejected items stay, marked, so lists keep their totals."""
    keys = item_names(conn, kind, [item["id"] for item in items])
    found = reviews_for(conn, kind, set(keys.values()))
    for item in items:
        name = keys.get(item["id"])
        row = found.get(name) if name else None
        item["review_key"] = f"{name[0]}|{name[1]}" if name else None
        item["review"] = _stamp(row) if row is not None else None
        if row is not None and row.action == "correct":
            item.update(row.corrected)
    return items


@overload
def overlay_incidents(conn: sa.Connection, items: list[Incident]) -> list[Incident]: ...
@overload
def overlay_incidents(conn: sa.Connection, items: list[IncidentDetail]) -> list[IncidentDetail]: ...
def overlay_incidents(conn: sa.Connection, items: list[Any]) -> list[Any]:
    """Apply reviews of incident reports to merged incidents: corrections (newest last) fill the incident's
    fields; an incident is rejected when every report of it is (see ``incident_corrections``)."""
    verdicts = incident_corrections(conn, [item["id"] for item in items])
    moved = {v.corrected["perpetrator_id"] for v in verdicts.values() if v.corrected.get("perpetrator_id")}
    countries = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.country).where(t.actors.c.id.in_(moved)))
                     .all()) if moved else {}
    for item in items:
        verdict = verdicts.get(item["id"])
        item["review"] = None
        if verdict is None:
            continue
        item.update(verdict.corrected)
        if "perpetrator_id" in verdict.corrected:
            item["perpetrator_country"] = countries.get(verdict.corrected["perpetrator_id"])
        if "target" in verdict.corrected:
            item["target_class"] = "energy" if verdict.corrected["target"] in ENERGY_TARGETS else item["target"]
        item["review"] = _stamp(verdict.row) | {"action": verdict.action}
    return items


def count_reviews(conn: sa.Connection) -> int:
    """How many items have a review (what ``list_reviews`` pages through)."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar_one())


def list_reviews(conn: sa.Connection, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(reviews).order_by(reviews.c.updated_at.desc()).limit(limit).offset(offset)).all()
    return [{"kind": r.kind, "document": r.doc_key, "item_key": r.item_key, **_stamp(r)} for r in rows]
