"""The Parquet tables of a batch: records to typed rows and back, each shard's files written atomically.

One folder per table (``documents``, ``actors``, ``statements``, ``acts``, ``agreements``, ``incidents``,
``copies``), one file per shard in each (``part-00042.parquet``), so that ``pyarrow.dataset`` or pandas
reads a table whole. Columns carry the truceline.v1 field names (``spec/RECORDS.md``) with their types
(dates as ``date32``, integers as ``int64``, ``evidence`` and ``location`` as structs, lists as lists,
derived from the dataclasses of :mod:`truceline.models`), plus
the keys that tie a row to its document: ``shard`` and ``seq`` (the document's place in the shard,
unique where ids may not be), ``document_id`` and, for items, ``item`` (its place in its list).

The rows hold everything a :class:`~truceline.models.Record` holds, so :func:`records` gives back records
equal to those extracted: ``truceline load`` stores them through the same path as ``ingest``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import types
import typing
import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from truceline.models import Document, Record

_KEYS = [("shard", pa.int32()), ("seq", pa.int32()), ("document_id", pa.string()), ("item", pa.int32())]
#: the column (or struct field) naming a subclass of the declared class ("truceline.resolve.places:PlaceLocation")
CLASS = "class"
#: the record's lists, one table each: {"actors": Actor, "statements": Statement, ...}
ITEM_CLASSES: dict[str, type] = {
    f.name: typing.get_args(typing.get_type_hints(Record)[f.name])[0] for f in dataclasses.fields(Record)
    if f.name != "document"}
ITEMS = tuple(ITEM_CLASSES)

# A document that repeats an earlier one of the batch: "duplicate" (the same input, which the store skips)
# or "copy" (a near-duplicate, which the store keeps as a further source of its canonical document, not as
# further reports of its items). Count items without these to count as the store does.
COPIES = pa.schema([
    ("shard", pa.int32()), ("seq", pa.int32()), ("document_id", pa.string()), ("content_hash", pa.string()),
    ("kind", pa.string()), ("canonical_shard", pa.int32()), ("canonical_seq", pa.int32()),
    ("canonical_id", pa.string()), ("similarity", pa.float64()), ("reason", pa.string())])


# ---------------------------------------------------------------- types: derived from truceline.models
# The columns follow the dataclasses, so a field added to a model (or to a subclass the pipeline makes,
# such as a location with how it was resolved) is a column without a change here, and records still come
# back equal. Types other than str, int, float, bool, date, lists and dataclasses are kept as JSON text.
@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _subclasses(cls: type) -> tuple[type, ...]:
    """The dataclass subclasses of ``cls`` the pipeline can produce (its modules imported first)."""
    from truceline.extract.pipeline import stages

    stages()
    found: list[type] = []
    todo: list[type] = list(cls.__subclasses__())
    while todo:
        sub = todo.pop(0)
        if dataclasses.is_dataclass(sub) and sub.__module__.startswith("truceline."):
            found.append(sub)
        todo += sub.__subclasses__()
    return tuple(sorted(found, key=_name))


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else Any
    return tp


def _fields(cls: type) -> list[tuple[str, Any]]:
    """``(name, type)`` of ``cls``'s fields, then those its subclasses add, then the class column."""
    out = {f.name: _hints(cls)[f.name] for f in dataclasses.fields(cls)}
    subs = _subclasses(cls)
    for sub in subs:
        out.update({f.name: _hints(sub)[f.name] for f in dataclasses.fields(sub) if f.name not in out})
    return list(out.items()) + ([(CLASS, str)] if subs else [])


def arrow_type(tp: Any) -> pa.DataType:
    tp = _optional(tp)
    if typing.get_origin(tp) is list:
        return pa.list_(arrow_type(typing.get_args(tp)[0]))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return pa.struct([(name, arrow_type(t)) for name, t in _fields(tp)])
    simple = {str: pa.string(), bool: pa.bool_(), int: pa.int64(), float: pa.float64(), dt.date: pa.date32()}
    return simple.get(tp, pa.string())


def _encode(tp: Any, value: Any) -> Any:
    tp = _optional(tp)
    if value is None:
        return None
    if typing.get_origin(tp) is list:
        return [_encode(typing.get_args(tp)[0], v) for v in value]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _encode_object(tp, value)
    if tp in (str, bool, int, float, dt.date):
        return value
    return json.dumps(value, default=str)


def _encode_object(declared: type, value: Any) -> dict[str, Any]:
    cls: type = type(value)
    out = {f.name: _encode(_hints(cls)[f.name], getattr(value, f.name)) for f in dataclasses.fields(cls)}
    if _subclasses(declared):
        out[CLASS] = None if cls is declared else _name(cls)
    return out


def _decode(tp: Any, value: Any) -> Any:
    tp = _optional(tp)
    if value is None:
        return None
    if typing.get_origin(tp) is list:
        return [_decode(typing.get_args(tp)[0], v) for v in value]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _decode_object(tp, value)
    if tp in (str, bool, int, float, dt.date):
        return value
    return json.loads(value)


def _decode_object(declared: type, row: dict[str, Any]) -> Any:
    cls = declared
    if row.get(CLASS):
        named = {_name(sub): sub for sub in _subclasses(declared)}
        if row[CLASS] not in named:
            raise ValueError(f"unknown record class {row[CLASS]!r} (written by another version of Truceline?)")
        cls = named[row[CLASS]]
    return cls(**{f.name: _decode(_hints(cls)[f.name], row.get(f.name)) for f in dataclasses.fields(cls) if f.init})


@functools.cache
def schema(table: str) -> pa.Schema:
    if table == "copies":
        return COPIES
    if table == "documents":
        return pa.schema([("shard", pa.int32()), ("seq", pa.int32()), ("content_hash", pa.string()),
                          *[(name, arrow_type(t)) for name, t in _fields(Document)],
                          # Truceline's: the MinHash signature near-duplicates are found with (see copies)
                          ("signature", pa.binary())])
    return pa.schema(_KEYS + [(name, arrow_type(t)) for name, t in _fields(ITEM_CLASSES[table])])


#: the tables a shard task writes, and ``copies``, written once all shards are done
TABLES = ("documents", *ITEMS, "copies")


def part(out: str, table: str, shard: int) -> str:
    return f"{out.rstrip('/')}/{table}/part-{shard:05d}.parquet"


def rows(shard: int, seq: int, key: str, record: Record, signature: bytes | None) -> dict[str, list[dict]]:
    """The rows of one record, by table."""
    out: dict[str, list[dict]] = {"documents": [
        {"shard": shard, "seq": seq, "content_hash": key, **_encode_object(Document, record.document),
         "signature": signature}]}
    for table, cls in ITEM_CLASSES.items():
        out[table] = [{"shard": shard, "seq": seq, "document_id": record.document.id, "item": n,
                       **_encode_object(cls, obj)} for n, obj in enumerate(getattr(record, table))]
    return out


def write(fs: Any, out: str, table: str, shard: int, table_rows: list[dict]) -> None:
    """One shard's file of one table, written beside its place and moved there: a reader (or a re-run after
    a crash) never meets a half-written file."""
    data = pa.Table.from_pylist(table_rows, schema=schema(table))
    final = part(out, table, shard)
    fs.makedirs(os.path.dirname(final), exist_ok=True)
    tmp = f"{final}.{uuid.uuid4().hex[:8]}.tmp"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(data, fh, compression="zstd")
    fs.mv(tmp, final)


def read(fs: Any, out: str, table: str, shard: int, columns: list[str] | None = None) -> pa.Table:
    with fs.open(part(out, table, shard), "rb") as fh:
        return pq.read_table(fh, columns=columns)


def records(fs: Any, out: str, shard: int) -> Iterator[tuple[str, Record]]:
    """``(content hash, record)`` for each document of a shard, in its order."""
    items: dict[str, dict[int, list[dict]]] = {}
    for table in ITEMS:
        by_seq: dict[int, list[dict]] = defaultdict(list)
        for row in read(fs, out, table, shard).to_pylist():
            by_seq[row["seq"]].append(row)
        items[table] = by_seq
    docs = read(fs, out, "documents", shard).drop_columns(["signature"])
    for doc in sorted(docs.to_pylist(), key=lambda d: d["seq"]):
        parts = {table: [_decode_object(cls, row) for row in sorted(items[table].get(doc["seq"], []),
                                                                   key=lambda r: r["item"])]
                 for table, cls in ITEM_CLASSES.items()}
        yield doc["content_hash"], Record(document=_decode_object(Document, doc), **parts)
