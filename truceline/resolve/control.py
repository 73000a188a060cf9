"""Who held a place, and when: ``held_by(location, date) -> "RUS" | "UKR" | None``.

The data (``data/control.yaml``, with its sources) lists the areas Russia has held in Ukraine since 2014
(Crimea and Sevastopol; Donetsk and Luhansk behind the 2015 line of contact; what it took in 2022 and
kept or lost: the south, the right bank of the Dnipro in Kherson region until 2022-11-11, eastern
Kharkiv region until September 2022, Luhansk region from July 2022) and the part of Russia's Kursk region
Ukraine held in 2024-2025, as polygons and as dated changes of hands of listed towns.

Order of precedence: the nearest listed settlement within its radius; else the last area whose polygon
holds the point (areas apply only to places in their own regions); else a rule for the whole region;
else the side of the place's own country (Ukraine or Russia), and None for any other country. A period
whose holder is ``null`` (fought over, or the sources disagree) answers None, and so does a place in a
partly held region without coordinates.

Incidents use it to infer the attacker from the place (``truceline.extract.incidents``): a strike on a
town Russia holds is, unless the text names the attacker, not Russia striking itself. A location without
coordinates is placed by its name when it is a listed settlement, else only whole-region rules apply.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..models import Location
from . import places

SIDES = ("RUS", "UKR")
#: regions held only in part at some time: without coordinates, a place there has no known holder
_PARTLY = frozenset({"UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-48", "UA-32", "UA-74", "UA-59", "RU-KRS"})

Periods = list[tuple[dt.date, str | None]]


@dataclass(frozen=True)
class Area:
    name: str
    admin1: frozenset[str]
    periods: tuple[tuple[dt.date, str | None], ...]
    polygon: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        """Ray casting over (lat, lon) vertices."""
        inside = False
        pts = self.polygon
        j = len(pts) - 1
        for i in range(len(pts)):
            yi, xi = pts[i]
            yj, xj = pts[j]
            if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside


@dataclass(frozen=True)
class Settlement:
    name: str
    admin1: str
    lat: float
    lon: float
    radius: float
    periods: tuple[tuple[dt.date, str | None], ...]


@dataclass(frozen=True)
class Control:
    regions: dict[str, tuple[tuple[dt.date, str | None], ...]]
    areas: tuple[Area, ...]
    settlements: tuple[Settlement, ...]


_UNSET = "unset"


def _at(periods: tuple[tuple[dt.date, str | None], ...], date: dt.date | None) -> str | None:
    """The holder of the period holding ``date`` (the last period when there is no date); ``_UNSET`` before
    the first period."""
    if date is None:
        return periods[-1][1] if periods else _UNSET
    holder: str | None = _UNSET
    for start, who in periods:
        if start <= date:
            holder = who
        else:
            break
    return holder


def _periods(raw: list[list[Any]]) -> tuple[tuple[dt.date, str | None], ...]:
    out = []
    for start, who in raw:
        day = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        if who not in (*SIDES, None):
            raise ValueError(f"control.yaml: holder must be RUS, UKR or null, not {who!r}")
        out.append((day, who))
    return tuple(sorted(out, key=lambda p: p[0]))


@functools.lru_cache(maxsize=1)
def control() -> Control:
    """The data, loaded once; each listed settlement placed by the gazetteer (its point in its region)."""
    text = resources.files("truceline.resolve").joinpath("data/control.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    regions = {r["admin1"]: _periods(r["periods"]) for r in raw.get("regions", [])}
    areas = tuple(Area(a["name"], frozenset(a["admin1"]), _periods(a["periods"]),
                       tuple((float(la), float(lo)) for la, lo in a["polygon"])) for a in raw.get("areas", []))
    settlements = []
    g = places.gazetteer()
    for s in raw.get("settlements", []):
        cands = [p for p, _ in g.candidates(s["name"], ("city",)) if p.admin1 == s["admin1"] and p.lat is not None]
        if not cands:
            raise ValueError(f"control.yaml: {s['name']} ({s['admin1']}) is not in the gazetteer")
        p = max(cands, key=lambda c: (c.coord == "point", c.population))
        assert p.lat is not None and p.lon is not None
        settlements.append(Settlement(s["name"], s["admin1"], p.lat, p.lon, float(s.get("radius", 5)),
                                      _periods(s["periods"])))
    return Control(regions, areas, tuple(settlements))


def held_by(location: Location | places.Place | None, date: dt.date | None = None) -> str | None:
    """Which side held the place on that day ("RUS", "UKR"), None when unknown, fought over or outside
    Ukraine and Russia. Without a date: the latest state the data knows."""
    if location is None:
        return None
    country, admin1 = location.country, location.admin1
    if country not in SIDES:
        return None
    lat, lon = location.lat, location.lon
    if location.precision == 3:
        lat = lon = None  # a whole region: its label point says nothing of who holds which part
    c = control()
    if lat is not None and lon is not None:
        near = [(places.km_between(lat, lon, s.lat, s.lon), s) for s in c.settlements if s.admin1 == admin1]
        near = [(d, s) for d, s in near if d <= s.radius]
        if near:  # the nearest listed settlement, when its periods cover the date
            who = _at(min(near, key=lambda x: x[0])[1].periods, date)
            if who != _UNSET:
                return who
        for area in reversed(c.areas):
            if admin1 in area.admin1 and area.contains(lat, lon):
                who = _at(area.periods, date)
                if who != _UNSET:
                    return who
    else:
        k = places.key(location.name)
        for s in c.settlements:
            if s.admin1 == admin1 and places.key(s.name) == k:
                who = _at(s.periods, date)
                if who != _UNSET:
                    return who
    if admin1 in c.regions:
        who = _at(c.regions[admin1], date)
        if who != _UNSET:
            return who
    if (lat is None or lon is None) and (admin1 is None or admin1 in _PARTLY):
        # a partly held region (or none known) and no point to place the place by
        if admin1 is None or any(admin1 in a.admin1 and _at(a.periods, date) != _UNSET for a in c.areas):
            return None
    return country
