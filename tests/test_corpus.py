"""The annotated training corpus (corpus/): well-formed gold, guard-clean, fixed folds, coverage.

The corpus is data that later issues train and tune on, so these tests keep it honest: every gold file
follows the record schema's conventions with evidence quoted from its own document, nothing in it is a
held-out or dev text, and the folds that cross-validation uses cover each document once.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "record.schema.json"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_tool", ROOT / "scripts" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_tool"] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def need_shared(shared_dir: Path, part: str) -> Path:
    """``../shared/<part>``; skipped when absent on a developer's machine, a failure under CI."""
    path = shared_dir / part
    if not path.exists():
        message = f"{path} is absent (no ../shared beside this clone)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def inputs() -> list[dict[str, Any]]:
    return tool.read_inputs(CORPUS / "input.jsonl")


@pytest.fixture(scope="module")
def golds(inputs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["id"]: json.loads((CORPUS / "gold" / f"{d['id']}.json").read_text(encoding="utf-8"))
            for d in inputs}


def gold_schema() -> dict[str, Any]:
    """record.schema.json as the gold files use it: boilerplate instead of text, evidence_text instead of offsets."""
    schema = copy.deepcopy(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    doc = schema["properties"]["document"]
    doc["required"] = ["id", "source", "title", "published", "outlet", "language", "boilerplate"]
    doc["properties"].pop("text")
    doc["properties"].pop("removed")
    doc["properties"]["boilerplate"] = {"type": "array", "items": {"type": "string"}}
    doc["additionalProperties"] = False
    for key in ("statements", "acts", "agreements", "incidents"):
        item = schema["properties"][key]["items"]
        item["required"] = [*item["required"], "evidence_text"]
        item["properties"].pop("evidence", None)
        item["properties"]["evidence_text"] = {"type": "string", "minLength": 1}
    return schema


# ---------------------------------------------------------------- the data
def test_every_document_has_a_well_formed_gold_file(inputs: list[dict[str, Any]]) -> None:
    problems = tool.check_dir(CORPUS / "gold", inputs)
    assert not problems, "\n".join(f"{k}: {e}" for k, errs in list(problems.items())[:10] for e in errs[:3])
    on_disk = {p.stem for p in (CORPUS / "gold").glob("*.json")}
    assert on_disk == {d["id"] for d in inputs}, "gold files without a document, or documents without gold"


def test_gold_files_follow_the_record_schema(golds: dict[str, dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(gold_schema())
    bad = {doc_id: next(iter(validator.iter_errors(g))).message
           for doc_id, g in golds.items() if not validator.is_valid(g)}
    assert not bad, bad


def test_every_evidence_text_occurs_in_its_document(inputs: list[dict[str, Any]],
                                                    golds: dict[str, dict[str, Any]]) -> None:
    missing = []
    for d in inputs:
        flat = " ".join(d["text"].split())
        g = golds[d["id"]]
        for key in ("statements", "acts", "agreements", "incidents"):
            for n, item in enumerate(g[key]):
                if " ".join(item["evidence_text"].split()) not in flat:
                    missing.append(f"{d['id']} {key}[{n}]")
    assert not missing, missing[:20]


def test_the_corpus_covers_the_task(inputs: list[dict[str, Any]], golds: dict[str, dict[str, Any]]) -> None:
    kinds = Counter(tool.doc_kind(g) for g in golds.values())
    assert len(inputs) >= 300
    assert kinds["strike"] >= 120 and kinds["negotiation"] >= 120, kinds
    per_outlet = Counter(tool.outlet_of(d["url"]) for d in inputs)
    assert max(per_outlet.values()) <= tool.MAX_PER_OUTLET, per_outlet.most_common(3)
    assert len({d["id"] for d in inputs}) == len(inputs)
    assert len({d["url"] for d in inputs}) == len(inputs)
    assert all(len(d["text"]) <= tool.MAX_CHARS for d in inputs)


def test_folds_cover_each_document_once_and_keep_copies_together(inputs: list[dict[str, Any]],
                                                                  golds: dict[str, dict[str, Any]]) -> None:
    folds = json.loads((CORPUS / "folds.json").read_text(encoding="utf-8"))
    assert folds["n_folds"] == 5 and len(folds["folds"]) == 5
    placed = [doc_id for fold in folds["folds"] for doc_id in fold]
    assert sorted(placed) == sorted(d["id"] for d in inputs), "every document in exactly one fold"
    fold_of = {doc_id: n for n, fold in enumerate(folds["folds"]) for doc_id in fold}
    # stratified: each fold holds about a fifth of each kind
    for kind in ("strike", "negotiation"):
        sizes = [sum(tool.doc_kind(golds[x]) == kind for x in fold) for fold in folds["folds"]]
        assert max(sizes) - min(sizes) <= 4, (kind, sizes)
    # a story republished twice is never split across folds (cross-validation would see it twice)
    sh = {d["id"]: tool.shingles(d["text"]) for d in inputs}
    ids = sorted(sh)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if tool.copy_share(sh[a], sh[b]) >= tool.COPY_SHARE:
                assert fold_of[a] == fold_of[b], (a, b)


# ---------------------------------------------------------------- against ../shared
def test_no_corpus_text_is_held_out(shared_dir: Path) -> None:
    guard = need_shared(shared_dir, "eval/guard/check")
    proc = subprocess.run([sys.executable, str(guard), str(CORPUS / "input.jsonl")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "refused 0" in proc.stdout


def test_no_corpus_text_comes_from_the_dev_set(shared_dir: Path, inputs: list[dict[str, Any]]) -> None:
    dev = tool.read_inputs(need_shared(shared_dir, "eval/dev/input.jsonl"))
    dev_urls = {d["url"] for d in dev if d.get("url")}
    dev_sh = [tool.shingles(d["text"]) for d in dev]
    for d in inputs:
        assert d["url"] not in dev_urls, d["id"]
        sh = tool.shingles(d["text"])
        assert all(tool.copy_share(sh, s) < tool.COPY_SHARE for s in dev_sh), d["id"]


# ---------------------------------------------------------------- the tool itself
def test_cut_ends_at_a_line_end_near_the_limit() -> None:
    text = ("word " * 30 + "\n") * 40
    out = tool.cut(text, 1000)
    assert len(out) <= 1000 and text.startswith(out) and text[len(out)] == "\n"
    assert tool.cut("short", 1000) == "short"


def test_read_raw_keeps_the_text_exactly(tmp_path: Path) -> None:
    raw = tmp_path / "x01.txt"
    raw.write_text("url: https://example.org/a\npublished: null\n---\nHeadline\n\n  Body line.\n", encoding="utf-8")
    doc = tool.read_raw(raw)
    assert doc == {"id": "x01", "url": "https://example.org/a", "published": None, "text": "Headline\n\n  Body line."}
    raw.write_text("url: https://example.org/a\npublished: 5 May\n---\ntext\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        tool.read_raw(raw)


def test_check_gold_names_what_is_wrong() -> None:
    doc = {"id": "x01", "url": "https://example.org/a", "published": "2025-05-05",
           "text": "Headline\nKyiv said drones hit Sumy on Monday.\nShare this"}
    gold = {"schema": "truceline.v1",
            "document": {"id": "x01", "source": "https://example.org/a", "title": "Headline",
                         "published": "2025-05-05", "outlet": None, "language": "en",
                         "boilerplate": ["Headline", "Share"]},
            "actors": [{"id": "gov_ukr", "name": "Government of Ukraine", "kind": "government", "country": "UKR"}],
            "statements": [{"speaker": "gov_ukr", "text": "drones hit Sumy", "kind": "indirect", "cue": "say",
                            "channel": None, "date": "2025-05-05",
                            "evidence_text": "Kyiv said drones hit Sumy on Monday."}],
            "acts": [{"type": "blame", "actor": "rus", "subject": "talks", "evidence_text": "not there"}],
            "agreements": [], "incidents": []}
    errs = tool.check_gold(gold, doc)
    assert "boilerplate is not a whole line of the text: 'Share'" in errs
    assert "act 0: type 'blame'" in errs
    assert "act 0: 'rus' is not an actor id" in errs
    assert any(e.startswith("act 0: evidence_text not in the text") for e in errs)
    assert not any(e.startswith("statement") for e in errs)


def test_a_gold_file_scored_as_a_system_record_agrees_with_itself(shared_dir: Path, tmp_path: Path,
                                                                  inputs: list[dict[str, Any]]) -> None:
    """The double-annotation measure: one annotation scored against itself gives 1.0 everywhere."""
    score = need_shared(shared_dir, "eval/score.py")
    docs = inputs[:12]
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    with (tmp_path / "in.jsonl").open("w") as fi, (tmp_path / "sys.jsonl").open("w") as fs:
        for d in docs:
            g = json.loads((CORPUS / "gold" / f"{d['id']}.json").read_text(encoding="utf-8"))
            (gold_dir / f"{d['id']}.json").write_text(json.dumps(g), encoding="utf-8")
            fi.write(json.dumps(d) + "\n")
            fs.write(json.dumps(tool.as_system(g, d)) + "\n")
    proc = subprocess.run([sys.executable, str(score), "--input", str(tmp_path / "in.jsonl"), "--gold",
                           str(gold_dir), "--system", str(tmp_path / "sys.jsonl"), "--json"],
                          capture_output=True, text=True, timeout=300)
    out = json.loads(proc.stdout)
    assert out["invalid"] == 0 and out["missing"] == 0
    for kind in ("statements", "acts", "agreements", "incidents"):
        assert out[kind]["f1"] == 1.0, (kind, out[kind])
    assert out["cleaning"]["f1"] == 1.0
