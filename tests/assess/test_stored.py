"""The assessment over the store: the same rule as over records, on merged incidents, with reviews applied."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from truceline.assess import assess, stored
from truceline.serve import review
from truceline.serve.auth import Principal, create_user
from truceline.settings import Settings
from truceline.store import Store, open_store
from truceline.store import schema as t

from .records import D, energy_truce, record, strike


def corpus() -> list:  # type: ignore[type-arg]
    return [
        # Inside Russia's version only (before Ukraine's start), alleged by Russia's ministry.
        record("a", [energy_truce()], [strike(D(2025, 3, 20))]),
        # Inside both versions, reported by two documents: one incident, two pieces of evidence.
        record("b", [energy_truce()], [strike(D(2025, 3, 27), place="Kursk", admin1="RU-KRS")]),
        record("c", [], [strike(D(2025, 3, 27), place="Kursk", admin1="RU-KRS", claimed_by=None,
                                denied_by=["gs_ukr"])]),
        # A hospital is outside an energy truce's scope.
        record("d", [], [strike(D(2025, 3, 29), target="medical", place="Belgorod", admin1="RU-BEL")]),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "store.db"), Settings.load())
    for rec in corpus():
        s.add(rec)
    return s


def test_the_store_and_the_records_give_the_same_assessment(store: Store) -> None:
    assert stored.assess_store(store).to_dict() == assess(corpus()).to_dict()
    got = [(v.incident.date, v.version, v.in_versions, [e.document for e in v.evidence], v.denied_by)
           for v in stored.assess_store(store).violations]
    assert got == [(D(2025, 3, 20), "RUS", ["RUS"], ["a"], []),
                   (D(2025, 3, 27), "RUS", ["RUS", "UKR"], ["b", "c"], ["UKR"])]


def test_counts_by_the_database_match_the_listed_violations(store: Store) -> None:
    with store.engine.connect() as conn:
        assert stored.per_side_per_day(conn) == {"2025-03-20": {"UKR": 1}, "2025-03-27": {"UKR": 1}}
        assert [v.date for v in stored.violations(conn, limit=1)] == [D(2025, 3, 27)]


def _analyst(store: Store) -> Principal:
    ident = create_user(store.engine, "ana", "a long enough password", "analyst")
    return Principal(ident, "ana", "analyst", "session")


def _report_id(store: Store, document: str, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(table.c.id).join(t.documents, table.c.document_id == t.documents.c.id)
                                .where(t.documents.c.doc_id == document)).scalar_one())


def test_reviews_change_the_assessment(store: Store) -> None:
    analyst = _analyst(store)
    # Rejecting the only report of the 20 March strike takes it out; moving the hospital strike to a power
    # plant brings it in; the counts follow.
    review.review_item(store.engine, analyst, "incident", _report_id(store, "a", t.incident_reports), "reject")
    review.review_item(store.engine, analyst, "incident", _report_id(store, "d", t.incident_reports), "correct",
                       {"target": "power_generation"})
    found = [(v.incident.date, v.incident.target) for v in stored.assess_store(store).violations]
    assert found == [(D(2025, 3, 27), "oil_gas"), (D(2025, 3, 29), "power_generation")]
    with store.engine.connect() as conn:
        assert stored.per_side_per_day(conn) == {"2025-03-27": {"UKR": 1}, "2025-03-29": {"UKR": 1}}


def test_a_rejected_or_downgraded_agreement_binds_no_one(store: Store) -> None:
    analyst = _analyst(store)
    assert len(stored.assess_store(store).agreements) == 1
    review.review_item(store.engine, analyst, "agreement", _report_id(store, "a", t.agreement_reports), "correct",
                       {"status": "proposed"})
    review.review_item(store.engine, analyst, "agreement", _report_id(store, "b", t.agreement_reports), "reject")
    result = stored.assess_store(store)
    assert (result.agreements, result.violations) == ([], [])
    with store.engine.connect() as conn:
        assert stored.agreements(conn)[0].status == "proposed"
        assert stored.per_side_per_day(conn) == {}
