"""Extraction cost grows linearly with the text: one document costs about what its parts cost apart.

The cost is counted, not timed: the number of Python and built-in function calls the extract makes, which
a busy machine does not change (it varies by about 1% from run to run, as caches fill), so the test does not
flake (``benchmarks/long_document.py`` prints the seconds). A stage that scans the whole document once
per word, mention or sentence costs the square of the length: four pieces extracted as one document then
cost about twice their sum (before such scans were replaced by the lookups of ``extract/intervals.py`` the
ratio here was 1.59; it is 1.10 now, the rest being what one part of a document tells another).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "input.jsonl"


def _calls(extractor: Any, text: str) -> int:
    n = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal n
        if event in ("call", "c_call"):
            n += 1

    sys.setprofile(count)
    try:
        extractor.extract_text(text, id="long")
    finally:
        sys.setprofile(None)
    return n


def _pieces(text: str, k: int) -> list[str]:
    """``text`` cut into ``k`` pieces of about equal length at paragraph breaks."""
    out, start = [], 0
    for i in range(1, k):
        cut = text.index("\n\n", len(text) * i // k)
        out.append(text[start:cut])
        start = cut + 2
    return [*out, text[start:]]


@pytest.mark.slow
def test_a_document_costs_about_the_sum_of_its_parts(extractor: Any) -> None:
    prose = "\n\n".join(json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8"))
    whole = prose[:60_000]
    parts = _pieces(whole, 4)
    for text in [*parts, whole]:
        extractor.extract_text(text, id="warm")  # fill the caches (gazetteer, lexicons) outside the count
    ratio = _calls(extractor, whole) / sum(_calls(extractor, p) for p in parts)
    assert ratio <= 1.3, f"one document cost {ratio:.2f} times its four parts apart"
