"""What every trainer shares: the corpus read as documents with their gold, fold ids, spaCy training runs."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
POLNEAR_TRAIN = SHARED / "train" / "polnear" / "train.jsonl"


@dataclass
class CorpusDoc:
    id: str
    text: str
    published: str | None
    gold: dict[str, Any]


def corpus_docs(ids: list[str] | None = None) -> list[CorpusDoc]:
    """The corpus documents (all, or those in ``ids``) with their gold records, in input order."""
    want = set(ids) if ids is not None else None
    out = []
    for line in (CORPUS / "input.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if want is not None and row["id"] not in want:
            continue
        gold = json.loads((CORPUS / "gold" / f"{row['id']}.json").read_text(encoding="utf-8"))
        out.append(CorpusDoc(row["id"], row["text"], row.get("published"), gold))
    return out


def folds() -> list[list[str]]:
    return [list(f) for f in json.loads((CORPUS / "folds.json").read_text(encoding="utf-8"))["folds"]]


def folds_present(docs: list[CorpusDoc]) -> list[list[str]]:
    """The corpus folds, each cut to the documents given; empty ones left out."""
    have = {d.id for d in docs}
    return [g for g in ([i for i in f if i in have] for f in folds()) if g]


def out_of_fold(docs: list[CorpusDoc], rows: list[dict[str, Any]], work: Path, name: str,
                fit: Callable[[list[dict[str, Any]], Path, str], None],
                predict: Callable[[Path, list[dict[str, Any]]], list[Any]]) -> list[Any]:
    """Each row's prediction by a model ``fit`` without the corpus fold of its document (``row["doc"]``),
    over the folds present in ``docs``: what thresholds are chosen on, never a model's own training rows."""
    got: dict[int, Any] = {}
    for k, held in enumerate(folds_present(docs)):
        held_set = set(held)
        inner = work / f"{name}.cv{k}"
        fit([r for r in rows if r["doc"] not in held_set], inner, f"{name}.cv{k}")
        idx = [n for n, r in enumerate(rows) if r["doc"] in held_set]
        for n, value in zip(idx, predict(inner, [rows[n] for n in idx]), strict=True):
            got[n] = value
    return [got[n] for n in range(len(rows))]


def corpus_files() -> list[Path]:
    """The files that make the corpus, in a fixed order (what the manifest's corpus checksum covers)."""
    return [CORPUS / "input.jsonl", CORPUS / "folds.json", *sorted((CORPUS / "gold").glob("*.json"))]


def sha256_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def find_evidence(text: str, evidence: str) -> tuple[int, int] | None:
    """Where a gold item's evidence_text stands in the document (exact, else whitespace-normalised)."""
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    words = evidence.split()
    if not words:
        return None
    import re

    rx = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = rx.search(text)
    return (m.start(), m.end()) if m else None


def spacy_train(config: Path, out: Path, train: Path, dev: Path, seed: int,
                overrides: dict[str, str] | None = None) -> None:
    """``spacy train`` in a subprocess on one CPU thread (reproducible), the best model copied to ``out``."""
    args = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out.parent / (out.name + ".run")),
            "--paths.train", str(train), "--paths.dev", str(dev), "--system.seed", str(seed)]
    for k, v in (overrides or {}).items():
        args += [f"--{k}", v]
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    best = out.parent / (out.name + ".run") / "model-best"
    import shutil

    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(best), str(out))
    shutil.rmtree(out.parent / (out.name + ".run"), ignore_errors=True)
