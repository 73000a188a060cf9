"""Loading the pipeline: the registry's and gazetteer's names taught to spaCy, every component left on."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_names_from_the_gazetteer_and_registry_are_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Drones struck a substation near Sudzha, the Ukrenergo grid operator said.")
    assert ("Sudzha", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_teaching_the_names_leaves_every_component_running(nlp) -> None:  # type: ignore[no-untyped-def]
    # The patterns are added with the other components switched off; they must all be back on.
    assert nlp.pipe_names.index("entity_ruler") == nlp.pipe_names.index("ner") - 1
    assert {"tok2vec", "tagger", "parser", "lemmatizer", "ner"} <= set(nlp.pipe_names)
    assert not {"tok2vec", "tagger", "parser", "lemmatizer", "ner", "entity_ruler"} & set(nlp.disabled)
    doc = nlp("Kyiv said Moscow broke the truce.")
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
