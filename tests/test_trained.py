"""The committed trained pipelines agree with their manifest and with the corpus they were trained on."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from truceline import trained
from truceline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from training.common import POLNEAR_TRAIN, corpus_files, sha256_files  # noqa: E402

#: the size budget for every trained pipeline together (the issue's limit)
MAX_BYTES = 80 * 1024 * 1024


@pytest.fixture(scope="module")
def manifest() -> dict:
    got = trained.manifest(folder=trained.PACKAGED)
    assert got.get("models"), "truceline/trained/MANIFEST.json is missing or lists no model: run ./run train"
    return got


def test_every_model_in_the_manifest_is_committed_and_loads(manifest: dict) -> None:
    settings = Settings.load(trained_models="")
    for name in manifest["models"]:
        nlp = trained.load(settings, name)
        assert nlp is not None, f"{name} is in the manifest but truceline/trained/{name} is absent"
        assert nlp.pipe_names, name


def test_corpus_models_were_trained_on_the_committed_corpus(manifest: dict) -> None:
    want = sha256_files(corpus_files())
    stale = [name for name, entry in manifest["models"].items()
             if "corpus_sha256" in entry and entry["corpus_sha256"] != want]
    assert not stale, f"corpus/ changed since these models were trained (rebuild with ./run train): {stale}"
    full = [name for name, entry in manifest["models"].items() if entry.get("excluded_fold") is not None]
    assert not full, f"committed models trained without a fold (cross-validation leftovers): {full}"


def test_polnear_models_name_the_split_they_learnt_from(manifest: dict) -> None:
    users = [n for n, e in manifest["models"].items() if "polnear_sha256" in e]
    if not POLNEAR_TRAIN.exists():
        pytest.skip(f"{POLNEAR_TRAIN} is absent (no ../shared beside this clone)")
    want = sha256_files([POLNEAR_TRAIN])
    assert all(manifest["models"][n]["polnear_sha256"] == want for n in users)


def test_the_models_fit_the_size_budget(manifest: dict) -> None:
    total = sum(p.stat().st_size for name in manifest["models"]
                for p in (trained.PACKAGED / name).rglob("*") if p.is_file())
    assert total <= MAX_BYTES, f"trained models take {total / 1e6:.1f} MB, over {MAX_BYTES / 1e6:.0f} MB"


def test_the_manifest_carries_cross_validated_figures(manifest: dict) -> None:
    means = manifest.get("crossval", {}).get("means", {})
    for kind in ("cleaning.f1", "statements.f1", "acts.f1", "agreements.f1", "incidents.f1"):
        assert kind in means, f"no cross-validated {kind} in the manifest (run ./run crossval --record)"


def test_an_absent_model_folder_gives_none_so_rules_run(tmp_path: Path) -> None:
    settings = Settings.load(trained_models=str(tmp_path))
    assert trained.load(settings, "statements") is None
    assert trained.threshold(settings, "statements", "min", 0.25) == 0.25
