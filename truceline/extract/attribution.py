"""Attributions found by the trained tagger ``truceline/trained/statements`` (who said what, where).

The tagger (``scripts/training/statements.py``: a small CNN and spaCy's NER, learnt from PolNeAR's
training split and then from the corpus's gold statements) marks CUE, SOURCE and CONTENT spans. It runs
on a copy of the analysed document's tokens in its own vocabulary, so token ``i`` of its output is token
``i`` of ``a.doc`` and every offset is the document's. Then:

1. each CONTENT segment is linked to a cue: one whose clause holds it in the parse first, then one
   hanging on a word of it ("according to X, ...", "'...,' he said"), else the nearest cue in the same
   paragraph within :data:`MAX_GAP` tokens (ties: the nearest); the segments of one cue are one
   statement, so "'A,' he said, 'B.'" is "A B";
2. a cue is kept when it is a verb of saying of ``data/cues.yaml`` (or "according to") and is not
   negated: PolNeAR also marks thoughts and beliefs, which are not statements;
3. its speaker is the cue's subject in the parse, else the SOURCE next to it (the one holding that
   subject, else the nearest within :data:`SOURCE_GAP` tokens), resolved to an actor by the mention and
   coreference machinery (:func:`truceline.extract.coref.actors_for_token`: names, pronouns, "the
   statement" -> its issuer), else, for a PERSON name the mentions missed ("Mr. Obama"), a new actor;
   no actor, no statement ("officials said").

:func:`cues_in_unit` hands the statements stage its cues (:class:`truceline.extract.statements_cues._Cue`
with the content's character ranges), :func:`combine` merges them with the rule cues, and the stage
builds the statements (channel, date, kind, evidence) as it does for its rule cues. Without a trained
model :func:`find_attributions` gives None and the stage runs on its rules alone.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import trained
from .coref import actors_for_token
from .intervals import Intervals
from .lexicons import load
from .statements_cues import Lexicon, _Cue, _Unit, according_to, document_verb_ok
from .statements_speakers import _speaker_token, fallback_speakers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from ..settings import Settings
    from .analysis import Analysis

#: the trained pipeline's folder name under ``truceline/trained``
MODEL = "statements"
#: the most tokens between a content segment and the cue it is linked to
MAX_GAP = 25
#: the most tokens between a cue and a SOURCE taken as its speaker
SOURCE_GAP = 8
#: where :func:`tag_batch` leaves a doc's tagger entities (``Doc.user_data``)
USER_DATA = "truceline.attribution"
#: titles left out of the name of a speaker the mentions missed ("Mr. Obama" is Obama)
HONORIFICS = frozenset(load("statements")["honorifics"])


@dataclass
class Attribution:
    """One cue and what the tagger links to it; token indices into ``a.doc``."""

    cue: int                          #: the cue's word ("said", "according", "told")
    span: tuple[int, int]             #: the CUE entity
    lemma: str | None                 #: the cue as recorded (``data/cues.yaml``), None: not a verb of saying
    source: tuple[int, int] | None    #: the SOURCE entity taken as the speaker
    content: list[tuple[int, int]]    #: the CONTENT segments, in text order

    def ranges(self, doc: Doc) -> list[tuple[int, int]]:
        """The content segments as character ranges into the document's text."""
        return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in self.content]


def tag(a: Analysis) -> list[tuple[int, int, str]] | None:
    """The tagger's (token start, token end, label) entities on ``a.doc``; None when no model is trained.

    The ones :func:`tag_batch` stored on the doc when it passed, else the tagger runs on this doc alone."""
    nlp = trained.load(a.settings, MODEL)
    if nlp is None:
        return None
    stored = a.doc.user_data.get(USER_DATA)
    if stored is not None:
        return list(stored)
    return _entities(nlp(_copy(nlp, a.doc)))


def tag_batch(settings: Settings, docs: Iterable[Doc], size: int) -> Iterator[Doc]:
    """``docs`` again, in order and as lazily, each with the tagger's entities stored for :func:`tag`.

    The tagger runs on ``size`` documents at a time: its network is a third faster on a batch than on one
    document after another (en_core_web_sm docs of the demo corpus: 2.0 s against 2.9 s for 150 articles),
    and it is a sixth of extraction's time."""
    nlp = trained.load(settings, MODEL)
    if nlp is None:
        yield from docs
        return
    from spacy.util import minibatch

    for group in minibatch(docs, max(1, size)):
        tagged = nlp.pipe([_copy(nlp, d) for d in group], batch_size=len(group))
        for doc, copy in zip(group, tagged, strict=True):
            doc.user_data[USER_DATA] = _entities(copy)
            yield doc


def _copy(nlp: Language, doc: Doc) -> Doc:
    """``doc``'s tokens in the tagger's vocabulary (token ``i`` stays token ``i``)."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def _entities(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def find_attributions(a: Analysis, lex: Lexicon) -> list[Attribution] | None:
    """The tagger's attributions in ``a.doc`` whose cue is a verb of saying, in text order; None without a model."""
    ents = tag(a)
    if ents is None:
        return None
    doc = a.doc
    text = a.document.text
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    inq = bytearray(len(text) + 1)
    for q in a.quotes:
        inq[q.open:q.close] = b"\x01" * (q.close - q.open)

    def para(tok_i: int) -> int:
        return bisect.bisect_right(breaks, doc[tok_i].idx)

    cue_spans = Intervals([(s, e) for s, e, lab in ents if lab == "CUE"])
    cues = cue_spans.spans
    sources = Intervals([(s, e) for s, e, lab in ents if lab == "SOURCE"])
    words = [_cue_word(doc, s, e, lex) for s, e in cues]
    linked: dict[int, list[tuple[int, int]]] = {}
    for s, e, lab in ents:
        if lab != "CONTENT":
            continue
        best: tuple[int, int, int] | None = None
        root = doc[s:e].root
        # only cues within MAX_GAP tokens can be the content's: looked up, not scanned (a scan per content
        # made a long document cost the square of its attributions)
        for ci in cue_spans.near(s - MAX_GAP, e + MAX_GAP + 1):
            cs, ce = cues[ci]
            if para(cs) != para(s):
                continue
            gap = s - ce if cs < s else cs - e
            if gap > MAX_GAP:
                continue
            rank = (_governs(doc[words[ci]], root, s, e), gap, ci)
            if best is None or rank < best:
                best = rank
        if best is not None:
            seg = _trim(doc, s, e, inq)
            if seg is not None:
                linked.setdefault(best[2], []).append(seg)
    out = []
    for ci, segs in sorted(linked.items()):
        cs, ce = cues[ci]
        w = doc[words[ci]]
        lemma = _cue_lemma(w, lex)
        if lemma is None or any(c.dep_ == "neg" for c in w.children):
            continue
        covered = [(s, e) for s, e in segs]
        src = _source(doc, w, (cs, ce), sources, covered)
        out.append(Attribution(w.i, (cs, ce), lemma, src, sorted(segs)))
    return out


def _trim(doc: Doc, s: int, e: int, inq: bytearray) -> tuple[int, int] | None:
    """A content segment without the punctuation (quote marks too) and spaces at its edges; the full stop
    that ends a quotation stays, as in the quotation's text."""
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        if doc[e - 1].text in (".", "?", "!", "\u2026") and inq[doc[e - 1].idx] and e - 1 > s:
            break
        e -= 1
    return (s, e) if s < e else None


def _cue_word(doc: Doc, s: int, e: int, lex: Lexicon) -> int:
    """The word of a CUE span that carries it: a verb of saying, "according", else the span's root."""
    for t in doc[s:e]:
        if t.lower_ in ("according", "per") or t.lemma_.lower() in lex.verbs:
            return t.i
    return doc[s:e].root.i


def _cue_lemma(tok: Token, lex: Lexicon) -> str | None:
    if according_to(tok):
        return "according to"
    lemma = tok.lemma_.lower()
    if lemma in lex.particles:
        for c in tok.children:
            if c.dep_ == "prt" and c.lower_ in lex.particles[lemma]:
                return f"{lemma} {c.lower_}"
        return None
    if lemma in lex.phrases:
        for c in tok.children:
            if c.lower_ in lex.phrases[lemma]:
                return f"{lemma} {c.lower_}"
        return None
    if not document_verb_ok(tok, lex):
        return None  # "he read the letter" is no statement; "the statement read" is
    return lex.verbs.get(lemma)


def _governs(cue: Token, root: Token, s: int, e: int) -> int:
    """How the parse ties the content headed by ``root`` to ``cue``: 0 the cue is above it (its clause),
    1 the cue hangs on a word of the content ("according to X, ...", "'...,' he said"), 2 not at all."""
    t = root
    for _ in range(6):
        if t.i == cue.i:
            return 0
        if t.head.i == t.i:
            break
        t = t.head
    h = cue.head if cue.lower_ != "to" else cue.head.head
    return 1 if s <= h.i < e and h.i != cue.i else 2


def _source(doc: Doc, cue: Token, span: tuple[int, int], sources: Intervals,
            content: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The SOURCE that speaks through ``cue``: the one holding its subject, else the nearest close by."""
    subject = _speaker_token(cue)
    best: tuple[int, int, tuple[int, int]] | None = None
    # A source lies in the cue's sentence or holds its subject: look those up by start (``sources`` is sorted).
    near = set(sources.near(cue.sent.start, cue.sent.end))
    if subject is not None:
        near.update(sources.near(subject.i, subject.i + 1))
    for s, e in (sources.spans[k] for k in sorted(near)):
        if any(cs <= s < ce for cs, ce in content):
            continue
        if doc[s].sent.start != cue.sent.start and not (subject is not None and s <= subject.i < e):
            continue
        gap = span[0] - e if s < span[0] else s - span[1]
        holds = subject is not None and s <= subject.i < e
        if not holds and gap > SOURCE_GAP:
            continue
        rank = (0 if holds else 1, gap, (s, e))
        if best is None or rank < best:
            best = rank
    return best[2] if best else None


def cues_in_unit(a: Analysis, atts: list[Attribution], unit: _Unit, inq: bytearray) -> list[_Cue]:
    """The statements stage's cues for the attributions whose cue lies in ``unit``, speakers resolved."""
    doc = a.doc
    out: list[_Cue] = []
    for at in atts:
        w = doc[at.cue]
        if not unit.start <= w.idx < unit.end or at.lemma is None:
            continue
        speakers: list[str] = []
        sp_tok: Token | None = None
        # the parse's subject first, then the tagger's SOURCE: on the corpus's cross-validation the order
        # makes no difference (statements F1 0.721 either way); the parse's is the rules' speaker
        order = [_speaker_token(w), at.source and doc[at.source[0]:at.source[1]].root]
        for cand in order:
            if cand is not None and not inq[cand.idx]:
                speakers = actors_for_token(a, cand)
                if speakers:
                    sp_tok = cand
                    break
        if not speakers:
            # a person the mentions missed, named in the parse ("Mr. Obama said", "Graham told"): PolNeAR dev
            # statements F1 0.664 -> 0.690; the corpus's cross-validated F1 unchanged (0.727)
            for cand in order:
                named = _person(a, cand) if cand is not None and not inq[cand.idx] else None
                if named is not None:
                    speakers, sp_tok = [named], cand
                    break
        if not speakers:
            cand = order[0]
            speakers = fallback_speakers(a, cand) if cand is not None and not inq[cand.idx] else []
            sp_tok = cand
        if not speakers or sp_tok is None:
            continue
        clause = [doc[i] for s, e in at.content for i in range(s, e)]
        out.append(_Cue(w, at.lemma, speakers, sp_tok, clause, ranges=at.ranges(doc)))
    return out


def _person(a: Analysis, tok: Token) -> str | None:
    """A new actor for the person whose name ``tok`` heads: the proper nouns of its PERSON entity,
    titles (``data/statements.yaml`` honorifics) left out."""
    if tok.pos_ != "PROPN" or tok.ent_type_ != "PERSON":
        return None
    ent = next((e for e in a.ents_in(a.doc[max(tok.i - 6, 0):tok.i + 6]) if e.start <= tok.i < e.end), None)
    if ent is None:
        return None
    words = [t.text for t in ent if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in HONORIFICS]
    if not words or not words[0][:1].isupper():
        return None
    return a.actors.new(" ".join(words), "person", None, ent.text)


def _overlap(c: _Cue, d: _Cue) -> bool:
    """Whether two cues report the same thing: the same cue word, or contents that overlap by half with
    neither cue inside the other's content."""
    if c.tok.i == d.tok.i:
        return True
    a = {t.i for t in c.clause}
    b = {t.i for t in d.clause}
    if c.tok.i in b or d.tok.i in a:
        return False  # one reported inside the other: the readout rule decides (statements._drop_reported_readouts)
    return bool(a and b) and len(a & b) >= 0.5 * min(len(a), len(b))


#: how :func:`combine` merges the two sources of cues: ``rules_first`` (the rules' cue wins every overlap), or
#: ``merge`` (below), ``rules``, ``model``, ``union`` (the tagger's cue wins every overlap), for measuring
POLICY = "rules_first"


def combine(rules: list[_Cue], model: list[_Cue], inq: bytearray, policy: str | None = None) -> list[_Cue]:
    """The cues of one unit from the rules and the tagger, each statement once.

    Cross-validated on the corpus (five folds, the tagger retrained without each; statements F1, speaker):
    rules alone 0.701, tagger alone 0.677, the tagger's cue winning every overlap 0.716, the rules' 0.708;
    ``merge`` 0.726: the tagger's cue wins unless both report the statement indirectly (no quotation in
    either content), where the rules' parse-built clause is the better content. A rule cue the tagger has
    nothing for is kept: the rules find statements the tagger misses.
    Once the rules took whole quotations, passive sources, labelled quotes and "according to" clauses
    (statements.py), the rules' cue winning every overlap is best: ``rules_first`` 0.776, ``merge`` 0.773,
    ``union`` 0.764 (same folds), hence the default.
    """
    policy = policy or POLICY
    if policy == "rules":
        return rules
    if policy == "model":
        return model
    if policy == "rules_first":
        return sorted(rules + [m for m in model if not any(_overlap(m, r) for r in rules)], key=lambda c: c.tok.i)
    if policy == "union":
        return sorted(model + [r for r in rules if not any(_overlap(r, m) for m in model)], key=lambda c: c.tok.i)
    keep = [r for r in rules if not any(_overlap(r, m) for m in model)]
    for m in model:
        twins = [r for r in rules if _overlap(m, r)]
        if twins and _indirect(m, inq) and all(_indirect(r, inq) for r in twins):
            keep.extend(r for r in twins if r not in keep)
        else:
            keep.append(m)
    return sorted(keep, key=lambda c: c.tok.i)


def _indirect(c: _Cue, inq: bytearray) -> bool:
    """Whether a cue's content holds no quotation."""
    return not c.quotes and not any(inq[t.idx] for t in c.clause)
