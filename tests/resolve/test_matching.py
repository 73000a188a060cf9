"""Matching a name as written to the gazetteer: spellings, romanisations, words around a name, former
names, and the order of preference of ``truceline.resolve.places`` (name, alias, former name, spelling).
Reference facts: the places' KATOTTG names and GeoNames points, rounded."""
from __future__ import annotations

import gzip
from importlib import resources

import pytest

from truceline.resolve import names, places
from truceline.resolve.places import Context, gazetteer, resolve

UKR = Context(countries=["UKR"])


def test_keys_ignore_apostrophes_soft_signs_case_hyphens_and_number_words():
    assert names.key("Mar'inka") == names.key("Marinka") == "marinka"
    assert names.key("Луганськ") == names.key("луганск")
    assert names.key("Novo-Oleksandrivka") == names.key("novo oleksandrivka")
    assert names.key("Mine No. 3") == names.key("mine №3") == names.key("Mine #3") == "mine 3"
    assert names.key("Ёлкино") == names.key("Елкино")


@pytest.mark.parametrize(("cyrillic", "uk", "ru_bgn", "ru_wire"), [
    ("Горлівка", "Horlivka", "Gorlovka", "Gorlovka"),
    ("Миколаївка", "Mykolaivka", "Nikolayevka", "Nikolaevka"),
    ("Авдіївка", "Avdiivka", "Avdeyevka", "Avdeevka"),
    ("Зелене", "Zelene", "Zelenoye", "Zelenoe"),
    ("Запоріжжя", "Zaporizhzhia", "Zaporizhzhya", "Zaporizhzhya"),
    ("Єнакієве", "Yenakiieve", "Yenakiyevo", "Enakievo"),
    ("Згурівка", "Zghurivka", "Zgurovka", "Zgurovka"),
])
def test_romanisations(cyrillic, uk, ru_bgn, ru_wire):
    assert names.romanise_uk(cyrillic) == uk
    assert names.romanise_ru(names.ru_form(cyrillic)) == ru_bgn
    assert names.romanise_ru(names.ru_form(cyrillic), simple=True) == ru_wire


@pytest.mark.parametrize("pair", [
    ("Novomykhailivka", "Novomikhaylovka"), ("Novomykhailivka", "Novo-Mikhailovka"), ("Horlivka", "Gorlovka"),
    ("Stanytsia Luhanska", "Stanitsa Luganskaya"), ("Oleksandrivka", "Alexandrovka"), ("Avdiivka", "Avdeyevka"),
    ("Pervomaiske", "Pervomayskoye"), ("Shchastia", "Schastye"), ("Zaporizhzhia", "Zaporozhye"),
    ("Luhansk", "Луганськ"),
])
def test_spellings_of_one_name_share_a_skeleton(pair):
    assert names.skeleton(pair[0]) == names.skeleton(pair[1])


def test_skeletons_keep_different_names_apart():
    assert names.skeleton("Pisky") != names.skeleton("Peskovo")
    assert names.skeleton("Donetsk") != names.skeleton("Donets")
    assert names.skeleton("Lyman") != names.skeleton("Lymany")


@pytest.mark.parametrize(("written", "bare", "district"), [
    ("the village of Krynky", "Krynky", False),
    ("Robotyne village", "Robotyne", False),
    ("the urban-type settlement of Stepnohirsk", "Stepnohirsk", False),
    ("the town of Vuhledar", "Vuhledar", False),
    ("Pokrovsk district", "Pokrovsk", True),
    ("Stanytsia Luhanska", "Stanytsia Luhanska", False),  # part of the name, not a word around it
    ("Velyka Novosilka", "Velyka Novosilka", False),
])
def test_words_around_a_name(written, bare, district):
    assert names.strip_settlement_words(written) == (bare, district)


@pytest.mark.parametrize(("written", "name", "code", "how"), [
    # a village GeoNames lacks, from KATOTTG
    ("Robotyne", "Robotyne", "UA-23", "name"),
    ("Klishchiivka", "Klishchiivka", "UA-14", "name"),
    ("the village of Krynky", "Krynky", "UA-65", "name"),
    ("Robotyne village", "Robotyne", "UA-23", "name"),
    # Russian spellings: listed ones (alias) and others (spelling: the same skeleton)
    ("Rabotino", "Robotyne", "UA-23", "spelling"),
    ("Gorlovka", "Horlivka", "UA-14", "alias"),
    ("Novaya Kakhovka", "Nova Kakhovka", "UA-65", "spelling"),
    ("Aleshki", "Oleshky", "UA-65", "alias"),
    ("Stanitsa Luganskaya", "Stanytsia Luhanska", "UA-09", "spelling"),
    ("Golaya Pristan", "Hola Prystan", "UA-65", "spelling"),
    ("Kleshcheyevka", "Klishchiivka", "UA-14", "spelling"),
    ("Vasilyevka", "Vasylivka", "UA-23", "alias"),
    ("Graivoron", "Grayvoron", "RU-BEL", "spelling"),
    # names from before the renamings
    ("Artemivsk", "Bakhmut", "UA-14", "former name"),
    ("Krasnoarmiisk", "Pokrovsk", "UA-14", "former name"),
    ("Stakhanov", "Kadiivka", "UA-09", "former name"),
    ("Tsiurupynsk", "Oleshky", "UA-65", "former name"),
    ("Kuibysheve", "Kamianka", "UA-23", "former name"),
    ("Novomoskovsk", "Samar", "UA-12", "former name"),
    # Cyrillic
    ("Бахмут", "Bakhmut", "UA-14", "alias"),
    ("Харьков", "Kharkiv", "UA-63", "alias"),
    # Russia's border regions
    ("Sudzha", "Sudzha", "RU-KRS", "name"),
    ("Tyotkino", "Tetkino", "RU-KRS", "alias"),
])
def test_names_as_war_reports_write_them(written, name, code, how):
    m = resolve(written, UKR if code.startswith("UA") else Context(countries=["RUS"]))
    assert m is not None, written
    assert (m.place.name, m.place.admin1, m.match) == (name, code, how)


def test_order_of_preference_an_own_name_before_an_alias():
    # "Shumy" is a village of Donetsk region's own name and a former name of a Crimean village
    m = resolve("Shumy", UKR)
    assert (m.place.admin1, m.match) == ("UA-14", "name")


def test_a_district_only_when_the_text_says_district():
    d = resolve("Pokrovsk district")
    assert (d.place.kind, d.place.admin1, d.place.precision) == ("district", "UA-14", 2)
    assert resolve("Pokrovsk").place.kind == "city"


def test_unknown_names_resolve_to_nothing():
    assert resolve("Xyzivka") is None
    assert resolve("Zzzz") is None


def test_a_village_placed_by_its_hromada_says_so():
    robotyne = resolve("Robotyne").place
    assert robotyne.coord == "hromada" and robotyne.precision == 2
    krynky = resolve("Krynky").place
    assert krynky.coord == "point" and krynky.precision == 1
    assert abs(krynky.lat - 46.73) < 0.05 and abs(krynky.lon - 33.08) < 0.05


def test_every_settlement_of_ukraine_is_in_the_gazetteer():
    raw = resources.files("truceline.resolve").joinpath("data/places.tsv.gz").read_bytes()
    rows = [ln.split("\t") for ln in gzip.decompress(raw).decode("utf-8").splitlines()
            if not ln.startswith("#") and not ln.startswith("name\t")]
    katottg = [r for r in rows if r[9]]
    assert len([r for r in katottg if r[10] != "district"]) > 29_000   # KATOTTG: about 29,700 settlements
    assert {r[4] for r in katottg} >= {f"UA-{c}" for c in ("09", "14", "23", "43", "65", "63")}
    assert sum(1 for r in katottg if r[11] == "point") > 5_000        # placed by GeoNames
    assert all(r[5] for r in katottg if r[10] != "district")          # every one has a point
    # the stored keys are the run-time keys of the names
    for r in rows[::997]:
        assert r[12].split("|")[0] == places.key(r[0])


def test_the_data_stays_small():
    raw = resources.files("truceline.resolve").joinpath("data/places.tsv.gz").read_bytes()
    assert len(raw) < 5_000_000


@pytest.mark.parametrize("row", [r for r in places._read_csv("renamed.csv")], ids=lambda r: r["name"])
def test_every_renamed_settlement_is_found_by_every_name(row):
    ctx = Context(countries=["UKR"], regions=[row["admin1"]])
    now = resolve(row["name"], ctx)
    assert now is not None and now.place.admin1 == row["admin1"], row["name"]
    for old in row["former"].split("|"):
        m = resolve(old, ctx)
        assert m is not None and m.place is now.place, old


def test_oblasts_by_their_adjectives_and_in_cyrillic():
    g = gazetteer()
    assert g.region("Luhanska oblast").admin1 == "UA-09"
    assert g.region("Luganskaya oblast").admin1 == "UA-09"
    assert g.region("Луганська область").admin1 == "UA-09"
    assert g.region("Zaporozhye region").admin1 == "UA-23"


def test_regions_named_in_a_text():
    text = "Shelling hit Ivanivka in the Kherson region; Russia's Kursk region and the Kharkiv Oblast too."
    assert places.regions_named(text) == {"UA-65", "RU-KRS", "UA-63"}
