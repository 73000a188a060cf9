"""Extraction cost grows linearly with the text: a document twice as long takes at most 2.5 times as long.

Both lengths are timed in the same run (best of three each), so the figure is a ratio, not a wall-clock
bound: a slow machine slows both. A stage that walks the whole document once per sentence (as spaCy's
``Doc.text`` and ``Span.ents`` do when called in a loop) roughly quadruples the time when the text doubles.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "input.jsonl"


def _timed(extractor, text: str) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        extractor.extract_text(text, id="long")
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.slow
def test_doubling_the_text_at_most_two_and_a_half_times_the_time(extractor) -> None:  # type: ignore[no-untyped-def]
    prose = "\n\n".join(json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8"))
    short, long = prose[:30_000], prose[:60_000]
    _timed(extractor, prose[:2_000])  # warm caches (gazetteer, lexicons) outside the measurement
    ratio = _timed(extractor, long) / _timed(extractor, short)
    assert ratio <= 2.5, f"doubling the text multiplied the time by {ratio:.2f}"
