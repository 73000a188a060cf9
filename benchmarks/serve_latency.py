"""Serving latency: p50/p95 and requests per second of the incident list (API and page), filtered lists and
the overview under concurrent clients, on a store of generated incidents, with the server on 127.0.0.1 in
its own process.

    .venv/bin/python benchmarks/serve_latency.py [--incidents 100000] [--clients 20] [--seconds 10] [--db URL]

The store is a SQLite file in a temporary directory (or the empty PostgreSQL database ``--db`` names),
migrated by ``open_store`` and filled with generated rows through SQLAlchemy Core in bulk (documents, four
actors, incidents with one report each naming a claimant and sometimes a denier, and an energy truce with
two sides' versions, so the overview has violations to count). Clients authenticate with an API token.
``/api/me`` (one token lookup, no store query) is measured the same way as the baseline.

The list cases page through the first 2,000 incidents, as the API and as the HTML page; the filtered case
draws from 48 filter combinations (accused side, claimant, target class, region, month, agreement), paged.
Answers are kept per data version (``truceline/serve/cache.py``), so before the concurrent runs every URL is
asked once by one client: the "cold" rows are those first answers, nothing cached. The last case measures
the overview while a writer stores a document every 50 ms (each one a new data version).
"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
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
            {"id": 2, "key": "wd:Q2", "name": "Armed Forces of Ukraine", "kind": "military", "country": "UKR"},
            {"id": 3, "key": "wd:Q3", "name": "Government of Russia", "kind": "government", "country": "RUS"},
            {"id": 4, "key": "wd:Q4", "name": "Government of Ukraine", "kind": "government", "country": "UKR"}])
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
            ukraine_hit = iso[:2] == "UA"
            reports.append({"incident_id": n + 1, "document_id": n % docs + 1, "target": target,
                            "claimed_by_id": 4 if ukraine_hit else 3,
                            "denied_by": [3 if ukraine_hit else 4] if rng.random() < 0.3 else [],
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


def load(url: str, token: str, paths: list[str], clients: int, seconds: float, processes: int = 1
         ) -> tuple[list[float], float]:
    """``clients`` clients issuing requests back to back for ``seconds``, as threads spread over
    ``processes`` processes (so that the clients' own Python does not queue on one GIL); latencies in ms."""
    if processes > 1:
        shares = [clients // processes + (1 if n < clients % processes else 0) for n in range(processes)]
        with multiprocessing.Pool(processes) as pool:
            parts = pool.starmap(_load, [(url, token, paths, share, seconds, n * 1000) for n, share in
                                         enumerate(shares) if share])
        failed = [f for _, _, part in parts for f in part]
        if failed:
            raise SystemExit(f"{len(failed)} requests failed: {sorted(set(failed))[:5]}")
        return [x for part, _, _ in parts for x in part], max(elapsed for _, elapsed, _ in parts)
    latencies, elapsed, failed = _load(url, token, paths, clients, seconds, 0)
    if failed:
        raise SystemExit(f"{len(failed)} requests failed: {sorted(set(failed))[:5]}")
    return latencies, elapsed


def _load(url: str, token: str, paths: list[str], clients: int, seconds: float, seed0: int
          ) -> tuple[list[float], float, list[tuple[int, str]]]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    failures: list[tuple[int, str]] = []

    def run(seed: int) -> None:
        rng = random.Random(seed)
        mine = []
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            while time.perf_counter() < stop:
                began = time.perf_counter()
                path = rng.choice(paths)
                try:
                    answer = c.get(path)
                except httpx.HTTPError as exc:
                    failures.append((0, f"{path}: {exc!r}"))
                    continue
                mine.append((time.perf_counter() - began) * 1000)
                if answer.status_code != 200:
                    failures.append((answer.status_code, path))
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=run, args=(seed0 + n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, time.perf_counter() - began, failures


FILTERS = [
    "accused=RUS", "accused=UKR", "claimant=UKR", "target=energy", "target=residential", "region=UA-59",
    "region=RU-KRS", "since=2025-06-01&until=2025-06-30", "since=2025-11-01", "agreement=1", "agreement=any",
    "accused=RUS&target=energy", "accused=UKR&region=RU-BEL", "claimant=RUS&target=military",
    "region=UA-63&since=2025-03-01&until=2025-05-31", "accused=RUS&target=energy&since=2025-09-01",
]


def paths_for(rng: random.Random) -> dict[str, list[str]]:
    """The URLs each case draws from (fixed for a seed)."""
    listing = [f"/api/incidents?limit=50&offset={n}" for n in range(0, 2000, 50)]
    listing += [f"/incidents?offset={n}" for n in range(0, 2000, 50)]
    filtered = [f"/api/incidents?limit=50&{f}&offset={rng.choice((0, 50, 100))}" for f in FILTERS]
    filtered += [f"/incidents?{f}" for f in FILTERS]
    filtered += [f"/incidents?{f}&offset=50" for f in FILTERS]
    return {"list": listing, "filtered": filtered}


def cold(url: str, token: str, paths: list[str]) -> list[float]:
    """Each URL once, one client, in turn: the answers nothing was kept for yet (ms)."""
    out = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        for path in paths:
            began = time.perf_counter()
            answer = c.get(path)
            out.append((time.perf_counter() - began) * 1000)
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")
    return out


def writer(db: str, stop: threading.Event, every: float = 0.05) -> int:
    """Store a small generated document every ``every`` seconds until ``stop``; how many were stored."""
    from truceline.models import Document, Record
    from truceline.store import open_store

    stored = 0
    with open_store(db, Settings.load(db=db)) as store:
        while not stop.is_set():
            text = f"Bench note {stored} {time.time_ns()} on the talks, written while the dashboard is read."
            store.add(Record(Document(f"bench-ingest-{stored}-{time.time_ns()}", None, None,
                                      dt.date(2025, 12, 1), "Bench", "en", text)))
            stored += 1
            stop.wait(every)
    return stored


def _row(name: str, lat: list[float], elapsed: float | None, base: float | None) -> str:
    lat = sorted(lat)
    p50 = statistics.median(lat)
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)]
    if elapsed is None:
        return f"{name:<32} {len(lat):>9} {'-':>8} {p50:>8.1f} {p95:>8.1f}   (max {lat[-1]:.0f} ms)"
    rps = len(lat) / elapsed
    ratio = f"   ({rps / base:.2f}x baseline req/s)" if base else ""
    return f"{name:<32} {len(lat):>9} {rps:>8.1f} {p50:>8.1f} {p95:>8.1f}{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (default: a SQLite file in a temp dir)")
    parser.add_argument("--processes", type=int, default=4, help="client processes the clients are spread over")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        began = time.perf_counter()
        build(db, args.incidents)
        size = f", {Path(db).stat().st_size / 1e6:.0f} MB" if not args.db else ""
        print(f"store: {args.incidents} generated incidents in {time.perf_counter() - began:.1f} s "
              f"({'PostgreSQL' if args.db else 'SQLite'}{size})")
        url, server = start_server(db)
        try:
            from truceline.serve.auth import Principal, create_token
            from truceline.store import open_store

            with open_store(db, Settings.load(db=db)) as store:
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
                  "when a review is made, and at most every 5 s while documents arrive)")
            paths = paths_for(random.Random(1))
            print(f"{args.clients} concurrent clients ({args.processes} processes), {args.seconds:.0f} s per case, "
                  f"server: 1 uvicorn process; {len(paths['list'])} list URLs, {len(paths['filtered'])} filtered "
                  f"URLs; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(f"{'case':<32} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
            print(_row("incidents list, cold (1 client)", cold(url, token, paths["list"]), None, None))
            print(_row("incidents filtered, cold (1 client)", cold(url, token, paths["filtered"]), None, None))
            cases = [("baseline /api/me", ["/api/me"]), ("incidents list", paths["list"]),
                     ("incidents filtered", paths["filtered"]), ("overview", ["/"])]
            base = None
            for name, chosen in cases:
                load(url, token, chosen, 2, 1.0)  # warm-up
                lat, elapsed = load(url, token, chosen, args.clients, args.seconds, args.processes)
                base = base or len(lat) / elapsed
                print(_row(name, lat, elapsed, base))
            stop = threading.Event()
            done: list[int] = []
            thread = threading.Thread(target=lambda: done.append(writer(db, stop)))
            thread.start()
            try:
                lat, elapsed = load(url, token, ["/"], args.clients, args.seconds, args.processes)
            finally:
                stop.set()
                thread.join()
            print(_row("overview, a document every 50 ms", lat, elapsed, base) + f"   ({done[0]} stored meanwhile)")
        finally:
            server.terminate()
            server.join(10)


if __name__ == "__main__":
    main()
