"""What the app keeps between requests: answers per data version, and an overview that a review refreshes at
once but a stream of new documents only every few seconds, computed by one thread at a time."""
from __future__ import annotations

import threading
import time

from truceline.serve.cache import Overview, Versioned


def test_versioned_answers_are_never_served_for_another_version() -> None:
    kept = Versioned(size=2)
    calls: list[str] = []

    def compute(value: str) -> str:
        calls.append(value)
        return value

    assert kept.get("a", (1,), lambda: compute("a1")) == "a1"
    assert kept.get("a", (1,), lambda: compute("again")) == "a1"
    assert kept.get("a", (2,), lambda: compute("a2")) == "a2"
    kept.get("b", (2,), lambda: compute("b2"))
    kept.get("c", (2,), lambda: compute("c2"))  # "a" is the least recently used of three: it goes
    assert kept.get("a", (2,), lambda: compute("a2 again")) == "a2 again"
    assert calls == ["a1", "a2", "b2", "c2", "a2 again"]


def _review(version: tuple[int, ...]) -> int:
    return version[-1]


def test_the_overview_settles_while_documents_arrive_and_shows_a_review_at_once() -> None:
    overview = Overview(settle=0.3)
    assert overview.get((1, 1, 0), lambda: "v1", _review) == "v1"
    # Documents stored: the kept overview serves until it has settled.
    assert overview.get((2, 2, 0), lambda: "v2", _review) == "v1"
    assert overview.get((3, 3, 0), lambda: "v3", _review) == "v1"
    # A review: at once.
    assert overview.get((3, 3, 9), lambda: "reviewed", _review) == "reviewed"
    assert overview.get((4, 4, 9), lambda: "v4", _review) == "reviewed"
    time.sleep(0.35)
    assert overview.get((4, 4, 9), lambda: "v4", _review) == "v4"
    assert overview.computed == 3


def test_one_thread_recomputes_while_the_others_serve_the_kept_overview() -> None:
    overview = Overview(settle=0.0)
    overview.get((1, 1, 0), lambda: "old", _review)
    started = threading.Event()
    release = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "new"

    worker = threading.Thread(target=lambda: overview.get((2, 2, 0), slow, _review))
    worker.start()
    assert started.wait(5)
    assert overview.get((2, 2, 0), lambda: "second computation", _review) == "old"  # no recompute
    assert worker.is_alive()  # and no waiting: the recomputation is still held up, yet the kept one came back
    release.set()
    worker.join(5)
    assert overview.get((2, 2, 0), lambda: "third", _review) == "new"
    assert overview.computed == 2
