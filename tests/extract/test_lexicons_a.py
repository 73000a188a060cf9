"""The word lists of coref, mentions, actors_in_text, statements and dates are data (data/*.yaml)."""
from __future__ import annotations

from importlib import resources

import pytest

from truceline.extract import actors_in_text, coref, dates, mentions, statements, statements_cues
from truceline.extract.lexicons import load

NAMES = ["coref", "mentions", "speakers", "statements", "dates"]


def _words(value: object) -> list[object]:
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in [k, *_words(v)]]
    if isinstance(value, list):
        return [w for v in value for w in _words(v)]
    return [value]


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_has_header_and_plain_words(name: str) -> None:
    text = resources.files("truceline.extract").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ") and "Source: compiled by the Truceline project (MIT)" in text
    data = load(name)
    assert data and load(name) is data  # read once
    for key, value in data.items():
        for w in _words(value):
            # YAML 1.1 reads a bare on/off/yes/no as a boolean: every entry must stay a word (or a number)
            assert isinstance(w, str) or (isinstance(w, int) and not isinstance(w, bool)), (name, key, w)


def test_module_constants_come_from_the_data() -> None:
    assert coref.DOC_NOUNS == frozenset(load("coref")["doc_nouns"]) and "communiqué" in coref.DOC_NOUNS
    assert coref.PERSON_PRONOUNS["hers"] == "f" and coref.BODY_PRONOUNS == {"it", "its"}
    assert coref._BODY_NOUNS["agency"] == ("organization", "government", "media")
    assert "minister" in mentions.ROLE_HEADS and "on" in mentions._PLACE_PREPS
    assert mentions._NAME_SKIP == ("'s", "the")
    assert "they" in actors_in_text.BODY_PRONOUNS and "we" in actors_in_text.FIRST_PERSON
    assert "on" in statements_cues._CONTENT_PREPS and statements_cues._CALL_PREPS == ("on", "for", "upon")
    assert statements._LEADING.pattern == r"^(?:that|and|but)\s+"
    assert dates._NUMBERS["ten"] == 10 and dates._MONTHS["sept"] == 9
    assert dates._RELATIVE_DAYS["the day before yesterday"] == -2
