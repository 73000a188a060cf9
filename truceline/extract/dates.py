"""Dates in news text, resolved against the publication date.

Two entry points, used by the statements, acts and incidents stages:

- :func:`find_dates` finds date phrases in a text, with character offsets;
- :func:`resolve` resolves one short phrase.

Precision follows ACLED (and RECORDS.md): 1 a day, 2 a week, 3 a month or longer.
A period with no single day is dated at its middle (ACLED's rule). A relative
phrase ("on Tuesday", "last month", "March 18" with no year) needs the
publication date; without it the date is None: today's date is never a guess.

dateparser is deliberately not used: on whole texts it reads "We" as Wednesday and
maps a weekday equal to the publication day a week back (see DEPENDENCIES.md), and
the forms news uses are few enough for explicit rules.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .lexicons import load

DAY, WEEK, MONTH = 1, 2, 3
_LEX = load("dates")  # the word lists: data/dates.yaml

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS.update(_LEX["month_aliases"])
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS: dict[str, int] = dict(_LEX["numbers"])
#: month names that are also common words: alone they are no date
_AMBIGUOUS_MONTHS = tuple(_LEX["ambiguous_months"])
#: "May" after these, with no year, is no date
_MAY_NOT_AFTER = tuple(_LEX["may_not_after"])
#: a present or future verb right before a bare weekday puts it ahead: "expires on Wednesday", "will end Sunday"
_AHEAD_BEFORE = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _LEX["ahead_before_weekday"]) +
                           r")\s*$", re.IGNORECASE)
#: relative day phrases -> days from publication (others: 0)
_RELATIVE_DAYS: dict[str, int] = dict(_LEX["relative_days"])


@dataclass
class DateMention:
    """A date phrase at ``text[start:end]`` (offsets shifted by ``offset``) and what it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: int | None


_MONTH = (r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)")
_WD = r"(?P<{g}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_NIGHT = r"(?:on\s+)?(?:(?:the\s+night\s+of|the\s+early\s+hours\s+of|the\s+morning\s+of|the\s+evening\s+of)\s+)?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"


def _g(pattern: str, name: str) -> str:
    return pattern.format(g=name)


# Order matters: longer forms first so "Tuesday, March 18, 2025" is one mention.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b"),
    ("dotted", r"\b(?P<td>[0-3]?\d)\.(?P<tm>[01]?\d)\.(?P<ty>(?:19|20)\d\d)\b"),
    # March 18, 2025 / Tuesday, March 18 / March 18-19 / the night of March 10
    ("md", _NIGHT + r"(?:" + _g(_WD, "mdwd") + r",?\s+)?\b" + _g(_MONTH, "mdm") + r"\s+" + _g(_DAYNUM, "mdd")
     + r"(?:\s*(?:-|–|to|and)\s*(?P<mdd2>[0-3]?\d)(?:st|nd|rd|th)?)?(?!\d)(?:,?\s+" + _g(_YEAR, "mdy") + r")?\b"),
    # 18 March 2025 / 18-19 March / the night of 10 to 11 March
    ("dm", _NIGHT + r"(?:" + _g(_WD, "dmwd") + r",?\s+)?\b" + _g(_DAYNUM, "dmd")
     + r"(?:\s*(?:-|–|to|and)\s*(?P<dmd2>[0-3]?\d)(?:st|nd|rd|th)?)?\s+(?:of\s+)?" + _g(_MONTH, "dmm")
     + r"(?:,?\s+" + _g(_YEAR, "dmy") + r")?\b"),
    # March 2025 / (in|since|last|this|early|late|mid-) March
    ("month", r"\b(?P<mq>(?:in|since|from|by|until|during|of|early|late|mid-?|last|this|next|earlier\s+in)\s+)?"
     + _g(_MONTH, "mm") + r"(?!\.?\s*[0-3]?\d(?:st|nd|rd|th)?\b)(?:,?\s+" + _g(_YEAR, "my") + r")?\b"),
    ("ago", r"\b(?P<an>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
     r"(?P<au>days?|weeks?|months?)\s+ago\b"),
    ("past", r"\b(?:over\s+|during\s+|in\s+)?the\s+(?:past|last)\s+(?P<pn>24\s+hours|day|night|week|month|"
     r"(?:two|three|four|five|six|seven|ten|\d+)\s+(?:days|weeks))\b"),
    ("period", r"\b(?P<pq>last|this|past|earlier\s+this|later\s+this|next)\s+(?P<pu>week|month|year|weekend)\b"),
    ("weekday", r"\b(?P<wq>(?:last|this|next|earlier|late|early|on|since|until|from)\s+)?(?:on\s+)?"
     + _g(_WD, "wd") + _PART + r"\b"),
    ("rel", r"\b(?P<rw>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|this\s+morning|"
     r"this\s+afternoon|this\s+evening|overnight|last\s+night|earlier\s+today)\b"),
    ("year", r"\b(?P<yq>in|since|from|by|until|during|of|early|late|mid-?)\s+" + _g(_YEAR, "yy") + r"\b"),
]
_RX = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS), re.IGNORECASE)


def find_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every date phrase in ``text``, in order, offsets into ``text`` plus ``offset``.

    Phrases that cannot be resolved (a relative date with no publication date)
    are still returned, with ``date`` and ``precision`` None.
    """
    return [DateMention(s + offset, e + offset, phrase, date, precision)
            for s, e, phrase, date, precision in _dates_in(text, published)]


def find_days(text: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """The date phrases of ``text`` that resolve to one exact day ("on May 16", "last Tuesday"), not a week,
    a month or nothing."""
    return [m for m in find_dates(text, published, offset) if m.date is not None and m.precision == 1]


# The stages ask about the same sentence again and again (a statement's date, an act's, an agreement's
# start), and the pattern is a long alternation tried at every character: cached, extraction's time in
# this function falls from a twentieth to a few hundredths.
@functools.lru_cache(maxsize=4096)
def _dates_in(text: str, published: dt.date | None) -> tuple[tuple[int, int, str, dt.date | None, int | None], ...]:
    out = []
    for m in _RX.finditer(text):
        date, precision = _resolve_match(m, published)
        if m.lastgroup == "month" and date is None and precision is None:
            continue  # "May" as a verb, "March" as a noun
        out.append((m.start(), m.end(), m.group(0), date, precision))
    return tuple(out)


def resolve(phrase: str, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The date and precision of one short phrase ("on Tuesday", "last month", "18 March").

    ``(None, None)`` when the phrase holds no date or is relative and ``published`` is None.
    """
    for m in _RX.finditer(phrase):
        date, precision = _resolve_match(m, published)
        if date is not None:
            return date, precision
    return None, None


def duration_days(text: str) -> int | None:
    """Days in a duration phrase: "30-day", "for 30 days", "a month", "two weeks" -> 30, 30, 30, 14."""
    m = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+"
                  r"(day|week|month|hour)s?\b(?![\s-]+ago)", text, re.IGNORECASE)
    if not m:
        return None
    n = _number(m.group(1))
    unit = m.group(2).lower()
    if n is None:
        return None
    if unit == "hour":
        return max(1, n // 24) if n >= 24 else None
    return n * {"day": 1, "week": 7, "month": 30}[unit]


# ---------------------------------------------------------------- resolution
def _resolve_match(m: re.Match[str], pub: dt.date | None) -> tuple[dt.date | None, int | None]:
    kind = m.lastgroup
    g = m.groupdict()
    if kind == "iso":
        return _safe(int(g["iy"]), int(g["im"]), int(g["id"])), DAY
    if kind == "dotted":
        return _safe(int(g["ty"]), int(g["tm"]), int(g["td"])), DAY
    if kind == "md":
        return _month_day(_MONTHS[_key(g["mdm"])], int(g["mdd"]), g["mdy"], pub), DAY
    if kind == "dm":
        return _month_day(_MONTHS[_key(g["dmm"])], int(g["dmd"]), g["dmy"], pub), DAY
    if kind == "month":
        return _month(m, pub)
    if kind == "ago":
        if pub is None:
            return None, None
        n = _number(g["an"]) or 1
        unit = g["au"].lower().rstrip("s")
        if unit == "day":
            return pub - dt.timedelta(days=n), DAY
        if unit == "week":
            return pub - dt.timedelta(days=7 * n), WEEK
        return _shift_month(pub, -n), MONTH
    if kind == "past":
        return _past(g["pn"].lower(), pub)
    if kind == "period":
        return _period(" ".join(g["pq"].lower().split()), g["pu"].lower(), pub)
    if kind == "weekday":
        qual = (g["wq"] or "").strip().lower()
        if qual in ("", "on", "this") and _AHEAD_BEFORE.search(m.string[max(0, m.start() - 40):m.start()]):
            qual = "coming"  # "the moratorium expires on Wednesday": the one to come, not the last
        return _weekday(_WEEKDAYS[g["wd"].lower()], qual, pub), DAY
    if kind == "rel":
        return _relative(" ".join(g["rw"].lower().split()), pub)
    if kind == "year":
        return dt.date(int(g["yy"]), 7, 1), MONTH
    return None, None


def _key(month: str) -> str:
    return month.lower().rstrip(".")


def _safe(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _number(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _NUMBERS.get(w)


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None) -> dt.date | None:
    if year:
        return _safe(int(year), month, day)
    if pub is None:
        return None
    # No year: news looks back more than ahead, so the date in the window from about nine months
    # before publication to three months after (December in a January story is last December).
    for y in (pub.year + 1, pub.year, pub.year - 1):
        d = _safe(y, month, day)
        if d and -275 < (d - pub).days <= 90:
            return d
    return None


def _month(m: re.Match[str], pub: dt.date | None) -> tuple[dt.date | None, int | None]:
    g = m.groupdict()
    word = g["mm"]
    qual = " ".join((g["mq"] or "").lower().split())
    # A bare capitalised month with no year or qualifier: only a month name when spelled in full and
    # capitalised ("May" alone is too often the verb).
    if not g["my"] and not qual and (word.lower() in _AMBIGUOUS_MONTHS or not word[0].isupper()):
        return None, None
    if word.lower() == "may" and not g["my"] and qual in _MAY_NOT_AFTER:
        return None, None
    month = _MONTHS[_key(word)]
    if g["my"]:
        year = int(g["my"])
    elif pub is None:
        return None, None
    elif qual == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif qual in ("last", "since"):
        year = pub.year if month < pub.month or (qual == "since" and month == pub.month) else pub.year - 1
    else:
        # The nearest such month: "in December" read in January is last December.
        year = min((pub.year - 1, pub.year, pub.year + 1),
                   key=lambda y: abs((dt.date(y, month, 15) - pub).days))
    return _mid_month(year, month, pub), MONTH


def _mid_month(year: int, month: int, pub: dt.date | None) -> dt.date:
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if pub is not None and first <= pub < last:
        last = pub  # the current month: only the part up to publication has happened
    return first + (last - first) // 2


def _shift_month(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + n
    year, month = divmod(idx, 12)
    return _mid_month(year, month + 1, None)


def _weekday(wd: int, qual: str, pub: dt.date | None) -> dt.date | None:
    if pub is None:
        return None
    back = (pub.weekday() - wd) % 7
    if qual == "next":
        ahead = (wd - pub.weekday()) % 7 or 7
        return pub + dt.timedelta(days=ahead)
    if qual == "coming":
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    if qual == "last" and back == 0:
        back = 7  # "last Wednesday" in a Wednesday story is a week ago; plain "Wednesday" is today
    if qual == "this" and back > 3:
        # "this Friday" in a Tuesday story is ahead
        return pub + dt.timedelta(days=7 - back)
    return pub - dt.timedelta(days=back)


def _relative(word: str, pub: dt.date | None) -> tuple[dt.date | None, int | None]:
    if pub is None:
        return None, None
    shift = _RELATIVE_DAYS.get(word, 0)
    return pub + dt.timedelta(days=shift), DAY


def _past(unit: str, pub: dt.date | None) -> tuple[dt.date | None, int | None]:
    if pub is None:
        return None, None
    if unit in ("day", "night", "24 hours"):
        return pub - dt.timedelta(days=1), DAY
    if unit == "week":
        return pub - dt.timedelta(days=3), WEEK
    if unit == "month":
        return pub - dt.timedelta(days=15), MONTH
    n, what = unit.split()
    count = _number(n) or 1
    days = count * (7 if what.startswith("week") else 1)
    return pub - dt.timedelta(days=days // 2), WEEK if days <= 7 else MONTH


def _period(qual: str, unit: str, pub: dt.date | None) -> tuple[dt.date | None, int | None]:
    if pub is None:
        return None, None
    monday = pub - dt.timedelta(days=pub.weekday())
    if unit in ("week", "weekend"):
        if qual in ("last", "past"):
            start = monday - dt.timedelta(days=7)
            return (start + dt.timedelta(days=5) if unit == "weekend" else start + dt.timedelta(days=3)), WEEK
        if qual == "next":
            return monday + dt.timedelta(days=10), WEEK
        if unit == "weekend":
            sat = monday + dt.timedelta(days=5)
            return (sat if sat <= pub else sat - dt.timedelta(days=7)), WEEK
        return monday + (pub - monday) // 2, WEEK
    if unit == "month":
        if qual in ("last", "past"):
            return _shift_month(pub, -1), MONTH
        if qual == "next":
            return _shift_month(pub, 1), MONTH
        return _mid_month(pub.year, pub.month, pub), MONTH
    # year
    year = pub.year - 1 if qual in ("last", "past") else pub.year + 1 if qual == "next" else pub.year
    return dt.date(year, 7, 1), MONTH
