"""The incident list: filters and totals, reviewed incidents judged as corrected and merged into the database's
order, so that pages of any size join up into the whole list (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from truceline.models import Incident, Location, Span
from truceline.serve.auth import Principal, create_user
from truceline.store import Store, incident_list, reviews
from truceline.store import schema as t
from truceline.store.assessing import IncidentWindow, SideSpan
from truceline.store.incident_list import IncidentFilter
from truceline.store.listing import Page

REGIONS = ("UA-59", "UA-63", "RU-KRS")


def _incident(n: int) -> Incident:
    # Distinct places (never merged); every fifth undated; dates repeat so ties fall back on the id.
    day = None if n % 5 == 4 else dt.date(2025, 3, 1) + dt.timedelta(days=n % 7)
    return Incident(day, 1, Location(f"Town {n}", "UKR", REGIONS[n % 3], None, None, 1),
                    "power_grid" if n % 2 else "residential", "drone", "ru" if n % 4 else "ua",
                    "uagov" if n % 3 == 0 else None, ["ru"] if n % 6 == 0 else [], None,
                    Span(n % 10 * 10, n % 10 * 10 + 9))


@pytest.fixture
def listed(store: Store, build: Any) -> Store:
    text = "x" * 400
    # Six documents; reviews in the first four only, so that the list mixes incidents the database pages
    # with incidents judged in Python (every incident of a document with a review).
    for doc in range(6):
        store.add(build.record(f"doc{doc}", text + str(doc), "2025-03-10", actors=build.sides(),
                               incidents=[_incident(doc * 10 + n) for n in range(10)]))
    analyst = Principal(create_user(store.engine, "ann", "a long enough password", "analyst"), "ann", "analyst",
                        "session")
    with store.engine.connect() as conn:
        reports = conn.execute(sa.select(t.incident_reports.c.id).order_by(t.incident_reports.c.id)).scalars().all()
    # Moved forward and backward in time, moved to another region, another claimant, rejected, confirmed.
    reviews.review_item(store.engine, analyst, "incident", reports[3], "correct", {"date": "2025-04-01"})
    reviews.review_item(store.engine, analyst, "incident", reports[12], "correct", {"date": "2025-02-01"})
    reviews.review_item(store.engine, analyst, "incident", reports[14], "correct", {"date": "2025-03-03"})
    reviews.review_item(store.engine, analyst, "incident", reports[8], "correct",
                        {"place": "Kharkiv", "claimed_by": "Russia", "denied_by": ["Ukraine"]})
    reviews.review_item(store.engine, analyst, "incident", reports[21], "reject")
    reviews.review_item(store.engine, analyst, "incident", reports[30], "confirm")
    return store


def _all(conn: sa.Connection, f: IncidentFilter) -> list[dict[str, Any]]:
    return list(incident_list.incidents(conn, Page(500, 0), f)["items"])


@pytest.mark.parametrize("f", [IncidentFilter(), IncidentFilter(target="energy"), IncidentFilter(admin1="UA-63"),
                               IncidentFilter(accused="RUS"), IncidentFilter(review="reviewed")])
def test_pages_of_any_size_join_up_into_the_whole_list(listed: Store, f: IncidentFilter) -> None:
    with listed.engine.connect() as conn:
        whole = [i["id"] for i in _all(conn, f)]
        assert incident_list.count(conn, f) == len(whole)
        for size in (1, 3, 7):
            joined: list[int] = []
            for offset in range(0, len(whole) + size, size):
                page = incident_list.incidents(conn, Page(size, offset), f)
                assert page["total"] == len(whole)
                joined += [i["id"] for i in page["items"]]
            assert joined == whole, size


def test_the_order_is_newest_first_as_corrected(listed: Store) -> None:
    with listed.engine.connect() as conn:
        items = _all(conn, IncidentFilter())
        undated_last = conn.dialect.name == "sqlite"
    dated = [(i["date"], i["id"]) for i in items if i["date"]]
    assert dated == sorted(dated, reverse=True)
    assert dated[0][0] == "2025-04-01"  # moved forward by its review
    # Undated incidents come last on SQLite, first on PostgreSQL (each database's order, kept by the merge).
    assert items[-1 if undated_last else 0]["date"] is None
    assert len(items) == 60  # the rejected one is listed, marked
    assert [i["review"]["action"] for i in items if i["review"]].count("reject") == 1


def test_filters_read_the_corrected_incident(listed: Store) -> None:
    with listed.engine.connect() as conn:
        moved = [i for i in _all(conn, IncidentFilter(admin1="UA-63")) if i["location"]["name"] == "Kharkiv"]
        assert len(moved) == 1 and moved[0]["claimants"] == ["Russia"] and moved[0]["deniers"] == ["Ukraine"]
        assert moved[0]["id"] not in [i["id"] for i in _all(conn, IncidentFilter(admin1=REGIONS[8 % 3]))]
        claimed = _all(conn, IncidentFilter(claimant="RUS"))
        assert [i["id"] for i in claimed] == [moved[0]["id"]]
        assert {i["review"]["action"] for i in _all(conn, IncidentFilter(review="reviewed"))} == {
            "correct", "reject", "confirm"}
        assert len(_all(conn, IncidentFilter(review="reject"))) == 1
        assert len(_all(conn, IncidentFilter(review="unreviewed"))) == 60 - 6
        assert len(incident_list.judged(conn)) == 40
        feb = _all(conn, IncidentFilter(until=dt.date(2025, 2, 28)))
        assert [i["date"] for i in feb] == ["2025-02-01"]


def test_an_agreements_window_selects_its_alleged_violations(listed: Store) -> None:
    window = IncidentWindow(("RUS",), ("power_grid",), (SideSpan("UKR", dt.date(2025, 3, 2), dt.date(2025, 3, 4)),))
    with listed.engine.connect() as conn:
        found = _all(conn, IncidentFilter(windows=(window,)))
        assert found and all(i["perpetrator_country"] == "RUS" and i["target"] == "power_grid" and
                             "2025-03-02" <= i["date"] <= "2025-03-04" for i in found)
        assert _all(conn, IncidentFilter(windows=())) == []


def test_points_and_regions_count_what_they_do_not_draw(listed: Store) -> None:
    with listed.engine.connect() as conn:
        total, points = incident_list.points(conn, IncidentFilter(), 10)
        regions = incident_list.by_region(conn, IncidentFilter())
    assert (total, [p["lat"] for p in points]) == (1, [49.9818])  # only the place picked from the gazetteer
    assert sum(sum(c.values()) for c in regions.values()) == 60
    assert regions["UA-63"]["energy"] >= 1


def test_an_incident_file_has_each_report_in_context(listed: Store) -> None:
    with listed.engine.connect() as conn:
        first = _all(conn, IncidentFilter(admin1="UA-63"))[0]["id"]
        found = incident_list.incident_file(conn, first)
    assert found is not None
    context = found["report_items"][0]["context"]
    assert context["evidence"] == "x" * 9 and context["before"].startswith(("x", "…"))
