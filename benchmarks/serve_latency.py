"""Serving latency: p50/p95 and requests per second of the incidents list and the overview under concurrent
clients, on a store of generated incidents, with the server on 127.0.0.1 in its own process.

    .venv/bin/python benchmarks/serve_latency.py [--incidents 100000] [--clients 20] [--seconds 10]

The store is a SQLite file in a temporary directory, migrated by ``open_store`` and filled with generated
rows through SQLAlchemy Core in bulk (documents, actors, incidents, one report each, and an energy truce
with two sides' versions, so the overview has violations to count). Clients authenticate with an API
token. ``/api/me`` (one token lookup, no store query) is measured the same way as the baseline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from truceline.models import ENERGY_TARGETS, TARGETS, WEAPONS
from truceline.settings import Settings

REGIONS = [("UA-59", "Sumy", 50.9, 34.8), ("UA-63", "Kharkiv", 50.0, 36.2), ("UA-12", "Dnipro", 48.5, 35.0),
           ("UA-23", "Zaporizhzhia", 47.8, 35.2), ("UA-51", "Odesa", 46.5, 30.7), ("UA-30", "Kyiv", 50.45, 30.5),
           ("UA-14", "Kramatorsk", 48.7, 37.6), ("UA-65", "Kherson", 46.6, 32.6), ("RU-KRS", "Kursk", 51.7, 36.2),
           ("RU-BEL", "Belgorod", 50.6, 36.6), ("RU-BRY", "Bryansk", 53.2, 34.4), ("RU-ROS", "Rostov", 47.2, 39.7)]
START = dt.date(2025, 1, 1)


def build(db: Path | str, incidents: int) -> None:
    """Fill a new store (a SQLite path or a database URL) with ``incidents`` generated incidents."""
    from truceline.serve.auth import create_user
    from truceline.store import open_store
    from truceline.store import schema as t

    rng = random.Random(7)
    store = open_store(str(db), Settings.load(db=str(db)))
    now = dt.datetime.now(dt.UTC)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.actors), [
            {"id": 1, "key": "wd:Q1", "name": "Armed Forces of Russia", "kind": "military", "country": "RUS"},
            {"id": 2, "key": "wd:Q2", "name": "Armed Forces of Ukraine", "kind": "military", "country": "UKR"}])
        docs = max(1, incidents // 500)
        conn.execute(sa.insert(t.documents), [
            {"id": n + 1, "doc_id": f"gen-{n}", "content_hash": f"{n:064x}", "title": f"Generated report {n}",
             "published": START + dt.timedelta(days=n * 365 // docs), "language": "en",
             "text": f"Generated report number {n} about strikes.", "record": {}, "ingested_at": now}
            for n in range(docs)])
        batch: list[dict[str, object]] = []
        reports: list[dict[str, object]] = []
        for n in range(incidents):
            iso, place, lat, lon = rng.choice(REGIONS)
            target = rng.choice(TARGETS)
            batch.append({"id": n + 1, "date": START + dt.timedelta(days=rng.randrange(365)), "date_precision": 1,
                          "place": place, "place_key": place.lower(), "country": "RUS" if iso[:2] == "RU" else "UKR",
                          "admin1": iso, "lat": lat + rng.uniform(-.3, .3), "lon": lon + rng.uniform(-.3, .3),
                          "geo_precision": 1, "target": target,
                          "target_class": "energy" if target in ENERGY_TARGETS else target,
                          "weapon": rng.choice(WEAPONS), "perpetrator_id": 1 if iso[:2] == "UA" else 2,
                          "fatalities": rng.choice([None, 0, 1, 2]), "reports": 1})
            reports.append({"incident_id": n + 1, "document_id": n % docs + 1, "target": target, "denied_by": [],
                            "ev_start": 0, "ev_end": 10, "merge_reason": "first report"})
            if len(batch) == 10_000:
                conn.execute(sa.insert(t.incidents), batch)
                conn.execute(sa.insert(t.incident_reports), reports)
                batch, reports = [], []
        if batch:
            conn.execute(sa.insert(t.incidents), batch)
            conn.execute(sa.insert(t.incident_reports), reports)
        conn.execute(sa.insert(t.agreements).values(id=1, key="energy_ceasefire:RUS,UKR", subject="energy_ceasefire",
                                                    parties=["RUS", "UKR"], status="in_force",
                                                    as_of=dt.date(2025, 11, 1)))
        versions = [{"by": 1, "terms": "30 days", "scope": ["energy"], "start": "2025-11-01", "end": "2025-11-30"},
                    {"by": 2, "terms": "30 days", "scope": ["energy"], "start": "2025-11-03", "end": "2025-12-02"}]
        conn.execute(sa.insert(t.agreement_reports).values(
            agreement_id=1, document_id=docs, published=dt.date(2025, 11, 1), status="in_force", parties=[1, 2],
            scope=["energy"], duration_days=30, start=dt.date(2025, 11, 1), end=dt.date(2025, 11, 30),
            versions=versions, conditions=[], merge_reason="first report"))
    if store.engine.dialect.name == "postgresql":
        # The rows above carry their own ids: move each id sequence past them, or the next insert collides.
        with store.engine.begin() as conn:
            for table in ("actors", "documents", "incidents", "incident_reports", "agreements", "agreement_reports"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"COALESCE((SELECT MAX(id) FROM {table}), 1))")
    create_user(store.engine, "bench", "bench-password", "viewer")
    store.close()


def _serve(db: str, port: int) -> None:
    import uvicorn

    from truceline.serve import create_app

    uvicorn.run(create_app(Settings.load(db=db)), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str) -> tuple[str, multiprocessing.Process]:
    """The app over ``db`` in a process of its own on a free loopback port, once it answers: (url, process)."""
    port = _free_port()
    server = multiprocessing.Process(target=_serve, args=(db, port), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/login", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return url, server


def load(url: str, token: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], float]:
    """``clients`` threads each issuing requests back to back for ``seconds``; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    failures: list[int] = []

    def run(seed: int) -> None:
        rng = random.Random(seed)
        mine = []
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            while time.perf_counter() < stop:
                began = time.perf_counter()
                answer = c.get(rng.choice(paths))
                mine.append((time.perf_counter() - began) * 1000)
                if answer.status_code != 200:
                    failures.append(answer.status_code)
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} requests failed: {sorted(set(failures))}")
    return latencies, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        began = time.perf_counter()
        build(db, args.incidents)
        print(f"store: {args.incidents} generated incidents in {time.perf_counter() - began:.1f} s "
              f"({db.stat().st_size / 1e6:.0f} MB)")
        url, server = start_server(str(db))
        try:
            from truceline.serve.auth import Principal, create_token
            from truceline.store import open_store

            with open_store(str(db), Settings.load(db=str(db))) as store:
                user = Principal(1, "bench", "viewer", "session")
                _, token = create_token(store.engine, user, "bench")
                from truceline.serve.pages import _overview_data

                with store.engine.connect() as conn:
                    timings = []
                    for _ in range(3):
                        began = time.perf_counter()
                        _overview_data(conn)
                        timings.append((time.perf_counter() - began) * 1000)
            print(f"overview computed without its cache: {min(timings):.0f} ms (best of 3; the app recomputes it "
                  "only when a document or a review changes the data version)")
            rng = random.Random(1)
            incident_paths = [f"/api/incidents?limit=50&offset={rng.randrange(0, 2000, 50)}" for _ in range(20)]
            filtered = ["/api/incidents?limit=50&target=energy", "/api/incidents?limit=50&admin1=UA-59",
                        "/api/incidents?limit=50&since=2025-06-01&until=2025-06-30"]
            cases = [("baseline /api/me", ["/api/me"]), ("incidents list", incident_paths),
                     ("incidents filtered", filtered), ("overview", ["/"])]
            print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per case, server: 1 uvicorn process")
            print(f"{'case':<19} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
            base = None
            for name, paths in cases:
                load(url, token, paths, 2, 1.0)  # warm-up
                lat, elapsed = load(url, token, paths, args.clients, args.seconds)
                lat.sort()
                p50 = statistics.median(lat)
                p95 = lat[int(len(lat) * 0.95) - 1]
                rps = len(lat) / elapsed
                base = base or rps
                print(f"{name:<19} {len(lat):>9} {rps:>8.1f} {p50:>8.1f} {p95:>8.1f}   "
                      f"({rps / base:.2f}x baseline req/s)")
        finally:
            server.terminate()
            server.join(10)


if __name__ == "__main__":
    main()
