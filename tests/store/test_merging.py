"""Merging across documents, through the store: incidents, agreements, actors, near-duplicate copies."""
from __future__ import annotations

import datetime as dt

from truceline.store import Store

# Three outlets on one overnight strike, each in its own words (written for this test).
OUTLET_A = ("Drones hit a substation in the city of Sumy overnight, cutting power to several districts, the "
            "regional governor wrote on Telegram on Thursday morning. Repair crews were working to restore "
            "supply to homes and a hospital, he added. Moscow has not commented on the attack.")
OUTLET_B = ("Ukraine accused Russia of breaking its pledge to spare energy facilities after an electrical "
            "substation near Sumy was struck by attack drones late on Wednesday. The defence ministry in "
            "Moscow denied that its forces had targeted any power infrastructure in the region.")
OUTLET_C = ("A Russian drone strike damaged grid equipment in Sumy, according to the national power company, "
            "which said emergency outages were applied across the north-east while engineers assessed the "
            "transformer. Two workers were injured, officials in the city council reported.")


def strike_corpus(build) -> list:  # type: ignore[no-untyped-def]
    sides = build.sides()
    a = build.record("outlet-a/sumy", OUTLET_A, "2025-03-20", outlet="Outlet A", actors=sides, incidents=[
        build.incident("Sumy", "2025-03-20", "power_grid", perpetrator="ru", claimed_by="uagov")])
    b = build.record("outlet-b/sumy", OUTLET_B, "2025-03-20", outlet="Outlet B", actors=sides, incidents=[
        build.incident("Sumy", "2025-03-19", "energy", perpetrator="ru", claimed_by="ua", denied_by=("rumod",))])
    c = build.record("outlet-c/sumy", OUTLET_C, "2025-03-21", outlet="Outlet C", actors=sides, incidents=[
        build.incident("sumy", "2025-03-20", "power_grid", perpetrator="ru", fatalities=0)])
    # Outlet D republishes outlet A word for word; the extractor finds the same incident in it.
    d = build.record("outlet-d/republished", OUTLET_A, "2025-03-21", outlet="Outlet A", actors=sides, incidents=[
        build.incident("Sumy", "2025-03-20", "power_grid", perpetrator="ru", claimed_by="uagov")])
    return [a, b, c, d]


def test_three_outlets_and_a_copy_make_one_incident_with_three_reports(store: Store, build) -> None:
    added = [store.add(r) for r in strike_corpus(build)]
    assert [a.status for a in added if a] == ["new", "new", "new", "copy"]

    docs = store.documents()
    assert [(d.document, d.canonical) for d in docs] == [
        ("outlet-a/sumy", None), ("outlet-b/sumy", None), ("outlet-c/sumy", None),
        ("outlet-d/republished", "outlet-a/sumy")]
    copy = docs[3]
    assert copy.similarity == 1.0
    assert copy.duplicate_reason is not None and "near-duplicate of document 'outlet-a/sumy'" in copy.duplicate_reason

    incidents = store.incidents()
    assert len(incidents) == 1
    inc = incidents[0]
    assert [r.document for r in inc.reports] == ["outlet-a/sumy", "outlet-b/sumy", "outlet-c/sumy"]
    assert inc.claimants == ["Government of Ukraine", "Ukraine"]
    assert inc.deniers == ["Ministry of Defence of Russia"]
    assert inc.perpetrator == "Russia"
    assert inc.fatalities == 0
    assert inc.target_class == "energy"
    reasons = sorted(r.merge_reason for r in inc.reports)
    assert reasons[0] == "first report"
    assert reasons[1] == (f"merged with incident #{inc.id}: same place (sumy, UKR), 1 day apart "
                          "(2025-03-20 and 2025-03-19), same target class (energy)")
    assert reasons[2] == f"merged with incident #{inc.id}: same place (sumy, UKR), same day, same target class (energy)"
    counts = store.counts()
    assert (counts["documents"], counts["copies"], counts["incident_reports"]) == (4, 1, 3)


def test_incidents_apart_in_time_place_or_class_stay_apart(store: Store, build) -> None:
    sides = build.sides()
    store.add(build.record("x1", "Shelling damaged houses in Nikopol on Monday, officials said.", actors=sides,
                           incidents=[build.incident("Nikopol", "2025-03-17", "residential")]))
    # Two days later: another strike.
    store.add(build.record("x2", "Artillery again hit apartment blocks in Nikopol two days after.", actors=sides,
                           incidents=[build.incident("Nikopol", "2025-03-19", "residential")]))
    # Same day and place, another target class.
    store.add(build.record("x3", "A clinic in Nikopol was damaged by artillery fire on Monday afternoon.",
                           actors=sides, incidents=[build.incident("Nikopol", "2025-03-17", "medical")]))
    # Same day and class, another town.
    store.add(build.record("x4", "Houses in Marhanets across the river were also shelled that Monday.",
                           actors=sides, incidents=[build.incident("Marhanets", "2025-03-17", "residential")]))
    # Same name in another country.
    store.add(build.record("x5", "A drone hit a house in a village called Nikopol somewhere far away.",
                           actors=sides, incidents=[build.incident("Nikopol", "2025-03-17", "residential",
                                                                   country="BGR")]))
    assert [len(i.reports) for i in store.incidents()] == [1, 1, 1, 1, 1]


def test_nearby_coordinates_merge_under_different_names(store: Store, build) -> None:
    sides = build.sides()
    store.add(build.record("y1", "A drone struck the gas metering station at Sudzha on Friday.", actors=sides,
                           incidents=[build.incident("Sudzha gas metering station", "2025-03-21", "oil_gas",
                                                     country="RUS", lat=51.19, lon=35.27)]))
    store.add(build.record("y2", "Moscow said Ukrainian forces blew up the Sudzha facility that day.",
                           actors=sides, incidents=[build.incident("Sudzha", "2025-03-21", "energy", country="RUS",
                                                                   lat=51.1917, lon=35.2708)]))
    [inc] = store.incidents()
    assert inc.reports[1].merge_reason.startswith(f"merged with incident #{inc.id}: places 0.2 km apart")


def test_agreement_history_keeps_each_report_and_the_newest_status(store: Store, build) -> None:
    sides = build.sides()
    store.add(build.record("g1", "The two sides agreed to halt strikes on energy facilities for thirty days.",
                           "2025-03-19", actors=sides,
                           agreements=[build.agreement("energy_ceasefire", ["ru", "ua"], "agreed", "2025-03-18", 30)],
                           acts=[build.act("agree", "putin", "energy_ceasefire", "2025-03-18", target="zel")]))
    # Reported later by other actors of the same two states: the same agreement.
    store.add(build.record("g2", "Kyiv said the moratorium was over after Moscow declared it had lapsed.",
                           "2025-04-18", actors=sides,
                           agreements=[build.agreement("energy_ceasefire", ["rumod", "uagov"], "expired")],
                           acts=[build.act("end", "rumod", "energy_ceasefire", "2025-04-17")]))
    # An older report ingested last does not roll the status back.
    store.add(build.record("g3", "Officials in Kyiv confirmed the energy truce was being observed for now.",
                           "2025-03-25", actors=sides,
                           agreements=[build.agreement("energy_ceasefire", ["ua", "ru"], "in_force")]))
    [agr] = store.agreements()
    assert (agr.subject, agr.parties, agr.status, agr.as_of) == (
        "energy_ceasefire", ["RUS", "UKR"], "expired", dt.date(2025, 4, 18))
    assert [(r.document, r.status) for r in agr.reports] == [("g1", "agreed"), ("g3", "in_force"),
                                                              ("g2", "expired")]
    assert agr.reports[0].merge_reason == "first report"
    assert agr.reports[1].merge_reason == (f"merged with agreement #{agr.id}: same subject (energy_ceasefire) "
                                           "and parties (RUS, UKR), within 21 days of its span "
                                           "(2025-03-18 to 2025-04-18)")
    assert agr.reports[0].end == dt.date(2025, 4, 17)
    assert [(a.type, a.actor) for a in agr.acts] == [("agree", "Vladimir Putin"),
                                                    ("end", "Ministry of Defence of Russia")]


def test_a_mediator_named_with_a_truce_does_not_split_it(store: Store, build) -> None:
    sides = [*build.sides(), build.actor("us", "United States", "country", "USA", "Q30")]
    store.add(build.record("m1", "Moscow and Kyiv agreed a pause on strikes at sea, brokered by Washington.",
                           "2025-04-02", actors=sides,
                           agreements=[build.agreement("maritime_ceasefire", ["ru", "ua", "us"], "agreed")]))
    store.add(build.record("m2", "Kyiv said the sea truce with Moscow held through the week.", "2025-04-09",
                           actors=sides, agreements=[build.agreement("maritime_ceasefire", ["ua", "ru"], "in_force")]))
    [agr] = store.agreements()
    assert agr.parties == ["RUS", "UKR"]
    with store.engine.connect() as conn:
        from truceline.store import listing
        detail = listing.agreement(conn, agr.id)
    assert detail is not None
    assert (detail["mediators"], detail["kind"], detail["status"]) == (["USA"], "agreement", "in_force")
    assert detail["status_reason"] == "the newest dated report (2025-04-09) says in_force"


def test_a_truce_declared_again_weeks_later_is_a_new_commitment(store: Store, build) -> None:
    sides = build.sides()
    for ident, published, start, text in (
            ("h1", "2025-04-19", "2025-04-19", "Moscow declared a unilateral truce for the spring holiday."),
            ("h2", "2025-05-07", "2025-05-08", "A three-day pause in fighting was ordered by the Kremlin again.")):
        store.add(build.record(ident, text, published, actors=sides,
                               agreements=[build.agreement("full_ceasefire", ["ru"], "in_force", start, 2)]))
    first, second = sorted(store.agreements(), key=lambda a: a.id)
    assert [r.document for r in first.reports] == ["h1"] and [r.document for r in second.reports] == ["h2"]
    with store.engine.connect() as conn:
        from truceline.store import listing
        assert listing.agreement(conn, first.id)["kind"] == "commitment"  # type: ignore[index]


def test_conditions_repeated_by_reports_are_listed_once_with_their_count(store: Store, build) -> None:
    from truceline.models import Condition

    sides = build.sides()
    for ident in ("c1", "c2", "c3"):
        agr = build.agreement("full_ceasefire", ["ru", "ua"], "proposed", "2025-03-11")
        agr.conditions = [Condition("putin", "An end to weapons deliveries to Kyiv.")]
        if ident == "c3":
            agr.conditions.append(Condition("putin", "a halt to mobilisation in Ukraine"))
        store.add(build.record(ident, f"Report {ident}: Moscow set conditions for a ceasefire.", "2025-03-14",
                               actors=sides, agreements=[agr]))
    [agr_row] = store.agreements()
    with store.engine.connect() as conn:
        from truceline.store import listing
        detail = listing.agreement(conn, agr_row.id)
    assert detail is not None
    assert [(c["text"], c["reports"]) for c in detail["conditions"]] == [
        ("An end to weapons deliveries to Kyiv.", 3), ("a halt to mobilisation in Ukraine", 1)]


def test_actors_merge_by_registry_identity_and_by_name(store: Store, build) -> None:
    store.add(build.record("p1", "Putin spoke to reporters in Moscow about the energy talks on Monday.",
                           actors=[build.actor("a", "Vladimir Putin", "person", "RUS", "Q7747"),
                                   build.actor("b", "Ivan Petrov", "person", "RUS")]))
    store.add(build.record("p2", "President Putin and an aide, Ivan Petrov, answered questions on Tuesday.",
                           actors=[build.actor("x", "President Putin", "person", "RUS", "Q7747"),
                                   build.actor("y", "Ivan  PETROV", "person", None)]))
    counts = store.counts()
    assert counts["actors"] == 2


def test_concurrent_writers_merge_one_incident(db_url: str, store_settings, build) -> None:  # type: ignore[no-untyped-def]
    """Eight ingests racing to report the same strike make one incident, never two (PostgreSQL too)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from truceline.store import open_store

    sides = build.sides()
    words = ("north south east west river hill field bridge market school station tower garden harbour "
             "valley forest").split()
    records = [build.record(f"outlet-{i}/sumy", f"Report {i}: " + " ".join(words[i:] + words[:i]) * 3,
                            "2025-03-20", actors=sides, incidents=[build.incident("Sumy", "2025-03-20",
                                                                                  perpetrator="ru")])
               for i in range(8)]
    stores = [open_store(db_url, store_settings) for _ in records]
    # The actors exist beforehand: racing to create them would queue the writers on their unique key
    # and hide the race on the incident.
    stores[0].add(build.record("registry", "The parties, stored first.", actors=sides))
    start = threading.Barrier(len(records))

    def add(pair):  # type: ignore[no-untyped-def]
        s, record = pair
        start.wait()
        return s.add(record)

    try:
        with ThreadPoolExecutor(len(records)) as pool:
            added = list(pool.map(add, zip(stores, records, strict=True)))
        assert [a.status for a in added if a] == ["new"] * len(records)
        incidents = stores[0].incidents()
        assert len(incidents) == 1
        assert len(incidents[0].reports) == len(records)
    finally:
        for s in stores:
            s.close()
