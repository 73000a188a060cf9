"""Date phrases resolved against a publication date (Wednesday 2025-03-19 unless stated)."""
import datetime as dt

import pytest

from truceline.extract.dates import duration_days, find_dates, find_days, resolve

WED = dt.date(2025, 3, 19)


@pytest.mark.parametrize(("phrase", "date", "precision"), [
    ("on Tuesday", dt.date(2025, 3, 18), 1),
    ("earlier Tuesday", dt.date(2025, 3, 18), 1),
    ("on Wednesday", dt.date(2025, 3, 19), 1),          # the publication weekday is the publication day
    ("last Wednesday", dt.date(2025, 3, 12), 1),        # ... unless "last"
    ("Thursday night", dt.date(2025, 3, 13), 1),
    ("next Monday", dt.date(2025, 3, 24), 1),
    ("yesterday", dt.date(2025, 3, 18), 1),
    ("today", dt.date(2025, 3, 19), 1),
    ("overnight", dt.date(2025, 3, 18), 1),
    ("two days ago", dt.date(2025, 3, 17), 1),
    ("over the past day", dt.date(2025, 3, 18), 1),
    ("last week", dt.date(2025, 3, 13), 2),
    ("this week", dt.date(2025, 3, 18), 2),
    ("this month", dt.date(2025, 3, 10), 3),
    ("earlier this month", dt.date(2025, 3, 10), 3),
    ("last month", dt.date(2025, 2, 14), 3),
    ("on March 18", dt.date(2025, 3, 18), 1),
    ("18 March", dt.date(2025, 3, 18), 1),
    ("March 18-19", dt.date(2025, 3, 18), 1),
    ("the night of March 10", dt.date(2025, 3, 10), 1),
    ("on the night of 10 to 11 March", dt.date(2025, 3, 10), 1),
    ("Feb. 28", dt.date(2025, 2, 28), 1),
    ("since Sept. 3", dt.date(2024, 9, 3), 1),          # no year: the nearest such date
    ("in December", dt.date(2024, 12, 16), 3),
    ("Tuesday, March 18, 2025", dt.date(2025, 3, 18), 1),
    ("2025-03-18", dt.date(2025, 3, 18), 1),
    ("18.03.2025", dt.date(2025, 3, 18), 1),
    ("in 2022", dt.date(2022, 7, 1), 3),
])
def test_resolve(phrase, date, precision):
    assert resolve(phrase, WED) == (date, precision)


@pytest.mark.parametrize("phrase", ["on Tuesday", "yesterday", "last month", "March 18", "overnight"])
def test_relative_dates_need_a_publication_date(phrase):
    assert resolve(phrase, None) == (None, None)


def test_absolute_dates_need_no_publication_date():
    assert resolve("March 18, 2025", None) == (dt.date(2025, 3, 18), 1)


def test_new_year_boundary():
    assert resolve("Dec. 30", dt.date(2025, 1, 2)) == (dt.date(2024, 12, 30), 1)


def test_no_date():
    assert resolve("the ceasefire", WED) == (None, None)


def test_find_dates_offsets_and_the_verb_may():
    text = "Leaders spoke on Tuesday, March 18, and may meet again. Strikes went on overnight."
    found = find_dates(text, WED, offset=100)
    assert [(m.text, m.date, m.precision) for m in found] == [
        ("on Tuesday, March 18", dt.date(2025, 3, 18), 1),
        ("overnight", dt.date(2025, 3, 18), 1),
    ]
    first = found[0]
    assert text[first.start - 100:first.end - 100] == "on Tuesday, March 18"


def test_find_dates_keeps_unresolved_phrases():
    found = find_dates("It happened yesterday.", None)
    assert [(m.text, m.date) for m in found] == [("yesterday", None)]


@pytest.mark.parametrize(("text", "days"), [
    ("a 30-day ceasefire", 30), ("for 30 days", 30), ("for a month", 30), ("two weeks", 14),
    ("a 72-hour truce", 3), ("three days ago", None), ("no pause", None),
])
def test_duration_days(text, days):
    assert duration_days(text) == days


@pytest.mark.parametrize(("text", "date"), [
    ("the pause, which expires on Friday, may be extended", dt.date(2025, 3, 21)),   # ahead, not last Friday
    ("the truce will end Monday", dt.date(2025, 3, 24)),
    ("talks will take place this Sunday", dt.date(2025, 3, 23)),
    ("the deal expires on Wednesday", WED),                                         # the publication day itself
    ("the pause ended on Friday", dt.date(2025, 3, 14)),                              # said in the past: the last one
    ("Moscow said on Friday", dt.date(2025, 3, 14)),
])
def test_a_weekday_after_a_verb_of_the_future_is_ahead(text, date):
    [m] = find_dates(text, WED)
    assert m.date == date


def test_find_days_keeps_only_phrases_of_one_exact_day() -> None:
    text = "Talks were held on May 16, again this week, and in June; a third round came on Tuesday."
    days = find_days(text, dt.date(2025, 6, 20), offset=10)
    assert [(m.text, m.date) for m in days] == [("on May 16", dt.date(2025, 5, 16)),
                                                ("on Tuesday", dt.date(2025, 6, 17))]
    assert days[0].start == text.index("on May 16") + 10
