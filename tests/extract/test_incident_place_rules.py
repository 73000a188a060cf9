"""Strikes that are not strikes, and places taken for what they are (extract/incident_places.py,
incident_towns.py, incidents.py); places that are not where a strike fell are in test_incident_place_filters.py."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


def places(a):
    return [i.location.name for i in a.incidents]


def test_blasts_heard_across_many_places_with_nothing_hit_are_alerts(analyse):
    a = analyse("Explosions were heard in Kharkiv, Poltava, Sumy and Chernihiv overnight.")
    assert a.incidents == []


def test_ground_assaults_without_a_weapon_or_damage_are_no_strike(analyse):
    a = analyse("Russian troops made two attempts to advance near Sumy on Tuesday.")
    assert a.incidents == []


def test_an_attack_long_before_the_report_is_background(analyse):
    a = analyse("On 10 October 2022 Russian missiles hit power plants in Kyiv.", published=dt.date(2025, 3, 19))
    assert a.incidents == []


def test_a_feast_is_never_a_place(analyse):
    a = analyse("Russian drones struck Kherson during Easter, the governor said.")
    assert "Easter" not in places(a) and "Oster" not in places(a)


def test_a_site_named_after_its_town_is_the_town_struck():
    from truceline.extract.incident_towns import site_in_town
    from truceline.models import Location

    town, site = Location("Samara", "RUS", "RU-SAM"), Location("Samara oil refinery", "RUS", "RU-SAM")
    assert site_in_town(town, site) and site_in_town(site, town)
    assert not site_in_town(town, Location("Samara", "RUS", "RU-SAM"))  # the same place, not a site in it
    assert not site_in_town(town, Location("Samara Heights", "RUS", "RU-SAM"))  # no site word
    assert not site_in_town(town, Location("Samara oil refinery", "RUS", "RU-ORE"))  # another region


def test_a_town_and_the_site_in_it_struck_the_same_night_are_one_incident(analyse):
    a = analyse("Ukrainian drones struck Syzran on Tuesday, the governor said. A fire broke out at the Syzran "
                "oil refinery after the attack on Tuesday, the governor added.")
    assert len([i for i in a.incidents if i.location.admin1 == "RU-SAM"]) <= 1


def test_the_ukrainian_capital_unnamed_is_kyiv(analyse):
    a = analyse("Russian missiles struck the Ukrainian capital overnight, damaging a block of flats.",
                published=dt.date(2025, 6, 2))
    assert places(a) == ["Kyiv"]


def test_a_bare_capital_is_the_capital_named_last(analyse):
    a = analyse("Air-raid sirens sounded in Kyiv after midnight.\n\nBy dawn drones had hit a school in the capital, "
                "officials said.", published=dt.date(2025, 6, 2))
    assert "Kyiv" in places(a)


def test_a_named_pipeline_is_not_the_town_of_its_name(analyse):
    a = analyse("Drones damaged the Druzhba oil pipeline in Russia's Tambov region overnight, the governor said.")
    locs = [i.location for i in a.incidents]
    assert locs and all(loc.admin1 == "RU-TAM" and "Druzhba" in loc.name for loc in locs)


def test_a_named_pipeline_with_no_region_in_its_sentence_is_in_the_documents_region(analyse):
    a = analyse("Officials in Russia's Bryansk region reported drone attacks on Monday.\n\nOn Monday a strike hit the "
                "Druzhba main oil pipeline and halted the pumping of crude.")
    assert all(i.location.admin1 == "RU-BRY" for i in a.incidents if "Druzhba" in i.location.name)
    assert "Druzhba" not in [i.location.name for i in a.incidents]  # no town of the name


def test_a_loosely_spelt_village_far_from_the_regions_named_stays_in_the_region_named_before():
    from truceline.extract.incident_places import PlaceMention
    from truceline.extract.incident_towns import _into_named_region
    from truceline.resolve import places

    far = places.gazetteer().resolve("Zvony")  # a village near Pskov
    assert far is not None and far.place.admin1 == "RU-PSK"
    text = "Shelling hit the Kursk region on Monday.\nA man was hurt in Zvonye, the governor said."
    at = text.index("Zvonye")
    m = PlaceMention(at, at + 6, "Zvonye", places.mentioned(far.place, match="spelling"), 1, "Zvony")
    _into_named_region([m], text)
    assert (m.name, m.place.admin1) == ("Zvonye", "RU-KRS")
    near = PlaceMention(at, at + 6, "Zvonye", places.mentioned(far.place, match="name"), 1, "Zvony")
    _into_named_region([near], text)
    assert near.place.admin1 == "RU-PSK"  # an exact name stands


def test_a_district_the_gazetteer_lists_as_a_big_town_within_the_city_is_the_city():
    from types import SimpleNamespace

    from truceline.extract.incident_places import PlaceMention
    from truceline.extract.incident_towns import _city_districts
    from truceline.resolve import places

    g = places.gazetteer()
    kyiv, district = g.resolve("Kyiv"), g.resolve("Dniprovskyi")
    assert kyiv is not None and district is not None and district.place.population >= 150_000
    text = "Drones hit Kyiv overnight; a fire broke out in the Dniprovskyi district."
    at = text.index("Dniprovskyi")
    city = PlaceMention(11, 15, "Kyiv", kyiv.mentioned(), 1, "Kyiv")
    m = PlaceMention(at, at + 11, "Dniprovskyi", district.mentioned(), 1, "Dniprovskyi")
    _city_districts([city, m], SimpleNamespace(text=text, start_char=0), text, None)  # type: ignore[arg-type]
    assert m.name == "Kyiv"


def test_a_district_of_another_city_named_after_a_big_city_is_that_city():
    """A big place the gazetteer knows as another city's district ("Desnianskyi District" of Chernihiv),
    named as a district after Kyiv, is Kyiv's district of that name; and a district so named is no city of
    its own for the districts after it."""
    from types import SimpleNamespace

    from truceline.extract.incident_places import PlaceMention
    from truceline.extract.incident_towns import _city_districts
    from truceline.resolve import places

    g = places.gazetteer()
    kyiv, far = g.resolve("Kyiv"), g.resolve("Desnianskyi district", kinds=("district", "city"), loose=False)
    assert kyiv is not None and far is not None and far.place.admin1 != "UA-30"
    text = "Drones hit Kyiv overnight; homes burned in the Desnianskyi district."
    at = text.index("Desnianskyi")
    city = PlaceMention(11, 15, "Kyiv", kyiv.mentioned(), 1, "Kyiv")
    m = PlaceMention(at, at + 20, "Desnianskyi district", far.mentioned(), 1, far.place.name)
    last = _city_districts([city, m], SimpleNamespace(text=text, start_char=0), text, None)  # type: ignore[arg-type]
    assert m.name == "Kyiv" and last is city


def test_a_city_district_named_with_its_word_is_found_under_that_name(analyse):
    a = analyse("A drone hit an office block in the Pecherskyi district on Sunday night, the mayor said.")
    assert [i.location.admin1 for i in a.incidents] == ["UA-30"]
