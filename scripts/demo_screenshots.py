"""Screenshots of the dashboard over the demo corpus, for the record of what it shows.

Ingests ``examples/demo`` into a temporary store (the real extractor), serves it on 127.0.0.1, logs in with
Debian's chromium driven by Playwright (``scripts/chromium.sh`` installs it) and saves, under
``artifacts/screenshots/``:

- ``demo-overview.png``, ``demo-violations.png`` (the overview's table of alleged violations, each row with
  its claimants, deniers, reports and a link to the incident), ``demo-agreement.png``;
- ``demo-incidents.png`` (the incident list), ``demo-incident.png`` (an alleged violation's page: its report
  in context, claimant and deniers, the agreement and versions it falls under);
- ``demo-map.png`` (the interactive map: regions, clustered incidents);
- ``demo-incident-corrected.png``: an incident extraction could not place, corrected through the review
  form's pickers (its place from the gazetteer, its claimant by name) and shown with its review history.

    .venv/bin/python scripts/demo_screenshots.py

Nothing is fetched from another host: the browser is refused any request that leaves the server.
"""
from __future__ import annotations

import re
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Page, sync_playwright

from truceline.ingest import ingest
from truceline.serve import add_user, create_app
from truceline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def _serve(settings: Settings) -> tuple[str, uvicorn.Server, threading.Thread]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return url, server, thread


def _pick(page: Page, form: Any, name: str, typed: str, choice: str) -> None:
    """Type into a name picker and click the suggestion holding ``choice``."""
    form.locator(f"input[name={name}]").type(typed, delay=30)
    page.locator("ul.suggest li", has_text=choice).first.click()


def shoot(url: str) -> list[Path]:
    saved: list[Path] = []

    def save(page: Page, name: str, selector: str | None = None) -> None:
        path = SHOTS / f"demo-{name}.png"
        if selector:
            page.locator(selector).screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=True)
        saved.append(path)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("input[name=username]", "demo")
        page.fill("input[name=password]", "demo-password")
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")
        save(page, "overview")
        if page.locator("table.violations").count():
            save(page, "violations", "#violations-chart")
        agreements = page.request.get(f"{url}/api/agreements").json()["items"]
        if agreements:
            page.goto(f"{url}/agreements/{agreements[0]['id']}")
            save(page, "agreement")
        page.goto(f"{url}/incidents")
        save(page, "incidents")
        violations = page.request.get(f"{url}/api/violations").json()["items"]
        if violations:
            page.goto(f"{url}{violations[0]['incident_url']}")
            save(page, "incident")
        page.goto(f"{url}/map")
        page.wait_for_selector("#leaflet-map[data-ready]")
        page.wait_for_timeout(500)
        save(page, "map")
        # An incident extraction could not place (no region): its place set from the gazetteer and its claimant
        # by name, through the review form's pickers. (Which one that is follows the extractor of the day.)
        listed = page.request.get(f"{url}/api/incidents", params={"limit": 500}).json()["items"]
        unplaced = [i for i in listed if not (i["location"] or {}).get("admin1")] or listed
        if unplaced:
            page.goto(f"{url}/incidents/{unplaced[0]['id']}")
            page.click("#reports details.review-box summary")
            form = page.locator("#reports form.review").first
            _pick(page, form, "place", "Ukraine", "Ukraine (country, UKR)")
            _pick(page, form, "claimed_by", "Government of Ukr", "Government of Ukraine")
            form.locator("input[name=note]").fill("the minister speaks for the government; a strike in Ukraine, "
                                                  "town not given")
            form.locator("button[value=correct]").click()
            page.wait_for_url(re.compile(r".*#report-\d+$"))
            save(page, "incident-corrected")
        browser.close()
    return saved


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=str(Path(tmp) / "demo.db"))
        summary = ingest([str(ROOT / "examples" / "demo")], settings, progress=False)
        print("\n".join(summary.lines()))
        add_user(settings, "demo", "demo-password", "analyst")
        url, server, thread = _serve(settings)
        try:
            SHOTS.mkdir(parents=True, exist_ok=True)
            for path in shoot(url):
                print(path.relative_to(ROOT))
        finally:
            server.should_exit = True
            thread.join(10)


if __name__ == "__main__":
    main()
