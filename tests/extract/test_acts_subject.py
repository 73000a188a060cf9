"""What an act is about (truceline/extract/acts_subject.py), on sentences written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_response_to_an_unnamed_idea_takes_the_last_proposals_subject(analyse):
    a = analyse("Macron proposed a halt to strikes on power plants. Putin responded positively to the idea.")
    assert [(x.type, x.subject, x.actor) for x in a.acts] == [("propose", "energy_ceasefire", "macron"),
                                                             ("accept", "energy_ceasefire", "putin")]
