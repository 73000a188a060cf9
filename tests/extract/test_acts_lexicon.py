"""The act trigger lexicon as loaded from truceline/extract/data/acts.yaml."""
from __future__ import annotations

from truceline.extract.acts_lexicon import lexicon


def test_call_for_or_on_keeps_its_particles_as_words() -> None:
    # an unquoted YAML `on` would load as True and the trigger would never see "called on"
    assert lexicon().triggers[("call", "VERB")][0].with_ == ("for", "on", "upon")


def test_every_particle_and_needed_word_is_a_string() -> None:
    words = [w for ts in lexicon().triggers.values() for t in ts for w in t.with_ + t.needs]
    assert words and all(isinstance(w, str) for w in words)


def test_an_offer_named_by_its_noun_is_a_proposal_of_its_owner() -> None:
    # "our offer of complete silence", "Trump's final offer": the owner proposes, as with "proposal"
    offer = lexicon().triggers[("offer", "NOUN")][0]
    assert (offer.type, offer.owner) == ("propose", True)


def test_an_order_named_by_its_noun_is_a_halt_of_its_owner_only_with_strikes_in_it() -> None:
    # "Putin's order to stop strikes on energy": the order given; "an order to stop aid deliveries" halts no strikes
    order = lexicon().triggers[("order", "NOUN")][0]
    assert (order.type, order.owner) == ("halt", True)
    assert "strike" in order.needs and "aid" not in order.needs


def test_withdrawing_ends_a_commitment_only_when_it_names_one() -> None:
    # "its troops withdrew from the region" ends nothing; "withdrew from the talks" does
    withdraw = lexicon().triggers[("withdraw", "VERB")][0]
    assert withdraw.type == "end" and "talks" in withdraw.needs and "region" not in withdraw.needs


def test_refraining_is_a_halt_only_from_force() -> None:
    # "refrained from striking power plants" halts; "refrained from commenting" does not
    refrain = lexicon().triggers[("refrain", "VERB")][0]
    assert refrain.type == "halt" and "strik" in refrain.needs and "comment" not in refrain.needs


def test_a_truce_declared_as_a_noun_is_a_halt_of_its_owner() -> None:
    # "the president's declaration of a truce": his halt, as with "declared a truce"
    declaration = lexicon().triggers[("declaration", "NOUN")][0]
    assert (declaration.type, declaration.owner) == ("halt", True) and "truce" in declaration.needs
