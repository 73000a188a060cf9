"""Searching the gazetteer by name, for people choosing a place (the review forms' place picker).

:mod:`truceline.resolve.places` resolves a name found in a text, by the document's context; a reviewer
instead types the start of a name and picks one of the places that match. Each place found has a ``ref``
(its comparison key and its rank among the places sharing that key) that :func:`place` turns back into
the same place, so a form can send the choice rather than the name again.

    >>> [p.name for p in search("kharki")][:1]          # doctest: +SKIP
    ['Kharkiv']
"""
from __future__ import annotations

import bisect
import functools
import math

from ..models import Location
from .places import Place, gazetteer, key

#: What a kind of place weighs against a town's size (log10 of its population, halved): a region or a
#: named energy site ranks with a town of a million or of ten thousand people.
_KIND = {"region": 3.0, "area": 2.5, "site": 2.0, "country": 2.0, "city": 0.0}


@functools.lru_cache(maxsize=1)
def _keys() -> tuple[str, ...]:
    return tuple(sorted(gazetteer().by_key))


def ref(place: Place) -> str | None:
    """The place's reference (``"<key>|<rank>"``), None when the gazetteer does not hold it."""
    k = key(place.name)
    for n, (found, _) in enumerate(gazetteer().by_key.get(k, [])):
        if found is place:
            return f"{k}|{n}"
    return None


def place(reference: str) -> Place | None:
    """The place a :func:`ref` names, None when there is none (an old or made-up reference)."""
    k, _, rank = reference.rpartition("|")
    found = gazetteer().by_key.get(k, [])
    if not rank.isdigit() or int(rank) >= len(found):
        return None
    return found[int(rank)][0]


def search(text: str, limit: int = 10) -> list[tuple[str, Place]]:
    """Up to ``limit`` places whose name (or an alias) starts with ``text``, best first, each with its
    ref: whole-name matches first, then by weight (regions, named sites and big towns, places of the
    war's countries, a place's own name before an alias). Each place once, however many of its names
    match."""
    wanted = key(text)
    if not wanted:
        return []
    keys = _keys()
    at = bisect.bisect_left(keys, wanted)
    found: dict[int, tuple[tuple[float, ...], str, Place]] = {}
    # Prefix matches are adjacent in the sorted keys; a few thousand at most for two letters.
    for k in keys[at:at + 5000]:
        if not k.startswith(wanted):
            break
        for n, (candidate, primary) in enumerate(gazetteer().by_key[k]):
            weight = (_KIND.get(candidate.kind, 0.0) + math.log10(candidate.population + 1) / 2
                      + (1.0 if candidate.country in ("UKR", "RUS") else 0.0) + (0.5 if primary else 0.0))
            rank = (1.0 if k == wanted else 0.0, weight)
            previous = found.get(id(candidate))
            if previous is None or rank > previous[0]:
                found[id(candidate)] = (rank, f"{k}|{n}", candidate)
    best = sorted(found.values(), key=lambda hit: hit[0], reverse=True)[:limit]
    return [(reference, candidate) for _, reference, candidate in best]


def label(candidate: Place) -> str:
    """How a picker shows a place: ``"Kharkiv (city, UA-63, UKR)"``."""
    where = ", ".join(x for x in (candidate.kind, candidate.admin1, candidate.country) if x)
    return f"{candidate.name} ({where})"


def location(candidate: Place) -> Location:
    """The record's location for a chosen place."""
    return candidate.location()
