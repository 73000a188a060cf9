"""When a commitment runs, for the agreements stage: the start and end its sentences state ("starting March 18",
"from midnight on May 8 until midnight on May 11"), a window opened on the day of the report ("has begun"), and
each side's own dating of it (versions: "Kyiv counts the truce from March 25").

Word lists: data/agreements.yaml (reckon, start_now, to_begin_aux, truce_nouns).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..models import Act, Span, Version
from . import dates
from .actors_in_text import actor_at, country_of
from .lexicons import load
from .subjects import CEASEFIRES, subject_of, targets_of

if TYPE_CHECKING:
    from .analysis import Analysis

#: The warring sides a ceasefire binds, by ISO 3166-1 alpha-3.
WARRING = ("RUS", "UKR")
_WORDS = load("agreements")

#: a time of day between a cue and its date: "from midnight on May 8", "until 00:00 (2100 GMT) on May 11"
_CLOCK = (r"(?:\s+(?:at\s+)?(?:midnight|noon|\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?)"
          r"(?:\s+(?:Moscow|Kyiv|local)\s+time)?(?:\s*\([^)]{0,30}\))?(?:\s+on)?)?")
START = re.compile(r"\b(?:start(?:ing|s|ed)?|begin(?:ning|s)?|began|begun|from|since|effective|"
                   r"(?:came|come|comes|went|go|goes)\s+into\s+(?:effect|force)|"
                   r"(?:took|take|takes)\s+effect|in\s+effect\s+since|in\s+force\s+since|as\s+of)" + _CLOCK +
                   # "begin on Monday, May 12", "start on the midnight of May 8"; the participle too ("the swap
                   # has begun on June 6"), whose date is the opening, not the report's day
                   r"(?:\s+on)?(?:\s+the\s+(?:midnight|night|evening|morning)\s+of)?"
                   r"(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?)?\s*$",
                   re.IGNORECASE)
#: after a date, the end of a window it opens: "on May 8-10", "from 18:00 on 19 April to 00:00 on 21 April"
_RANGE = re.compile(r"^(?:\s*[-–]\s*\d{1,2}\b|\s+(?:to|until|till|through)\s+(?:\S+\s+){0,4}?"
                    r"(?:\d{1,2}\b|midnight|noon))", re.IGNORECASE)
END = re.compile(r"\b(?:until|till|through|expir(?:es|ed|ing|e)|end(?:s|ed)?|ending|runs?\s+out)" + _CLOCK +
                 r"\s+(?:on\s+)?$", re.IGNORECASE)


#: Verbs by which a side states its own reckoning of a window: "Kyiv counts the truce from March 25".
RECKON: tuple[str, ...] = tuple(_WORDS["reckon"])
_FROM = re.compile(r"\b(?:from|since|starting|beginning)\s*$", re.IGNORECASE)


def stated(a: Analysis, sentences: list[Span], cue: re.Pattern[str], after: dt.date | None = None) -> dt.date | None:
    """A date introduced by a start (or end) cue in one of the sentences: "starting March 18"; ``after``: the
    start, which an end read from a bare weekday cannot precede."""
    text = a.document.text
    for s in sentences:
        for m in dates.find_dates(text[s.start:s.end], a.document.published, s.start):
            if m.date is None or m.precision != 1:
                continue
            before = text[max(s.start, m.start - 60):m.start]
            if cue.search(before.rstrip() + " " if cue is END else before.rstrip()):
                return _ahead(a, m, before, after)
            if cue is START and _RANGE.search(text[m.end:min(s.end, m.end + 40)]):
                return m.date
    return None


#: a start said as the moment of speaking: "a full ceasefire, starting now", "effective immediately"
_NOW = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS["start_now"]) + r")\b", re.IGNORECASE)


def starts_now(a: Analysis, sentences: list[Span]) -> dt.date | None:
    """The day of the report when a sentence opens the window at the moment of speaking, else nothing."""
    text = a.document.text
    return a.document.published if any(_NOW.search(text[s.start:s.end]) for s in sentences) else None


#: a window opening on the day of the report, said without a date
BEGUN = re.compile(r"\b(?:has|have)\s+(?:now\s+|officially\s+)?(?:begun|started|come\s+into\s+(?:effect|force)|"
                   r"taken\s+effect|entered\s+into\s+force)\b|\b(?:began|started|took\s+effect)\s+today\b",
                   re.IGNORECASE)
#: a start still to come: "wants the ceasefire to begin Monday", "should take effect on Friday"
_TO_COME = re.compile(r"\b(?:begin|start|take\s+effect|come\s+into\s+(?:effect|force)|go\s+into\s+(?:effect|force))"
                      r"(?:\s+on)?\s*$", re.IGNORECASE)


#: a window still to open, said of the truce itself: "the truce will begin at 6 p.m.", "a ceasefire declared by
#: Putin is set to begin"
_TRUCE_NOUNS = "|".join(w.replace(" ", r"\s+") for w in _WORDS["truce_nouns"])
_TO_BEGIN_AUX = "|".join(w.replace(" ", r"\s+") for w in _WORDS["to_begin_aux"])
YET_TO_BEGIN = re.compile(r"\b(?:" + _TRUCE_NOUNS + r")\s+(?:\S+\s+){0,8}?(?:" + _TO_BEGIN_AUX +
                          r")\s+(?:begin|start|take\s+effect|come\s+into\s+(?:effect|force))\b", re.IGNORECASE)


def _ahead(a: Analysis, m: dates.DateMention, before: str, after: dt.date | None = None) -> dt.date | None:
    """The date a cue introduces; a bare weekday after a start still to come is the next one, not the last
    (dates read a bare weekday as past, as most news uses it), and so is one that would end a window before its
    start ("from 6 p.m. Saturday until midnight Sunday")."""
    pub = a.document.published
    bare = not any(c.isdigit() for c in m.text) and not re.search(r"\b(?:last|past|yesterday)\b", m.text, re.IGNORECASE)
    if m.date is not None and pub is not None and m.date < pub and bare and _TO_COME.search(before.rstrip()):
        return m.date + dt.timedelta(days=7)
    if m.date is not None and after is not None and m.date < after and bare:
        return m.date + dt.timedelta(days=7)
    return m.date


def versions(a: Analysis, subject: str, defining: list[Act]) -> list[Version]:
    """Each side's account, only when sides describe the scope differently."""
    if subject not in CEASEFIRES:
        return []
    by_side: dict[str, Version] = {}
    for x in defining:
        if x.type not in ("agree", "halt"):
            continue
        side = country_of(a, x.actor)
        if not side or side in by_side:
            continue
        terms = a.document.text[x.evidence.start:x.evidence.end].strip()
        by_side[side] = Version(by=x.actor, terms=terms, evidence=x.evidence, scope=targets_of(terms),
                                start=x.date)
    for version in _reckonings(a, subject):
        # A side's own dating of the window is its version, whatever act the side was also reported in.
        side = country_of(a, version.by)
        if side:
            if side in by_side and not version.scope:
                version.scope = by_side[side].scope
            by_side[side] = version
    versions = list(by_side.values())
    scopes = {tuple(sorted(set(v.scope))) for v in versions if v.scope}
    starts = {v.start for v in versions if v.start}
    ends = {v.end for v in versions if v.end}
    if len(versions) > 1 and (len(scopes) > 1 or len(starts) > 1 or len(ends) > 1):
        return versions
    return []


def _reckonings(a: Analysis, subject: str) -> list[Version]:
    """Sides dating the window themselves: "Moscow counts the pause from March 18 ... Kyiv counts it from
    March 25 and says it holds until April 24". A sentence counts for ``subject`` when it names it, or names
    no commitment at all in a document about only this ceasefire."""
    text = a.document.text
    named = {x.subject for x in a.acts if x.subject in CEASEFIRES}
    out = []
    for sent in a.doc.sents:
        for verb in (t for t in sent if t.lemma_.lower() in RECKON and t.pos_ == "VERB"):
            # What is counted is the verb's object ("the pause", "it"), not whatever else the sentence names.
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            about = subject_of(text[obj.left_edge.idx:obj.right_edge.idx + len(obj.right_edge)]) if obj is not None \
                else subject_of(sent.text)
            if about != subject and not (about is None and named == {subject}):
                continue
            who = next((actor_at(a, c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if who is None or country_of(a, who) not in WARRING + ("USA",):
                continue
            start = end = None
            for m in dates.find_dates(sent.text, a.document.published, sent.start_char):
                if m.date is None or m.precision != 1:
                    continue
                before = text[max(sent.start_char, m.start - 30):m.start]
                if start is None and _FROM.search(before.rstrip()):
                    start = m.date
                elif end is None and END.search(before.rstrip() + " "):
                    end = m.date
            if start is not None:
                terms = sent.text.strip()
                out.append(Version(by=who, terms=terms, evidence=Span(sent.start_char, sent.end_char),
                                   scope=targets_of(terms), start=start, end=end))
    return out
