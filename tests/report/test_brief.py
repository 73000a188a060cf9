"""Briefs from a real store: Markdown and HTML with SVG charts, for a day and a week, markup kept inert,
tables well formed, what changed since the period before, the same act reported twice listed once."""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from truceline.errors import ConfigError
from truceline.models import Act, Actor, Agreement, Document, Incident, Location, Record, Span
from truceline.report import markdown
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


def _cells(line: str) -> int:
    """Cells of a Markdown table line: pipes not escaped by a backslash, less one."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def _tables(md: str) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] = []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            out.append(current)
            current = []
    return out


def _assert_well_formed(md: str) -> None:
    tables = _tables(md)
    assert tables
    for table in tables:
        header, delimiter, *rows = table
        assert re.fullmatch(r"\|( --- \|)+", delimiter), delimiter
        assert {_cells(line) for line in table} == {_cells(header)}, table


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
    _assert_well_formed(md)
    assert "## What changed since the week before" in md
    assert "- Alleged violations by accused side: RUS 1 (the week before: 0); UKR 1 (the week before: 0)." in md
    svg = (tmp_path / "brief-week-2025-05-10-incidents.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'data-side="RUS" data-day="2025-05-10"' in svg and 'data-side="UKR" data-day="2025-05-08"' in svg
    html = (tmp_path / "brief-week-2025-05-10.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "<script" not in html
    assert "&lt;script&gt;window.pwned=6&lt;/script&gt;" in html
    assert "What changed since the week before" in html


def test_daily_brief_covers_one_day(store: Store) -> None:
    brief = make_brief(store, "day")
    assert (brief.start.isoformat(), brief.end.isoformat()) == ("2025-05-10", "2025-05-10")
    assert brief.counts == {"incidents": 1, "violations": 0, "acts": 0}
    assert "1 incident, 0 alleged violations, 0 negotiation acts." in brief.markdown
    assert "![incidents](data:image/svg+xml;base64," in brief.markdown
    assert "no alleged violations" in brief.charts["violations"]
    assert brief.changes == ["No alleged violations, as the day before.", "Incidents: 1 (the day before: 0).",
                             "No incident was reported by more than one document."]


def test_markdown_escapes_article_markup(store: Store) -> None:
    md = make_brief(store, "week").markdown
    assert "<script>" not in md
    assert "&lt;script&gt;window.pwned=4&lt;/script&gt;Evil Corp" in md


def test_unknown_period(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown period 'month'"):
        make_brief(store, "month")


def test_markdown_writer() -> None:
    lines = markdown.table(("Place", "Note"), [("Kyiv | Irpin", "a <b>bold</b>\nclaim"), ("Sumy", None)])
    assert lines == ["| Place | Note |", "| --- | --- |", "| Kyiv \\| Irpin | a &lt;b&gt;bold&lt;/b&gt; claim |",
                     "| Sumy |  |"]
    assert {_cells(line) for line in lines} == {2}
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        markdown.table(("a", "b"), [("x",)])


# -- what changed, and acts reported twice, on SQLite and PostgreSQL ----------------------------------------------

SIDES = [Actor("ru", "Russia", "country", "RUS", "Q159"), Actor("ua", "Ukraine", "country", "UKR", "Q212")]
D = dt.date


def _doc(ident: str, published: dt.date, text: str, **items: list) -> Record:
    return Record(Document(ident, f"test://{ident}", None, published, "Wire | One", "en", text), SIDES,
                  items.get("statements", []), items.get("acts", []), items.get("agreements", []),
                  items.get("incidents", []))


@pytest.fixture
def changing(db_url: str) -> Iterator[Store]:
    """A maritime truce proposed the week before and agreed this week, a prisoner exchange new this week, and
    one strike and one accusation each reported by two documents (the week: 2025-06-08 to 2025-06-14)."""
    s = open_store(db_url, Settings.load(db=db_url))
    # Texts unlike each other, or the store would take the later ones for copies of the first.
    texts = {"w1": "Negotiators floated a Black Sea truce in Riyadh on Tuesday.",
             "w2": "Moscow and Kyiv accepted the maritime pause after days of talks.",
             "w3": "Both governments also settled on swapping prisoners of war next month.",
             "w4": "Overnight drones set the Odesa port ablaze; Kyiv blamed Russian forces again.",
             "w5": "Port workers counted damage at the harbour while officials accused Moscow."}

    def truce(status: str) -> Agreement:
        return Agreement("maritime_ceasefire", ["ru", "ua"], ["civilian_infrastructure"], None, D(2025, 6, 10), None,
                         status, evidence=Span(0, 10))

    strike = Incident(D(2025, 6, 12), 1, Location("Odesa | Chornomorsk", "UKR", "UA-51", 46.48, 30.72, 1),
                      "civilian_infrastructure", "drone", "ru", "ua", [], None, Span(0, 40))
    accuse = Act("accuse", "ua", "ru", "maritime_ceasefire", D(2025, 6, 12), "Ukraine accuses Russia", Span(0, 40))
    s.add(_doc("w1", D(2025, 6, 3), texts["w1"], agreements=[truce("proposed")]))
    s.add(_doc("w2", D(2025, 6, 10), texts["w2"], agreements=[truce("agreed")]))
    s.add(_doc("w3", D(2025, 6, 11), texts["w3"], agreements=[
        Agreement("prisoner_exchange", ["ru", "ua"], [], None, D(2025, 6, 11), None, "agreed", evidence=Span(0, 10))]))
    s.add(_doc("w4", D(2025, 6, 12), texts["w4"], incidents=[strike], acts=[accuse]))
    s.add(_doc("w5", D(2025, 6, 14), texts["w5"], incidents=[strike], acts=[accuse]))
    yield s
    s.close()


def test_narrative_of_what_changed_and_acts_once(changing: Store) -> None:
    brief = make_brief(changing, "week")
    assert (brief.start, brief.end) == (D(2025, 6, 8), D(2025, 6, 14))
    assert brief.changes == [
        "Status changed: maritime ceasefire (RUS, UKR), proposed → agreed.",
        "New agreement: prisoner exchange (RUS, UKR), agreed.",
        "Alleged violations by accused side: RUS 1 (the week before: 0).",
        "Incidents: 1 (the week before: 0).",
        "Most reported: 2025-06-12 Odesa | Chornomorsk, civilian infrastructure (drone), 2 reports.",
    ]
    assert brief.counts == {"incidents": 1, "violations": 1, "acts": 1}
    [act] = brief.acts
    assert (act["reports"], act["documents"]) == (2, ["w4", "w5"])
    md = brief.markdown
    assert ("- 2025-06-12 **Ukraine** accuse on maritime_ceasefire → Russia: Ukraine accuses Russia "
            "(2 documents: w4, w5)") in md
    assert "- Most reported: 2025-06-12 Odesa \\| Chornomorsk, civilian infrastructure (drone), 2 reports." in md
    assert "| 2025-06-12 | Odesa \\| Chornomorsk | UA-51 |" in md
    _assert_well_formed(md)
    assert "(2 documents: w4, w5)" in brief.html


def test_html_brief_is_shown_inline(store: Store) -> None:
    from fastapi.testclient import TestClient

    from truceline.serve import create_app

    app = create_app(Settings.load(db=store.settings.db, anonymous_read=True), store)
    with TestClient(app) as client:
        html = client.get("/reports/brief.html", params={"period": "week"})
        md = client.get("/reports/brief.md", params={"period": "week"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"].startswith("inline;")
    assert md.headers["content-disposition"].startswith("attachment;")
