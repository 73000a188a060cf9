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


# --- long documents: bounded pieces, a cap, a time budget ---------------------------------------------------

REPORT = ("Russian drones struck a power substation in Kharkiv overnight, Governor Oleh Syniehubov said on "
          "Telegram. The Kremlin said Russia would observe the truce.")


def test_chunks_join_back_exactly_and_respect_the_size() -> None:
    from truceline.extract.pipeline import chunks

    text = "\n\n".join(f"Paragraph {n}. " + "word " * (n % 37) for n in range(400)) + "x" * 3000
    pieces = chunks(text, 500)
    assert "".join(pieces) == text
    assert all(len(p) <= 500 for p in pieces)
    assert sum(p.endswith("\n\n") for p in pieces) > len(pieces) // 2  # mostly cut at paragraph ends
    assert chunks("short", 500) == ["short"]


@pytest.mark.slow
def test_a_document_parsed_in_pieces_gives_what_it_gives_whole(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from truceline.extract.pipeline import Extractor

    text = "\n\n".join([REPORT] * 6)
    whole = Extractor(settings).extract_text(text, id="w")
    pieces = Extractor(replace(settings, parse_chunk_chars=400)).extract_text(text, id="w")
    assert pieces.document.text == whole.document.text
    assert [(s.speaker, s.evidence) for s in pieces.statements] == [(s.speaker, s.evidence) for s in whole.statements]
    assert [(i.target, i.evidence) for i in pieces.incidents] == [(i.target, i.evidence) for i in whole.incidents]


@pytest.mark.slow
def test_the_time_budget_gives_up_one_document_and_the_batch_goes_on(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from truceline.errors import InputError
    from truceline.extract.pipeline import Extractor
    from truceline.models import RawDocument, Record

    out = list(Extractor(replace(settings, document_seconds=0.0)).run(
        [RawDocument(id="a", text=REPORT), RawDocument(id="b", text=REPORT)]))
    assert [type(o) for o in out] == [InputError, InputError]
    assert "document_seconds" in out[0].reason  # type: ignore[union-attr]
    assert isinstance(next(Extractor(settings).run([RawDocument(id="c", text=REPORT)])), Record)


def test_a_document_over_the_cap_is_cut_at_a_paragraph_end(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from truceline.clean import clean
    from truceline.models import RawDocument

    text = "\n\n".join(f"The governor said drones hit district {n} of the city overnight." for n in range(200))
    doc = clean(RawDocument(id="long", text=text), replace(settings, max_document_chars=1000))
    assert len(doc.text) <= 1000 and doc.text.endswith("overnight.")
    assert doc.removed[-1].reason == "other" and "max_document_chars" in doc.removed[-1].text
