"""The map's base: first-level regions (``data/regions.geojson``, built by ``scripts/build_regions.py``)
projected once to SVG paths.

Equirectangular with longitudes shrunk by the cosine of the frame's middle latitude: faithful enough at
this scale, and a point projects with two multiplications (no map library, nothing fetched).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from truceline.errors import ConfigError

DATA = Path(__file__).parent / "data" / "regions.geojson"
#: the frame: Ukraine and the regions of its neighbours where strikes are reported.
WEST, EAST, SOUTH, NORTH = 21.5, 47.5, 43.8, 57.2
WIDTH = 1000.0
_K = math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _K), 1)


@dataclass(frozen=True)
class Region:
    iso: str
    name: str
    country: str
    path: str  # SVG path data in the frame's coordinates
    label_x: float
    label_y: float


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - WEST) * _K / ((EAST - WEST) * _K) * WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the region boundaries {DATA}: {exc}") from exc
    out = []
    for feature in data["features"]:
        props = feature["properties"]
        parts = []
        biggest: list[list[float]] = []
        for poly in feature["geometry"]["coordinates"]:
            ring = poly[0]
            if len(ring) > len(biggest):
                biggest = ring
            points = [project(x, y) for x, y in ring]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        lx, ly = project(sum(p[0] for p in biggest) / len(biggest), sum(p[1] for p in biggest) / len(biggest))
        out.append(Region(props["iso"], props["name"], props["country"], "".join(parts), lx, ly))
    return tuple(out)


def region_names() -> dict[str, str]:
    return {r.iso: r.name for r in regions()}
