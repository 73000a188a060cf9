"""The analyst's day in a real browser (Debian's chromium driven by Playwright, offline): the incident list
and its filters, an incident's page, a correction of the claimant and the place with the name pickers, the
map's clusters and points clicked through to an incident, and the first run's login page. Screenshots go to
artifacts/screenshots/ (incidents, incident, incident-corrected, map-clusters, first-run).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from truceline.serve.app import create_app
from truceline.settings import Settings
from truceline.store import open_store

from .conftest import PASSWORDS, Live, _serve, start_live

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: run scripts/chromium.sh (installs Debian's chromium) for the browser test",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    live, close = start_live(tmp_path_factory.mktemp("browser-day") / "store.db")
    yield live
    close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        found = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                   args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                         "--disable-component-update", "--disable-sync"])
        yield found
        found.close()


def _tab(browser, url: str) -> tuple[object, list[str], list[str]]:  # type: ignore[no-untyped-def]
    """A fresh tab that may reach ``url`` only; what it tried elsewhere and its script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    errors: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                  else (outside.append(route.request.url), route.abort()))
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return tab, outside, errors


def _login(tab, live: Live, user: str = "ann") -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{live.url}/login")
    tab.fill("input[name=username]", user)
    tab.fill("input[name=password]", PASSWORDS[user])
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live.url}/")


def test_list_incident_page_and_a_correction_of_claimant_and_place(server: Live, browser) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab, outside, errors = _tab(browser, server.url)
    _login(tab, server)
    tab.click("nav >> text=Incidents")
    tab.wait_for_url(f"{server.url}/incidents")
    assert tab.locator("#incidents tbody tr").count() == 3
    tab.select_option("select[name=accused]", "RUS")
    tab.click("#incident-filters button[type=submit]")
    tab.wait_for_url(re.compile(r".*/incidents\?.*accused=RUS.*"))
    assert tab.inner_text("#incident-total") == "2"
    assert tab.locator("#incidents tbody tr").count() == 2
    tab.screenshot(path=str(SHOTS / "incidents.png"), full_page=True)

    tab.click("#incidents >> text=Sumy")
    tab.wait_for_url(re.compile(r".*/incidents/\d+$"))
    assert tab.inner_text("#incident-claimants") == "Government of Ukraine"
    assert tab.inner_text("#incident-deniers") == "Government of Russia"
    assert tab.inner_text("#reports mark.ev-incident").startswith("Russian drones hit a power substation in Sumy")
    assert "energy ceasefire" in tab.inner_text("#agreements")
    tab.screenshot(path=str(SHOTS / "incident.png"), full_page=True)

    # The claimant by name, picked from the suggestions; the place from the gazetteer.
    tab.click("#reports details.review-box summary")
    form = tab.locator("#reports form.review").first
    form.locator("input[name=claimed_by]").type("Government of Ru", delay=20)
    tab.locator("ul.suggest li", has_text="Government of Russia").click()
    assert form.locator("input[name=claimed_by]").input_value() == "Government of Russia"
    form.locator("input[name=place]").type("Okhtyr", delay=20)
    tab.locator("ul.suggest li", has_text="Okhtyrka").first.click()
    assert form.locator("input[name=place_ref]").input_value().startswith("okhtyrka|")
    form.locator("input[name=note]").fill("the ministry's statement names Russia")
    form.locator("button[value=correct]").click()
    tab.wait_for_url(re.compile(r".*/incidents/\d+#report-\d+$"))
    assert tab.inner_text("#incident-claimants") == "Government of Russia"
    assert tab.inner_text("#incident-place") == "Okhtyrka"
    assert "corrected" in tab.inner_text("#incident-review")
    history = tab.inner_text("#history")
    assert "ann" in history and "claimed by: Government of Russia" in history and "place: Okhtyrka" in history
    tab.screenshot(path=str(SHOTS / "incident-corrected.png"), full_page=True)

    # The list shows it as corrected, and the region filter finds it where it is now.
    tab.goto(f"{server.url}/incidents?review=correct")
    assert tab.locator("#incidents tbody tr").count() == 1
    assert "Okhtyrka" in tab.inner_text("#incidents") and "Government of Russia" in tab.inner_text("#incidents")
    assert outside == [] and errors == []


def test_the_map_clusters_and_opens_an_incident(server: Live, browser) -> None:  # type: ignore[no-untyped-def]
    tab, outside, errors = _tab(browser, server.url)
    _login(tab, server, "vic")
    tab.goto(f"{server.url}/map")
    tab.wait_for_selector("#leaflet-map[data-ready='1']")
    assert tab.locator("#leaflet-map path.leaflet-interactive").count() >= 130
    clusters = tab.locator("#leaflet-map .marker-cluster")
    assert clusters.count() >= 1  # zoomed out, nearby incidents gather
    assert sum(int(c) for c in clusters.all_inner_texts()) + tab.locator("[data-incident]").count() == 3
    tab.screenshot(path=str(SHOTS / "map-clusters.png"), full_page=True)
    for _ in range(6):  # each click on a cluster zooms in until its points stand apart
        if tab.locator("#leaflet-map [data-incident]").count() == 3:
            break
        tab.locator("#leaflet-map .marker-cluster").first.click()
        tab.wait_for_timeout(600)
    point = tab.locator("#leaflet-map [data-incident]").first
    ident = point.get_attribute("data-incident")
    point.click()
    tab.wait_for_url(f"{server.url}/incidents/{ident}")
    assert tab.locator("#incident-title").count() == 1
    # A region opens the incident list of that region, with the map's filters.
    tab.goto(f"{server.url}/map?target=energy")
    tab.wait_for_selector("#leaflet-map[data-ready='1']")
    tab.locator("#leaflet-map path[data-iso='RU-KRS']").click(force=True)
    tab.wait_for_url(re.compile(r".*/incidents\?target=energy&region=RU-KRS$"))
    assert tab.inner_text("#incident-total") == "1"
    assert outside == [] and errors == []


def test_the_first_run_says_how_to_add_an_admin(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.load(db=str(tmp_path / "empty.db"))
    store = open_store(settings.db, settings)
    url, stop = _serve(create_app(settings, store))
    try:
        tab, outside, errors = _tab(browser, url)
        tab.goto(f"{url}/")
        tab.wait_for_url(re.compile(r".*/login.*"))
        message = tab.inner_text("#first-run")
        assert "No user exists yet" in message and "truceline users add NAME --role admin" in message
        tab.screenshot(path=str(SHOTS / "first-run.png"), full_page=True)
        assert outside == [] and errors == []
    finally:
        stop()
        store.close()
