"""The subject and scope lexicon's phrase matching."""
from __future__ import annotations

from truceline.extract.subjects import lexicon


def labels(text: str) -> list[tuple[str, str]]:
    return [(h.label, text[h.start:h.end]) for h in lexicon().subject_hits(text) if not h.generic]


def test_a_short_last_word_takes_only_a_plural() -> None:
    # "POW" must not read "power" as prisoners, nor "war" read "warning".
    assert labels("Power returned to the city after the warning.") == []
    assert labels("Both sides freed 200 POWs.") == [("prisoner_exchange", "POWs")]


def test_a_longer_last_word_may_end_inside_a_word() -> None:
    assert ("energy_ceasefire", "power plants") in labels("a pause in strikes on power plants")


def test_running_the_plants_in_any_tense_is_energy_assets() -> None:
    assert lexicon().subject("the United States could run Ukraine's nuclear power plants") == "energy_assets"
    assert lexicon().subject("a team managing the power plant at Enerhodar") == "energy_assets"
