"""Incident places through the real extractor: villages, spellings, unresolved names kept, the region of
the sentence, neighbours, and the attacker inferred from who held the place (short reports written for
the purpose)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from truceline.models import Record

pytestmark = pytest.mark.slow

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "record.schema.json"


@pytest.fixture()
def report(extractor):
    def run(text: str, published: dt.date = dt.date(2024, 5, 1)) -> Record:
        return extractor.extract_text(text, published=published)

    return run


def side(rec: Record, actor: str | None) -> str | None:
    return next((a.country for a in rec.actors if a.id == actor), None)


def test_a_village_geonames_lacks_is_found(report):
    rec = report("Russian shelling hit Robotyne on Tuesday, wounding two people.", dt.date(2023, 9, 5))
    loc = rec.incidents[0].location
    assert (loc.name, loc.admin1, loc.precision, loc.match) == ("Robotyne", "UA-23", 2, "name")
    assert loc.lat == pytest.approx(47.4, abs=0.25)


def test_a_russian_spelling_and_a_former_name(report):
    rec = report("Shelling in Golaya Pristan wounded a man overnight.", dt.date(2024, 2, 1))
    assert (rec.incidents[0].location.name, rec.incidents[0].location.match) == ("Hola Prystan", "spelling")
    rec = report("Separatist artillery shelled Artemivsk on Tuesday, a military spokesman said.", dt.date(2015, 2, 3))
    assert (rec.incidents[0].location.name, rec.incidents[0].location.admin1) == ("Bakhmut", "UA-14")


def test_an_unknown_village_keeps_its_incident(report):
    rec = report("Russian forces shelled the village of Xyzivka in the Donetsk region, killing a man.")
    loc = next(i.location for i in rec.incidents if i.location.name == "Xyzivka")
    assert (loc.country, loc.admin1, loc.lat, loc.lon, loc.precision, loc.match) == \
        ("UKR", "UA-14", None, None, None, "unresolved")


def test_the_region_of_the_sentence_picks_the_namesake(report):
    rec = report("A drone struck Ivanivka in the Kherson region on Friday, officials said.")
    loc = next(i.location for i in rec.incidents if i.location.name == "Ivanivka")
    assert loc.admin1 == "UA-65" and loc.reason.startswith("region named")


def test_a_neighbour_in_the_sentence_picks_the_namesake(report):
    rec = report("Shelling hit Kupiansk and the nearby village of Petropavlivka on Monday, officials said.")
    loc = next(i.location for i in rec.incidents if i.location.name == "Petropavlivka")
    assert loc.admin1 == "UA-63" and loc.reason.startswith("near the document's other places")


def test_a_strike_on_a_town_russia_holds_is_not_russia_striking_itself(report):
    rec = report("Shelling damaged a hospital in Nova Kakhovka, the Russian-installed administration said.",
                 dt.date(2023, 5, 3))
    inc = rec.incidents[0]
    assert (inc.location.held_by, side(rec, inc.perpetrator)) == ("RUS", "UKR")
    rec = report("Ukrainian drones attacked Horlivka, Russian-installed officials said.", dt.date(2019, 3, 1))
    assert side(rec, rec.incidents[0].perpetrator) == "UKR"
    # the same town after it changed hands
    rec = report("Shelling damaged a hospital in Kherson, the regional governor said.", dt.date(2023, 5, 3))
    inc = rec.incidents[0]
    assert (inc.location.held_by, side(rec, inc.perpetrator)) == ("UKR", "RUS")


def test_a_named_attacker_on_a_place_it_holds_is_kept(report):
    rec = report("Russian shelling damaged the Zaporizhzhia NPP on Tuesday, the IAEA said.", dt.date(2024, 4, 10))
    assert side(rec, rec.incidents[0].perpetrator) == "RUS"


def test_the_record_with_its_location_extras_is_valid(report):
    rec = report("Russian forces shelled the village of Xyzivka and Robotyne in the Zaporizhzhia region.")
    data = json.loads(json.dumps(rec.to_dict()))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    locs = [i["location"] for i in data["incidents"]]
    assert {"match", "reason", "candidates", "held_by"} <= set(locs[0])


def test_air_bases_named_bare_in_a_sentence_about_bases(report):
    rec = report("Drones hit two air bases, Belaya and Olenya, on Sunday, destroying several bombers.",
                 dt.date(2025, 6, 2))
    assert {(i.location.admin1, i.target) for i in rec.incidents} == {("RU-IRK", "military"), ("RU-MUR", "military")}


def test_an_airfield_the_gazetteer_knows_is_the_site_not_the_town(report):
    rec = report("Drones struck the Engels airfield in the Saratov region overnight. Hours later, a second "
                 "wave hit the Engels-2 airbase, the governor said.", dt.date(2025, 6, 6))
    [inc] = rec.incidents
    assert (inc.location.admin1, inc.target) == ("RU-SAR", "military")
    assert inc.location.lon == pytest.approx(46.21, abs=0.02)  # the base's point, not the town's
