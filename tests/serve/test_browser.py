"""A real browser (Debian's chromium driven by Playwright) logs in and reads the overview, the map and an
agreement page, and saves screenshots under artifacts/screenshots/.

Playwright never downloads a browser here: it drives /usr/bin/chromium (``scripts/chromium.sh`` installs
it). Without that binary this module skips, saying so.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import PASSWORDS, Live

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: run scripts/chromium.sh (installs Debian's chromium) for the browser test",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page(live: Live) -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                           "--disable-component-update", "--disable-sync"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # Offline for real: any request leaving 127.0.0.1 fails the test.
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live.url)
                      else (outside.append(route.request.url), route.abort()))
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        assert outside == []
        assert errors == []
        browser.close()


def test_login_overview_map_agreement(live: Live, page) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/")
    assert page.url.startswith(f"{live.url}/login")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORDS["ann"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/")

    assert page.inner_text("#count-incidents") == "3"
    assert page.locator("#in-force td.side").all_inner_texts() == ["RUS", "UKR"]
    assert page.locator("#violations-chart svg rect[data-side]").count() == 2
    assert "denies the strike" in page.inner_text("#latest-acts")
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)

    page.click("nav >> text=Map")
    page.wait_for_url(f"{live.url}/map")
    page.wait_for_selector("#leaflet-map[data-ready='1']")
    assert page.locator("#leaflet-map path.leaflet-interactive").count() >= 130  # the regions, drawn by Leaflet
    box = page.locator("#leaflet-map path[data-iso='UA-59']").bounding_box()
    assert box is not None and box["width"] > 20  # drawn, not collapsed
    assert "3 located incidents" in page.inner_text("#map-note")
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)

    page.click("nav >> text=Agreements")
    page.click("text=energy ceasefire")
    assert page.inner_text("#agreement-title").startswith("Energy ceasefire")
    assert page.locator(".version").count() == 2
    assert "Sumy" in page.inner_text("#in-scope")
    page.screenshot(path=str(SHOTS / "agreement.png"), full_page=True)

    for name in ("overview", "map", "agreement"):
        data = (SHOTS / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_article_scripts_do_not_run(live: Live, page) -> None:  # type: ignore[no-untyped-def]
    evil = page.request.get(f"{live.url}/api/documents?since=2025-05-09&until=2025-05-09").json()["items"][0]
    page.goto(f"{live.url}/documents/{evil['id']}")
    assert "<script>window.pwned=2</script>" in page.inner_text("#text")
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.goto(f"{live.url}/timeline")
    assert page.evaluate("typeof window.pwned") == "undefined"
