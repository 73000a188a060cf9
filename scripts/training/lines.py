"""The line classifier of the cleaning stage (``truceline/clean/lines_model.py``): body or page junk.

Every line of every training document is read by the rules of ``truceline/clean/boilerplate.py`` first; the
classifier learns from the line's words with the rules' verdicts, its place and its shape as feature tokens
(``lines_model.features``), labelled by the gold ``document.boilerplate`` lists. The two decision
thresholds (``remove``: a kept line goes at or above it; ``restore``: a cut line comes back below it) are
chosen by cross-validation inside the training documents (their corpus folds, one model per fold held out),
maximising the scorer's cleaning F1 (harmonic mean of the body lines kept and the junk lines removed).
"""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

from .common import CorpusDoc, corpus_docs, folds_present, out_of_fold, spacy_train

NAME = "lines"
USES_CORPUS = True
DATA = ["corpus/input.jsonl", "corpus/gold/*.json"]
CONFIG = Path(__file__).with_name("lines.cfg")
JUNK, BODY = "JUNK", "BODY"
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‘’‚‛'`´"})


def norm(s: str) -> str:
    """The scorer's comparable form of a line (../shared/eval/score.py ``norm``)."""
    s = unicodedata.normalize("NFKC", s or "").translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", s).strip()


def doc_lines(doc: CorpusDoc) -> tuple[list[str], list[str | None], list[str | None], list[int | None]]:
    """The document's lines as the cleaner cuts them, the rules' reasons and verdicts, and the gold label
    of each (1 junk, 0 body, None when the scorer counts the line neither way: the headline not listed)."""
    from truceline.clean.boilerplate import strip_boilerplate

    seen: dict[str, Any] = {}

    def record(lines: list[str], reason: list[str | None], how: list[str | None]) -> list[str | None]:
        seen.update(lines=lines, reason=reason, how=how)
        return reason

    strip_boilerplate(doc.text, source=doc.gold["document"].get("source"), judge=record)
    if not seen:
        return [], [], [], []
    boiler = {norm(b) for b in doc.gold["document"].get("boilerplate", [])}
    title = norm(doc.gold["document"].get("title") or "")
    labels: list[int | None] = []
    for line in seen["lines"]:
        key = norm(line)
        labels.append(1 if key in boiler else (None if key == title else 0))
    return seen["lines"], seen["reason"], seen["how"], labels


def examples(docs: list[CorpusDoc]) -> list[dict[str, Any]]:
    """One row per labelled line: doc id, fold text, label, the rules' verdict."""
    from truceline.clean.lines_model import features

    rows = []
    for d in docs:
        lines, reason, how, labels = doc_lines(d)
        for i, (text, label) in enumerate(zip(features(lines, how), labels, strict=True)):
            rows.append({"doc": d.id, "text": text, "label": label, "rule": reason[i] is not None})
    return rows


def write_docbin(rows: list[dict[str, Any]], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    db = DocBin()
    for r in rows:
        if r["label"] is None:
            continue
        doc = nlp.make_doc(r["text"])
        doc.cats = {JUNK: float(r["label"]), BODY: 1.0 - float(r["label"])}
        db.add(doc)
    db.to_disk(path)


def f1(rows: list[dict[str, Any]], probs: list[float], remove: float, restore: float) -> float:
    """The scorer's cleaning F1 over lines when kept lines go at ``remove`` and cut ones come back under
    ``restore``."""
    kept = body = dropped = junk = 0
    for r, p in zip(rows, probs, strict=True):
        if r["label"] is None:
            continue
        out = (p >= remove) if not r["rule"] else (p >= restore)
        if r["label"]:
            junk += 1
            dropped += out
        else:
            body += 1
            kept += not out
    kr, rr = kept / max(body, 1), dropped / max(junk, 1)
    return 2 * kr * rr / (kr + rr) if kr + rr else 0.0


def choose_thresholds(rows: list[dict[str, Any]], probs: list[float]) -> tuple[float, float, float]:
    """The (remove, restore) pair with the best F1 over out-of-fold probabilities, and that F1."""
    grid = [round(0.05 * k, 2) for k in range(1, 20)]
    best = (0.5, 0.0, f1(rows, probs, 0.5, 0.0))
    for remove in grid:
        for restore in [0.0, 0.02, 0.05, 0.1, 0.2]:
            got = f1(rows, probs, remove, restore)
            if got > best[2] + 1e-9:
                best = (remove, restore, got)
    return best


def _train(rows: list[dict[str, Any]], out: Path, seed: int, work: Path, tag: str) -> None:
    train, dev = work / f"{tag}.train.spacy", work / f"{tag}.dev.spacy"
    write_docbin(rows, train)
    # model-best is chosen on a tenth of the documents; the epochs are fixed, so it is nearly model-last
    ids = sorted({r["doc"] for r in rows})
    rng = random.Random(seed)
    dev_ids = set(rng.sample(ids, max(1, len(ids) // 10)))
    write_docbin([r for r in rows if r["doc"] in dev_ids], dev)
    spacy_train(CONFIG, out, train, dev, seed)


def _predict(model: Path, rows: list[dict[str, Any]]) -> list[float]:
    import spacy

    nlp = spacy.load(model)
    return [float(d.cats.get(JUNK, 0.0)) for d in nlp.pipe((r["text"] for r in rows), batch_size=256)]


def train(out: Path, doc_ids: list[str] | None, seed: int, work: Path) -> dict[str, Any]:
    docs = corpus_docs(doc_ids)
    rows = examples(docs)
    # thresholds by cross-validation over the corpus folds present in the training documents
    oof = out_of_fold(docs, rows, work, "lines", lambda part, folder, tag: _train(part, folder, seed, work, tag),
                      _predict)
    remove, restore, cv_f1 = choose_thresholds(rows, oof)
    rules_f1 = f1(rows, [1.0 if r["rule"] else 0.0 for r in rows], 0.5, 0.5)
    _train(rows, out, seed, work, "lines")
    return {"examples": sum(r["label"] is not None for r in rows),
            "thresholds": {"remove": remove, "restore": restore},
            "inner_cv": {"folds": len(folds_present(docs)), "line_f1": round(cv_f1, 4),
                         "rules_line_f1": round(rules_f1, 4)}}
