"""Store queries on both backends: acts timeline, statements, incidents by each filter, agreements."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.store import Store

D = dt.date


@pytest.fixture
def filled(store: Store, build) -> Store:  # type: ignore[no-untyped-def]
    sides = build.sides()
    store.add(build.record(
        "q1", "Putin proposed an energy truce and Zelensky said Kyiv would support a full ceasefire.", "2025-03-18",
        actors=sides,
        statements=[build.statement("putin", "We propose a halt", "2025-03-18", 0, 40),
                    build.statement("zel", "We support a full ceasefire", None, 41, 90)],
        acts=[build.act("propose", "putin", "energy_ceasefire", "2025-03-18", target="zel", text="Putin proposes"),
              build.act("accept", "zel", "full_ceasefire", None, text="Zelensky supports", start=41, end=90)],
        incidents=[build.incident("Kramatorsk", "2025-03-17", "residential", perpetrator="ru", claimed_by="uagov",
                                  admin1="UA-14", weapon="airstrike", fatalities=2)]))
    store.add(build.record(
        "q2", "Moscow accused Kyiv of striking an oil depot in Krasnodar Krai and of breaking the truce.",
        "2025-03-22", actors=sides,
        statements=[build.statement("rumod", "Kyiv struck the depot", "2025-03-21", 0, 50)],
        acts=[build.act("accuse", "rumod", "energy_ceasefire", "2025-03-21", target="ua", text="Moscow accuses")],
        incidents=[build.incident("Kropotkin oil depot", "2025-03-21", "oil_gas", country="RUS", admin1="RU-KDA",
                                  perpetrator="ua", claimed_by="rumod", denied_by=("uagov",))]))
    return store


def test_acts_timeline(filled: Store) -> None:
    # The undated act takes its document's date (2025-03-18) and sorts after the dated one of that day.
    assert [(a.date, a.type, a.actor, a.target, a.document) for a in filled.acts()] == [
        (D(2025, 3, 18), "propose", "Vladimir Putin", "Volodymyr Zelensky", "q1"),
        (None, "accept", "Volodymyr Zelensky", None, "q1"),
        (D(2025, 3, 21), "accuse", "Ministry of Defence of Russia", "Ukraine", "q2")]
    assert [a.type for a in filled.acts(subject="energy_ceasefire")] == ["propose", "accuse"]
    assert [a.type for a in filled.acts(actor="RUS")] == ["propose", "accuse"]
    assert [a.type for a in filled.acts(actor="volodymyr zelensky")] == ["accept"]
    assert [a.type for a in filled.acts(start=D(2025, 3, 19))] == ["accuse"]
    assert [a.type for a in filled.acts(end=D(2025, 3, 18), type="accept")] == ["accept"]


def test_statements_by_speaker_and_subject(filled: Store) -> None:
    assert [s.speaker for s in filled.statements()] == ["Vladimir Putin", "Volodymyr Zelensky",
                                                         "Ministry of Defence of Russia"]
    assert [s.text for s in filled.statements(speaker="Q7747")] == ["We propose a halt"]
    assert [s.text for s in filled.statements(speaker="UKR")] == ["We support a full ceasefire"]
    # Subject: that of an act whose evidence overlaps the statement's.
    assert [s.document for s in filled.statements(subject="energy_ceasefire")] == ["q1", "q2"]
    assert [s.speaker for s in filled.statements(subject="full_ceasefire")] == ["Volodymyr Zelensky"]
    assert filled.statements(subject="sanctions") == []


def test_incidents_by_each_filter(filled: Store) -> None:
    def places(**f: object) -> list[str | None]:
        return [i.place for i in filled.incidents(**f)]

    assert places() == ["Kramatorsk", "Kropotkin oil depot"]
    assert places(start=D(2025, 3, 18)) == ["Kropotkin oil depot"]
    assert places(end=D(2025, 3, 17)) == ["Kramatorsk"]
    assert places(place="kramat") == ["Kramatorsk"]
    assert places(place="RU-KDA") == ["Kropotkin oil depot"]
    assert places(place="ukr") == ["Kramatorsk"]
    assert places(target="energy") == ["Kropotkin oil depot"]
    assert places(target="residential") == ["Kramatorsk"]
    assert places(perpetrator="Ukraine") == ["Kropotkin oil depot"]
    assert places(perpetrator="RUS") == ["Kramatorsk"]
    assert places(claimant="Ministry of Defence of Russia") == ["Kropotkin oil depot"]
    assert places(claimant="UKR") == ["Kramatorsk"]
    assert places(claimant="nobody at all") == []
    [depot] = filled.incidents(place="depot")
    assert (depot.claimants, depot.deniers, depot.country, depot.target) == (
        ["Ministry of Defence of Russia"], ["Government of Ukraine"], "RUS", "oil_gas")
    report = depot.reports[0]
    assert (report.document, report.published, report.evidence) == ("q2", D(2025, 3, 22), (0, 10))


def test_counts_and_documents(filled: Store) -> None:
    assert [d.document for d in filled.documents()] == ["q1", "q2"]
    assert filled.counts()["statements"] == 3
