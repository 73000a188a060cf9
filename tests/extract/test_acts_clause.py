"""Clause tests around a trigger (truceline/extract/acts_clause.py), on sentences written for the purpose."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def moves(a):
    return [(x.type, x.subject, x.actor, x.target) for x in a.acts]


def test_called_for_is_a_demand(analyse):
    # "call" needs "for"/"on" beside it; the lexicon's particle check has to see the parse's children
    a = analyse("Zelensky called for a complete ceasefire on Friday.")
    assert moves(a) == [("demand", "full_ceasefire", "zelensky", None)]


def test_talks_announced_for_later_are_no_meet(analyse):
    assert analyse("Zelensky will speak with Trump on Friday.").acts == []


def test_failure_to_honour_is_an_accusation_by_the_speaker(analyse):
    a = analyse("Lavrov said the talks had stalled because of Kyiv's failure to honour the moratorium.")
    assert moves(a) == [("accuse", "energy_ceasefire", "lavrov", "gov_ukr")]


def test_an_expectation_about_anothers_acceptance_is_no_act(analyse):
    assert analyse("Erdogan said he expected that Moscow would accept a truce.").acts == []


def test_a_call_before_a_move_is_a_meet_of_its_own(analyse):
    a = analyse("Erdogan agreed to a pause in strikes on power plants after speaking to Macron on Monday.")
    assert ("meet", "talks", "erdogan", "macron") in moves(a)


def test_a_meeting_with_a_modal_is_no_meet(analyse):
    a = analyse("Macron said he might talk to Erdogan about the grain corridor.")
    assert [x for x in a.acts if x.type == "meet"] == []


def test_suggesting_a_fact_is_no_proposal_but_suggesting_a_step_is(analyse):
    a = analyse("Macron spoke warmly of the summit, suggesting that earlier rounds of talks had failed.")
    assert [x for x in a.acts if x.type == "propose"] == []
    b = analyse("Erdogan suggested that Finland and Estonia resume negotiations in Ankara.")
    assert [(x.type, x.subject, x.actor) for x in b.acts if x.type == "propose"] == [("propose", "talks", "erdogan")]


def test_a_move_pressed_for_or_awaited_is_no_act(analyse):
    assert analyse("Only sanctions will force Tehran to agree to a ceasefire.").acts == []
    assert [x for x in analyse("The deadline for Iran to accept the truce passed on Friday.").acts
            if x.type == "accept"] == []


def test_agreeing_to_a_proposed_truce_accepts_the_proposal(analyse):
    # the object's modifier makes it a proposal: agreeing to it is an acceptance, as agreeing to "the plan" is
    a = analyse("Georgia agreed to a truce proposed by France on Tuesday.")
    assert [(x.type, x.subject) for x in a.acts if x.actor != "fra"] == [("accept", "full_ceasefire")]


def test_a_move_wanted_of_a_side_named_by_for_is_no_act(analyse):
    a = analyse("Finland set a deadline of Friday for Estonia to agree to a prisoner exchange.")
    assert [x for x in a.acts if x.type == "agree"] == []


def test_an_agreement_said_to_be_violated_is_no_agreement(analyse):
    a = analyse("Finland said the strikes were in violation of an agreement between Estonia and Latvia.")
    assert [x for x in a.acts if x.type == "agree"] == []


def test_a_move_coordinated_inside_a_demand_is_part_of_the_demand(analyse):
    # "halt" is what Finland demands; the "agree" coordinated with it is demanded too, not agreed
    a = analyse("Finland urged Estonia to halt the shelling and agree to a full ceasefire.")
    assert [x for x in a.acts if x.type == "agree"] == []
    assert [x.type for x in a.acts if x.actor == "fin"] == ["demand"]




def test_a_move_a_side_must_or_has_to_make_is_not_made(analyse):
    a = analyse("Estonian troops must withdraw from the border villages, the Finnish president said.")
    assert [x for x in a.acts if x.type == "end"] == []
    b = analyse("Sooner or later Latvia is going to have to accept the plan, Finland said.")
    assert [x for x in b.acts if x.type == "accept"] == []


def test_a_head_word_lacking_its_needed_words_does_not_swallow_the_move(analyse):
    # "ended" is an end trigger only with a truce or a deal beside it: here the agreement is a move of its own
    a = analyse("Georgia and France held talks in Geneva. The talks ended with both sides agreeing to a prisoner swap.")
    agreed = {(m[2], m[3]) for m in moves(a) if m[0] == "agree" and m[1] == "prisoner_exchange"}
    assert agreed == {("geo", "fra"), ("fra", "geo")}


def test_whether_a_side_can_accept_is_no_act(analyse):
    assert analyse("Paris is waiting for word on whether Tbilisi can support a ceasefire.").acts == []


def test_no_commitment_is_no_agreement(analyse):
    a = analyse("Georgia has made no official commitment to the truce.")
    assert [m for m in moves(a) if m[0] == "agree"] == []


def test_a_call_to_act_together_is_no_move_made(analyse):
    # "let us" asks for the move (the speaker's demand, acts_claims.hortatives); nobody has agreed yet
    a = analyse('"Let us agree to a prisoner exchange before winter," the Finnish president said on Monday.')
    assert [m for m in moves(a) if m[0] in ("agree", "accept")] == []
    b = analyse('"Let\'s accept the plan and stop the shelling," Macron told reporters.')
    assert [m for m in moves(b) if m[0] in ("agree", "accept")] == []
    c = analyse("Georgia agreed to a prisoner exchange with France on Monday.")
    assert [m[0] for m in moves(c) if m[2] == "geo"] == ["agree"]


def test_a_threatened_end_is_not_made(analyse):
    a = analyse("Finland threatened to withdraw from the talks with Estonia on Tuesday.")
    assert [m for m in moves(a) if m[0] == "end"] == []


def test_an_end_still_ahead_is_not_made(analyse):
    # a present tense with a day is a schedule, as "will" is; the past tense tells an end that came
    a = analyse("The truce between Georgia and France expires on Friday, the Georgian government said.")
    assert [m for m in moves(a) if m[0] == "end"] == []
    b = analyse("The truce between Georgia and France will expire on Friday, the Georgian government said.")
    assert [m for m in moves(b) if m[0] == "end"] == []
    c = analyse("The truce between Georgia and France expired on Friday, the Georgian government said.")
    assert [m[0] for m in moves(c) if m[0] == "end"] == ["end"]


def test_a_needed_word_in_the_setting_of_the_move_is_not_its_object(analyse):
    # "halted operations after a drone attack": the attack is the event before, not what was halted
    a = analyse("A Finnish fuel depot halted work on Friday after a drone attack hit its tanks.")
    assert [x for x in a.acts if x.type == "halt"] == []
    b = analyse("Finland halted strikes on Estonian power plants after the call.")
    assert ("halt", "fin") in [(x.type, x.actor) for x in b.acts]


def test_a_move_whose_object_is_negated_is_no_move(analyse):
    # "offered no specifics": nothing offered; the negation sits on the object's determiner, not on the verb
    a = analyse("Finland backed a lasting peace but offered no proposals.")
    assert [x for x in a.acts if x.type == "propose"] == []
    b = analyse("Finland offered proposals for a lasting peace.")
    assert [x.type for x in b.acts if x.type == "propose"] == ["propose"]


def test_a_move_hoped_for_in_the_past_tense_is_no_act(analyse):
    # the lemmatiser reads "hoped" as "hop": the form itself must mark the wish
    a = analyse("Finland proposed a full ceasefire. Stubb told reporters on Tuesday that he hoped Estonia would accept "
                "the ceasefire.")
    assert [x for x in a.acts if x.type == "accept"] == []


def test_a_move_not_yet_made_is_neither_made_nor_refused(analyse):
    a = analyse("Finland offered a ceasefire. Estonia has not yet agreed to this idea.")
    assert [x.actor for x in a.acts if x.type in ("accept", "reject", "agree")] == []


def test_not_agreeing_to_a_proposal_is_its_rejection(analyse):
    a = analyse("Finland offered a ceasefire. Estonia did not agree to the Finnish proposal.")
    assert ("reject", "est") in [(x.type, x.actor) for x in a.acts]
    assert ("accept", "est") not in [(x.type, x.actor) for x in a.acts]


def test_a_move_hoped_to_be_made_is_no_act(analyse):
    a = analyse("Finland proposed a full ceasefire. Estonia hoped to accept the ceasefire soon.")
    assert [x for x in a.acts if x.type == "accept"] == []


def test_a_bare_infinitive_listed_after_an_agreements_infinitive_is_part_of_it(nlp):
    # the parser hangs "refrain" as a clause of "agreed": it is one more item of what was agreed, read by "agreed"
    from truceline.extract.acts_clause import dominated

    doc = nlp("Both armies agreed to guarantee the safety of the monitors, refrain from any use of force near the dam, "
              "and not station troops in the valley.")
    refrain = next(t for t in doc if t.lower_ == "refrain")
    assert refrain.dep_ == "advcl"
    assert dominated(refrain)
    # a clause with its own subject is a move of its own
    doc = nlp("Finland agreed to the truce, while Estonia refrained from attacks on ports.")
    assert not dominated(next(t for t in doc if t.lower_ == "refrained"))


def test_no_before_a_fighting_object_is_the_move_itself(analyse):
    # "ordered no shelling", "proposed no attacks": the "no" says what is halted or proposed, not that nothing was
    a = analyse("Stubb ordered no shelling of Estonian power plants over the holiday weekend.")
    assert [(x.type, x.actor) for x in a.acts] == [("halt", "stubb")]
    b = analyse("Estonia proposed no attacks on Finnish ports for two weeks.")
    assert [(x.type, x.actor) for x in b.acts] == [("propose", "est")]
    # a "no" before what the move reaches still leaves it unmade: no maritime agreement here
    c = analyse("Finland reached no deal on the maritime truce but agreed on a swap of detainees.")
    assert [(x.type, x.subject) for x in c.acts] == [("agree", "prisoner_exchange")]


def test_an_order_to_fight_on_is_no_halt(analyse):
    a = analyse("Kallas issued instructions to the navy to resume attacks on Finnish power plants once the truce "
                "lapsed.")
    assert [x for x in a.acts if x.type == "halt"] == []
    b = analyse("The Estonian navy chief issued an instruction to halt strikes on Finnish power plants.")
    assert [x.type for x in b.acts] == ["halt"]
    # the blocker negated: still an order to hold fire
    c = analyse("Kallas ordered the navy not to resume strikes on Finnish ports during the truce.")
    assert [x.type for x in c.acts if x.type == "halt"] == ["halt"]


def test_a_failure_feared_in_an_unless_clause_is_no_demand(analyse):
    a = analyse("Finland accepted the truce unless the talks on a detainee swap fail by Sunday.")
    assert [x for x in a.acts if x.type == "demand"] == []
    b = analyse("Finland accepted the truce unless Estonian shelling of the power grid continues.")
    assert [x for x in b.acts if x.type == "demand"] == []
    # what the clause asks for is still the mover's demand
    c = analyse("Finland rejected the truce unless sanctions on its banks are lifted.")
    assert ("demand", "sanctions") in [(x.type, x.subject) for x in c.acts]


def test_a_past_form_the_tagger_leaves_unlemmatised_is_mended(nlp):
    from truceline.extract.acts_clause import UNREAL_HEADS, WISH, lemma_of

    doc = nlp("Stubb hoped that Estonia would agree, and he wanted Latvia to sign.")
    assert lemma_of(next(t for t in doc if t.lower_ == "hoped")) == "hope" in WISH
    assert lemma_of(next(t for t in doc if t.lower_ == "wanted")) == "want" in UNREAL_HEADS
    assert "hoped" not in WISH  # the lists hold lemmas only


def test_a_trigger_heading_an_embedded_question_is_no_move(analyse):
    # what is asked about ("what aid Finland would commit", "how Finland would halt") is not a move made
    a = analyse("Estonian officials wanted to know what aid Finland would commit to ensure a lasting peace agreement.")
    assert [x for x in a.acts if x.type == "agree"] == []
    b = analyse("Estonian officials asked how Finland would halt the strikes on power plants.")
    assert [x for x in b.acts if x.type == "halt"] == []
    # the move itself, stated, stands
    c = analyse("Finland agreed to halt the strikes on power plants.")
    assert [(x.type, x.subject) for x in c.acts] == [("agree", "energy_ceasefire")]
