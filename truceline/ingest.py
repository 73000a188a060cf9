"""The driver: sources -> clean -> extract -> store, for ``ingest``, ``fetch`` and ``watch``.

It sits above every stage and wires them; no stage imports another stage downstream of it, and the
store knows nothing of readers or extraction. One transaction per document; an input whose content
hash is stored already is skipped before extraction, so running the same command again (after it
finished, or after it was killed) only extracts what is missing.
"""
from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truceline.errors import InputError, StoreError
from truceline.models import RawDocument, Record
from truceline.settings import Settings
from truceline.sources import read_inputs
from truceline.sources.fetch import Fetcher, read_urls
from truceline.sources.watch import PollOutcome, Sink, WatchReport
from truceline.sources.watch import watch as watch_sources
from truceline.store import Store, content_hash, open_store


@dataclass
class IngestSummary:
    """What one ingest did. ``read`` = ``new`` + ``copies`` + ``duplicate`` + ``failed``."""

    read: int = 0
    #: stored as new documents, their items merged into the store.
    new: int = 0
    #: stored as near-duplicates of a stored document (further sources, not further reports).
    copies: int = 0
    #: skipped: the same content hash is stored already.
    duplicate: int = 0
    failed: int = 0
    #: (input, reason) for each failure.
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((source, reason))

    def lines(self) -> list[str]:
        """The summary as printed at the end of an ingest."""
        rate = f" in {self.seconds:.1f} s ({self.read / self.seconds:.1f}/s)" if self.seconds > 0 else ""
        out = [f"read {self.read}, new {self.new}, copies {self.copies}, duplicate {self.duplicate}, "
               f"failed {self.failed}{rate}"]
        out += [f"failed: {source}: {reason}" for source, reason in self.failures]
        return out


Item = str | Path | RawDocument | InputError | Record


def ingest(paths_or_items: Iterable[Item], settings: Settings, progress: bool = True, *,
           store: Store | None = None, extractor: Any = None) -> IngestSummary:
    """Read, extract and store ``paths_or_items`` into ``store`` (default: ``open_store(settings.db)``).

    Items may be paths (read with ``truceline.sources.read_inputs``), ``RawDocument`` and ``InputError``
    items as a reader yields them, or finished ``Record`` objects (stored without extraction). The
    extractor (spaCy) is loaded only when something needs extracting; pass ``extractor`` to reuse one.
    """
    own = store is None
    target = store or open_store(settings.db, settings)
    summary = IngestSummary()
    started = time.perf_counter()
    bar = _Progress(progress and sys.stderr.isatty())
    try:
        with bar:
            _run(_items(paths_or_items, settings), target, settings, summary, extractor, bar)
    finally:
        summary.seconds = time.perf_counter() - started
        if own:
            target.close()
    return summary


def _items(paths_or_items: Iterable[Item], settings: Settings) -> Iterator[RawDocument | InputError | Record]:
    paths: list[str] = []
    for item in paths_or_items:
        if isinstance(item, str | Path):
            paths.append(str(item))
        else:
            yield item
    if paths:
        yield from read_inputs(paths, settings)


def _run(items: Iterator[RawDocument | InputError | Record], store: Store, settings: Settings,
         summary: IngestSummary, extractor: Any, bar: _Progress) -> None:
    keys: deque[str] = deque()
    seen: set[str] = set()

    def to_extract() -> Iterator[RawDocument]:
        for item in items:
            summary.read += 1
            if isinstance(item, InputError):
                summary.fail(item.source, item.reason)
            elif isinstance(item, Record):
                _store(store, item, None, summary)
            else:
                key = content_hash(item.id, item.text or item.html or "")
                if key in seen or store.has(key):
                    summary.duplicate += 1
                else:
                    seen.add(key)
                    keys.append(key)
                    yield item
            bar.update(summary)

    pending = to_extract()
    first = next(pending, None)
    if first is None:
        return
    if extractor is None:
        from truceline.extract.pipeline import Extractor  # spaCy loads only when something needs extracting

        extractor = Extractor(settings)
    # The extractor yields exactly one output per input, in input order: the keys queue lines them up.
    for out in extractor.run(_chain(first, pending)):
        key = keys.popleft()
        if isinstance(out, InputError):
            summary.fail(out.source, out.reason)
        else:
            _store(store, out, key, summary)
        bar.update(summary)


def _chain(first: RawDocument, rest: Iterator[RawDocument]) -> Iterator[RawDocument]:
    yield first
    yield from rest


def _store(store: Store, record: Record, key: str | None, summary: IngestSummary) -> None:
    try:
        added = store.add(record, key)
    except StoreError as exc:
        summary.fail(record.document.source or record.document.id, str(exc))
        return
    if added is None:
        summary.duplicate += 1
    elif added.status == "copy":
        summary.copies += 1
    else:
        summary.new += 1


class _Progress:
    """A rich progress line on a terminal; nothing otherwise (logs and pipes stay clean)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task("ingesting", total=None)
        return self

    def update(self, s: IngestSummary) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=(
                f"ingesting: read {s.read}, new {s.new}, copies {s.copies}, duplicate {s.duplicate}, "
                f"failed {s.failed}"))

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


# ---------------------------------------------------------------- intake: fetch and watch into the store
def store_sink(settings: Settings, store: Any = None, extractor: Any = None) -> Sink:
    """The sink of ``watch``: :func:`ingest` into ``store`` (default ``settings.db``)."""
    def sink(items: list[RawDocument | InputError]) -> Any:
        return ingest(items, settings, progress=False, store=store, extractor=extractor)

    return sink


def fetch_urls(urls: Sequence[str], settings: Settings, *, store: Any = None, extractor: Any = None,
               fetcher: Fetcher | None = None) -> IngestSummary:
    """Fetch each URL once as an HTML page and ingest it."""
    own = fetcher is None
    client = fetcher or Fetcher(settings)
    try:
        return ingest(list(read_urls(urls, settings, fetcher=client)), settings, progress=False, store=store,
                      extractor=extractor)
    finally:
        if own:
            client.close()


def watch(settings: Settings, *, once: bool = False, max_iterations: int | None = None,
          duration: float | None = None, sink: Sink | None = None,
          on_poll: Callable[[PollOutcome], None] | None = None) -> WatchReport:
    """Poll the sources of ``settings.sources_file`` into the store at ``settings.db``."""
    return watch_sources(settings, sink=sink or store_sink(settings), once=once, max_iterations=max_iterations,
                         duration=duration, on_poll=on_poll)
