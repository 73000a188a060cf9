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
