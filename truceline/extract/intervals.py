"""Sorted (start, end) intervals asked whether any of them overlaps, holds or encloses a range, in log time.

Stages ask such questions once per word or mention; scanning every interval each time made a document's
cost grow with the square of its length. The answers are exactly those of the scan.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate


class Intervals:
    """Half-open intervals, fixed once built (build a new one when the set grows)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the furthest end among the intervals that start at or before each one
        self._reach = list(accumulate((e for _, e in self.spans), max))
        self.longest = max((e - s for s, e in self.spans), default=0)

    def _reaches(self, k: int, beyond: int) -> bool:
        """Whether one of the first ``k`` intervals ends after ``beyond``."""
        return k > 0 and self._reach[k - 1] > beyond

    def overlaps(self, start: int, end: int) -> bool:
        """Any interval with s < end and e > start."""
        return self._reaches(bisect.bisect_left(self.starts, end), start)

    def holds(self, pos: int) -> bool:
        """Any interval with s <= pos < e."""
        return self._reaches(bisect.bisect_right(self.starts, pos), pos)

    def encloses(self, start: int, end: int) -> bool:
        """Any interval with s < start and end < e (strictly inside it)."""
        return self._reaches(bisect.bisect_left(self.starts, start), end)

    def covers(self, start: int, end: int) -> bool:
        """Any interval with s <= start and end <= e (the range inside it, edges allowed)."""
        return self._reaches(bisect.bisect_right(self.starts, start), end - 1)

    def within(self, start: int, end: int) -> bool:
        """Any interval with start <= s and e <= end (inside the range)."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_right(self.starts, end)
        return any(self.spans[j][1] <= end for j in range(lo, hi))

    def near(self, start: int, end: int) -> list[int]:
        """Indexes, in order, of the intervals that start before ``end`` and may reach ``start``: a superset
        of those overlapping it (callers still check), found without a scan."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        return list(range(lo, bisect.bisect_left(self.starts, end)))
