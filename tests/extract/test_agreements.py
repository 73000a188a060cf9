"""Agreements built from acts and sentences, on short articles written for the purpose."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


def test_terms_duration_start_end_scope(analyse):
    a = analyse("Russia and Ukraine agreed to a 30-day moratorium on strikes on refineries, power plants and the "
                "power grid, starting March 18.")
    [g] = a.agreements
    assert (g.subject, g.parties, g.duration_days, g.start, g.end, g.status) == (
        "energy_ceasefire", ["rus", "ukr"], 30, dt.date(2025, 3, 18), dt.date(2025, 4, 17), "agreed")
    assert g.scope == ["oil_gas", "power_generation", "power_grid"]


def test_brokered_ceasefire_binds_the_warring_sides_and_a_halt_puts_it_in_force(analyse):
    a = analyse("Putin agreed to Trump's proposal for a 30-day pause in strikes on energy infrastructure and "
                "ordered the Russian military to halt such strikes on Tuesday.")
    [g] = a.agreements
    assert (g.subject, g.parties, g.duration_days, g.start, g.end, g.status) == (
        "energy_ceasefire", ["rus", "ukr"], 30, dt.date(2025, 3, 18), dt.date(2025, 4, 17), "in_force")


def test_rejected_proposal(analyse):
    a = analyse("Putin rejected a comprehensive 45-day ceasefire.")
    [g] = a.agreements
    assert (g.subject, g.status, g.duration_days) == ("full_ceasefire", "rejected", 45)


def test_conditional_acceptance_adds_a_condition(analyse):
    a = analyse("Ukraine would accept a 30-day ceasefire if Russia stopped its attacks.")
    [g] = a.agreements
    assert (g.subject, g.status) == ("full_ceasefire", "proposed")
    assert [(c.by, c.text) for c in g.conditions] == [("ukr", "if Russia stopped its attacks")]


def test_conflicting_versions_per_side(analyse):
    a = analyse("The Kremlin said Putin had ordered a halt to strikes on energy infrastructure starting March 18. "
                "The White House said Trump and Putin agreed to a ceasefire on energy and infrastructure. "
                "Zelensky said Ukraine would halt strikes on energy facilities starting March 25.")
    [g] = a.agreements
    assert g.start == dt.date(2025, 3, 18)
    assert [(v.by, v.scope, v.start) for v in g.versions] == [
        ("putin", ["energy"], dt.date(2025, 3, 18)),
        ("trump", ["energy", "civilian_infrastructure"], None),
        ("ukr", ["energy"], dt.date(2025, 3, 25)),
    ]


def test_expired_commitment(analyse):
    a = analyse("Russia agreed to a 30-day moratorium on energy strikes starting April 2. "
                "The moratorium expired on April 30.", published=dt.date(2025, 5, 3))
    [g] = a.agreements
    assert (g.start, g.end, g.status) == (dt.date(2025, 4, 2), dt.date(2025, 4, 30), "expired")


def test_an_expiry_stated_without_a_date_or_an_actor(analyse):
    a = analyse("Russia agreed to a moratorium on strikes on power plants. Officials in Moscow said on Monday that "
                "the moratorium on energy strikes had lapsed.", published=dt.date(2025, 5, 2))
    [g] = a.agreements
    assert g.status == "expired"


def test_each_side_dating_the_window_is_its_version(analyse):
    a = analyse("Russia and Ukraine agreed to a 30-day halt to strikes on energy facilities. Moscow counts the "
                "halt from April 2, which puts its end on May 2. Kyiv dates it from April 6 and says it lasts "
                "until May 6.", published=dt.date(2025, 4, 8))
    [g] = a.agreements
    assert [(v.by, v.start, v.end) for v in g.versions] == [
        ("gov_rus", dt.date(2025, 4, 2), dt.date(2025, 5, 2)),
        ("gov_ukr", dt.date(2025, 4, 6), dt.date(2025, 5, 6)),
    ]


def test_a_count_of_something_else_is_no_version(analyse):
    a = analyse("Russia and Ukraine agreed to a 30-day halt to strikes on energy facilities. Kyiv counts the "
                "prisoners exchanged since April 2 at 300.", published=dt.date(2025, 4, 8))
    [g] = [x for x in a.agreements if x.subject == "energy_ceasefire"]
    assert g.versions == []


def test_one_sided_commitment_binds_one_party(analyse):
    a = analyse("Washington agreed to resume military aid to Ukraine.")
    [g] = a.agreements
    assert (g.subject, g.parties, g.status) == ("military_aid", ["usa"], "agreed")


def test_accusations_alone_name_no_agreement_unless_the_text_names_one(analyse):
    assert analyse("Ukraine denied the claims.").agreements == []


def test_an_acceptance_dated_after_publication_opens_no_window(analyse):
    from truceline.extract.agreements import build_agreements

    a = analyse("Trump proposed a ceasefire in the Black Sea and Putin accepted the idea.",
                published=dt.date(2025, 3, 18))
    assert {x.type for x in a.acts} >= {"propose", "accept"}
    for act in a.acts:
        if act.type == "accept":
            act.date = dt.date(2025, 3, 19)  # a misread date: the acceptance cannot postdate the report
    build_agreements(a)
    [g] = a.agreements
    assert (g.subject, g.start, g.status) == ("maritime_ceasefire", None, "proposed")


def test_taking_over_plants_binds_the_taker_and_the_owner(analyse):
    a = analyse("Trump suggested that the United States take ownership of Ukrainian power plants to protect them "
                "from Russian strikes.")
    [g] = a.agreements
    assert (g.subject, sorted(g.parties)) == ("energy_assets", ["ukr", "usa"])


def test_two_truces_of_different_lengths_are_two_agreements(analyse):
    a = analyse("Kyiv proposed a 30-day ceasefire along the whole front. Moscow declared a three-day truce "
                "for the holiday instead.")
    got = sorted(g.duration_days for g in a.agreements if g.subject == "full_ceasefire")
    assert got == [3, 30]


def test_a_named_peace_plan_is_proposed_and_binds_the_warring_sides(analyse):
    a = analyse("The envoys presented a 12-point peace plan to both capitals on Monday.")
    [g] = [x for x in a.agreements if x.subject == "peace_deal"]
    assert (g.status, g.parties) == ("proposed", ["rus", "ukr"])


def test_a_start_and_end_given_with_a_time_of_day(analyse):
    a = analyse("Russia declared a truce that went into effect at midnight on May 8 and lasts until midnight on "
                "May 11.", published=dt.date(2025, 5, 8))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.start, g.end) == (dt.date(2025, 5, 8), dt.date(2025, 5, 11))


def test_a_truce_one_side_declared_binds_that_side(analyse):
    a = analyse("On Saturday, Putin declared a 30-hour holiday truce starting at 6 p.m. Moscow time. Kyiv accused "
                "Moscow of breaking the truce declared by Putin within hours.", published=dt.date(2025, 4, 20))
    [g] = a.agreements
    assert (g.subject, g.parties, g.status) == ("full_ceasefire", ["rus"], "in_force")


def test_a_declared_truce_and_a_refused_ceasefire_are_two(analyse):
    a = analyse("Putin ordered a halt to all military action from midnight on June 1 until midnight on June 3. "
                "Russia has rejected a US-proposed 60-day ceasefire.", published=dt.date(2025, 5, 30))
    assert sorted((g.status, tuple(g.parties)) for g in a.agreements if g.subject == "full_ceasefire") == [
        ("agreed", ("rus",)), ("rejected", ("rus", "ukr"))]


def test_one_sides_assent_leaves_a_ceasefire_proposed(analyse):
    a = analyse("Kyiv agreed to a 60-day ceasefire drafted by Washington.")
    [g] = a.agreements
    assert (g.subject, g.status) == ("full_ceasefire", "proposed")


def test_a_peace_plan_binds_the_warring_sides_whoever_drafted_it(analyse):
    a = analyse("The White House presented a peace plan to Ukrainian officials on Friday.")
    [g] = [g for g in a.agreements if g.subject == "peace_deal"]
    assert g.parties == ["rus", "ukr"]


def test_a_general_ceasefire_named_in_passing_is_proposed(analyse):
    a = analyse("The leaders spoke for two hours, but the call ended without the unconditional ceasefire that "
                "European capitals had hoped for.")
    assert [(g.subject, g.status) for g in a.agreements if g.subject == "full_ceasefire"] == [
        ("full_ceasefire", "proposed")]


def test_a_date_range_or_a_day_to_begin_on_opens_the_window(analyse):
    a = analyse("The Kremlin declared a truce on May 8-10 to mark the holiday.", published=dt.date(2025, 4, 28))
    [g] = a.agreements
    assert (g.start, g.status) == (dt.date(2025, 5, 8), "agreed")
    a = analyse("Kyiv proposed a 30-day ceasefire and said it should begin on Monday, May 12.",
                published=dt.date(2025, 5, 10))
    [g] = a.agreements
    assert (g.start, g.status) == (dt.date(2025, 5, 12), "proposed")


def test_a_weekday_a_truce_is_to_begin_on_is_the_next_one(analyse):
    a = analyse("Kyiv proposed a 30-day ceasefire and wants it to begin Tuesday.", published=dt.date(2025, 5, 10))
    [g] = a.agreements
    assert g.start == dt.date(2025, 5, 13)


def test_a_truce_said_to_have_begun_opens_on_the_day_of_the_report(analyse):
    a = analyse("Putin declared a three-day holiday truce. Russia has begun the truce, the Kremlin said.",
                published=dt.date(2025, 6, 12))
    [g] = a.agreements
    assert g.start == dt.date(2025, 6, 12)


def test_a_truce_begun_is_open_from_the_report_even_when_an_act_reads_its_end(analyse):
    # an act on the sentence may be dated by its end ("until ... 11 June"): "has begun" opens it on the report's day
    a = analyse("Russia has begun the holiday truce ordered by Putin, which will last until midnight on 11 June, the "
                "ministry said.", published=dt.date(2025, 6, 9))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.start, g.status) == (dt.date(2025, 6, 9), "in_force")



def test_an_energy_truce_on_energy_and_infrastructure_covers_energy_only(analyse):
    # "energy and infrastructure" is the energy sector; other facilities count only when called civilian
    a = analyse("Moscow agreed to a 30-day halt to strikes on energy and infrastructure in Ukraine.")
    [g] = [x for x in a.agreements if x.subject == "energy_ceasefire"]
    assert g.scope == ["energy"]
    a = analyse("Moscow agreed to a 30-day halt to strikes on power plants and other civilian infrastructure.")
    [g] = [x for x in a.agreements if x.subject == "energy_ceasefire"]
    assert g.scope == ["power_generation", "civilian_infrastructure"]


def test_a_truce_at_sea_protecting_shipping_covers_civilian_infrastructure(analyse):
    a = analyse("Russia and Ukraine agreed to a maritime ceasefire to keep merchant vessels safe in the Black Sea.")
    [g] = [x for x in a.agreements if x.subject == "maritime_ceasefire"]
    assert g.scope == ["civilian_infrastructure"]


def test_a_truce_at_sea_named_without_a_move_is_proposed(analyse):
    a = analyse("Delegations will hold technical talks next week on the details of a maritime truce.")
    [g] = [x for x in a.agreements if x.subject == "maritime_ceasefire"]
    assert (g.status, g.parties) == ("proposed", ["rus", "ukr"])


def test_a_named_energy_truce_said_to_be_broken_is_in_force(analyse):
    a = analyse("A refinery burned overnight despite the energy truce.")
    [g] = [x for x in a.agreements if x.subject == "energy_ceasefire"]
    assert g.status == "in_force"


def test_a_full_ceasefire_sought_beside_a_declared_truce_is_a_second_commitment(analyse):
    a = analyse("Putin declared a 30-hour Easter truce on Saturday. London urged Moscow to agree to a full "
                "ceasefire, as Kyiv has done.", published=dt.date(2025, 4, 20))
    truces = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert [x.status for x in truces][1:] == ["proposed"]
    assert len(truces) == 2


def test_a_truce_at_sea_brokered_by_a_third_side_binds_the_warring_sides(analyse):
    a = analyse("Washington, Moscow and Kyiv agreed on a maritime ceasefire so that cargo ships can sail freely.")
    [g] = [x for x in a.agreements if x.subject == "maritime_ceasefire"]
    assert g.parties == ["rus", "ukr"]
    # agreed with the broker by one warring side: a deal made, binding the warring sides
    a = analyse("The United States and Russia agreed on a maritime ceasefire so that cargo ships can sail freely.")
    [g] = [x for x in a.agreements if x.subject == "maritime_ceasefire"]
    assert (g.parties, g.status) == (["rus", "ukr"], "agreed")


def test_a_refusal_by_a_side_not_bound_leaves_a_plan_proposed(analyse):
    # a peace plan binds the warring sides: an ally turning it down does not make it rejected
    a = analyse("The United States put forward a 12-point peace plan. Poland rejected the peace plan on Monday.",
                published=dt.date(2025, 11, 25))
    assert [g.status for g in a.agreements if g.subject == "peace_deal"] == ["proposed"]


def test_a_halt_said_to_be_ordered_puts_the_truce_in_force_from_that_day(analyse):
    a = analyse("Russia and Ukraine agreed to a 30-day pause in strikes on energy facilities. Putin told Trump in "
                "a call earlier on Tuesday that he would spare power plants and said he had issued orders to that "
                "effect.", published=dt.date(2025, 3, 19))
    [g] = [x for x in a.agreements if x.subject == "energy_ceasefire"]
    assert (g.start, g.status) == (dt.date(2025, 3, 18), "in_force")


def test_a_running_truce_with_no_start_given_opens_on_the_day_it_was_declared(analyse):
    a = analyse("Kyiv accused Moscow of shelling its positions despite the Kremlin's declaration of a truce on "
                "Saturday. Ukraine said Russian forces broke the truce 300 times.", published=dt.date(2025, 4, 20))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.start, g.status) == (dt.date(2025, 4, 19), "in_force")


def test_a_ceasefire_accepted_that_fell_apart_is_expired(analyse):
    a = analyse("In February Kyiv and Moscow accepted a Turkish proposal for a 20-day ceasefire, but the agreement "
                "fell apart within a week.", published=dt.date(2025, 4, 2))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert g.status == "expired"


def test_a_ceasefire_a_plan_includes_is_a_ceasefire_proposed(analyse):
    a = analyse("The Kremlin said it was drafting a roadmap with Kyiv that would provide for a ceasefire.")
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.status, g.parties) == ("proposed", ["rus", "ukr"])


def test_short_ceasefires_put_forward_are_a_ceasefire_proposed(analyse):
    a = analyse("Moscow also suggested 12- to 36-hour ceasefires along parts of the front to collect the wounded.")
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert (g.status, g.parties) == ("proposed", ["rus", "ukr"])


def test_a_refusal_turning_to_a_longer_truce_refuses_the_declared_one(analyse):
    # <G> "instead" turns the refusal's sentence to another commitment: the 60-day truce called for is proposed
    a = analyse("Moscow declared a two-day truce for the holiday from midnight on June 1. Kyiv dismissed the "
                "offer as a stunt and instead called for a 60-day ceasefire.", published=dt.date(2025, 5, 30))
    assert sorted((g.duration_days, g.status) for g in a.agreements if g.subject == "full_ceasefire") == [
        (2, "agreed"), (60, "proposed")]


def test_moves_on_peace_as_an_aim_with_no_deal_named_make_no_peace_deal(analyse):
    # <G> "lasting peace" or "ending the war" is an aim; a deal, plan or settlement named is a commitment
    a = analyse("The Kremlin said a lasting peace requires removing the causes of the war, but offered nothing "
                "concrete.")
    assert [g for g in a.agreements if g.subject == "peace_deal"] == []


def test_a_truce_said_to_run_as_one_side_ordered_binds_that_side(analyse):
    # <B4> the declarer named after a clause on the truce: "the truce, which began ..., as ordered by Putin"
    a = analyse("Moscow accused Kyiv of shelling Russian positions 200 times during the holiday truce, which began "
                "at 4 p.m. on Sunday, as ordered by the Russian president Vladimir Putin.",
                published=dt.date(2025, 1, 7))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert g.parties == ["rus"]


def test_a_truce_named_as_its_declarer_called_it_binds_that_side(analyse):
    # <B4> "what Moscow termed a truce" names Moscow as the side whose truce it was
    a = analyse("Kyiv accused Russian forces of shelling Kherson hours after the end of what Moscow had termed a "
                "\u201cChristmas truce\u201d, which lasted 36 hours.", published=dt.date(2025, 1, 8))
    [g] = [x for x in a.agreements if x.subject == "full_ceasefire"]
    assert g.parties == ["rus"]


def test_agreeing_to_present_a_vision_of_a_truce_makes_no_ceasefire(analyse):
    # the sides bind themselves to write a paper on the truce, not to the truce
    a = analyse("Russia and Ukraine agreed that each side would set out its vision of a future truce before the "
                "next round.")
    assert [g for g in a.agreements if g.subject == "full_ceasefire"] == []
    a = analyse("Russia and Ukraine agreed to a truce before the next round.")
    assert [g.subject for g in a.agreements if g.subject == "full_ceasefire"] == ["full_ceasefire"]


def test_a_length_the_other_side_offers_beside_a_declared_truce_is_a_second_commitment(analyse):
    a = analyse("Putin ordered his troops to stop fighting over Orthodox Christmas. Zelensky proposed to extend "
                "the truce by 45 days.", published=dt.date(2026, 1, 7))
    truces = [(g.duration_days, tuple(g.parties)) for g in a.agreements if g.subject == "full_ceasefire"]
    assert len(truces) == 2
    assert (45, ("rus", "ukr")) in truces


def test_a_bloc_taking_a_measure_is_its_party(analyse):
    # a bloc of no country (the EU, a coalition) takes measures as a side of its own
    a = analyse("The European Union agreed to impose further sanctions on Russian banks, the bloc's foreign "
                "policy chief said.")
    [g] = [x for x in a.agreements if x.subject == "sanctions"]
    assert g.parties == ["eu"]


def test_a_bloc_and_a_country_agreeing_on_a_measure_are_both_parties(analyse):
    a = analyse("The Coalition of the Willing and the United States agreed to coordinate new sanctions on Russia.")
    [g] = [x for x in a.agreements if x.subject == "sanctions"]
    assert sorted(g.parties) == ["coalition_of_the_willing", "usa"]
