"""Merging across documents: when two reports are the same actor, incident or agreement, and why.

The rules, each giving a sentence a person can read beside the merged item:

- **Actors** are one when they share a registry identity (a Wikidata id); people outside the registry
  are one by name; other actors outside it by kind, country and name.
- **Incidents** are one when they happened at the same place (same place name in the same country, or
  coordinates within ``PLACE_KM``), on the same day give or take ``INCIDENT_DAYS``, on targets of the
  same class (every energy sub-class is one class, "energy").
- **Agreements** are one commitment when they have the same subject, bind the same sides and start (or,
  undated, are reported) within ``same_commitment_days`` of each other. For a ceasefire or an exchange the
  bound sides are the belligerents (``data/sides.yaml``); any other party named with it is a mediator or
  guarantor, recorded apart. A commitment binding fewer than two sides (a unilateral truce, a sanctions
  package) is kept as a *commitment*, not an agreement.

This module holds the rules only; the store finds the candidates and records the reasons.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


@functools.lru_cache(maxsize=1)
def _sides() -> dict[str, Any]:
    path = Path(__file__).parent / "data" / "sides.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Sides:
    """An agreement report's parties split into the sides it binds and those who broker or guarantee it."""

    bound: list[str]
    mediators: list[str]

    @property
    def kind(self) -> str:
        """``agreement`` when it binds two sides or more, else a one-sided ``commitment``."""
        return "agreement" if len(self.bound) >= 2 else "commitment"


def split_sides(subject: str, parties: list[str]) -> Sides:
    """``parties`` (party keys, see :func:`party_keys`) as bound sides and mediators.

    >>> split_sides("energy_ceasefire", ["RUS", "UKR", "USA"])
    Sides(bound=['RUS', 'UKR'], mediators=['USA'])
    >>> split_sides("sanctions", ["USA", "RUS"])
    Sides(bound=['RUS', 'USA'], mediators=[])
    """
    data = _sides()
    keys = sorted(set(parties))
    if subject not in data["between_belligerents"]:
        return Sides(keys, [])
    fighting = set(data["belligerents"])
    bound = [k for k in keys if k in fighting]
    if not bound:  # a report naming only the brokers of a ceasefire still concerns the war's sides
        return Sides(keys, [])
    return Sides(bound, [k for k in keys if k not in fighting])


#: two reported starts of one truce may differ by this much (sides date a truce from the call, the
#: announcement or the first night without strikes)
START_DAYS = 10


def commitment_match(new_anchor: dt.date | None, old_start: dt.date | None, old_first: dt.date | None,
                     old_last: dt.date | None, old_end: dt.date | None = None,
                     new_start: dt.date | None = None) -> str | None:
    """Why a report continues a stored commitment, or None when it does not.

    The report gives ``new_start`` (or none) and is anchored at ``new_anchor`` (its start, else its
    publication); the commitment started ``old_start``, ends ``old_end`` and was reported from ``old_first``
    to ``old_last``. Undated reports continue the newest commitment of their subject and sides.
    """
    days = int(_sides()["same_commitment_days"])
    if new_anchor is None:
        return "an undated report joins the newest commitment of its subject and sides"
    if new_start is not None and old_start is not None:
        # both dated: a start more than START_DAYS apart is another truce (a holiday truce declared again)
        if abs((new_start - old_start).days) <= START_DAYS:
            return f"starts within {START_DAYS} days of it ({old_start.isoformat()})"
        return None
    known = [d for d in (old_start, old_first) if d is not None]
    later = [d for d in (old_last, old_end) if d is not None]
    if not known or not later:
        return "the stored commitment has no date"
    first, last = min(known), max(later)
    if first - dt.timedelta(days=days) <= new_anchor <= last + dt.timedelta(days=days):
        return f"within {days} days of its span ({first.isoformat()} to {last.isoformat()})"
    return None


def condition_key(by: Any, text: str) -> tuple[Any, str]:
    """Conditions are one when the same side sets them in the same words (case, spacing, punctuation aside)."""
    return by, normalise(text)


def dedupe_conditions(conditions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each condition once, in first-seen order, with ``reports``: how many reports gave it."""
    out: dict[tuple[Any, str], dict[str, Any]] = {}
    for c in conditions:
        key = condition_key(c.get("by"), str(c.get("text", "")))
        if key in out:
            out[key]["reports"] += 1
        else:
            out[key] = {**c, "reports": 1}
    return list(out.values())


@dataclass(frozen=True)
class ReportStatus:
    """What one report says of a commitment's state."""

    published: dt.date | None
    status: str
    end: dt.date | None = None


def derive_status(reports: list[ReportStatus]) -> tuple[str, str]:
    """A commitment's status from its reports, and the reason in words.

    The newest dated report decides (an undated report only when none is dated); an agreement said to be
    in force whose reported end has passed by that report's date is ``expired``.
    """
    if not reports:
        return "proposed", "no report"
    dated = [r for r in reports if r.published is not None]
    if not dated:
        return reports[-1].status, "no report is dated: the last one stored"
    newest = max(dated, key=lambda r: r.published)  # type: ignore[arg-type, return-value]
    ends = [r.end for r in reports if r.end is not None]
    assert newest.published is not None
    if newest.status == "in_force" and ends and max(ends) < newest.published:
        return "expired", (f"reported in force, but its end ({max(ends).isoformat()}) had passed by the newest "
                           f"report ({newest.published.isoformat()})")
    return newest.status, f"the newest dated report ({newest.published.isoformat()}) says {newest.status}"
