"""The trained attribution tagger (truceline/trained/statements) and how the statements stage uses it.

The sentences are written for these tests. The statements model is not committed yet (its training and
cross-validation are still being settled), so the stage runs on its rules; these tests hold what does not
depend on the model: cue offsets that tell two speakers of one sentence apart, and the rules' fallback.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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


def test_cue_offsets_tell_two_speakers_in_a_sentence_apart(analyse: Callable[..., Analysis]) -> None:
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
