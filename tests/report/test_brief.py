"""Briefs from a real store: Markdown and HTML with SVG charts, for a day and a week, markup kept inert."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from truceline.errors import ConfigError
from truceline.report.brief import make_brief, write_report
from truceline.settings import Settings
from truceline.store import Store, open_store

# The web app's test records, loaded by path: tests/ is not a package.
_spec = importlib.util.spec_from_file_location("serve_test_records",
                                               Path(__file__).resolve().parents[1] / "serve" / "records.py")
assert _spec is not None and _spec.loader is not None
_records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_records)
records = _records.records


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("brief") / "store.db"
    s = open_store(str(db), Settings.load(db=str(db)))
    for record in records():
        s.add(record)
    yield s
    s.close()


def test_weekly_brief_files(store: Store, tmp_path: Path) -> None:
    written = write_report(store, "week", tmp_path)
    assert sorted(p.name for p in written) == [
        "brief-week-2025-05-10-acts.svg", "brief-week-2025-05-10-incidents.svg",
        "brief-week-2025-05-10-violations.svg", "brief-week-2025-05-10.html", "brief-week-2025-05-10.md"]
    md = (tmp_path / "brief-week-2025-05-10.md").read_text(encoding="utf-8")
    assert md.startswith("# Truceline weekly brief: 2025-05-04 to 2025-05-10\n")
    assert "3 incidents, 2 alleged violations, 3 negotiation acts." in md
    assert "| energy_ceasefire (RUS, UKR) | agreed | RUS | 2025-05-03 | 2025-06-02 | 23 |" in md
    assert "![violations](brief-week-2025-05-10-violations.svg)" in md
    assert "| 2025-05-10 | Kharkiv | UA-63 | medical | missile | Armed Forces of Russia | 1 |" in md
    svg = (tmp_path / "brief-week-2025-05-10-incidents.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'data-side="RUS" data-day="2025-05-10"' in svg and 'data-side="UKR" data-day="2025-05-08"' in svg
    html = (tmp_path / "brief-week-2025-05-10.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "<script" not in html
    assert "&lt;script&gt;window.pwned=6&lt;/script&gt;" in html


def test_daily_brief_covers_one_day(store: Store) -> None:
    brief = make_brief(store, "day")
    assert (brief.start.isoformat(), brief.end.isoformat()) == ("2025-05-10", "2025-05-10")
    assert brief.counts == {"incidents": 1, "violations": 0, "acts": 0}
    assert "![incidents](data:image/svg+xml;base64," in brief.markdown
    assert "no alleged violations" in brief.charts["violations"]


def test_markdown_escapes_article_markup(store: Store) -> None:
    md = make_brief(store, "week").markdown
    assert "<script>" not in md
    assert "&lt;script&gt;window.pwned=4&lt;/script&gt;Evil Corp" in md


def test_unknown_period(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown period 'month'"):
        make_brief(store, "month")
