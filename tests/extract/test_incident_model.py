"""The incident classifier of the incidents stage, on short reports written for these tests.

A small classifier is trained here, in a temporary model folder, on candidates the rules find in sentences
written for the purpose and labelled by hand, so the tests see the whole path (the rules' candidates, the
feature words, the trained pipeline, the thresholds read from the manifest, places dropped, added and given
a target class) without depending on the committed model. Without a model, the rules decide as before.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from truceline import trained
from truceline.extract import incident_model, incidents
from truceline.extract.incident_model import STRIKE, TARGET_PREFIX, TARGETS, Candidate
from truceline.settings import Settings

pytestmark = pytest.mark.slow

# (sentence, strike?, umbrella target or None): strikes, things that only look like strikes, and
# strikes the attack words miss ("windows were blown out").
TRAINING = [
    ("Russian drones hit a school in Sumy on Tuesday.", True, "civilian_infrastructure"),
    ("Russian missiles hit a school in Poltava on Tuesday.", True, "civilian_infrastructure"),
    ("Ukrainian drones struck an oil depot in the Bryansk region on Tuesday.", True, "energy"),
    ("Ukrainian drones struck an oil depot in the Kursk region on Tuesday.", True, "energy"),
    ("Residents of Kharkiv remembered the attack of last winter at a memorial concert.", False, None),
    ("Residents of Odesa remembered the attack of last winter at a memorial concert.", False, None),
    ("Residents of Dnipro remembered the strike of last winter at a memorial concert.", False, None),
    ("Windows were blown out across Chernihiv as the missiles came down on Tuesday.", True, "residential"),
    ("Windows were blown out across Mykolaiv as the missiles came down on Tuesday.", True, "residential"),
    ("Windows were blown out across Vinnytsia as the missiles came down on Tuesday.", True, "residential"),
]


@pytest.fixture(scope="module")
def model_dir(analyse, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 1,
        "no_output_layer": False, "length": 4096}})
    for label in [STRIKE, *(TARGET_PREFIX + t for t in TARGETS)]:
        textcat.add_label(label)
    examples = []
    for text, strike, target in TRAINING:
        a = analyse(text)
        cands, _ = incidents.candidates(a, incidents.sentence_views(a))
        assert cands, text  # every training sentence names a place the rules find
        for c in cands:
            cats = {STRIKE: float(strike)}
            if target:
                cats.update({TARGET_PREFIX + t: float(t == target) for t in TARGETS})
            examples.append(Example.from_dict(nlp.make_doc(c.features()), {"cats": cats}))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(3)
    for _ in range(40):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    folder = tmp_path_factory.mktemp("models")
    nlp.to_disk(folder / "incidents")
    (folder / trained.MANIFEST).write_text(json.dumps(
        {"models": {"incidents": {"thresholds": {"keep": 0.5, "add": 0.5, "target": 0.5}}}}))
    return folder


@pytest.fixture()
def run(analyse, model_dir: Path):  # type: ignore[no-untyped-def]
    """``run(text, folder)``: the incidents of ``text`` with the models of ``folder`` (None: the trained one)."""
    def go(text: str, folder: Path | None = None):  # type: ignore[no-untyped-def]
        a = analyse(text, dt.date(2025, 3, 19))
        a.settings = Settings.load(trained_models=str(folder or model_dir))
        incident_model._LOADED.clear()
        incidents.find_incidents(a)
        return [(i.location.name if i.location else None, i.target) for i in a.incidents]

    return go


def test_candidates_mark_the_place_in_question():
    c = Candidate(0, 100, "Drones hit Sumy and Kharkiv.", (111, 115), [(120, 127)], ["Ftrig"], rule=True)
    assert c.features() == "Ftrig Frule | drones hit xplace and yplace ."
    assert Candidate(0, 0, "3 drones hit Sumy", (13, 17), [], []).features() == "Fnorule | nnum drones hit xplace"


REMEMBERED = "Residents of Zaporizhzhia remembered the attack of last winter at a memorial concert."


def test_the_rules_alone_take_a_remembered_attack(run, tmp_path: Path):
    # the premise: an attack word and a place make an incident for the rules
    assert run(REMEMBERED, tmp_path) == [("Zaporizhzhia", "other")]


def test_the_model_drops_a_place_the_rules_take(run):
    assert run(REMEMBERED) == []


def test_the_model_keeps_a_strike_the_rules_take(run):
    assert run("Russian drones hit a school in Kherson on Tuesday.") == [("Kherson", "civilian_infrastructure")]


BLOWN = "Windows were blown out across Kremenchuk as the missiles came down on Tuesday."


def test_the_model_adds_a_strike_the_attack_words_miss(run, tmp_path: Path):
    assert run(BLOWN, tmp_path) == []
    # the model adds the strike; its class "residential" stands only with a word of homes near
    # (incident_targets._homes_told), and windows are no home: a strike on a town with no target named
    assert run(BLOWN) == [("Kremenchuk", "other")]


def test_an_add_threshold_no_probability_reaches_adds_nothing(run, model_dir: Path, tmp_path: Path):
    (tmp_path / "incidents").symlink_to(model_dir / "incidents")
    (tmp_path / trained.MANIFEST).write_text(json.dumps(
        {"models": {"incidents": {"thresholds": {"keep": 0.5, "add": 1.01, "target": 0.5}}}}))
    assert run(BLOWN, tmp_path) == []
    assert run("Russian drones hit a school in Kherson on Tuesday.", tmp_path) == [
        ("Kherson", "civilian_infrastructure")]


def test_without_a_model_the_rules_decide(run, tmp_path: Path):
    assert incident_model.get(Settings.load(trained_models=str(tmp_path))) is None
    assert run("Russian drones hit a school in Kherson on Tuesday.", tmp_path) == [
        ("Kherson", "civilian_infrastructure")]
