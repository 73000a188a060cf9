"""What an act is about (truceline/extract/acts_subject.py), on sentences written for the purpose."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


def test_response_to_an_unnamed_idea_takes_the_last_proposals_subject(analyse):
    a = analyse("Erdogan proposed a pause in strikes on power plants. Zelensky responded positively to the suggestion.")
    assert [(x.type, x.subject, x.actor) for x in a.acts] == [("propose", "energy_ceasefire", "erdogan"),
                                                             ("accept", "energy_ceasefire", "zelensky")]


def test_talks_that_are_the_setting_are_not_the_subject_and_an_exchange_is_of_prisoners(analyse):
    a = analyse("Finland and Russia agreed to an exchange during negotiations in Geneva on Monday.")
    assert {x.subject for x in a.acts if x.type == "agree"} == {"prisoner_exchange"}


def test_an_accusation_in_a_report_naming_no_truce_is_about_other(analyse):
    a = analyse("Kyiv accused Moscow of deliberately targeting civilians in Kharkiv.")
    assert [(x.type, x.subject) for x in a.acts] == [("accuse", "other")]
    b = analyse("Kyiv accused Moscow of breaking the truce by targeting civilians in Kharkiv.")
    assert [(x.type, x.subject) for x in b.acts] == [("accuse", "full_ceasefire")]


def test_an_end_to_a_named_war_is_a_peace_deal(analyse):
    a = analyse("Macron pushed for an end to Russia's war in Ukraine.")
    assert [(x.type, x.subject) for x in a.acts] == [("demand", "peace_deal")]


def test_talks_named_outside_a_proposals_own_clause_are_not_its_subject(analyse):
    a = analyse("Estonia tabled its own proposals, and the meeting ended without a deal.")
    assert [x for x in a.acts if x.type == "propose" and x.subject == "talks"] == []


def test_talks_after_any_words_of_a_setting_are_the_setting(analyse):
    a = analyse("Finland and Estonia pledged to swap 500 prisoners each during their direct meeting in Oslo.")
    assert {x.subject for x in a.acts if x.type == "agree"} == {"prisoner_exchange"}


def test_a_move_with_no_day_of_its_own_is_dated_as_of_the_report(analyse):
    a = analyse("Estonia demanded a prisoner exchange with Finland.", published=dt.date(2025, 6, 4))
    assert [(x.type, x.date) for x in a.acts] == [("demand", dt.date(2025, 6, 4))]
    # a commitment's day starts an agreement: not guessed
    b = analyse("Finland and Estonia agreed to a prisoner exchange.", published=dt.date(2025, 6, 4))
    assert {x.date for x in b.acts if x.type == "agree"} == {None}


def test_talks_a_demand_asks_for_are_its_subject(analyse):
    a = analyse("Estonia requested direct talks with Finland on Monday.")
    assert [(x.type, x.subject) for x in a.acts if x.type == "demand"] == [("demand", "talks")]
    # talks further on in the clause are someone else's ("the rumours that surrounded the talks")
    b = analyse("Estonia urged its citizens not to believe the many rumours that had surrounded the talks.")
    assert [x for x in b.acts if x.subject == "talks" and x.type == "demand"] == []


def test_the_word_called_is_no_call_and_no_subject(analyse):
    a = analyse("Estonia called on Finland to respond to the attack.")
    assert [x for x in a.acts if x.subject == "talks"] == []


def test_a_memorandum_is_a_peace_plan(analyse):
    a = analyse("Estonia proposed a memorandum to Finland on Monday.")
    assert [(x.type, x.subject) for x in a.acts] == [("propose", "peace_deal")]


def test_a_demand_to_respond_is_about_other(analyse):
    a = analyse("Estonia called on its allies to respond to the attack on its port.")
    assert [(x.type, x.subject, x.actor) for x in a.acts] == [("demand", "other", "est")]


def test_a_coordinated_second_move_does_not_lend_its_subject_to_the_first(analyse):
    a = analyse("Lukashenko rejected a 60-day ceasefire but agreed to stop strikes on power stations.")
    assert {(x.type, x.subject) for x in a.acts if x.type in ("reject", "agree")} == {
        ("reject", "full_ceasefire"), ("agree", "energy_ceasefire")}


def test_a_bare_truce_named_throughout_outweighs_a_passing_energy_proposal(analyse):
    a = analyse("A truce began at noon. Estonia proposed a halt to strikes on power plants. "
                "The truce held for a day. The truce was fragile. Both sides said the truce was broken. "
                "Finland accused Estonia of violating the truce.")
    assert [x.subject for x in a.acts if x.type == "accuse"] == ["full_ceasefire"]


def test_talks_outside_an_agreements_own_clause_are_not_what_it_is_about(analyse):
    a = analyse("Erdogan and Macron spoke by phone. Macron, calling the meeting productive, said the two leaders had "
                "reached an understanding.")
    assert [x for x in a.acts if x.type == "agree"] == []


def test_a_meeting_on_a_narrower_topic_takes_it_as_subject(analyse):
    a = analyse("Erdogan spoke by phone with Zelensky to discuss possible sanctions on Latvia.")
    assert {x.subject for x in a.acts if x.type == "meet"} == {"sanctions"}
    b = analyse("Finland and Estonia held talks on a prisoner exchange.")
    assert {x.subject for x in b.acts if x.type == "meet"} == {"prisoner_exchange"}
    # the "ceasefire" of a partial one is that one
    e = analyse("Erdogan spoke to Zelensky on Monday about a possible partial ceasefire.")
    assert {x.subject for x in e.acts if x.type == "meet"} == {"energy_ceasefire"}
    # a peace plan is what all talks are about, and a topic of several things is the talks themselves
    c = analyse("Finland and Estonia held talks on a peace plan.")
    assert {x.subject for x in c.acts if x.type == "meet"} == {"talks"}
    d = analyse("At talks in Oslo on May 16, Finland and Estonia discussed the issue of a ceasefire and a prisoner "
                "exchange.")
    assert {x.subject for x in d.acts if x.type == "meet"} == {"talks"}


def test_a_day_after_the_report_is_not_the_day_a_move_was_made(analyse):
    # the day in the sentence is when the proposed truce would start, after the report: the move is the report's
    a = analyse("Estonia proposed a 30-day ceasefire starting on May 12.", published=dt.date(2025, 5, 9))
    assert [(x.type, x.date) for x in a.acts] == [("propose", dt.date(2025, 5, 9))]
    # a day before the report in the same sentence is still the move's
    b = analyse("On May 7, Estonia proposed a 30-day ceasefire starting on May 12.", published=dt.date(2025, 5, 9))
    assert [(x.type, x.date) for x in b.acts] == [("propose", dt.date(2025, 5, 7))]


def test_what_a_condition_is_for_is_not_what_is_demanded(analyse):
    a = analyse("Lifting the sanctions on its banks is one of Latvia's conditions for a maritime ceasefire.")
    assert [(x.type, x.subject) for x in a.acts if x.type == "demand"] == [("demand", "sanctions")]
    b = analyse("The text sets out Latvia's conditions for a ceasefire and a lasting peace.")
    assert [x for x in b.acts if x.type == "demand"] == []
    # a demand for the truce itself is still about the truce
    c = analyse("Latvia demanded a maritime ceasefire.")
    assert [(x.type, x.subject) for x in c.acts] == [("demand", "maritime_ceasefire")]


def test_a_move_told_days_after_another_is_dated_back_from_it(analyse):
    # the report is of Wednesday 19 March: the call it tells of came a day before
    a = analyse("The visit came a day after a phone call between Macron and Erdogan.", published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in a.acts] == [("meet", dt.date(2025, 3, 18))]
    b = analyse("The summit came three days after Finnish and Estonian delegations met in Oslo.",
                published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in b.acts] == [("meet", dt.date(2025, 3, 16))]
    # hours after: the report's news came the morning after a move of the day before
    c = analyse("The visit came hours after a phone call between Macron and Erdogan.", published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in c.acts] == [("meet", dt.date(2025, 3, 18))]
    # "hours" hung on the verb, not on "after"; and a move in the "after" clause
    e = analyse("Latvian drones kept striking the depot just hours after Orban's call with Macron.",
                published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in e.acts if x.type == "meet"] == [("meet", dt.date(2025, 3, 18))]
    f = analyse("The strike came hours after Macron agreed in talks with Orban to a pause in strikes on power plants.",
                published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in f.acts if x.type == "agree"] == [("agree", dt.date(2025, 3, 18))]
    g = analyse("The visit came 48 hours after a phone call between Macron and Erdogan.",
                published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in g.acts] == [("meet", dt.date(2025, 3, 17))]
    # "a few days", "several days": no count, so no day counted back
    d = analyse("The visit came a few days after a phone call between Macron and Erdogan.",
                published=dt.date(2025, 3, 19))
    assert [(x.type, x.date) for x in d.acts] == [("meet", dt.date(2025, 3, 19))]


def test_a_participle_that_is_a_move_of_its_own_is_not_the_first_moves_subject(analyse):
    # the "urging" clause asks for land; what Merz called for is the stop to the fighting
    a = analyse("Merz called for the fighting to cease at the current line, urging Zelensky to cede the region.")
    assert ("demand", "full_ceasefire", "merz") in [(x.type, x.subject, x.actor) for x in a.acts]
    assert ("demand", "territory", "merz") in [(x.type, x.subject, x.actor) for x in a.acts]


def test_a_clause_set_against_the_move_by_but_names_no_subject_of_it(analyse):
    # the "but" clause is another stance of the speaker: the acceptance names no subject of its own, and no
    # proposal came before it, so no act of subject peace_deal is read from the contrasted clause
    a = analyse('Orban said: "We agree with the proposals, but we proceed from the need for a lasting peace '
                'settlement."')
    assert [x for x in a.acts if x.subject == "peace_deal"] == []
    # a clause joined by "and" may spell out the move's object: still read
    b = analyse("Kyiv said it was ready to support the deal and not hit Latvia's power plants for a month.")
    assert ("accept", "energy_ceasefire") in [(x.type, x.subject) for x in b.acts]
