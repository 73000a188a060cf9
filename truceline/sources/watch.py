"""Live intake: fetch pages once (``truceline fetch``) or poll every source on its interval (``truceline watch``).

A poll of a feed fetches it conditionally (ETag, Last-Modified), follows the items not taken before to
their pages, and hands the pages to a sink: the driver's (``truceline.ingest``) cleans, extracts and
stores them, one transaction per document. Idempotent twice over: an item's key (guid or link) is
remembered once its page was fetched or refused for good, and the store skips content it holds
already (the hash of the URL-derived id and the page). A page source is fetched conditionally and
stored again only when its content changed.

A failing source (no answer, a malformed feed, a refused address, a bug) is recorded in its state and
never stops the others. Polls run one source at a time: the per-host rate limit and the extraction, not
the polling, bound the throughput.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BlockedURLError, FetchError, InputError, TrucelineError
from ..models import RawDocument
from ..settings import Settings
from .feeds import FeedItem, poll_feed
from .fetch import PAGE_TYPES, Fetcher, page_document
from .registry import Source, SourceState, load_sources, load_state, now_iso, save_state

log = logging.getLogger("truceline.watch")

#: Hands fetched pages (and the errors met fetching them) on; the driver's sink stores them (``truceline.ingest``).
Sink = Callable[[list[RawDocument | InputError]], Any]


@dataclass
class PollOutcome:
    source: str
    ok: bool
    error: str | None = None
    #: items the feed listed (1 for a page that changed, 0 when not modified).
    listed: int = 0
    #: items not taken before, whose pages were fetched.
    fetched: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    seconds: float = 0.0


@dataclass
class WatchReport:
    polls: list[PollOutcome] = field(default_factory=list)
    iterations: int = 0
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(p.new for p in self.polls)

    @property
    def errors(self) -> list[PollOutcome]:
        return [p for p in self.polls if not p.ok]


class Watcher:
    """Polls the sources of ``settings.sources_file``; see :func:`watch` for the loop."""

    def __init__(self, settings: Settings, *, sink: Sink, fetcher: Fetcher | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.sink = sink
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(settings)
        self.clock = clock
        self.sleep = sleep
        self.path = Path(settings.sources_file)
        self.due: dict[str, float] = {}

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def poll(self, source: Source) -> PollOutcome:
        """Poll one source now, update and save its state; never raises for the source's own failures."""
        started = self.clock()
        states = load_state(self.path)
        state = states.setdefault(source.name, SourceState())
        state.polls += 1
        state.last_polled = now_iso()
        outcome = PollOutcome(source=source.name, ok=True)
        try:
            if source.kind == "feed":
                self._poll_feed(source, state, outcome)
            else:
                self._poll_page(source, state, outcome)
        except InputError as exc:
            self._failed(state, outcome, str(exc))
        except TrucelineError as exc:  # the store or the pipeline refused: the source is not to blame,
            self._failed(state, outcome, str(exc))  # but the poll did fail and will be retried
        except Exception as exc:  # a bug while polling one source must not stop the others
            log.exception("polling %s failed", source.name)
            self._failed(state, outcome, f"{type(exc).__name__}: {exc}")
        else:
            state.last_success = now_iso()
        outcome.seconds = self.clock() - started
        # Re-read before writing: `sources remove` may have dropped this source meanwhile.
        latest = load_state(self.path)
        latest[source.name] = state
        if source.name in {s.name for s in load_sources(self.path)}:
            save_state(self.path, latest)
        log.info("%s: %s", source.name, "ok" if outcome.ok else outcome.error)
        return outcome

    def _failed(self, state: SourceState, outcome: PollOutcome, error: str) -> None:
        outcome.ok = False
        outcome.error = error
        state.failures += 1
        state.last_error = error
        state.last_error_at = now_iso()

    def _poll_feed(self, source: Source, state: SourceState, outcome: PollOutcome) -> None:
        polled = poll_feed(self.fetcher, source.url, etag=state.etag, last_modified=state.last_modified)
        state.etag, state.last_modified = polled.etag, polled.last_modified
        if polled.feed is None:
            return
        items = polled.feed.items
        outcome.listed = len(items)
        state.items_seen += len(items)
        fresh = [i for i in items if i.key not in state.seen]
        batch: list[RawDocument | InputError] = []
        taken: list[FeedItem] = []
        for item in fresh:
            if item.url is None:
                state.remember(item.key)  # nothing to follow; a feed-only text is not an article
                continue
            outcome.fetched += 1
            try:
                batch.append(page_document(self.fetcher.get(item.url, accept=PAGE_TYPES), item.published))
                taken.append(item)
            except InputError as exc:
                batch.append(exc)
                if not _transient(exc):
                    taken.append(item)  # refused for good: do not ask again
        self._ingest(batch, state, outcome)
        for item in taken:
            state.remember(item.key)

    def _poll_page(self, source: Source, state: SourceState, outcome: PollOutcome) -> None:
        result = self.fetcher.get(source.url, accept=PAGE_TYPES, etag=state.etag, last_modified=state.last_modified)
        state.etag, state.last_modified = result.etag or state.etag, result.last_modified or state.last_modified
        if result.not_modified:
            return
        outcome.listed = outcome.fetched = 1
        state.items_seen += 1
        self._ingest([page_document(result)], state, outcome)

    def _ingest(self, batch: list[RawDocument | InputError], state: SourceState, outcome: PollOutcome) -> None:
        if not batch:
            return
        summary = self.sink(batch)
        new = int(getattr(summary, "new", 0)) + int(getattr(summary, "copies", 0))
        duplicate, failed = int(getattr(summary, "duplicate", 0)), int(getattr(summary, "failed", 0))
        outcome.new += new
        outcome.duplicate += duplicate
        outcome.failed += failed
        state.items_new += new
        state.items_duplicate += duplicate
        state.items_failed += failed

    def run(self, *, once: bool = False, max_iterations: int | None = None, duration: float | None = None,
            on_poll: Callable[[PollOutcome], None] | None = None) -> WatchReport:
        """Poll each source when it is due until stopped (Ctrl-C), ``duration`` seconds passed or
        ``max_iterations`` wake-ups happened; ``once`` polls every source once and returns.

        The sources file is read again at every wake-up, so ``sources add/remove`` take effect live.
        """
        report = WatchReport()
        start = self.clock()
        while True:
            now = self.clock()
            sources = load_sources(self.path)
            names = {s.name for s in sources}
            for name in list(self.due):
                if name not in names:
                    del self.due[name]
            for source in sources:
                if once or self.due.setdefault(source.name, now) <= now:
                    outcome = self.poll(source)
                    report.polls.append(outcome)
                    if on_poll is not None:
                        on_poll(outcome)
                    self.due[source.name] = self.clock() + source.every(self.settings)
            report.iterations += 1
            elapsed = self.clock() - start
            if once or (max_iterations is not None and report.iterations >= max_iterations) \
                    or (duration is not None and elapsed >= duration):
                break
            wake = min(self.due.values(), default=self.clock() + self.settings.poll_interval)
            wait = max(0.0, wake - self.clock())
            if duration is not None:
                wait = min(wait, max(0.0, duration - elapsed))
            self.sleep(min(wait, 60.0))  # wake at least every minute to see new sources
        report.seconds = self.clock() - start
        return report


def watch(settings: Settings, *, once: bool = False, max_iterations: int | None = None,
          duration: float | None = None, sink: Sink,
          on_poll: Callable[[PollOutcome], None] | None = None) -> WatchReport:
    """Poll the sources of ``settings.sources_file`` into ``sink`` (see :class:`Watcher`)."""
    with Watcher(settings, sink=sink) as watcher:
        return watcher.run(once=once, max_iterations=max_iterations, duration=duration, on_poll=on_poll)


def _transient(exc: InputError) -> bool:
    """Errors worth asking again at the next poll: no answer, a timeout, 429 or a server error."""
    if not isinstance(exc, FetchError) or isinstance(exc, BlockedURLError):
        return False
    return exc.status is None or exc.status == 429 or exc.status >= 500


