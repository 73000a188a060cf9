"""Incidents read from short articles written for the purpose (published Wednesday 2025-03-19)."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow

TUE = dt.date(2025, 3, 18)


@pytest.fixture()
def incidents(analyse):
    def run(text: str, published: dt.date | None = dt.date(2025, 3, 19)):
        return analyse(text, published)  # the pipeline's stages, the incidents stage among them

    return run


def where(a):
    return [(i.location.name, i.location.admin1, i.target) for i in a.incidents]


def country(a, actor_id):
    return a.actors.get(actor_id).country if actor_id else None


def test_two_incidents_in_one_sentence(incidents):
    a = incidents("Russian drones hit a hospital in Chernihiv and a school in Nizhyn on Tuesday.")
    assert where(a) == [("Chernihiv", "UA-74", "medical"), ("Nizhyn", "UA-74", "civilian_infrastructure")]
    for inc in a.incidents:
        assert (inc.date, inc.date_precision, inc.weapon) == (TUE, 1, "drone")
        assert country(a, inc.perpetrator) == "RUS"
        assert inc.claimed_by is None  # the outlet's own voice
        assert inc.evidence.start == 0 and inc.evidence.end == len(a.document.text)
    assert a.incidents[0].location.lat == pytest.approx(51.50, abs=0.1)


def test_a_claim_and_a_denial(incidents):
    a = incidents("Russia's Defence Ministry said Ukrainian drones set fire to a fuel depot in the Tambov region "
                  "on Tuesday. The Ukrainian General Staff dismissed that account.")
    assert where(a) == [("Tambov region", "RU-TAM", "oil_gas")]
    inc = a.incidents[0]
    assert country(a, inc.perpetrator) == "UKR"
    assert inc.claimed_by == "mod_rus"
    assert inc.denied_by == ["gs_ukr"]
    assert inc.location.precision == 3
    assert {x.id for x in a.record().actors} >= {"mod_rus", "gs_ukr", inc.perpetrator}


def test_an_interception_without_damage_is_no_incident(incidents):
    a = incidents("Russian air defences shot down 20 Ukrainian drones over the Belgorod region overnight, "
                  "the Defence Ministry said.")
    assert a.incidents == []


def test_an_interception_with_damage_is_an_incident(incidents):
    a = incidents("Air defences shot down Ukrainian drones over Kursk overnight, but falling debris damaged "
                  "an apartment building, the regional governor said.")
    assert where(a) == [("Kursk", "RU-KRS", "residential")]
    inc = a.incidents[0]
    assert country(a, inc.perpetrator) == "UKR"
    claimant = a.actors.get(inc.claimed_by)  # an official named only by the role (CONVENTIONS.md): a person
    assert (claimant.kind, claimant.country) == ("person", "RUS")


@pytest.mark.parametrize("text", [
    "Russia accused Ukraine of more than 60 attacks on its energy facilities.",
    "Russia has bombed the power grid in Kharkiv since 2022.",
    "Putin ordered the military to stop strikes on energy facilities in the Kharkiv region.",
    "Kharkiv's mayor said the city would rebuild its schools.",
    "The port of Odesa, home to a grain terminal, has been hit by Russian missiles several times this year.",
    "Kherson has been a frequent target of Russian shelling.",
])
def test_counts_history_halts_and_offices_are_no_incidents(incidents, text):
    assert incidents(text).incidents == []


def test_a_name_in_two_countries_follows_the_document(incidents):
    a = incidents("Ukrainian drones attacked Russia's Rostov region overnight. A fuel depot in Donetsk caught fire "
                  "after a drone attack, the regional governor said.")
    assert ("Donetsk", "RU-ROS", "oil_gas") in where(a)
    b = incidents("A Russian drone attack set a fuel depot in Donetsk on fire.")
    assert where(b) == [("Donetsk", "UA-14", "oil_gas")]


def test_fatalities_are_the_lowest_figure_and_unnamed_officials_claim(incidents):
    a = incidents("A Russian missile strike on Kremenchuk killed at least three people, Ukrainian officials said.")
    inc = a.incidents[0]
    assert (inc.location.name, inc.weapon, inc.fatalities) == ("Kremenchuk", "missile", 3)
    claimant = a.actors.get(inc.claimed_by)
    assert (claimant.kind, claimant.country) == ("government", "UKR")


def test_a_period_is_dated_at_its_middle(incidents):
    a = incidents("Over the past week, Russian drones struck a substation in the Poltava region.")
    inc = a.incidents[0]
    assert (inc.location.admin1, inc.target) == ("UA-53", "power_grid")
    assert inc.date_precision == 2
    assert dt.date(2025, 3, 12) <= inc.date <= dt.date(2025, 3, 18)


def test_a_named_energy_site_gives_its_class_and_place(incidents):
    a = incidents("Russian shelling damaged the Zaporizhzhia NPP on Tuesday, the IAEA said.")
    inc = a.incidents[0]
    assert (inc.location.admin1, inc.target, inc.weapon) == ("UA-23", "nuclear", "artillery")
    assert country(a, inc.perpetrator) == "RUS"


def test_one_incident_per_place_per_day(incidents):
    a = incidents("Russian drones struck Sumy on Tuesday. The attack on Sumy on Tuesday damaged homes.")
    assert len(a.incidents) == 1
    assert a.incidents[0].target == "residential"


def test_a_capital_spoken_to_is_not_where_a_strike_fell(incidents):
    a = incidents("The Russian Foreign Ministry said Ukraine had attacked Russian energy sites on Tuesday "
                  "and called on Washington to restrain Kyiv.")
    assert [name for name, _, _ in where(a)] == []


def test_a_repelled_attack_is_no_incident(incidents):
    a = incidents("Air defences repelled an attack on a power plant in the Kursk region, downing 12 drones.")
    assert a.incidents == []


def test_the_claimant_is_who_reports_that_strike(incidents):
    # two strikes in one sentence: the accuser reports one of them, the outlet the other
    a = incidents("Russia accused Ukraine on Tuesday of attacking an oil depot in the Krasnodar region, hours after "
                  "Russian troops bombed a hospital in Sumy.")
    by_place = {i.location.name: i for i in a.incidents}
    assert country(a, by_place["Krasnodar region"].claimed_by) == "RUS"
    assert country(a, by_place["Krasnodar region"].perpetrator) == "UKR"
    # the side accused of the Sumy strike does not report it
    assert country(a, by_place["Sumy"].perpetrator) == "RUS"
    assert by_place["Sumy"].claimed_by is None


def test_a_side_may_report_its_own_strike(incidents):
    a = incidents("Ukraine's General Staff said on Tuesday that its drones had struck an oil refinery in the "
                  "Saratov region.")
    inc = a.incidents[0]
    assert inc.claimed_by == "gs_ukr"
    assert country(a, inc.perpetrator) == "UKR"


def test_a_report_carries_to_the_strikes_listed_after_it_but_not_to_the_other_sides(incidents):
    a = incidents("Russia's Defence Ministry said on Tuesday that Ukrainian drones hit a power substation in the "
                  "Bryansk region.\n\nAnother drone struck an oil depot in the Kursk region on Tuesday.\n\n"
                  "Russian missiles struck a school in Kharkiv on Tuesday.")
    by_place = {i.location.name: i for i in a.incidents}
    assert by_place["Bryansk region"].claimed_by == "mod_rus"
    assert by_place["Kursk region"].claimed_by == "mod_rus"
    assert country(a, by_place["Kharkiv"].perpetrator) == "RUS"
    assert by_place["Kharkiv"].claimed_by is None


def test_a_side_reporting_a_strike_on_a_region_it_partly_holds_accuses_the_other_side(incidents) -> None:  # type: ignore[no-untyped-def]
    a = incidents("The Russian Defence Ministry said drones had damaged a power substation in the Zaporizhzhia "
                  "region, parts of which Russia controls.")
    [inc] = a.incidents
    assert country(a, inc.claimed_by) == "RUS"
    assert country(a, inc.perpetrator) == "UKR"


def test_the_claimant_may_be_named_in_the_sentence_after_the_strike(incidents):
    a = incidents("On Tuesday, Russian forces struck Kyiv with two drones, damaging several houses.\n\n"
                  "This was announced by the mayor of the capital, Vitali Klitschko.")
    [inc] = a.incidents
    claimant = a.actors.get(inc.claimed_by)
    assert (claimant.kind, claimant.country) == ("person", "UKR")


def test_a_statement_about_the_strike_just_told_names_its_claimant(incidents):
    a = incidents("Russian missiles hit a thermal power plant in Odesa on Tuesday.\n\n"
                  "The strike shows contempt for every promise Moscow made, Zelensky said in his evening address.")
    [inc] = a.incidents
    assert a.actors.get(inc.claimed_by).name == "Volodymyr Zelensky"


def test_officials_appointed_by_a_side_speak_for_it(incidents):
    a = incidents("A Ukrainian drone hit a market in Oleshky in the Kherson region on Tuesday, killing two people, "
                  "Moscow-appointed officials said.")
    [inc] = a.incidents
    assert (inc.target, country(a, inc.claimed_by)) == ("civilian_infrastructure", "RUS")


def test_a_regional_operational_headquarters_claims(incidents):
    a = incidents("A fire broke out at an oil depot in Tikhoretsk after a Ukrainian drone attack on Tuesday, "
                  "according to the regional operational headquarters.")
    [inc] = a.incidents
    claimant = a.actors.get(inc.claimed_by)
    assert (claimant.kind, claimant.country) == ("government", "RUS")


@pytest.mark.parametrize("text", [
    "Russian drones attacked the Ukrainian capital, Kyiv, on Tuesday, damaging an apartment building.",
    "Russian drones struck overnight on Tuesday, damaging homes and wounding six in the capital Kiev, officials said.",
])
def test_a_capital_named_as_the_capital_is_a_place(incidents, text):
    assert ("UA-30", "residential") in [(admin1, target) for _, admin1, target in where(incidents(text))]


def test_a_capital_a_train_was_heading_to_is_not_where_it_was_hit(incidents):
    a = incidents("A Russian drone hit a train in Shostka on Tuesday as it was heading to the capital, Kyiv.")
    assert "UA-30" not in [admin1 for _, admin1, _ in where(a)]


def test_what_was_hit_may_be_told_in_the_next_sentence(incidents):
    # read directly: the trained model, when present, may fill the class before this rule is asked
    from truceline.extract.incident_fields import _next_target
    from truceline.extract.incidents import lexicon, sentence_views

    a = incidents("Russian artillery shelled Nikopol on Tuesday. Two trains were damaged.\n\nIt was cold.")
    views = sentence_views(a)
    assert _next_target(a, views, 0, lexicon()) == "civilian_infrastructure"
    assert _next_target(a, views, 1, lexicon()) is None  # another paragraph, and nothing hit


@pytest.mark.parametrize(("words", "target"), [
    ("a passenger train", "civilian_infrastructure"),
    ("the city's markets", "civilian_infrastructure"),
    ("gas extraction sites", "oil_gas"),
    ("the private sector", "residential"),
    ("three high-rises", "residential"),
])
def test_trains_markets_gas_extraction_and_the_private_sector_have_their_classes(words, target):
    from truceline.extract.incident_lexicon import _classify, lexicon

    lex = lexicon()
    assert _classify(f"Drones struck {words} overnight.", lex["target_rx"], lex["priority"]) == target


def test_an_official_body_the_registry_places_nowhere_speaks_for_the_place_it_reports_on(incidents):
    a = incidents("Russian missiles struck an apartment building in Ternopil on Tuesday, the Ministry of Internal "
                  "Affairs reported.")
    [inc] = a.incidents
    assert country(a, inc.claimed_by) == "UKR"


def test_a_day_of_mourning_is_not_the_day_of_the_strike(incidents):
    a = incidents("Russian missiles struck Odesa on Tuesday, killing three people. The city declared a day of "
                  "mourning on Wednesday for the victims of the strike on Odesa.")
    assert [(i.location.name, i.date) for i in a.incidents] == [("Odesa", TUE)]


def test_a_strike_on_the_same_city_on_another_day_is_another_incident(incidents):
    a = incidents("Russian drones hit a school in Kherson on Tuesday. Two days earlier, on March 16, a shell "
                  "struck a hospital in the same city.")
    assert sorted((i.location.name, i.date, i.target) for i in a.incidents) == [
        ("Kherson", dt.date(2025, 3, 16), "medical"), ("Kherson", TUE, "civilian_infrastructure")]


def test_a_strike_retold_at_the_city_on_its_own_day_adds_nothing(incidents):
    a = incidents("Russian drones hit a school in Kherson on Tuesday. The attack on the city also damaged a shop.")
    assert len(a.incidents) == 1


def test_a_strike_on_the_plant_named_before_takes_the_plants_class(incidents):
    a = incidents("The IAEA said the Zaporizhzhia NPP lost its last power line on Tuesday. Moscow said Ukrainian "
                  "drones struck the plant on March 16, damaging a transformer.")
    assert [(i.location.admin1, i.date, i.target) for i in a.incidents] == [("UA-23", dt.date(2025, 3, 16), "nuclear")]


def test_the_attacks_told_after_a_strike_keep_its_class(incidents):
    a = incidents("Russian missiles struck a power plant in Poltava region on Tuesday. "
                  "The attacks also hit Chernihiv on Tuesday.")
    assert ("Chernihiv", "UA-74", "power_generation") in where(a)
    b = incidents("Russian drones hit a hospital in Poltava on Tuesday. The attacks also hit Nizhyn on Tuesday.")
    assert ("Nizhyn", "UA-74", "medical") in where(b)


def test_a_toll_rising_retells_the_strike_before_it(incidents):
    a = incidents("Russian drones struck a market in Kherson on Monday. On Tuesday the number of people wounded "
                  "in the attack on Kherson rose to 12.")
    assert [(i.location.name, i.date) for i in a.incidents] == [("Kherson", dt.date(2025, 3, 17))]


def test_a_toll_told_first_takes_the_day_of_the_strike_told_after(incidents):
    a = incidents("In Kherson, the number of people wounded by Russian drones has increased to 12. Russian drones "
                  "struck a market in Kherson on Monday.")
    assert [(i.location.name, i.date) for i in a.incidents] == [("Kherson", dt.date(2025, 3, 17))]



def test_a_list_of_places_after_an_attack_names_the_places_it_hit(incidents):
    # read directly: the rule adds to what the trained model (when present) finds
    from truceline.extract.incidents import _list_attack, _listed, _struck, lexicon, sentence_views

    a = incidents("Russian drones struck power facilities in several regions on Tuesday.\n\n"
                  "This time Poltava, Sumy and Chernihiv were affected.")
    views = sentence_views(a)
    assert _list_attack(views, 1, lexicon()) == 0
    hit = _listed(views, 1, 0, lexicon())
    assert [m.place.location(m.name, m.precision).name for m, _ in hit] == ["Poltava", "Sumy", "Chernihiv"]
    assert {c for _, c in hit} == {"energy"}
    _struck(a, views)
    assert views[1].date == (TUE, 1)  # the list's day is the attack's
    b = incidents("Officials met on Tuesday to discuss the harvest.\n\n"
                  "They were the governors of Poltava, Sumy and Chernihiv.")
    assert _list_attack(sentence_views(b), 1, lexicon()) is None  # no attack told before the list


def test_what_a_strike_on_a_town_in_a_named_region_hit_may_be_told_after(incidents):
    # the region only locates the town: one strike, whose class the sentences after tell, before any guess
    a = incidents("Russian drones struck the town of Izium in Kharkiv Oblast on Tuesday.\n\n"
                  "Five private houses were damaged, the governor wrote.")
    assert ("Izium", "UA-63", "residential") in where(a)


def test_facilities_in_a_place_are_those_of_the_attack_told_before(incidents):
    a = incidents("Russia launched a massive strike on gas production sites overnight on Tuesday.\n\n"
                  "Twenty missiles were fired at facilities in the Kharkiv and Poltava regions.")
    assert {(admin1, target) for _, admin1, target in where(a)} >= {("UA-63", "oil_gas"), ("UA-53", "oil_gas")}


def test_an_attack_that_caused_a_halt_is_an_attack_that_happened(incidents):
    # the halt is what the attack caused, not what was halted ("agreed to stop strikes" stays no attack)
    from truceline.extract.incidents import attack_triggers, lexicon, segments

    a = incidents("Gas production in the Poltava region was stopped after a Russian drone attack on Tuesday.")
    [sent] = segments(a.doc)
    assert [t.lower_ for t in attack_triggers(sent, lexicon())] == ["attack"]
    assert [i.location.admin1 for i in a.incidents] == ["UA-53"]
    b = incidents("The refinery in Kstovo stopped work after that attack, the operator said on Tuesday.")
    assert attack_triggers(segments(b.doc)[0], lexicon()) == []  # that attack: one told before
    c = incidents("Russia agreed to stop strikes on energy sites in the Poltava region on Tuesday.")
    assert attack_triggers(segments(c.doc)[0], lexicon()) == []
    # a modal above the cause still tells no strike: what would follow an attack, not one that happened
    d = incidents("Gas production in the Poltava region will stop after a drone strike, the operator warned.")
    assert attack_triggers(segments(d.doc)[0], lexicon()) == []
    e = incidents("Moscow will retaliate after any attack on its energy facilities in the Belgorod region.")
    assert attack_triggers(segments(e.doc)[0], lexicon()) == []


def test_an_enterprise_at_a_place_where_a_plant_makes_weapons_is_military(incidents):
    a = incidents("Ukrainian drones struck an industrial facility in the city of Kazan on Tuesday, the regional "
                  "governor said.\n\nA Ukrainian official said the target was the Kazan Gunpowder Works, which "
                  "produces shells for the Russian army.")
    assert ("Kazan", "military") in [(i.location.name, i.target) for i in a.incidents]


def test_a_plant_making_nothing_of_war_stays_civilian(incidents):
    a = incidents("Ukrainian drones struck an industrial facility in the city of Kazan on Tuesday, the regional "
                  "governor said.\n\nThe plant produces fertiliser for farms across the region.")
    assert ("Kazan", "civilian_infrastructure") in [(i.location.name, i.target) for i in a.incidents]


def test_an_attack_told_with_its_day_dates_the_places_named_after_it(incidents):
    a = incidents("Ukraine's security service on March 12 launched a drone attack on several airfields deep inside "
                  "Russia. The operation hit bombers parked at the Engels and Shaykovka air bases.")
    assert {i.date for i in a.incidents} == {dt.date(2025, 3, 12)}


def test_a_side_reporting_a_strike_on_a_town_held_by_the_other_keeps_the_inferred_attacker(incidents):
    a = incidents("A tank repair works in Klintsy in the Bryansk region was targeted on Tuesday, according to "
                  "Ukraine's General Staff.")
    [inc] = a.incidents
    assert country(a, inc.claimed_by) == "UKR"
    assert country(a, inc.perpetrator) == "UKR"


def test_the_plant_is_kept_up_by_sentences_that_refer_back_to_it(incidents):
    a = incidents("Inspectors said on Tuesday that the Rivne Nuclear Power Plant had cut its output by half.\n\n"
                  "The plant feeds the western grid.\n\nThe facility was built in the 1980s.\n\n"
                  "Technicians at the plant are checking the transformers.\n\nUkrainian officials said Russian "
                  "drones hit the plant on March 14.")
    assert (dt.date(2025, 3, 14), "nuclear") in [(i.date, i.target) for i in a.incidents]


def test_the_day_a_statement_was_made_is_not_the_day_of_the_strike(incidents):
    a = incidents("The governor said on Tuesday that Ukrainian drones attacked a refinery in Tuapse last week.")
    assert [i.date for i in a.incidents] == [dt.date(2025, 3, 13)]  # the middle of the week before
