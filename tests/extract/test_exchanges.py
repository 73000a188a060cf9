"""Exchanges of prisoners and of the dead, told without anyone's move (extract/exchanges.py)."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


def _exchanges(a):
    return [g for g in a.agreements if g.subject == "prisoner_exchange"]


def test_a_carried_out_exchange_is_in_force_on_its_day_between_the_warring_sides(analyse):
    a = analyse("On Saturday, 84 Ukrainian soldiers returned home from captivity in an exchange with Russia.",
                published=dt.date(2025, 9, 14))
    [g] = _exchanges(a)
    assert (g.status, g.start, g.parties) == ("in_force", dt.date(2025, 9, 13), ["rus", "ukr"])


def test_bodies_and_prisoners_are_two_commitments(analyse):
    a = analyse("Russia and Ukraine swapped 150 prisoners of war on Tuesday. The repatriation of 900 bodies of "
                "fallen soldiers took place on Thursday.", published=dt.date(2025, 10, 4))
    got = sorted((g.start, g.status) for g in _exchanges(a))
    assert got == [(dt.date(2025, 9, 30), "in_force"), (dt.date(2025, 10, 2), "in_force")]


def test_an_exchange_only_announced_is_agreed(analyse):
    a = analyse("Kyiv and Moscow will exchange 500 detainees each in the coming days, the mediators said.")
    [g] = _exchanges(a)
    assert g.status == "agreed"


def test_an_agreed_exchange_told_twice_is_one_agreement(analyse):
    a = analyse("Russia and Ukraine agreed to exchange 1,000 prisoners each. The exchange of prisoners was "
                "carried out over three days.")
    assert len(_exchanges(a)) == 1


def test_no_captives_no_exchange(analyse):
    a = analyse("The two sides exchanged fire along the front on Sunday.")
    assert _exchanges(a) == []


def test_an_agreed_exchange_later_carried_out_is_in_force_and_one_put_off_is_suspended(analyse):
    a = analyse("Russia and Ukraine agreed to exchange 500 prisoners each. On Friday 250 Ukrainian soldiers returned "
                "home from captivity.", published=dt.date(2025, 6, 9))
    [g] = _exchanges(a)
    assert (g.status, g.start) == ("in_force", dt.date(2025, 6, 6))
    b = analyse("Russia and Ukraine agreed to exchange 500 prisoners each. The exchange of prisoners was postponed "
                "on Friday.", published=dt.date(2025, 6, 9))
    assert [g.status for g in _exchanges(b)] == ["suspended"]


def test_an_agreed_exchange_carried_out_later_starts_on_the_day_it_took_place(analyse):
    # in force from the telling that says it was carried out, which names its captives by nationality alone
    a = analyse("Russia and Ukraine agreed to exchange 300 prisoners each. On Thursday 300 Ukrainians returned home "
                "in the exchange.", published=dt.date(2025, 6, 14))
    [g] = _exchanges(a)
    assert (g.status, g.start) == ("in_force", dt.date(2025, 6, 12))


def test_captives_returning_today_are_an_exchange_carried_out(analyse):
    a = analyse("Today our defenders are returning from captivity in another stage of the exchange.",
                published=dt.date(2025, 7, 3))
    [g] = _exchanges(a)
    assert (g.status, g.start) == ("in_force", dt.date(2025, 7, 3))



def test_the_dead_offered_without_an_exchange_word_are_a_proposed_handover(analyse):
    a = analyse("Moscow said it was ready to transfer the bodies of 1,500 more Ukrainian servicemen to Kyiv.",
                published=dt.date(2025, 8, 2))
    [g] = _exchanges(a)
    assert (g.status, g.parties) == ("proposed", ["rus", "ukr"])


def test_the_wounded_transferred_to_a_hospital_are_no_exchange(analyse):
    a = analyse("The wounded soldiers were transferred to a hospital in Kharkiv on Friday.")
    assert _exchanges(a) == []


def test_the_day_of_the_talks_that_agreed_an_exchange_is_not_its_day(analyse):
    # a day right after talks or a deal ("talks held in Geneva on Monday") is when it was agreed
    a = analyse("Following talks held in Geneva on Monday, 200 prisoners of war from each side returned home on "
                "Thursday.", published=dt.date(2025, 10, 4))
    [g] = _exchanges(a)
    assert (g.status, g.start) == ("in_force", dt.date(2025, 10, 2))


def test_a_deal_named_beside_the_day_of_the_exchange_leaves_that_day(analyse):
    # only a day the deal was made on ("the deal struck on", "talks held in ... on") is the deal's
    a = analyse("Under the deal, 150 prisoners of war from each side came home on Thursday.",
                published=dt.date(2025, 10, 4))
    [g] = _exchanges(a)
    assert g.start == dt.date(2025, 10, 2)
