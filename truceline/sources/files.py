"""Read inputs from files, folders and standard input into ``RawDocument``s.

Kinds, by file name: ``.jsonl``/``.ndjson`` (one JSON object a line), ``.json`` (one object or a list),
``.html``/``.htm``/``.xhtml`` (a web page), anything else a plain text (a scraped page). Standard input
(``-``) is sniffed: JSON, JSON Lines, HTML or plain text.

A bad input never stops the batch: it is yielded as an ``InputError`` naming the input (``file:line``
for a JSON Lines record) and the reason, and reading goes on.

Ids. A JSON record keeps its own ``id``. Everything else gets the file name without its extension
(``news/kyiv-strike.txt`` -> ``kyiv-strike``; stdin -> ``stdin``); JSON records without an id get the
stem and their line or index (``feed-3``). A derived id already used in the batch gets ``-2``, ``-3``...
so ids are unique and stable for the same inputs in the same order.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..errors import InputError, InputFormatError, TooLargeError
from ..models import RawDocument
from ..settings import Settings
from .encoding import decode

JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
STDIN = "-"

Item = RawDocument | InputError


def read_inputs(paths: Sequence[str], settings: Settings, *, published: dt.date | None = None,
                url: str | None = None) -> Iterator[Item]:
    """Yield a ``RawDocument`` for each document in ``paths`` and an ``InputError`` for each bad one.

    ``published`` and ``url`` describe a single plain input (one text or HTML file, or stdin holding
    one); with several inputs, or JSON records (which carry their own), they are not applied.
    """
    files = _once(_expand(paths))
    single = len(files) == 1
    ids = _Ids()
    for entry in files:
        if isinstance(entry, InputError):
            yield entry
            continue
        for item in _read_one(entry, settings, ids):
            if single and entry.plain and isinstance(item, RawDocument):
                item.published = published or item.published
                item.source = url or item.source
            yield item


def _once(entries: Iterator[_Entry | InputError]) -> list[_Entry | InputError]:
    """Each file once, however many of the given paths reach it (a folder and a file in it, a link, "a/../a"):
    a document's identity does not depend on the path it was reached through."""
    seen: set[str] = set()
    out: list[_Entry | InputError] = []
    for entry in entries:
        if isinstance(entry, _Entry) and entry.path != STDIN:
            real = os.path.realpath(entry.path)
            if real in seen:
                continue
            seen.add(real)
        out.append(entry)
    return out


class _Entry:
    """One file (or stdin) to read; ``plain`` once it is known to hold a single text or HTML page."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.plain = False


def _expand(paths: Sequence[str]) -> Iterator[_Entry | InputError]:
    for raw in paths:
        if raw == STDIN:
            yield _Entry(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield _Entry(str(file))
            if not found:
                yield InputError(raw, "folder holds no readable files")
        elif path.is_file():
            yield _Entry(raw)
        elif path.exists():
            yield InputFormatError(raw, "not a regular file")
        else:
            yield InputError(raw, "no such file or folder")


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder`` in sorted path order, skipping hidden files and folders."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath) / name for name in filenames if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def own(self, value: str) -> str:
        self.used.add(value)
        return value

    def derived(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def _read_one(entry: _Entry, settings: Settings, ids: _Ids) -> Iterator[Item]:
    name = entry.path
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    stem = Path(name).stem if name != STDIN else "stdin"
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(name, stem, settings, ids)
        return
    if name != STDIN and name.lower().endswith((".warc", ".warc.gz")):
        # imported here: warcio and httpx are only needed for archives
        from .warc import read_warc

        yield from read_warc(name, settings)
        return
    try:
        data = _read_bytes(name, settings)
        text = decode(data, name)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    kind = _kind(suffix, text)
    entry.plain = kind not in ("jsonl", "json")
    yield from _text_items(name, stem, kind, text, ids, name if name != STDIN else None)


def _text_items(name: str, stem: str, kind: str, text: str, ids: Any, source: str | None) -> Iterator[Item]:
    """The items of a whole decoded file of ``kind`` (:func:`_kind`): its lines, its JSON, or one page."""
    if kind == "jsonl":
        yield from _jsonl_lines(name, stem, text.splitlines(), ids)
    elif kind == "json":
        yield from _read_json(name, stem, text, ids)
    else:
        doc = RawDocument(id=ids.derived(stem), source=source)
        if kind == "html":
            doc.html = text
        else:
            doc.text = text
        yield doc


def _read_bytes(name: str, settings: Settings) -> bytes:
    limit = settings.max_input_bytes
    if name == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
    else:
        size = os.stat(name).st_size
        if size > limit:
            raise TooLargeError(name, f"{size} bytes, over the limit of {limit} (max_input_bytes)")
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(name, f"over the limit of {limit} bytes (max_input_bytes)")
    return data


def _kind(suffix: str, text: str) -> str:
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix:
        return "text"
    # No suffix to go by (stdin, extensionless files): look at the content.
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        try:
            json.loads(text)
            return "json"
        except (json.JSONDecodeError, RecursionError):
            return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head and "</" in text):
        return "html"
    return "text"


def _read_jsonl(name: str, stem: str, settings: Settings, ids: _Ids) -> Iterator[Item]:
    """Stream a JSON Lines file: the size limit applies to each record, not to the whole file."""
    limit = settings.max_input_bytes
    try:
        fh = open(name, "rb")
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        for number, line in enumerate(fh, 1):
            where = f"{name}:{number}"
            if len(line) > limit:
                yield TooLargeError(where, f"{len(line)} bytes, over the limit of {limit} (max_input_bytes)")
                continue
            if not line.strip():
                continue
            try:
                text = decode(line, where)
            except InputError as exc:
                yield exc
                continue
            yield _record_or_error(text, where, f"{stem}-{number}", name, ids)


def _jsonl_lines(name: str, stem: str, lines: list[str], ids: _Ids) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield _record_or_error(line, f"{name}:{number}", f"{stem}-{number}", name, ids)


def _record_or_error(line: str, where: str, fallback_id: str, name: str, ids: _Ids) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputFormatError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputFormatError(where, "JSON nested too deeply to read")
    try:
        doc = _record(obj, fallback_id, name, ids)
    except InputFormatError as exc:
        return InputFormatError(where, exc.reason)
    doc.origin = where
    return doc


def _read_json(name: str, stem: str, text: str, ids: _Ids) -> Iterator[Item]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputFormatError(name, f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield InputFormatError(name, "JSON nested too deeply to read")
        return
    if isinstance(obj, dict):
        try:
            yield _record(obj, stem, name, ids)
        except InputFormatError as exc:
            yield InputFormatError(name, exc.reason)
        return
    if not isinstance(obj, list):
        yield InputFormatError(name, "JSON input must be an object or a list of objects")
        return
    for index, item in enumerate(obj, 1):
        try:
            yield _record(item, f"{stem}-{index}", name, ids)
        except InputFormatError as exc:
            yield InputFormatError(f"{name}[{index}]", exc.reason)


def _record(obj: Any, fallback_id: str, name: str, ids: _Ids) -> RawDocument:
    if not isinstance(obj, dict):
        raise InputFormatError(name, "a record must be a JSON object")
    text, html = obj.get("text"), obj.get("html")
    for field, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputFormatError(name, f"field {field!r} must be a string")
    if not (text and text.strip()) and not (html and html.strip()):
        raise InputFormatError(name, "record without text or html")
    own = obj.get("id")
    doc_id = ids.own(str(own)) if own not in (None, "") else ids.derived(fallback_id)
    url = obj.get("url")
    return RawDocument(
        id=doc_id,
        source=str(url) if url else (name if name != STDIN else None),
        text=text if text and text.strip() else None,
        html=html if html and html.strip() else None,
        published=parse_date(obj.get("published")),
        title=_str_or_none(obj.get("title")),
        outlet=_str_or_none(obj.get("outlet")),
    )


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
