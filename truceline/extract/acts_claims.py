"""Accusations made as claims: a side saying the other keeps striking its energy sites.

ANNOTATION.md counts "a claim that the other side keeps attacking" as an ``accuse`` act even with no verb of
accusing, and CONVENTIONS.md adds the claim framed as a breach ("despite the moratorium"). Reports carry
these mostly as statements by officials ("Russia has struck our grid eight times since the halt was
ordered, the adviser said"), which the trigger words of ``data/acts.yaml`` do not reach. This module reads
what each statement of a warring side says: a strike on energy, framed as continued or as a breach, is that
side's accusation against the other; so is the other side's striking framed so against a truce the statement
names ("Ukrainian forces kept shelling despite the Easter ceasefire"), as a breach of that truce.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Act
from ..resolve.actors import registry
from .actors_in_text import SPECIFICITY, country_actor, country_of
from .acts_describe import Candidate, describe, set_codes
from .acts_subject import document_subject
from .lexicons import load, words_rx
from .subjects import CEASEFIRES
from .subjects import lexicon as subject_lexicon

if TYPE_CHECKING:
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
#: the warring sides: a claim by one is an accusation against the other
OTHER_SIDE = {"RUS": "UKR", "UKR": "RUS"}


def claimed_attacks(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """An ``accuse`` act for each statement of a warring side that says the other keeps striking energy, or
    keeps striking in breach of a truce it names."""
    out = []
    for s in a.statements:
        side = country_of(a, s.speaker)
        other = country_actor(a, OTHER_SIDE.get(side or ""))
        said = s.text
        if other is None or _IF.search(said) or not (STRIKE.search(said) and repeated(said)):
            continue
        subject = claim_subject(a, said, OTHER_SIDE[side or ""])
        tok = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        if subject is None or tok is None:
            continue
        act = Act(type="accuse", actor=s.speaker, target=other, subject=subject, date=s.date,
                  text=describe(a, "accuse", s.speaker, other, subject), evidence=s.evidence)
        set_codes(act, tok.root, lex)
        out.append(Candidate(act, tok.root, SPECIFICITY.get(a.actors.get(s.speaker).kind, 0)))
    return out


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
