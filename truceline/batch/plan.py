"""Planning a batch: the inputs as files in order, each file's items, and shards of those items.

``ingest`` reads everything in one pass of :func:`truceline.sources.read_inputs`, which gives each
document an id that depends on the files read before it (two ``x.txt`` in different folders become
``x`` and ``x-2``). A batch reads its shards on many machines at once, yet loading it must equal
ingesting the same inputs, so it reads in two passes:

1. planning (parallel, a task per group of files) runs the readers over each file and notes, for each
   item it yields, where it starts (the byte offset of a JSON Lines line or a WARC record) and which id
   it asks for (its own, or one derived from the file name);
2. the driver hands out the ids in input order with the readers' own rule (``files._Ids``), as one
   ``read_inputs`` pass would, and cuts the items into shards;
3. each shard task reads its items again from those offsets and gives them the planned ids.

Planning costs one extra read of the inputs, small beside extraction (about 5% on a WARC); its result is
kept in the output folder and reused for files whose size and modification time did not change.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from warcio.exceptions import ArchiveLoadFailed

from truceline.errors import InputError, TooLargeError
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources import files, warc
from truceline.sources.encoding import decode

#: the kinds of input file a batch splits: WARC archives and JSON Lines by record, anything else whole
WARC, JSONL, SINGLE = "warc", "jsonl", "single"


class Item(NamedTuple):
    """One item a reader yields: a document, or an error line (``ask`` None, ``value`` the reason)."""

    at: int  # byte offset of its line or WARC record; -1 for an archive-level error; 0 in a whole file
    line: int  # its line number in a JSON Lines file, else 0
    ask: str | None  # "own" or "derived" (an id asked of files._Ids), "fixed" (a WARC page's), None
    value: str  # the id asked for, or the error's reason
    source: str = ""  # an error's input


@dataclass
class FilePlan:
    name: str  # the path or URL as given (or found in a folder given): the documents' source
    #: where workers read it: a URL, or the absolute path (a worker's working folder is not the driver's)
    path: str
    tag: str  # size and modification time, to tell a changed file
    kind: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Segment:
    """The items ``start:stop`` of one file, with the ids handed out to its documents."""

    name: str
    path: str
    kind: str
    tag: str
    items: list[Item]
    ids: list[str]


@dataclass
class Shard:
    index: int
    segments: list[Segment]
    #: error lines of the inputs themselves (a missing file), which no reader gets to see
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(s.items) for s in self.segments) + len(self.errors)

    def spec(self) -> str:
        """A digest of what the shard reads: a shard done with another spec is done again."""
        h = hashlib.sha256()
        for s in self.segments:
            h.update(json.dumps([s.name, s.tag, s.kind, s.ids, [list(i) for i in s.items]]).encode())
        h.update(json.dumps(self.errors).encode())
        return h.hexdigest()[:16]


# ---------------------------------------------------------------- the inputs as files
def is_url(name: str) -> bool:
    return "://" in name


def kind_of(name: str) -> str:
    # The same order of tests as files._read_one: a JSON Lines suffix first, then WARC.
    if Path(name).suffix.lower() in files.JSONL_SUFFIXES:
        return JSONL
    return WARC if warc.is_warc(name) else SINGLE


def expand(inputs: list[str]) -> list[tuple[str, str, str] | InputError]:
    """``(name, path, tag)`` for each file the inputs reach, in the order ``read_inputs`` reads them (a folder's
    files sorted, hidden ones skipped, each file once); an ``InputError`` for an input that reaches none."""
    out: list[tuple[str, str, str] | InputError] = []
    seen: set[str] = set()
    for raw in inputs:
        found = _remote(raw) if is_url(raw) else _local(raw)
        for entry in found:
            if isinstance(entry, InputError):
                out.append(entry)
                continue
            name, tag = entry
            key = name if is_url(name) else os.path.realpath(name)
            if key not in seen:
                seen.add(key)
                out.append((name, name if is_url(name) else os.path.abspath(name), tag))
    return out


def _local(raw: str) -> list[tuple[str, str] | InputError]:
    out: list[tuple[str, str] | InputError] = []
    for entry in files._expand([raw]):
        if isinstance(entry, InputError):
            out.append(entry)
        else:
            st = os.stat(entry.path)
            out.append((entry.path, f"{st.st_size}:{st.st_mtime_ns}"))
    return out


def _remote(raw: str) -> list[tuple[str, str] | InputError]:
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(raw)
    except (ImportError, ValueError) as exc:  # s3fs, gcsfs... not installed, or an unknown protocol
        return [InputError(raw, f"cannot open: {exc}")]
    try:
        if fs.isdir(path):
            infos = fs.find(path, detail=True)
            root = path.rstrip("/") + "/"
            keep = {p: i for p, i in infos.items()
                    if not any(part.startswith(".") for part in p[len(root):].split("/"))}
            if not keep:
                return [InputError(raw, "folder holds no readable files")]
            ordered = sorted(keep, key=lambda p: p[len(root):].split("/"))
            return [(fs.unstrip_protocol(p), _tag(keep[p])) for p in ordered]
        if fs.isfile(path):
            return [(raw, _tag(fs.info(path)))]
        if any(c in path for c in "*?["):
            matches = sorted(fs.glob(path))
            if matches:
                return [(fs.unstrip_protocol(p), _tag(fs.info(p))) for p in matches]
        return [InputError(raw, "no such file or folder")]
    except OSError as exc:
        return [InputError(raw, f"cannot list: {exc}")]


def _tag(info: dict[str, Any]) -> str:
    changed = next((info[k] for k in ("mtime", "LastModified", "ETag", "etag", "md5Hash", "updated")
                    if info.get(k)), "")
    return f"{info.get('size')}:{changed}"


def _open(name: str) -> IO[bytes]:
    if is_url(name):
        import fsspec

        return fsspec.open(name, "rb").open()
    return open(name, "rb")


# ---------------------------------------------------------------- reading (planning and shards)
class _Asked:
    """The ids object of a planning pass: notes what each document asks for and answers a placeholder."""

    def __init__(self) -> None:
        self.asks: list[tuple[str, str]] = []

    def own(self, value: str) -> str:
        self.asks.append(("own", value))
        return value

    def derived(self, base: str) -> str:
        self.asks.append(("derived", base))
        return base


class _Given:
    """The ids object of a shard's read: answers the ids the driver handed out, in order."""

    def __init__(self, ids: list[str]) -> None:
        self._ids = iter(ids)

    def own(self, value: str) -> str:
        # "" once the planned ids run out: the input changed, which read_segment then reports
        return next(self._ids, "")

    derived = own


def _single(name: str, path: str, settings: Settings, ids: Any) -> Iterator[files.Item]:
    """A whole text, HTML or JSON file (or one whose kind is sniffed), as ``files._read_one`` reads it."""
    limit = settings.max_input_bytes
    try:
        with _open(path) as fh:
            size = fh.seek(0, os.SEEK_END)
            if size > limit:
                yield TooLargeError(name, f"{size} bytes, over the limit of {limit} (max_input_bytes)")
                return
            fh.seek(0)
            text = decode(fh.read(limit + 1), name)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    yield from files._text_items(name, Path(name).stem, files._kind(Path(name).suffix.lower(), text), text, ids, name)


def _jsonl(fh: IO[bytes], name: str, settings: Settings, ids: Any, line: int = 0
           ) -> Iterator[tuple[int, int, files.Item]]:
    """``(offset, line number, item)`` from the current position of ``fh``, whose line is ``line + 1``:
    ``files._read_jsonl`` from a byte offset (the size limit applies to each line)."""
    limit, stem = settings.max_input_bytes, Path(name).stem
    offset = fh.tell()
    for raw in iter(fh.readline, b""):
        line += 1
        at, offset = offset, offset + len(raw)
        where = f"{name}:{line}"
        if len(raw) > limit:
            yield at, line, TooLargeError(where, f"{len(raw)} bytes, over the limit of {limit} (max_input_bytes)")
            continue
        if not raw.strip():
            continue
        try:
            text = decode(raw, where)
        except InputError as exc:
            yield at, line, exc
            continue
        yield at, line, files._record_or_error(text, where, f"{stem}-{line}", name, ids)


def _warc(fh: IO[bytes], name: str, settings: Settings) -> Iterator[tuple[int, RawDocument | InputError]]:
    """``(offset, item)`` for each page of the archive from the current position of ``fh`` (a record's
    start): ``warc.read_warc`` record by record."""
    from warcio.archiveiterator import ArchiveIterator

    seen: dict[str, int] = {}
    records = ArchiveIterator(fh)
    for record in records:
        item = warc._page(record, name, settings, seen)
        if item is not None:
            # after _page: asking for the offset reads the record to its end
            yield records.get_record_offset(), item


def plan_file(name: str, path: str, tag: str, settings: Settings) -> FilePlan:
    """Run the reader over one file and note its items (a planning task)."""
    kind = kind_of(name)
    plan = FilePlan(name, path, tag, kind)
    asked = _Asked()

    def note(at: int, line: int, item: files.Item) -> None:
        if isinstance(item, InputError):
            plan.items.append(Item(at, line, None, item.reason, item.source))
        elif kind == WARC:
            plan.items.append(Item(at, line, "fixed", item.id))
        else:
            ask, value = asked.asks[-1]
            plan.items.append(Item(at, line, ask, value))

    if kind == SINGLE:
        for item in _single(name, path, settings, asked):
            note(0, 0, item)
        return plan
    try:
        fh = _open(path)
    except OSError as exc:
        plan.items.append(Item(-1, 0, None, f"cannot read: {exc.strerror or exc}", name))
        return plan
    with fh:
        if kind == JSONL:
            for at, line, item in _jsonl(fh, name, settings, asked):
                note(at, line, item)
            return plan
        try:
            for at, item in _warc(fh, name, settings):
                note(at, 0, item)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:  # as warc.read_warc says it
            plan.items.append(Item(-1, 0, None, f"not a readable WARC archive: {exc}".strip(), name))
            return plan
    if not any(i.ask for i in plan.items):
        plan.items.append(Item(-1, 0, None, "no HTML pages in the WARC archive", name))
    return plan


def plan_files(entries: list[tuple[str, str, str]], settings: Settings) -> list[FilePlan]:
    """A planning task: several files, planned one after the other."""
    return [plan_file(name, path, tag, settings) for name, path, tag in entries]


def read_segment(seg: Segment, settings: Settings) -> Iterator[RawDocument | InputError]:
    """The segment's items, read again with the ids planned for them (a shard task's reading)."""
    planned = [i for i in seg.items if i.at >= 0]
    got: list[RawDocument | InputError] = []
    try:
        if seg.kind == SINGLE:
            got = list(_single(seg.name, seg.path, settings, _Given(seg.ids)))
        elif planned:
            with _open(seg.path) as fh:
                fh.seek(planned[0].at)
                stream: Iterator[RawDocument | InputError]
                if seg.kind == JSONL:
                    stream = (item for _, _, item in
                              _jsonl(fh, seg.name, settings, _Given(seg.ids), planned[0].line - 1))
                else:
                    stream = (item if at == want else InputError(seg.name, "changed since the batch was planned")
                              for want, (at, item) in zip((i.at for i in planned), _warc(fh, seg.name, settings),
                                                          strict=False))
                # planned first: zip stops there without reading a record past the segment
                for want, item in zip(planned, stream, strict=False):
                    if isinstance(item, RawDocument) and want.ask == "fixed":
                        item.id = want.value
                    got.append(item)
        if seg.kind != SINGLE:
            got += [InputError(i.source, i.value) for i in seg.items if i.at < 0]
    except Exception as exc:  # a file gone or truncated since planning: each of its items fails, not the shard
        got = [InputError(seg.name, f"cannot read again: {type(exc).__name__}: {exc}")]
    if len(got) != len(seg.items) or any(isinstance(g, RawDocument) != bool(i.ask)
                                         for g, i in zip(got, seg.items, strict=False)):
        # Not what was planned: ids would be handed to the wrong documents, so none of them is read.
        reason = "changed since the batch was planned; run the batch again"
        if len(got) == 1 and isinstance(got[0], InputError) and got[0].reason.startswith("cannot read again"):
            reason = got[0].reason
        yield from (InputError(i.source or seg.name, reason) for i in seg.items)
        return
    yield from got


# ---------------------------------------------------------------- ids and shards
def shards(plans: list[FilePlan | InputError], size: int) -> list[Shard]:
    """Ids handed out in input order, as one ``read_inputs`` pass would, and the items cut into shards of
    about ``size`` (a whole file is never split: a shard may run over by the rest of one)."""
    ids = files._Ids()
    out: list[Shard] = [Shard(0, [])]

    def room() -> Shard:
        if out[-1].size >= size:
            out.append(Shard(len(out), []))
        return out[-1]

    for plan in plans:
        if isinstance(plan, InputError):
            room().errors.append((plan.source, plan.reason))
            continue
        given = [ids.own(i.value) if i.ask == "own" else ids.derived(i.value) if i.ask == "derived" else i.value
                 for i in plan.items if i.ask]
        start = used = 0
        while start < len(plan.items):
            shard = room()
            stop = len(plan.items) if plan.kind == SINGLE else min(len(plan.items), start + size - shard.size)
            part = plan.items[start:stop]
            asking = sum(1 for i in part if i.ask)
            shard.segments.append(Segment(plan.name, plan.path, plan.kind, plan.tag, part,
                                          given[used:used + asking]))
            start, used = stop, used + asking
    return [s for s in out if s.size]
