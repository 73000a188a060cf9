"""The assessment's queries (truceline.store.assessing) on both backends: windows as plain data, rows back."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from truceline.models import Version
from truceline.store import Store, assessing
from truceline.store import schema as t

D = dt.date

ENERGY = ("power_grid", "power_generation", "oil_gas")


@pytest.fixture
def filled(store: Store, build) -> Store:  # type: ignore[no-untyped-def]
    sides = build.sides()
    truce = build.agreement("energy_ceasefire", ["ru", "ua"], "in_force", "2025-03-18", 30)
    truce.versions = [Version("ru", "from the call", start=D(2025, 3, 18)),
                      Version("ua", "from the talks", start=D(2025, 3, 25))]
    store.add(build.record(
        "w1", "Moscow and Kyiv agreed to halt strikes on energy.", "2025-03-19", actors=sides, agreements=[truce],
        incidents=[build.incident("Sudzha", "2025-03-20", "oil_gas", country="RUS", perpetrator="ua",
                                  claimed_by="rumod"),
                   build.incident("Kherson", "2025-03-16", "power_grid", perpetrator="ru", claimed_by="uagov")]))
    store.add(build.record(
        "w2", "Strikes on a depot, a substation and a hospital.", "2025-03-28", actors=sides,
        incidents=[build.incident("Kursk", "2025-03-27", "oil_gas", country="RUS", perpetrator="ua",
                                  claimed_by="rumod", denied_by=("uagov",)),
                   build.incident("Odesa", "2025-03-26", "power_grid", perpetrator="ru", claimed_by="uagov"),
                   build.incident("Sumy", "2025-03-26", "medical", perpetrator="ru", claimed_by="uagov")]))
    return store


def _window(*spans: assessing.SideSpan, accused: tuple[str, ...] = ("RUS", "UKR"),
            targets: tuple[str, ...] = ENERGY) -> assessing.IncidentWindow:
    return assessing.IncidentWindow(accused, targets, spans)


RUS_FROM_18 = assessing.SideSpan("RUS", D(2025, 3, 18), D(2025, 4, 17))


def test_window_incidents_filters_in_the_database_newest_first(filled: Store) -> None:
    with filled.read() as conn:
        found = assessing.window_incidents(conn, _window(RUS_FROM_18))
        assert [(r.date, r.place, r.target, r.accused) for r in found] == [
            (D(2025, 3, 27), "Kursk", "oil_gas", "UKR"), (D(2025, 3, 26), "Odesa", "power_grid", "RUS"),
            (D(2025, 3, 20), "Sudzha", "oil_gas", "UKR")]
        # accused sides, a later span, a limit and excluded ids each narrow it
        assert [r.place for r in assessing.window_incidents(conn, _window(RUS_FROM_18, accused=("RUS",)))] == ["Odesa"]
        late = assessing.SideSpan("UKR", D(2025, 3, 25))
        assert [r.place for r in assessing.window_incidents(conn, _window(late))] == ["Kursk", "Odesa"]
        assert [r.place for r in assessing.window_incidents(conn, _window(RUS_FROM_18), limit=1)] == ["Kursk"]
        assert [r.place for r in assessing.window_incidents(conn, _window(RUS_FROM_18),
                                                            exclude={found[0].id})] == ["Odesa", "Sudzha"]
        # the medical strike is in no energy window, but in a window covering it
        assert [r.place for r in assessing.window_incidents(conn, _window(RUS_FROM_18, targets=("medical",)))
                ] == ["Sumy"]


def test_a_window_that_can_hold_nothing_selects_nothing(filled: Store) -> None:
    with filled.read() as conn:
        for empty in (_window(RUS_FROM_18, targets=()), _window(RUS_FROM_18, accused=()), _window()):
            assert empty.empty
            assert assessing.window_incidents(conn, empty) == []
            assert assessing.count_per_side_per_day(conn, [empty]) == []


def test_counts_per_side_per_day_take_any_window_and_count_each_incident_once(filled: Store) -> None:
    with filled.read() as conn:
        # two overlapping windows: the 27 March strike is in both, counted once
        both = [_window(RUS_FROM_18), _window(assessing.SideSpan("UKR", D(2025, 3, 25), D(2025, 4, 24)))]
        got = {(c.day, c.side): c.incidents for c in assessing.count_per_side_per_day(conn, both)}
        assert got == {(D(2025, 3, 20), "UKR"): 1, (D(2025, 3, 26), "RUS"): 1, (D(2025, 3, 27), "UKR"): 1}
        kursk = assessing.window_incidents(conn, _window(RUS_FROM_18), limit=1)[0].id
        got = {(c.day, c.side) for c in assessing.count_per_side_per_day(conn, both, exclude=[kursk])}
        assert got == {(D(2025, 3, 20), "UKR"), (D(2025, 3, 26), "RUS")}


def test_agreements_their_reports_and_the_words_of_each_side(filled: Store) -> None:
    with filled.read() as conn:
        assert assessing.newest_published(conn) == D(2025, 3, 28)
        [agr] = assessing.agreements(conn)
        assert (agr.subject, sorted(agr.parties), agr.status) == ("energy_ceasefire", ["RUS", "UKR"], "in_force")
        assert assessing.agreements(conn, agr.id + 1) == []
        [rep] = assessing.agreement_reports(conn, [agr.id])[agr.id]
        assert (rep.document, rep.published, rep.status, rep.scope, rep.start, rep.end, rep.duration_days) == (
            "w1", D(2025, 3, 19), "in_force", ["energy"], D(2025, 3, 18), D(2025, 4, 17), 30)
        assert [(v.side, v.start, v.end) for v in rep.versions] == [("RUS", D(2025, 3, 18), None),
                                                                     ("UKR", D(2025, 3, 25), None)]
        assert [(v.side, v.by, v.terms) for v in assessing.stated_versions(conn, agr.id)] == [
            ("RUS", "Russia", "from the call"), ("UKR", "Ukraine", "from the talks")]


def test_incidents_their_claimants_and_their_details(filled: Store) -> None:
    with filled.read() as conn:
        [kursk] = [r for r in assessing.window_incidents(conn, _window(RUS_FROM_18)) if r.place == "Kursk"]
        assert assessing.claimants(conn, [kursk.id]) == {kursk.id: ["RUS"]}
        detail = assessing.incident_details(conn, {kursk.id})[kursk.id]
        assert (detail.incident.date, detail.incident.target, detail.denied_by) == (D(2025, 3, 27), "oil_gas", ["UKR"])
        assert [e.document for e in detail.evidence] == ["w2"]
        assert assessing.reviewed_incidents(conn) == {}
        actor_ids = [i for (i,) in conn.execute(sa.select(t.actors.c.id).order_by(t.actors.c.id))]
        assert set(assessing.sides_of(conn, set(actor_ids)).values()) == {"RUS", "UKR"}
        assert assessing.sides_of(conn, {None, "x"}) == {}
