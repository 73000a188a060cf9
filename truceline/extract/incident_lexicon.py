"""The word lists of the incidents stage and what they find in a text.

``lexicon()`` gathers the lists of ``data/targets.yaml``, ``weapons.yaml`` and ``incident_cues.yaml``
with the patterns built from them (target and weapon phrases, damage, interception, history ...);
``_classify`` and ``_first_class`` read a target or weapon class off a text with those patterns. Used by
the stage (``incidents.py``), its place finding (``incident_places.py``) and its fields
(``incident_fields.py``).
"""
from __future__ import annotations

import functools
import re
from typing import Any

from .lexicons import load, words_rx


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("targets", "weapons", "incident_cues"):
        out.update(load(name))
    out["report"] = set(load("cues")["claim"])
    out["target_rx"] = _index_words(_phrase_rx(out["targets"]))
    out["weapon_rx"] = _index_words(_phrase_rx(out["weapons"]))
    out["damage_rx"] = words_rx(out["damage"])
    out["intercept_rx"] = words_rx(out["interception"])
    out["history_rx"] = words_rx(out["history"])
    out["aftermath_rx"] = words_rx(out["aftermath"])
    nouns = "|".join(map(re.escape, out["place_anaphors"]))
    out["anaphor_rx"] = re.compile(rf"(?i)\b(?:the|this|that)\s+(?:same\s+)?(?:{nouns})\b(?!\s+of\b)")
    out["descriptor_rx"] = words_rx(out["descriptors"])
    sites = "|".join(map(re.escape, out["generic_sites"]))
    out["generic_site_rx"] = re.compile(rf"(?i)\b(?:{sites})\s+(?:in|at|near)\b")
    out["ground_rx"] = words_rx(out["ground"])
    out["list_rx"] = words_rx(out["list_cues"])
    blasts, heard = "|".join(out["blasts"]), "|".join(out["heard"])
    out["heard_rx"] = re.compile(rf"(?i)\b(?:{blasts})\b[^.;]{{0,40}}\b(?:{heard})\b|\b(?:{heard})\b[^.;]{{0,30}}"
                                 rf"\b(?:{blasts})\b")
    # a downing verb with a weapon as its object, a few words on ("destroyed over 100 Ukrainian drones")
    out["downed_rx"] = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, out["downing"])) + r")\s+(?:[\w-]+\s+){0,5}?"
                                  r"(?:" + "|".join(map(re.escape, out["downed"])) + r")\b")
    out["attack_set"] = frozenset(out["attack"])
    wm = {k: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in v) for k, v in out["weapons_makers"].items()}
    # "produces parts for ballistic missiles", "a missile and aviation plant": a plant that makes weapons
    out["weapons_maker_rx"] = re.compile(rf"(?i)\b(?:{wm['making']})\s+(?:[\w-]+\s+){{0,6}}?(?:{wm['goods']})\b|"
                                         rf"\b(?:{wm['compounds']})(?:[\s-]+[\w-]+){{0,3}}?\s+(?:{wm['makers']})\b")
    return out


def _phrase_rx(classes: dict[str, list[str]]) -> list[tuple[re.Pattern[str], str]]:
    pairs = sorted(((p, c) for c, ps in classes.items() for p in ps), key=lambda x: -len(x[0]))
    out = [(re.compile(r"\b" + re.escape(p).replace(r"\ ", r"[\s-]+") + r"\b", re.IGNORECASE), c) for p, c in pairs]
    _FIRST_WORD.update((id(rx), p.lower().split()[0]) for (rx, _), (p, _) in zip(out, pairs, strict=True) if p.split())
    return out


#: a phrase pattern's id -> the word every match of it holds, lower-cased (see :func:`_present`); by id
#: because hashing a compiled pattern walks its code, and the patterns live as long as the cached lexicon
_FIRST_WORD: dict[int, str] = {}


#: id of a lexicon's pattern list -> its first words, each with the positions of the patterns it starts
_BY_WORD: dict[int, list[tuple[str, list[int]]]] = {}


def _present(text: str, rxs: list[tuple[re.Pattern[str], str]]) -> list[tuple[re.Pattern[str], str]]:
    """The phrase patterns that can match ``text``, in their order: those whose first word it holds.
    Running hundreds of target patterns over every sentence, clause and place name was a tenth of
    extraction's time."""
    low = text.lower()
    groups = _BY_WORD.get(id(rxs))
    if groups is None:  # a list made on the fly (a subset): word by word
        return [(rx, c) for rx, c in rxs if _FIRST_WORD.get(id(rx), "") in low]
    return [rxs[i] for i in sorted(i for word, at in groups if word in low for i in at)]


def _index_words(rxs: list[tuple[re.Pattern[str], str]]) -> list[tuple[re.Pattern[str], str]]:
    """Registers a lexicon's pattern list for :func:`_present` (the list lives as long as the lexicon)."""
    groups: dict[str, list[int]] = {}
    for i, (rx, _) in enumerate(rxs):
        groups.setdefault(_FIRST_WORD.get(id(rx), ""), []).append(i)
    _BY_WORD[id(rxs)] = list(groups.items())
    return rxs


def _undescribed(text: str) -> str:
    """The text without words that describe a place rather than name what was hit ("the port city of Odesa",
    "the industrial city of Kryvyi Rih"), blanked so that offsets stay."""
    return lexicon()["descriptor_rx"].sub(lambda mm: " " * len(mm.group(0)), text)


def _classify(text: str, rxs: list[tuple[re.Pattern[str], str]], priority: list[str]) -> str | None:
    text = _undescribed(text)
    hits = {c for rx, c in _present(text, rxs) if rx.search(text)}
    for c in priority:
        if c in hits:
            return c
    return None


def _only_generic(text: str) -> bool:
    """Is the bare word "infrastructure" the clause's only target word?"""
    hits = [rx.pattern for rx, _ in _present(text, lexicon()["target_rx"]) if rx.search(text)]
    return hits == [r"\binfrastructure\b"]


def _first_class(text: str, rxs: list[tuple[re.Pattern[str], str]]) -> str | None:
    text = _undescribed(text)
    best: tuple[int, str] | None = None
    for rx, c in _present(text, rxs):
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), c)
    return best[1] if best else None
