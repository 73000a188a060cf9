"""Tests for truceline.extract.incident_merge: a strike told more than once is one incident."""

import datetime as dt

from truceline.extract.incident_merge import merge, near, same_place
from truceline.models import Incident, Location, Span

DAY = dt.date(2025, 4, 2)


def _inc(name: str, date: dt.date | None, target: str = "other", admin1: str = "UA-63", precision: int = 2,
         claimed_by: str | None = None) -> Incident:
    return Incident(date=date, date_precision=3 if date else None,
                    location=Location(name=name, country="UA", admin1=admin1, precision=precision), target=target,
                    weapon=None, perpetrator="rus", claimed_by=claimed_by, denied_by=[], fatalities=None,
                    evidence=Span(0, 1))


def test_one_place_told_twice_on_one_day_is_one_incident_with_the_fields_of_both():
    first = _inc("Izium", DAY)
    again = _inc("Izium", DAY, target="energy", claimed_by="gov_ukr")
    [kept] = merge([(first, "Drones struck Izium on Wednesday.", True),
                    (again, "The regional governor said a substation in Izium was hit.", True)])
    assert (kept.target, kept.claimed_by) == ("energy", "gov_ukr")


def test_the_same_place_on_days_apart_stays_two_incidents():
    kept = merge([(_inc("Izium", DAY), "Izium was shelled.", True),
                  (_inc("Izium", DAY + dt.timedelta(days=5)), "Izium was shelled again.", True)])
    assert len(kept) == 2


def test_a_rising_toll_retells_the_strike_of_the_day_before():
    kept = merge([(_inc("Izium", DAY), "A missile hit Izium.", True),
                  (_inc("Izium", DAY + dt.timedelta(days=1)), "The number of injured in Izium rose to 12.", True)])
    assert [k.date for k in kept] == [DAY]


def test_near_and_same_place():
    assert near(DAY, DAY + dt.timedelta(days=2), 2) and not near(DAY, DAY + dt.timedelta(days=3), 2)
    assert near(None, None, 0) and not near(DAY, None, 9)
    assert same_place(Location("Izium", admin1="UA-63"), Location("Izium", admin1="UA-63"))
    assert not same_place(Location("Izium", admin1="UA-63"), Location("Izium", admin1="UA-14"))


def test_one_site_named_two_ways_is_one_place():
    # a site keeps the words the text names it by: two names, one point of the gazetteer
    field = Location("Hollow Creek airfield", admin1="RU-SAR", lat=51.48, lon=46.21, precision=1)
    base = Location("Hollow Creek-2 airbase", admin1="RU-SAR", lat=51.48, lon=46.21, precision=1)
    assert same_place(field, base)
    # two villages placed at one hromada centre are not one place
    assert not same_place(Location("Ivanivka", admin1="UA-63", lat=49.1, lon=36.2, precision=2),
                          Location("Petrivka", admin1="UA-63", lat=49.1, lon=36.2, precision=2))
    assert not same_place(field, Location("Other town", admin1="RU-SAR", lat=51.5, lon=46.0, precision=1))


def test_a_site_named_after_its_town_keeps_its_name_when_told_with_the_town():
    town = _inc("Feodosia", DAY, precision=1)
    site = _inc("Feodosia oil terminal", DAY, target="oil_gas", precision=1)
    for inc in (town, site):
        inc.location.lat, inc.location.lon = 45.03, 35.38  # the town's point, which the site took
    [kept] = merge([(town, "Drones hit Feodosia.", True), (site, "The Feodosia oil terminal burned.", True)])
    assert kept.location.name == "Feodosia oil terminal"
