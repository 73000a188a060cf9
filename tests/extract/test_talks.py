"""Meetings announced for later are agreements to meet, not talks held (extract/talks.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.extract.talks import _names_meeting, speculative
from truceline.models import Span

pytestmark = pytest.mark.slow


def _talks(a):
    return [g for g in a.agreements if g.subject == "talks"]


def test_a_meeting_announced_is_an_agreement_to_meet_and_no_meet_act(analyse):
    a = analyse("Finland and Norway will hold talks in Oslo on June 2.", published=dt.date(2025, 5, 20))
    [g] = _talks(a)
    assert (g.status, g.start) == ("agreed", dt.date(2025, 6, 2))
    assert len(g.parties) == 2
    assert [x for x in a.acts if x.type == "meet"] == []


def test_a_planned_summit_called_off_is_suspended(analyse):
    a = analyse("The White House cancelled a planned summit between Trump and Putin in Vienna.")
    [g] = _talks(a)
    assert g.status == "suspended"
    assert set(g.parties) == {"usa", "rus"}


def test_an_infinitive_under_a_scheduling_word_is_ahead(analyse):
    a = analyse("The Polish and Ukrainian teams are set to meet in Warsaw next week.")
    assert len(_talks(a)) == 1


def test_talks_held_are_a_meet_act_and_no_agreement(analyse):
    a = analyse("Trump met Putin in Helsinki on Friday.", published=dt.date(2025, 8, 18))
    assert _talks(a) == []
    assert [(x.type, x.actor, x.target) for x in a.acts] == [("meet", "trump", "putin")]


def test_a_call_announced_is_no_agreement_to_meet(analyse):
    a = analyse("Rubio will speak with his Russian counterpart in the coming days.")
    assert _talks(a) == []
    assert a.acts == []


def test_talks_as_the_setting_of_another_move_are_no_agreement_to_meet(analyse):
    a = analyse("During talks in Geneva on Monday, Russia and Ukraine agreed to a full ceasefire.")
    assert _talks(a) == []
    assert {g.subject for g in a.agreements} == {"full_ceasefire"}


def test_a_meeting_spoken_of_as_possible_is_neither_held_nor_agreed(analyse):
    a = analyse("Analysts weighed the possibility of a meeting between the Finnish and Estonian leaders.")
    assert [x for x in a.acts if x.type == "meet"] == []
    assert _talks(a) == []


def test_a_meeting_verb_only_spoken_of_as_possible_is_no_meet(analyse):
    a = analyse("Macron said he was willing to talk to Erdogan about the grain corridor.")
    assert [x for x in a.acts if x.type == "meet"] == []
    b = analyse("Finland weighed the possibility of negotiating with Estonia over the border.")
    assert [x for x in b.acts if x.type == "meet"] == []


def test_a_summit_called_off_stays_off_when_a_later_line_recalls_the_plan(analyse):
    a = analyse("Macron cancelled his planned summit with Erdogan in Paris. Plans for the summit had emerged "
                "after they spoke by phone last week.")
    [g] = _talks(a)
    assert g.status == "suspended"


def test_the_cancellation_of_a_summit_suspends_it(analyse):
    a = analyse("Officials confirmed the cancellation of the planned summit between Macron and Erdogan.")
    [g] = _talks(a)
    assert g.status == "suspended"


def test_a_meeting_ahead_with_no_day_given_has_no_start(analyse):
    a = analyse("Finland and Norway will hold talks in Oslo.", published=dt.date(2025, 5, 20))
    [g] = _talks(a)
    assert g.start is None


def test_a_move_on_talks_counts_only_where_its_sentence_names_a_meeting(analyse):
    a = analyse("Finland and Norway agreed to hold talks in Oslo. Both sides pledged to keep working together.")
    first, second = a.doc.sents
    assert _names_meeting(a, Span(first.start_char, first.end_char))
    assert not _names_meeting(a, Span(second.start_char, second.end_char))


def test_a_meeting_whose_holding_verb_is_negated_or_ahead_is_no_meet(analyse):
    a = analyse("The Finnish government said it had not held any negotiations with Estonia this month.")
    assert [x for x in a.acts if x.type == "meet"] == []
    b = analyse("Stubb said he will have a conversation with Macron about the border.")
    assert [speculative(t) for t in b.doc if t.lower_ == "conversation"] == [True]
    c = analyse("The Polish delegation was prepared to begin talks with Lithuania on Monday.")
    assert [x for x in c.acts if x.type == "meet"] == []


def test_a_meeting_noun_ahead_is_announced_talks_when_its_sentence_names_no_sides(analyse):
    a = analyse("Finland and Estonia exchanged letters on the border. The next round of talks will take place "
                "in Tallinn on June 2.", published=dt.date(2025, 5, 20))
    [g] = _talks(a)
    assert (g.status, g.start) == ("agreed", dt.date(2025, 6, 2))


def test_talks_where_a_move_was_made_do_not_hide_the_meeting_it_is_about(analyse):
    a = analyse("Finland and Estonia agreed to meet in Tallinn. Speaking after the talks, Estonia proposed holding "
                "a summit of the two leaders.")
    second = list(a.doc.sents)[1]
    assert _names_meeting(a, Span(second.start_char, second.end_char))
    b = analyse("During the talks in Tallinn, Finland and Estonia agreed on the border.")
    assert not _names_meeting(b, Span(0, len(b.document.text)))


def test_talks_ahead_naming_no_sides_are_between_the_sides_that_met(analyse):
    a = analyse("Finland and Estonia held talks in Tallinn on Monday. The next round will take place on June 2.",
                published=dt.date(2025, 5, 20))
    [g] = _talks(a)
    assert set(g.parties) == {x.actor for x in a.acts if x.type == "meet"} | {x.target for x in a.acts
                                                                             if x.type == "meet"}
    assert len(g.parties) == 2


def test_slated_to_meet_is_ahead(analyse):
    a = analyse("Finland's president was slated to meet Estonia's leader in Tallinn on June 2.",
                published=dt.date(2025, 5, 20))
    assert len(_talks(a)) == 1
    assert [x for x in a.acts if x.type == "meet"] == []


def test_a_summit_held_is_a_meet_act(analyse):
    a = analyse("The summit between Trump and Putin in Helsinki ended on Monday without a deal.")
    assert [(x.type, x.actor, x.target) for x in a.acts if x.type == "meet"] == [("meet", "trump", "putin")]
    assert _talks(a) == []


def test_a_meeting_proposed_by_its_holding_verb_is_not_held(analyse):
    a = analyse("Helsinki proposed holding a summit between Trump and Putin in the autumn.")
    assert [x for x in a.acts if x.type == "meet"] == []
    [g] = _talks(a)
    assert g.status == "proposed"
    assert {"usa", "rus"} <= set(g.parties)


def test_next_round_naming_no_side_is_between_the_sides_of_the_last_talks(analyse):
    a = analyse("Ukraine and Russia held talks in Geneva on March 3. "
                "Orban said the next round of talks will take place in Budapest.")
    [g] = _talks(a)
    assert set(g.parties) == {"ukr", "rus"}


def _meets(a):
    return [x for x in a.acts if x.type == "meet"]


def test_a_meeting_that_is_the_purpose_of_a_trip_under_way_is_not_held(analyse):
    a = analyse("Stubb said he is sending a Finnish delegation to Tallinn to hold talks with the Estonian side.")
    assert [speculative(t) for t in a.doc if t.lower_ == "talks"] == [True]
    assert _meets(a) == []


def test_a_meeting_under_a_willingness_with_a_verb_between_is_not_held(analyse):
    a = analyse("Sweden thanked Norway for its willingness to help arrange Finnish-Estonian negotiations.")
    assert [speculative(t) for t in a.doc if t.lower_ == "negotiations"] == [True]


def test_talks_as_the_setting_of_a_move_ahead_are_not_held(analyse):
    a = analyse("Stubb said Haavisto will lead the Finnish delegation during talks with the Estonian side.")
    assert [speculative(t) for t in a.doc if t.lower_ == "talks"] == [True]
    b = analyse("Haavisto led the Finnish delegation during talks with Estonia in Tallinn on Monday.")
    assert [speculative(t) for t in b.doc if t.lower_ == "talks"] == [False]


def test_talks_named_as_a_process_with_no_occasion_are_no_meet(analyse):
    a = analyse("Stubb said that negotiations between Finland and Estonia were moving slowly.")
    assert [speculative(t) for t in a.doc if t.lower_ == "negotiations"] == [True]
    b = analyse("Stubb said the strike undermined Oslo-led peace talks between the two neighbours.")
    assert [speculative(t) for t in b.doc if t.lower_ == "talks"] == [True]
    c = analyse("Talks between Finland and Estonia ended in Tallinn on Monday.")
    assert [speculative(t) for t in c.doc if t.lower_ == "talks"] == [False]
    d = analyse("The Tallinn talks between Finland and Estonia produced a border deal.")
    assert [speculative(t) for t in d.doc if t.lower_ == "talks"] == [False]


def test_the_sides_a_meeting_clause_names_as_its_subject_are_its_parties_not_the_speaker(analyse):
    a = analyse("After speaking with Erdogan, Macron said Finland and Estonia would start talks on a border deal.")
    [g] = _talks(a)
    assert set(g.parties) == {"fin", "est"}


def test_coordinated_teams_set_to_meet_are_the_parties(analyse):
    a = analyse("Macron called Erdogan on Monday. The Finnish and Estonian teams are set to meet in Oslo next week.")
    [g] = _talks(a)
    assert set(g.parties) == {"fin", "est"}


def test_a_country_named_only_as_the_venue_is_no_party_to_talks_ahead(analyse):
    a = analyse("Finnish and Estonian negotiators will hold talks in Oslo, Norway, on June 2.")
    [g] = _talks(a)
    assert set(g.parties) == {"fin", "est"}


def test_talks_proposed_by_one_side_take_the_other_side_from_their_sentence(analyse):
    # a meeting has two sides at least: the one the proposal's sentence names besides the proposer
    a = analyse("Norway proposed direct talks in Geneva next month to settle its dispute with Sweden.")
    [g] = _talks(a)
    assert sorted(g.parties) == ["nor", "swe"]
    # who reports the proposal is no side to it
    b = analyse("Norway proposed direct talks in Geneva next month, Finnish President Alexander Stubb said.")
    [g] = _talks(b)
    assert g.parties == ["nor"]


def test_a_day_outside_the_reported_clause_is_when_the_plan_was_told_not_the_meeting(analyse):
    # <G> "On Thursday, X said ..." dates the saying: a meeting ahead told in the clause has no day of its own
    a = analyse("On Tuesday, Stubb said that the Finnish and Estonian teams will meet in Oslo soon.",
                published=dt.date(2025, 5, 13))
    [g] = _talks(a)
    assert g.start is None
    b = analyse("On Tuesday, Stubb said that the Finnish and Estonian teams will meet in Oslo on May 16.",
                published=dt.date(2025, 5, 13))
    [g] = _talks(b)
    assert g.start == dt.date(2025, 5, 16)


@pytest.mark.parametrize("text", [
    "Finland and Norway will hold their annual summit in Oslo on June 2.",
    "The Finnish president will hold an operational meeting with the Norwegian prime minister on June 2.",
])
def test_a_meeting_on_a_bodys_own_calendar_is_no_agreement_to_meet(analyse, text):
    a = analyse(text, published=dt.date(2025, 5, 20))
    assert _talks(a) == []
    assert [x for x in a.acts if x.type == "meet"] == []


def test_a_one_off_meeting_beside_a_calendar_word_elsewhere_is_still_agreed(analyse):
    a = analyse("After their annual review, Finland and Norway will hold talks in Oslo on June 2.",
                published=dt.date(2025, 5, 20))
    assert len(_talks(a)) == 1


@pytest.mark.parametrize("text", [
    "The Finnish president had been due to meet the Norwegian prime minister in Oslo on Friday.",
    "The Finnish and Norwegian teams had been scheduled to hold talks in Oslo on Friday.",
])
def test_a_meeting_planned_in_the_past_perfect_is_overtaken(analyse, text):
    a = analyse(text, published=dt.date(2025, 5, 20))
    [g] = _talks(a)
    assert g.status == "suspended"


def test_a_meeting_scheduled_in_the_present_stays_agreed(analyse):
    a = analyse("The Finnish and Norwegian teams have been scheduled to hold talks in Oslo on Friday.",
                published=dt.date(2025, 5, 20))
    assert [g.status for g in _talks(a)] == ["agreed"]
