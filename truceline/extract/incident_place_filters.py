"""The places a sentence names that are not where a strike fell, for :mod:`.incident_places`.

``is_office`` reads a name as an office, an actor or part of a longer name ("Kharkiv's mayor", "Kyiv
refused"); ``not_where_hit`` reads a place's mention as an agent ("Moscow said"), a speaker, an addressee,
a launch point, airspace, a reference point ("a city northeast of Kyiv"), a route's end or where leaders met.
Both work on the text and its parse only, so that place finding can ask them about any mention.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..resolve import places
from .incident_lexicon import lexicon
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

# Word lists (data/incidents.yaml and incident_cues.yaml say what each is for).
_WORDS = load("incidents")
_CUES = load("incident_cues")
_REF = load("place_filters")
_PLACE_PREPS: frozenset[str] = frozenset(_WORDS["place_preps"])
_OFFICE_SKIP: tuple[str, ...] = tuple(_CUES["office_skip"])


def is_office(span: SpacySpan, a: Analysis) -> bool:
    """ "Kharkiv's mayor", "the Kursk governor", "from Kursk region": the place is not where the attack hit."""
    heads = set(lexicon()["office_heads"])
    after = span.doc[span.end:span.end + 3]
    for t in after:
        if t.lower_ in _OFFICE_SKIP:
            continue
        if t.lower_ in heads:
            return True
        break
    root = span.root
    if root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.lower_ in heads:
        return True
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and before.lower_ == "from":
        return True
    if span.text.isupper():
        return True  # an acronym ("UK") or a dateline ("KYIV (Reuters) -")
    if span.end < len(span.doc) and span.doc[span.end].pos_ == "PROPN" and span.doc[span.end].text[:1].isupper() \
            and span.doc[span.end].lower_ not in places.REGION_WORDS:
        return True  # the first word of a longer name ("Artem Kobzar")
    entry = a.actors.reg.lookup(span.text)
    if entry is not None and entry.kind in ("government", "country"):
        # a capital that can stand for its government ("Kyiv refused", "Moscow's acceptance") is a
        # place only where the syntax makes it one: after a place preposition or as what was hit
        if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
            return False
        if _after_place_noun(span):
            return False  # "the Ukrainian capital, Kyiv", "the capital Kiev": named as a place
        return not (root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in lexicon()["attack"])
    return False


#: nouns that name what a capital is as a place ("the Ukrainian capital, Kyiv"), read by is_office
_PLACE_NOUNS: frozenset[str] = frozenset(_WORDS["place_nouns"])


def _after_place_noun(span: SpacySpan) -> bool:
    """Is the name put as a place by a noun just before it ("the capital Kiev", "the Ukrainian capital, Kyiv"),
    whatever the parse makes of the two?"""
    lo = span.sent.start
    prev = span.doc[span.start - 1] if span.start > lo else None
    if prev is not None and prev.text == "," and span.start - 1 > lo:
        prev = span.doc[span.start - 2]
    if prev is None or prev.lower_ not in _PLACE_NOUNS:
        return False
    # "a train heading from Shostka to the capital, Kyiv": where something went, not where it was hit
    lead = span.doc[max(lo, prev.i - 3):prev.i]
    return not any(t.lower_ in _PASSING_PREPS for t in lead)


#: prepositions of a route: a capital after them is where something went or came from
_PASSING_PREPS = frozenset({"to", "from", "toward", "towards"})


def not_where_hit(a: Analysis, start: int, end: int, region: bool) -> bool:
    """Is the place named at text[start:end] (a region or not) an agent, an addressee, a speaker, a launch
    point or airspace rather than where something was hit? A capital used as an agent ("Moscow said") is
    an actor, not a place."""
    agents = [m for m in a.mentions if m.agent and m.source == "metonym"]
    return any(x.start <= start < x.end for x in agents) or _addressee(a, start, end) \
        or _speaker(a, start, end, region) or _not_hit_there(a, start)


# "missiles launched from aircraft in the Vologda region": the place an attack came from; "drones in the skies
# over the Kyiv, Zhytomyr and Sumy regions": where they flew. Neither is where something was hit. Between the
# cue and the place: no word that turns to the target ("on", "at", "targeting").
_LIST_TAIL = r"(?:\s*(?:,|\band\b)?\s*(?:the\s+)?[A-Z][\w'\u2019-]+)*\s*,?\s*(?:and\s+)?(?:the\s+)?$"
_TURN = r"(?!\b(?:on|at|against|into|toward|towards|targeting|hitting|striking|struck|hit)\b)[^;:.]"
_FROM_RX = re.compile(r"(?i)\b(?:" + "|".join(_CUES["launch_verbs"]) + rf")\b(?:{_TURN})*?\bfrom\b(?:{_TURN}){{0,60}}$")
_OVER_RX = re.compile(r"\b(?:" + "|".join(_CUES["airspace_nouns"]) + r")\s+(?:over|above)\b" + _LIST_TAIL)


def _not_hit_there(a: Analysis, start: int) -> bool:
    line = a.document.text[max(0, start - 160):start]
    line = line[line.rfind("\n") + 1:]
    before = line[line.rfind(". ") + 1:]
    return bool(_FROM_RX.search(before) or _OVER_RX.search(before) or _reference_point(before)
                or _TRAIN_NAME_RX.search(line))


def _alts(words: list[str]) -> str:
    """One alternation of a word list (data/place_filters.yaml), longest first, a space for any spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# A place that situates another ("Shostka, a city northeast of Kyiv", "10 kilometres from Dnipro") or ends
# the route of a vehicle ("a train travelling from Odesa to Zaporizhzhia", "the bus between X and Y") is
# named for where something else is, not where a strike fell. "the south of Moscow" is part of the city.
# Cross-validated (5 folds, incidents F1): 0.691 -> 0.694, four spurious strikes fewer in four documents.
_PLACE_LEAD = (r"(?:the\s+)?(?:[\w'\u2019-]+\s+){0,2}?"
               r"(?:(?:city|town|village|settlement|capital|cities|towns|villages)\s*(?:of\s+|,\s*)?)?$")
_COMPASS_RX = re.compile(rf"(?i)(?<!\bthe\s)\b(?:{_alts(_REF['compass'])})\s+of\s+{_PLACE_LEAD}")
_DISTANCE_RX = re.compile(rf"(?i)\b(?:\d[\d,.]*\s*|\d[\d,.]*\s+)(?:{_alts(_REF['distance_units'])})\b\)?"
                          rf"(?:\s*\([^)]*\))?\s+(?:away\s+)?from\s+{_PLACE_LEAD}")
_ROUTE_RX = re.compile(rf"(?i)\b(?:{_alts(_REF['route_words'])})\b[^.;:]{{0,40}}\b(?:from|between)\s+"
                       rf"(?:(?:the\s+)?[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?\s+(?:to|and)\s+)?{_PLACE_LEAD}")


#: a train named by its route ("train No. 45 Kharkiv-Uzhhorod"): the places are its ends, not where it was hit
_TRAIN_NAME_RX = re.compile(r"(?i)\b(?:train|No\.)\s*(?:No\.\s*)?\d+\s+(?:[A-Z][\w'\u2019]+[-\u2013]\s*)?$")


#: where leaders met or talks were held: a meeting word, then "in" the place, no strike word between
#: (incidents F1 0.706 -> 0.708, two spurious strikes fewer)
_MEETING_RX = re.compile(rf"(?i)\b(?:{_alts(_REF['meeting_words'])})\b"
                         r"(?:(?!\b(?:strik|struck|attack|hit|shell|bomb|drone|missile))[^.;:]){0,60}\bin\s+(?:the\s+)?$")


def _reference_point(before: str) -> bool:
    """Does the text just before a place make it a reference point, a route's end or where leaders met?"""
    return bool(_COMPASS_RX.search(before) or _DISTANCE_RX.search(before) or _ROUTE_RX.search(before)
                or _MEETING_RX.search(before))


# A name that is the subject of a verb of saying ("Kobzar announced", "Tykhyi emphasised") is a person or a
# government speaking, not where a strike fell: spelt like a village, a surname resolves as one.
_SPEAKER_VERBS: frozenset[str] = frozenset(_CUES["speaker_verbs"])


def _root(a: Analysis, start: int, end: int) -> Token | None:
    """The parse's head word of the place's mention."""
    span = a.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None else None


def _speaker(a: Analysis, start: int, end: int, region: bool) -> bool:
    tok = _root(a, start, end)
    if tok is None:
        return False
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SPEAKER_VERBS and not region


# A place named as the one spoken to ("called on Washington to ...") is an addressee, not where a strike fell.
_ADDRESSEE_HEADS: frozenset[str] = frozenset(_CUES["addressee_heads"])


def _addressee(a: Analysis, start: int, end: int) -> bool:
    tok = _root(a, start, end)
    if tok is None:
        return False
    head = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
    return tok.dep_ in ("dobj", "pobj", "dative") and head.lemma_ in _ADDRESSEE_HEADS
