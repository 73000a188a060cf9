"""Moves made with no verb naming them: accusations made as claims (a side saying the other keeps striking its
energy sites, or held up a process), demands made as ultimatums.

ANNOTATION.md counts "a claim that the other side keeps attacking" as an ``accuse`` act even with no verb of
accusing, and CONVENTIONS.md adds the claim framed as a breach ("despite the moratorium"). Reports carry
these mostly as statements by officials ("Russia has struck our grid eight times since the halt was
ordered, the adviser said"), which the trigger words of ``data/acts.yaml`` do not reach. This module reads
what each statement of a warring side says: a strike on energy, framed as continued or as a breach, is that
side's accusation against the other; so is the other side's striking framed so against a truce the statement
names ("Ukrainian forces kept shelling despite the Easter ceasefire"), as a breach of that truce; so is the
other side's holding up a process the statement names ("Kyiv postponed the exchange indefinitely, Medinsky
said"), about that process. A move a side is given a deadline or a threat to make ("gave Moscow until Friday
to halt the war or face sanctions") is, likewise with no verb naming it, the giver's ``demand``; so is a bare
command to halt in a statement ("Stop the killing," Trump said).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..models import Act, Span
from ..resolve.actors import registry
from .actors_in_text import SPECIFICITY, actors_of, country_actor, country_of
from .acts_clause import HORTATIVES, has_modal, hypothetical, negated
from .acts_describe import Candidate, describe, set_codes
from .acts_roles import not_media, phrase_actors, subject_token
from .acts_subject import act_subject, document_subject
from .lexicons import load, words_rx
from .subjects import CEASEFIRES
from .subjects import lexicon as subject_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..models import Statement
    from .acts_lexicon import Lexicon
    from .analysis import Analysis

_WORDS = load("acts_words")


def _stems(key: str) -> re.Pattern[str]:
    return words_rx(_WORDS[key], whole=False)


STRIKE = _stems("strike_stems")
ENERGY = _stems("energy_stems")
KEEPS = _stems("keeps_stems")
#: "four attacks over the past day": a count of strikes is a claim of repeated strikes too
COUNTED = re.compile(r"\b(?:\d[\d,]*|" + "|".join(_WORDS["count_words"]) + r")\s+(?:[\w-]+\s+){0,2}?(?:" +
                     "|".join(_WORDS["counted_nouns"]) + r")\b", re.IGNORECASE)
#: "if the attacks continue": a condition or a threat, not a claim of what happened
_IF = re.compile(r"\b(?:" + "|".join(_WORDS["hypothetical_marks"]) + r")\b", re.IGNORECASE)
#: "Kyiv postponed the exchange", "is sabotaging the talks": the other side held up a process
OBSTRUCT = _stems("obstruct_stems")
#: "did not delay", "could derail": an obstruction denied or feared, not claimed (a word between allowed)
_UNREAL_OBSTRUCT = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _WORDS["unreal_before"]) +
                              r")\s+(?:\w+\s+)?(?:" + "|".join(re.escape(w) for w in _WORDS["obstruct_stems"]) + ")",
                              re.IGNORECASE)
#: "gave Moscow until Friday to halt", "told Putin to agree ... or face sanctions": a move set as an ultimatum
ULTIMATUM_VERBS: frozenset[str] = frozenset(_WORDS["ultimatum_verbs"])
DEADLINE_NOUNS: frozenset[str] = frozenset(_WORDS["deadline_nouns"])
DEADLINE_PREPS: frozenset[str] = frozenset(_WORDS["deadline_preps"])
THREAT_VERBS: frozenset[str] = frozenset(_WORDS["threat_verbs"])
IMPERATIVES: frozenset[str] = frozenset(_WORDS["imperative_verbs"])
FIGHTING: frozenset[str] = frozenset(_WORDS["command_fighting_words"])
DEAL_WORDS: frozenset[str] = frozenset(_WORDS["ultimatum_deal_words"])
#: the warring sides: a claim by one is an accusation against the other
OTHER_SIDE = {"RUS": "UKR", "UKR": "RUS"}


def claimed_attacks(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """The moves made with no verb naming them (the acts stage's one entry into this module): the accusations
    the warring sides' statements make as claims, of continued strikes and of obstruction, and the demands made
    as ultimatums or as bare commands to halt."""
    return continued_strikes(a, lex) + claimed_obstruction(a, lex) + ultimatums(a, lex) + imperatives(a, lex) + \
        hortatives(a, lex)


def continued_strikes(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """An ``accuse`` act for each statement of a warring side that says the other keeps striking energy, or
    keeps striking in breach of a truce it names; a speaker the report gives no side takes the one opposite the
    side the claim names striking."""
    out = []
    for s in a.statements:
        said = s.text
        side = country_of(a, s.speaker) or (_side_by_claim(said) if _may_take_side(a, s.speaker) else None)
        other = country_actor(a, OTHER_SIDE.get(side or ""))
        if other is None or _IF.search(said) or not (STRIKE.search(said) and repeated(said)):
            continue
        subject = claim_subject(a, said, OTHER_SIDE[side or ""])
        tok = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        if subject is None or tok is None:
            continue
        out.append(_accusation(a, s, other, subject, tok.root, lex))
    return out


#: speakers of no country that report the war without taking a side (the IAEA, the EU, a news agency)
NEUTRAL_KINDS = ("organization", "media")


def _may_take_side(a: Analysis, speaker: str) -> bool:
    """A speaker of no known country whose claim may take a side: a person or a ministry, not an international
    body or an outlet telling of strikes."""
    return a.actors.get(speaker).kind not in NEUTRAL_KINDS


#: a capitalised word, which may be a demonym ("Russian", "Ukrainian")
_CAPITALISED = re.compile(r"\b[A-Z][\w'.]*")


def _side_by_claim(said: str) -> str | None:
    """The side of a speaker the report gives no country ("the Defense Ministry said", an adviser named without
    his post): the one opposite the side the claim names first as striking ("Ukrainian forces have attacked
    ... four times", "two Russian strikes have hit energy facilities") - no one reports the strikes of his own
    side as repeated breaches. The first warring side named is taken for the striker; the claim's grammar is
    not read ("Ukrainian plants were hit by Russian drones" would be misread)."""
    reg = registry()
    named = [(m[0], m[2].country) for m in reg.matches(said) if m[2].country in OTHER_SIDE][:1]
    named += [(w.start(), c) for w in _CAPITALISED.finditer(said)
              if (c := reg.demonym_country(w.group())) in OTHER_SIDE]  # "two Russian strikes": a demonym too
    return OTHER_SIDE[min(named, key=lambda x: x[0])[1] or ""] if named else None


def said_on(a: Analysis, s: Statement) -> dt.date | None:
    """The day of a move made in a statement: the statement's own day, else the report's, as for any move told with
    no day of its own (acts_subject.act_date): a claim or command said in a report is news of its day."""
    return s.date or a.document.published


def _accusation(a: Analysis, s: Statement, other: str, subject: str, root: Token, lex: Lexicon) -> Candidate:
    """The speaker's accusation of ``other`` about ``subject``, with the statement as its evidence."""
    act = Act(type="accuse", actor=s.speaker, target=other, subject=subject, date=said_on(a, s),
              text=describe(a, "accuse", s.speaker, other, subject), evidence=s.evidence)
    set_codes(act, root, lex)
    return Candidate(act, root, SPECIFICITY.get(a.actors.get(s.speaker).kind, 0))


def repeated(said: str) -> bool:
    """Strikes framed as continued or as a breach ("again", "despite the moratorium"), or counted ("four
    attacks over the past day")."""
    return bool(KEEPS.search(said) or COUNTED.search(said))


def claim_subject(a: Analysis, said: str, other: str) -> str | None:
    """What a claim of continued strikes accuses the other side of breaking: the energy truce when energy was
    struck, else the truce the claim names ("kept striking despite the Easter ceasefire"); a bare "the
    ceasefire" is the one the article is about. A claim naming no truce is no accusation of a breach."""
    if ENERGY.search(said):
        return "energy_ceasefire"
    hits = [h for h in subject_lexicon().subject_hits(said) if h.label in CEASEFIRES]
    if not hits or not _other_side_first(said, other):
        return None
    specific = [h for h in hits if not h.generic]
    return specific[0].label if specific else document_subject(a)


def _other_side_first(said: str, other: str) -> bool:
    """The claim is about the other side's strikes: the first side it names is the other one ("Ukrainian forces
    kept striking despite the truce"), or it names none ("the enemy kept shelling"); a side telling of its
    own forces' strikes accuses no one."""
    first = next(iter(registry().matches(said)), None)
    return first is None or first[2].country == other


def claimed_obstruction(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """An ``accuse`` act for each statement of a warring side that says the other side, named first, held up a
    process the statement names ("the Ukrainian side postponed the exchange indefinitely"): a claim of
    obstruction accuses with no verb of accusing, like a claim of continued strikes."""
    out = []
    for s in a.statements:
        side = country_of(a, s.speaker)
        other = country_actor(a, OTHER_SIDE.get(side or ""))
        said = s.text
        if other is None or _IF.search(said) or not OBSTRUCT.search(said) or _UNREAL_OBSTRUCT.search(said):
            continue
        first = next(iter(registry().matches(said)), None)
        hits = subject_lexicon().subject_hits(said)
        tok = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        if first is None or first[2].country != OTHER_SIDE[side or ""] or not hits or tok is None:
            continue
        specific = [h for h in hits if not h.generic]
        subject = (specific or hits)[0].label
        out.append(_accusation(a, s, other, subject, tok.root, lex))
    return out


def ultimatums(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """A ``demand`` for each move a side is given a deadline or a threat to make ("gave Moscow until Friday to
    halt the war", "told Putin to agree to the truce by Monday or face sanctions"): the giver demands it of the
    side given it, with no verb of demanding."""
    out = []
    for tok in a.doc:
        if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue
        verb = _ultimatum_verb(tok)
        if verb is None or negated(verb) or hypothetical(verb) or has_modal(verb):
            continue
        subj = subject_token(verb)
        actors = not_media(a, phrase_actors(a, subj)) if subj is not None and subj.dep_ == "nsubj" else []
        targets = [x for c in verb.children if c.dep_ in ("dative", "dobj") for x in actors_of(a, c)]
        if not actors or not targets:
            continue
        subject = _demanded(a, tok)
        for actor in actors:
            # no date: the day an ultimatum names is its deadline, not the day it was given
            act = Act(type="demand", actor=actor, target=targets[0], subject=subject, date=None,
                      text=describe(a, "demand", actor, targets[0], subject),
                      evidence=Span(tok.sent.start_char, tok.sent.end_char))
            set_codes(act, verb, lex)
            out.append(Candidate(act, verb, SPECIFICITY.get(a.actors.get(actor).kind, 0)))
    return out


def _ultimatum_verb(tok: Token) -> Token | None:
    """The verb that sets the move ``tok`` as an ultimatum: "gave Kyiv until Friday to accept", "told Putin to
    agree ... or face sanctions", "gave Putin a deadline to reach a deal"; else None."""
    head = tok.head
    deadline = False
    if tok.dep_ == "acl" and head.lemma_.lower() in DEADLINE_NOUNS and head.dep_ == "dobj":
        head, deadline = head.head, True
    elif tok.dep_ not in ("xcomp", "advcl"):
        return None
    if head.lemma_.lower() not in ULTIMATUM_VERBS or head.i == tok.i:
        return None
    dated = any(c.dep_ == "prep" and c.lower_ in DEADLINE_PREPS for t in (head, tok) for c in t.children)
    threat = any(c.dep_ == "conj" and c.lemma_.lower() in THREAT_VERBS and
                 any(x.dep_ == "cc" and x.lower_ == "or" for x in tok.children) for c in tok.children)
    return head if deadline or dated or threat else None


def _demanded(a: Analysis, tok: Token) -> str:
    """What an ultimatum demands: the subject its move's own words name, up to the threat ("to agree to the
    truce | or face sanctions"); a bare deal or plan ("to reach a deal", "to accept his plan") is the peace deal;
    a move naming neither ("to halt the war") is about what the article is about."""
    threat = next((c.i for c in tok.children if c.dep_ == "cc" and c.lower_ == "or"), None)
    own = [t for t in tok.subtree if threat is None or t.i < threat]
    text = a.document.text[own[0].idx:own[-1].idx + len(own[-1].text)]
    named = subject_lexicon().subject(text)
    if named is None and any(t.lemma_.lower() in DEAL_WORDS for t in own):
        return "peace_deal"  # "a deadline to reach a deal", "until Friday to approve his plan": the war's end
    return named or document_subject(a)


def imperatives(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """A ``demand`` for each bare command to halt in a statement ("Stop the killing," Trump said; "Vladimir,
    stop!"): the speaker demands it, with no verb of demanding. What it is about is read around it; a command
    naming the fighting ("stop the killing", "stop at the front line") asks a full ceasefire, a bare "stop!"
    after strikes asks something no truce record holds ("other")."""
    out = []
    for s in a.statements:
        span = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        for tok in span if span is not None else []:
            if not _command(tok):
                continue
            subject = act_subject(a, tok, list(tok.subtree), "demand", lex) or \
                ("full_ceasefire" if any(t.lemma_.lower() in FIGHTING for t in tok.subtree) else "other")
            act = Act(type="demand", actor=s.speaker, target=None, subject=subject, date=said_on(a, s),
                      text=describe(a, "demand", s.speaker, None, subject), evidence=s.evidence)
            set_codes(act, tok, lex)
            out.append(Candidate(act, tok, SPECIFICITY.get(a.actors.get(s.speaker).kind, 0)))
    return out


def _command(tok: Token) -> bool:
    """``tok`` is a bare command to halt: a halting verb first in its sentence (after a vocative name) with no
    subject or auxiliary of its own ("Stop at the front line", "Stop the killing," he said). The parser may take
    a shouted "Vladimir, STOP!" for a noun, at the root or in apposition to the name."""
    if tok.lower_ not in IMPERATIVES:
        return False
    verb = tok.dep_ in ("ROOT", "conj") or tok.tag_ == "VB" and tok.dep_ in ("ccomp", "advcl")
    vocative = tok.dep_ == "appos" and tok.head.pos_ == "PROPN"
    if not (verb or vocative) or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
        return False
    before = [t for t in tok.sent if t.i < tok.i and not t.is_punct and not t.is_quote and not t.is_space]
    return all(t.pos_ == "PROPN" for t in before)


def hortatives(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """A ``demand`` for each call to act together in a statement ("Let's get the peace deal done," Trump wrote;
    "Let us end this war"): the speaker asks it of the others, with no verb of demanding. Only a call naming
    what it asks for in its own words counts ("let's see" asks nothing)."""
    out = []
    for s in a.statements:
        span = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        for tok in span if span is not None else []:
            scope = _hortative_scope(tok)
            if scope is None:
                continue
            words = list(scope.subtree)
            subject = subject_lexicon().subject(a.document.text[words[0].idx:words[-1].idx + len(words[-1].text)])
            if subject is None or subject == "talks":
                continue
            act = Act(type="demand", actor=s.speaker, target=None, subject=subject, date=said_on(a, s),
                      text=describe(a, "demand", s.speaker, None, subject), evidence=s.evidence)
            set_codes(act, scope, lex)
            out.append(Candidate(act, scope, SPECIFICITY.get(a.actors.get(s.speaker).kind, 0)))
    return out


#: the "us" of "let's" / "let us", either apostrophe
_US = ("us", "'s", "\u2019s")


def _hortative_scope(tok: Token) -> Token | None:
    """The verb a "let's" or "let us" at the head of its sentence calls to do ("Let's | get the deal done");
    the parser reads "Lets" as a name, the subject of that verb. Else None."""
    if tok.lower_ not in HORTATIVES:
        return None
    before = [t for t in tok.sent if t.i < tok.i and not t.is_punct and not t.is_quote and not t.is_space]
    if before:
        return None
    if tok.dep_ == "nsubj" and tok.head.tag_ == "VB":  # "Lets get ...": the parser's name as subject
        return tok.head
    verbs = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB" and
             any(x.dep_ == "nsubj" and x.lower_ in _US for x in c.children)]
    return verbs[0] if verbs and tok.tag_ == "VB" else None
