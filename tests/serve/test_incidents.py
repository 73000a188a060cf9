"""The analyst's day over HTTP: the incident list and its filters, an incident's page, corrections of any
field by name (reflected in the API, the pages, the exports and the assessment), the map's data, paged
lists, the first run's login page."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from truceline.assess import stored
from truceline.report.exports import export
from truceline.serve import pages
from truceline.serve.app import create_app
from truceline.settings import Settings
from truceline.store import open_store

from .conftest import Live, _serve, start_live


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A store of its own: the tests here correct things."""
    server, close = start_live(tmp_path_factory.mktemp("day") / "store.db")
    yield server
    close()


def _analyst(live: Live) -> tuple[httpx.Client, dict[str, str]]:
    client, csrf = live.login("ann")
    return client, {"X-CSRF-Token": csrf}


def _incident(client: httpx.Client, place: str) -> dict:  # type: ignore[type-arg]
    found = [i for i in client.get("/api/incidents", params={"limit": 500}).json()["items"]
             if (i["location"] or {}).get("name") == place]
    assert len(found) == 1, place
    return found[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("params", "places"), [
    ({}, ["Kharkiv", "Kursk region", "Sumy"]),
    ({"accused": "RUS"}, ["Kharkiv", "Sumy"]),
    ({"claimant": "RUS"}, ["Kursk region"]),
    ({"target": "energy", "accused": "rus"}, ["Sumy"]),
    ({"region": "UA-59"}, ["Sumy"]),
    ({"agreement": "any"}, ["Kursk region", "Sumy"]),
    ({"since": "2025-05-08"}, ["Kharkiv", "Kursk region"]),
    ({"review": "unreviewed", "until": "2025-05-08"}, ["Kursk region", "Sumy"]),
    ({"review": "reject"}, []),
])
def test_the_list_filters_with_totals(live: Live, params: dict[str, str], places: list[str]) -> None:
    client, _ = live.login("vic")
    body = client.get("/api/incidents", params=params).json()
    assert [(i["location"] or {}).get("name") for i in body["items"]] == places
    assert body["total"] == len(places)
    page = client.get("/incidents", params=params).text
    assert f'<span id="incident-total">{len(places)}</span>' in page


def test_list_items_carry_claimants_deniers_and_reports(live: Live) -> None:
    client, _ = live.login("vic")
    sumy = _incident(client, "Sumy")
    assert (sumy["claimants"], sumy["deniers"], sumy["reports"]) == (["Government of Ukraine"],
                                                                     ["Government of Russia"], 1)
    agreement = client.get("/api/agreements").json()["items"][0]["id"]
    assert client.get("/api/incidents", params={"agreement": agreement}).json()["total"] == 2


@pytest.mark.parametrize("params", [{"target": "boats"}, {"since": "May 5"}, {"review": "maybe"},
                                    {"agreement": "first"}, {"limit": 501}])
def test_a_filter_that_cannot_be_read_is_refused(live: Live, params: dict[str, str]) -> None:
    client, _ = live.login("vic")
    assert client.get("/api/incidents", params=params).status_code == 422


def test_paging_shows_where_the_page_is(live: Live) -> None:
    client, _ = live.login("vic")
    pages_seen = [client.get("/api/incidents", params={"limit": 1, "offset": n}).json() for n in range(4)]
    assert [p["total"] for p in pages_seen] == [3, 3, 3, 3]
    assert [len(p["items"]) for p in pages_seen] == [1, 1, 1, 0]
    html = client.get("/incidents", params={"accused": "RUS"}).text
    assert "Incidents 1–2 of 2" in html


def test_the_incident_page(live: Live) -> None:
    viewer, _ = live.login("vic")
    sumy = _incident(viewer, "Sumy")
    page = viewer.get(f"/incidents/{sumy['id']}").text
    assert re.search(r'<mark class="ev ev-incident">Russian drones hit a power substation in Sumy overnight, '
                     r"Ukraine&#39;s government said</mark>\. Moscow denied it\.", page)
    assert '<dd id="incident-claimants">Government of Ukraine</dd>' in page
    assert '<dd id="incident-deniers">Government of Russia</dd>' in page
    assert "energy ceasefire</a></td><td>RUS</td><td>UKR</td><td class=\"in-versions\">RUS, UKR</td>" in page
    assert "Review history" not in page and "form method=\"post\"" not in page.split("<main>")[1]
    analyst, _ = live.login("ann")
    page = analyst.get(f"/incidents/{sumy['id']}").text
    assert "Review history" in page and 'class="pick-place"' in page and "/static/review.js" in page
    api = viewer.get(f"/api/incidents/{sumy['id']}").json()
    assert api["violations"][0]["in_versions"] == ["RUS", "UKR"] and api["history"] is None
    assert api["report_items"][0]["context"]["after"].startswith(". Moscow denied it.")
    assert viewer.get("/incidents/99999").status_code == 404


def test_violation_rows_name_claimants_deniers_reports_and_the_incident(live: Live) -> None:
    client, _ = live.login("vic")
    body = client.get("/api/violations").json()
    sumy = next(v for v in body["items"] if v["place"] == "Sumy")
    assert (sumy["claimed_by"], sumy["denied_by"], sumy["reports"]) == (["UKR"], ["RUS"], 1)
    assert sumy["incident_url"] == f"/incidents/{sumy['incident']}"
    agreement = body["items"][0]["agreement"]
    for path in ("/", f"/agreements/{agreement}"):
        page = client.get(path).text
        assert f'<a class="incident-link" href="/incidents/{sumy["incident"]}">' in page, path
        assert '<td class="deniers">RUS</td>' in page and '<td class="claimants">UKR</td>' in page, path


def test_lookups_suggest_actors_and_places(live: Live) -> None:
    client, _ = live.login("ann")
    actors = client.get("/api/lookup/actors", params={"q": "forces of"}).json()
    assert [a["value"] for a in actors] == ["Armed Forces of Russia", "Armed Forces of Ukraine"]
    places = client.get("/api/lookup/places", params={"q": "zaporizhzhia nuc"}).json()
    assert places[0]["name"] == "Zaporizhzhia Nuclear Power Plant" and places[0]["admin1"] == "UA-23"


def test_corrections_of_any_field_reach_the_api_pages_exports_and_assessment(day: Live, tmp_path: Path) -> None:
    client, h = _analyst(day)
    kursk = _incident(client, "Kursk region")
    report = client.get(f"/api/incidents/{kursk['id']}").json()["report_items"][0]["id"]
    place = client.get("/api/lookup/places", params={"q": "Belgorod"}).json()[0]
    answer = client.post(f"/api/reviews/incident/{report}", headers=h, json={"action": "correct", "changes": {
        "place": place["ref"], "perpetrator": "Armed Forces of Russia", "claimed_by": "Government of Ukraine",
        "denied_by": ["Government of Russia"], "date": "2025-05-09", "target": "power_generation"}})
    assert answer.status_code == 200, answer.text
    fixed = client.get(f"/api/incidents/{kursk['id']}").json()
    assert (fixed["location"]["name"], fixed["location"]["admin1"], fixed["perpetrator"], fixed["perpetrator_country"],
            fixed["claimants"], fixed["deniers"], fixed["date"], fixed["target_class"]) == (
        place["name"], place["admin1"], "Armed Forces of Russia", "RUS", ["Government of Ukraine"],
        ["Government of Russia"], "2025-05-09", "energy")
    assert [e["action"] for e in fixed["history"]] == ["review.correct"]
    assert client.get("/api/incidents", params={"region": place["admin1"]}).json()["total"] == 1
    assert client.get("/api/incidents", params={"region": "RU-KRS"}).json()["total"] == 0
    # The assessment holds it as corrected: Russia now accused, inside the energy truce.
    with day.store.engine.connect() as conn:
        mine = [v for v in stored.violations(conn) if v.incident == kursk["id"]]
    assert [(v.accused, v.claimed_by, v.denied_by, v.place) for v in mine] == [
        ("RUS", ["UKR"], ["RUS"], place["name"])]
    # The exports carry it.
    out = io.StringIO()
    export(day.store, "csv", out)
    rows = csv.DictReader(io.StringIO(out.getvalue()))
    row = next(r for r in rows if r["event_id_cnty"].endswith(f"TL{kursk['id']}"))
    assert (row["location"], row["admin1_code"], row["perpetrator"], row["claimed_by"], row["denied_by"],
            row["target"]) == (
        place["name"], place["admin1"], "Armed Forces of Russia", "Government of Ukraine", "Government of Russia",
        "power_generation")
    lines = io.StringIO()
    export(day.store, "jsonl", lines)
    record = next(json.loads(x) for x in lines.getvalue().splitlines() if json.loads(x)["document"]["id"] == "t-002")
    actors = {a["id"]: a["name"] for a in record["actors"]}
    oil = next(i for i in record["incidents"] if i["location"]["name"] == place["name"])
    assert (actors[oil["claimed_by"]], [actors[d] for d in oil["denied_by"]]) == ("Government of Ukraine",
                                                                                 ["Government of Russia"])
    page = client.get(f"/incidents/{kursk['id']}").text
    assert f'<span id="incident-place">{place["name"]}</span>' in page and "claimed by: Government of Ukraine" in page


def test_acts_statements_and_agreements_are_corrected_by_name(day: Live) -> None:
    client, h = _analyst(day)
    act = client.get("/api/acts", params={"type": "accuse"}).json()["items"][0]
    answer = client.post(f"/api/reviews/act/{act['id']}", headers=h, json={"action": "correct", "changes": {
        "actor": "Armed Forces of Ukraine", "type": "demand", "target": "Armed Forces of Russia",
        "date": "2025-05-07"}})
    assert answer.status_code == 200, answer.text
    shown = next(a for a in client.get("/api/acts").json()["items"] if a["id"] == act["id"])
    assert (shown["actor"], shown["type"], shown["target"], shown["date"]) == (
        "Armed Forces of Ukraine", "demand", "Armed Forces of Russia", "2025-05-07")
    statement = client.get("/api/statements").json()["items"][-1]
    assert client.post(f"/api/reviews/statement/{statement['id']}", headers=h, json={"action": "correct", "changes": {
        "speaker": "Government of Ukraine", "channel": "interview"}}).status_code == 200
    shown = next(s for s in client.get("/api/statements").json()["items"] if s["id"] == statement["id"])
    assert (shown["speaker"], shown["channel"]) == ("Government of Ukraine", "interview")
    agreement = client.get("/api/agreements").json()["items"][0]["id"]
    report = client.get(f"/api/agreements/{agreement}").json()["reports"][0]["id"]
    assert client.post(f"/api/reviews/agreement/{report}", headers=h, json={"action": "correct", "changes": {
        "status": "in_force", "parties": ["Government of Russia"], "start": "2025-05-04",
        "end": "2025-05-31"}}).status_code == 200
    shown = client.get(f"/api/agreements/{agreement}").json()
    assert (shown["reports"][0]["parties"], shown["reports"][0]["status"], shown["reports"][0]["end"]) == (
        ["Government of Russia"], "in_force", "2025-05-31")
    # One party left: only Russia can be accused now (the Kursk strike by Ukraine is out, if still Ukraine's).
    with day.store.engine.connect() as conn:
        assert {v.accused for v in stored.violations(conn)} <= {"RUS"}
    bad = client.post(f"/api/reviews/act/{act['id']}", headers=h, json={"action": "correct",
                                                                       "changes": {"actor": "Nobody At All"}})
    assert bad.status_code == 422 and "no actor named" in bad.json()["detail"]


def test_the_review_form_takes_names_and_places(day: Live) -> None:
    client, csrf = day.login("ann")
    sumy = _incident(client, "Sumy")
    report = client.get(f"/api/incidents/{sumy['id']}").json()["report_items"][0]["id"]
    answer = client.post(f"/review/incident/{report}", data={
        "csrf_token": csrf, "action": "correct", "claimed_by": "Armed Forces of Ukraine", "denied_by": "-",
        "place": "Okhtyrka", "place_ref": "", "back": f"/incidents/{sumy['id']}", "anchor": f"report-{report}"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/incidents/{sumy['id']}#report-{report}"
    fixed = client.get(f"/api/incidents/{sumy['id']}").json()
    assert (fixed["claimants"], fixed["deniers"], fixed["location"]["name"]) == (
        ["Armed Forces of Ukraine"], [], "Okhtyrka")


def test_the_map_takes_the_lists_filters(live: Live) -> None:
    client, _ = live.login("vic")
    points = client.get("/api/incidents/points", params={"target": "energy"}).json()
    assert points["total"] == 2 and {p["place"] for p in points["items"]} == {"Sumy", "Kursk region"}
    regions = client.get("/api/incidents/regions", params={"accused": "RUS"}).json()["regions"]
    assert regions == {"UA-59": {"energy": 1}, "UA-63": {"medical": 1}}
    page = client.get("/map", params={"accused": "RUS"}).text
    assert 'data-points="/api/incidents/points?accused=RUS&amp;limit=20000"' in page
    assert '<option value="RUS" selected>RUS</option>' in page
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/vendor/leaflet.markercluster/" in page
    shapes = client.get("/map/regions.geojson")
    assert shapes.headers["content-type"] == "application/geo+json" and len(shapes.json()["features"]) >= 130
    for asset in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/LICENSE.txt",
                  "/static/vendor/leaflet.markercluster/leaflet.markercluster.js", "/static/map.js"):
        assert client.get(asset).status_code == 200, asset


def test_the_timeline_pages_its_acts(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = live.login("vic")
    monkeypatch.setattr(pages, "PAGE", 2)
    first = client.get("/timeline").text
    assert "5 acts" in first and "Acts 1–2 of 5" in first and 'href="/timeline?offset=2" rel="next"' in first
    last = client.get("/timeline", params={"offset": 4}).text
    assert "Acts 5–5 of 5" in last and first.count('<circle cx=') == last.count('<circle cx=')  # chart: all 5


def test_the_login_page_says_how_to_add_the_first_admin(tmp_path: Path, live: Live) -> None:
    assert "truceline users add" not in live.client().get("/login").text
    settings = Settings.load(db=str(tmp_path / "empty.db"))
    store = open_store(settings.db, settings)
    url, stop = _serve(create_app(settings, store))
    try:
        page = httpx.get(f"{url}/login").text
        assert "No user exists yet" in page and "<code>truceline users add NAME --role admin</code>" in page
    finally:
        stop()
        store.close()
