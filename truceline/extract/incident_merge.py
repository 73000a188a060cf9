"""Merging the strikes a report tells more than once: one incident per place and day (``merge``).

A strike is often told twice or more in one report: with its day and again without, as a town and then as
the site in it, as a region and then as a town of it, or again when its toll rises. ``incidents.find_incidents``
collects every strike it reads and hands them here; what is kept is one incident per strike, with the fields
each telling adds.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import Incident, Location
from ..resolve import places
from .incident_targets import _ENERGY
from .incident_towns import site_in_town
from .lexicons import load

_INC_WORDS = load("incidents")
#: "the number of injured rose to 27", "the death toll has increased": a strike told again with the day it is reported
_TOLL = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, _INC_WORDS["toll_nouns"])) + r")\b[^.;]{0,120}?\b(?:"
                   + "|".join(map(re.escape, _INC_WORDS["toll_rises"])) + r")\b")
#: how many days before a toll's report the strike it counts may lie
_TOLL_DAYS = 2


def merge(found: list[tuple[Incident, str, bool]]) -> list[Incident]:
    """One incident per place per day; a whole region yields to a town in it the same day, unless the
    two differ in being energy or the text says "elsewhere". An undated mention of a place already
    reported with its date is the same incident retold, and so is a site named after a town told with it
    (cross-validated, 5 folds: incidents F1 +0.003, five documents fewer spurious, one lost). A toll rising
    ("the number of injured rose to 27") retells a strike at its place up to two days before or after it; told
    first with only the report's day, it takes the strike's own day.

    Two rules were removed here after cross-validation (benchmarks/crossval.py, 5 folds, incidents F1
    mean): a town with no target named beside a struck site within 30 km the same night as a retelling of
    that strike (removing it: 0.571 -> 0.576), and two sites of one region whose names share a first word
    as one site (removing it: 0.571 -> 0.570, within noise)."""
    # (incident, its sentence, dated by its own words, a toll told in it): each sentence searched for a toll once
    out: list[tuple[Incident, str, bool, bool]] = []
    for inc, stext, explicit in found:
        toll = _TOLL.search(stext) is not None
        told = next(((o, ox, otoll) for o, _, ox, otoll in out if same_place(o.location, inc.location) and
                     (o.date == inc.date or (not explicit and ox and near(o.date, inc.date, 3))
                      or ((toll or otoll) and near(o.date, inc.date, _TOLL_DAYS)))),
                    None)
        dup = told[0] if told else None
        if told and explicit and not told[1] and not toll and told[2]:
            # a toll told first, dated only by the report: the strike's own sentence gives its day
            told[0].date, told[0].date_precision = inc.date, inc.date_precision
        town = None if dup else next((o for o, _, _, _ in out if site_in_town(o.location, inc.location)
                                      and near(o.date, inc.date, 1)), None)
        if town is not None and len(inc.location.name) > len(town.location.name):  # type: ignore[union-attr]
            # the site after its town: the site's words say more, of the place and of the attacker
            town.location, town.perpetrator = inc.location, inc.perpetrator or town.perpetrator
        dup = dup or town
        if dup is not None:
            dup.weapon = dup.weapon or inc.weapon
            dup.fatalities = dup.fatalities if dup.fatalities is not None else inc.fatalities
            dup.claimed_by = dup.claimed_by or inc.claimed_by
            if dup.target == "other" and inc.target != "other":
                dup.target = inc.target
            continue
        out.append((inc, stext, explicit, toll))
    keep = []
    for inc, stext, _, _ in out:
        loc = inc.location
        if loc is not None and loc.precision == 3 and loc.admin1 and "elsewhere" not in stext.lower():
            energy = inc.target in _ENERGY
            if any(o is not inc and o.location is not None and o.location.admin1 == loc.admin1
                   and (o.location.precision or 1) < 3 and near(o.date, inc.date, 1)
                   and (o.target in _ENERGY) == energy for o, _, _, _ in out):
                continue
        keep.append(inc)
    return keep


def near(x: dt.date | None, y: dt.date | None, days: int) -> bool:
    """Whether two days lie at most ``days`` apart (two unknown days are the same)."""
    if x is None or y is None:
        return x is y
    return abs((x - y).days) <= days


def same_place(x: Location | None, y: Location | None) -> bool:
    """Whether two locations are one place: the same name key in the same region (two unknown are the same),
    or one named site called two ways ("the Engels airfield", "the Engels-2 airbase": a site keeps the words
    the text names it by), which is the same point of the gazetteer. A site named after its town and the town
    are :func:`merge`'s own case (the site's name stays)."""
    if x is None or y is None:
        return x is y
    if x.admin1 != y.admin1:
        return False
    if places.key(x.name) == places.key(y.name):
        return True
    return x.lat is not None and x.precision == 1 and (x.lat, x.lon, x.precision) == (y.lat, y.lon, y.precision) \
        and not site_in_town(x, y)
