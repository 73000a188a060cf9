"""One act per move (truceline/extract/acts_describe.py), on sentences written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_call_told_from_each_end_is_one_meet_led_by_the_first_named(analyse):
    a = analyse("Putin spoke with Trump on Tuesday. Trump spoke with Putin on Tuesday.")
    assert [(x.type, x.actor, x.target) for x in a.acts] == [("meet", "putin", "trump")]


def test_two_named_accusers_of_one_side_are_two_accusations(analyse):
    a = analyse("Zelensky accused Putin of violating the energy ceasefire. "
                "Sybiha also accused Putin of violating the energy ceasefire.")
    assert [(x.type, x.actor) for x in a.acts] == [("accuse", "zelensky"), ("accuse", "sybiha")]


def test_talks_told_with_a_list_of_days_are_one_meeting_per_day(analyse):
    a = analyse("Ukraine and Russia held talks in Geneva on March 3 and March 10.")
    assert [(x.type, str(x.date)) for x in a.acts] == [("meet", "2025-03-03"), ("meet", "2025-03-10")]


def test_a_meetings_day_beside_another_events_day_is_one_meeting(analyse):
    a = analyse("Putin spoke with Trump on Tuesday, two days after the drone attack on Sunday.")
    assert [(x.type, str(x.date)) for x in a.acts] == [("meet", "2025-03-18")]


def test_the_same_sides_meeting_on_two_told_days_are_two_meetings(analyse):
    a = analyse("Ukraine and Russia held talks in Geneva on March 3. "
                "Ukraine and Russia held talks in Riyadh on March 12.")
    assert [(x.type, str(x.date)) for x in a.acts] == [("meet", "2025-03-03"), ("meet", "2025-03-12")]


def test_the_sides_repeatedly_accusing_each_other_beside_one_sides_own_charge_are_kept_apart(analyse):
    a = analyse("The Russian Defence Ministry accused Ukraine of violating the energy ceasefire. "
                "Moscow and Kyiv have repeatedly accused each other of violating the energy ceasefire.")
    accusers = sorted(x.actor for x in a.acts if x.type == "accuse")
    assert accusers == ["gov_rus", "gov_ukr", "mod_rus"]


def test_one_sides_charge_told_twice_is_still_one_accusation(analyse):
    a = analyse("Russia accused Ukraine of violating the energy ceasefire. "
                "The Russian Defence Ministry accused Ukraine of violating the energy ceasefire.")
    assert len([x for x in a.acts if x.type == "accuse"]) == 1


def test_a_move_told_again_with_its_day_takes_that_day(analyse):
    import datetime as dt

    # the first telling has no day (dated as of the report, Wednesday); the second says Tuesday
    a = analyse("Macron spoke with Erdogan by phone. In the call on Tuesday, Macron told Erdogan that talks must "
                "resume.", published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in a.acts] == [("meet", dt.date(2025, 3, 18))]


def test_an_agreement_told_with_also_is_one_more_not_the_first_again(analyse):
    a = analyse("After the talks in Tallinn, Finland and Estonia agreed on an exchange of prisoners of war. "
                "The parties also agreed on the repatriation of 500 bodies of fallen soldiers.")
    agreed = [(x.actor, x.subject) for x in a.acts if x.type == "agree"]
    assert agreed.count(("fin", "prisoner_exchange")) == 2
    b = analyse("Finland and Estonia agreed on an exchange of prisoners of war. "
                "Finland and Estonia agreed on the exchange in Tallinn.")
    assert [(x.actor, x.subject) for x in b.acts if x.type == "agree"].count(("fin", "prisoner_exchange")) == 1


def test_an_also_in_someones_words_repeating_the_same_agreement_is_no_further_one(analyse):
    # "Nauseda said Lithuania also agreed on the swap": the same swap restated, the "also" adding a side
    a = analyse("Latvia and Lithuania agreed on a swap of detainees on Tuesday. Nauseda said Lithuania also agreed "
                "on the swap of detainees.")
    assert [(x.actor, x.subject) for x in a.acts if x.type == "agree"].count(("ltu", "prisoner_exchange")) == 1
    # another object in the same words is another commitment
    b = analyse("Latvia and Lithuania agreed on a swap of detainees on Tuesday. Nauseda said Lithuania also agreed "
                "on the return of the bodies of fallen soldiers.")
    assert [(x.actor, x.subject) for x in b.acts if x.type == "agree"].count(("ltu", "prisoner_exchange")) == 2
