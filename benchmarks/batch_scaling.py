"""Batch scaling: articles a second on Dask with 1 and 2 workers, beside a single-process extract, and the
cost of loading a batch into SQLite and PostgreSQL, in one run.

    .venv/bin/python benchmarks/batch_scaling.py [--n 2000] [--shard-size 50] [--repeat 2] [--pg URL]

The articles are the ones ``ingest_throughput.py`` generates (short strike reports, varied so that they are
not near-duplicates), as one JSON Lines file. Phases:

- ``extract``        read + clean + extract in one process, no Dask (the baseline; a child process);
- ``batch, N w``     ``run_batch`` on a new LocalCluster of N single-threaded worker processes: the rate is
                     over the shards (submit to last marker), as a long batch sees it; cluster start,
                     spaCy loading and planning are printed apart;
- ``load -> …``      ``load_batch`` of the 2-worker output into a new SQLite file and a new PostgreSQL
                     database (``--pg URL`` or ``$TRUCELINE_TEST_PG_URL``; ``scripts/postgres.sh start``).

Targets: 2 workers at least 1.8x one worker, and each worker at least 0.9x the single-process extract. On a
machine with two cores the driver, the scheduler and the nannies share those cores with the two workers,
and the wall-clock figures need the cores otherwise idle: the CPU time an article costs in a worker
against in ``extract`` is printed as well, which other load does not change.
Peak memory per worker is the largest resident set a worker reported after a shard.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_throughput import articles  # noqa: E402  (the same generated articles as the ingest benchmark)


def extract_phase(inputs: str) -> dict[str, float]:
    """Runs in a child process: the single-process baseline, as JSON on stdout."""
    from truceline.batch.shard import WARM_UP
    from truceline.extract.pipeline import Extractor
    from truceline.models import RawDocument, Record
    from truceline.settings import Settings
    from truceline.sources import read_inputs

    settings = Settings.load()
    extractor = Extractor(settings)
    list(extractor.run([RawDocument(id="warm-up", html=WARM_UP)]))  # the warm-up a worker's plugin does
    start, cpu = time.perf_counter(), time.process_time()
    n = sum(isinstance(r, Record) for r in extractor.run(read_inputs([inputs], settings)))
    seconds = time.perf_counter() - start
    return {"n": n, "seconds": seconds, "cpu": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def batch_phase(inputs: str, out: Path, workers: int, shard_size: int) -> dict[str, float]:
    from truceline.batch import run_batch
    from truceline.settings import Settings

    start = time.perf_counter()
    summary = run_batch([inputs], str(out), Settings.load(), workers=workers, shard_size=shard_size,
                        progress=False, echo=lambda _: None)
    total = time.perf_counter() - start
    if not summary.complete or summary.failures:
        raise SystemExit(f"batch with {workers} workers did not finish cleanly: {summary.lines()[:3]}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"n": summary.read_now, "seconds": summary.shard_seconds, "total": total,
            "cpu": sum(e["seconds"]["cpu"] for e in manifest["shards"]),
            "peak_mb": max(e["peak_rss_mb"] for e in manifest["shards"])}


def load_phase(out: Path, db: str) -> dict[str, float]:
    from truceline.batch import load_batch
    from truceline.settings import Settings

    start = time.perf_counter()
    summary = load_batch(str(out), Settings.load(db=db), progress=False)
    return {"n": summary.read, "seconds": time.perf_counter() - start, "stored": summary.new + summary.copies}


def pg_database(base: str) -> tuple[str, str, object]:
    import sqlalchemy as sa

    name = "truceline_bench_" + uuid.uuid4().hex[:8]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return name, sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False), admin


def drop(name: str, admin: object) -> None:
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    # enough shards (40 of 50) that the last one, which leaves a worker idle, is a small part of the run
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--shard-size", type=int, default=50)
    ap.add_argument("--pg", default=os.environ.get("TRUCELINE_TEST_PG_URL"))
    ap.add_argument("--repeat", type=int, default=2, help="passes over the three phases; each keeps its fastest")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "extract":
        print(json.dumps(extract_phase(args.inputs)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="truceline-batch-bench-"))
    inputs = tmp / "articles.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles(args.n)), encoding="utf-8")
    # The phases run --repeat times in turn and each keeps its fastest run: on a shared machine the speed
    # drifts by a fifth over minutes, which a single pass of three phases in a row turns into its ratios.
    runs: dict[str, list[dict[str, float]]] = {"extract": [], "1": [], "2": []}
    for turn in range(max(1, args.repeat)):
        done = subprocess.run([sys.executable, __file__, "--phase", "extract", "--inputs", str(inputs)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"extract failed:\n{done.stderr[-3000:]}")
        runs["extract"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        for workers in (1, 2):
            out = tmp / f"w{workers}-{turn}"
            runs[str(workers)].append(batch_phase(str(inputs), out, workers, args.shard_size))
    base, one, two = (min(runs[k], key=lambda r: r["seconds"]) for k in ("extract", "1", "2"))
    for k, best in (("1", one), ("2", two)):
        best["peak_mb"] = max(r["peak_mb"] for r in runs[k])
    last = tmp / f"w2-{max(1, args.repeat) - 1}"
    loads = [("load -> SQLite", load_phase(last, str(tmp / "load.db")))]
    if args.pg:
        name, url, admin = pg_database(args.pg)
        try:
            loads.append(("load -> PostgreSQL", load_phase(last, url)))
        finally:
            drop(name, admin)
    else:
        print("PostgreSQL skipped: give --pg URL or TRUCELINE_TEST_PG_URL (scripts/postgres.sh start)",
              file=sys.stderr)

    load1 = os.getloadavg()[0]
    print(f"{args.n} generated articles, shards of {args.shard_size}, best of {max(1, args.repeat)}; "
          f"{os.cpu_count()} CPUs "
          f"(load average {load1:.1f} at the end); Python {sys.version.split()[0]}")
    rate = {k: r["n"] / r["seconds"] for k, r in (("extract", base), ("1", one), ("2", two))}
    print(f"{'phase':24} {'articles/s':>11} {'seconds':>9} {'whole run s':>12} {'peak MB':>9}")
    print(f"{'extract (1 process)':24} {rate['extract']:11.1f} {base['seconds']:9.1f} {'-':>12} "
          f"{base['peak_mb']:9.0f}")
    for label, r, k in (("batch, 1 worker", one, "1"), ("batch, 2 workers", two, "2")):
        print(f"{label:24} {rate[k]:11.1f} {r['seconds']:9.1f} {r['total']:12.1f} {r['peak_mb']:9.0f}  (per worker)")
    print(f"scaling, 2 workers / 1 worker: {rate['2'] / rate['1']:.2f}x (target >= 1.8)")
    print(f"per worker against extract: 1 worker {rate['1'] / rate['extract']:.2f}x, "
          f"2 workers {rate['2'] / 2 / rate['extract']:.2f}x (target >= 0.9)")
    # CPU seconds an article costs do not depend on what else runs on the machine: the per-worker figure
    # that a busy machine cannot blur (the wall-clock ones above need idle cores to mean anything).
    per = {k: r["cpu"] / r["n"] * 1000 for k, r in (("extract", base), ("1", one), ("2", two))}
    print(f"CPU ms an article: extract {per['extract']:.1f}, batch 1 worker {per['1']:.1f}, 2 workers {per['2']:.1f}"
          f" (efficiency against extract {per['extract'] / per['1']:.2f}x and {per['extract'] / per['2']:.2f}x)")
    print(f"peak memory per worker: {max(one['peak_mb'], two['peak_mb']):.0f} MB")
    for label, r in loads:
        print(f"{label:24} {r['n'] / r['seconds']:11.1f} articles/s; {r['seconds'] / r['n'] * 1000:.1f} s per "
              f"1,000 articles ({int(r['stored'])} stored)")


if __name__ == "__main__":
    main()
