"""The fields of incidents (incident_fields): who reports a strike, read from short articles written for the
purpose (published Wednesday 2025-03-19)."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture()
def incidents(analyse):
    def run(text: str):
        return analyse(text, dt.date(2025, 3, 19))

    return run


def test_the_source_named_in_the_next_sentence_reports_the_strike(incidents):
    # "According to X, ..." right after a strike told in the outlet's own voice gives its details: X reports it
    a = incidents("Ukrainian drones struck the town of Shebekino on Tuesday. According to Governor Vyacheslav "
                  "Gladkov, two houses and a shop were damaged.")
    inc = next(i for i in a.incidents if i.location.name == "Shebekino")
    assert inc.claimed_by is not None
    assert a.actors.get(inc.claimed_by).country == "RUS"


def test_according_to_opens_only_a_sentence_that_says_nothing_of_its_own(incidents):
    # the next sentence reports a strike of its own: its source does not report the first one
    a = incidents("Ukrainian drones struck the town of Shebekino on Tuesday. According to Governor Vyacheslav "
                  "Gladkov, drones also hit a house in Belgorod.")
    inc = next(i for i in a.incidents if i.location.name == "Shebekino")
    assert inc.claimed_by is None


def test_who_reports_a_strike_may_be_named_three_sentences_on(incidents):
    a = incidents("Russian drones struck a substation in the Chernihiv region on Tuesday. Several villages lost "
                  "power. Repairs began at dawn. The attack was confirmed by the regional administration.")
    inc = next(i for i in a.incidents if i.location.admin1 == "UA-74")
    assert inc.claimed_by is not None
    assert a.actors.get(inc.claimed_by).country == "UKR"


def test_a_dateline_opening_the_report_is_not_the_day_of_the_strike(incidents):
    a = incidents("date 2025-03-19 A Russian missile strike on Monday on the city of Sumy killed three people, "
                  "officials said.\n\nRescuers worked through the night.")
    inc = next(i for i in a.incidents if i.location.name == "Sumy")
    assert inc.date == dt.date(2025, 3, 17)


def test_a_dateline_alone_still_dates_the_strike(incidents):
    a = incidents("date 2025-03-18 Russian drones struck a hospital in Chernihiv, officials said.\n\nIt was cold.")
    inc = next(i for i in a.incidents if i.location.name == "Chernihiv")
    assert inc.date == dt.date(2025, 3, 18)


def test_a_day_named_beside_a_month_dates_the_strike(incidents):
    # "this month" counts the strikes; "on Monday" is when this one fell
    a = incidents("Russia carried out its fifth attack this month on the grid, hitting a substation in the "
                  "Chernihiv region on Monday, the operator said.")
    inc = next(i for i in a.incidents if i.location.admin1 == "UA-74")
    assert (inc.date, inc.date_precision) == (dt.date(2025, 3, 17), 1)


@pytest.mark.parametrize(("words", "target"), [
    ("two thermal plants were knocked out", "power_generation"),
    ("a wind farm lost part of its capacity", "power_generation"),
    ("three high-voltage lines were cut", "power_grid"),
    ("a facility of the grid company Rosseti was hit", "power_grid"),
    ("fires broke out at two compressor stations", "oil_gas"),
])
def test_target_words_in_the_plural_and_grid_operators(words, target):
    from truceline.extract.incident_lexicon import _classify, lexicon

    lex = lexicon()
    assert _classify(words, lex["target_rx"], lex["priority"]) == target


def test_who_tells_the_harm_just_after_reports_the_strike(incidents):
    # the sentence after the strike tells what it did and who says so: that source reports the strike
    a = incidents("Russian drones struck the town of Pryluky on Tuesday. A school and two houses caught fire, "
                  "the regional governor said.")
    inc = next(i for i in a.incidents if i.location.name == "Pryluky")
    assert inc.claimed_by is not None
    assert a.actors.get(inc.claimed_by).country == "UKR"


def test_an_interception_told_after_does_not_report_the_strike(incidents):
    a = incidents("Russian drones struck the town of Pryluky on Tuesday. Air defence shot down ten drones over "
                  "the region and debris damaged a field, the regional governor said.")
    inc = next(i for i in a.incidents if i.location.name == "Pryluky")
    assert inc.claimed_by is None


def test_a_side_named_as_attacker_in_a_region_held_in_part(incidents):
    # no one knows who holds the whole Zaporizhzhia region: the attacker the sentence names stands
    a = incidents("A Ukrainian attack drone hit a substation in the Zaporizhzhia region on Tuesday.")
    inc = next(i for i in a.incidents if i.location.admin1 == "UA-23")
    assert a.actors.get(inc.perpetrator).country == "UKR"


def test_the_subject_of_the_verb_of_saying_reports_the_strike(incidents):
    # the parse of "accused" can run up into the paragraph before, to a verb of saying of another speaker
    a = incidents("Zelensky noted that soldiers were killed in an \u201cambush\u201d on Sunday and said the attackers "
                  "would be \u201cpunished.\u201d\n\nRussia\u2019s Defence Ministry accused Ukrainian forces of "
                  "overnight attacks in the Belgorod region despite the truce.")
    inc = next(i for i in a.incidents if i.location.admin1 == "RU-BEL")
    assert a.actors.get(inc.claimed_by).country == "RUS"


def test_two_days_bounding_a_period_date_its_strikes_at_its_middle(incidents):
    # "from ... to ...": no single day, so the middle of the period, to the month when it runs longer than a week
    a = incidents("Drones struck a substation in the Sumy region from February 10 to March 12, the operator said.")
    inc = next(i for i in a.incidents if i.location.admin1 == "UA-59")
    assert (inc.date, inc.date_precision) == (dt.date(2025, 2, 25), 3)
    b = incidents("Between March 10 and March 14, Russian shelling damaged a school in Kherson, officials said.")
    inc = next(i for i in b.incidents if i.location.admin1 == "UA-65")
    assert (inc.date, inc.date_precision) == (dt.date(2025, 3, 12), 2)
    # two days of two strikes are no period
    c = incidents("Drones hit a school in Sumy on March 10 and a hospital in Kherson on March 14, officials said.")
    assert {i.date for i in c.incidents if i.location.admin1 == "UA-59"} == {dt.date(2025, 3, 10)}
    # a strike's own day beside a period is its day
    d = incidents("Drones struck a substation in the Sumy region on March 17, after strikes from March 1 to March 10 "
                  "on other regions, the operator said.")
    assert {(i.date, i.date_precision) for i in d.incidents if i.location.admin1 == "UA-59"} == \
        {(dt.date(2025, 3, 17), 1)}


def test_a_list_the_model_takes_is_dated_by_the_attack_it_lists(incidents):
    # the list sentence has no day of its own: the period of the attack told before it dates its places
    from truceline.extract.incidents import _struck, sentence_views

    a = incidents("Drones attacked energy sites from February 10 to March 12 in several regions.\n\n"
                  "They are the Sumy, Poltava and Kharkiv regions.")
    views = sentence_views(a)
    _struck(a, views)
    assert views[1].date == (dt.date(2025, 2, 25), 3)


@pytest.mark.parametrize(("name", "kind", "aliases", "role"), [
    ("the regional military administration", "government", [], "defender"),
    ("Air Defence Command", "military", [], "defender"),
    ("Oleh Marchuk", "person", ["head of the city military administration"], "defender"),
    ("the strike drone forces", "military", [], "attacker"),
    ("commander of the Unmanned Systems Forces", "person", [], "attacker"),
    ("the General Staff", "military", [], "attacker"),
    ("Aerospace Forces", "military", [], "attacker"),
    ("a news agency", "media", [], None),
    # an air force both strikes and defends; a surname is no office; an outlet's name is no unit
    ("the Air Force", "military", [], None),
    ("Federico Mayor", "person", ["Mayor"], None),
    ("Mayor Anna Lind", "person", [], None),
    ("Air Defence Review", "media", [], None),
])
def test_the_kind_of_office_or_unit_decides_which_side_a_claimant_speaks_for(name, kind, aliases, role):
    from truceline.extract.incident_fields import _ROLELESS_KINDS, _claimant_role
    from truceline.models import Actor
    actor = Actor(id="x", name=name, kind=kind, country=None, aliases=aliases)
    assert (None if kind in _ROLELESS_KINDS else _claimant_role(actor)) == role


def test_a_drone_force_named_without_its_country_reports_its_own_strike(incidents):
    # a strike force speaks for the attacker, not for the side whose place it hit
    a = incidents("The commander of the Unmanned Systems Forces said on Tuesday that drones had damaged an oil "
                  "pumping station in the Bryansk region.")
    inc = next(i for i in a.incidents if i.claimed_by is not None)
    assert a.actors.get(inc.claimed_by).country == "UKR"


@pytest.mark.parametrize("body", ["the Air Defence Command", "the City Military Administration",
                                  "the Northern Air Command"])
def test_a_defending_body_speaks_for_the_place_it_serves_whoever_struck(incidents, body):
    # the attacker is named, but a body reporting on the area it guards or serves is not the attacker's voice
    a = incidents(f"Russian drones damaged a school in Chernihiv on Tuesday, {body} said.")
    inc = next(i for i in a.incidents if i.claimed_by is not None)
    assert a.actors.get(inc.claimed_by).country == "UKR"


@pytest.mark.parametrize("verb", ["stated", "announced", "noted"])
def test_an_unnamed_source_reports_with_any_verb_of_saying(incidents, verb):
    # "officials stated" is "officials said": the unnamed source reports the strike on its own side's town
    a = incidents(f"A drone damaged a school in Kharkiv on Tuesday, local officials {verb}.")
    inc = next(i for i in a.incidents if i.location.name == "Kharkiv")
    assert inc.claimed_by is not None
    assert a.actors.get(inc.claimed_by).country == "UKR"
