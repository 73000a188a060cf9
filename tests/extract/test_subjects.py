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


def test_ownership_or_control_of_the_plants_is_energy_assets() -> None:
    assert lexicon().subject("a consortium seeking ownership of the country's nuclear power plants") == "energy_assets"
    assert lexicon().subject("the army tried to take control of the hydroelectric plant") == "energy_assets"


def test_a_memorandum_of_understanding_names_no_peace_plan() -> None:
    assert lexicon().subject("a peace memorandum handed over in Oslo") == "peace_deal"
    assert lexicon().subject("they signed a memorandum of understanding on critical minerals") == "minerals"
    assert lexicon().subject("they signed a memorandum of understanding") is None


def test_giving_up_land_or_a_cleared_zone_is_territory() -> None:
    assert [x for x, _ in labels("They pressed Kyiv to cede two provinces.")] == ["territory"]
    assert [x for x, _ in labels("They discussed ceding the region.")] == ["territory"]
    assert [x for x, _ in labels("A demilitarised buffer zone along the river")] == ["territory"]


def test_a_grid_or_power_infrastructure_is_the_energy_truce() -> None:
    assert [x for x, _ in labels("a halt to attacks on the energy grid")] == ["energy_ceasefire"]
    assert [x for x, _ in labels("no strikes on power infrastructure")] == ["energy_ceasefire"]


def test_land_inside_russia_is_a_place_not_territory_on_the_table() -> None:
    assert labels("Drones crossed into Russian territory overnight.") == []
    assert lexicon().subject("Moscow wants the occupied territories recognised.") == "territory"


def test_a_stop_to_all_fighting_in_other_words_is_a_full_ceasefire() -> None:
    assert [x for x, _ in labels("He ordered a halt to all hostilities.")] == ["full_ceasefire"]
    assert [x for x, _ in labels("They spoke of a brief pause in the fighting.")] == ["full_ceasefire"]
    assert [x for x, _ in labels("Oslo floated a freeze of the current front lines.")] == ["full_ceasefire"]


def test_a_bare_word_of_calm_is_the_generic_truce() -> None:
    assert lexicon().subject("the sides kept relative calm in the south") == "full_ceasefire"


def _every_match(text: str) -> list[tuple[str, int, int]]:
    """Every pattern of every table run on ``text``, with no filter on key words."""
    lex = lexicon()
    return sorted((label, m.start(), m.end()) for table in (lex.subjects, lex.generic, lex.targets)
                  for label, rx, _ in table for m in rx.finditer(text))


def test_the_key_word_filter_drops_no_match() -> None:
    # The filter looks key words up by their first letters at word starts; a pattern it skips must have no
    # match at all. Every phrase of the lexicon, in sentences and run together, is the hardest case.
    lex = lexicon()
    phrases = [rx.pattern for t in (lex.subjects, lex.generic, lex.targets) for _, rx, _ in t]
    assert phrases
    texts = ["Strikes on power plants and oil refineries stopped, said the ministry.",
             "(Energy) facilities; the Black Sea; POWs; a full ceasefire -- and U.S.-brokered talks.",
             " ".join(w for _, _, w in lex.subjects + lex.generic + lex.targets)]
    for text in texts:
        present = lex._present(text.lower())
        kept = sorted((label, m.start(), m.end()) for table in (lex.subjects, lex.generic, lex.targets)
                      for label, rx, w in table if w in present for m in rx.finditer(text))
        assert kept == _every_match(text)
        assert _every_match(text)  # the texts do name subjects


def test_own_hits_drop_a_generic_word_inside_a_named_subject() -> None:
    from truceline.extract.subjects import own_hits

    text = "an energy ceasefire, then a ceasefire"
    hits = lexicon().subject_hits(text)
    assert any(h.generic and h.start > 3 and h.end < 21 for h in hits)  # the "ceasefire" of "energy ceasefire"
    kept = own_hits(hits)
    assert [(text[h.start:h.end], h.generic) for h in sorted(kept, key=lambda h: h.start)] == \
        [("energy ceasefire", False), ("ceasefire", True)]


def test_a_stop_told_by_its_verb_is_the_generic_truce() -> None:
    # "stop the fighting" told without "the", or with the fighting as the subject of "cease"
    for text in ("Both armies must stop shooting now.", "He asked the two sides to stop fighting.",
                 "They wanted the fighting in Europe to cease."):
        hits = lexicon().subject_hits(text)
        assert [(h.label, h.generic) for h in hits] == [("full_ceasefire", True)], text
