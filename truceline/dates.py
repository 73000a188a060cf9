"""Calendar dates written the ways news pages write them, in English, German, French, Russian, Ukrainian.

A small reader of our own rather than dateparser: publication dates and datelines come in a few fixed
shapes, and this runs in microseconds on every line of every document.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text; ``year`` is None when the text gives only day and month."""

    year: int | None
    month: int
    day: int
    start: int
    end: int

    def date(self, default_year: int | None = None) -> dt.date | None:
        year = self.year if self.year is not None else default_year
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: frozenset[str]
    numeric: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw: dict[str, Any] = yaml.safe_load(resources.files(__package__).joinpath("dates.yaml").read_text("utf-8"))
    months = {str(name).lower(): int(num) for num, names in raw["months"].items() for name in names}
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    month = rf"(?P<month>{names})\.?"
    year = r"(?P<year>(?:19|20)\d\d)"
    numeric = re.compile(
        r"(?<![\d.])(?:(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
        r"|(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d))(?!\d)")
    # "19 March 2025", "19. März 2025", "19 марта 2025 г.", "3 Apr"
    day_month = re.compile(rf"(?<![\w.])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{month}"
                           rf"(?:,?\s+{year})?(?!\w)", re.IGNORECASE)
    # "March 19, 2025", "Mar 19 2025", "March 19"
    month_day = re.compile(rf"(?<!\w){month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{year})?(?!\w)",
                           re.IGNORECASE)
    return _Lexicon(months, frozenset(str(w).lower() for w in raw["weekdays"]), numeric, day_month, month_day)


def search_dates(text: str) -> list[DateMatch]:
    """Every calendar date in ``text``, in order of position (overlaps resolved to the longest)."""
    lex = lexicon()
    found: list[DateMatch] = []
    for m in lex.numeric.finditer(text):
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("ny"))
            # Slashes are mostly American (month first), dots and dashes European (day first).
            if m.group("sep") == "/":
                mo, d = (a, b) if a <= 12 else (b, a)
            else:
                d, mo = (a, b) if b <= 12 else (b, a)
        found.append(DateMatch(y, mo, d, m.start(), m.end()))
    for pattern in (lex.day_month, lex.month_day):
        for m in pattern.finditer(text):
            year = m.group("year")
            found.append(DateMatch(int(year) if year else None, lex.months[m.group("month").lower()],
                                   int(m.group("day")), m.start(), m.end()))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[DateMatch] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        if 1 <= f.month <= 12 and 1 <= f.day <= 31:
            out.append(f)
    return out


def parse_date(value: object) -> dt.date | None:
    """A publication date from metadata: a date, or a string in ISO or a common written form."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for match in search_dates(text):
        day = match.date()
        if day is not None:
            return day
    return None
