"""Merging across documents: when two reports are the same actor, incident or agreement, and why.

The rules, each giving a sentence a person can read beside the merged item:

- **Actors** are one when they share a registry identity (a Wikidata id); people outside the registry
  are one by name; other actors outside it by kind, country and name.
- **Incidents** are one when they happened at the same place (same place name in the same country, or
  coordinates within ``PLACE_KM``), on the same day give or take ``INCIDENT_DAYS``, on targets of the
  same class (every energy sub-class is one class, "energy").
- **Agreements** are one when they have the same subject and the same parties (as countries where the
  parties have one).

This module holds the rules only; the store finds the candidates and records the reasons.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from truceline.models import ENERGY_TARGETS, Actor, Location

#: two incident reports a day apart can be the same strike (an overnight attack, time zones).
INCIDENT_DAYS = 1
#: two places closer than this are the same place when their names differ ("Sudzha" and its station).
PLACE_KM = 5.0


def normalise(name: str) -> str:
    """Case-folded, accents stripped, punctuation to spaces, single-spaced."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def actor_key(actor: Actor) -> str:
    """The identity under which an actor is stored once across documents."""
    if actor.wikidata:
        return f"wd:{actor.wikidata}"
    if actor.kind == "person":
        return f"person:{normalise(actor.name)}"
    return f"{actor.kind}:{actor.country or '-'}:{normalise(actor.name)}"


def actor_reason(actor: Actor) -> str:
    if actor.wikidata:
        return f"same registry identity (Wikidata {actor.wikidata})"
    if actor.kind == "person":
        return f"same person's name ({actor.name})"
    return f"same name, kind and country ({actor.name}, {actor.kind}, {actor.country or 'no country'})"


def target_class(target: str) -> str:
    """Energy sub-classes (power_grid, oil_gas ...) are one class: reports disagree on them."""
    return "energy" if target in ENERGY_TARGETS else target


@dataclass(frozen=True)
class IncidentKey:
    """What incident matching looks at."""

    date: dt.date | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    target_class: str


def incident_key(date: dt.date | None, location: Location | None, target: str) -> IncidentKey:
    if location is None:
        return IncidentKey(date, None, None, None, None, target_class(target))
    return IncidentKey(date, normalise(location.name) or None, location.country, location.lat, location.lon,
                       target_class(target))


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def incident_match(new: IncidentKey, old: IncidentKey) -> str | None:
    """Why ``new`` is the same incident as ``old``, or None when it is not.

    An incident without a date or a place is never merged: there is nothing to tell it from another.
    """
    if new.date is None or old.date is None or new.target_class != old.target_class:
        return None
    days = abs((new.date - old.date).days)
    if days > INCIDENT_DAYS:
        return None
    place = _same_place(new, old)
    if place is None:
        return None
    when = "same day" if days == 0 else f"{days} day apart ({old.date.isoformat()} and {new.date.isoformat()})"
    return f"{place}, {when}, same target class ({new.target_class})"


def _same_place(new: IncidentKey, old: IncidentKey) -> str | None:
    if new.place is None or old.place is None:
        return None
    if new.country and old.country and new.country != old.country:
        return None
    if new.place == old.place:
        return f"same place ({new.place}{', ' + new.country if new.country else ''})"
    if None not in (new.lat, new.lon, old.lat, old.lon):
        km = km_between(new.lat, new.lon, old.lat, old.lon)  # type: ignore[arg-type]
        if km <= PLACE_KM:
            return f"places {km:.1f} km apart ({old.place} and {new.place})"
    return None


def party_keys(parties: Iterable[str], actors: dict[str, Actor]) -> list[str]:
    """An agreement's parties as the sides it binds: countries where the actor has one."""
    keys = set()
    for ident in parties:
        actor = actors.get(ident)
        if actor is None:
            continue
        keys.add(actor.country or actor_key(actor))
    return sorted(keys)


def agreement_key(subject: str, parties: list[str]) -> str:
    return f"{subject}|{'+'.join(parties)}"


def agreement_reason(subject: str, parties: list[str]) -> str:
    return f"same subject ({subject}) and parties ({', '.join(parties) or 'none named'})"
