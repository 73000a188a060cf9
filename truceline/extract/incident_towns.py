"""Cities, districts and regions: what the gazetteer gets wrong about the places a sentence names.

``_city_districts`` (a district of a big city is that city), ``_into_named_region`` (a village the gazetteer
lacks, in the region the text names), ``_city_not_region`` (a city taken for its region) and
``site_in_town`` (a site named after its town is the same strike).
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..resolve import places
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
    city named before it and no other region named in the sentence. Returns the last big city named."""
    regions: set[str] | None = None  # worked out only when a district is in question
    for m in mentions:
        p = m.place
        if p.kind == "city" and p.country in places.HOME and p.population >= _BIG_CITY \
                and not _DISTRICT_AFTER.match(text[m.end:m.end + 120]):
            city = m
            continue
        # a rural district (raion) of the name only when the city is named beside it ("the Dniprovskyi
        # district of Kherson")
        if city is None:
            continue
        here = city.start >= sent.start_char
        if p.kind not in ("city", "site") + (("district",) if here else ()) or p.population >= _BIG_CITY:
            continue
        if not (_DISTRICT_AFTER.match(text[m.end:m.end + 120]) or _DISTRICT_END.search(m.text)):
            continue
        if regions is None:
            regions = set(places.regions_named(sent.text))
        if not regions or city.place.admin1 in regions:
            m.place, m.name, m.precision = city.place, city.name, city.precision
    return city


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
