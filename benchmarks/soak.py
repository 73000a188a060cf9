"""Soak: many clients reading, reviewing and logging in for minutes while an ingest writes, on SQLite or
PostgreSQL, with the server on 127.0.0.1 in its own process. Counts server errors (5xx) and prints p95.

    .venv/bin/python benchmarks/soak.py --backend sqlite [--clients 20] [--seconds 600]
    .venv/bin/python benchmarks/soak.py --backend postgresql --pg URL   # a server URL; a new database is made

The store holds generated incidents (``serve_latency.build``); clients authenticate with API tokens
(readers and analysts) and a share of them log in through the form with right and wrong passwords. The
ingest is the real command over the annotated corpus, 25 new articles at a time, until the time is up. Exit status 1
when any request got a 5xx or failed to connect.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_latency import build, start_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _database(args: argparse.Namespace, tmp: str) -> tuple[str, object]:
    if args.backend == "sqlite":
        return str(Path(tmp) / "soak.db"), None
    import sqlalchemy as sa

    base = args.pg or os.environ.get("TRUCELINE_TEST_PG_URL")
    if not base:
        raise SystemExit("--backend postgresql needs --pg URL (scripts/postgres.sh start prints one)")
    name = "truceline_soak_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False), (admin, name)


def _chunk(tmp: Path, size: int, n: int) -> Path:
    """The ``n``-th file of ``size`` corpus articles; past the corpus's end the articles come round again
    as new documents (another id, a line added), so that every ingest writes."""
    import json

    records = [json.loads(line) for line in (ROOT / "corpus" / "input.jsonl").open(encoding="utf-8")]
    path = tmp / f"chunk{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n * size, (n + 1) * size):
            rec = dict(records[k % len(records)])
            round_ = k // len(records)
            if round_:
                rec["id"] = f"{rec['id']}-r{round_}"
                rec["text"] += f"\n\nUpdated in round {round_} of the soak."
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--pg", help="PostgreSQL server URL (default $TRUCELINE_TEST_PG_URL)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--incidents", type=int, default=20_000)
    args = ap.parse_args()

    from truceline.serve.auth import Principal, create_token, create_user
    from truceline.settings import Settings
    from truceline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db, cleanup = _database(args, tmp)
        build(db, args.incidents)
        with open_store(db, Settings.load(db=db)) as store:
            create_user(store.engine, "soak", "soak-password", "analyst")
            _, reader_token = create_token(store.engine, Principal(1, "bench", "viewer", "session"), "soak")
            _, analyst_token = create_token(store.engine, Principal(2, "soak", "analyst", "session"), "soak")
        url, server = start_server(db)
        stop = time.perf_counter() + args.seconds
        latencies: dict[str, list[float]] = defaultdict(list)
        statuses: Counter[str] = Counter()
        errors: list[str] = []
        lock = threading.Lock()

        def note(kind: str, began: float, status: int | str) -> None:
            with lock:
                latencies[kind].append((time.perf_counter() - began) * 1000)
                statuses[f"{kind} {status}"] += 1
                if not isinstance(status, int) or status >= 500:
                    errors.append(f"{kind}: {status}")

        def client(seed: int) -> None:
            rng = random.Random(seed)
            reads = ["/api/incidents?limit=50", "/api/incidents?limit=50&target=energy", "/",
                     "/api/agreements", "/api/violations?limit=50", "/api/acts?limit=50"]
            with httpx.Client(base_url=url, timeout=120) as c:
                while time.perf_counter() < stop:
                    r = rng.random()
                    began = time.perf_counter()
                    try:
                        if r < 0.7:
                            kind = "read"
                            answer = c.get(rng.choice(reads), headers={"Authorization": f"Bearer {reader_token}"})
                        elif r < 0.9:
                            kind = "review"
                            ident = rng.randrange(1, args.incidents + 1)
                            body = rng.choice([{"action": "confirm"}, {"action": "reject"},
                                               {"action": "correct", "changes": {"fatalities": rng.randrange(9)}}])
                            answer = c.post(f"/api/reviews/incident/{ident}", json=body,
                                            headers={"Authorization": f"Bearer {analyst_token}"})
                        else:
                            kind = "login"
                            form = c.get("/login").text
                            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
                            password = "soak-password" if rng.random() < 0.7 else "wrong-password"
                            answer = c.post("/login", data={"username": "soak", "password": password,
                                                            "csrf_token": token.group(1) if token else ""})
                        note(kind, began, answer.status_code)
                    except httpx.HTTPError as exc:
                        note(kind, began, type(exc).__name__)

        def ingest() -> None:
            # The real command, one chunk of new articles at a time, so that it writes while clients read.
            n = 0
            while time.perf_counter() < stop:
                began = time.perf_counter()
                try:
                    proc = subprocess.run([str(Path(sys.executable).parent / "truceline"), "ingest", "--quiet",
                                           "--db", db, str(_chunk(Path(tmp), 25, n))], capture_output=True,
                                          text=True, timeout=900)
                    note("ingest", began, 200 if proc.returncode == 0 else f"exit {proc.returncode}")
                    if proc.returncode:
                        print(proc.stderr[-500:], file=sys.stderr)
                except subprocess.TimeoutExpired:
                    note("ingest", began, "timed out")
                n += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        threads.append(threading.Thread(target=ingest))
        began = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - began
        server.terminate()
        server.join(10)
        if cleanup is not None:
            admin, name = cleanup  # type: ignore[misc]
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(f"soak on {args.backend}: {args.clients} clients and an ingest for {elapsed:.0f} s")
    print(f"{'kind':<8} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    for kind in ("read", "review", "login", "ingest"):
        lat = sorted(latencies.get(kind, []))
        if not lat:
            continue
        p95 = lat[max(0, math.ceil(len(lat) * 0.95) - 1)]  # nearest rank
        mix = ", ".join(f"{k.split(' ', 1)[1]}: {v}" for k, v in sorted(statuses.items()) if k.startswith(kind + " "))
        print(f"{kind:<8} {len(lat):>9} {statistics.median(lat):>8.0f} {p95:>8.0f}  {mix}")
    print(f"server errors and failed connections: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
