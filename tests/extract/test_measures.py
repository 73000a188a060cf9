"""Sanctions imposed and weapons given, told as measures rather than moves (extract/measures.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _of(a, subject):
    return [g for g in a.agreements if g.subject == subject]


def test_sanctions_imposed_are_in_force_and_bind_the_side_imposing_them(analyse):
    # CONVENTIONS.md: imposed, in force (this test said "agreed" before the in-force rule)
    a = analyse("Canada imposed new sanctions on Russian shipping companies on Monday.")
    [g] = _of(a, "sanctions")
    assert (g.status, g.parties) == ("in_force", ["can"])


def test_sanctions_adopted_for_a_later_date_are_agreed(analyse):
    a = analyse("Canada imposed new sanctions on Russian shipping companies on Monday. The sanctions will take "
                "effect at the start of next month.")
    [g] = _of(a, "sanctions")
    assert g.status == "agreed"


def test_sanctions_threatened_are_proposed(analyse):
    a = analyse("Washington will impose tariffs on buyers of Russian oil if Moscow does not agree to a truce.")
    [g] = _of(a, "sanctions")
    assert g.status == "proposed"


def test_a_call_for_sanctions_is_no_commitment(analyse):
    a = analyse("Kyiv urged its allies to impose tougher sanctions on Russia.")
    assert _of(a, "sanctions") == []


def test_weapons_given_are_military_aid_and_a_generic_noun_needs_its_qualifier(analyse):
    a = analyse("Norway will supply air defence systems to Ukraine.")
    [g] = _of(a, "military_aid")
    assert (g.status, g.parties) == ("proposed", ["nor"])
    b = analyse("Volunteers provided medical assistance to the injured.")
    assert _of(b, "military_aid") == []


def test_a_measure_taken_is_an_agree_act_by_its_taker_and_one_threatened_is_none(analyse):
    a = analyse("Canada imposed new sanctions on Russian shipping companies on Monday.")
    assert [(x.type, x.actor, x.subject) for x in a.acts] == [("agree", "can", "sanctions")]
    b = analyse("Washington will impose tariffs on buyers of Russian oil if Moscow does not agree to a truce.")
    assert [x for x in b.acts if x.subject == "sanctions"] == []


def test_a_tariff_imposed_and_a_further_one_threatened_are_two(analyse):
    a = analyse("The United States imposed a 25% tariff on Indian goods on Wednesday. Washington also threatened "
                "additional tariffs on other buyers of Russian oil.")
    assert sorted(g.status for g in _of(a, "sanctions")) == ["in_force", "proposed"]


def test_sanctions_named_as_new_are_a_measure_under_any_verb(analyse):
    a = analyse("The talks coincided with new British sanctions targeting Russian oil traders.")
    [g] = _of(a, "sanctions")
    assert g.status == "in_force"
    b = analyse("The president said he would hold off on fresh sanctions for a few weeks.")
    assert [g.status for g in _of(b, "sanctions")] == ["proposed"]


def test_drones_sent_into_a_country_are_an_attack_not_aid(analyse):
    a = analyse("Finland said Estonia had sent 40 drones into Finnish territory overnight.")
    assert _of(a, "military_aid") == []
    assert [x for x in a.acts if x.subject == "military_aid"] == []


def test_sanctions_named_as_more_are_a_measure_threatened(analyse):
    a = analyse("Nordic leaders told Moscow to accept the truce by Friday or face more sanctions.")
    [g] = _of(a, "sanctions")
    assert g.status == "proposed"


def test_weapons_asked_for_are_proposed_aid_binding_the_side_asked(analyse):
    a = analyse("President Zelensky asked Chancellor Merz of Germany for additional Patriot systems on Monday.")
    [g] = _of(a, "military_aid")
    assert (g.status, g.parties) == ("proposed", ["deu"])


def test_weapons_given_leave_a_request_beside_them_no_second_commitment(analyse):
    a = analyse("Kyiv asked Norway for more air defence systems. Norway will supply two missile launchers.")
    assert len(_of(a, "military_aid")) == 1


def test_security_guarantees_named_bind_the_guarantors_the_sentence_names(analyse):
    # <B4> CONVENTIONS.md: guarantees bind the guarantors named, not the warring sides (nor a dateline's place)
    a = analyse("Brussels \u2013 Britain and Canada confirmed on Thursday their readiness to provide security "
                "guarantees for Ukraine after a ceasefire.")
    [g] = _of(a, "peace_deal")
    assert sorted(g.parties) == ["can", "gbr"]


def test_a_plan_without_guarantees_binds_the_warring_sides(analyse):
    a = analyse("Diplomats discussed the draft framework in Geneva.")
    [g] = _of(a, "peace_deal")
    assert g.parties == ["rus", "ukr"]


def test_a_passive_measure_binds_its_agent_not_the_side_it_falls_on(analyse):
    # a passive names its taker only by the agent: the side named first is the one the sanctions fall on
    a = analyse("If Moscow refuses the truce, sanctions will be imposed on its oil exports.")
    [g] = _of(a, "sanctions")
    assert g.parties == []
    a = analyse("New sanctions were imposed on Russian banks by the European Union on Monday.")
    [g] = _of(a, "sanctions")
    assert g.parties == ["eu"]
