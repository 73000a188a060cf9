"""The fields of an incident besides its place and target: its date, perpetrator, claimant and fatalities.

``_sentence_date`` is the date a sentence names; ``_perpetrator`` the side the text names as attacker, else
the other side of the one holding the place (``_holder``); ``_reporter``, ``_claimant`` and ``_source``
who reports a strike (``_unnamed`` for an unnamed official source); ``_fatalities`` how many were killed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..resolve import control, places
from . import dates
from .actors_in_text import actor_at, country_actor, speaker_of
from .incident_lexicon import lexicon
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from .analysis import Analysis
    from .incident_places import PlaceMention

# The two sides of the war this package watches: an attack on one is, unless the text says otherwise,
# an attack by the other.
OTHER_SIDE = {"UKR": "RUS", "RUS": "UKR"}
# Word lists (data/incidents.yaml says what each is for).
_WORDS = load("incidents")
_NUM: dict[str, int] = dict(_WORDS["numbers"])


def _sentence_date(a: Analysis, sent: SpacySpan) -> tuple[dt.date | None, int | None] | None:
    found = [d for d in dates.find_dates(sent.text, a.document.published, sent.start_char) if d.date is not None]
    if not found:
        return None
    d = found[0]
    return d.date, d.precision or 1


_ATTACKER_NOUNS: frozenset[str] = frozenset(_WORDS["attacker_nouns"])
_MILITARY_NOUNS: tuple[str, ...] = tuple(_WORDS["military_nouns"])
_ATTACKER_VERBS: tuple[str, ...] = tuple(_WORDS["attacker_verbs"])
_AGENT_VERBS: tuple[str, ...] = tuple(_WORDS["agent_verbs"])
_DEMONYMS: dict[str, str] = dict(_WORDS["demonyms"])


def _holder(a: Analysis, sent: SpacySpan, m: PlaceMention) -> str | None:
    """The side holding the place on the sentence's date (``resolve.control.held_by``), else the place's
    country; noted on the mention's place, so that the incident's location carries it."""
    day = _sentence_date(a, sent)
    date = day[0] if day is not None else a.document.published
    held = control.held_by(m.place, date)
    if isinstance(m.place, places.MentionedPlace):
        m.place = dataclasses.replace(m.place, held_by=held)
    return held or m.place.country


def _perpetrator(a: Analysis, sent: SpacySpan, m: PlaceMention) -> tuple[str | None, bool]:
    """The side named as attacker: subject of the attack verb, or a demonym on the weapon ("Russian
    drones"); else the other side of the side holding the place (a strike on a town Russia holds in
    Kherson region is not Russia striking itself), or of its country when no one knows who held it."""
    reg = a.actors.reg
    side = _holder(a, sent, m)
    # A side named as attacking a place it holds itself is taken only when no other attacker is named and
    # the place is in the other side's country ("Russian shelling damaged the Zaporizhzhia NPP").
    own_side: str | None = None
    for t in sent:
        word = t.lower_
        # "Russian drones", "Ukraine's forces", "Russian forces" (military actor when the registry has one)
        code = reg.demonym_country(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if code and code in OTHER_SIDE and (code != side or (code != m.place.country and own_side is None)):
            head = t.head if t.dep_ in ("amod", "compound", "poss", "nmod") else None
            if head is not None and head.lower_ in _ATTACKER_NOUNS:
                mil = a.actors.resolve(f"{t.text} {head.text}") if head.lower_ in _MILITARY_NOUNS else None
                actor = mil or country_actor(a, code)
                if code != side:
                    return actor, True
                own_side = actor
        if t.dep_ in ("nsubj",) and t.head.lemma_.lower() in _ATTACKER_VERBS:
            actor = actor_at(a, t)
            if actor:
                country = a.actors.get(actor).country
                if country in OTHER_SIDE and country != side:
                    return actor, True
                if country in OTHER_SIDE and country != m.place.country and own_side is None:
                    own_side = actor
        if word == "by" and t.head.lemma_.lower() in _AGENT_VERBS:
            for c in t.children:
                if c.dep_ == "pobj":
                    actor = actor_at(a, c)
                    if actor and a.actors.get(actor).country in OTHER_SIDE:
                        return actor, True
    if own_side is not None:
        return own_side, True
    return country_actor(a, OTHER_SIDE.get(side or "")), False


def _reporter(a: Analysis, sent: SpacySpan, m: PlaceMention) -> tuple[bool, str | None, set[str]]:
    """Who reports the strike on ``m``: the speaker of the statement whose content holds the place; with
    whether any statement's content lies in the sentence at all (a sentence can report one side's claim
    and, in the outlet's own words, another strike beside it), and the speakers who deny it there."""
    spoken = False
    deniers: set[str] = set()
    deny = set(lexicon()["deny"])
    for said in a.statement_cues:
        speaker = said.statement.speaker
        if not speaker or not any(s < sent.end_char and sent.start_char < e for s, e in said.content):
            continue
        spoken = True
        if any(s <= m.start < e for s, e in said.content):
            if (said.statement.cue or "") in deny:
                deniers.add(speaker)
                continue
            return True, speaker, deniers
    return spoken, None, deniers


def _source(a: Analysis, sent: SpacySpan, lex: dict[str, Any]) -> str | None:
    """The speaker of the first statement (not a denial) whose content lies in the sentence."""
    for said in a.statement_cues:
        speaker = said.statement.speaker
        if speaker and (said.statement.cue or "") not in lex["deny"] and \
                any(s < sent.end_char and sent.start_char < e for s, e in said.content):
            return speaker
    return None


def _claimant(a: Analysis, sent: SpacySpan, mentions: list[PlaceMention]) -> str | None:
    """Who reports the attack: a speaker of the sentence, else an unnamed official source."""
    for t in sent:
        if t.lemma_.lower() in lexicon()["report"] and t.pos_ in ("VERB", "AUX"):
            who = speaker_of(a, t)
            if who is None:
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                        who = actor_at(a, c if c.dep_ != "agent" else next(iter(c.children), c))
            if who:
                return who
    who = speaker_of(a, sent.root)
    if who:
        return who
    return _unnamed(a, sent, mentions)


def _unnamed(a: Analysis, sent: SpacySpan, mentions: list[PlaceMention]) -> str | None:
    """ "officials said", "the regional governor said": a government actor of the right country."""
    cues = lexicon()["unnamed"]
    low = sent.text.lower()
    if not re.search(r"\b(?:said|say|says|reported|reports|confirmed|according to|claimed|wrote)\b", low):
        return None
    for phrase in sorted(cues, key=len, reverse=True):
        mm = re.search(r"(?:\b([A-Z][a-z]+(?:'s)?)\s+)?\b" + re.escape(phrase) + r"\b", sent.text, re.IGNORECASE)
        if not mm:
            continue
        code = a.actors.reg.demonym_country(mm.group(1)) if mm.group(1) else None
        if code is None:
            code = next((m.place.country for m in mentions if m.place.country), None)
        if code is None:
            return None
        demonym = _DEMONYMS.get(code, code)
        return a.actors.new(f"{demonym} {cues[phrase].lower()}", "government", code, mm.group(0))
    return None


def _fatalities(text: str) -> int | None:
    counts = []
    for m in re.finditer(r"(?i)\b(?:killing|killed|kills)\s+(?:at\s+least\s+|up\s+to\s+|more\s+than\s+)?"
                         r"(\d+|[a-z]+)\b", text):
        counts.append(_number(m.group(1)))
    for m in re.finditer(r"(?i)\b(?:at\s+least\s+)?(\d+|[a-z]+)\s+(?:people|persons?|civilians?|men|women|"
                         r"children|residents)?\s*(?:were\s+|was\s+|have\s+been\s+)?(?:killed|dead|died)\b", text):
        counts.append(_number(m.group(1)))
    vals = [c for c in counts if c is not None]
    return min(vals) if vals else None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUM.get(word.lower())
