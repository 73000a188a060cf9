"""One act per move (truceline/extract/acts_describe.py), on sentences written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_call_told_from_each_end_is_one_meet_led_by_the_first_named(analyse):
    a = analyse("Putin spoke with Trump on Tuesday. Trump spoke with Putin on Tuesday.")
    assert [(x.type, x.actor, x.target) for x in a.acts] == [("meet", "putin", "trump")]


def test_two_named_accusers_of_one_side_are_two_accusations(analyse):
    a = analyse("Zelensky accused Putin of violating the energy ceasefire. "
                "Sybiha also accused Putin of violating the energy ceasefire.")
    assert [(x.type, x.actor) for x in a.acts] == [("accuse", "zelensky"), ("accuse", "sybiha")]
