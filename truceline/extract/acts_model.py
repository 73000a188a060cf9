"""The trained acts model beside the act rules: which moves a side makes in a sentence, learnt from the corpus.

``truceline/trained/acts`` (``scripts/training/acts.py``) is a multi-label text classifier over (sentence,
side) pairs: the sentence's words as :func:`pair_text` writes them, with the mentions of one side marked
``-actor-`` and those of other sides ``-other-``. Its labels are the act types and (``S:``-prefixed) the
subjects of the gold acts that side makes in that sentence. The acts stage hands its rule candidates to
:func:`revise`, which reads the scores:

- a rule act whose type the model scores below ``keep`` for its actor's side in its sentence is dropped
  (off in the committed manifest: the rules beat the model there);
- a type the model scores at least ``add`` for a side named in a sentence where the rules made no act of
  that type for that side is added: the side's most specific actor named there, the subject from the
  words around the move (else the model's), the date and target as the rules read them;
- a meeting whose other participant's side the model scores higher for ``meet`` (and at least ``reorder``)
  takes that participant as its actor.

Tried and left out by cross-validation: retyping a rule act the model doubts (+0.001 acts F1) and giving
it the model's subject (-0.002).

The thresholds are the manifest's (chosen by cross-validation, ``benchmarks/crossval.py``). With no
model trained, :func:`revise` returns the candidates as they are: the rules alone still work.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import trained
from ..models import Act, Span
from .actors_in_text import SPECIFICITY, country_of
from .acts_clause import dominated, fits, future, has_condition, has_modal, hypothetical, negated
from .acts_describe import Candidate, describe, set_codes
from .acts_lexicon import Lexicon
from .acts_subject import act_date, act_subject
from .mentions import mentions_in
from .talks import planned, speculative

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

NAME = "acts"
TYPES = ("propose", "accept", "reject", "agree", "halt", "demand", "accuse", "deny", "meet", "end")
#: Thresholds used when the manifest gives none (the trainer stores the cross-validated ones).
DEFAULTS = {"keep": 0.0, "add": 2.0, "subject": 0.5}
#: Entity labels replaced by a placeholder in the model's input: who is named matters less than how the
#: sentence is built, and the corpus is small.
MASKED = {"PERSON": "-person-", "GPE": "-place-", "NORP": "-people-", "ORG": "-org-", "DATE": "-date-",
          "TIME": "-date-", "CARDINAL": "-num-", "QUANTITY": "-num-", "MONEY": "-num-", "PERCENT": "-num-",
          "LOC": "-place-", "FAC": "-place-"}
#: Types the model adds only in a sentence holding a trigger word of the type ("demanded", "offered", "ordered"),
#: with the particle or words the lexicon asks of it ("called on", "halted strikes"): ANNOTATION.md asks a clear
#: trigger, and without one the model took a deadline, a phone call or a refusal for a demand, a handover of
#: bodies for a proposal (cross-validated: 14 of the 16 additions this drops were spurious).
NEEDS_TRIGGER = ("demand", "propose", "halt")
#: Types the rules keep under a modal or condition, as conditional moves ("would agree if ..."); the others they drop
#: or retype there, so the model adds none of them.
CONDITIONAL = ("agree", "accept")
#: Types whose target is the other side named in the sentence.
TARGETED = ("meet", "accuse", "demand", "deny", "propose", "agree")


@dataclass
class Pair:
    """One side named in one sentence: what the model reads and who acts for the side there."""

    sent: SpacySpan
    side: str
    actors: list[str]       #: the side's actors named in the sentence (or speaking it), in text order
    others: list[str]       #: actors of other sides named there
    text: str


def pairs(a: Analysis, sent: SpacySpan) -> list[Pair]:
    """The (sentence, side) pairs of a sentence: every side a mention in it names, and every side that
    says it (a statement around it)."""
    found = [m for m in mentions_in(a, sent.start_char, sent.end_char)
             if sent.start_char <= m.start and m.end <= sent.end_char]
    speakers = [s.speaker for s in a.statements
                if s.speaker and s.evidence.start < sent.end_char and sent.start_char < s.evidence.end]
    by_side: dict[str, list[str]] = {}
    for actor in [m.actor for m in found] + speakers:
        side = country_of(a, actor)
        if side and actor not in by_side.setdefault(side, []):
            by_side[side].append(actor)
    spoken = {country_of(a, s) for s in speakers}
    out = []
    for side, actors in by_side.items():
        others = [x for s, xs in by_side.items() if s != side for x in xs]
        out.append(Pair(sent, side, actors, others, pair_text(a, sent, side, found, side in spoken)))
    return out


def pair_text(a: Analysis, sent: SpacySpan, side: str, found: list, speaks: bool) -> str:
    """The words the model reads: lower-case lemmas, the side's mentions as ``-actor-``, other sides' as
    ``-other-``, other named entities as placeholders; ``-speaks-`` first when the side says the sentence."""
    out: list[str] = ["-speaks-"] if speaks else []
    at = 0
    last = None
    for tok in sent:
        if tok.is_space:
            continue
        while at < len(found) and found[at].end <= tok.idx:
            at += 1
        m = found[at] if at < len(found) and found[at].start <= tok.idx < found[at].end else None
        if m is not None:
            if m is not last:
                out.append("-actor-" if country_of(a, m.actor) == side else "-other-")
                last = m
            continue
        mask = MASKED.get(tok.ent_type_)
        if mask is not None:
            if tok.ent_iob_ == "B" or not out or out[-1] != mask:
                out.append(mask)
            continue
        out.append(tok.lemma_.lower() if tok.lemma_ else tok.lower_)
    return " ".join(out + roles(a, sent, side, found))


def roles(a: Analysis, sent: SpacySpan, side: str, found: list) -> list[str]:
    """Where the side's mentions stand in the parse, as words of their own: ``-actor-nsubj-agree`` (the side
    agrees), ``-actor-dobj-accuse`` (it is accused), ``-actor-pobj-with-talk`` (talks with it)."""
    out: list[str] = []
    doc = sent.doc
    for m in found:
        if country_of(a, m.actor) != side:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        tok = span.root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        head = tok.head
        if tok.dep_ == "pobj" and head.head.i != head.i:
            out.append(f"-actor-pobj-{head.lower_}-{head.head.lemma_.lower()}")
            continue
        if tok.dep_ == "poss":
            out.append(f"-actor-poss-{head.lemma_.lower()}")
            continue
        out.append(f"-actor-{tok.dep_}-{head.lemma_.lower()}")
        for c in head.children:
            if c.dep_ in ("xcomp", "ccomp", "dobj", "prep"):
                word = c.lower_ if c.dep_ == "prep" else c.lemma_.lower()
                out.append(f"-actor-{tok.dep_}-{head.lemma_.lower()}-{c.dep_}-{word}")
    return out


def model(a: Analysis) -> Language | None:
    return trained.load(a.settings, NAME)


def thresholds(a: Analysis) -> dict[str, float]:
    """The manifest's thresholds: ``keep``, ``add``, ``subject``, and per type ``keep.TYPE``, ``add.TYPE``."""
    entry = trained.manifest(a.settings).get("models", {}).get(NAME, {})
    return DEFAULTS | {str(k): float(v) for k, v in entry.get("thresholds", {}).items()}


def scored_pairs(a: Analysis, nlp: Language) -> dict[tuple[int, str], tuple[Pair, dict[str, float]]]:
    """The model's scores for every (sentence, side) pair, by (the sentence's first token, side)."""
    every = [p for sent in a.doc.sents for p in pairs(a, sent)]
    docs = nlp.pipe([p.text for p in every], batch_size=64)
    return {(p.sent.start, p.side): (p, dict(d.cats)) for p, d in zip(every, docs, strict=True)}


def revise(a: Analysis, found: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """The rule candidates gated by the model, with the moves the model is sure of that the rules missed."""
    nlp = model(a)
    if nlp is None:
        return found
    limits = thresholds(a)
    scores = scored_pairs(a, nlp)
    out: list[Candidate] = []
    for c in found:
        got = scores.get((c.trigger.sent.start, country_of(a, c.act.actor) or ""))
        # The rules' acts stand in the committed manifest (keep 0): cross-validation found the rules better
        # than this gate (keep 0.01: acts F1 0.462 against 0.482 on folds 0 and 3).
        if got is not None and got[1].get(c.act.type, 1.0) < limits.get(f"keep.{c.act.type}", limits["keep"]):
            continue
        if got is not None:
            if c.act.type == "meet" and c.act.target and not _named_in_order(a, c):
                _reorder(a, c, got[1], scores.get((c.trigger.sent.start, country_of(a, c.act.target) or "")), limits)
        out.append(c)
    made = {(c.trigger.sent.start, country_of(a, c.act.actor), c.act.type) for c in found}
    read = {c.trigger.i for c in found}
    for (start, side), (pair, cats) in scores.items():
        for kind in TYPES:
            if cats.get(kind, 0.0) >= limits.get(f"add.{kind}", limits["add"]) and (start, side, kind) not in made:
                out += added(a, pair, kind, cats, lex, limits, read)
    return out


def trigger_for(sent: SpacySpan, kind: str, lex: Lexicon) -> Token | None:
    """The word of ``sent`` that carries a move of ``kind``: a trigger of the lexicon for it with the words it
    needs around it ("called" for a demand only with "for" or "on"), if any."""
    for tok in sent:
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
        triggers = lex.triggers.get((tok.lemma_.lower(), pos), [])
        if any(t.type == kind and fits(tok, t, list(tok.subtree)) for t in triggers):
            return tok
    return None


def added(a: Analysis, pair: Pair, kind: str, cats: dict[str, float], lex: Lexicon,
          limits: dict[str, float], read: set[int]) -> list[Candidate]:
    """The move of ``kind`` the model finds for ``pair``'s side, made by its most specific actor there.

    A demand, proposal or halt needs a trigger word of its type in the sentence (``NEEDS_TRIGGER``); the other
    types are read at the sentence's root when it holds none. The rules' reading of a word stands: no move is
    added at a word the rules made a move of, nor at a trigger the clause tests void (negated, announced for
    later, hypothetical, inside another trigger's clause), where the bag of words the model reads cannot see
    what the parse says. As in the rules, a meeting word read as talks planned or only spoken of is no meeting, a
    word whose subject or "by"-agent names only other sides is their move, and under a modal or condition only an
    agreement or acceptance is added (as conditional)."""
    found = trigger_for(pair.sent, kind, lex)
    if found is None and kind in NEEDS_TRIGGER:
        return []
    tok = found if found is not None else pair.sent.root
    if tok.i in read or dominated(tok) or hypothetical(tok) or negated(tok) or future(tok):
        return []
    if kind == "meet" and (planned(tok) or speculative(tok)):
        return []  # "the next round will take place", "a possible meeting": the rules' talks not held (talks.py)
    if _anothers_move(a, pair, tok, kind):
        return []
    conditional = has_modal(tok) or has_condition(tok)
    if conditional and kind not in CONDITIONAL:
        return []  # "could meet", "may withdraw if": the rules keep such a move only as an agreement's condition
    subject = act_subject(a, tok, list(tok.subtree), kind, lex)
    if subject is None:
        best = max((k for k in cats if k.startswith("S:")), key=lambda k: cats[k], default=None)
        if best is None or cats[best] < limits["subject"]:
            return []
        subject = best[2:]
    actor = max(pair.actors, key=lambda x: SPECIFICITY.get(a.actors.get(x).kind, 0))
    target = pair.others[0] if pair.others and kind in TARGETED else None
    if kind == "meet" and target is None:
        return []
    act = Act(type=kind, actor=actor, target=target, subject=subject, date=act_date(a, tok, pair.sent, kind),
              text=describe(a, kind, actor, target, subject), evidence=Span(pair.sent.start_char, pair.sent.end_char),
              conditional=conditional)
    set_codes(act, tok, lex)
    return [Candidate(act, tok, SPECIFICITY.get(a.actors.get(actor).kind, 0))]


def _anothers_move(a: Analysis, pair: Pair, tok: Token, kind: str) -> bool:
    """The word's own subject or "by"-agent names sides, none of them ``pair``'s: the move is theirs ("a truce
    negotiated by the United States" is no meeting of Kyiv's, "the Kremlin said Kyiv returned the bodies" no move of
    Kyiv's). A meeting's other participant may be the subject ("Trump met Zelensky"): it stays when the side is named
    in the word's own phrase."""
    doers = [t for c in tok.children if c.dep_ == "nsubj" for t in c.subtree]
    doers += [t for c in tok.children if c.dep_ == "agent" for t in c.subtree]
    if not doers:
        return False
    sides = _sides_in(a, doers)
    if not sides or pair.side in sides:
        return False
    return kind != "meet" or pair.side not in _sides_in(a, list(tok.subtree))


def _sides_in(a: Analysis, words: list[Token]) -> set[str]:
    """The sides of the actors named in ``words``."""
    at = {t.idx for t in words}
    return {side for m in mentions_in(a, min(at), max(t.idx + len(t) for t in words))
            if m.start in at and (side := country_of(a, m.actor))}


def _named_in_order(a: Analysis, c: Candidate) -> bool:
    """A meeting whose sentence names its actor before its target ("Putin held a call with Trump"): the order the
    convention asks for (the participant named first leads, CONVENTIONS.md), which the model may not overturn."""
    sent = c.trigger.sent
    seen = [m.actor for m in mentions_in(a, sent.start_char, sent.end_char)]
    actor, target = c.act.actor, c.act.target
    return actor in seen and target in seen and seen.index(actor) < seen.index(target)


def _reorder(a: Analysis, c: Candidate, mine: dict[str, float], theirs: tuple[Pair, dict[str, float]] | None,
             limits: dict[str, float]) -> None:
    """A meeting the model gives to the other participant's side: that participant becomes its actor."""
    if theirs is None or limits.get("reorder", 2.0) > 1.0:
        return
    if theirs[1].get("meet", 0.0) >= limits["reorder"] and mine.get("meet", 0.0) < theirs[1].get("meet", 0.0) and \
            c.act.target is not None:
        c.act.actor, c.act.target = c.act.target, c.act.actor
        c.act.text = describe(a, c.act.type, c.act.actor, c.act.target, c.act.subject)
        c.specificity = SPECIFICITY.get(a.actors.get(c.act.actor).kind, 0)
