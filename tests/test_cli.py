"""The CLI commands over the store, on records written by hand (no spaCy needed)."""
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
    assert "Alleged violations: 1" in result.output


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
