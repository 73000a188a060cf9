"""The word lists of the acts, agreements and incidents stages, as loaded from truceline/extract/data/."""
from __future__ import annotations

from typing import Any

import pytest

from truceline.extract import acts_clause, acts_describe, acts_roles, acts_subject, agreements, incidents
from truceline.extract.lexicons import load

#: every list or mapping these stages read from data, by file and key
KEYS = {
    "acts_words": ["wish", "modals", "condition_marks", "condition_words", "hypothetical_marks", "negations",
                   "negating_verbs", "negating_nouns", "future_aux", "future_heads", "object_preps", "causative",
                   "talk_nouns", "both_sides_words", "both_sides_lemmas", "target_preps", "noun_actor_preps",
                   "noun_target_preps", "owner_verbs", "plural_words", "plural_lemmas", "determiners",
                   "perfect_aux", "subject_words", "describe_verbs"],
    "acts": ["inner_moves"],
    "agreements": ["reckon"],
    "incidents": ["numbers", "near_words", "not_region_words", "place_preps", "attacker_nouns", "military_nouns",
                  "attacker_verbs", "agent_verbs", "demonyms"],
    "weapons": ["negating_nouns"],
    "incident_cues": ["office_skip", "addressee_heads"],
}


def _words(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else list(value.keys()) + list(value.values())


@pytest.mark.parametrize(("name", "key"), [(n, k) for n, ks in KEYS.items() for k in ks])
def test_every_word_is_a_string(name: str, key: str) -> None:
    # an unquoted YAML `on` would load as True, `n't` or `'s` would not parse: the list would never match
    words = _words(load(name)[key])
    if key == "numbers":
        words = list(load(name)[key])  # number words -> ints
    assert words and all(isinstance(w, str) and w for w in words)


def test_words_yaml_reads_as_booleans_stay_words() -> None:
    assert "on" in acts_clause.OBJECT_PREPS and "on" in acts_roles.TARGET_PREPS and "on" in incidents._PLACE_PREPS
    assert acts_clause.NEGATIONS == ("never", "not", "n't")
    assert acts_clause.FUTURE_AUX == ("will", "'ll", "shall")
    assert incidents._OFFICE_SKIP[:2] == ("'s", "\u2019s")


def test_constants_keep_their_kind() -> None:
    assert isinstance(acts_clause.MODALS, frozenset) and "would" in acts_clause.MODALS
    assert isinstance(acts_roles.CAUSATIVE, frozenset) and "prompt" in acts_roles.CAUSATIVE
    assert agreements.RECKON == ("count", "date", "reckon", "calculate", "measure", "time")
    assert acts_subject.DETERMINERS[0] == "the"
    assert incidents._NUM["twelve"] == 12 and incidents._NUM["an"] == 1
    assert incidents._DEMONYMS == {"UKR": "Ukrainian", "RUS": "Russian"}


def test_every_subject_and_act_type_has_words() -> None:
    assert list(acts_describe.VERBS) == ["propose", "accept", "reject", "agree", "halt", "demand", "accuse", "deny",
                                         "meet", "end"]
    assert acts_describe.SUBJECT_WORDS["maritime_ceasefire"] == "a Black Sea ceasefire"
    assert {"full_ceasefire", "energy_ceasefire", "maritime_ceasefire", "talks", "other"} <= set(
        acts_describe.SUBJECT_WORDS)


def test_incident_lexicon_still_merges_its_files() -> None:
    lex = incidents.lexicon()
    assert {"targets", "weapons", "attack", "negating", "office_heads", "unnamed", "report"} <= set(lex)
