"""One act per move (truceline/extract/acts_describe.py), on sentences written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_call_told_from_each_end_is_one_meet_led_by_the_first_named(analyse):
    a = analyse("Putin spoke with Trump on Tuesday. Trump spoke with Putin on Tuesday.")
    assert [(x.type, x.actor, x.target) for x in a.acts] == [("meet", "putin", "trump")]
