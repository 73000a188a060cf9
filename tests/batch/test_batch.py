"""``truceline batch`` on a real two-worker Dask cluster (processes), and ``truceline load`` into the store:
a small batch, a resumed one (markers removed, and a driver stopped with Ctrl-C), failing documents, and
batch-then-load equal to ingest, row for row, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from truceline.batch import load_batch, run_batch, tables
from truceline.errors import ConfigError
from truceline.ingest import ingest
from truceline.models import Record
from truceline.settings import Settings
from truceline.store import open_store
from truceline.store import schema as t

pytestmark = pytest.mark.slow


def _manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def test_a_small_batch_through_the_cli(cli: Any, demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = cli("batch", str(demo_dir), "--out", str(out), "--workers", "2", "--shard-size", "2", timeout=600)
    assert done.returncode == 0, done.stderr
    assert "dashboard: http://" in done.stderr
    assert "shards 1/3" in done.stderr or "shards 2/3" in done.stderr  # the progress line
    assert "shards 3/3 done" in done.stdout
    manifest = _manifest(out)
    assert manifest["complete"] and manifest["shards_total"] == 3 and manifest["totals"]["documents"] == 6
    for entry in manifest["shards"]:
        assert len(entry["checksum"]) == 64 and entry["seconds"]["total"] > 0 and entry["failures"] == []
    assert len({e["worker"] for e in manifest["shards"]}) == 2  # both worker processes took shards
    for table in tables.TABLES:
        assert sorted(p.name for p in (out / table).iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    # typed columns under the truceline.v1 names, one dataset per table
    incidents = pq.read_table(out / "incidents")
    assert incidents.schema.field("date").type == pa.date32()
    assert incidents.schema.field("location").type.field("lat").type == pa.float64()
    docs = pq.read_table(out / "documents")
    assert docs.num_rows == 6 and docs.schema.field("published").type == pa.date32()
    assert pq.read_table(out / "statements").num_rows == manifest["totals"]["statements"] > 0
    loaded = cli("load", str(out), "--db", str(tmp_path / "store.db"), "--quiet")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("read 6, new 6, copies 0, duplicate 0, failed 0")


def test_batch_records_are_the_records_extract_gives(extractor: Any, dask_cluster: Any, demo_dir: Path,
                                                     tmp_path: Path) -> None:
    from truceline.sources import read_inputs

    settings = Settings.load()
    expected = [r for r in extractor.run(read_inputs([str(demo_dir)], settings)) if isinstance(r, Record)]
    out = tmp_path / "out"
    run_batch([str(demo_dir)], str(out), settings, scheduler=dask_cluster.scheduler_address, shard_size=4,
              progress=False, echo=lambda _: None)
    import fsspec

    fs = fsspec.filesystem("file")
    got = [r for n in range(2) for _, r in tables.records(fs, str(out), n)]
    assert got == expected


def test_a_resumed_batch_does_only_the_missing_shards(dask_cluster: Any, demo_dir: Path, tmp_path: Path) -> None:
    settings, out = Settings.load(), tmp_path / "out"

    def run() -> Any:
        return run_batch([str(demo_dir)], str(out), settings, scheduler=dask_cluster.scheduler_address,
                         shard_size=2, progress=False, echo=lambda _: None)

    first = run()
    assert first.complete and first.done == 3
    kept = (out / "documents" / "part-00000.parquet").stat().st_mtime_ns
    (out / "_shards" / "00001.json").unlink()  # as if the run had died while shard 1 was being written
    second = run()
    assert (second.skipped, second.done, second.complete) == (2, 1, True)
    assert second.read == first.read == 6 and second.documents == 6
    assert (out / "documents" / "part-00000.parquet").stat().st_mtime_ns == kept
    # Another shard size is another plan: every shard is done again, and no part of the old one is left.
    third = run_batch([str(demo_dir)], str(out), settings, scheduler=dask_cluster.scheduler_address,
                      shard_size=6, progress=False, echo=lambda _: None)
    assert (third.skipped, third.done) == (0, 1)
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["part-00000.parquet"]


def test_ctrl_c_then_the_same_command_goes_on(dask_cluster: Any, truceline_bin: str, inputs: Path,
                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [truceline_bin, "batch", str(inputs), "--out", str(out), "--shard-size", "1",
           "--scheduler", dask_cluster.scheduler_address]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (out / "_shards").exists() or not any((out / "_shards").glob("*.json")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "run the same command again" in err
    partial = _manifest(out)
    assert not partial["complete"] and 0 < partial["shards_done"] < partial["shards_total"]
    with pytest.raises(ConfigError, match="not finished"):
        load_batch(str(out), Settings.load(db=str(tmp_path / "x.db")), progress=False)
    again = run_batch([str(inputs)], str(out), Settings.load(), scheduler=dask_cluster.scheduler_address,
                      shard_size=1, progress=False, echo=lambda _: None)
    assert again.complete and again.skipped >= partial["shards_done"]
    assert again.done == partial["shards_total"] - again.skipped


def test_a_failing_document_is_recorded_and_its_shard_goes_on(dask_cluster: Any, inputs: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(inputs / "wires.jsonl"), str(inputs / "nav-only.html"), str(inputs / "a")],
                        str(out), Settings.load(), scheduler=dask_cluster.scheduler_address, shard_size=50,
                        progress=False, echo=lambda _: None)
    assert summary.complete and summary.failed_shards == []
    reasons = {Path(source).name: reason for source, reason in summary.failures}
    assert reasons == {"wires.jsonl:3": reasons["wires.jsonl:3"], "wires.jsonl:5": "record without text or html",
                       "nav-only.html": "HTML page with no article body"}
    assert reasons["wires.jsonl:3"].startswith("invalid JSON")
    (entry,) = _manifest(out)["shards"]
    assert entry["failed"] == 3 and entry["duplicate"] == 1 and entry["documents"] == 4  # the shard went on
    # the repeat of wire-1 was skipped in its shard; the near-duplicate was extracted, and listed as a copy
    copies = pq.read_table(out / "copies").to_pylist()
    assert [(c["document_id"], c["kind"], c["canonical_id"]) for c in copies] == [("wire-copy", "copy", "wire-1")]


def _dump(url: str) -> dict[str, list[tuple]]:
    """Every row of the store's tables in id order, without the time of writing."""
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    out = {}
    with engine.connect() as conn:
        for table in (t.documents, t.document_bands, t.actors, t.document_actors, t.statements, t.acts,
                      t.incidents, t.incident_reports, t.agreements, t.agreement_reports):
            cols = [c for c in table.c if c.name != "ingested_at"]
            rows = conn.execute(sa.select(*cols).order_by(*(table.primary_key.columns or cols))).all()
            out[table.name] = [tuple(r) for r in rows]
    engine.dispose()
    return out


def test_batch_then_load_equals_ingest(extractor: Any, dask_cluster: Any, inputs: Path, tmp_path: Path,
                                       db_url: str, twin_url: str) -> None:
    ingested = ingest([str(inputs)], Settings.load(db=twin_url), progress=False, extractor=extractor)
    out = tmp_path / "out"
    batch = run_batch([str(inputs)], str(out), Settings.load(), scheduler=dask_cluster.scheduler_address,
                      shard_size=3, progress=False, echo=lambda _: None)
    assert batch.complete
    loaded = load_batch(str(out), Settings.load(db=db_url), progress=False)
    counts = ("read", "new", "copies", "duplicate", "failed")
    assert [getattr(loaded, c) for c in counts] == [getattr(ingested, c) for c in counts]
    assert sorted(loaded.failures) == sorted(ingested.failures)
    assert ingested.copies >= 1 and ingested.duplicate >= 1 and ingested.failed == 3
    reference = _dump(twin_url)
    assert _dump(db_url) == reference
    assert len(reference["incidents"]) > 0 and len(reference["agreements"]) > 0
    again = load_batch(str(out), Settings.load(db=db_url), progress=False)
    assert again.new == again.copies == 0 and again.duplicate == ingested.new + ingested.copies + ingested.duplicate
    assert _dump(db_url) == reference
    with open_store(db_url) as store:
        assert store.counts()["copies"] == ingested.copies


def test_an_output_folder_holding_something_else_is_refused(tmp_path: Path, demo_dir: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty and holds no batch"):
        run_batch([str(demo_dir)], str(tmp_path), Settings.load(), scheduler="tcp://127.0.0.1:1", progress=False)

