"""The CLI commands over the store, on records written by hand (no spaCy needed): a store that must exist,
``init``, the first-run hint of ``serve``, ``status`` paged, exports filtered."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.ingest import ingest
from truceline.models import Actor, Agreement, Document, Incident, Location, Record, Span
from truceline.settings import Settings


def _record() -> Record:
    text = "Russia and Ukraine agreed to a 30-day pause. Officials said a drone hit a substation in Sumy."
    doc = Document(id="cli-1", source=None, title="Pause agreed", published=dt.date(2025, 3, 20),
                   outlet=None, language="en", text=text)
    actors = [Actor("rus", "Russia", "country", "RUS"), Actor("ukr", "Ukraine", "country", "UKR")]
    agreement = Agreement(subject="energy_ceasefire", parties=["rus", "ukr"], scope=["energy"], duration_days=30,
                          start=dt.date(2025, 3, 18), end=dt.date(2025, 4, 17), status="agreed",
                          evidence=Span(0, 44))
    incident = Incident(date=dt.date(2025, 3, 19), date_precision=1,
                        location=Location("Sumy", "UKR", "UA-59", 50.9, 34.8, 1), target="power_grid",
                        weapon="drone", perpetrator="rus", claimed_by="ukr", denied_by=[], fatalities=None,
                        evidence=Span(45, len(text)))
    return Record(document=doc, actors=actors, agreements=[agreement], incidents=[incident])


def test_status_prints_the_merged_picture_and_the_alleged_violation(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    summary = ingest([_record()], Settings.load(db=db), progress=False)
    assert summary.new == 1
    result = CliRunner().invoke(cli, ["status", "--db", db])
    assert result.exit_code == 0, result.output
    assert "energy_ceasefire [agreed" in result.output
    assert "Sumy" in result.output
    assert "1 incidents, 1 agreements, 1 alleged violations" in result.output.splitlines()[0]
    assert "-- alleged violations (1; by accused side: RUS 1;" in result.output


def test_assess_records_prints_the_assessment_json(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(_record().to_dict()) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "--records", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["schema"] == "truceline.assessment.v1"
    assert [v["accused"] for v in out["violations"]] == ["RUS"]
    assert out["counts"] == [{"date": "2025-03-19", "accused": "RUS", "alleged": 1, "running_total": 1}]


def test_assess_db_gives_what_the_records_give(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    ingest([_record()], Settings.load(db=db), progress=False)
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(_record().to_dict()) + "\n", encoding="utf-8")
    from_store = CliRunner().invoke(cli, ["assess", "--format", "json", "--db", db])
    from_records = CliRunner().invoke(cli, ["assess", "--format", "json", "--records", str(path)])
    assert from_store.exit_code == 0, from_store.output
    assert json.loads(from_store.output) == json.loads(from_records.output)
    assert len(json.loads(from_store.output)["violations"]) == 1


def test_assess_needs_inputs_or_a_store() -> None:
    result = CliRunner().invoke(cli, ["assess"])
    assert result.exit_code == 2
    assert "give INPUTS to read, or --db" in result.output


# -- a store that must exist ---------------------------------------------------------------------------------------

READERS = [["status"], ["export"], ["export", "--table", "acts"], ["report", "--out", "{tmp}/briefs"],
           ["assess"], ["serve"], ["users", "add", "ann", "--role", "admin", "--password", "long-password-1"]]


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_reading_a_missing_store_is_an_error_and_creates_nothing(tmp_path: Path, args: list[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    served = []
    monkeypatch.setattr("truceline.serve.serve", lambda *a, **k: served.append(a))
    db = tmp_path / "typo" / "mistyped.db"
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path) for a in args] + ["--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.output == (f"truceline: error: no store at {db} "
                             "(create it with truceline ingest or truceline init)\n")
    assert not db.exists() and not db.parent.exists() and not served
    assert not (tmp_path / "briefs").exists()


def test_a_database_without_the_schema_is_no_store(db_url: str) -> None:
    """PostgreSQL: the database exists (the fixture made it) but holds no store until init or ingest."""
    from truceline.store import open_store
    from truceline.store.db import store_exists

    assert not store_exists(db_url)
    status = CliRunner().invoke(cli, ["status", "--db", db_url])
    assert status.exit_code == 1 and status.output.startswith("truceline: error: no store at ")
    assert not store_exists(db_url)
    init = CliRunner().invoke(cli, ["init", "--db", db_url])
    assert init.exit_code == 0 and init.output.startswith("created the store at "), init.output
    assert store_exists(db_url)
    again = CliRunner().invoke(cli, ["init", "--db", db_url])
    assert again.exit_code == 0 and "is ready (it existed; schema up to date)" in again.output
    assert CliRunner().invoke(cli, ["status", "--db", db_url]).exit_code == 0
    with open_store(db_url, Settings.load(db=db_url), create=False) as store:
        assert store.counts()["documents"] == 0


def test_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    empty, junk = tmp_path / "empty.db", tmp_path / "junk.db"
    empty.write_bytes(b"")
    junk.write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(cli, ["status", "--db", str(empty)])
    assert result.exit_code == 1 and f"no store at {empty}" in result.output
    result = CliRunner().invoke(cli, ["export", "--db", str(junk)])
    assert result.exit_code == 1 and "cannot open" in result.output and "file is not a database" in result.output
    assert junk.read_text(encoding="utf-8") == "not a database"


def test_serve_says_how_to_create_the_first_admin(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from truceline.serve import add_user

    served: list[object] = []
    monkeypatch.setattr("truceline.serve.serve", lambda settings, host, port: served.append(settings.db))
    assert CliRunner().invoke(cli, ["init", "--db", db_url]).exit_code == 0
    first = CliRunner().invoke(cli, ["serve", "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "truceline: no users yet: create the first admin with `truceline users add NAME --role admin --db " \
           in first.output
    assert served == [db_url]
    add_user(Settings.load(db=db_url), "ada", "a long password", "admin")
    later = CliRunner().invoke(cli, ["serve", "--db", db_url])
    assert later.exit_code == 0 and "no users yet" not in later.output and len(served) == 2


def test_store_has_users(db_url: str) -> None:
    from truceline.serve import add_user
    from truceline.store import open_store

    with open_store(db_url, Settings.load(db=db_url)) as store:
        assert store.has_users() is False
        add_user(Settings.load(db=db_url), "vic", "a long password", "viewer")
        assert store.has_users() is True


# -- status, paged --------------------------------------------------------------------------------------------------

def _many(n: int) -> list[Record]:
    """``n`` documents, one strike each on a different day and town (not merged), none in an agreement."""
    actors = [Actor("rus", "Russia", "country", "RUS"), Actor("ukr", "Ukraine", "country", "UKR")]
    out = []
    for k in range(n):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=k)
        text = f"Report {k}: a drone hit a substation in Town{k} on {day}, officials in region {k * 7} said."
        inc = Incident(date=day, date_precision=1, location=Location(f"Town{k}", "UKR", None, None, None, 2),
                       target="power_grid", weapon="drone", perpetrator="rus", claimed_by="ukr", denied_by=[],
                       fatalities=None, evidence=Span(0, 10))
        out.append(Record(document=Document(id=f"m{k}", source=None, title=None, published=day, outlet=None,
                                            language="en", text=text), actors=actors, incidents=[inc]))
    return out


def test_status_pages_its_lists(tmp_path: Path) -> None:
    db = str(tmp_path / "many.db")
    assert ingest(_many(27), Settings.load(db=db), progress=False).new == 27
    out = CliRunner().invoke(cli, ["status", "--db", db]).output
    incidents = out.split("-- incidents (27, newest first)\n")[1].split("\n-- ")[0].splitlines()
    assert len(incidents) == 21 and incidents[0].lstrip().startswith("2025-01-27 Town26")
    assert incidents[-1] == "   … 7 more (--page 2 for the next 7, --all for every one)"
    page = CliRunner().invoke(cli, ["status", "--db", db, "--limit", "5", "--page", "2"]).output
    shown = page.split("-- incidents (27, newest first)\n")[1].split("\n-- ")[0].splitlines()
    assert [line.split()[1] for line in shown[:5]] == ["Town21", "Town20", "Town19", "Town18", "Town17"]
    assert shown[5] == "   … 17 more (--page 3 for the next 5, --all for every one)"
    every = CliRunner().invoke(cli, ["status", "--db", db, "--all"]).output
    assert "more (--page" not in every and every.count(" by Russia · 1 report(s)") == 27
    past = CliRunner().invoke(cli, ["status", "--db", db, "--page", "9"]).output
    assert "(page 9 is past the end: 27 in all)" in past
    assert CliRunner().invoke(cli, ["status", "--db", db, "--limit", "0"]).exit_code == 2


def test_export_command_filters_and_tables(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    ingest([_record()], Settings.load(db=db), progress=False)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["export", "--db", db, "--region", "Sumy", "--since", "2025-03-19",
                                      "-o", str(out)])
    assert result.exit_code == 0 and result.output == "exported 1 rows\n", result.output
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("UKRTL1,2025-03-19,2025,1,")
    none = CliRunner().invoke(cli, ["export", "--db", db, "--country", "RUS", "--table", "violations"])
    assert none.exit_code == 0 and none.stdout.splitlines()[0].startswith("event_id_cnty,event_date,agreement_id")
    assert none.stderr == "exported 0 rows\n"
    bad = CliRunner().invoke(cli, ["export", "--db", db, "--table", "agreements", "--region", "UA-59"])
    assert bad.exit_code == 1
    assert bad.output == "truceline: error: a region filter applies to incidents and violations, not to agreements\n"
    dates = CliRunner().invoke(cli, ["export", "--db", db, "--since", "19 March"])
    assert dates.exit_code == 2 and "is not a YYYY-MM-DD date" in dates.output


@pytest.mark.slow
def test_bad_inputs_give_one_line_each_and_never_a_traceback(tmp_path: Path, truceline_bin: str) -> None:
    """A sweep of the error paths through the real command: each bad input is one readable line, the good
    input beside them is extracted, and nothing prints a traceback."""
    import gzip
    import json as _json
    import subprocess

    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "good.txt").write_text("Russian drones hit a substation in Kharkiv overnight, the governor said.",
                                  encoding="utf-8")
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "deep.jsonl").write_text("[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    (bad / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (bad / "shape.jsonl").write_text(_json.dumps([1, 2]) + "\n" + _json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    (bad / "crawl.warc.gz").write_bytes(gzip.compress(b"not a warc record\x00\x01" * 100)[:300])
    (bad / "page.html").write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    (bad / "junk.txt").write_text("Share this article\nSubscribe to our newsletter\n", encoding="utf-8")
    proc = subprocess.run([truceline_bin, "extract", "--format", "json", str(bad)], capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    records = [_json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["document"]["id"] for r in records] == ["good"]
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) >= 8, proc.stderr
    assert all(len(line) < 700 and line.isprintable() for line in errors), errors
    assert any("deep.jsonl:1" in line and "nested too deeply" in line for line in errors)
