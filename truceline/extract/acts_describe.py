"""An act's words for people, its codes, and keeping one act per move."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ..models import Act
from . import dates
from .actors_in_text import SPECIFICITY, country_of, speaker_of
from .acts_lexicon import JOINT, Lexicon
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .analysis import Analysis

#: Subject -> the words for it in an act's text; act type -> the verb of an act's text.
SUBJECT_WORDS: dict[str, str] = dict(load("acts_words")["subject_words"])
VERBS: dict[str, str] = dict(load("acts_words")["describe_verbs"])


@dataclass
class Candidate:
    act: Act
    trigger: Token
    specificity: int = 0
    participants: list[str] = field(default_factory=list)


def set_codes(act: Act, tok: Token, lex: Lexicon) -> None:
    base = lex.codes.get(act.type, {})
    act.plover = base.get("plover")
    act.cameo = lex.by_trigger.get(act.type, {}).get(tok.lemma_.lower()) or \
        lex.by_subject.get(act.type, {}).get(act.subject) or base.get("cameo")


def describe(a: Analysis, kind: str, actor: str, target: str | None, subject: str) -> str:
    who = a.actors.get(actor).name
    whom = a.actors.get(target).name if target else None
    if kind == "meet":
        return f"{who} holds talks with {whom}" if whom else f"{who} holds talks"
    # An accusation is about breaking a commitment, not against it: "accuses the energy ceasefire" misreads.
    if kind == "accuse":
        return f"{who} accuses {whom or 'the other side'} over {SUBJECT_WORDS[subject]}"
    if kind == "deny":
        whose = f"{whom}'s" if whom else "the"
        return f"{who} denies {whose} accusations over {SUBJECT_WORDS[subject]}"
    return f"{who} {VERBS[kind]} {SUBJECT_WORDS[subject]}"


# ---------------------------------------------------------------- one move, once
def dedupe(a: Analysis, found: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in [d for f in found for d in per_day(a, f)]:
        same = None
        for k in kept:
            if same_move(a, k.act, c.act) and not _other_day(a, k, c) and not _separate_claims(k, c) and \
                    not _further(a, k, c):
                same = k
                break
        if same is None:
            kept.append(c)
            continue
        # a call told from each end keeps the first telling's order (its first-named side leads)
        swapped = country_of(a, c.act.actor) != country_of(a, same.act.actor)
        if c.specificity > same.specificity and not swapped:
            same.act.actor, same.act.text, same.specificity = c.act.actor, c.act.text, c.specificity
        if same.act.target is None and c.act.target:
            same.act.target = c.act.target
        if c.act.date and (same.act.date is None or _told_day(a, c) is not None and _told_day(a, same) is None):
            # a move told again with its day ("in a call on Tuesday") after a first telling dated only as of the
            # report takes the day the text gives
            same.act.date = c.act.date
            same.trigger = c.trigger
        same.act.conditional = same.act.conditional and c.act.conditional
    return kept


#: What may stand between two days of one list ("May 16, June 2, and July 23", "on May 16, and the second on June 2").
_ROUNDS = "|".join(load("acts_words")["round_words"])
_LISTED = re.compile(rf"\s*(?:,\s*)?(?:and\s+|or\s+)?(?:(?:the\s+)?(?:{_ROUNDS})\s+)?(?:(?:on|in)\s+)?$", re.IGNORECASE)


def per_day(a: Analysis, c: Candidate) -> list[Candidate]:
    """Rounds of talks told with several days ("talks held on May 16, June 2 and July 23", "the first round took
    place on May 16, and the second on June 2"): one meeting per day."""
    if c.act.type != "meet":
        return [c]
    scope = c.trigger
    while scope.dep_ in ("pobj", "prep") and scope.head.i != scope.i:  # "the first round of negotiations"
        scope = scope.head
    if scope.dep_ in ("nsubj", "nsubjpass"):  # "... took place on May 16, and the second on June 2"
        scope = scope.head
    words = list(scope.subtree)
    start = words[0].idx
    text = a.document.text[start:words[-1].idx + len(words[-1].text)]
    told = dates.find_days(text, a.document.published)
    # the days must be listed together, not a meeting's day and another event's ("on Tuesday, after the attack
    # on Sunday")
    if len(told) < 2 or not all(_LISTED.match(text[x.end:y.start]) for x, y in pairwise(told)):
        return [c]
    days = sorted({m.date for m in told if m.date is not None})
    if len(days) < 2 or (a.document.published and days[-1] > a.document.published):
        return [c]
    return [Candidate(replace(c.act, date=day), c.trigger, c.specificity, list(c.participants)) for day in days]


def _told_day(a: Analysis, c: Candidate) -> dt.date | None:
    """The act's day when its own sentence gives it (not the report's day taken for want of one)."""
    sent = c.trigger.sent
    told = {m.date for m in dates.find_days(sent.text, a.document.published, sent.start_char)}
    return c.act.date if c.act.date in told else None


def _other_day(a: Analysis, x: Candidate, y: Candidate) -> bool:
    """Two meetings of the same sides days apart, one at least told with its own day ("the first round on May
    16" beside talks of the report's day): two meetings, not one told twice."""
    if x.act.type != "meet" or y.act.type != "meet":
        return False
    dx, dy, pub = x.act.date, y.act.date, a.document.published
    if dx is None or dy is None or abs((dx - dy).days) <= 1 or (pub is not None and max(dx, dy) > pub):
        return False  # a day ahead of the report is a meeting planned, no second meeting held
    return _told_day(a, x) is not None or _told_day(a, y) is not None


#: Act types where two named actors of one side make two moves (each their own claim), not one told twice.
SEPARATE_CLAIMS = ("accuse",)


#: Words of a sentence telling that the sides accused each other ("Russia and Ukraine traded accusations").
_RECIPROCAL = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in load("acts_words")["reciprocal_phrases"]) + r")\b",
                         re.IGNORECASE)
#: Words telling the accusations were many, over a while ("have repeatedly accused each other").
_REPEATED = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in load("acts_words")["repeated_marks"]) + r")\b",
                       re.IGNORECASE)


def _separate_claims(x: Candidate, y: Candidate) -> bool:
    """Accusations told as the sides' repeated exchange ("both sides have repeatedly accused each other of violating
    the truce") beside one side's own charge in another sentence (its defence ministry's): the summary tells of
    many accusations over a while, each side's kept apart from the one told in full. A one-off exchange ("on
    Wednesday accused each other") is that charge told twice."""
    if x.act.type not in SEPARATE_CLAIMS or x.act.actor == y.act.actor or x.trigger.sent.start == y.trigger.sent.start:
        return False
    return any(_RECIPROCAL.search(c.trigger.sent.text) and _REPEATED.search(c.trigger.sent.text) for c in (x, y))


#: Adverbs marking a move as one more of its kind, not the last one told again ("the parties also agreed on the
#: repatriation of bodies" after their agreement on a prisoner exchange): ``data/acts_words.yaml``.
FURTHER_MARKS: frozenset[str] = frozenset(load("acts_words")["further_marks"])
#: Moves a side makes several of on one subject in one report (two exchanges agreed at one round of talks).
FURTHER_TYPES = ("agree",)
#: Prepositions of an agreement's object ("agreed on the exchange"): ``data/acts_words.yaml``.
FURTHER_OBJECT_PREPS: frozenset[str] = frozenset(load("acts_words")["further_object_preps"])


def _further(a: Analysis, x: Candidate, y: Candidate) -> bool:
    """A later agreement of the same sides on the same subject told with "also" in a sentence of its own: another
    commitment, not the first told twice. Someone's words repeating the same thing agreed ("X said Finland also
    agreed on the exchange") restate the first: the "also" there adds a side, not a commitment."""
    if y.act.type not in FURTHER_TYPES or x.trigger.sent.start == y.trigger.sent.start:
        return False
    if not any(c.dep_ == "advmod" and c.lower_ in FURTHER_MARKS for c in y.trigger.children):
        return False
    first, then = _object_head(x.trigger), _object_head(y.trigger)
    return first is None or first != then or speaker_of(a, y.trigger) is None


def _object_head(tok: Token) -> str | None:
    """The head word of what a move is about: its object ("reached a deal"), the object of its preposition
    ("agreed on the exchange"), or the verb of its infinitive ("agreed to swap")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "xcomp"):
            return c.lemma_.lower()
        if c.dep_ == "prep" and c.lower_ in FURTHER_OBJECT_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    return p.lemma_.lower()
    return None


def _named(a: Analysis, actor: str) -> bool:
    """A person or a body, not a country or a group standing for its side."""
    return SPECIFICITY.get(a.actors.get(actor).kind, 0) >= 2


def same_move(a: Analysis, x: Act, y: Act) -> bool:
    if x.type == y.type == "meet" and x.subject == y.subject and x.target and y.target:
        return {country_of(a, x.actor), country_of(a, x.target)} == {country_of(a, y.actor), country_of(a, y.target)}
    if x.type != y.type or x.subject != y.subject or country_of(a, x.actor) != country_of(a, y.actor):
        return False
    if x.type in SEPARATE_CLAIMS and x.actor != y.actor and _named(a, x.actor) and _named(a, y.actor):
        return False  # the defence ministry and a governor each accusing Kyiv: two accusations, not one told twice
    if country_of(a, x.actor) is None and x.actor != y.actor:
        return False
    if x.type in JOINT and x.target and y.target and country_of(a, x.target) != country_of(a, y.target):
        return False
    return True

