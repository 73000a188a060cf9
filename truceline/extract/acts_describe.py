"""An act's words for people, its codes, and keeping one act per move."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import Act
from .actors_in_text import SPECIFICITY, country_of
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
    for c in found:
        same = None
        for k in kept:
            if same_move(a, k.act, c.act):
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
        if same.act.date is None and c.act.date:
            same.act.date = c.act.date
        same.act.conditional = same.act.conditional and c.act.conditional
    return kept


#: Act types where two named actors of one side make two moves (each their own claim), not one told twice.
SEPARATE_CLAIMS = ("accuse",)


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

