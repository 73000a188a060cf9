"""The line classifier of the cleaning stage, on pages written for these tests.

A small classifier is trained here, in a temporary model folder, from lines written for the purpose, so
the tests see the whole path (feature words, the trained pipeline, its thresholds read from the manifest,
the rules' verdicts handed over and overruled) without depending on the committed model's figures. The
committed model, when present, is checked on a page of its own.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from truceline import trained
from truceline.clean import clean, lines_model, strip_boilerplate
from truceline.clean.lines_model import JUNK, LineModel, features
from truceline.models import RawDocument
from truceline.settings import Settings

PAGE = """Drones Strike Fuel Depot Near Border

The regional governor said on Monday that drones had set a fuel depot on fire overnight.

Firefighters worked through the morning to contain the blaze, the emergency service said.

Smoke rises over the depot after the overnight attack.

No one was hurt, according to the governor, who urged residents to stay indoors.

The depot supplies farms across the district and was last hit in the spring."""

CAPTION = "Smoke rises over the depot after the overnight attack."


def test_the_rules_alone_keep_the_unmarked_caption():
    # the premise of the tests below: no rule removes a caption without a photo credit
    assert CAPTION in strip_boilerplate(PAGE).paragraphs


def test_features_carry_the_rules_verdicts_place_and_shape():
    lines = ["Share this article", "Kyiv was hit overnight, the mayor said.", "Advertisement"]
    out = features(lines, ["share prompt", None, "advertisement"])
    assert out[0].startswith("Hshareprompt P0 ")
    assert " | share this article" in out[0]
    assert out[1].split(" | ")[0].split()[:2] == ["Hnone", "P1"]
    assert "pHshareprompt" in out[1] and "nHadvertisement" in out[1]
    assert "Plast" in out[2] and "Edot" in out[1]


def _train_model(folder: Path, rows: list[tuple[str, list[str | None], list[int]]],
                 thresholds: dict[str, float]) -> None:
    """A bag-of-words line classifier over ``features`` trained on (page, verdicts, labels) rows."""
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3",
                                                        "exclusive_classes": True, "ngram_size": 1,
                                                        "no_output_layer": False, "length": 4096}})
    textcat.add_label(JUNK)
    textcat.add_label("BODY")
    examples = []
    for page, how, labels in rows:
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        for text, label in zip(features(lines, how), labels, strict=True):
            examples.append(Example.from_dict(nlp.make_doc(text), {"cats": {JUNK: float(label),
                                                                           "BODY": 1.0 - label}}))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(7)
    for _ in range(30):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(folder / "lines")
    (folder / trained.MANIFEST).write_text(json.dumps({"models": {"lines": {"thresholds": thresholds}}}))


@pytest.fixture(scope="module")
def caption_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a line classifier that has learnt that "... rises over ..." lines are captions."""
    folder = tmp_path_factory.mktemp("models")
    page = ("Strike Hits Power Station\nOfficials said a drone hit the power station on Sunday night.\n"
            "Smoke rises over the power station after the strike.\nRepairs began on Monday, the operator said.")
    page2 = ("Shelling Damages School\nThe school was damaged by shelling on Tuesday, the mayor said.\n"
             "Dust rises over the school yard after the shelling.\nClasses moved online for the week.")
    page3 = ("Talks Resume In Geneva\nDelegations met on Friday for a second round of talks.\n"
             "Prices rose over the summer, the minister noted in his remarks.\nA third round is planned.")
    how: list[str | None] = ["title", None, None, None]
    _train_model(folder, [(page, how, [1, 0, 1, 0]), (page2, how, [1, 0, 1, 0]), (page3, how, [1, 0, 0, 0])] * 3,
                 {"remove": 0.5, "restore": 0.0})
    lines_model._LOADED.clear()
    return folder


def _clean(text: str, folder: Path | str) -> list[str]:
    doc = clean(RawDocument(id="p", text=text), Settings.load(trained_models=str(folder), detect_language=False))
    return doc.text.split("\n\n")


def test_a_trained_model_removes_the_caption_the_rules_keep(caption_model: Path):
    kept = _clean(PAGE, caption_model)
    assert CAPTION not in kept
    # the body stays, word for word
    assert "The regional governor said on Monday that drones had set a fuel depot on fire overnight." in kept
    assert kept[-1] == "The depot supplies farms across the district and was last hit in the spring."


def test_the_removed_caption_is_listed_with_a_reason(caption_model: Path):
    doc = clean(RawDocument(id="p", text=PAGE), Settings.load(trained_models=str(caption_model),
                                                               detect_language=False))
    assert [(r.text, r.reason) for r in doc.removed if r.text == CAPTION] == [(CAPTION, "other")]


def test_the_thresholds_come_from_the_manifest(caption_model: Path, tmp_path: Path):
    # the same model with a remove threshold no probability reaches leaves the caption to the rules
    (tmp_path / "lines").symlink_to(caption_model / "lines")
    (tmp_path / trained.MANIFEST).write_text(json.dumps({"models": {"lines": {"thresholds": {"remove": 1.01}}}}))
    lines_model._LOADED.clear()
    assert CAPTION in _clean(PAGE, tmp_path)


def test_a_restore_threshold_gives_cut_lines_back(caption_model: Path):
    nlp = trained.load(Settings.load(trained_models=str(caption_model)), "lines")
    assert nlp is not None
    lines = ["Officials said a drone hit the depot.", "Repairs began on Monday, the operator said."]
    keep_all = LineModel(nlp, remove=1.01, restore=1.01)  # every cut line comes back, nothing is cut
    assert keep_all.judge(lines, ["other", None], ["heading", None]) == [None, None]
    rules_only = LineModel(nlp, remove=1.01, restore=0.0)
    assert rules_only.judge(lines, ["other", None], ["heading", None]) == ["other", None]


def test_without_a_model_the_rules_decide(tmp_path: Path):
    lines_model._LOADED.clear()
    assert lines_model.get(Settings.load(trained_models=str(tmp_path))) is None
    kept = _clean(PAGE, tmp_path)
    assert kept == strip_boilerplate(PAGE).paragraphs
    assert "Drones Strike Fuel Depot Near Border" not in kept  # the headline still goes, by the rules


COMMITTED_PAGE = """Drone Debris Damages Homes In Border Village

Share this article

Debris from a drone shot down overnight damaged three houses in the village, the governor said.

Residents inspect a damaged house in the village on Tuesday.

Nobody was injured, he added, and repairs would start once the area was cleared.

Read more: Governor orders shelters checked before winter"""


@pytest.mark.skipif(not (trained.PACKAGED / "lines" / "meta.json").exists(), reason="no committed lines model")
def test_the_committed_model_cleans_a_page():
    lines_model._LOADED.clear()
    kept = _clean(COMMITTED_PAGE, "")
    assert "Share this article" not in kept and not any(k.startswith("Read more") for k in kept)
    assert "Debris from a drone shot down overnight damaged three houses in the village, the governor said." in kept
    assert "Nobody was injured, he added, and repairs would start once the area was cleared." in kept
