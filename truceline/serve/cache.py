"""What the app keeps between requests: answers computed once per data version, and the overview.

The data version (``truceline.store.listing.data_version``: the newest document, how many, the newest
review) changes whenever what a page shows can change. Two indexed lookups tell it, so a repeated request
is answered from memory until a document is stored or a review made.

- :class:`Versioned` keeps a bounded number of answers (list pages, counts, map data) per key and version;
  an answer of an older version is never served.
- :class:`Overview` keeps the overview. A review shows at once (it changes the version's review part, and
  the next request recomputes). While documents arrive -- an ingest changes the version with every
  document -- the overview is recomputed at most once every :data:`SETTLE` seconds, by one thread while
  the others go on serving the previous one; before, every request during an ingest saw a new version and
  recomputed it (a tenth of a second at 100,000 incidents, each time).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

#: the longest the overview lags behind documents being stored, in seconds (reviews show at once).
SETTLE = 5.0

T = TypeVar("T")
Version = tuple[Any, ...]


class Versioned:
    """Answers by key for the current data version only, the ``size`` most recently used."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Version, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: Version, compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                self.hits += 1
                return found[1]
        value = compute()  # outside the lock: two threads may both compute a new key, never block each other
        with self._lock:
            self.misses += 1
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


@dataclass(frozen=True)
class _Kept:
    version: Version
    data: Any
    at: float


class Overview:
    """The overview's data, recomputed on a review at once and on new documents at most every ``settle`` s."""

    def __init__(self, settle: float = SETTLE) -> None:
        self.settle = settle
        self._kept: _Kept | None = None
        self._lock = threading.Lock()
        self.computed = 0

    def get(self, version: Version, compute: Callable[[], T], review_part: Callable[[Version], Any]) -> T:
        kept = self._kept
        if kept is not None and self._fresh_enough(kept, version, review_part):
            return kept.data
        # One thread recomputes; the others serve what is kept meanwhile (or wait, the first time).
        if not self._lock.acquire(blocking=kept is None):
            assert kept is not None
            return kept.data
        try:
            kept = self._kept
            if kept is not None and self._fresh_enough(kept, version, review_part):
                return kept.data
            data = compute()
            # One object swapped in whole: threads reading the old one meanwhile see it complete.
            self._kept = _Kept(version, data, time.monotonic())
            self.computed += 1
            return data
        finally:
            self._lock.release()

    def _fresh_enough(self, kept: _Kept, version: Version, review_part: Callable[[Version], Any]) -> bool:
        if kept.version == version:
            return True
        if review_part(kept.version) != review_part(version):
            return False  # a review: show it now
        return time.monotonic() - kept.at < self.settle  # documents arriving: settle first

    def clear(self) -> None:
        self._kept = None
