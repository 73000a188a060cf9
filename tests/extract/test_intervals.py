"""Intervals answers exactly as a scan of every interval would, on random sets of intervals."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from truceline.extract.intervals import Intervals

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1])),
                 max_size=12)
ranges = st.tuples(st.integers(0, 70), st.integers(0, 15)).map(lambda p: (p[0], p[0] + p[1]))


@given(spans, ranges)
def test_each_question_agrees_with_a_scan(given_spans: list[tuple[int, int]], q: tuple[int, int]) -> None:
    iv = Intervals(given_spans)
    start, end = q
    assert iv.overlaps(start, end) == any(s < end and e > start for s, e in given_spans)
    assert iv.holds(start) == any(s <= start < e for s, e in given_spans)
    assert iv.encloses(start, end) == any(s < start and end < e for s, e in given_spans)
    assert iv.covers(start, end) == any(s <= start and end <= e for s, e in given_spans)
    assert iv.within(start, end) == any(start <= s and e <= end for s, e in given_spans)


@given(spans, ranges)
def test_near_holds_every_overlapping_interval(given_spans: list[tuple[int, int]], q: tuple[int, int]) -> None:
    iv = Intervals(given_spans)
    start, end = q
    found = {iv.spans[k] for k in iv.near(start, end)}
    assert {(s, e) for s, e in given_spans if s < end and e > start} <= found
    assert iv.near(start, end) == sorted(iv.near(start, end))


def test_an_empty_set_answers_no() -> None:
    iv = Intervals([])
    assert not iv.overlaps(0, 5) and not iv.holds(0) and not iv.covers(0, 1) and iv.near(0, 5) == []
