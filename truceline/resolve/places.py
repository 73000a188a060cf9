"""Places: an offline gazetteer (data) and name resolution by the document's context.

Data in ``data/`` (built by ``scripts/build_gazetteer.py``; sources and licences in ``data/GAZETTEER.md``):
``regions.csv`` (first-level regions by ISO 3166-2, and areas such as the Donbas), ``places.tsv.gz`` (every
settlement of Ukraine from KATOTTG, placed by GeoNames or at its hromada's centre; GeoNames towns of
Russia, Belarus and Moldova down to 500 people and of other countries from 15,000; Ukraine's districts),
``energy_sites.csv`` (named plants, refineries and stations with their target class) and
``military_sites.csv`` (named air bases, whose bare names are villages' too). Everything
loads lazily, once per process.

How a name is matched, in this order of preference (the first step that finds candidates wins; the
location's ``match`` says which of the winner's names matched):

1. ``name``: the place's own name, as written or without the words around it ("the village of Krynky",
   "Robotyne village", "the urban-type settlement of ...", and "Pokrovsk district" for a district, which
   is matched only when the text says "district" or "raion");
2. ``alias``: an alternate name: another spelling or romanisation (BGN/PCGN and wire forms of the
   Russian name: Kharkov, Nikolayevka, Zelenoye), a Cyrillic name, a foreign name;
3. ``former name``: a name from before a renaming (Artemivsk -> Bakhmut, 2016; ``data/renamed.csv``);
4. ``spelling``: the same :func:`~truceline.resolve.names.skeleton` as a name of a place in Ukraine or
   Russia (vowels, y/i, h/g, doubled letters and hyphens aside: "Novomikhaylovka", "Golaya Pristan"), for
   spellings no source lists. Never for a name the gazetteer knows exactly as something else (a country)
   nor for :data:`NOT_NAMES` ("Russian", "Sunday"). When step 1 finds nothing but steps 2-3 do, the
   spelling matches are weighed with them (a tiny namesake's alias does not beat a town's spelling).

Comparison ignores case, diacritics, apostrophes and soft signs, and hyphens against spaces ("Luhans'k",
"Novo-Oleksandrivka"); "No. 3" and "№3" are "3".

Which of several candidates: context first, then weight. A :class:`Context` carries what the document has
said so far: the regions it named (those of the sentence being read and the latest first, then any named
anywhere in the document), the points of the places it already placed (and of the sure places of the same
sentence: "Kupiansk and the nearby village of Petropavlivka"), and its countries. The best candidate is,
in this order, the one in a region the sentence or the document names, near the document's other places
(within :data:`NEAR_KM`), in a country of the document; then the heaviest, weighing the theatre of the
war (:data:`THEATRE`) and nearness to the front lines (``data/control.yaml``), the name's tier (own name,
former name, alias) and the population (a city's name stays the city's: "Lviv" is not a village of that
name near the front). A region the sentence names that holds none of the candidates, all villages, makes
the name unresolved there ("Martynovka in the Kursk region" is not a Martynivka of Ukraine). The location
records why (``reason``: each part of the context that set the winner apart, then what its weight won
by) and how many places bore the name (``candidates``).

A village that GeoNames lacks has its hromada centre's point (``coord == "hromada"``): its location has
precision 2 (near a named place), as ACLED codes a place placed by a nearby one.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import gc
import gzip
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from sys import intern
from typing import Any

import pycountry
import yaml

from ..models import Location
from .names import key, skeleton, strip_settlement_words

__all__ = ["HOME", "THEATRE", "Context", "Gazetteer", "Match", "MentionedPlace", "Place", "PlaceLocation",
           "countries_named", "entity_patterns", "gazetteer", "key", "lookup", "mentioned", "region_names",
           "regions_named", "resolve", "unresolved"]

#: Countries whose towns were kept down to 500 inhabitants: the war's own geography.
HOME = ("UKR", "RUS")
#: The theatre of the war: Ukraine's regions on the front line or the Russian border, and Russia's regions
#: on Ukraine's border. Without any other context, an ambiguous name is taken to be a place here.
THEATRE = frozenset({"UA-09", "UA-14", "UA-23", "UA-65", "UA-63", "UA-59", "UA-74", "UA-12", "UA-48", "UA-43",
                     "UA-40", "RU-BRY", "RU-KRS", "RU-BEL", "RU-VOR", "RU-ROS", "RU-KDA"})

# Words after a name that make it a region ("Kursk region", "Sumy Oblast", "Krasnodar Krai").
REGION_WORDS = ("region", "regions", "oblast", "oblasts", "province", "provinces", "krai", "kray", "territory",
                "republic", "district")
#: First-level codes that are cities: a bare "X region" means the region around them.
CITY_REGIONS = ("UA-30", "UA-40", "RU-MOW", "RU-SPE")
_REGION_WORD_TITLES = ("Region", "Oblast", "Krai", "Province", "Territory")
#: capitalised words that are no place's misspelt name, whatever their skeleton ("Russian" is not Ryazan)
NOT_NAMES = frozenset({"russian", "russians", "ukrainian", "ukrainians", "soviet", "european", "europe", "american",
                       "america", "african", "africa", "asian", "asia", "western", "eastern", "northern", "southern",
                       "kremlin", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august", "september",
                       "october", "november", "december", "nato", "president", "minister", "general", "colonel",
                       "sergeant", "captain", "lieutenant", "major", "commander", "governor", "mayor"})
#: how near (km) another place of the document has to be to count as "near the document's places"
NEAR_KM = 100.0


@dataclass
class PlaceLocation(Location):
    """A record's location with how it was resolved: ``match`` (see the module's order of preference, or
    ``unresolved``: a name the gazetteer lacks, kept as written, without coordinates), ``reason`` (why
    this candidate), ``candidates`` (how many places bore the name) and ``held_by`` (the side holding the
    place on the incident's date: ``truceline.resolve.control.held_by``). Extra fields of the
    truceline.v1 location object, which the schema allows."""

    match: str | None = None
    reason: str | None = None
    candidates: int | None = None
    held_by: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str                     # city | district | region | area | site | country
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    target: str | None = None     # for energy sites: the incident target class
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()  # names from before a renaming
    type: str = ""                # for settlements: city | town | settlement | village (KATOTTG), "" unknown
    coord: str = "point"          # point | hromada (its hromada centre's) | centre (a district's) | "" none

    @property
    def precision(self) -> int:
        """RECORDS.md location precision: 1 a named place, 2 placed by a nearby place or a district,
        3 a whole region or country."""
        if self.kind in ("region", "area", "country"):
            return 3
        return 2 if self.kind == "district" or self.coord in ("hromada", "centre") else 1

    def location(self, name: str | None = None, precision: int | None = None) -> Location:
        return Location(name=name or self.name, country=self.country, admin1=self.admin1, lat=self.lat,
                        lon=self.lon, precision=precision or self.precision)


@dataclass(frozen=True, slots=True)
class MentionedPlace(Place):
    """A place as one mention resolved it: the gazetteer's place with how it was matched and chosen, and
    who held it on the day of the report (set by the incident stage); ``match == "unresolved"``: a name
    the gazetteer lacks, kept as written. Its :meth:`location` carries all of that."""

    match: str | None = None
    reason: str | None = None
    candidates: int | None = None
    held_by: str | None = None

    def location(self, name: str | None = None, precision: int | None = None) -> Location:
        unresolved = self.match == "unresolved"
        return PlaceLocation(name=name or self.name, country=self.country, admin1=self.admin1, lat=self.lat,
                             lon=self.lon, precision=None if unresolved else precision or self.precision,
                             match=self.match, reason=self.reason, candidates=self.candidates,
                             held_by=self.held_by)


def mentioned(place: Place, match: str = "name", reason: str = "only candidate", candidates: int = 1) -> MentionedPlace:
    """A place resolved outside :meth:`Gazetteer.resolve` (a region of a list, "the Kursk region"), as a
    mention's place."""
    if isinstance(place, MentionedPlace):
        return place
    fields = {f: getattr(place, f) for f in Place.__dataclass_fields__}
    return MentionedPlace(**fields, match=match, reason=reason, candidates=candidates)


def unresolved(name: str, country: str | None = None, admin1: str | None = None) -> MentionedPlace:
    """A place the gazetteer lacks, kept as written: no coordinates, precision null, ``match`` "unresolved"
    (with the country and region when the sentence names them)."""
    return MentionedPlace(name=name, kind="city", country=country, admin1=admin1, coord="", match="unresolved",
                          candidates=0)


@dataclass
class Match:
    """A resolved name: the place, how the name matched, why this candidate and among how many."""

    place: Place
    match: str                    # name | alias | former name | spelling
    reason: str
    candidates: int

    def mentioned(self) -> MentionedPlace:
        """The place with how it was matched and chosen."""
        return mentioned(self.place, self.match, self.reason, self.candidates)

    def location(self, name: str | None = None, precision: int | None = None) -> Location:
        return self.mentioned().location(name, precision)


@dataclass
class Context:
    """Where the document is: countries and regions already named in it (most recent last), the points of
    the places it placed, and the regions named anywhere in it (``document_regions``)."""

    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    document_regions: set[str] = field(default_factory=set)
    #: set once the document's text has been scanned for region names (``regions_named``)
    scanned: bool = False
    #: the regions named in the sentence being read: a village of the name in none of them is not the place
    named_here: frozenset[str] = frozenset()
    #: the countries the sentence being read puts its places in ("in Ukraine's southeast", "Novomoskovsk,
    #: Russia": :func:`countries_named`)
    countries_here: frozenset[str] = frozenset()
    #: the target classes the sentence being read names ("air bases": military): a site of that class bearing
    #: the name is the place ("strikes on the airbases Belaya and Olenya")
    targets_here: frozenset[str] = frozenset()

    def add(self, place: Place) -> None:
        if place.country:
            self.countries.append(place.country)
        if place.admin1:
            self.regions.append(place.admin1)
        if place.kind in ("city", "site") and place.lat is not None and place.lon is not None \
                and place.coord == "point":
            self.points.append((place.lat, place.lon))

    def with_points(self, points: Iterable[tuple[float, float]]) -> Context:
        """This context with more placed points (the sure places of the sentence being read)."""
        return dataclasses.replace(self, points=[*self.points, *points])

    def with_regions(self, regions: Iterable[str], here: bool = False) -> Context:
        """This context with more regions, as most recent; ``here``: they are named in the sentence being
        read (:attr:`named_here`)."""
        extra = [r for r in regions if r]
        if not extra:
            return self
        return dataclasses.replace(self, regions=[*self.regions, *extra],
                                   named_here=frozenset(extra) if here else self.named_here)

    def with_countries(self, countries: Iterable[str]) -> Context:
        """This context with the countries the sentence being read puts its places in
        (:attr:`countries_here`)."""
        return dataclasses.replace(self, countries_here=frozenset(countries))

    def with_targets(self, targets: Iterable[str]) -> Context:
        """This context with the target classes the sentence being read names (:attr:`targets_here`)."""
        return dataclasses.replace(self, targets_here=frozenset(targets))


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("truceline.resolve").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


def _float(s: str) -> float | None:
    return float(s) if s else None


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * \
        (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(max(a, 0.0)))


# The order in which the parts of a candidate's score set it apart, and how the location says so.
_REASONS = ("region named in the same sentence or just before", "country named in the same sentence",
            "a site of the kind the sentence names",
            "region named in the same sentence or just before", "region named in the document",
            "near the document's other places", "country of the document", "theatre of the war (nearer the front)",
            "own name rather than an alias", "largest population")
#: how many parts of a candidate's score are the document's context (the rest is its weight, then its kind)
_CONTEXT_PARTS = 7
_TIER = {"name": 3, "alias": 2, "former name": 1, "spelling": 0}


class Gazetteer:
    """Name -> candidate places, for settlements, districts, regions, areas, energy sites and countries."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self.by_key: dict[str, list[tuple[Place, bool]]] = {}
        self.by_former: dict[str, list[Place]] = {}
        self.regions: dict[str, Place] = {}
        #: skeleton -> places of Ukraine and Russia (settlements, districts, regions)
        self.skeletons: dict[str, list[Place]] = {}
        for p in places:
            self.add(p)

    def add(self, p: Place) -> None:
        """Index a place by the keys of its names (and, in Ukraine or Russia, their skeletons)."""
        names = [p.name, *p.aliases]
        keys = list(dict.fromkeys(k for k in map(key, names) if k))
        former = [k for k in dict.fromkeys(map(key, p.former)) if k and k not in keys]
        skels: list[str] = []
        if p.country in HOME and p.kind in ("city", "district", "region"):
            skels = [s for s in dict.fromkeys(map(skeleton, [*names, *p.former])) if len(s) >= 4]
        self.add_keyed(p, keys, former, skels, primary=bool(keys) and keys[0] == key(p.name))

    def add_keyed(self, p: Place, keys: list[str], former: list[str], skeletons: list[str],
                  primary: bool = True) -> None:
        """Index a place by keys computed beforehand (``keys[0]`` its own name's when ``primary``)."""
        if p.kind == "region" and p.admin1:
            self.regions[p.admin1] = p
        own, alias = (p, True), (p, False)  # one tuple each, shared by all the place's keys
        for i, k in enumerate(keys):
            self.by_key.setdefault(k, []).append(own if primary and i == 0 else alias)
        for k in former:
            self.by_former.setdefault(k, []).append(p)
        for s in skeletons:
            self.skeletons.setdefault(s, []).append(p)

    def candidates(self, name: str, kinds: Iterable[str] | None = None) -> list[tuple[Place, bool]]:
        """Places whose own name or alias is ``name`` (a former name counts as an alias), each with whether
        the name is the place's own."""
        k = key(name)
        found = list(self.by_key.get(k, []))
        for p in self.by_former.get(k, []):
            if not any(e is p for e, _ in found):
                found.append((p, False))
        if kinds is None:
            return found
        wanted = set(kinds)
        return [(p, prim) for p, prim in found if p.kind in wanted]

    def matches(self, name: str, kinds: Iterable[str] | None = None,
                loose: bool = True) -> tuple[str, list[tuple[Place, str]]]:
        """The candidates for a name by the module's order of preference: (how they matched, [(place,
        tier of its name)]). Words around the name ("village of", "town", "district") are tried off too."""
        wanted = set(kinds) if kinds is not None else None
        bare, district = strip_settlement_words(name)
        queries = [name] if bare == name else [name, bare]
        if wanted is None:
            wanted = {"city", "site", "region", "area", "country"} | ({"district"} if district else set())
        for q in queries:
            k = key(q)
            if not k:
                continue
            found: list[tuple[Place, str]] = []
            for p, prim in self.by_key.get(k, []):
                if p.kind in wanted:
                    found.append((p, "name" if prim else "alias"))
            for p in self.by_former.get(k, []):
                if p.kind in wanted and not any(e is p for e, _ in found):
                    found.append((p, "former name"))
            if district and q == bare:
                # "Pokrovsk district": the district named after the town, when there is one
                dist = [(p, t) for p, t in found if p.kind == "district"]
                if not dist:
                    dist = [(p, "alias") for p, _ in self.by_key.get(key(f"{bare} district"), [])
                            if p.kind == "district"]
                found = dist or found
            if found:
                best = max(_TIER[t] for _, t in found)
                if best < _TIER["name"] and loose:
                    # only an alias or a former name: the places whose own name is spelt so weigh too
                    # ("Vasilyevka": an alias of a Crimean village, the spelling of the town Vasylivka)
                    found += [(p, t) for p, t in self._spelled(queries, wanted, district)
                              if not any(e is p for e, _ in found)]
                return next(t for t, v in _TIER.items() if v == best), found
        # a name the gazetteer knows exactly, of another kind (a country, a region), is not a misspelling
        if not loose or any(key(q) in self.by_key or key(q) in self.by_former for q in queries) \
                or key(bare) in NOT_NAMES:
            return "", []
        return "spelling", self._spelled(queries, wanted, district)

    def _spelled(self, queries: list[str], wanted: set[str], district: bool) -> list[tuple[Place, str]]:
        """Places of Ukraine and Russia one of whose names has the same skeleton as the name (as written,
        then without the words around it)."""
        for q in queries:
            s = skeleton(q)
            if len(s) < 4:
                continue
            found = [(p, "spelling") for p in self.skeletons.get(s, []) if p.kind in wanted]
            if district:
                found = [(p, t) for p, t in found if p.kind == "district"] or found
            if found:
                return found
        return []

    def resolve(self, name: str, context: Context | None = None, kinds: Iterable[str] | None = None,
                loose: bool = True) -> Match | None:
        """The best place of that name given where the document is, with how and why it was chosen."""
        how, found = self.matches(name, kinds, loose)
        if not found:
            return None
        ctx = context or Context()
        if ctx.named_here and not any(p.admin1 in ctx.named_here for p, _ in found) and \
                all(_village(p) for p, _ in found):
            # "the village of Zhovtneve in the Zaporizhzhia region" and the region has none of that name: a
            # namesake elsewhere is not the place (the caller keeps the name unresolved, in that region)
            return None
        scored = sorted(((_score(p, t, ctx), p, t) for p, t in found), key=lambda x: x[0], reverse=True)
        # one place reached through several of its names counts once
        n = len({id(p) for _, p, _ in scored})
        best_score, best, tier = scored[0]
        return Match(best, tier if how != "spelling" else how, _reason(scored) if n > 1 else "only candidate", n)

    def lookup(self, name: str, context: Context | None = None, kinds: Iterable[str] | None = None) -> Place | None:
        """The best place of that name, given where the document is (exact names only: no spelling match)."""
        m = self.resolve(name, context, kinds, loose=False)
        return m.place if m else None

    def region(self, name: str, context: Context | None = None) -> Place | None:
        """A first-level region (or area) by name: "Kursk", "Sumy Oblast", "the Donbas", "Luganska oblast"."""
        name = re.sub(r"(?i)\s+(" + "|".join(REGION_WORDS) + r")$", "", name.strip())
        found = self.candidates(name, ("region", "area"))
        if not found:
            s = skeleton(name)
            found = [(p, False) for p in self.skeletons.get(s, []) if p.kind == "region"] if len(s) >= 4 else []
            if not found:
                return None
        # "Kyiv region" is the oblast around the city, not the city's own ISO 3166-2 code
        wider = [c for c in found if c[0].admin1 not in CITY_REGIONS] or found
        ctx = context or Context()
        return max(wider, key=lambda c: _score(c[0], "name" if c[1] else "alias", ctx))[0]

    def region_by_code(self, code: str) -> Place | None:
        return self.regions.get(code)


def _reason(scored: list[tuple[tuple[float, ...], Place, str]]) -> str:
    """Why the first of the scored candidates won: each part of the context it had and some other candidate
    lacked ("region named in the document"), then, among those the context left level with it, the part of
    its weight that set it apart ("theatre of the war", "largest population"), joined by "; "."""
    best_score, best, tier = scored[0]
    others = [x for x in scored if x[1] is not best]
    n = _CONTEXT_PARTS
    out = [_REASONS[i] for i in range(n) if best_score[i] > 0 and any(o[0][i] < best_score[i] for o in others)]
    level = [o for o in others if o[0][:n] == best_score[:n]]
    if level or not out:
        runner = (level or others)[0]
        mine, theirs = _parts(best, tier), _parts(runner[1], runner[2])
        out.append(_REASONS[n + next((j for j in range(3) if mine[j] > theirs[j]), 2)])
    return "; ".join(dict.fromkeys(out))  # the sentence's own region is one reason, however counted


def _village(p: Place) -> bool:
    return p.kind == "city" and p.population < 5000 and p.type not in ("city", "town")


def _score(place: Place, tier: str, ctx: Context) -> tuple[float, ...]:
    """A candidate's score, compared part by part: a region the sentence names, the country the sentence
    puts its places in ("Samar in Ukraine's southeast" is not Samara, whatever the document named last), a
    site of the class the sentence names ("the Belaya air base" is not the village of Belaya),
    the region of the sentence or the latest, a region of the document, nearness to the document's places,
    a country of the document; then one weighed sum of
    the theatre of the war (worth a town thirty times bigger), the name being the place's own (rather
    than an alias or a former name) and the size (log of the population), so
    that a namesake village of the front does not take "Lviv" from the city; then the kind."""
    recent = 0.0
    if place.admin1 and place.admin1 in ctx.regions:
        recent = 1.0 - ctx.regions[::-1].index(place.admin1) * 0.01
    document = 1.0 if place.admin1 and place.admin1 in ctx.document_regions else 0.0
    near = 0.0
    if ctx.points and place.lat is not None and place.lon is not None:
        d = min(km_between(place.lat, place.lon, la, lo) for la, lo in ctx.points[-20:])
        near = max(0.0, 1.0 - d / NEAR_KM)
    country = 0.0
    if place.country and place.country in ctx.countries:
        country = 1.0 - ctx.countries[::-1].index(place.country) * 0.01
    kind = {"site": 4, "city": 3, "district": 2.5, "area": 2, "region": 2, "country": 1}[place.kind]
    here = 1.0 if place.admin1 and place.admin1 in ctx.named_here else 0.0
    country_here = 1.0 if place.country and place.country in ctx.countries_here else 0.0
    site = 1.0 if place.kind == "site" and place.target in ctx.targets_here else 0.0
    return (here, country_here, site, recent, document, near, country, _weight(place, tier), kind)


#: what the parts of a candidate's weight are worth: the theatre of the war, nearness to the front (up to
#: this much for a place on it, nothing from :data:`FRONT_KM` away), the name's tier: its own name, then a
#: former name from the hand-checked list of renamings, then an alias (a source's alternate name)
THEATRE_WEIGHT, FRONT_WEIGHT, FRONT_KM = 1.5, 2.0, 150.0
_TIER_WEIGHT = {"name": 1.5, "alias": 0.75, "former name": 1.0, "spelling": 0.0}


def _parts(place: Place, tier: str) -> tuple[float, float, float]:
    theatre = THEATRE_WEIGHT if place.admin1 in THEATRE else THEATRE_WEIGHT / 2 if place.country in HOME else 0.0
    if place.country in HOME and place.lat is not None and place.lon is not None:
        theatre += FRONT_WEIGHT * max(0.0, 1.0 - front_km(place.lat, place.lon) / FRONT_KM)
    # a town whose population no source gives counts as one of about 3,000 people, a village of about 200
    # (GeoNames lists every place of 500 or more, so one it lacks is most likely smaller)
    if place.population:
        size = math.log10(place.population + 1)
    else:
        size = 3.5 if place.type in ("city", "town") else 2.3 if place.type in ("village", "settlement") else 0.0
    if place.type == "city" or place.population >= 10_000:
        size += 1.0  # a city's name is the city's before any village's, wherever the war is
    return theatre, _TIER_WEIGHT[tier], size


@functools.lru_cache(maxsize=1)
def _front() -> tuple[tuple[float, float], ...]:
    text = resources.files("truceline.resolve").joinpath("data/control.yaml").read_text(encoding="utf-8")
    return tuple((float(la), float(lo)) for la, lo in yaml.safe_load(text).get("front", []))


@functools.lru_cache(maxsize=100_000)
def front_km(lat: float, lon: float) -> float:
    """How far (km, flat-earth approximation) a point is from the nearest point of the war's front lines and
    borders (``data/control.yaml``)."""
    k = math.cos(math.radians(lat))
    return min(111.2 * math.hypot(lat - la, (lon - lo) * k) for la, lo in _front())


def _weight(place: Place, tier: str) -> float:
    return sum(_parts(place, tier))


def _load() -> Gazetteer:
    g = Gazetteer()
    for r in _read_csv("regions.csv"):
        g.add(Place(name=r["name"], kind="region" if r["code"] else "area", country=r["country"] or None,
                    admin1=r["code"] or None, lat=_float(r["lat"]), lon=_float(r["lon"]),
                    aliases=tuple(a for a in r["aliases"].split("|") if a)))
    for r in [*_read_csv("energy_sites.csv"), *_read_csv("military_sites.csv")]:
        g.add(Place(name=r["name"], kind="site", country=r["country"], admin1=r["admin1"] or None,
                    lat=_float(r["lat"]), lon=_float(r["lon"]), target=r["target"],
                    aliases=tuple(a for a in r["aliases"].split("|") if a)))
    raw = resources.files("truceline.resolve").joinpath("data/places.tsv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("name\t"):
                continue
            name, alts, former, country, admin1, lat, lon, pop, _gid, _kat, typ, coord, keys, fkeys, skels = \
                line.rstrip("\n").split("\t")
            # many villages share names and spellings: one string object for each (about a third less memory)
            p = Place(name=intern(name), kind="district" if typ == "district" else "city", country=intern(country),
                      admin1=intern(admin1) if admin1 else None, lat=float(lat) if lat else None,
                      lon=float(lon) if lon else None, population=int(pop or 0),
                      aliases=tuple(map(intern, alts.split("|"))) if alts else (),
                      former=tuple(former.split("|")) if former else (), type=intern(typ), coord=intern(coord))
            g.add_keyed(p, keys.split("|"), fkeys.split("|") if fkeys else [],
                        list(map(intern, skels.split("|"))) if skels else [])
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        g.add(Place(name=getattr(c, "common_name", c.name), kind="country", country=c.alpha_3,
                    aliases=tuple(sorted(names))))
    return g


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    # Hundreds of thousands of small objects that all live on: the cyclic collector would walk them again
    # and again while they are made (half the load time), and finds no garbage among them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load()
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """ISO 3166-2 code of a first-level region -> its English name ("UA-63" -> "Kharkiv Oblast"), from
    ``regions.csv`` alone (without loading the whole gazetteer)."""
    return {r["code"]: r["name"] for r in _read_csv("regions.csv") if r["code"]}


def lookup(name: str, context: Context | None = None) -> Place | None:
    """Shortcut: ``lookup("Kharkov")`` -> the Ukrainian city of Kharkiv."""
    return gazetteer().lookup(name, context)


def resolve(name: str, context: Context | None = None, kinds: Iterable[str] | None = None) -> Match | None:
    """Shortcut: ``resolve("Novomikhaylovka", Context(regions=["UA-14"]))`` -> a Match with how and why."""
    return gazetteer().resolve(name, context, kinds)


@functools.lru_cache(maxsize=1)
def _country_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per country of the war (``data/place_context.yaml``): a place "in" or "," the country, the
    country's possessive or demonym before a word of place ("Russia's city of", "the Ukrainian town of")."""
    text = resources.files("truceline.resolve").joinpath("data/place_context.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def alt(words: Iterable[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    place = rf"(?:(?:{alt(data['place_adjectives'])})\s+)*(?:{alt(data['place_words'])})\b"
    out = []
    for code, words in data["countries"].items():
        names, demonyms = alt(words["names"]), alt(words["demonyms"])
        out.append((code, re.compile(
            # "Novomoskovsk in Russia", "Samar in Ukraine's southeast", "Kyiv, Ukraine" (not "Russia's army")
            rf"[A-Z][\w'\u2019-]+,?\s+in\s+(?:the\s+)?(?:{names})\b"
            rf"|[A-Z][\w'\u2019-]+,\s+(?:{names})\b(?![\u2019']s)"
            # "Russia's city of Volgograd", "in Ukraine's southeast", "the Russian port of Novorossiysk"
            rf"|\b(?:{names})[\u2019']s\s+{place}|\b(?:{demonyms})\s+{place}")))
    return tuple(out)


def countries_named(text: str) -> set[str]:
    """The countries of the war a sentence puts its places in ("in Ukraine's southeast", "the Russian city
    of", "Novomoskovsk, Russia"), for :attr:`Context.countries_here`. A country named as an actor ("Russia
    struck", "Russian drones") puts nothing anywhere."""
    return {code for code, rx in _country_phrases() if rx.search(text)}


_REGION_PHRASE = re.compile(r"\b((?:[A-Z][\w'\u2019-]+\s){0,2}[A-Z][\w'\u2019-]+)\s+(?:[Rr]egion|[Oo]blast|[Pp]rovince|"
                            r"[Kk]rai|[Tt]erritory)s?\b")


def regions_named(text: str) -> set[str]:
    """ISO 3166-2 codes of the regions of Ukraine and Russia a text names as regions ("Kherson region",
    "the Zaporizhzhia Oblast", "Kursk province"), for :attr:`Context.document_regions`."""
    g = gazetteer()
    out: set[str] = set()
    for m in _REGION_PHRASE.finditer(text):
        words = m.group(1).split()
        for i in range(len(words)):  # "Russia's Kursk region": the shortest ending that is a region
            p = g.region(" ".join(words[i:]))
            if p is not None and p.admin1 and p.country in HOME:
                out.add(p.admin1)
                break
    return out


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
    names = [p.name, *p.aliases[:limit], *p.former[:3]]
    return [n for n in names if len(n) >= 4 and n.isascii() and key(n) not in _STOP and n[0].isupper()]


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
                    # a base's bare name is a village's too ("Belaya"): the model's label, not always a facility
                    if p.target != "military" or " " in n:
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
