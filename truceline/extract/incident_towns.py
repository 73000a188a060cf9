"""Cities, districts and regions: what the gazetteer gets wrong about the places a sentence names.

``_city_districts`` (a district of a big city is that city), ``_into_named_region`` (a village the gazetteer
lacks, in the region the text names, or matched loosely to a far namesake), ``_city_not_region`` (a city
taken for its region) and ``site_in_town`` (a site named after its town is the same strike).
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..resolve import names, places
from .incident_lexicon import _first_class, lexicon
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from ..models import Location
    from .incident_places import PlaceMention

_WORDS = load("incidents")  # data/incidents.yaml


#: a name, or a list of names, followed by "district(s)": "the Darnytskyi district", "in Podilskyi, Obolonskyi
#: and Sviatoshynskyi districts"
_DISTRICT_AFTER = re.compile(r"^(?:\s*,\s*[A-Z][\w'\u2019-]+)*(?:,?\s+and\s+[A-Z][\w'\u2019-]+)?"
                             r"\s+(?:micro)?districts?\b")
_DISTRICT_END = re.compile(r"(?i)\s(?:micro)?district$")
#: the words between a place and the region it lies in: "X, Y region", "X village in the Y", "X, located in"
_PLACED_IN = re.compile(r"(?i)(?:\s*(?:,|\bin\b|\bthe\b|\bof\b|\blocated\b|\bsituated\b|\bvillage\b|\bsettlement\b|"
                        r"\btown\b|\bRussia['\u2019]s\b|\bUkraine['\u2019]s\b))+\s*")
_BIG_CITY = int(_WORDS["big_city_population"])


def _city_districts(mentions: list[PlaceMention], sent: SpacySpan, text: str,
                    city: PlaceMention | None) -> PlaceMention | None:
    """A district of a big city ("fires in the Darnytskyi district") is that city: the gazetteer lacks city
    districts and gives a namesake village of another region, where the gold has the city itself (one
    incident per place and day). Only a name that did not resolve to a rural district (raion), with a big
    city named before it and no other region named in the sentence; a name the gazetteer lists as a big town
    of its own only when it lies within the city (its districts have hundreds of thousands of people;
    incidents F1 0.703 -> 0.706). Returns the last big city named."""
    regions: set[str] | None = None  # worked out only when a district is in question
    for m in mentions:
        p = m.place
        if p.kind == "city" and p.country in places.HOME and p.population >= _BIG_CITY \
                and not _DISTRICT_AFTER.match(text[m.end:m.end + 120]) and not _DISTRICT_END.search(m.text):
            city = m
            continue
        # a rural district (raion) of the name only when the city is named beside it ("the Dniprovskyi
        # district of Kherson")
        if city is None:
            continue
        here = city.start >= sent.start_char
        if p.kind not in ("city", "site") + (("district",) if here else ()) \
                or (p.population >= _BIG_CITY and not _part_of(p, city.place) and not _urban_district(p)):
            continue
        if not (_DISTRICT_AFTER.match(text[m.end:m.end + 120]) or _DISTRICT_END.search(m.text)):
            continue
        if regions is None:
            regions = set(places.regions_named(sent.text))
        if not regions or city.place.admin1 in regions:
            m.place, m.name, m.precision = city.place, city.name, city.precision
    return city


#: how near (km) the centre of a big city a district the gazetteer lists as a town of its own lies
#: (data/place_filters.yaml)
_DISTRICT_KM = float(load("place_filters")["city_district_km"])


def _part_of(p: places.Place, city: places.Place) -> bool:
    """Is a place the gazetteer lists as a big town of its own ("Dniprovskyi", "Saltivka") a district of the city
    named before it: smaller, and within a few kilometres of its centre?"""
    if None in (p.lat, p.lon, city.lat, city.lon) or p.population >= city.population:
        return False
    return places.km_between(p.lat, p.lon, city.lat, city.lon) <= _DISTRICT_KM  # type: ignore[arg-type]


#: the last word of an alias that makes a place a city's district ("Desnianskyi District", "... raion")
_DISTRICT_ALIAS = re.compile(r"(?i)\s(?:" + "|".join(names.DISTRICT_WORDS) + r")$")


def _urban_district(p: places.Place) -> bool:
    """Is the big place one the gazetteer knows as a district of a city (an alias "Desnianskyi District")?
    Named as a district after another big city, it is that city's namesake district, not this one.
    Cross-validated with the "X district" lookup of incident_places._resolve_ent (5 folds, incidents F1):
    0.708 -> 0.712, three documents right, none lost."""
    return p.type not in ("city", "town") and any(_DISTRICT_ALIAS.search(a) for a in p.aliases)


_REGION_AFTER = re.compile(r"(?i)^(?:\s*,\s*[A-Z][\w'\u2019-]+)*(?:,?\s+and\s+(?:the\s+)?[A-Z][\w'\u2019-]+)?\s+(?:"
                           + "|".join(places.REGION_WORDS) + r")\b")


def _city_not_region(mentions: list[PlaceMention], text: str) -> None:
    """A bare name of a city that is a region of its own ("an apartment block in Kyiv") resolved as the region
    around it, because the document names that region elsewhere: the city, unless a region word follows it
    or ends the list it is in ("Ryazan and Amur oblasts"). Elsewhere city and region share their code."""
    for m in mentions:
        if m.place.kind != "region" or m.precision != 3 or _REGION_AFTER.match(text[m.end:m.end + 120]) \
                or any(w in m.text.lower().split() for w in places.REGION_WORDS):
            continue
        raw = re.sub(r"^(?:the\s+)", "", m.text, flags=re.IGNORECASE)
        found = _city_named(raw)
        if found is None or found.place.population < _BIG_CITY or found.place.admin1 in (None, m.place.admin1) \
                or found.place.country != m.place.country:
            continue
        m.place, m.name, m.precision = found.mentioned(), found.place.name, found.place.precision


@functools.lru_cache(maxsize=4096)
def _city_named(raw: str) -> places.Match | None:
    return places.gazetteer().resolve(raw, kinds=("city",), loose=False)


def _into_named_region(mentions: list[PlaceMention], text: str) -> None:
    """A village placed outside the region the text puts it in ("the Tyazhino settlement in the Kursk Region"
    resolved to a namesake in Kemerovo) is one the gazetteer lacks: the resolver already prefers a candidate
    in the region named in the sentence, so none was there. Kept as written, in that region. Only a place
    the region follows at once ("X, Y region", "X village in the Y region"), and not a big town."""
    for m, r in zip(mentions, mentions[1:], strict=False):
        p = m.place
        if r.place.kind != "region" or r.place.country not in places.HOME or p.kind != "city" \
                or p.admin1 in (None, r.place.admin1) or p.population >= _BIG_CITY \
                or r.start - m.end > 80 or not _PLACED_IN.fullmatch(text[m.end:r.start]):
            continue
        m.place = places.unresolved(m.text, r.place.country, r.place.admin1)
        m.precision = 1
    named: list[places.Place] | None = None  # the regions the document names, read once, when first needed
    for m in mentions:
        if not _loose_village(m):
            continue
        if named is None:
            g = places.gazetteer()
            named = [r for r in (g.region_by_code(c) for c in places.regions_named(text)) if r is not None]
        code = _far_namesake(m, text, named)
        if code is not None:
            region = places.gazetteer().region_by_code(code)
            m.place = places.unresolved(m.text, region.country if region else None, code)
            m.name, m.precision = re.sub(r"(?i)^the\s+", "", m.text), 1


#: how far (km) from every region the document names a village matched only by a loose spelling may lie
#: before it is taken for a namesake of one the gazetteer lacks (data/place_filters.yaml)
_FAR_KM = float(load("place_filters")["far_namesake_km"])


def _loose_village(m: PlaceMention) -> bool:
    """A village (not a big town) the gazetteer matched only by a loose spelling, or by the alias of its only
    candidate ("Aleisk" for Aleysk in the Altai)."""
    p = m.place
    how = getattr(p, "match", None)
    loose = how == "spelling" or (how == "alias" and getattr(p, "candidates", 0) == 1)
    return loose and p.kind == "city" and p.population < _BIG_CITY and p.lat is not None and p.lon is not None


def _far_namesake(m: PlaceMention, text: str, named: list[places.Place]) -> str | None:
    """The region a loosely matched village (:func:`_loose_village`) belongs in when it lies far from every
    region the document names (``named``; "the village of Zvannoye" of a report on the Kursk region taken for
    Zvony near Pskov): the region named last before it, else the first named after. None when the match
    stands (a namesake near the regions named, no region named).
    Cross-validated (5 folds, incidents F1): 0.694 -> 0.699 (with "residential sector" as homes)."""
    p = m.place
    if not named or any(r.admin1 == p.admin1 or r.lat is None or r.lon is None
                        or places.km_between(p.lat, p.lon, r.lat, r.lon) < _FAR_KM  # type: ignore[arg-type]
                        for r in named):
        return None  # (a loose village has coordinates: _loose_village)
    for chunk in reversed(text[:m.start].split("\n")):
        codes = places.regions_named(chunk)
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            return None  # several regions just before: which one is not known
    after = places.regions_named(text[m.end:])
    return next(iter(after)) if len(after) == 1 else None


def site_in_town(x: Location | None, y: Location | None) -> bool:
    """Is one place a site named after the other, a town of its region ("Volgograd refinery", "Volgograd")?
    A report names the town and the site of one strike in turn."""
    if x is None or y is None or not x.admin1 or x.admin1 != y.admin1:
        return False
    a, b = places.key(x.name), places.key(y.name)
    town, site = (a, b) if len(a) < len(b) else (b, a)
    if not site.startswith(town + " "):
        return False
    return _first_class(site[len(town):], lexicon()["target_rx"]) is not None
