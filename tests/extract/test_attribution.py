"""The trained attribution tagger (truceline/trained/statements) and how the statements stage uses it.

The sentences are written for these tests. The model is the committed one; a folder without it runs the
statements stage on its rules, which the last test checks.
"""
from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from truceline import trained
from truceline.extract import attribution
from truceline.extract.actors_in_text import speaker_of
from truceline.extract.analysis import Analysis
from truceline.extract.pipeline import new_analysis, run_stage, stages
from truceline.extract.statements import lexicon
from truceline.models import Document
from truceline.settings import Settings

pytestmark = pytest.mark.slow

INDIRECT = ("Maria Lindqvist, the mediator, told reporters on Monday that the two delegations had agreed "
            "to exchange prisoners before the end of the month.")


@pytest.fixture(scope="module")
def model(settings: Settings) -> object:
    nlp = trained.load(settings, attribution.MODEL)
    assert nlp is not None, "truceline/trained/statements is committed; rebuild it: scripts/train.py --only statements"
    return nlp


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield


def test_model_loads_offline(settings: Settings, no_network: None) -> None:
    trained._load.cache_clear()
    nlp = trained.load(settings, attribution.MODEL)
    assert nlp is not None
    assert "ner" in nlp.pipe_names
    assert {"CUE", "SOURCE", "CONTENT"} <= set(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]


def test_finds_cue_source_and_content_of_indirect_speech(model: object,
                                                         analyse: Callable[..., Analysis]) -> None:
    a = analyse(INDIRECT)
    atts = attribution.find_attributions(a, lexicon())
    assert atts is not None
    told = [x for x in atts if a.doc[x.cue].text == "told"]
    assert len(told) == 1
    at = told[0]
    assert at.lemma == "tell"
    # the speaker: the cue's subject in the parse (the SOURCE span, when tagged, holds the same name)
    assert at.source is None or "Lindqvist" in a.doc[at.source[0]:at.source[1]].text
    content = " ".join(a.document.text[s:e] for s, e in at.ranges(a.doc))
    assert "delegations had agreed to exchange prisoners" in content
    st = [s for s in a.statements if "exchange prisoners" in s.text]
    assert len(st) == 1
    assert a.actors.get(st[0].speaker).name == "Maria Lindqvist"
    assert st[0].kind == "indirect" and st[0].cue == "tell"


def test_offsets_are_the_documents(model: object, analyse: Callable[..., Analysis]) -> None:
    text = ("The talks in Geneva ended late.\n\n"
            "\u201cWe are ready to sign,\u201d Maria Lindqvist said after the meeting, "
            "\u201cbut not at any price.\u201d "
            "According to the ministry, the next round will begin on Friday.")
    a = analyse(text)
    atts = attribution.find_attributions(a, lexicon())
    assert atts
    for at in atts:
        cue = a.doc[at.cue]
        assert text[cue.idx:cue.idx + len(cue.text)] == cue.text
        for s, e in at.ranges(a.doc):
            span = a.doc.char_span(s, e)
            assert span is not None and text[s:e] == span.text
    said = [x for x in atts if a.doc[x.cue].text == "said"]
    assert len(said) == 1
    pieces = [text[s:e] for s, e in said[0].ranges(a.doc)]
    assert pieces[0].startswith("We are ready to sign")
    assert [text.index(p) for p in pieces] == sorted(text.index(p) for p in pieces)  # in reading order
    direct = [s for s in a.statements if s.text.startswith("We are ready")]
    assert len(direct) == 1 and direct[0].kind == "direct"
    assert a.actors.get(direct[0].speaker).name == "Maria Lindqvist"
    for found in a.statement_cues:
        assert text[found.cue:found.cue + 4] in ("said", "Acco")


def test_cue_offsets_tell_two_speakers_in_a_sentence_apart(model: object,
                                                           analyse: Callable[..., Analysis]) -> None:
    text = ("Hours after the Kremlin announced a new curfew, Maria Lindqvist wrote that the convoy "
            "had reached the port.")
    a = analyse(text)
    st = [c for c in a.statement_cues if "convoy" in c.statement.text]
    assert len(st) == 1
    assert text[st[0].cue:].startswith("wrote")
    assert a.actors.get(st[0].statement.speaker).name == "Maria Lindqvist"
    assert any(s <= text.index("convoy") < e for s, e in st[0].content)
    # who says the clause about the convoy: the writer, not the first speaker of the sentence
    reached = next(t for t in a.doc if t.text == "reached")
    assert speaker_of(a, reached) == st[0].statement.speaker


def test_tagging_a_batch_gives_what_tagging_each_document_gives(model: object, settings: Settings,
                                                                 nlp: object) -> None:
    texts = [INDIRECT,
             "\u201cThe line held overnight,\u201d the governor said on Telegram, adding that two drones were downed.",
             "No one commented.",
             "The foreign ministry said in a statement that talks would resume, according to state media."]
    alone = []
    for text in texts:
        doc = nlp(text)  # type: ignore[operator]
        a = new_analysis(Document(id="t", source=None, title=None, published=None, outlet=None, language="en",
                                  text=text), doc, settings)
        alone.append(attribution.tag(a))
    docs = [nlp(t) for t in texts]  # type: ignore[operator]
    batched = list(attribution.tag_batch(settings, iter(docs), 3))
    assert [d.text for d in batched] == texts  # the same docs, in order
    assert [d.user_data[attribution.USER_DATA] for d in batched] == alone
    assert any(label == "CUE" for ents in alone if ents for _, _, label in ents)


def test_without_a_model_the_rules_still_work(nlp: object, tmp_path: Path) -> None:
    empty = Settings.load(trained_models=str(tmp_path))
    assert trained.load(empty, attribution.MODEL) is None
    doc = Document(id="t", source=None, title=None, published=dt.date(2025, 3, 19), outlet=None, language="en",
                   text=INDIRECT)
    a = new_analysis(doc, nlp(INDIRECT), empty, check=True)  # type: ignore[operator]
    for stage in stages():
        run_stage(a, stage)
    assert attribution.find_attributions(a, lexicon()) is None
    st = [s for s in a.statements if "exchange prisoners" in s.text]
    assert len(st) == 1 and a.actors.get(st[0].speaker).name == "Maria Lindqvist"
