"""A warring side's claim that the other keeps striking energy is its accusation (extract/acts_claims.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _accusations(a):
    return [(x.actor, x.target, x.subject) for x in a.acts if x.type == "accuse"]


def test_a_claim_of_strikes_despite_the_halt_is_an_accusation_against_the_other_side(analyse):
    a = analyse("Russian forces struck power substations in three regions again overnight despite the moratorium, "
                "Zelensky said.")
    assert _accusations(a) == [("zelensky", "rus", "energy_ceasefire")]


def test_one_strike_reported_without_framing_is_no_accusation(analyse):
    a = analyse("A Russian drone hit a power substation in Sumy overnight, Zelensky said.")
    assert [x for x in _accusations(a) if x[2] == "energy_ceasefire"] == []


def test_a_third_sides_claim_is_no_warring_sides_accusation(analyse):
    a = analyse("Strikes on power plants continued despite the moratorium, the French foreign minister said.")
    assert _accusations(a) == []


def test_a_claim_of_strikes_despite_a_named_truce_is_an_accusation_over_it(analyse):
    a = analyse("Ukrainian troops kept shelling Russian villages despite the Easter truce, Peskov said.")
    assert _accusations(a) == [("peskov", "ukr", "full_ceasefire")]


def test_a_side_telling_of_its_own_strikes_accuses_no_one(analyse):
    a = analyse("Russian troops kept striking military targets despite the Easter truce, Peskov said.")
    assert _accusations(a) == []


def test_a_count_of_strikes_on_energy_is_an_accusation(analyse):
    a = analyse("Ukrainian drones carried out five attacks on Russian energy facilities over the past day, the "
                "Russian Defence Ministry said.")
    assert [(x[1], x[2]) for x in _accusations(a)] == [("ukr", "energy_ceasefire")]


def test_a_claim_that_the_other_side_held_up_a_swap_is_an_accusation_over_it(analyse):
    a = analyse("Kyiv has postponed the prisoner swap for the third time, Peskov said.")
    assert [x for x in _accusations(a) if x[2] == "prisoner_exchange"] == [("peskov", "ukr", "prisoner_exchange")]


def test_a_hold_up_denied_feared_or_by_the_own_side_is_no_accusation(analyse):
    for text in ("Kyiv did not postpone the prisoner swap, Peskov said.",
                 "Kyiv could delay the prisoner swap, Peskov said.",
                 "Moscow postponed the prisoner swap by a week, Peskov said."):
        assert [x for x in _accusations(analyse(text)) if x[2] == "prisoner_exchange"] == [], text


def _demands(a):
    return [(x.actor, x.target, x.subject, x.date) for x in a.acts if x.type == "demand"]


def test_a_move_given_a_deadline_and_a_threat_is_the_givers_demand(analyse):
    a = analyse("Trump gave Putin until Friday to agree to a full ceasefire or face new sanctions.")
    assert _demands(a) == [("trump", "putin", "full_ceasefire", None)]  # Friday is the deadline, not its day


def test_a_move_given_with_no_deadline_or_threat_is_no_demand(analyse):
    assert _demands(analyse("Trump gave Putin a map to study before the summit.")) == []


def test_a_bare_command_to_stop_the_fighting_is_the_speakers_demand(analyse):
    a = analyse('"Stop the killing and go home," Zelensky told reporters on Friday.')
    assert [(x[0], x[2]) for x in _demands(a)] == [("zelensky", "full_ceasefire")]


def test_a_shouted_stop_to_a_named_leader_is_a_demand_about_no_truce(analyse):
    a = analyse('"I do not like these strikes at all. Vladimir, STOP!" Trump wrote on his platform on Friday.')
    assert [(x[0], x[2]) for x in _demands(a)] == [("trump", "other")]


def test_a_stop_with_its_own_subject_or_outside_a_statement_is_no_demand(analyse):
    assert _demands(analyse('"We will stop the strikes if Kyiv does the same," Peskov said on Friday.')) == []
    assert _demands(analyse("Stop signs were put up near the border crossing on Friday.")) == []


def test_a_call_to_act_together_naming_a_deal_is_the_speakers_demand(analyse):
    a = analyse('"Enough of this. Let\u2019s get the peace agreement signed!" the Polish premier wrote on Friday.')
    assert [x[2] for x in _demands(a)] == ["peace_deal"]
    b = analyse('"Let us agree on a full ceasefire right now," Macron told reporters on Friday.')
    assert "full_ceasefire" in [x[2] for x in _demands(b)]


def test_a_call_to_act_together_naming_nothing_is_no_demand(analyse):
    assert _demands(analyse('"Let\'s see what happens next week," Trump told reporters on Friday.')) == []


def test_a_claim_by_a_speaker_of_no_known_side_is_made_against_the_side_it_names_striking(analyse):
    # the speaker's side is unknown: the side the claim names as striking is the other one
    a = analyse("Two Russian strikes have hit power substations in the Sumy region since the moratorium began, "
                "presidential adviser Taras Melnychuk said.")
    assert [(x[1], x[2]) for x in _accusations(a)] == [("rus", "energy_ceasefire")]


def test_a_claim_by_an_international_body_takes_no_side(analyse):
    a = analyse("Russian drones struck power lines near the plant again despite the moratorium, the International "
                "Atomic Energy Agency said.")
    assert _accusations(a) == []


def test_a_claim_takes_its_side_from_the_first_warring_side_it_names():
    from truceline.extract.acts_claims import _side_by_claim

    plain = _side_by_claim("Russian drones have hit energy facilities twice despite the moratorium.")
    assert plain is not None
    # a body of no country named first (the EU) does not hide the warring side named after it
    assert _side_by_claim("The European Union noted that Russian drones have hit energy facilities twice.") == plain
    assert _side_by_claim("The European Union noted that energy facilities were hit twice.") is None


def test_a_claim_in_a_statement_with_no_day_is_dated_as_of_the_report(analyse):
    import datetime as dt

    a = analyse("Russian forces have struck Ukrainian power plants again and again despite the moratorium, "
                "Ukraine's energy minister said.", published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in a.acts] == [("accuse", dt.date(2025, 3, 19))]
