"""clean(): metadata precedence, paragraph layout, errors; and the seed, read from ../shared when present."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from truceline.clean import clean
from truceline.errors import NoArticleError
from truceline.models import REMOVAL_REASONS, RawDocument
from truceline.settings import Settings

TEXT = """Energy truce under strain as both sides trade accusations

Energy truce under strain as both sides trade accusations
March 26, 2025

KYIV, March 26 (Reuters) - Russia and Ukraine accused each other on Wednesday of attacking energy sites.

"We have kept our word," the Kremlin spokesman told reporters.

Source link
"""


def test_plain_text_to_document(settings: Settings) -> None:
    doc = clean(RawDocument(id="t1", source="truce.txt", text=TEXT), settings)
    assert doc.text == ("KYIV, March 26 (Reuters) - Russia and Ukraine accused each other on Wednesday of "
                        "attacking energy sites.\n\n\"We have kept our word,\" the Kremlin spokesman told reporters.")
    assert (doc.id, doc.source, doc.title, doc.published, doc.outlet, doc.language) == (
        "t1", "truce.txt", "Energy truce under strain as both sides trade accusations", dt.date(2025, 3, 26),
        "Reuters", "en")
    assert [r.reason for r in doc.removed] == ["duplicate_title", "duplicate_title", "byline", "source_link"]
    assert {r.reason for r in doc.removed} <= set(REMOVAL_REASONS)


def test_input_metadata_wins(settings: Settings) -> None:
    raw = RawDocument(id="t2", text=TEXT, published=dt.date(2025, 3, 27), outlet="Example Wire",
                      title="Energy truce under strain as both sides trade accusations")
    doc = clean(raw, settings)
    assert (doc.published, doc.outlet, doc.title) == (
        dt.date(2025, 3, 27), "Example Wire", "Energy truce under strain as both sides trade accusations")


def test_html_document(settings: Settings) -> None:
    html = ("<html><head><meta property='og:site_name' content='Example Courier'>"
            "<meta property='og:title' content='Grid hit again'>"
            "<meta property='article:published_time' content='2025-04-04'></head><body><article>"
            "<h1>Grid hit again</h1><p>A drone hit the Kherson power plant on Friday, the regional "
            "administration said in a statement.</p><p>Advertisement</p><p>Engineers were assessing the damage "
            "to the plant's turbine hall, officials said.</p></article></body></html>")
    doc = clean(RawDocument(id="h1", source="https://example.org/grid", html=html), settings)
    assert doc.text.split("\n\n") == [
        "A drone hit the Kherson power plant on Friday, the regional administration said in a statement.",
        "Engineers were assessing the damage to the plant's turbine hall, officials said.",
    ]
    assert (doc.title, doc.published, doc.outlet) == ("Grid hit again", dt.date(2025, 4, 4), "Example Courier")
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("duplicate_title", "Grid hit again"), ("advert", "Advertisement")]


def test_html_without_article_raises(settings: Settings) -> None:
    raw = RawDocument(id="h2", source="menu.html", html="<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(NoArticleError) as info:
        clean(raw, settings)
    assert str(info.value) == "menu.html: HTML page with no article body"


def test_html_without_article_falls_back_to_text(settings: Settings) -> None:
    raw = RawDocument(id="h3", html="<html><body></body></html>",
                      text="Officials said the pause had held through the night.")
    assert clean(raw, settings).text == "Officials said the pause had held through the night."


def test_text_of_boilerplate_only_raises(settings: Settings) -> None:
    with pytest.raises(NoArticleError):
        clean(RawDocument(id="b1", text="Advertisement\n\nSource link\n\nShare"), settings)


def test_seed_document(shared_dir: Path, settings: Settings) -> None:
    seed_dir = shared_dir / "seeds"
    if not seed_dir.exists():
        pytest.skip("../shared/seeds is not beside this clone")
    seed = sorted(seed_dir.glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = [ln.strip() for ln in seed.split("\n") if ln.strip()]
    doc = clean(RawDocument(id="seed", text=seed), settings)
    kept = doc.text.split("\n\n")
    assert doc.title == lines[0]
    assert doc.outlet == "The Moscow Times"
    assert lines[0] not in kept
    for gone in ("Source link", "Continue", "Remind me later.", "Schreibe einen Kommentar"):
        assert gone not in kept
    assert not any(p.startswith(("A Message from", "Dear readers", "Not ready to")) for p in kept)
    donation = next(i for i, ln in enumerate(lines) if ln.startswith("A Message from"))
    assert lines[1] == lines[0]  # the repeated headline
    assert kept == lines[2:donation]  # every report paragraph, in order, word for word


def test_a_json_lines_record_that_cleans_to_nothing_is_named_by_its_line(tmp_path: Path, settings: Settings) -> None:
    import json

    from truceline.sources import read_inputs

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "url": "https://example.org/a", "text": "Real text of a report."}) + "\n"
                    + json.dumps({"id": "b", "text": "Share this article\nSubscribe to our newsletter"}) + "\n",
                    encoding="utf-8")
    docs = list(read_inputs([str(feed)], settings))
    with pytest.raises(NoArticleError) as err:
        clean(docs[1], settings)  # type: ignore[arg-type]
    assert err.value.source == f"{feed}:2"
