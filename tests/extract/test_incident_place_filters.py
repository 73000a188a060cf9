"""Places a sentence names that are not where a strike fell: a launch point, airspace, an office, a
speaker (extract/incident_place_filters.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def places(a):
    return [i.location.name for i in a.incidents]


def test_a_launch_point_is_not_where_anything_was_hit(analyse):
    a = analyse("Missiles launched from bombers over the Saratov region hit an oil depot in Chernihiv on Tuesday.")
    assert places(a) == ["Chernihiv"]


def test_the_airspace_drones_crossed_is_not_where_they_hit(analyse):
    a = analyse("Drones flying in the skies over the Poltava region hit a fuel depot in Kremenchuk on Sunday.")
    assert "Poltava region" not in places(a)


def test_an_office_named_after_a_place_is_no_place(analyse):
    a = analyse("Russian missiles hit a power plant in Zaporizhzhia overnight, the Dnipro mayor said on Friday.")
    assert "Dnipro" not in places(a)


def test_a_place_another_is_measured_from_is_not_where_anything_was_hit(analyse):
    a = analyse("A drone hit a substation in Konotop, a town some 40 kilometres northeast of Sumy, on Monday.")
    assert "Sumy" not in places(a)


def test_the_ends_of_a_struck_trains_route_are_not_where_it_was_hit(analyse):
    a = analyse("On Sunday Russian drones struck a passenger train travelling from Kharkiv to Lviv near Lozova.")
    assert not {"Kharkiv", "Lviv"} & set(places(a))


def test_the_south_of_a_city_is_the_city():
    from truceline.extract.incident_place_filters import _reference_point

    assert not _reference_point("a drone hit a block of flats in the south of ")
    assert _reference_point("the strike on Izium, about 120 km southeast of ")


def test_where_leaders_met_is_not_where_anything_was_hit():
    from truceline.extract.incident_place_filters import _reference_point

    assert _reference_point("The strike came a week after the two presidents met in ")
    assert _reference_point("under the agreements reached on May 16 in ")
    assert not _reference_point("as talks went on, drones struck an oil depot in ")
