"""The target class of each struck place: from the words of its own clause, else of its sentence, else the
class the trained model gives (refined to the energy class the sentence names).

A place's clause runs between clause breaks ("; ", ", while ", ", and ", " as well as "); where several places
share one clause ("a hospital in one town and a school in the next"), each takes the words between its
neighbours. A site named just before "in <place>" belongs to that place whatever the priority of the classes
around. A strike whose words name no target, and for which the model gives none, may take "residential"
from the next few sentences naming no place ("... Five houses were damaged."). Split out of ``incidents.py``,
the stage that calls it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..models import ENERGY_TARGETS
from .incident_lexicon import _classify, _first_class, _only_generic
from .lexicons import load, words_rx

if TYPE_CHECKING:
    from .incident_fields import SentenceView
    from .incident_places import PlaceMention

_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|as well as|but)\s+|\s+while\s+|\s+as well as\s+|\.\s|"
                          r"\s+and\s+(?=(?:\w+\s+){0,2}(?:attacks?|strikes?|shelling)\b)")

_ENERGY = set(ENERGY_TARGETS)


def _own_clause(stext: str, offset: int, mentions: list[PlaceMention], k: int) -> str:
    """The words of the sentence that belong to its ``k``-th place: its clause, or when several places share
    a clause ("a hospital in one town and a school in the next"), the words between the places around it."""
    m = mentions[k]
    clause = _clause(stext, m.start - offset, m.end - offset)
    lo = mentions[k - 1].end - offset if k > 0 else 0
    hi = mentions[k + 1].start - offset if k + 1 < len(mentions) else len(stext)
    own = stext[lo:hi]
    if own in clause or clause in own:
        clause = own if len(own) < len(clause) else clause
    return clause


def _sentence_target(stext: str, offset: int, mentions: list[PlaceMention], k: int, lex: dict[str, Any]) -> str | None:
    """The first target word of the sentence outside the clauses of its other places: "the governor of one region
    reported injuries, while in the city drones struck a market" does not say the region's market was hit. Places
    listed in one clause ("energy sites in Kharkiv and Poltava"), or ending a list ("the Belaya, Olenya, and
    Ivanovo air bases"), share its words. Cross-validated (5 folds, incidents F1): 0.672 -> 0.677."""
    m = mentions[k]
    own = _clause(stext, m.start - offset, m.end - offset)
    text = stext
    for j, o in enumerate(mentions):
        other = _clause(stext, o.start - offset, o.end - offset)
        if j != k and other != own and not _list_item(stext, other, o.start - offset):
            text = text.replace(other, " " * len(other))
    return _first_class(text, lex["target_rx"])


def _list_item(stext: str, clause: str, at: int) -> bool:
    """Does the clause open with its place, as the last item of a list does (", and Ivanovo air bases")?"""
    lead = stext[stext.find(clause):at] if 0 <= stext.find(clause) <= at else "?"
    return lead.strip().lower() in ("", "the")


def _clause(stext: str, start: int, end: int) -> str:
    """The stretch of the sentence around a place, between clause breaks."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(stext)] + [len(stext)]
    lo = max(c for c in cuts if c <= start)
    hi = min((c for c in cuts if c >= end), default=len(stext))
    return stext[lo:hi]


def _local_target(m: PlaceMention, clause: str, stext: str, lex: dict[str, Any],
                  whole: Callable[[], str | None] | None = None) -> str | None:
    """The target class of a place from its own words: the site's class, else its clause's. ``whole`` gives
    the sentence's class when the caller has it already."""
    if m.place.target:
        return m.place.target
    lead = _lead(m, clause, stext)
    local = (lead and _classify(lead, lex["target_rx"], lex["priority"])) or \
        _classify(clause, lex["target_rx"], lex["priority"])
    if local == "civilian_infrastructure" and _only_generic(clause):
        named = whole() if whole is not None else _classify(stext, lex["target_rx"], lex["priority"])
        if named in _ENERGY:
            local = named  # "the infrastructure of the grid company": the sentence says which
    return local


#: a target and where it lies, just before the place: "an arms factory in Kharkiv, a power plant in Odesa"
_LEAD_RX = re.compile(r"(?i)\b(?:in|at|near|outside)\s+(?:the\s+)?(?:(?:city|town|village|settlement)\s+of\s+)?$")


def _lead(m: PlaceMention, clause: str, stext: str) -> str:
    """The words of the place's clause before it, when they end "... in" the place: in a list of sites and
    places, each site belongs to the place after it, whatever the priority of the classes around."""
    at = stext.find(m.text)
    lo = stext.find(clause)
    if at < 0 or lo < 0 or not lo <= at <= lo + len(clause):
        return ""
    lead = stext[lo:at]
    return lead if _LEAD_RX.search(lead) else ""


def _fine_target(umbrella: str, view: SentenceView, lex: dict[str, Any], before: SentenceView | None = None) -> str:
    """The class to report for the model's umbrella class: the most specific energy class the sentence
    names, or "energy"; any other umbrella is its own class. "energy" needs a word of energy in the sentence
    or the one ``before`` it ("Ukraine hit energy sites in 15 regions. They are Belgorod, ..."): without one
    the model read it off the report's subject, an energy truce ("Odesa and Kyiv regions were also attacked
    overnight"), and the strike hit no named target: "other". Cross-validated (5 folds, incidents F1):
    0.775 -> 0.795, three reports right (a list of regions, a region of the front, air bases), none lost."""
    if umbrella != "energy":
        return umbrella
    energy = [(rx, c) for rx, c in lex["target_rx"] if c in _ENERGY]
    named = _classify(view.sent.text, energy, lex["priority"])
    if named is None and not any(_ENERGY_CUE.search(v.sent.text) or _first_class(v.sent.text, energy)
                                 for v in (view, before) if v is not None):
        return "other"
    return named or "energy"


#: how many sentences after a strike a word of homes may back the trained model's "residential" (data/incidents.yaml)
_HOMES_REACH = int(load("incidents")["homes_reach"])


def _homes_told(views: list[SentenceView], n: int, m: PlaceMention, lex: dict[str, Any]) -> bool:
    """Does the text say homes were hit at the place ``m`` of sentence ``n``: a word of homes in the sentence, the
    one before, or one of the next few up to the first naming another place ("Drones struck Kyiv. ... Fires broke
    out at a residential building")? The model reads the document's other attack sentences too, and took
    "residential" for a strike on a whole city whose report names no homes from homes hit elsewhere in it
    ("a missile strike on the city killed nine"; CONVENTIONS.md: a strike on a town with no target named is
    "other"). Cross-validated (5 folds, incidents F1): 0.791 -> 0.798, three reports right, none lost; the same
    check for every class the model gives (the sentence and one on each side) lost five reports for three."""
    homes = [(rx, c) for rx, c in lex["target_rx"] if c == "residential"]
    if any(_first_class(views[k].sent.text, homes) for k in (n - 1, n) if k >= 0):
        return True
    for k in range(n + 1, min(n + 1 + _HOMES_REACH, len(views))):
        if any(p.place.name != m.place.name for p in views[k].places):
            return False
        if _first_class(views[k].sent.text, homes):
            return True
    return False


#: words that tell a strike is about energy, beside the energy target phrases (data/incidents.yaml)
_ENERGY_CUE = words_rx(load("incidents")["energy_cues"])


#: how many sentences after a strike may tell what it hit, and the classes such a sentence may give it
#: (data/incidents.yaml)
_LATER_REACH = int(load("incidents")["later_reach"])
_LATER_CLASSES = frozenset(load("incidents")["later_classes"])


def _later_target(views: list[SentenceView], n: int, lex: dict[str, Any]) -> str | None:
    """What the strike of sentence ``n`` hit, told in one of the next few sentences that name no place of
    their own, across paragraphs (news gives a paragraph to a sentence): the first that has an attack or
    damage word and a target word tells it, if it names homes ("Drones struck the town. ... Five houses were
    damaged."). Other targets told after a strike on a whole town (a school, an ambulance) are what it also
    hit, not what it was. A sentence naming a place ends the search: its words are about that place.
    Cross-validated (5 folds, incidents F1): 0.677 -> 0.684 (three documents right, none lost); taking every
    class named after instead lost five for three (0.674); a reach of 5 sentences gave the same as 3."""
    for k in range(n + 1, min(n + 1 + _LATER_REACH, len(views))):
        v = views[k]
        if v.places:
            return None
        stext = v.sent.text
        if not (v.triggers or lex["damage_rx"].search(stext)):
            continue
        if _classify(stext, lex["target_rx"], lex["priority"]) is not None:
            return _classify(stext, [(rx, c) for rx, c in lex["target_rx"] if c in _LATER_CLASSES], lex["priority"])
    return None


def _unnamed_site(text: str, lex: dict[str, Any]) -> bool:
    """Does a sentence naming no target tell sites of no stated kind ("missiles were fired at facilities in the
    Kharkiv and Poltava regions")? They are those of the attack told just before, for each place it lists."""
    return bool(lex["generic_site_rx"].search(text))


def _own_places(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places but a region that only locates another of them ("the city of X in Y Oblast"): such a
    sentence tells one strike, and what it hit may be told after."""
    return [m for m in mentions if not (m.place.kind == "region" and m.place.admin1 and any(
        o is not m and o.place.kind != "region" and o.place.admin1 == m.place.admin1 for o in mentions))]


_WORD = re.compile(r"\w+")


def _weapons_makers(views: list[SentenceView], lex: dict[str, Any]) -> frozenset[str]:
    """The words of the document's sentences that tell of a plant making weapons ("the official said the target was
    the Northfield Instrument Works, which makes drones for the army"): a place among them is where the
    plant is, named as a place or in the plant's own name. Each sentence read once."""
    return frozenset(w.lower() for v in views if lex["weapons_maker_rx"].search(v.sent.text)
                     for w in _WORD.findall(v.sent.text))


def _weapons_plant(target: str, m: PlaceMention, makers: frozenset[str]) -> str:
    """An "industrial facility" or "enterprise" struck at a place where the text says a plant makes weapons is
    that weapons plant: `military` (CONVENTIONS.md: weapons plants), not civilian infrastructure."""
    words = [w.lower() for w in _WORD.findall(m.text)]
    if target == "civilian_infrastructure" and words and all(w in makers for w in words):
        return "military"
    return target
