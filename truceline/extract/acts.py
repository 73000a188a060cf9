"""Negotiation acts: propose, accept, reject, agree, halt, demand, accuse, deny, meet, end.

An act starts at a trigger word of ``data/acts.yaml`` and is read from the dependency
parse around it: negation turns an agreement into a rejection, modals make it
conditional or void, a verb of saying above a violation makes it the speaker's
accusation, conjoined subjects give one act each, and a passive "it was agreed" takes
the parties of the call it follows. The same move reported twice is kept once.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..models import Act, Span
from .actors_in_text import SPECIFICITY, actor_at, actors_of, antecedent, country_of, speaker_of
from .acts_claims import claimed_attacks
from .acts_clause import (
    FUTURE_AUX,
    MODALS,
    SETTING_PREPS,
    blocked_halt,
    condition_clauses,
    dominated,
    fits,
    future,
    has_condition,
    has_modal,
    hypothetical,
    lemma_of,
    negated,
    object_is,
    pending,
    states_fact,
)
from .acts_describe import Candidate, dedupe, describe, set_codes
from .acts_lexicon import JOINT, Lexicon, Trigger, lexicon
from .acts_model import revise
from .acts_roles import (
    child_pobj,
    halting_sides,
    holders,
    last_call,
    meet_order,
    not_media,
    parties,
    phrase_actors,
    subject_token,
)
from .acts_subject import PRESSING_HEADS, act_date, act_subject
from .analysis import Call
from .lexicons import load
from .measures import measure_acts
from .mentions import mentions_in
from .subjects import lexicon as subject_lexicon
from .talks import is_meeting_noun, note_if_planned, speculative

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

#: Verbs that make an agreement noun their subject's ("signed an agreement"): ``data/acts_words.yaml``.
CONCLUDING_VERBS: frozenset[str] = frozenset(load("acts_words")["concluding_verbs"])


def find_acts(a: Analysis) -> None:
    """Adds ``a.acts``, and ``a.calls`` and ``a.proposals`` for the passive agreements and replies after them."""
    lex = lexicon()
    found: list[Candidate] = []
    a.calls = []
    a.proposals = []
    a.planned = []
    for sent in a.doc.sents:
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
            triggers = lex.triggers.get((tok.lemma_.lower(), pos), []) or _hyphen_triggers(tok, lex)
            if not triggers and is_meeting_noun(tok):  # "a planned summit": no move, but an agreement to meet
                note_if_planned(a, tok, sent, None)
            for trig in triggers:
                made = _read_trigger(a, tok, trig, sent, lex)
                if made:
                    found.extend(made)
                    break
    found += claimed_attacks(a, lex)  # "Russia keeps striking our grid, the minister said" (acts_claims.py)
    found += measure_acts(a, lex)  # "the US has sanctioned Rosneft" (measures.py)
    found = revise(a, found, lex)  # the trained model's additions (acts_model.py); nothing without a model
    a.acts = [c.act for c in dedupe(a, found)]
    for act in a.acts:
        a.actors.use(act.actor)
        if act.target:
            a.actors.use(act.target)


#: Participles ending a hyphenated modifier that are triggers ("U.S.-proposed"): ``data/acts_words.yaml``.
HYPHEN_TRIGGERS: dict[str, str] = dict(load("acts_words")["hyphen_triggers"])


def _hyphen_triggers(tok: Token, lex: Lexicon) -> list[Trigger]:
    """The verb triggers of a modifier the tokenizer keeps in one piece ("a U.S.-proposed truce")."""
    if tok.dep_ != "amod" or "-" not in tok.text:
        return []
    lemma = HYPHEN_TRIGGERS.get(tok.lower_.rsplit("-", 1)[-1])
    return lex.triggers.get((lemma, "VERB"), []) if lemma else []


# ---------------------------------------------------------------- reading one trigger
def _read_trigger(a: Analysis, tok: Token, trig: Trigger, sent: SpacySpan, lex: Lexicon) -> list[Candidate]:
    sub = list(tok.subtree)
    words = {t.lower_ for t in sub}
    if not fits(tok, trig, sub):
        return []
    if dominated(tok) or hypothetical(tok) or (trig.states and states_fact(tok)):
        return []
    if trig.type == "halt" and blocked_halt(tok, sub):
        return []  # "issued directives to resume strikes": an order to fight on
    if trig.type == "end" and tok.dep_ in ("acl", "xcomp") and tok.head.pos_ in ("NOUN", "PROPN"):
        return []  # "the right to withdraw", "a threat to abandon": no event
    kind = trig.type
    if kind in ("agree", "accept") and _pressed(tok):
        return []
    conditional = False
    refused = negated(tok)
    if refused:
        if not trig.negated or pending(tok):
            return []  # "has not yet agreed": a reply still awaited, no refusal
        kind = trig.negated
    if kind == "meet" and (note_if_planned(a, tok, sent, trig) or future(tok) or speculative(tok)):
        return []  # "will speak with": talks not yet held, an agreement to meet (talks.py)
    if kind == "meet" and _object_of_move(tok, lex):
        return []  # "requested direct talks", "ruled out talks": what another move is about, not talks held
    if trig.pos == "NOUN" and kind in OWN_TYPES and _told_ahead(tok):
        return []  # "Russia's commitment would be contingent on ...", "its rejection will be proof": not made
    modal = has_modal(tok)
    if modal and tok.dep_ == "relcl" and kind in ("agree", "accept"):
        return []  # "Putin, who would hopefully agree", "a truce whereby both would agree": hoped for, not made
    if modal or has_condition(tok):
        rule = trig.modal
        if rule == "drop" or (rule == "demand" and not has_condition(tok)):
            return []
        if rule == "conditional" or kind in ("accept", "agree"):
            conditional = True
        elif rule in lex.codes:
            kind = rule
            conditional = True
    for obj_kind, new_type in trig.object:
        # "has not agreed to the idea" stays the rejection its negation made it, not an acceptance of the idea
        if not refused and object_is(tok, lex.object_kinds.get(obj_kind, set())):
            kind = new_type
    if kind == "reject" and object_is(tok, lex.object_kinds.get("claim", set())):
        kind = "deny"
    if kind == "agree" and _complement_types(tok, lex) == {"accept"}:
        kind = "accept"  # "agreed to support the US proposal": the reply is what it agrees to

    actors, targets = (not_media(a, x) for x in parties(a, tok, trig, kind))
    if not actors and trig.pos == "NOUN" and kind == "agree":
        actors = not_media(a, _concluded_by(a, tok))
    if kind == "halt":
        actors = halting_sides(a, tok, actors)
    if not actors and kind == "end":
        # "the moratorium has expired, Peskov said": a commitment ending on its own is the speaker's news
        speaker = speaker_of(a, tok)
        actors = [speaker] if speaker else []
    if not actors:
        return []
    subject = act_subject(a, tok, sub, kind, lex)
    if subject is None:
        return []
    if kind == "propose":
        a.proposals.append((tok.idx, subject))
    if kind == "meet":
        participants = list(dict.fromkeys(actors + targets))
        a.calls.append(Call(tok.idx, participants, act_date(a, tok, sent, kind)))
        if len(participants) >= 2:
            actors, targets = meet_order(a, _told_order(a, sent, participants))
        elif _group_meeting(a, tok, participants):
            actors, targets = participants, []
        else:
            return []
    span = Span(sent.start_char, sent.end_char)
    date = act_date(a, tok, sent, kind)
    subjects = [subject] + _more_subjects(a, tok, subject, kind)
    out = []
    pairs: list[tuple[str, str | None]] = []
    for actor in actors:
        others = [t for t in targets if t != actor]
        if not others and kind in JOINT:
            others = [x for x in actors if x != actor]
        pairs += [(actor, t) for t in others] if kind == "meet" and others else [(actor, others[0] if others else None)]
    if kind == "meet":  # a leader meeting his own envoy or general is no meeting between sides (never in gold)
        pairs = [(x, y) for x, y in pairs
                 if y is None or country_of(a, x) is None or country_of(a, x) != country_of(a, y)]
    for subj in subjects:
        for actor, target in pairs:
            act = Act(type=kind, actor=actor, target=target, subject=subj, date=date,
                      text=describe(a, kind, actor, target, subj), evidence=span, conditional=conditional)
            set_codes(act, tok, lex)
            out.append(Candidate(act, tok, SPECIFICITY.get(a.actors.get(actor).kind, 0)))
    if kind in CONDITIONED:
        out += _condition_demands(a, tok, subjects, pairs, date, span, lex)
    _ = words
    return out


#: Subjects a condition names without asking for them ("unless talks settle it"): ``data/acts_words.yaml``.
CONDITION_GENERIC: frozenset[str] = frozenset(load("acts_words")["condition_generic_subjects"])
#: Moves whose condition clause is the mover's own demand ("rejected the ceasefire unless it included a halt to
#: military aid": Moscow demands that halt; ANNOTATION.md "demanded/insisted as a condition").
CONDITIONED = ("reject", "accept", "agree")


def _condition_demands(a: Analysis, tok: Token, subjects: list[str], pairs: list[tuple[str, str | None]],
                       date: dt.date | None, span: Span, lex: Lexicon) -> list[Candidate]:
    """One demand per specific subject a move's condition asks for other than the move's own ("agreed to the truce
    unless sanctions are lifted": a demand on sanctions), by the mover, of the move's target."""
    labels: list[str] = []
    for words in condition_clauses(tok):
        text = a.document.text[words[0].idx:words[-1].idx + len(words[-1].text)]
        labels += [h.label for h in subject_lexicon().subject_hits(text)
                   if not h.generic and h.label not in subjects and h.label not in labels and
                   h.label not in CONDITION_GENERIC]
    out = []
    for subj in labels:
        for actor, target in dict.fromkeys(pairs):
            act = Act(type="demand", actor=actor, target=target, subject=subj, date=date,
                      text=describe(a, "demand", actor, target, subj), evidence=span, conditional=False)
            set_codes(act, tok, lex)
            out.append(Candidate(act, tok, SPECIFICITY.get(a.actors.get(actor).kind, 0)))
    return out


#: Moves whose noun trigger, as the subject of a verb told ahead, names no move made.
OWN_TYPES = ("agree", "accept", "reject", "propose")


def _told_ahead(tok: Token) -> bool:
    """A noun trigger that is the subject of a modal or future verb ("the commitment would depend on")."""
    return tok.dep_ in ("nsubj", "nsubjpass") and \
        any(c.dep_ == "aux" and (c.lower_ in MODALS or c.lower_ in FUTURE_AUX) for c in tok.head.children)


def _told_order(a: Analysis, sent: SpacySpan, participants: list[str]) -> list[str]:
    """The participants of a meeting in the order its sentence names them ("after talks with the US, Russia and
    Ukraine agreed": the US first), the one named first leading it (CONVENTIONS.md). Kept as read when the sentence
    does not name them all ("he met Putin"), the grammar then being the only guide."""
    first: dict[str, int] = {}
    for m in mentions_in(a, sent.start_char, sent.end_char):
        first.setdefault(str(m.actor), m.start)
    if not all(p in first for p in participants):
        return participants
    return sorted(participants, key=lambda p: first[p])


def _group_meeting(a: Analysis, tok: Token, participants: list[str]) -> bool:
    """A meeting noun naming one body of several states and no other side ("a meeting of the coalition of the
    willing held in Paris"): the body's own meeting, one act with no target."""
    if len(participants) != 1 or tok.pos_ not in ("NOUN", "PROPN") or participants != holders(a, tok):
        return False  # "a NATO summit" in passing sets a scene; "a meeting of the coalition" is told as news
    actor = a.actors.get(participants[0])
    return actor.kind == "organization" and actor.country is None


def _pressed(tok: Token) -> bool:
    """An agreement someone is told or brought to make ("convinced Kyiv to accept the plan"): not made yet."""
    head = tok.head
    return tok.dep_ == "xcomp" and tok.tag_ == "VB" and \
        lemma_of(head) in PRESSING_HEADS


def _concluded_by(a: Analysis, tok: Token) -> list[str]:
    """The parties of an agreement noun concluded by a verb: the verb's subject ("Kyiv and Washington signed an
    agreement"); passive or a participle ("an agreement was reached", "the agreements reached in Istanbul"), the
    parties of the last call or talks."""
    verbs = [c for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in CONCLUDING_VERBS]
    if verbs:
        return last_call(a, tok)
    verb = tok.head
    if tok.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in CONCLUDING_VERBS or \
            hypothetical(verb) or has_modal(verb):
        return []  # "if an agreement was reached", "would sign a deal": no agreement made
    if tok.dep_ == "nsubjpass":
        agent = child_pobj(verb, "agent", "by")
        return actors_of(a, agent) if agent is not None else last_call(a, tok)
    subj = subject_token(verb)
    return phrase_actors(a, subj) if subj is not None and subj.dep_ != "nsubjpass" else []


def _complement_types(tok: Token, lex: Lexicon) -> set[str]:
    """The move types of the verbs a trigger takes as its infinitive ("agreed to back the plan": accept)."""
    return {t.type for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
            for t in lex.triggers.get((c.lemma_.lower(), "VERB"), [])}


def _object_of_move(tok: Token, lex: Lexicon) -> bool:
    """A meeting noun that is the object of another kind of move ("requested talks", "called for talks",
    "cancelled the meeting"); talks as a move's setting ("agreed during talks") are not."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "ruled out a ceasefire or any talks"
        tok = tok.head
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ not in SETTING_PREPS:
        verb = verb.head
    elif tok.dep_ != "dobj":
        return False
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return any(t.type != "meet" for t in lex.triggers.get((verb.lemma_.lower(), "VERB"), []))


#: Moves that can take several commitments at once ("agreed to a maritime truce and a halt to grid strikes").
MULTI = ("agree", "propose", "accept", "halt")
#: Dependents of a trigger that are other clauses, not what the move is about.
_OTHER_CLAUSES = ("conj", "cc", "advcl", "relcl", "nsubj", "nsubjpass", "punct", "mark", "aux", "auxpass", "neg",
                  "parataxis", "ccomp")


def _more_subjects(a: Analysis, tok: Token, subject: str, kind: str) -> list[str]:
    """Further commitments coordinated in the same move's own words ("a truce at sea and a ban on strikes on
    power plants"), each made an act of its own."""
    if kind not in MULTI:
        return []
    own = [t for c in tok.children if c.dep_ not in _OTHER_CLAUSES for t in c.subtree]
    if not own:
        return []
    start = min(t.idx for t in own)
    text = a.document.text[start:max(t.idx + len(t.text) for t in own)]
    hits = [h for h in subject_lexicon().subject_hits(text) if not h.generic]
    # a phrase inside a longer one is part of it ("ownership of power plants" is not a truce on power plants)
    hits = sorted((h for h in hits if not any(o is not h and o.start <= h.start and h.end <= o.end and
                                              (o.end - o.start) > (h.end - h.start) for o in hits)),
                  key=lambda h: h.start)
    out: list[str] = []
    for prev, hit in zip(hits, hits[1:], strict=False):
        if hit.label in (subject, "talks", "other") or hit.label in out or prev.label == hit.label:
            continue
        if _COORDINATED.search(text[prev.end:hit.start]):
            out.append(hit.label)
    return out


_COORDINATED = re.compile(r"\b(?:and|as\s+well\s+as|along\s+with|plus)\b", re.IGNORECASE)


__all__ = ["find_acts", "lexicon", "antecedent", "actor_at"]
