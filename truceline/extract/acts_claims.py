"""Accusations made as claims: a side saying the other keeps striking its energy sites.

ANNOTATION.md counts "a claim that the other side keeps attacking" as an ``accuse`` act even with no verb of
accusing, and CONVENTIONS.md adds the claim framed as a breach ("despite the moratorium"). Reports carry
these mostly as statements by officials ("Russia has struck our grid eight times since the halt was
ordered, the adviser said"), which the trigger words of ``data/acts.yaml`` do not reach. This module reads
what each statement of a warring side says: a strike on energy, framed as continued or as a breach, is that
side's accusation against the other.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Act
from .actors_in_text import SPECIFICITY, country_actor, country_of
from .acts_describe import Candidate, describe, set_codes
from .lexicons import load, words_rx

if TYPE_CHECKING:
    from .acts_lexicon import Lexicon
    from .analysis import Analysis

_WORDS = load("acts_words")


def _stems(key: str) -> re.Pattern[str]:
    return words_rx(_WORDS[key], whole=False)


STRIKE = _stems("strike_stems")
ENERGY = _stems("energy_stems")
KEEPS = _stems("keeps_stems")
#: "if the attacks continue": a condition or a threat, not a claim of what happened
_IF = re.compile(r"\b(?:" + "|".join(_WORDS["hypothetical_marks"]) + r")\b", re.IGNORECASE)
#: the warring sides: a claim by one is an accusation against the other
OTHER_SIDE = {"RUS": "UKR", "UKR": "RUS"}


def claimed_attacks(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """An ``accuse`` act for each statement of a warring side that says the other keeps striking energy."""
    out = []
    for s in a.statements:
        side = country_of(a, s.speaker)
        other = country_actor(a, OTHER_SIDE.get(side or ""))
        said = s.text
        if other is None or _IF.search(said) or \
                not (STRIKE.search(said) and ENERGY.search(said) and KEEPS.search(said)):
            continue
        tok = a.doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
        if tok is None:
            continue
        act = Act(type="accuse", actor=s.speaker, target=other, subject="energy_ceasefire", date=s.date,
                  text=describe(a, "accuse", s.speaker, other, "energy_ceasefire"), evidence=s.evidence)
        set_codes(act, tok.root, lex)
        out.append(Candidate(act, tok.root, SPECIFICITY.get(a.actors.get(s.speaker).kind, 0)))
    return out
