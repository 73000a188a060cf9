"""Places: an offline gazetteer (data) and name resolution by the document's context.

Data in ``data/`` (built by ``scripts/build_gazetteer.py``, sources in each file's header):
``regions.csv`` (first-level regions by ISO 3166-2, and areas such as the Donbas), ``places.tsv.gz``
(GeoNames towns) and ``energy_sites.csv`` (named plants, refineries and stations with their target
class). Everything loads lazily, once per process.

An ambiguous name is resolved by context, not by population alone: a :class:`Context` carries the
countries and regions the document has already placed itself in, and a candidate inside them wins.
"""
from __future__ import annotations

import csv
import functools
import gzip
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pycountry

from ..models import Location

#: Countries whose towns were kept down to 500 inhabitants: the war's own geography.
HOME = ("UKR", "RUS")

# Words after a name that make it a region ("Kursk region", "Sumy Oblast", "Krasnodar Krai").
REGION_WORDS = ("region", "regions", "oblast", "oblasts", "province", "provinces", "krai", "kray", "territory",
                "republic", "district")
#: First-level codes that are cities: a bare "X region" means the region around them.
CITY_REGIONS = ("UA-30", "UA-40", "RU-MOW", "RU-SPE")
_REGION_WORD_TITLES = ("Region", "Oblast", "Krai", "Province", "Territory")


def key(name: str) -> str:
    """Comparison key: no diacritics or apostrophes, lower case, hyphens and spaces alike."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2019\u02bc`]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@dataclass(frozen=True)
class Place:
    name: str
    kind: str                     # city | region | area | site | country
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    target: str | None = None     # for energy sites: the incident target class
    aliases: tuple[str, ...] = ()

    @property
    def precision(self) -> int:
        """RECORDS.md location precision: 1 a named place, 3 a whole region or country."""
        return 3 if self.kind in ("region", "area", "country") else 1

    def location(self, name: str | None = None, precision: int | None = None) -> Location:
        return Location(name=name or self.name, country=self.country, admin1=self.admin1, lat=self.lat,
                        lon=self.lon, precision=precision or self.precision)


@dataclass
class Context:
    """Where the document is: countries and regions already named in it, most recent last."""

    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    def add(self, place: Place) -> None:
        if place.country:
            self.countries.append(place.country)
        if place.admin1:
            self.regions.append(place.admin1)


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("truceline.resolve").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


def _float(s: str) -> float | None:
    return float(s) if s else None


class Gazetteer:
    """Name -> candidate places, for towns, regions, areas, energy sites and countries."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.by_key: dict[str, list[tuple[Place, bool]]] = {}
        self.regions: dict[str, Place] = {}
        for p in places:
            if p.kind == "region" and p.admin1:
                self.regions[p.admin1] = p
            self._add(p.name, p, True)
            for a in p.aliases:
                self._add(a, p, False)

    def _add(self, name: str, place: Place, primary: bool) -> None:
        k = key(name)
        if k:
            self.by_key.setdefault(k, []).append((place, primary))

    def candidates(self, name: str, kinds: Iterable[str] | None = None) -> list[tuple[Place, bool]]:
        found = self.by_key.get(key(name), [])
        if kinds is None:
            return found
        wanted = set(kinds)
        return [(p, prim) for p, prim in found if p.kind in wanted]

    def lookup(self, name: str, context: Context | None = None, kinds: Iterable[str] | None = None) -> Place | None:
        """The best place of that name, given where the document is."""
        found = self.candidates(name, kinds)
        if not found:
            return None
        ctx = context or Context()
        return max(found, key=lambda c: _rank(c[0], c[1], ctx))[0]

    def region(self, name: str, context: Context | None = None) -> Place | None:
        """A first-level region (or area) by name: "Kursk", "Sumy Oblast", "the Donbas"."""
        name = re.sub(r"(?i)\s+(" + "|".join(REGION_WORDS) + r")$", "", name.strip())
        found = self.candidates(name, ("region", "area"))
        # "Kyiv region" is the oblast around the city, not the city's own ISO 3166-2 code
        wider = [c for c in found if c[0].admin1 not in CITY_REGIONS]
        if not wider:
            return self.lookup(name, context, kinds=("region", "area"))
        ctx = context or Context()
        return max(wider, key=lambda c: _rank(c[0], c[1], ctx))[0]

    def region_by_code(self, code: str) -> Place | None:
        return self.regions.get(code)


def _rank(place: Place, primary: bool, ctx: Context) -> tuple[float, ...]:
    # Context first (a region named in the document, then its countries, most recent weighing more),
    # then the kind and whether the name is the place's own, and only then its size.
    in_region = 0.0
    if place.admin1 and place.admin1 in ctx.regions:
        in_region = 1.0 + ctx.regions[::-1].index(place.admin1) * -0.01
    in_country = 0.0
    if place.country and place.country in ctx.countries:
        in_country = 1.0 + ctx.countries[::-1].index(place.country) * -0.01
    kind = {"site": 4, "city": 3, "area": 2, "region": 2, "country": 1}[place.kind]
    home = 1.0 if place.country in HOME else 0.0
    size = math.log10(place.population + 1)
    return (in_region + in_country + home * 0.5 + (0.3 if primary else 0.0) + size / 8.0, kind)


def _load_places() -> list[Place]:
    out: list[Place] = []
    for r in _read_csv("regions.csv"):
        out.append(Place(name=r["name"], kind="region" if r["code"] else "area", country=r["country"] or None,
                         admin1=r["code"] or None, lat=_float(r["lat"]), lon=_float(r["lon"]),
                         aliases=tuple(a for a in r["aliases"].split("|") if a)))
    for r in _read_csv("energy_sites.csv"):
        out.append(Place(name=r["name"], kind="site", country=r["country"], admin1=r["admin1"] or None,
                         lat=_float(r["lat"]), lon=_float(r["lon"]), target=r["target"],
                         aliases=tuple(a for a in r["aliases"].split("|") if a)))
    raw = resources.files("truceline.resolve").joinpath("data/places.tsv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("name\t"):
                continue
            name, alts, country, admin1, lat, lon, pop, _gid = line.rstrip("\n").split("\t")
            out.append(Place(name=name, kind="city", country=country, admin1=admin1 or None, lat=float(lat),
                             lon=float(lon), population=int(pop or 0),
                             aliases=tuple(a for a in alts.split("|") if a)))
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        out.append(Place(name=getattr(c, "common_name", c.name), kind="country", country=c.alpha_3,
                         aliases=tuple(sorted(names))))
    return out


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(_load_places())


def lookup(name: str, context: Context | None = None) -> Place | None:
    """Shortcut: ``lookup("Kharkov")`` -> the Ukrainian city of Kharkiv."""
    return gazetteer().lookup(name, context)


# ---------------------------------------------------------------- spaCy entity-ruler patterns

#: Towns in HOME countries at or above this population get entity-ruler patterns.
PATTERN_MIN_POPULATION = 15_000
_STOP = {"many", "most", "union", "victory", "progress", "pioneer", "october", "may", "mir", "bor", "ob",
         "zima", "kirov", "lenin", "peace", "sun", "energy", "nice", "reading", "mobile", "along", "globe",
         # towns named like people: a pattern would break "Artem Kobzar" into a place and a stray word
         "artem", "pushkin", "korolev", "zhukovsky", "lermontov", "gagarin", "chekhov", "dmitrov", "kirovsk",
         "aleksandrov", "vladimir", "pavlovsk", "yakovlevo", "lyubertsy", "sergeyev", "gubkin", "kotovsk",
         "nikolayevsk", "mikhaylov", "borisov", "ivanovka", "petrovsk", "gorky", "frolov", "budyonnovsk",
         "marx", "kalinin", "dzerzhinsky", "lenina", "olenegorsk"}


def _pattern_names(p: Place, limit: int) -> list[str]:
    names = [p.name, *p.aliases[:limit]]
    return [n for n in names if len(n) >= 4 and key(n) not in _STOP and n[0].isupper()]


def entity_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns for the names that matter: regions of Ukraine and Russia (bare and as
    "X region"/"X Oblast"), their towns above :data:`PATTERN_MIN_POPULATION`, areas and energy sites."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str) -> None:
        if (label, text) not in seen:
            seen.add((label, text))
            out.append({"label": label, "pattern": text})

    g = gazetteer()
    for entries in g.by_key.values():
        for p, primary in entries:
            if not primary:
                continue
            if p.kind == "site":
                for n in _pattern_names(p, 20):
                    add("FAC", n)
            elif p.kind == "area":
                for n in _pattern_names(p, 5):
                    add("LOC", n)
                    add("LOC", "the " + n)
            elif p.kind == "region" and p.country in HOME:
                for n in _pattern_names(p, 6):
                    add("GPE", n)
                    base = re.sub(r"\s+(Oblast|Krai|Region)$", "", n)
                    for w in _REGION_WORD_TITLES:
                        add("GPE", f"{base} {w}")
                        add("GPE", f"{base} {w.lower()}")
            elif p.kind == "city" and p.country in HOME and p.population >= PATTERN_MIN_POPULATION:
                for n in _pattern_names(p, 6 if p.population < 200_000 else 12):
                    add("GPE", n)
    return out
