"""Ingest throughput: articles per second, database size and peak memory, beside the bare extract rate.

    .venv/bin/python benchmarks/ingest_throughput.py [--n 2000] [--pg URL] [--skip-extract]

Generates ``--n`` short articles (a few sentences each, varied so they are not near-duplicates) and
measures, each phase in a fresh process so that peak memory is its own:

- ``extract``      read + clean + extract, no store (the baseline);
- ``ingest/…``     read + clean + extract + store, into a new SQLite file and a new PostgreSQL database;
- ``store/…``      store only: the records extracted in the first phase, stored without extraction.

PostgreSQL: ``--pg URL`` or ``$TRUCELINE_TEST_PG_URL`` (``scripts/postgres.sh start`` prints one); the
benchmark creates and drops a database of its own on that server. Without one, the PostgreSQL rows are
skipped. The spaCy pipeline's load time is left out of every rate.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TOWNS = ["Kharkiv", "Sumy", "Odesa", "Dnipro", "Kherson", "Poltava", "Chernihiv", "Mykolaiv", "Kursk",
         "Belgorod", "Bryansk", "Zaporizhzhia", "Kryvyi Rih", "Nikopol", "Pavlohrad", "Izium"]
TARGETS = ["a power substation", "a thermal power plant", "an oil depot", "apartment blocks", "a hospital",
           "a gas compressor station", "a railway depot", "grid facilities"]
SPEAKERS = ["the regional governor", "the Russian Defence Ministry", "Ukraine's energy minister",
            "the Kremlin spokesman", "President Zelensky", "the mayor"]
VERBS = ["struck", "hit", "damaged", "attacked"]
WEAPONS = ["Drones", "Missiles", "Glide bombs", "Artillery shells"]
FILLER = ("residents queued for water while repair crews worked through the night and schools moved lessons "
          "online as shelters filled with families from nearby villages").split()


def articles(n: int) -> list[dict[str, str]]:
    rng = random.Random(2025)
    out = []
    for i in range(n):
        town, target, speaker = rng.choice(TOWNS), rng.choice(TARGETS), rng.choice(SPEAKERS)
        day = 1 + i % 28
        words = FILLER[:]
        rng.shuffle(words)
        text = (f"{rng.choice(WEAPONS)} {rng.choice(VERBS)} {target} in {town} overnight, {speaker} said on "
                f"Telegram on April {day}. {rng.randint(1, 9)} people were hurt and power was cut to "
                f"{rng.randint(2, 90)} thousand homes. Officials said {' '.join(words[:12])}. "
                f"The ceasefire on energy infrastructure was broken {rng.randint(2, 60)} times this week, "
                f"{rng.choice(SPEAKERS)} claimed, while Moscow denied the accusation.")
        out.append({"id": f"bench-{i:05d}", "published": f"2025-04-{day:02d}", "text": text})
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def phase(kind: str, inputs: str, db: str | None, out: str | None) -> dict[str, float]:
    """Runs in the child process: one measured phase, as JSON on stdout."""
    from truceline.models import Record
    from truceline.settings import Settings

    settings = Settings.load(**({"db": db} if db else {}))
    if kind == "store":
        from truceline.ingest import ingest
        from truceline.store import open_store

        records = [Record.from_dict(json.loads(line)) for line in open(inputs, encoding="utf-8")]
        with open_store(db, settings) as store:
            start = time.perf_counter()
            summary = ingest(records, settings, progress=False, store=store)
            seconds = time.perf_counter() - start
        return {"n": summary.read, "seconds": seconds, "stored": summary.new + summary.copies,
                "copies": summary.copies, "peak_mb": peak_mb()}
    from truceline.extract.pipeline import Extractor

    extractor = Extractor(settings)  # loaded before the clock starts
    if kind == "extract":
        from truceline.sources import read_inputs

        start = time.perf_counter()
        n = 0
        with open(out or os.devnull, "w", encoding="utf-8") as fh:
            for item in extractor.run(read_inputs([inputs], settings)):
                if isinstance(item, Record):
                    fh.write(json.dumps(item.to_dict()) + "\n")
                n += 1
        return {"n": n, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}
    from truceline.ingest import ingest
    from truceline.store import open_store

    with open_store(db, settings) as store:
        start = time.perf_counter()
        summary = ingest([inputs], settings, progress=False, store=store, extractor=extractor)
        seconds = time.perf_counter() - start
    return {"n": summary.read, "seconds": seconds, "stored": summary.new + summary.copies, "copies": summary.copies,
            "failed": summary.failed, "peak_mb": peak_mb()}


def run_child(kind: str, inputs: Path, db: str | None = None, out: Path | None = None) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", kind, "--inputs", str(inputs)]
    if db:
        cmd += ["--db", db]
    if out:
        cmd += ["--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def pg_database(base: str) -> tuple[str, str, object]:
    import sqlalchemy as sa

    name = "truceline_bench_" + uuid.uuid4().hex[:8]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return name, sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False), admin


def pg_size_and_drop(name: str, url: str, admin: object) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        size = int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())
    engine.dispose()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--pg", default=os.environ.get("TRUCELINE_TEST_PG_URL"))
    ap.add_argument("--skip-extract", action="store_true", help="store-only phases on earlier records (--records)")
    ap.add_argument("--records", help="records JSON Lines for --skip-extract")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.inputs, args.db, args.out)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="truceline-bench-"))
    inputs = tmp / "articles.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles(args.n)), encoding="utf-8")
    records = Path(args.records) if args.records else tmp / "records.jsonl"
    rows: list[tuple[str, dict[str, float], int | None]] = []
    if not args.skip_extract:
        rows.append(("extract (no store)", run_child("extract", inputs, out=records), None))
        db = tmp / "ingest.db"
        rows.append(("ingest -> SQLite", run_child("ingest", inputs, db=str(db)), sqlite_size(db)))
    db = tmp / "store.db"
    rows.append(("store only -> SQLite", run_child("store", records, db=str(db)), sqlite_size(db)))
    if args.pg:
        for label, kind, source in (("ingest -> PostgreSQL", "ingest", inputs),
                                    ("store only -> PostgreSQL", "store", records)):
            if kind == "ingest" and args.skip_extract:
                continue
            name, url, admin = pg_database(args.pg)
            result = run_child(kind, source, db=url)
            rows.append((label, result, pg_size_and_drop(name, url, admin)))
    else:
        print("PostgreSQL skipped: give --pg URL or TRUCELINE_TEST_PG_URL (scripts/postgres.sh start)",
              file=sys.stderr)

    print(f"{args.n} generated articles ({inputs.stat().st_size / 1e6:.1f} MB of JSON Lines); "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    print(f"{'phase':28} {'articles/s':>11} {'seconds':>9} {'db size MB':>11} {'peak MB':>9}  stored")
    base = rows[0][1]["n"] / rows[0][1]["seconds"] if rows else 0.0
    for label, r, size in rows:
        rate = r["n"] / r["seconds"] if r["seconds"] else float("inf")
        stored = f"{int(r['stored'])} ({int(r['copies'])} copies)" if "stored" in r else "-"
        print(f"{label:28} {rate:11.1f} {r['seconds']:9.1f} {size / 1e6 if size else 0:11.1f} "
              f"{r['peak_mb']:9.0f}  {stored}")
    if not args.skip_extract and base:
        for label, r, _ in rows[1:]:
            if label.startswith("ingest"):
                print(f"{label}: {r['n'] / r['seconds'] / base:.2f}x the bare extract rate")


if __name__ == "__main__":
    main()
