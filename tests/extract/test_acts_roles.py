"""Who makes an act and at whom (truceline/extract/acts_roles.py), on sentences written for the purpose.

Published Wednesday 2025-03-19.
"""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow


def moves(a):
    return [(x.type, x.subject, x.actor, x.target) for x in a.acts]


def test_call_with_someone_is_the_clause_subjects_talks(analyse):
    a = analyse("Macron raised the matter in a phone call with Putin on Friday.")
    assert moves(a) == [("meet", "talks", "macron", "putin")]


def test_met_with_coordinated_delegations_is_one_meet_per_side(analyse):
    a = analyse("US negotiators met separately with Ukrainian and Russian teams in Geneva.")
    assert moves(a) == [("meet", "talks", "gov_usa", "gov_ukr"), ("meet", "talks", "gov_usa", "gov_rus")]


def test_hyphenated_demonyms_name_both_sides_of_talks(analyse):
    a = analyse("Paris hosted British-French talks on Monday.")
    assert moves(a) == [("meet", "talks", "gov_gbr", "gov_fra")]


def test_met_with_keeps_the_direction_the_text_gives(analyse):
    a = analyse("Zelensky met with Macron in Paris on Monday.")
    assert moves(a) == [("meet", "talks", "zelensky", "macron")]


def test_causative_verb_hands_the_act_to_its_object(analyse):
    a = analyse("Shelling hit a school in Kherson, prompting Zelensky to accuse Putin of sabotaging the ceasefire.")
    assert moves(a) == [("accuse", "full_ceasefire", "zelensky", "putin")]


def test_truce_not_respected_is_the_speakers_accusation(analyse):
    a = analyse("Peskov said the truce had not been respected by the Ukrainian side.")
    assert moves(a) == [("accuse", "full_ceasefire", "peskov", "gov_ukr")]


def test_ready_to_accept_is_the_subjects_acceptance(analyse):
    a = analyse("Ukraine is ready to accept a 30-day ceasefire.")
    assert [(x.type, x.actor) for x in a.acts] == [("accept", "ukr")]


def test_a_truce_declared_by_someone_is_their_halt(analyse):
    a = analyse("Kyiv reported violations of the Easter ceasefire declared by Putin.")
    assert ("halt", "putin") in [(x.type, x.actor) for x in a.acts]


def test_a_call_between_two_leaders_names_both_however_parsed(analyse):
    a = analyse("Finland announced the plan on Monday following a call between Putin and US President Donald Trump.")
    assert ("meet", "talks", "putin", "trump") in moves(a)


def test_talks_as_the_setting_take_the_sides_of_the_clause_subject(analyse):
    a = analyse("Finland and Estonia reached a deal on prisoners during talks in Oslo on Monday.")
    assert ("meet", "talks", "fin", "est") in moves(a)


def test_a_hyphenated_pair_of_country_names_is_both_sides(analyse):
    a = analyse("The first US-Russia negotiations were held in Riyadh.")
    assert moves(a) == [("meet", "talks", "gov_usa", "gov_rus")]


def test_us_in_capitals_is_the_country_not_the_pronoun(analyse):
    a = analyse("Finland has accepted a US proposal for a 30-day ceasefire.")
    assert ("propose", "full_ceasefire", "usa", None) in moves(a)


def test_delegations_named_by_demonyms_agree_for_both_sides(analyse):
    a = analyse("The Finnish and Estonian delegations reached an agreement on a prisoner exchange.")
    assert {(x.type, x.actor) for x in a.acts if x.type == "agree"} == {("agree", "gov_fin"), ("agree", "gov_est")}


def test_both_sides_accusing_each_other_are_the_warring_sides_not_the_last_call(analyse):
    a = analyse("Trump spoke with Putin on Tuesday. Since then both sides have accused each other of breaking "
                "the truce.")
    accusers = {x.actor for x in a.acts if x.type == "accuse"}
    assert accusers == {"rus", "ukr"}


def test_only_a_warring_side_halts_strikes(analyse):
    # "he" read as the mediator last named: the halt is the warring side's of their call
    a = analyse("Putin spoke with Trump on Tuesday. After the call he gave the order to stop strikes on "
                "power plants.")
    assert [x.actor for x in a.acts if x.type == "halt"] in ([], ["putin"])
    assert "trump" not in [x.actor for x in a.acts if x.type == "halt"]


def test_an_outlet_reporting_a_meeting_is_no_party_to_it(analyse):
    a = analyse("Reuters met with Erdogan in Ankara on Monday.")
    assert [x for x in a.acts if "reuters" in (x.actor, x.target)] == []


def test_who_of_a_relative_clause_is_the_noun_it_hangs_off(analyse):
    a = analyse("Macron later phoned Putin, who rejected a 30-day ceasefire.")
    assert ("reject", "full_ceasefire", "putin", None) in moves(a)


def test_agreed_with_someone_is_an_agreement_of_both(analyse):
    a = analyse("Macron said he had agreed with Merz that Europe would send monitors to enforce the ceasefire.")
    agreed = {(x.actor, x.target) for x in a.acts if x.type == "agree"}
    assert agreed == {("macron", "merz"), ("merz", "macron")}


def test_violations_warned_of_are_no_accusation(analyse):
    a = analyse("The Kremlin said its troops would answer any violations of the truce, and Peskov warned of "
                "possible violations by the other side.")
    assert [m for m in moves(a) if m[0] == "accuse"] == []


def test_violations_by_someone_name_the_violator(analyse):
    a = analyse("Kyiv called the truce a sham, citing hundreds of violations by Russian forces.")
    assert [(m[0], m[3]) for m in moves(a) if m[0] == "accuse"] == [("accuse", "mil_rus")]


def test_the_sides_after_a_mediators_call_are_the_warring_sides(analyse):
    a = analyse("Russia and Ukraine sent delegations to Ankara. Erdogan spoke with Macron by phone before the "
                "session. Afterwards Umerov said the two sides had agreed on a new prisoner swap.")
    agreed = {(x.actor, x.target) for x in a.acts if x.type == "agree"}
    assert agreed == {("rus", "ukr"), ("ukr", "rus")}


def test_named_countries_are_not_the_warring_sides(analyse):
    a = analyse("Erdogan spoke with Macron by phone about Russia and Ukraine. European countries agreed on "
                "new sanctions.")
    assert not {x.actor for x in a.acts if x.type == "agree"} & {"rus", "ukr"}


def test_his_call_is_the_clause_subjects_not_the_person_last_named(analyse):
    a = analyse("Trump briefed Zelensky on his call with Putin.")
    assert moves(a) == [("meet", "talks", "trump", "putin")]


def test_met_by_someone_is_led_by_the_one_met(analyse):
    a = analyse("Zelensky was met by Macron at the airport in Paris on Monday.")
    assert moves(a) == [("meet", "talks", "zelensky", "macron")]


def test_talks_between_envoys_of_two_countries_name_both(analyse):
    a = analyse("Talks between envoys of Ukraine and Russia took place in Geneva on Monday.")
    assert [(x.type, x.subject) for x in a.acts] == [("meet", "talks")]
    assert a.acts[0].target is not None and a.acts[0].actor != a.acts[0].target


def test_talks_naming_no_side_are_those_of_the_talks_told_before(analyse):
    a = analyse("Ukraine and Russia held talks in Geneva on March 3. The next round of talks was held on March 12.")
    assert [(x.type, x.actor, x.target, str(x.date)) for x in a.acts] == [
        ("meet", "ukr", "rus", "2025-03-03"), ("meet", "ukr", "rus", "2025-03-12")]


def test_they_agreeing_after_a_call_are_its_sides_not_the_last_body_named(analyse):
    a = analyse("Erdogan and Putin spoke by phone on Monday. The Kremlin said they agreed to an Easter truce.")
    agreed = {x.actor for x in a.acts if x.type == "agree"}
    assert agreed == {"erdogan", "putin"}


def test_they_with_no_call_before_is_read_as_before(analyse):
    a = analyse("Ukrainian officials said on Monday they agreed to an Easter truce.")
    assert {x.actor for x in a.acts if x.type == "agree"} <= {"gov_ukr", "ukr"}


def test_a_possessive_pronoun_of_a_proposal_handed_over_is_the_givers(analyse):
    # "its" is Georgia's, who hands the proposal over, not France's, named just before the pronoun
    a = analyse("Georgia handed France its proposal for a ceasefire.")
    assert [(m[0], m[2]) for m in moves(a) if m[0] == "propose"] == [("propose", "geo")]


def test_a_hyphenated_proposer_proposes_the_noun_it_modifies(analyse):
    a = analyse("Georgia rejected a U.S.-proposed 30-day ceasefire but agreed to halt strikes on power plants.")
    assert ("propose", "full_ceasefire", "usa", None) in moves(a)
    b = analyse("Georgia rejected a US-proposed 30-day ceasefire.")
    assert ("propose", "full_ceasefire", "usa", None) in moves(b)


def test_of_two_subjects_the_one_just_before_the_verb_is_its_own(nlp):
    from spacy.tokens import Doc

    from truceline.extract.acts_roles import subject_token
    # the parse a long sentence can get: "40" and "sides" both hung on "agreed" as subjects
    words = ["Troops", "broke", "it", "40", "times", "after", "both", "sides", "agreed", "."]
    heads = [1, 1, 1, 8, 3, 8, 7, 8, 1, 1]
    deps = ["nsubj", "ROOT", "dobj", "nsubj", "quantmod", "mark", "det", "nsubj", "advcl", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    got = subject_token(doc[8])
    assert got is not None and got.text == "sides"


def test_a_participle_proposed_with_no_agent_names_no_proposer(analyse):
    # the clause's subject agrees to something proposed by someone unnamed: no proposal of its own
    a = analyse("Georgia agreed to strengthen the guarantees proposed in the plan.")
    assert [m for m in moves(a) if m[0] == "propose"] == []
    b = analyse("Georgia agreed to a truce proposed by France on Tuesday.")
    assert ("propose", "full_ceasefire", "fra", None) in moves(b)


def test_dated_talks_naming_no_side_in_a_war_report_are_the_warring_sides(analyse):
    a = analyse("Kyiv and Moscow swapped 200 prisoners on Tuesday. Officials said the swap came out of "
                "agreements made during peace talks held in Geneva on March 3.")
    assert [(x.actor, x.date) for x in a.acts if x.type == "meet"] == [("rus", dt.date(2025, 3, 3))]


def test_a_day_told_of_another_event_does_not_date_the_talks(analyse):
    a = analyse("Kyiv and Moscow swapped 200 prisoners on Tuesday. The next round of talks was announced on "
                "March 3.")
    assert not [x for x in a.acts if x.type == "meet"]


def test_a_capital_before_a_meeting_noun_is_its_venue(analyse):
    a = analyse("During Monday's Paris talks between the British and Ukrainian delegations, no deal was made.")
    assert [(x.actor, x.target) for x in a.acts if x.type == "meet"] == [("gov_gbr", "gov_ukr")]


def test_a_call_of_many_leaders_is_one_meeting(analyse):
    a = analyse("Macron, Starmer, Merz and Tusk held a conference call with Trump on Monday.")
    assert len([x for x in a.acts if x.type == "meet"]) == 1


def test_members_of_a_delegation_hold_its_talks(analyse):
    a = analyse("Members of the French delegation spoke to reporters after the second round of talks with "
                "Britain on Monday.")
    assert [(x.actor, x.target) for x in a.acts if x.type == "meet"] == [("gov_fra", "gbr")]
