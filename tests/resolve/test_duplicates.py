"""Near-duplicate signatures: shingles, similarity, LSH bands."""
from __future__ import annotations

from truceline.resolve.duplicates import Signature, band_keys, best_match, shingles, signature

STORY = ("The energy ministry said on Monday that repair crews had restored power to most homes in the "
         "northern region after a night of drone attacks on substations, while the grid operator warned of "
         "scheduled outages in three cities until the end of the week because of damaged transformers.")
# A republication with a new opening line, one changed word and a credit line appended.
EDITED = ("Republished with permission. " + STORY.replace("Monday", "Tuesday") + " Source: partner outlet.")
OTHER = ("Negotiators from both delegations met in the Saudi capital for a third round of talks on a "
         "maritime truce, and the foreign minister said a written text could be ready within days.")


def test_shingles_are_casefolded_word_trigrams() -> None:
    assert shingles("Drones hit the Grid. drones HIT") == {b"drones hit the", b"hit the grid", b"the grid drones",
                                                            b"grid drones hit"}
    assert shingles("Two words") == {b"two words"}
    assert shingles(" ... ") == set()
    assert signature("!!!") is None


def test_copies_score_high_and_other_stories_low() -> None:
    a, b, c = signature(STORY), signature(EDITED), signature(OTHER)
    assert a is not None and b is not None and c is not None
    assert a.similarity(a) == 1.0
    assert 0.7 <= a.similarity(b) < 1.0
    assert a.similarity(c) < 0.1


def test_signatures_survive_bytes_and_are_reproducible() -> None:
    a = signature(STORY)
    assert a is not None
    assert Signature.from_bytes(a.to_bytes()).similarity(a) == 1.0
    assert len(a.to_bytes()) == 128 * 8
    again = signature(STORY)
    assert again is not None and again.to_bytes() == a.to_bytes()


def test_bands_make_copies_candidates_and_best_match_applies_the_threshold() -> None:
    a, b, c = signature(STORY), signature(EDITED), signature(OTHER)
    assert a is not None and b is not None and c is not None
    keys = band_keys(a, 0.6)
    assert len(keys) == len(set(keys)) == 18  # datasketch's choice for 128 permutations at 0.6: 18 bands of 7
    assert set(keys) & set(band_keys(b, 0.6))
    assert not set(keys) & set(band_keys(c, 0.6))
    assert best_match(b, [(2, c), (1, a)], 0.6) == (1, a.similarity(b))
    assert best_match(c, [(1, a), (2, b)], 0.6) is None
    assert best_match(b, [(1, a)], 0.99) is None
