"""The target class of a struck place, from the words of its clause and sentence (sentences of our own)."""
from __future__ import annotations

import pytest


def _mentions(text: str, *names: str):
    from truceline.extract.incident_places import PlaceMention
    from truceline.resolve.places import Place

    return [PlaceMention(text.index(n), text.index(n) + len(n), n, Place(n, "city", "UKR"), 1, n) for n in names]


@pytest.mark.parametrize(("text", "names", "k", "target"), [
    # the market is Mykolaiv's, told in a clause of its own
    ("Shelling hit Kherson on Tuesday, while drones struck a market in Mykolaiv.", ("Kherson", "Mykolaiv"), 0, None),
    ("Shelling hit Kherson on Tuesday, while drones struck a market in Mykolaiv.", ("Kherson", "Mykolaiv"), 1,
     "civilian_infrastructure"),
    # places listed in one clause, or ending a list, share its words
    ("Drones hit substations in Kharkiv and Sumy.", ("Kharkiv", "Sumy"), 1, "power_grid"),
    ("Drones hit the Kharkiv, Sumy, and Poltava substations.", ("Kharkiv", "Sumy", "Poltava"), 0, "power_grid"),
])
def test_the_sentences_target_leaves_out_the_clauses_of_other_places(text, names, k, target):
    from truceline.extract.incident_lexicon import lexicon
    from truceline.extract.incident_targets import _sentence_target

    assert _sentence_target(text, 0, _mentions(text, *names), k, lexicon()) == target


@pytest.mark.slow
def test_what_was_hit_may_be_told_a_few_sentences_and_paragraphs_later(analyse):
    # read directly: the trained model, when present, may fill the class before this rule is asked
    from truceline.extract.incident_lexicon import lexicon
    from truceline.extract.incident_targets import _later_target
    from truceline.extract.incidents import sentence_views

    a = analyse("Russian drones attacked Nikopol on Tuesday.\n\nThe governor asked people to stay indoors.\n\n"
                "Four private houses and a school were damaged, he wrote.")
    views = sentence_views(a)
    # the class by priority: the houses before the school, whichever comes first
    assert _later_target(views, 0, lexicon()) == "residential"
    b = analyse("Russian drones attacked Nikopol on Tuesday.\n\nIn Kherson, shelling damaged a school.")
    assert _later_target(sentence_views(b), 0, lexicon()) is None  # a sentence on another place ends the search


@pytest.mark.parametrize(("text", "target"), [
    # people hit in a street, glass strewn over a road: the street is where, not what, was hit
    ("A drone struck two men walking down a street in Nikopol.", None),
    ("Broken glass covered the main street after homes in Sumy were hit.", "residential"),
    # homes on a named street are still homes
    ("A shell hit a private house on Sadova Street in Kherson.", "residential"),
])
def test_a_street_is_no_target_of_its_own(text, target):
    from truceline.extract.incident_lexicon import _classify, lexicon

    lex = lexicon()
    assert _classify(text, lex["target_rx"], lex["priority"]) == target


def _placed(text: str, *names: tuple[str, str, str | None]):
    """Mentions of the named places, each a (name, kind, admin1)."""
    from truceline.extract.incident_places import PlaceMention
    from truceline.resolve.places import Place

    return [PlaceMention(text.index(n), text.index(n) + len(n), n, Place(n, kind, "UKR", admin1), 1, n)
            for n, kind, admin1 in names]


def test_a_region_that_only_locates_a_town_is_no_place_of_its_own():
    from truceline.extract.incident_targets import _own_places

    text = "A missile struck the town of Izmail in Odesa Oblast and the city of Sumy."
    ms = _placed(text, ("Izmail", "city", "UA-51"), ("Odesa Oblast", "region", "UA-51"), ("Sumy", "city", "UA-59"))
    assert [m.name for m in _own_places(ms)] == ["Izmail", "Sumy"]
    only = _placed("Shelling hit Kherson Oblast.", ("Kherson Oblast", "region", "UA-65"))
    assert [m.name for m in _own_places(only)] == ["Kherson Oblast"]


@pytest.mark.parametrize(("clause", "unnamed"), [
    ("Forty missiles were fired at facilities in the Sumy and Poltava regions", True),
    ("Drones hit targets near Kupiansk", True),
    ("Drones hit a school in Sumy", False),
    ("Two facilities were damaged, officials in Sumy said", False),
])
def test_a_site_of_no_stated_kind_is_told_by_the_words_facilities_or_targets_in(clause, unnamed):
    from truceline.extract.incident_lexicon import lexicon
    from truceline.extract.incident_targets import _unnamed_site

    assert _unnamed_site(clause, lexicon()) is unnamed


@pytest.mark.parametrize(("text", "target"), [
    ("Drones damaged the railway power system.", "energy"),
    ("Shelling cut the region's power system.", "energy"),
])
def test_a_power_system_is_an_energy_target(text, target):
    from truceline.extract.incident_lexicon import _classify, lexicon

    lex = lexicon()
    assert _classify(text, lex["target_rx"], lex["priority"]) == target


def _view(text: str):
    """A stand-in for a sentence view: ``_fine_target`` reads only its sentence's text."""
    from types import SimpleNamespace

    return SimpleNamespace(sent=SimpleNamespace(text=text))


@pytest.mark.parametrize(("text", "before", "target"), [
    # the model's "energy" for a list of towns with no energy word near: the report's truce, not the strike
    ("Kherson and Mykolaiv regions were also shelled overnight.", "Two people died in Sumy.", "other"),
    ("Kherson and Mykolaiv regions were also shelled overnight.", None, "other"),
    # the sentence before says the strikes were on energy sites; or the sentence says what went out
    ("They were the Kherson and Mykolaiv regions.", "Drones hit energy sites in two regions.", "energy"),
    ("Shelling of Kherson left thousands without electricity.", None, "energy"),
    # the sentence names the energy class: the specific one
    ("A drone hit a substation in Kherson.", None, "power_grid"),
])
def test_the_models_energy_class_needs_a_word_of_energy_near(text, before, target):
    from truceline.extract.incident_lexicon import lexicon
    from truceline.extract.incident_targets import _fine_target

    assert _fine_target("energy", _view(text), lexicon(), _view(before) if before else None) == target
    assert _fine_target("military", _view(text), lexicon()) == "military"  # other classes as the model gives them


def _naming(text: str, *names: str):
    """A stand-in sentence view naming places: ``_homes_told`` reads its text and its places' names."""
    from types import SimpleNamespace

    return SimpleNamespace(sent=SimpleNamespace(text=text),
                           places=[SimpleNamespace(place=SimpleNamespace(name=n)) for n in names])


@pytest.mark.parametrize(("texts", "told"), [
    # homes told a few sentences on, the city named again on the way: the model's "residential" stands
    ((("A missile strike on Poltava killed nine people.", "Poltava"), ("Rescuers are still at work.",),
      ("The mayor of Poltava called it terror.", "Poltava"), ("A high-rise caught fire.",)), True),
    # homes told the sentence before
    ((("Two houses burned overnight.",), ("Drones struck Poltava.", "Poltava")), True),
    # homes hit only in another town of the report: the strike on the city named no target, "other"
    ((("A missile strike on Poltava killed nine people.", "Poltava"), ("Rescuers are still at work.",),
      ("In Lubny, drones damaged private houses.", "Lubny")), False),
    ((("A missile strike on Poltava killed nine people.", "Poltava"),), False),
])
def test_the_models_residential_class_needs_a_word_of_homes_near(texts, told):
    from truceline.extract.incident_lexicon import lexicon
    from truceline.extract.incident_targets import _homes_told

    views = [_naming(*t) for t in texts]
    n = next(k for k, v in enumerate(views) if v.places)
    assert _homes_told(views, n, views[n].places[0], lexicon()) is told
