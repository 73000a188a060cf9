"""Which places a sentence reports as struck: a text classifier over (place mention, sentence) pairs.

The rules of ``incidents.py`` find the places a sentence names and whether it has an attack word; the
classifier reads the sentence with the place in question marked (``xplace``; the sentence's other places
are ``yplace``), after feature tokens saying what the rules found (attack words, interception and damage
words, history, a date, the rules' own verdict on this place...), and gives the probability that the text
reports a strike on that place. Trained on the corpus gold incidents (``scripts/training/incidents.py``);
the ``keep`` threshold applies to the places the rules take, the ``add`` threshold to the others. A second
classifier over the same text gives the place's target class (umbrella: energy, residential, ...), used
where the rules' words name none and it reaches the ``target`` threshold (all three chosen by
cross-validation, read from the manifest).
Without a trained model the rules decide alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import trained

if TYPE_CHECKING:
    from spacy.language import Language

    from ..settings import Settings

NAME = "incidents"
STRIKE = "STRIKE"
#: labels of the target classifier: this prefix and an umbrella class of RECORDS.md's incident targets
TARGET_PREFIX = "T_"
TARGETS = ("energy", "residential", "medical", "civilian_infrastructure", "military", "other")
DEFAULT_KEEP = 0.5
DEFAULT_ADD = 0.9
DEFAULT_TARGET = 1.1   # never: a model trained before the threshold was stored leaves targets to the rules
#: characters of a sentence the classifier reads
MAX_CHARS = 600
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Candidate:
    """One place named in one sentence, with what the rules found there."""

    sentence: int             #: the sentence's number in the document
    start: int                #: the sentence's start offset in ``document.text``
    text: str                 #: the sentence
    place: tuple[int, int]    #: the place's offsets in ``document.text``
    others: list[tuple[int, int]] = field(default_factory=list)  #: the sentence's other places
    flags: list[str] = field(default_factory=list)  #: feature words: what the rules found
    rule: bool = False        #: the rules alone would report a strike on this place
    target: str = "other"     #: the target class the rules' words give the place

    def features(self) -> str:
        """What the classifier reads: the feature words, then the sentence with the places marked."""
        spans = sorted([(self.place, "xplace"), *((o, "yplace") for o in self.others)])
        out, at = [], self.start
        for (s, e), word in spans:
            if s < at:
                continue
            out.append(self.text[at - self.start:s - self.start])
            out.append(f" {word} ")
            at = e
        out.append(self.text[at - self.start:])
        words = _NUMBER.sub("nnum", "".join(out).casefold())
        flags = self.flags + (["Frule"] if self.rule else ["Fnorule"])
        return " ".join(flags) + " | " + " ".join(words.split())[:MAX_CHARS]


@dataclass
class IncidentModel:
    nlp: Language
    keep: float     #: a place the rules take is kept at or above this probability of a strike
    add: float      #: a place the rules leave is added at or above it
    target: float   #: the target class (umbrella) the model gives is used at or above this probability

    def decide(self, cands: list[Candidate]) -> list[tuple[bool, str | None]]:
        """Per candidate: was the place struck, and the umbrella target class when the model is sure of it."""
        if not cands:
            return []
        out = []
        for c, d in zip(cands, self.nlp.pipe((c.features() for c in cands), batch_size=256), strict=True):
            hit = d.cats.get(STRIKE, 0.0) >= (self.keep if c.rule else self.add)
            scores = {k[len(TARGET_PREFIX):]: v for k, v in d.cats.items() if k.startswith(TARGET_PREFIX)}
            best = max(scores, key=lambda k: scores[k]) if scores else None
            out.append((hit, best if best is not None and scores[best] >= self.target else None))
        return out


def get(settings: Settings) -> IncidentModel | None:
    """The trained classifier of the settings' model folder, or None (the rules decide alone)."""
    folder = str(trained.models_dir(settings))
    if folder not in _LOADED:
        nlp = trained.load(settings, NAME)
        _LOADED[folder] = None if nlp is None else IncidentModel(
            nlp, trained.threshold(settings, NAME, "keep", DEFAULT_KEEP),
            trained.threshold(settings, NAME, "add", DEFAULT_ADD),
            trained.threshold(settings, NAME, "target", DEFAULT_TARGET))
    return _LOADED[folder]


#: model folder -> its classifier (None: none trained there), loaded once per process
_LOADED: dict[str, IncidentModel | None] = {}
