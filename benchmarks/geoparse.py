"""Incident places: how many short war reports get an incident with a place, the right region, the right point.

    .venv/bin/python benchmarks/geoparse.py [--data benchmarks/data/geoparse.jsonl] [--verbose] [--json]

The test set (``benchmarks/data/geoparse.jsonl``, written for this benchmark: one or two sentences in the
style of war reports, none taken from an article) covers villages, names from before the 2016 renamings,
Russian spellings, words such as "village" or "district" around a name, names shared by many places with
the region or a neighbouring town in the text, Russia's border regions, and towns Russia holds. Each item
has the expected first-level region (ISO 3166-2) and, when GeoNames has the place, its GeoNames point
(``lat``/``lon`` null otherwise); occupied towns also the side expected as attacker.

Each report runs through the real extractor (``truceline.extract.pipeline.Extractor``). The incident scored
is the one whose place name is the expected one (else the first). Printed: the share of reports with an
incident that has a place, the share whose place has the right admin1, the share (of reports with a
GeoNames point) whose place lies within 25 km of it, and, where given, the share with the expected
attacker's side; then the same by category.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KM = 25.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * \
        (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(max(a, 0.0)))


def _key(s: str) -> str:
    return "".join(c for c in s.lower() if c.isalnum())


def score(items: list[dict[str, Any]], records: list[Any]) -> tuple[dict[str, dict[str, float]], list[str]]:
    from truceline.models import Record

    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    misses: list[str] = []
    for item, rec in zip(items, records, strict=True):
        exp = item["expected"]
        incidents = [i for i in rec.incidents if i.location is not None] if isinstance(rec, Record) else []
        chosen = next((i for i in incidents if _key(i.location.name) == _key(exp["name"])), None) or \
            (incidents[0] if incidents else None)
        for group in ("all", item["category"]):
            c = counts[group]
            c["n"] += 1
            c["with coordinates"] += exp["lat"] is not None
            if chosen is None:
                continue
            loc = chosen.location
            c["place"] += 1
            c["admin1"] += loc.admin1 == exp["admin1"]
            if exp["lat"] is not None and loc.lat is not None and loc.lon is not None:
                c["km25"] += km(loc.lat, loc.lon, exp["lat"], exp["lon"]) <= KM
            if "perpetrator" in exp:
                c["with side"] += 1
                side = next((a.country for a in rec.actors if a.id == chosen.perpetrator), None)
                c["side"] += side == exp["perpetrator"]
        for group in ("all", item["category"]):
            if "perpetrator" in exp and chosen is None:
                counts[group]["with side"] += 1
        if chosen is None:
            misses.append(f"{item['id']} no place: {item['text']}")
        else:
            loc = chosen.location
            far = exp["lat"] is not None and (loc.lat is None or km(loc.lat, loc.lon, exp["lat"], exp["lon"]) > KM)
            if loc.admin1 != exp["admin1"] or far:
                misses.append(f"{item['id']} got {loc.name} {loc.admin1} ({loc.lat}, {loc.lon}) "
                              f"[{getattr(loc, 'match', None)}; {getattr(loc, 'reason', None)}] want {exp['name']} "
                              f"{exp['admin1']}: {item['text']}")
    return counts, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data" / "geoparse.jsonl")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    from truceline.extract.pipeline import Extractor
    from truceline.models import RawDocument
    from truceline.settings import Settings

    items = [json.loads(ln) for ln in args.data.read_text(encoding="utf-8").splitlines() if ln.strip()]
    began = time.perf_counter()
    ex = Extractor(Settings.load())
    loaded = time.perf_counter() - began
    raws = [RawDocument(id=i["id"], text=i["text"], published=dt.date.fromisoformat(i["published"]))
            for i in items]
    began = time.perf_counter()
    records = list(ex.run(raws))
    ran = time.perf_counter() - began
    counts, misses = score(items, records)

    def figures(c: dict[str, float]) -> dict[str, float]:
        out = {"reports": int(c["n"]), "place": c["place"] / c["n"], "admin1": c["admin1"] / c["n"],
               "within_25km": c["km25"] / c["with coordinates"] if c["with coordinates"] else float("nan")}
        if c["with side"]:
            out["side"] = c["side"] / c["with side"]
        return out

    result = {g: figures(c) for g, c in sorted(counts.items(), key=lambda kv: (kv[0] != "all", kv[0]))}
    if args.json:
        print(json.dumps({"figures": result, "load_seconds": round(loaded, 2), "run_seconds": round(ran, 2)}))
        return
    print(f"{len(items)} reports ({int(counts['all']['with coordinates'])} with a GeoNames point); "
          f"extractor loaded in {loaded:.1f} s, ran in {ran:.1f} s")
    print(f"{'':22s} {'n':>4s} {'place':>7s} {'admin1':>7s} {'<=25km':>7s} {'side':>7s}")
    for group, f in result.items():
        side = f"{f['side']:7.3f}" if "side" in f else f"{'':7s}"
        print(f"{group:22s} {f['reports']:4d} {f['place']:7.3f} {f['admin1']:7.3f} {f['within_25km']:7.3f} {side}")
    if args.verbose:
        print()
        print("\n".join(misses))


if __name__ == "__main__":
    main()
