"""The rule both assessments share: which agreements bind, and each side's window and scope.

An agreement is known through *accounts*: what one source says of it (status, scope, start, end,
duration, and each side's own version where the source gives one). :func:`window` turns the accounts of
one agreement into an :class:`AgreementWindow`: the scope most sources state, and per party the start and
end most sources give for that side. The records-based assessment (``truceline.assess.assess``) and the
store-based one (``truceline.assess.stored``) both build their windows here, so the dashboard, the CLI and
the exports cannot disagree on what an agreement covers.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import ENERGY_TARGETS, TARGETS

#: Agreement statuses under which a strike can breach a commitment (a proposal binds no one).
BINDING = ("agreed", "in_force", "expired", "suspended")
#: What a commitment protects when the text does not say.
DEFAULT_SCOPE = {"energy_ceasefire": ["energy"], "full_ceasefire": list(TARGETS)}


@dataclass
class SideVersion:
    """One side's own account of the window, as one source reports it."""

    side: str
    start: dt.date | None
    end: dt.date | None
    duration_days: int | None = None


@dataclass
class Account:
    """What one source says of one agreement."""

    source: str
    status: str
    scope: list[str]
    start: dt.date | None
    end: dt.date | None
    duration_days: int | None
    versions: list[SideVersion] = field(default_factory=list)


@dataclass
class VersionWindow:
    by: str                      # ISO3 of the side whose account this is
    start: dt.date | None
    end: dt.date | None

    def contains(self, day: dt.date | None) -> bool:
        if day is None or self.start is None:
            return False
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class AgreementWindow:
    subject: str
    parties: list[str]
    scope: list[str]
    versions: list[VersionWindow]
    sources: list[str] = field(default_factory=list)

    def covers(self, target: str) -> bool:
        """Is a strike on ``target`` within the scope? "energy" covers every energy sub-class."""
        if target in self.scope:
            return True
        if target in ENERGY_TARGETS and "energy" in self.scope:
            return True
        return target == "energy" and any(t in ENERGY_TARGETS for t in self.scope)

    def covered_targets(self) -> list[str]:
        """Every target class :meth:`covers` (what a database query selects on)."""
        return [t for t in TARGETS if self.covers(t)]

    def inside(self, day: dt.date | None) -> list[str]:
        """The sides whose version of the window holds ``day``."""
        return [v.by for v in self.versions if v.contains(day)]


def binding(accounts: Iterable[Account]) -> list[Account]:
    return [a for a in accounts if a.status in BINDING]


def window(subject: str, parties: Iterable[str], accounts: list[Account]) -> AgreementWindow:
    """One agreement's window per side, from the binding accounts of it (callers filter with :func:`binding`)."""
    sides = sorted(set(parties))
    # the scope most sources state (one misread source must not widen it)
    scope = _usual_scope([a.scope for a in accounts]) or DEFAULT_SCOPE.get(subject, [])
    versions = []
    for side in sides:
        # A source that gives this side's own account outweighs any number that give one set of terms
        # for everyone: those are the side's version, the others only its default.
        told = [a for a in accounts if any(v.side == side and (v.start or v.end) for v in a.versions)]
        starts: list[dt.date] = []
        ends: list[dt.date] = []
        for a in told or accounts:
            own = [v for v in a.versions if v.side == side and (v.start or v.end)]
            start = own[0].start if own and own[0].start else a.start
            end = own[0].end if own and own[0].end else a.end
            days = (own[0].duration_days if own and own[0].duration_days else None) or a.duration_days
            if own and own[0].start and not own[0].end:
                end = None  # a side that counts from its own start counts the duration from it too
            if end is None and start is not None and days:
                end = start + dt.timedelta(days=days)
            if start:
                starts.append(start)
            if end:
                ends.append(end)
        versions.append(VersionWindow(side, _usual(starts), _usual(ends)))
    sources = list(dict.fromkeys(a.source for a in accounts))
    return AgreementWindow(subject, sides, list(scope), versions, sources)


def choose_version(inside: list[str], claimants: Iterable[str | None], accused: str) -> str:
    """The version an alleged violation is named by: the alleging side's, else the accused's, else the first."""
    for side in [*claimants, accused]:
        if side in inside:
            return side
    return inside[0]


def _usual_scope(scopes: list[list[str]]) -> list[str]:
    """The scope most sources state; among equals, the narrower."""
    counts: Counter[tuple[str, ...]] = Counter(tuple(sorted(set(s))) for s in scopes if s)
    if not counts:
        return []
    best: tuple[str, ...] = min(counts, key=lambda k: (-counts[k], len(k)))
    return list(best)


def _usual(days: list[dt.date]) -> dt.date | None:
    """The date most sources give; among equals, the earliest."""
    if not days:
        return None
    counts = Counter(days)
    return min(counts, key=lambda d: (-counts[d], d))
