"""Who a phrase names, on short texts written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_first_person_speaker_of_its_own_clause_ends(analyse):  # type: ignore[no-untyped-def]
    # "I" under "I said" is whoever says the clause: looking it up again must not loop for ever.
    a = analyse("I said I accept the truce.")
    assert a.acts == []
    a = analyse("\"I told them I said we agreed to nothing,\" Zelensky wrote.")
    assert [s.speaker for s in a.statements] == ["zelensky"]


def test_us_in_capitals_is_the_country_not_the_pronoun(analyse):  # type: ignore[no-untyped-def]
    # "US" spelled in capitals names the United States; "us" is the speaker
    a = analyse("The US accused Iran of breaking the truce on Monday.")
    assert [(x.type, x.actor) for x in a.acts] == [("accuse", "usa")]
