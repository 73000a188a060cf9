"""Kill an ingest with SIGKILL part-way, run it again, and find every document once and whole.

The ingest runs in a real subprocess (``truceline.ingest``) against a real database, is killed
several times at whatever point it has reached, and is then run to the end. Every document must be
stored once, and every stored document must have all its rows: one transaction per document.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from truceline.store import open_store
from truceline.store import schema as t
from truceline.store.db import create_engine

N = 300
SYLLABLES = ["ka", "ro", "vi", "ne", "sta", "lo", "mir", "po", "da", "ze", "ny", "chu", "gor", "el", "ta", "bu"]

# Stores records read from a JSON Lines file; the records are built beforehand so the test needs no spaCy.
DRIVER = """
import json, sys
from truceline.models import Record
from truceline.settings import Settings
from truceline.ingest import ingest
settings = Settings.load(db=sys.argv[1])
records = (Record.from_dict(json.loads(line)) for line in open(sys.argv[2], encoding="utf-8"))
summary = ingest(records, settings, progress=False)
print(json.dumps({"new": summary.new, "copies": summary.copies, "duplicate": summary.duplicate}))
"""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def generated_records(n: int) -> list[dict]:
    """``n`` records with random text (no two near-duplicates), 2 actors, 2 statements, an act, an incident."""
    rng = random.Random(7)
    out = []
    for i in range(n):
        text = " ".join(_word(rng) for _ in range(60))
        out.append({
            "schema": "truceline.v1",
            "document": {"id": f"gen-{i:04d}", "source": None, "title": f"Generated {i}",
                         "published": f"2025-04-{1 + i % 28:02d}", "outlet": None, "language": "en", "text": text,
                         "removed": []},
            "actors": [{"id": "a", "name": "Russia", "kind": "country", "country": "RUS", "wikidata": "Q159",
                        "aliases": []},
                       {"id": "b", "name": f"Official {_word(rng)}", "kind": "person", "country": "UKR",
                        "wikidata": None, "aliases": []}],
            "statements": [{"speaker": "b", "text": text[:40], "kind": "direct", "cue": "say", "channel": None,
                            "date": None, "evidence": {"start": 0, "end": 40}},
                           {"speaker": "a", "text": text[40:80], "kind": "indirect", "cue": "claim",
                            "channel": None, "date": None, "evidence": {"start": 40, "end": 80}}],
            "acts": [{"type": "accuse", "actor": "b", "target": "a", "subject": "energy_ceasefire", "date": None,
                      "text": "accuses", "evidence": {"start": 0, "end": 40}}],
            "agreements": [],
            "incidents": [{"date": f"2025-04-{1 + i % 28:02d}", "date_precision": 1,
                           "location": {"name": f"Place {i % 50}", "country": "UKR", "admin1": None, "lat": None,
                                        "lon": None, "precision": 1},
                           "target": "power_grid", "weapon": "drone", "perpetrator": "a", "claimed_by": "b",
                           "denied_by": [], "fatalities": None, "evidence": {"start": 0, "end": 40}}],
        })
    return out


def _count(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one())
    except sa.exc.OperationalError:
        return 0


def _start(db_url: str, data: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", DRIVER, db_url, str(data)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_sigkill_mid_ingest_then_rerun_stores_each_document_once(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "records.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in generated_records(N)), encoding="utf-8")
    open_store(db_url).close()  # migrate up front, so the polling below sees the tables
    engine = create_engine(db_url)
    kills = []
    for fraction in (0.2, 0.5, 0.8):
        proc = _start(db_url, data)
        deadline = time.monotonic() + 60
        while _count(engine) < N * fraction and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        kills.append(_count(engine))
        _assert_whole(engine)
    assert 0 < kills[0] < kills[1] < kills[2] < N

    proc = _start(db_url, data)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary == {"new": N - kills[2], "copies": 0, "duplicate": kills[2]}
    _assert_whole(engine)
    with engine.connect() as conn:
        ids = conn.execute(sa.select(t.documents.c.doc_id).order_by(t.documents.c.doc_id)).scalars().all()
        assert ids == [f"gen-{i:04d}" for i in range(N)]
        reports = conn.execute(sa.select(sa.func.count()).select_from(t.incident_reports)).scalar_one()
        assert reports == N
        # 50 places x 28 days cycle every 1400 documents: each of the 300 is its own incident.
        assert conn.execute(sa.select(sa.func.count()).select_from(t.incidents)).scalar_one() == N
        # Russia once, then one person per document.
        assert conn.execute(sa.select(sa.func.count()).select_from(t.actors)).scalar_one() <= N + 1
    engine.dispose()


def _assert_whole(engine: sa.Engine) -> None:
    """Every stored document has exactly its 2 actors, 2 statements, 1 act, 1 incident report and bands."""
    with engine.connect() as conn:
        for table, per_doc in ((t.document_actors, 2), (t.statements, 2), (t.acts, 1), (t.incident_reports, 1),
                               (t.document_bands, 18)):
            counts = conn.execute(
                sa.select(t.documents.c.id, sa.func.count(table.c.document_id))
                .select_from(t.documents.outerjoin(table, table.c.document_id == t.documents.c.id))
                .group_by(t.documents.c.id)).all()
            wrong = [(doc, n) for doc, n in counts if n != per_doc]
            assert wrong == [], f"{table.name}: documents with the wrong number of rows: {wrong[:5]}"
        orphans = conn.execute(sa.select(sa.func.count()).select_from(t.incidents)
                               .where(~t.incidents.c.id.in_(sa.select(t.incident_reports.c.incident_id)))).scalar()
        assert orphans == 0


@pytest.mark.slow
def test_sigkill_during_a_real_extracting_ingest(tmp_path: Path) -> None:
    """The same with the real reader and extractor (spaCy) on short generated articles, on SQLite."""
    pytest.importorskip("truceline.extract.pipeline")
    n = 100
    rng = random.Random(11)
    towns = ["Kharkiv", "Sumy", "Odesa", "Dnipro", "Kherson", "Poltava", "Chernihiv", "Mykolaiv"]
    lines = []
    for i in range(n):
        town = towns[i % len(towns)]
        filler = " ".join(_word(rng) for _ in range(25))
        text = (f"Drones struck a power substation in {town} overnight, the regional governor said on Telegram. "
                f"Repairs began at dawn, he added. Residents described the scene as {filler}.")
        lines.append(json.dumps({"id": f"art-{i:04d}", "published": "2025-04-02", "text": text}) + "\n")
    data = tmp_path / "articles.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    db_path = str(tmp_path / "store.db")
    driver = ("import sys; from truceline.settings import Settings; from truceline.ingest import ingest; "
              "s = ingest([sys.argv[2]], Settings.load(db=sys.argv[1], detect_language=False), progress=False); "
              "print(s.new + s.copies, s.duplicate, s.failed)")
    open_store(db_path).close()
    engine = create_engine(db_path)
    proc = subprocess.Popen([sys.executable, "-c", driver, db_path, str(data)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while _count(engine) < n // 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stored = _count(engine)
    assert 0 < stored < n
    done = subprocess.run([sys.executable, "-c", driver, db_path, str(data)], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(n - stored), str(stored), "0"]
    with engine.connect() as conn:
        ids = conn.execute(sa.select(t.documents.c.doc_id).order_by(t.documents.c.doc_id)).scalars().all()
    assert ids == [f"art-{i:04d}" for i in range(n)]
    engine.dispose()
