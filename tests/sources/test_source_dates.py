"""Publication dates and datelines in the forms pages write them."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.dates import parse_date, search_dates

MARCH_19 = dt.date(2025, 3, 19)


@pytest.mark.parametrize("value", [
    "2025-03-19", "2025-03-19T08:30:00+02:00", "19 March 2025", "March 19, 2025", "Mar 19 2025",
    "Wed, 19 Mar 2025 10:00:00 GMT", "19.03.2025", "03/19/2025", "19 марта 2025 г.", "19 березня 2025",
    "19. März 2025", "le 19 mars 2025", "Published On 19 Mar 2025",
])
def test_parse_date_reads_common_forms(value: str) -> None:
    assert parse_date(value) == MARCH_19


def test_parse_date_passes_dates_and_refuses_nonsense() -> None:
    assert parse_date(MARCH_19) == MARCH_19
    assert parse_date(dt.datetime(2025, 3, 19, 12, 0)) == MARCH_19
    assert parse_date("yesterday evening") is None
    assert parse_date("") is None
    assert parse_date(None) is None
    assert parse_date("2025-02-30") is None


def test_search_dates_finds_a_dateline_without_year() -> None:
    found = search_dates("KYIV, March 19 (Reuters) - Drones hit a substation.")
    assert [(m.year, m.month, m.day, m.start) for m in found] == [(None, 3, 19, 6)]
    assert found[0].date() is None
    assert found[0].date(2025) == MARCH_19


def test_dashed_dates_are_day_first_and_slashed_month_first() -> None:
    assert parse_date("07-05-2025") == dt.date(2025, 5, 7)
    assert parse_date("05/07/2025") == dt.date(2025, 5, 7)
    assert parse_date("25/03/2025") == dt.date(2025, 3, 25)
