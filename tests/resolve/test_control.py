"""Who held a place on a day (``truceline.resolve.control.held_by``), checked against well-reported changes
of hands: Crimea (2014), Donetsk and Luhansk (2014-2015 and 2022), Kherson (retaken 2022-11-11), the
2022 Kharkiv counteroffensive, Avdiivka (2024), the Kursk incursion (2024-2025)."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.models import Location
from truceline.resolve import control, places
from truceline.resolve.places import Context, resolve

D = dt.date


def held(name: str, day: dt.date | None, region: str | None = None) -> str | None:
    m = resolve(name, Context(regions=[region] if region else []))
    assert m is not None, name
    return control.held_by(m.place, day)


@pytest.mark.parametrize(("name", "day", "side"), [
    ("Simferopol", D(2013, 6, 1), "UKR"), ("Simferopol", D(2015, 1, 1), "RUS"), ("Sevastopol", D(2023, 1, 1), "RUS"),
    ("Donetsk", D(2013, 6, 1), "UKR"), ("Donetsk", D(2016, 1, 1), "RUS"), ("Horlivka", D(2019, 1, 1), "RUS"),
    ("Toretsk", D(2019, 1, 1), "UKR"), ("Marinka", D(2019, 1, 1), "UKR"), ("Dokuchaievsk", D(2019, 1, 1), "RUS"),
    ("Avdiivka", D(2020, 1, 1), "UKR"), ("Avdiivka", D(2024, 6, 1), "RUS"),
    ("Debaltseve", D(2014, 10, 1), "UKR"), ("Debaltseve", D(2015, 3, 1), "RUS"),
    ("Sloviansk", D(2014, 5, 1), "RUS"), ("Sloviansk", D(2014, 8, 1), "UKR"),
    ("Luhansk", D(2015, 1, 1), "RUS"), ("Shchastia", D(2019, 1, 1), "UKR"), ("Shchastia", D(2023, 1, 1), "RUS"),
    ("Sievierodonetsk", D(2021, 1, 1), "UKR"), ("Sievierodonetsk", D(2023, 1, 1), "RUS"),
    ("Kherson", D(2022, 6, 1), "RUS"), ("Kherson", D(2022, 11, 12), "UKR"), ("Beryslav", D(2023, 6, 1), "UKR"),
    ("Nova Kakhovka", D(2023, 6, 1), "RUS"), ("Oleshky", D(2024, 1, 1), "RUS"), ("Hola Prystan", D(2024, 1, 1), "RUS"),
    ("Melitopol", D(2023, 1, 1), "RUS"), ("Enerhodar", D(2024, 1, 1), "RUS"), ("Orikhiv", D(2024, 1, 1), "UKR"),
    ("Robotyne", D(2023, 1, 1), "RUS"), ("Robotyne", D(2023, 10, 1), "UKR"), ("Nikopol", D(2024, 1, 1), "UKR"),
    ("Mariupol", D(2021, 1, 1), "UKR"), ("Mariupol", D(2023, 1, 1), "RUS"),
    ("Izium", D(2022, 6, 1), "RUS"), ("Izium", D(2022, 12, 1), "UKR"), ("Kupiansk", D(2023, 1, 1), "UKR"),
    ("Bakhmut", D(2022, 5, 1), "UKR"), ("Bakhmut", D(2024, 1, 1), "RUS"),
    ("Sudzha", D(2024, 1, 1), "RUS"), ("Sudzha", D(2024, 10, 1), "UKR"), ("Sudzha", D(2025, 6, 1), "RUS"),
    ("Belgorod", D(2024, 1, 1), "RUS"), ("Lviv", D(2024, 1, 1), "UKR"),
])
def test_who_held_it_that_day(name, day, side):
    assert held(name, day) == side


def test_fought_over_is_no_one():
    assert held("Bucha", D(2022, 3, 10)) is None
    assert held("Bucha", D(2022, 5, 1)) == "UKR"
    assert held("Mariupol", D(2022, 4, 1)) is None


def test_without_a_date_the_latest_state():
    assert held("Nova Kakhovka", None) == "RUS"
    assert held("Kherson", None) == "UKR"


def test_whole_regions_and_places_without_a_point():
    g = places.gazetteer()
    assert control.held_by(g.region("Crimea"), D(2023, 1, 1)) == "RUS"
    assert control.held_by(g.region("Luhansk region"), D(2023, 1, 1)) == "RUS"
    assert control.held_by(g.region("Lviv region"), D(2023, 1, 1)) == "UKR"
    # Kherson region is held in part: its label point says nothing
    assert control.held_by(g.region("Kherson region"), D(2023, 1, 1)) is None
    # a place the gazetteer lacks: the whole region's rule, or by its name when it is a listed town
    assert control.held_by(places.unresolved("Xyzivka", "UKR", "UA-43").location(), D(2023, 1, 1)) == "RUS"
    assert control.held_by(places.unresolved("Xyzivka", "UKR", "UA-14").location(), D(2023, 1, 1)) is None
    assert control.held_by(places.unresolved("Xyzivka", "UKR", "UA-46").location(), D(2023, 1, 1)) == "UKR"
    assert control.held_by(Location("Bakhmut", "UKR", "UA-14"), D(2024, 1, 1)) == "RUS"


def test_other_countries_and_no_place_are_no_ones():
    assert control.held_by(resolve("Lyon").place, D(2024, 1, 1)) is None
    assert control.held_by(None, D(2024, 1, 1)) is None


def test_the_data_is_consistent():
    c = control.control()   # every listed settlement is in the gazetteer, in its region
    assert len(c.settlements) > 50 and len(c.areas) >= 7
    for s in c.settlements:
        assert [p[0] for p in s.periods] == sorted(p[0] for p in s.periods)
        assert all(who in ("RUS", "UKR", None) for _, who in s.periods)
    for a in c.areas:
        assert len(a.polygon) >= 4 and a.admin1
    # the front points the gazetteer weighs lie in Ukraine or Russia's border regions
    assert all(44 < la < 53 and 28 < lo < 41 for la, lo in places._front())
