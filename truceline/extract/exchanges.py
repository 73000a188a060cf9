"""Exchanges of prisoners and of the dead, reported with or without anyone's move.

CONVENTIONS.md: a carried-out exchange is an agreement of subject ``prisoner_exchange`` between Russia and
Ukraine, ``in_force`` on the day it took place, ``agreed`` when only agreed or announced; an exchange of
bodies and one of prisoners are separate commitments, and so are exchanges on different days. News tells
exchanges mostly without a trigger of ANNOTATION.md ("390 Ukrainians returned home in the first stage of
the exchange"), so the acts alone miss them: this module reads the sentences for them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Agreement, Span
from . import dates
from .actors_in_text import country_actor
from .lexicons import load, words_rx

if TYPE_CHECKING:
    from .analysis import Analysis

_DATA = load("agreements")


def _stems(key: str) -> re.Pattern[str]:
    return words_rx(_DATA[key], whole=False)


EXCHANGE = _stems("exchange_words")
CAPTIVE = _stems("captive_words")
BODIES = _stems("bodies_words")
DONE = _stems("done_words")
AHEAD = _stems("ahead_words")
STALLED = _stems("stalled_words")
DEAD = _stems("dead_words")
DEAD_HANDOVER = _stems("dead_handover_words")
OFFERED = _stems("offered_words")
#: the text before a day that makes it the day of the deal or of the talks: "the deal struck on", "talks held in
#: Geneva on", "talks in Istanbul on", "the accord of"; a deal's noun beside a day of something else ("under the
#: deal 150 came home on Thursday") is not enough
_DEAL_NOUNS = "|".join(map(re.escape, _DATA["deal_day_nouns"]))
_DEAL_MADE = "|".join(map(re.escape, _DATA["deal_made_words"]))
_DEAL_DAY = re.compile(rf"\b(?:{_DEAL_NOUNS})\s+(?:(?:\S+\s+){{0,2}}?(?:{_DEAL_MADE})\s+)?(?:in\s+\S+\s+)?"
                       r"(?:(?:on|of)\s+)?$", re.IGNORECASE)


#: statuses read from the acts that a telling of the exchange carried out overrides (a side's offer of "more
#: exchanges" read as the proposal, a deal read as ended)
_SETTLED = ("agreed", "expired", "proposed")


@dataclass
class Exchange:
    bodies: bool
    date: dt.date | None
    done: bool
    stalled: bool
    evidence: Span
    #: only put forward, not agreed: "offered to hand over"
    offered: bool = False


def exchanges(a: Analysis) -> list[Exchange]:
    """Each sentence that reports a handing over of captives or of the dead, in reading order."""
    out = []
    for sent in a.doc.sents:
        text = sent.text
        if not _handover(text):
            continue
        # the day of the exchange, not the day its deal was struck ("after talks held in Geneva on Monday, the
        # sides swapped 200 captives on Thursday")
        found = [m for m in dates.find_days(text, a.document.published, sent.start_char)
                 if not _DEAL_DAY.search(a.document.text[max(sent.start_char, m.start - 60):m.start])]
        done = bool(DONE.search(text)) and not AHEAD.search(text)
        out.append(Exchange(bodies=bool(BODIES.search(text)), date=found[0].date if found else None, done=done,
                            stalled=bool(STALLED.search(text)), evidence=Span(sent.start_char, sent.end_char),
                            offered=bool(OFFERED.search(text))))
    return out


def _handover(text: str) -> bool:
    """The sentence reports a handing over of captives, or of the dead said without an exchange word."""
    return bool(EXCHANGE.search(text) and CAPTIVE.search(text)) or bool(DEAD.search(text) and
                                                                         DEAD_HANDOVER.search(text))


def exchange_agreements(a: Analysis, known: list[Agreement]) -> list[Agreement]:
    """Agreements for the exchanges the text reports beyond the ``known`` ones already made from acts: one
    per kind (prisoners, bodies) and day. A known one the text reports carried out is in force from then."""
    groups = _grouped(exchanges(a))
    for made, ((_, day), found) in zip(known, groups.items(), strict=False):
        if made.status == "agreed" and found[-1].stalled:
            made.status = "suspended"
        elif made.status in _SETTLED and any(x.done for x in found):
            # an exchange is in force on the day it took place, whatever day the deal was struck or read as
            # ending (CONVENTIONS.md): the day of the telling that says it was carried out
            made.status = "in_force"
            made.start = next((x.date for x in found if x.done and x.date), None) or day or made.start
    parties = [p for p in (country_actor(a, "RUS"), country_actor(a, "UKR")) if p]
    out = []
    for (_, day), found in list(groups.items())[len(known):]:
        for p in parties:
            a.actors.use(p)
        out.append(Agreement(subject="prisoner_exchange", parties=list(parties), scope=[], duration_days=None,
                             start=day, end=None, status=_status(found),
                             evidence=found[0].evidence))
    return out


def _grouped(found: list[Exchange]) -> dict[tuple[bool, dt.date | None], list[Exchange]]:
    """The exchanges told, by kind (prisoners, bodies) and day, in the order first told; a telling with no
    day joins the first dated one of its kind."""
    dated = {x.bodies: x.date for x in reversed(found) if x.date is not None}
    groups: dict[tuple[bool, dt.date | None], list[Exchange]] = {}
    for x in found:
        groups.setdefault((x.bodies, x.date or dated.get(x.bodies)), []).append(x)
    return groups


def _status(found: list[Exchange]) -> str:
    """Put off or stopped when the last telling says so; else in force once carried out, proposed when only
    offered, agreed before."""
    if found[-1].stalled:
        return "suspended"
    if any(x.done for x in found):
        return "in_force"
    return "proposed" if all(x.offered for x in found) else "agreed"
