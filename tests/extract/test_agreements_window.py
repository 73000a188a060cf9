"""When a commitment runs: start and end read from its sentences (agreements_window), on sentences written for the
purpose."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.extract.agreements_window import START, YET_TO_BEGIN


@pytest.mark.parametrize(("text", "ahead"), [
    ("the truce will begin at 6 p.m.", True),
    ("a three-day ceasefire declared by the Kremlin is set to begin on Thursday", True),
    ("the moratorium is due to take effect next week", True),
    ("the truce began at 6 p.m.", False),
    ("talks on a ceasefire will resume", False),
])
def test_a_truce_still_to_begin(text: str, ahead: bool) -> None:
    assert bool(YET_TO_BEGIN.search(text)) is ahead


@pytest.mark.parametrize("before", [
    "the truce began on ",
    "the exchange of detainees has begun on ",
    "the halt had begun at midnight on ",
    "the moratorium will begin on ",
])
def test_a_start_cue_in_each_form_of_the_verb(before: str) -> None:
    # the participle belongs to the same verb as "begin" and "began": its date opens the window too
    assert START.search(before.rstrip())


@pytest.mark.slow
def test_a_start_said_as_the_moment_of_speaking_is_the_day_of_the_report(analyse):
    a = analyse("Kyiv offered Moscow a complete ceasefire for 30 days, starting now.", published=dt.date(2025, 6, 1))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.start, g.end) == (dt.date(2025, 6, 1), dt.date(2025, 7, 1))


@pytest.mark.slow
def test_a_weekday_ending_a_window_after_its_start_is_the_next_one(analyse):
    # read alone, "Sunday" in a Saturday report is the day before; as the end of a window opened on Saturday it
    # is the day after
    a = analyse("Putin ordered a holiday truce from 6 p.m. Saturday until midnight Sunday.",
                published=dt.date(2025, 4, 19))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.start, g.end, g.status) == (dt.date(2025, 4, 19), dt.date(2025, 4, 20), "in_force")


@pytest.mark.slow
def test_a_declared_truce_still_to_begin_is_agreed(analyse):
    a = analyse("Putin declared a holiday truce on Friday. The truce will begin at 6 p.m. today, the Kremlin said.",
                published=dt.date(2025, 6, 14))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert g.status == "agreed"
