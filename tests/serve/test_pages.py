"""The dashboard's HTML over HTTP: each page renders its data; untrusted article text stays inert."""
from __future__ import annotations

import re

import httpx
import pytest

from .conftest import EVIL_TEXT, Live


@pytest.fixture(scope="module")
def web(live: Live) -> httpx.Client:
    client, _ = live.login("vic")
    return client


def test_overview_shows_truce_versions_violations_and_acts(web: httpx.Client) -> None:
    page = web.get("/").text
    assert "as of 2025-05-10" in page
    assert '<span id="count-incidents">3</span>' in page
    assert '<span id="count-violations">2</span>' in page
    # Days left in each side's version: RUS until June 2, UKR until June 4.
    assert re.search(r'<td class="side">RUS</td>.*?<td class="remaining">23</td>', page, re.S)
    assert re.search(r'<td class="side">UKR</td>.*?<td class="remaining">25</td>', page, re.S)
    assert 'data-side="RUS" data-day="2025-05-07"' in page and 'data-side="UKR" data-day="2025-05-08"' in page
    assert "denies the strike" in page


def test_timeline_filters_by_subject_and_actor(web: httpx.Client) -> None:
    page = web.get("/timeline", params={"subject": "talks"}).text
    assert "1 acts" in page and "energy truce" not in page
    ukraine = web.get("/api/actors", params={"name": "Government of Ukraine"}).json()["items"][0]["id"]
    page = web.get("/timeline", params={"actor": ukraine}).text
    assert "2 acts" in page and "accuses Russia of a strike" in page and "denies the strike" not in page


def test_map_colours_regions_with_incidents(web: httpx.Client) -> None:
    page = web.get("/map").text
    assert page.count('class="region') >= 130
    for iso, count in (("UA-59", 1), ("UA-63", 1), ("RU-KRS", 1)):
        assert re.search(rf'class="region hit country-\w+" data-iso="{iso}" data-count="{count}"', page), iso
    # Crimea and Sevastopol are Ukrainian regions (ISO 3166-2), whatever the source map said.
    assert 'country-UKR" data-iso="UA-43"' in page and 'country-UKR" data-iso="UA-40"' in page
    assert page.count('class="incident"') == 3
    energy_only = web.get("/map", params={"target": "energy"}).text
    assert energy_only.count('class="incident"') == 2


def test_agreement_page_sets_versions_side_by_side(web: httpx.Client) -> None:
    agreement = web.get("/api/agreements").json()["items"][0]["id"]
    page = web.get(f"/agreements/{agreement}").text
    assert '<div class="version" data-side="RUS">' in page and '<div class="version" data-side="UKR">' in page
    assert "from May 3" in page and "from May 5" in page
    assert "Kursk region" in page and "Sumy" in page  # incidents in scope
    assert "Hospital" not in page  # a medical target is outside an energy truce
    assert re.search(r'id="status-reason"><small>Why: the newest dated report \(\d{4}-\d\d-\d\d\) says', page)


def test_actor_pages_and_positions_matrix(web: httpx.Client) -> None:
    page = web.get("/actors").text
    assert '<table class="grid matrix">' in page
    assert re.search(r"Government of Russia</a></th>.*?act-deny", page, re.S)
    russia = web.get("/api/actors", params={"name": "Government of Russia"}).json()["items"][0]["id"]
    page = web.get(f"/actors/{russia}").text
    assert "the pause starts on May 3" in page and "Positions of Government of Russia over time" in page


def test_document_view_highlights_evidence(web: httpx.Client) -> None:
    doc = web.get("/api/documents", params={"since": "2025-05-02", "until": "2025-05-02"}).json()["items"][0]
    page = web.get(f"/documents/{doc['id']}").text
    marked = re.findall(r'<mark class="ev ([^"]*)"[^>]*>([^<]*)</mark>', page)
    assert ("ev-statement ", "The Kremlin said the pause starts on May 3.") in marked
    assert any("ev-act" in kinds and "ev-agreement" in kinds for kinds, _ in marked)
    assert 'id="statement-' in page and "Review" not in page  # a viewer gets no review form


def test_brief_downloads(web: httpx.Client) -> None:
    md = web.get("/reports/brief.md", params={"period": "week"})
    assert md.headers["content-disposition"] == 'attachment; filename="truceline-brief-week-2025-05-10.md"'
    assert md.text.startswith("# Truceline weekly brief: 2025-05-04 to 2025-05-10")
    html = web.get("/reports/brief.html", params={"period": "day"})
    assert "<svg" in html.text and "Truceline daily brief: 2025-05-10" in html.text
    assert web.get("/reports/brief.pdf").status_code == 404


def test_article_markup_is_shown_inert(web: httpx.Client) -> None:
    """An article with <script> and markup, stored and shown: every page escapes it."""
    evil = web.get("/api/documents", params={"since": "2025-05-09", "until": "2025-05-09"}).json()["items"][0]
    assert evil["document"] == "t-evil"
    actor = web.get("/api/actors", params={"name": "evil corp"}).json()["items"][0]["id"]
    pages = [f"/documents/{evil['id']}", "/documents", "/", "/timeline", "/actors", f"/actors/{actor}",
             "/reports/brief.html?period=week"]
    for path in pages:
        page = web.get(path).text
        assert "<script>window.pwned" not in page, path
        assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), path
        assert "<b>bold</b>" not in page and "<img src=x" not in page, path
    text = web.get(f"/documents/{evil['id']}").text
    assert "&lt;script&gt;window.pwned=2&lt;/script&gt;" in text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;Evil &lt;b&gt;title&lt;/b&gt;" in text
    assert "<script" not in text
    api = web.get(f"/api/documents/{evil['id']}")
    assert api.headers["content-type"] == "application/json"
    assert api.json()["text"] == EVIL_TEXT  # stored as written, escaped only where shown
    md = web.get("/reports/brief.md", params={"period": "week"}).text
    assert "<script>" not in md and "&lt;script&gt;window.pwned=6&lt;/script&gt;" in md
