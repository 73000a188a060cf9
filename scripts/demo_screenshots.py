"""Screenshots of the dashboard over the demo corpus, for the record of what it shows.

Ingests ``examples/demo`` into a temporary store (the real extractor), serves it on 127.0.0.1, logs in with
Debian's chromium driven by Playwright and saves ``artifacts/screenshots/demo-{overview,map,agreement}.png``::

    .venv/bin/python scripts/demo_screenshots.py
"""
from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from truceline.ingest import ingest
from truceline.serve import add_user, create_app
from truceline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=str(Path(tmp) / "demo.db"))
        summary = ingest([str(ROOT / "examples" / "demo")], settings, progress=False)
        print("\n".join(summary.lines()))
        add_user(settings, "demo", "demo-password", "analyst")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            SHOTS.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{url}/login")
                page.fill("input[name=username]", "demo")
                page.fill("input[name=password]", "demo-password")
                page.click("button[type=submit]")
                page.wait_for_url(f"{url}/")
                page.screenshot(path=str(SHOTS / "demo-overview.png"), full_page=True)
                page.goto(f"{url}/map")
                page.screenshot(path=str(SHOTS / "demo-map.png"), full_page=True)
                agreements = page.request.get(f"{url}/api/agreements").json()["items"]
                if agreements:
                    page.goto(f"{url}/agreements/{agreements[0]['id']}")
                    page.screenshot(path=str(SHOTS / "demo-agreement.png"), full_page=True)
                browser.close()
            counts = httpx.get(f"{url}/openapi.json").status_code
            print(f"screenshots in {SHOTS} ({len(agreements)} agreements; openapi {counts})")
        finally:
            server.should_exit = True
            thread.join(10)


if __name__ == "__main__":
    main()
