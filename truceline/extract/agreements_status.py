"""The status of a commitment as of the report's date, for the agreements stage: proposed, agreed, in force,
rejected, expired or suspended (ANNOTATION.md), read from the moves on it and the sentences about it; and
whether each side a two-sided commitment binds has consented to it.

Word lists: data/agreements.yaml (ended_words, lifted_words, truce_nouns, issue_words, orders_words, halt_stems).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..models import Act, Span
from .actors_in_text import country_of
from .agreements_terms import proposed_halt
from .agreements_window import BEGUN, YET_TO_BEGIN
from .lexicons import load
from .subjects import CEASEFIRES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .analysis import Analysis

_WORDS = load("agreements")
_TRUCE_NOUNS = "|".join(w.replace(" ", r"\s+") for w in _WORDS["truce_nouns"])

#: a commitment said to be running: "in effect", "being observed"
IN_FORCE = re.compile(r"\b(?:in\s+effect|in\s+force|came\s+into\s+(?:effect|force)|took\s+effect|being\s+observed|"
                      r"respecting|adhering)\b", re.IGNORECASE)
# "the agreement fell apart", "after it lifted a moratorium on such strikes": over by the report, said in the past
_ENDED = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS["ended_words"]) + r")\b|\b(?:" +
                    "|".join(_WORDS["lifted_words"]) + r")\s+(?:\S+\s+){0,3}?(?:" + _TRUCE_NOUNS + r")s?\b",
                    re.IGNORECASE)
_SUSPENDED = re.compile(r"\b(?:put\s+on\s+ice|on\s+hold|suspended|paused)\b", re.IGNORECASE)
# "has expired", "had lapsed", "has run its course": the commitment is over, said without an actor.
_EXPIRED = re.compile(r"\b(?:has|had|have)\s+(?:now\s+|already\s+|officially\s+)?(?:expired|lapsed|run\s+out|"
                      r"run\s+its\s+course|come\s+to\s+an\s+end)\b", re.IGNORECASE)
#: a halt ordered: "issued orders", "passed down the order", "ordered his military to pause strikes"
ORDERED = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS["issue_words"]) +
                     r")\s+(?:the\s+|an?\s+|his\s+|such\s+)?(?:" + "|".join(_WORDS["orders_words"]) +
                     r")\b|\bordered\s+(?:\S+\s+){0,5}?(?:" + "|".join(_WORDS["halt_stems"]) + r")",
                     re.IGNORECASE)


#: a truce or a deal named: an end read on a truce counts only where its sentence names what ends ("troops
#: withdrew from the region" ends no ceasefire)
_NAMES_TRUCE = re.compile(r"\b(?:" + _TRUCE_NOUNS + "|" + "|".join(_WORDS["ended_things"]) + r")s?\b", re.IGNORECASE)


def agreement_status(a: Analysis, acts: list[Act], sentences: list[Span], start: dt.date | None,
                     end: dt.date | None, truce: bool = False) -> str:
    """``truce``: the commitment is a ceasefire, which a halt ordered puts in force; a halt read on another
    commitment (an exchange, a land deal) is no truce running ("ordered a pause in aid" neither)."""
    # a halt only put forward ("Kyiv proposes that Moscow stop strikes on civilian targets") is no halt ordered
    types = {x.type for x in acts if not (x.type == "halt" and (proposed_halt(a.document.text, x) or not truce))}
    pub = a.document.published
    text = " ".join(a.document.text[s.start:s.end] for s in sentences)
    ends = [x for x in acts if x.type == "end" and not (pub and x.date and x.date > pub)
            and not re.search(r"\b(?:19|20)\d\d\b", a.document.text[x.evidence.start:x.evidence.end])
            and not (truce and not _NAMES_TRUCE.search(a.document.text[x.evidence.start:x.evidence.end]))]
    if ends:
        if any(_SUSPENDED.search(a.document.text[x.evidence.start:x.evidence.end]) for x in ends):
            return "suspended"
        return "expired"
    if pub and end and end < pub:
        return "expired"
    # only what was agreed or ran can fall apart: a proposal "collapsed" was never taken up; a truce whose
    # violations alone are told is one the article takes as running, so it can end too
    ran = bool(types & {"agree", "accept", "halt"}) or _alleged_only(types)
    if _EXPIRED.search(text) or (_ENDED.search(text) and ran):
        return "expired"
    if not types & {"halt", "agree"} and any(_suspends(a, s, truce) for s in sentences):
        return "suspended"
    if "reject" in types and not types & {"agree", "halt"}:
        return "rejected"
    if pub and start and start > pub:
        return "agreed"
    if "halt" in types and YET_TO_BEGIN.search(text) and not BEGUN.search(text):
        return "agreed"  # declared, but the window opens later: "the truce will begin at 6 p.m. on Saturday"
    if "halt" in types or IN_FORCE.search(text) or (truce and ORDERED.search(text)):
        return "in_force"
    if "agree" in types:
        return "agreed"
    if _alleged_only(types):
        return "in_force"  # violations alleged of a commitment the article takes as running
    return "proposed"


#: head words of what a suspending word may govern that make it a halt of fighting, not of the commitment: "paused
#: its strikes on power plants", "strikes were suspended" (the last word of each ``fighting_nouns`` entry)
_FIGHTING_HEADS = frozenset(w.split()[-1].lower() for w in _WORDS["fighting_nouns"])
#: the dependents naming what a suspending verb puts on hold: its object, or its subject when passive
_HELD_DEPS = ("dobj", "nsubjpass")


def _suspends(a: Analysis, s: Span, truce: bool) -> bool:
    """The sentence says the commitment itself is put on hold: not a halt of the fighting it is about ("Moscow
    says it paused its strikes on power plants" stops strikes, it suspends no truce), and for a truce only where
    the sentence names one, as for an end ("the summit preparations were put on hold" suspends no ceasefire)."""
    sentence = a.document.text[s.start:s.end]
    if truce and not _NAMES_TRUCE.search(sentence):
        return False
    for m in _SUSPENDED.finditer(sentence):
        words = a.doc.char_span(s.start + m.start(), s.start + m.end(), alignment_mode="expand")
        if words is None or not len(words) or not _halts_fighting(words[0]):
            return True
    return False


def _halts_fighting(tok: Token) -> bool:
    """What the suspending word governs is fighting, read on the parse: the object or passive subject of its verb
    ("paused its drone strikes under the truce", "strikes were suspended"), or the noun it modifies ("the paused
    attacks"). A truce named as that object ("suspended the moratorium on strikes") is the commitment itself, and a
    noun in a phrase set around the verb ("was paused after attacks") is neither. The noun's words up to it count,
    as the tokenizer splits "the cease-fire" into a "fire" headed phrase."""
    if tok.dep_ == "amod":
        held = [tok.head]
    else:
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head  # "put ... on hold": the verb "on" hangs from
        held = [c for c in verb.children if c.dep_ in _HELD_DEPS]
    return bool(held) and all((h.lower_ in _FIGHTING_HEADS or h.lemma_.lower() in _FIGHTING_HEADS) and
                              not _NAMES_TRUCE.search(h.doc[h.left_edge.i:h.i + 1].text) for h in held)


def _alleged_only(types: set[str]) -> bool:
    """The only moves on the commitment are violations alleged (and denied, or demands to stop them)."""
    return "accuse" in types and types <= {"accuse", "deny", "demand"}


def binds(a: Analysis, parties: list[str], act: Act) -> bool:
    """The act's side is one the commitment binds (or the parties are unknown)."""
    bound = {country_of(a, p) for p in parties} - {None}
    return not bound or country_of(a, act.actor) in bound


def all_consented(a: Analysis, subject: str, acts: list[Act], parties: list[str]) -> bool:
    """Each side a two-sided commitment binds agreed to it or accepted it: one side's assent to a ceasefire or
    a peace plan the other has not taken up leaves it proposed ("Ukraine agreed to the US-proposed 30-day
    ceasefire", "Putin agreed with Trump that Moscow will propose a memorandum"). Two sides or more agreeing on a
    truce made a deal, even when a broker is one of them and not bound ("the US and Russia agreed to ensure safe
    navigation in the Black Sea"); a peace plan needs the warring sides' own assent."""
    consenting = {country_of(a, x.actor) for x in acts if x.type in ("agree", "accept")}
    agreeing = {country_of(a, x.actor) for x in acts if x.type == "agree"} - {None}
    bound = {country_of(a, p) for p in parties}
    return len(bound) < 2 or bound <= consenting or (subject in CEASEFIRES and len(agreeing) >= 2)
