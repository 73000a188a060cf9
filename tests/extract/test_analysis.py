"""The typed state a document carries through the stages (extract/analysis.py): its indexes."""
from __future__ import annotations


def test_reported_at_finds_every_clause_around_a_position_as_a_scan_would(analyse):  # type: ignore[no-untyped-def]
    a = analyse("Officials said the talks would go on. Aides added that a meeting was near.")
    # nested and neighbouring clauses, given out of order as a stage may add them
    a.reported = [(40, 70), (15, 36), (20, 30), (0, 5)]
    for pos in range(0, 80):
        assert sorted(a.reported_at(pos)) == sorted((s, e) for s, e in a.reported if s <= pos < e), pos
    # the index follows the list when a stage adds to it
    a.reported.append((60, 75))
    assert sorted(a.reported_at(72)) == [(60, 75)]
    assert sorted(a.reported_at(65)) == [(40, 70), (60, 75)]
