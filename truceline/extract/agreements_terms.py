"""Terms of a commitment read from its sentences, for the agreements stage: the scope of a truce (which targets
the sides stop striking) and whether a halt was only put forward rather than ordered.

Word lists: data/agreements.yaml (civilian_words, shipping_words, proposal_stems, halt_stems, accepted_stems).
"""
from __future__ import annotations

import re

from ..models import Act, Span
from .lexicons import load, words_rx
from .subjects import targets_of

_WORDS = load("agreements")
_CIVILIAN = words_rx(_WORDS["civilian_words"], whole=False)
_SHIPPING = words_rx(_WORDS["shipping_words"], whole=False)


def scope_of(text: str, defining: list[Span], subject: str, related: list[Span]) -> list[str]:
    """The target classes a truce covers: read from the first defining sentence (else the first related one) for
    an energy truce, from all its sentences for a truce at sea; none for other commitments."""
    # (A special scope for power-plant ownership was removed after review: cross-validation showed no effect,
    # agreements.scope 0.762 with it and without.)
    if subject == "maritime_ceasefire":
        return _maritime_scope(text, related)
    if subject != "energy_ceasefire" or not (defining or related):
        return []
    first = (defining or related)[0]
    clause = text[first.start:first.end]
    found = targets_of(clause)
    energy = [t for t in found if t != "civilian_infrastructure"]
    if "civilian_infrastructure" not in found:
        return energy or ["energy"]
    if not energy:
        return ["civilian_infrastructure"]  # "strikes on civilian infrastructure": no energy named
    # "energy and infrastructure", "energy infrastructure": the energy sector; other facilities only when the
    # text calls them civilian ("energy and other civilian infrastructure")
    return energy + (["civilian_infrastructure"] if _CIVILIAN.search(clause) else [])


def _maritime_scope(text: str, related: list[Span]) -> list[str]:
    """A truce at sea protects merchant shipping: civilian infrastructure when its sentences speak of vessels,
    navigation or cargo (the ships and ports are what the sides stop striking)."""
    return ["civilian_infrastructure"] if any(_SHIPPING.search(text[s.start:s.end]) for s in related) else []


#: a proposal word governing the halt a few words on: "proposes that the Russian side cease attacks", "its proposal
#: to the Russian Federation to stop strikes", "suggests a 30-day halt"
_PROPOSAL_OF_HALT = re.compile(r"\b(?:" + "|".join(_WORDS["proposal_stems"]) + r")\w*\s+(?:\S+\s+){0,7}?(?:" +
                               "|".join(_WORDS["halt_stems"]) + r")", re.IGNORECASE)
_ACCEPTED = words_rx(_WORDS["accepted_stems"] + _WORDS["declare_stems"], whole=False)


def proposed_halt(text: str, act: Act) -> bool:
    """A halt act whose sentence only puts the halt forward: a proposal of it, not taken up or declared before it
    ("agreed to a proposal ... to stop attacks" is a halt agreed, "announced a truce, proposing a pause" one
    declared)."""
    sent = text[act.evidence.start:act.evidence.end]
    m = _PROPOSAL_OF_HALT.search(sent)
    return m is not None and not _ACCEPTED.search(sent[:m.start()])
