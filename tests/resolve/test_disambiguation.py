"""Which of several places of one name: the region the document names, the document's other places,
the theatre of the war, then size; the location says why and among how many."""
from __future__ import annotations

from truceline.resolve import places
from truceline.resolve.places import Context, gazetteer, resolve


def test_a_region_named_in_the_sentence_decides():
    for code in ("UA-65", "UA-14", "UA-63", "UA-23"):
        m = resolve("Ivanivka", Context(regions=[code]))
        assert m.place.admin1 == code
        assert m.reason.startswith("region named in the same sentence or just before")
        assert m.candidates > 50   # Ukraine has well over a hundred Ivanivkas


def test_a_region_named_anywhere_in_the_document_decides_next():
    ctx = Context(document_regions={"UA-59"})
    m = resolve("Myropillia", ctx)
    assert m.place.admin1 == "UA-59" and m.reason.startswith("region named in the document")


def test_the_latest_region_weighs_more():
    assert resolve("Ivanivka", Context(regions=["UA-14", "UA-65"])).place.admin1 == "UA-65"


def test_the_documents_other_places_decide_without_a_region():
    kupiansk = gazetteer().lookup("Kupiansk")
    m = resolve("Petropavlivka", Context(points=[(kupiansk.lat, kupiansk.lon)]))
    assert m.place.admin1 == "UA-63"
    assert places.km_between(m.place.lat, m.place.lon, kupiansk.lat, kupiansk.lon) < 30
    assert m.reason.startswith("near the document's other places")


def test_without_context_the_front_before_a_far_namesake():
    # villages of these names lie near the front and far from it; a war report means the former
    for name, code in (("Pisky", "UA-14"), ("Staromaiorske", "UA-14"), ("Robotyne", "UA-23")):
        m = resolve(name)
        assert m.place.admin1 == code, name
    assert resolve("Pisky").reason.startswith("theatre of the war")


def test_a_city_keeps_its_name_against_front_line_villages():
    for city, code in (("Lviv", "UA-46"), ("Rivne", "UA-56"), ("Kharkiv", "UA-63"), ("Odesa", "UA-51")):
        m = resolve(city)
        assert (m.place.admin1, m.place.kind) == (code, "city"), city


def test_a_village_the_named_region_lacks_is_not_a_namesake_elsewhere():
    # no Martynivka/Martynovka of the gazetteer lies in Kursk region: the one in Ukraine is not meant
    ctx = Context().with_regions(["RU-KRS"], here=True)
    assert resolve("Martynovka", ctx) is None
    # a town is still a town: "strikes on Zaporizhzhia region and Nikopol"
    ctx = Context().with_regions(["UA-23"], here=True)
    assert resolve("Nikopol", ctx).place.admin1 == "UA-12"


def test_the_location_records_how_why_and_among_how_many():
    loc = resolve("Ivanivka", Context(regions=["UA-65"])).location()
    assert (loc.admin1, loc.match) == ("UA-65", "name")
    assert loc.reason.startswith("region named in the same sentence or just before; ")
    assert loc.candidates > 50 and loc.precision in (1, 2)
    only = resolve("Robotyne").location()
    assert (only.match, only.reason, only.candidates) == ("name", "only candidate", 1)


def test_a_place_reached_by_two_of_its_names_counts_once():
    assert resolve("Kharkov").candidates == len({id(p) for p, _ in gazetteer().matches("Kharkov")[1]})


def test_the_country_the_sentence_names_beats_the_documents_latest_region():
    # a report that named a Russian region before: "Samar in Ukraine's south" is still the Ukrainian town
    ctx = Context(countries=["RUS"], regions=["RU-SAM"]).with_countries(
        places.countries_named("A missile killed two people in Samar in Ukraine's south."))
    m = resolve("Samar", ctx)
    assert (m.place.country, m.place.admin1) == ("UKR", "UA-12")
    assert m.reason.startswith("country named in the same sentence")
    # a region the sentence names still comes first
    assert resolve("Ivanivka", ctx.with_regions(["UA-65"], here=True)).place.admin1 == "UA-65"


def test_which_countries_a_sentence_puts_its_places_in():
    named = places.countries_named
    assert named("Drones hit a depot outside Russia's city of Lipetsk.") == {"RUS"}
    assert named("Shelling hit the Ukrainian frontline town of Huliaipole.") == {"UKR"}
    assert named("A plant in Vorotynsk, Russia, caught fire.") == {"RUS"}
    assert named("Two were hurt in Zolochiv in Ukraine's northeast.") == {"UKR"}
    # a country that acts or speaks puts no place anywhere
    assert named("Russia's army said Ukrainian drones hit Lipetsk.") == set()
    assert named("Russian missiles struck a depot overnight.") == set()


def test_a_site_of_the_kind_the_sentence_names_takes_its_bare_name():
    # "Belaya" is a village of the Kursk region and an air base in Siberia
    assert resolve("Belaya").place.admin1 == "RU-KRS"
    m = resolve("Belaya", Context().with_targets({"military"}))
    assert (m.place.kind, m.place.admin1, m.place.target) == ("site", "RU-IRK", "military")
    assert m.reason.startswith("a site of the kind the sentence names")
    # the site's full name needs no hint
    assert resolve("Olenya air base").place.admin1 == "RU-MUR"

