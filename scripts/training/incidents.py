"""The incident classifiers of the incidents stage (``truceline/extract/incident_model.py``).

Each training document's body (its lines minus the gold ``document.boilerplate``) goes through the spaCy
pipeline and the extraction stages before incidents; every place the rules find in a sentence is a
candidate (``incidents.candidates``: feature words for what the rules found, the sentence with the place
marked). A candidate is a strike when a gold incident whose evidence covers the sentence is at that place
(the scorer's test: same ISO 3166-2 region, else a shared name word); its target label is that incident's
umbrella target class. One bag-of-words classifier with independent labels learns both: STRIKE from every
candidate, the target labels (``T_energy``...) from the strikes only (missing for the others).

The thresholds (``keep`` for places the rules take, ``add`` for the others, ``target`` for using the
learnt target class) are chosen by cross-validation over the corpus folds of the training documents,
maximising the F1 of (document, place) pairs reported struck and then the target classes got right. The
learnt target class is used only where the rules' words name none ("a strike on X" with the homes hit
named in the next sentence): where they name one they were right 95% of the time on the corpus (out of
fold), the classifier less often.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

from .common import CorpusDoc, corpus_docs, find_evidence, folds_present, out_of_fold, spacy_train

NAME = "incidents"
USES_CORPUS = True
DATA = ["corpus/input.jsonl", "corpus/gold/*.json"]
CONFIG = Path(__file__).with_name("incidents.cfg")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‘’‚‛'`´"})
ENERGY = {"energy", "power_generation", "power_grid", "oil_gas", "nuclear"}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", s).strip()


def tokens(s: str) -> set[str]:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", s.lower()))


def umbrella(target: str | None) -> str:
    return "energy" if target in ENERGY else (target or "other")


def body(doc: CorpusDoc) -> str:
    """The document's text as a perfect cleaner would leave it: its lines minus the gold boilerplate."""
    boiler = {norm(b) for b in doc.gold["document"].get("boilerplate", [])}
    title = norm(doc.gold["document"].get("title") or "")
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    return "\n\n".join(ln for ln in lines if norm(ln) not in boiler and norm(ln) != title)


def place_matches(gold: dict[str, Any] | None, loc: Any) -> bool:
    """The scorer's place test (../shared/eval/score.py ``place_ok``) against a system Location."""
    if not gold:
        return True
    if loc is None:
        return False
    if gold.get("admin1") and loc.admin1:
        return bool(gold["admin1"].upper() == loc.admin1.upper())
    if tokens(gold.get("name", "")) & tokens(loc.name or ""):
        return True
    return bool(gold.get("country")) and gold.get("country") == loc.country and gold.get("precision") == 3


def place_key(loc: Any) -> str:
    return (loc.admin1 or "").upper() or " ".join(sorted(tokens(loc.name or ""))) if loc is not None else ""


def rows_for(docs: list[CorpusDoc], work: Path) -> list[dict[str, Any]]:
    """One row per candidate place of every document: features, labels, where it stands."""
    from truceline.extract import incidents
    from truceline.extract.pipeline import load_pipeline, new_analysis, run_stage, stages
    from truceline.models import Document
    from truceline.settings import Settings

    (work / "no-models").mkdir(parents=True, exist_ok=True)
    settings = Settings.load(trained_models=str(work / "no-models"), detect_language=False)
    nlp = load_pipeline(settings.spacy_model)
    before = [s for s in stages() if s.name != "incidents"]
    texts = [body(d) for d in docs]
    rows: list[dict[str, Any]] = []
    for d, text, parsed in zip(docs, texts, nlp.pipe(texts, batch_size=16), strict=True):
        published = dt.date.fromisoformat(d.published) if d.published else None
        document = Document(id=d.id, source=None, title=None, published=published, outlet=None, language="en",
                            text=text, removed=[])
        a = new_analysis(document, parsed, settings)
        for stage in before:
            run_stage(a, stage)
        views = incidents.sentence_views(a)
        cands, where = incidents.candidates(a, views)
        gold = []
        for g in d.gold.get("incidents", []):
            span = find_evidence(text, g["evidence_text"])
            if span is not None:
                gold.append((span, g))
        for c, (n, m) in zip(cands, where, strict=True):
            s, e = views[n].sent.start_char, views[n].sent.end_char
            loc = m.place.location(m.name, m.precision)
            hits = [g for (gs, ge), g in gold if gs < e and s < ge and place_matches(g.get("location"), loc)]
            rows.append({"doc": d.id, "text": c.features(), "strike": bool(hits), "rule": c.rule,
                         "target": umbrella(hits[0]["target"]) if hits else None,
                         "rule_target": umbrella(c.target), "place": place_key(loc)})
    return rows


def write_docbin(rows: list[dict[str, Any]], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    from truceline.extract.incident_model import STRIKE, TARGET_PREFIX, TARGETS

    nlp = spacy.blank("en")
    db = DocBin()
    for r in rows:
        doc = nlp.make_doc(r["text"])
        cats = {STRIKE: float(r["strike"])}
        if r["target"] is not None:
            cats.update({TARGET_PREFIX + t: float(t == r["target"]) for t in TARGETS})
        doc.cats = cats
        db.add(doc)
    db.to_disk(path)


def _train(rows: list[dict[str, Any]], out: Path, seed: int, work: Path, tag: str) -> None:
    train, dev = work / f"{tag}.train.spacy", work / f"{tag}.dev.spacy"
    write_docbin(rows, train)
    ids = sorted({r["doc"] for r in rows})
    dev_ids = set(random.Random(seed).sample(ids, max(1, len(ids) // 10)))
    write_docbin([r for r in rows if r["doc"] in dev_ids], dev)
    spacy_train(CONFIG, out, train, dev, seed)


def _predict(model: Path, rows: list[dict[str, Any]]) -> list[dict[str, float]]:
    import spacy

    nlp = spacy.load(model)
    return [dict(d.cats) for d in nlp.pipe((r["text"] for r in rows), batch_size=256)]


def place_f1(rows: list[dict[str, Any]], chosen: list[bool]) -> float:
    """F1 of (document, place) pairs reported struck against those a gold incident has."""
    gold = {(r["doc"], r["place"]) for r in rows if r["strike"]}
    system = {(r["doc"], r["place"]) for r, c in zip(rows, chosen, strict=True) if c}
    tp = len(gold & system)
    return 2 * tp / (len(gold) + len(system)) if gold or system else 1.0


def choose_thresholds(rows: list[dict[str, Any]], cats: list[dict[str, float]]) -> dict[str, float]:
    from truceline.extract.incident_model import STRIKE, TARGET_PREFIX

    p = [c.get(STRIKE, 0.0) for c in cats]
    grid = [round(0.05 * k, 2) for k in range(1, 20)] + [1.01]
    best = (-1.0, 0.5, 0.9)
    for keep in grid:
        for add in grid:
            if add < keep:
                continue
            f = place_f1(rows, [q >= (keep if r["rule"] else add) for r, q in zip(rows, p, strict=True)])
            if f > best[0] + 1e-9:
                best = (f, keep, add)
    _, keep, add = best
    # the target class: right among the true strikes kept, the model's where the rules' words name none and
    # the model is sure, else the rules'
    kept = [(r, c) for r, c, q in zip(rows, cats, p, strict=True)
            if r["strike"] and q >= (keep if r["rule"] else add)]
    best_t = (-1, 1.01)
    for t in [round(0.05 * k, 2) for k in range(2, 20)] + [1.01]:
        right = 0
        for r, c in kept:
            scores = {k[len(TARGET_PREFIX):]: v for k, v in c.items() if k.startswith(TARGET_PREFIX)}
            top = max(scores, key=lambda k: scores[k])
            learnt = r["rule_target"] == "other" and scores[top] >= t
            right += (top if learnt else r["rule_target"]) == r["target"]
        if right > best_t[0]:
            best_t = (right, t)
    return {"keep": keep, "add": add, "target": best_t[1], "place_f1": round(best[0], 4),
            "target_right": best_t[0], "strikes_kept": len(kept)}


def train(out: Path, doc_ids: list[str] | None, seed: int, work: Path) -> dict[str, Any]:
    docs = corpus_docs(doc_ids)
    rows = rows_for(docs, work)
    cats = out_of_fold(docs, rows, work, "incidents",
                       lambda part, folder, tag: _train(part, folder, seed, work, tag), _predict)
    chosen = choose_thresholds(rows, cats)
    rules = place_f1(rows, [r["rule"] for r in rows])
    _train(rows, out, seed, work, "incidents")
    return {"examples": len(rows), "strikes": sum(r["strike"] for r in rows),
            "thresholds": {k: chosen[k] for k in ("keep", "add", "target")},
            "inner_cv": {"folds": len(folds_present(docs)), "place_f1": chosen["place_f1"],
                         "rules_place_f1": round(rules, 4),
                         "target_right": chosen["target_right"], "strikes_kept": chosen["strikes_kept"]}}
