"""The trained acts model beside the rules (``truceline/extract/acts_model.py``), on sentences written here.

A tiny model is trained in the test on a handful of made-up (sentence, side) pairs, so each behaviour is
checked against a model whose scores the test controls: without a model the rules alone decide, a
confident type the rules miss is added for the side the model names, and a rule act the model finds
unlikely is dropped when the manifest's ``keep`` threshold says so.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from truceline.extract import acts_model
from truceline.extract.acts_model import TYPES, pair_text, pairs
from truceline.extract.pipeline import load_pipeline, new_analysis, run_stage, stages
from truceline.models import Document
from truceline.settings import Settings

pytestmark = pytest.mark.slow

SUBJECTS = ("full_ceasefire", "energy_ceasefire", "talks", "other")


def run(settings: Settings, text: str):  # type: ignore[no-untyped-def]
    nlp = load_pipeline(settings.spacy_model)
    doc = Document(id="t", source=None, title=None, published=dt.date(2025, 3, 19), outlet=None, language="en",
                   text=text)
    a = new_analysis(doc, nlp(text), settings, check=True)
    for stage in stages():
        run_stage(a, stage)
    return a


def moves(a):  # type: ignore[no-untyped-def]
    return sorted((x.type, x.subject, a.actors.get(x.actor).country) for x in a.acts)


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose model folder holds no trained model."""
    return Settings.load(trained_models=str(tmp_path_factory.mktemp("no-models")))


#: (text, {side: types}) the tiny model learns from: "wants X to" is a demand of the side that wants it,
#: a phone call is no move at all (so the model learns to doubt the rules' meet).
TEACH = [
    ("Zelensky wants Russia to stop all attacks.", {"UKR": ["demand"], "RUS": []}),
    ("Ukraine wants Moscow to halt the shelling.", {"UKR": ["demand"], "RUS": []}),
    ("Kyiv wants Russia to free the prisoners.", {"UKR": ["demand"], "RUS": []}),
    ("Macron wants Putin to stop the war.", {"FRA": ["demand"], "RUS": []}),
    ("Putin spoke with Trump by phone.", {"RUS": [], "USA": []}),
    ("Trump spoke with Zelensky on Monday.", {"USA": [], "UKR": []}),
    ("Russian drones hit Kharkiv overnight.", {"RUS": []}),
    ("Ukraine shot down forty drones over Kyiv.", {"UKR": []}),
]


@pytest.fixture(scope="module")
def teacher(bare: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder with a tiny acts model trained on TEACH, and a manifest with its thresholds."""
    import spacy
    from spacy.training import Example

    rows = []
    for text, gold in TEACH:
        a = run(bare, text)
        for sent in a.doc.sents:
            for pair in pairs(a, sent):
                kinds = gold.get(pair.side, [])
                cats = {t: float(t in kinds) for t in TYPES} | {f"S:{s}": 0.0 for s in SUBJECTS}
                rows.append((pair.text, cats))
    assert any(c["demand"] for _, c in rows), "the teaching sentences give no demand pair"
    nlp = spacy.blank("en")
    cat = nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 1,
        "no_output_layer": False, "length": 4096}})
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": c}) for t, c in rows]
    for label in rows[0][1]:
        cat.add_label(label)  # type: ignore[attr-defined]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(60):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    folder = tmp_path_factory.mktemp("models")
    nlp.to_disk(folder / "acts")
    return folder


def with_thresholds(folder: Path, **limits: float) -> Settings:
    (folder / "MANIFEST.json").write_text(json.dumps({"models": {"acts": {"thresholds": limits}}}))
    return Settings.load(trained_models=str(folder))


def test_pair_text_marks_the_side_and_its_place_in_the_parse(bare: Settings) -> None:
    a = run(bare, "Ukraine accused Russia of violating the truce.")
    got = {p.side: p for s in a.doc.sents for p in pairs(a, s)}
    assert set(got) >= {"UKR", "RUS"}
    assert got["UKR"].text.removeprefix("-speaks- ").startswith("-actor- accuse -other-")
    assert "-actor-nsubj-accuse" in got["UKR"].text.split()
    assert got["RUS"].text.startswith("-other- accuse -actor-")
    assert "-actor-nsubj-accuse" not in got["RUS"].text.split()


def test_pair_text_marks_the_speaker_of_the_sentence(bare: Settings) -> None:
    a = run(bare, "The ceasefire must hold, Zelensky said on Tuesday.")
    sent = next(iter(a.doc.sents))
    got = {p.side: p for p in pairs(a, sent)}
    assert got["UKR"].text.split()[0] == "-speaks-"
    assert pair_text(a, sent, "RUS", [], False).split()[0] != "-speaks-"


def test_without_a_model_the_rules_alone_decide(bare: Settings) -> None:
    assert acts_model.model(run(bare, "Putin spoke with Trump.")) is None
    a = run(bare, "Russia and Ukraine agreed to halt strikes on energy facilities. Trump spoke with Putin.")
    assert ("agree", "energy_ceasefire", "RUS") in moves(a)
    assert ("meet", "talks", "USA") in moves(a)
    # what only a model could add is absent
    assert run(bare, "Zelensky wants Russia to stop the strikes on energy facilities.").acts == []


def test_a_confident_type_the_rules_miss_is_added_for_its_side(teacher: Path, bare: Settings) -> None:
    # "the demand of the day" names no one who makes it: the rules make no move, the model gives it to the side
    # it scores (an added demand needs such a word of demanding in the sentence)
    text = "Zelensky wants Russia to stop the strikes on energy facilities, the demand of the day."
    assert run(bare, text).acts == []
    settings = with_thresholds(teacher, keep=0.0, add=0.5, subject=0.5)
    a = run(settings, text)
    assert moves(a) == [("demand", "energy_ceasefire", "UKR")]
    assert a.actors.get(a.acts[0].actor).name == "Volodymyr Zelensky"
    assert a.acts[0].target is not None and a.actors.get(a.acts[0].target).country == "RUS"


def test_an_added_demand_needs_a_demand_word_in_the_sentence(teacher: Path) -> None:
    # the model is sure of a demand in "wants Russia to stop" (it learnt just that), but no word there demands
    settings = with_thresholds(teacher, keep=0.0, add=0.5, subject=0.5)
    text = "Zelensky wants Russia to stop the strikes on energy facilities."
    a = run(settings, text)
    ukr = next(p for s in a.doc.sents for p in pairs(a, s) if p.side == "UKR")
    nlp = acts_model.model(a)
    assert nlp is not None and nlp(ukr.text).cats["demand"] >= 0.5
    assert a.acts == []


def test_an_added_act_needs_the_threshold(teacher: Path) -> None:
    settings = with_thresholds(teacher, keep=0.0, add=1.01, subject=0.5)
    assert run(settings, "Zelensky wants Russia to stop the strikes on energy facilities.").acts == []


def test_a_rule_act_the_model_doubts_is_dropped_only_past_keep(teacher: Path) -> None:
    text = "Trump spoke with Putin on Tuesday."
    kept = run(with_thresholds(teacher, keep=0.0, add=1.01), text)
    assert [x.type for x in kept.acts] == ["meet"]
    dropped = run(with_thresholds(teacher, keep=0.0, add=1.01, **{"keep.meet": 0.5}), text)
    assert dropped.acts == []


def test_no_move_is_added_where_the_parse_voids_it(teacher: Path) -> None:
    settings = with_thresholds(teacher, keep=0.0, add=0.5, subject=0.5)
    text = "Zelensky does not want Russia to stop the strikes on energy facilities."
    a = run(settings, text)
    sent = next(iter(a.doc.sents))
    ukr = next(p for p in pairs(a, sent) if p.side == "UKR")
    nlp = acts_model.model(a)
    assert nlp is not None and nlp(ukr.text).cats["demand"] >= 0.5  # the bag of words alone would add it
    assert a.acts == []


def test_the_rules_reading_of_a_word_stands(teacher: Path) -> None:
    # the tiny model never saw a meeting as a move: whatever it scores, the rules' meet at "spoke" is kept
    # and nothing else is added at that word
    settings = with_thresholds(teacher, keep=0.0, add=0.0, subject=0.0)
    a = run(settings, "Trump spoke with Putin on Tuesday.")
    assert [(x.type, a.actors.get(x.actor).country) for x in a.acts] == [("meet", "USA")]


def test_the_demand_word_needs_what_the_lexicon_asks_of_it(bare: Settings) -> None:
    # "call" is a demand only with "for" or "on": a phone call from Sochi holds no demand word for the model
    from truceline.extract.acts_lexicon import lexicon

    a = run(bare, "Putin called Trump from Sochi.")
    assert acts_model.trigger_for(next(iter(a.doc.sents)), "demand", lexicon()) is None
    b = run(bare, "Putin called for a ceasefire.")
    found = acts_model.trigger_for(next(iter(b.doc.sents)), "demand", lexicon())
    assert found is not None and found.lower_ == "called"


def test_no_meeting_is_added_where_the_rules_read_talks_planned(teacher: Path) -> None:
    # the rules make the round ahead an agreement to meet (talks.py); the model, whatever it scores, adds no meet
    settings = with_thresholds(teacher, keep=0.0, add=0.0, subject=0.0)
    a = run(settings, "The next round of talks between Finland and Estonia will take place in Geneva on June 2.")
    assert [x for x in a.acts if x.type == "meet"] == []


def test_no_move_is_added_for_a_side_the_subject_tells_of(teacher: Path) -> None:
    # the Finnish government is the subject of the sentence: Estonia makes no move in it
    settings = with_thresholds(teacher, keep=0.0, add=0.0, subject=0.0)
    a = run(settings, "The Finnish government said Estonia returned the bodies of ten soldiers.")
    assert [x for x in a.acts if a.actors.get(x.actor).country == "EST"] == []


def test_no_move_is_added_under_a_modal_but_an_agreement_as_a_condition(teacher: Path) -> None:
    settings = with_thresholds(teacher, keep=0.0, add=0.0, subject=0.0)
    a = run(settings, "Finland could abandon the truce with Estonia.")
    assert [x.type for x in a.acts if x.type not in ("agree", "accept")] == []
    assert all(x.conditional for x in a.acts)
