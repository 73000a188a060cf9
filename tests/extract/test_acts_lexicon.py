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
