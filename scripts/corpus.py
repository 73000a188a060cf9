#!/usr/bin/env python3
"""Build, check and measure the annotated training corpus in ``corpus/``.

    python scripts/corpus.py build             # corpus/raw/*.txt -> corpus/input.jsonl (dedup, dev and guard checks)
    python scripts/corpus.py check [ID ...]    # every gold file (or those named) against the gold conventions
    python scripts/corpus.py folds             # write corpus/folds.json (5 folds, stratified, near-copies together)
    python scripts/corpus.py agree DIR [--first DIR]  # a second annotation scored against the first (corpus/gold)
    python scripts/corpus.py stats             # counts per kind, outlets, date range (for corpus/README.md)
    python scripts/corpus.py guard ID ...      # run the held-out guard on raw files before annotating them

The corpus has the layout of ``../shared/eval/dev``: ``input.jsonl`` ({id, url, published, text} a line)
and ``gold/ID.json``, so ``../shared/eval/run corpus`` scores the extractor on it. A raw file, as
gathered, is ``url: ...`` and ``published: ...`` lines, a ``---`` line, then the page text as scraped.
Standard library only, so that a helper can run it with any Python 3.11.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

# Each document is cut to about this many characters, at a line end where one is near.
MAX_CHARS = 2600
# Two texts sharing this share of their 8-word runs are copies of one another (the guard's own measure).
COPY_SHARE = 0.2
# No outlet (address host) may give more documents than this.
MAX_PER_OUTLET = 15
N_FOLDS = 5
SEED = 20251206

ACT_TYPES = {"propose", "accept", "reject", "agree", "halt", "demand", "accuse", "deny", "meet", "end"}
SUBJECTS = {"full_ceasefire", "energy_ceasefire", "maritime_ceasefire", "peace_deal", "prisoner_exchange",
            "military_aid", "sanctions", "territory", "energy_assets", "minerals", "talks", "other"}
TARGETS = {"energy", "power_generation", "power_grid", "oil_gas", "nuclear", "residential", "medical",
           "civilian_infrastructure", "military", "other"}
KINDS = {"person", "government", "military", "country", "organization", "media", "group", "unknown"}
CHANNELS = {"call", "statement", "press_conference", "interview", "speech", "truth_social", "x", "telegram",
            "social_media", "tv", "meeting", "other", None}
STATUSES = {"proposed", "agreed", "in_force", "rejected", "expired", "suspended"}
WEAPONS = {"drone", "missile", "artillery", "airstrike", "other", None}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


# ---------------------------------------------------------------- reading
def read_inputs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_raw(path: Path) -> dict[str, Any]:
    """One gathered page: header lines, a ``---`` line, then the text exactly as scraped."""
    head, sep, text = path.read_text(encoding="utf-8").partition("\n---\n")
    if not sep:
        raise ValueError(f"{path.name}: no '---' line between header and text")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    published = meta.get("published") or None
    if published in ("null", "none", "unknown"):
        published = None
    if published is not None and not DATE.match(published):
        raise ValueError(f"{path.name}: published {published!r} is not YYYY-MM-DD")
    if not meta.get("url", "").startswith("http"):
        raise ValueError(f"{path.name}: no url")
    return {"id": path.stem, "url": meta["url"], "published": published, "text": cut(text.strip("\n"))}


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """The first ~limit characters, ending at a line end when one lies in the last fifth."""
    if len(text) <= limit:
        return text
    end = text.rfind("\n", int(limit * 0.8), limit)
    return text[:end] if end > 0 else text[:limit]


# ---------------------------------------------------------------- copies
def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    return re.findall(r"[^\W_]+", "".join(c for c in text if not unicodedata.combining(c)).lower())


def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(max(0, len(w) - n + 1))}


def copy_share(a: set, b: set) -> float:
    """The share of a's 8-word runs found in b (0 when a has none)."""
    return len(a & b) / len(a) if a else 0.0


def outlet_of(url: str) -> str:
    host = urlparse(url).netloc.lower()
    for prefix in ("www.", "m.", "amp.", "en.", "english."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


# ---------------------------------------------------------------- build
def cmd_build(args: argparse.Namespace) -> int:
    raw_dir = CORPUS / "raw"
    docs, problems = [], []
    for path in sorted(raw_dir.glob("*.txt")):
        try:
            docs.append(read_raw(path))
        except (OSError, ValueError) as e:
            problems.append(str(e))
    dev = read_inputs(SHARED / "eval" / "dev" / "input.jsonl") if (SHARED / "eval").exists() else []
    dev_urls = {d.get("url") for d in dev if d.get("url")}
    dev_sh = [shingles(d["text"]) for d in dev]
    kept: list[dict[str, Any]] = []
    kept_sh: list[set] = []
    seen_urls: set[str] = set()
    per_outlet: Counter[str] = Counter()
    for d in docs:
        sh = shingles(d["text"])
        why = None
        if len(d["text"]) < 300:
            why = "shorter than 300 characters"
        elif d["url"] in dev_urls or any(copy_share(sh, s) >= COPY_SHARE for s in dev_sh):
            why = "a dev document or a copy of one"
        elif d["url"] in seen_urls:
            why = "same address as a document already kept"
        elif any(copy_share(sh, s) >= 0.8 and copy_share(s, sh) >= 0.8 for s in kept_sh):
            why = "the same text as a document already kept"
        elif per_outlet[outlet_of(d["url"])] >= MAX_PER_OUTLET:
            why = f"more than {MAX_PER_OUTLET} from {outlet_of(d['url'])}"
        if why:
            problems.append(f"{d['id']}: left out: {why}")
            continue
        kept.append(d)
        kept_sh.append(sh)
        seen_urls.add(d["url"])
        per_outlet[outlet_of(d["url"])] += 1
    out = CORPUS / "input.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for d in kept:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"wrote {len(kept)} documents to {out.relative_to(ROOT)} ({len(problems)} left out or broken)")
    guard = SHARED / "eval" / "guard" / "check"
    if guard.exists():
        proc = subprocess.run([str(guard), str(out)], capture_output=True, text=True)
        print(proc.stdout.strip() or proc.stderr.strip())
        return proc.returncode
    return 0


# ---------------------------------------------------------------- check
def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def check_gold(gold: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """What is wrong with one gold file, given its input document (empty when nothing is)."""
    errs: list[str] = []
    text = doc["text"]
    flat = _norm_ws(text)
    lines = {ln.strip() for ln in text.split("\n") if ln.strip()}

    def evidence(where: str, item: dict[str, Any]) -> None:
        ev = item.get("evidence_text")
        if not isinstance(ev, str) or not ev.strip():
            errs.append(f"{where}: no evidence_text")
        elif _norm_ws(ev) not in flat:
            errs.append(f"{where}: evidence_text not in the text: {ev[:70]!r}")

    def date(where: str, value: Any) -> None:
        if value is not None and not (isinstance(value, str) and DATE.match(value)):
            errs.append(f"{where}: date {value!r} is not YYYY-MM-DD or null")

    if gold.get("schema") != "truceline.v1":
        errs.append("schema is not 'truceline.v1'")
    d = gold.get("document") or {}
    for key in ("id", "source", "title", "published", "outlet", "language", "boilerplate"):
        if key not in d:
            errs.append(f"document: missing {key!r}")
    if d.get("id") != doc["id"]:
        errs.append(f"document.id {d.get('id')!r} is not {doc['id']!r}")
    if d.get("source") != doc.get("url"):
        errs.append("document.source is not the input's url")
    if d.get("published") != doc.get("published"):
        errs.append("document.published is not the input's published")
    if d.get("title") and _norm_ws(d["title"]) not in flat:
        errs.append("document.title does not occur in the text")
    for b in d.get("boilerplate") or []:
        if not isinstance(b, str) or b.strip() not in lines:
            errs.append(f"boilerplate is not a whole line of the text: {str(b)[:70]!r}")
    for key in ("actors", "statements", "acts", "agreements", "incidents"):
        if not isinstance(gold.get(key), list):
            errs.append(f"missing list {key!r}")
            return errs
    ids = set()
    for a in gold["actors"]:
        ids.add(a.get("id"))
        if not a.get("id") or not a.get("name"):
            errs.append(f"actor without id or name: {a}")
        if a.get("kind") not in KINDS:
            errs.append(f"actor {a.get('id')}: kind {a.get('kind')!r}")
        if a.get("country") is not None and not ISO3.match(str(a.get("country"))):
            errs.append(f"actor {a.get('id')}: country {a.get('country')!r}")
        if "country" not in a:
            errs.append(f"actor {a.get('id')}: no country (null for international bodies)")
    if len(ids) != len(gold["actors"]):
        errs.append("actor ids repeat")

    def one_of(where: str, item: dict[str, Any], name: str, allowed: Any) -> None:
        if item.get(name) not in allowed:
            errs.append(f"{where}: {name} {item.get(name)!r}")

    def ref(where: str, value: Any, nullable: bool = False) -> None:
        if value is None and nullable:
            return
        if value not in ids:
            errs.append(f"{where}: {value!r} is not an actor id")

    for n, s in enumerate(gold["statements"]):
        w = f"statement {n}"
        ref(w, s.get("speaker"))
        one_of(w, s, "kind", {"direct", "indirect", "mixed"})
        one_of(w, s, "channel", CHANNELS)
        if not (s.get("text") or "").strip():
            errs.append(f"{w}: empty text")
        date(w, s.get("date"))
        evidence(w, s)
    for n, a in enumerate(gold["acts"]):
        w = f"act {n}"
        one_of(w, a, "type", ACT_TYPES)
        one_of(w, a, "subject", SUBJECTS)
        ref(w, a.get("actor"))
        ref(w + " target", a.get("target"), nullable=True)
        date(w, a.get("date"))
        evidence(w, a)
    for n, g in enumerate(gold["agreements"]):
        w = f"agreement {n}"
        one_of(w, g, "subject", SUBJECTS)
        one_of(w, g, "status", STATUSES)
        for p in g.get("parties") or []:
            ref(w + " party", p)
        if not isinstance(g.get("scope"), list) or any(t not in TARGETS for t in g.get("scope") or []):
            errs.append(f"{w}: scope {g.get('scope')!r}")
        dd = g.get("duration_days")
        if dd is not None and not (isinstance(dd, int) and dd >= 0):
            errs.append(f"{w}: duration_days {dd!r}")
        date(w + " start", g.get("start"))
        date(w + " end", g.get("end"))
        for v in g.get("versions") or []:
            ref(w + " version", v.get("by"))
            if not v.get("terms"):
                errs.append(f"{w}: a version without terms")
        for c in g.get("conditions") or []:
            ref(w + " condition", c.get("by"))
            if not c.get("text"):
                errs.append(f"{w}: a condition without text")
        evidence(w, g)
    for n, i in enumerate(gold["incidents"]):
        w = f"incident {n}"
        one_of(w, i, "target", TARGETS)
        one_of(w, i, "weapon", WEAPONS)
        date(w, i.get("date"))
        if i.get("date_precision") not in ({1, 2, 3} if i.get("date") else {None, 1, 2, 3}):
            errs.append(f"{w}: date_precision {i.get('date_precision')!r}")
        loc = i.get("location")
        if loc is not None:
            if not isinstance(loc, dict) or not loc.get("name"):
                errs.append(f"{w}: location without a name")
            else:
                if loc.get("country") is not None and not ISO3.match(str(loc["country"])):
                    errs.append(f"{w}: location country {loc.get('country')!r}")
                a1 = loc.get("admin1")
                if a1 is not None and not re.match(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", str(a1)):
                    errs.append(f"{w}: admin1 {a1!r}")
                if loc.get("precision") not in {1, 2, 3, None}:
                    errs.append(f"{w}: precision {loc.get('precision')!r}")
                for k in ("lat", "lon"):
                    if loc.get(k) is not None and not isinstance(loc[k], (int, float)):
                        errs.append(f"{w}: {k} {loc[k]!r}")
        ref(w + " perpetrator", i.get("perpetrator"), nullable=True)
        ref(w + " claimed_by", i.get("claimed_by"), nullable=True)
        for x in i.get("denied_by") or []:
            ref(w + " denied_by", x)
        f = i.get("fatalities")
        if f is not None and not (isinstance(f, int) and f >= 0):
            errs.append(f"{w}: fatalities {f!r}")
        evidence(w, i)
    return errs


def check_dir(gold_dir: Path, inputs: list[dict[str, Any]], only: set[str] | None = None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for doc in inputs:
        if only and doc["id"] not in only:
            continue
        path = gold_dir / f"{doc['id']}.json"
        if not path.exists():
            problems[doc["id"]] = ["no gold file"]
            continue
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            problems[doc["id"]] = [f"not JSON: {e}"]
            continue
        errs = check_gold(gold, doc)
        if errs:
            problems[doc["id"]] = errs
    return problems


def load_docs(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The built corpus, or the raw files when the ids asked for are not built yet."""
    docs = read_inputs(CORPUS / "input.jsonl") if (CORPUS / "input.jsonl").exists() else []
    have = {d["id"] for d in docs}
    for path in sorted((CORPUS / "raw").glob("*.txt")):
        if path.stem not in have and path.stem in (args.ids or ()):
            docs.append(read_raw(path))
    return docs


def cmd_check(args: argparse.Namespace) -> int:
    docs = load_docs(args)
    gold_dir = Path(args.gold) if args.gold else CORPUS / "gold"
    problems = check_dir(gold_dir, docs, set(args.ids) or None)
    for doc_id, errs in problems.items():
        for e in errs:
            print(f"{doc_id}: {e}")
    n = len(set(args.ids)) if args.ids else len(docs)
    print(f"{n - len(problems)} of {n} gold files are well-formed")
    return 1 if problems else 0


# ---------------------------------------------------------------- folds
def cmd_folds(args: argparse.Namespace) -> int:
    """Five folds by document, stratified by kind; near-copies of one story share a fold."""
    docs = read_inputs(CORPUS / "input.jsonl")
    kinds = {d["id"]: doc_kind(json.loads((CORPUS / "gold" / f"{d['id']}.json").read_text())) for d in docs}
    sh = {d["id"]: shingles(d["text"]) for d in docs}
    # union-find over pairs of documents that copy each other
    parent = {d["id"]: d["id"] for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = [d["id"] for d in docs]
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if copy_share(sh[a], sh[b]) >= COPY_SHARE or copy_share(sh[b], sh[a]) >= COPY_SHARE:
                parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in ids:
        groups[find(x)].append(x)
    rng = random.Random(SEED)
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    for members in groups.values():
        by_kind[Counter(kinds[m] for m in members).most_common(1)[0][0]].append(sorted(members))
    folds: list[list[str]] = [[] for _ in range(N_FOLDS)]
    for kind in sorted(by_kind):
        gs = sorted(by_kind[kind])
        rng.shuffle(gs)
        gs.sort(key=len, reverse=True)  # big groups first, each to the smallest fold
        for g in gs:
            min(folds, key=len).extend(g)
    out = {"seed": SEED, "n_folds": N_FOLDS,
           "stratified_by": "kind: 'strike' when the gold has incidents, else 'negotiation'",
           "grouping": f"documents sharing {COPY_SHARE:.0%} of their 8-word runs are kept in one fold",
           "kinds": {k: kinds[k] for k in sorted(kinds)},
           "folds": [sorted(f) for f in folds]}
    (CORPUS / "folds.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for n, f in enumerate(folds):
        c = Counter(kinds[x] for x in f)
        print(f"fold {n}: {len(f)} documents ({c['negotiation']} negotiation, {c['strike']} strike)")
    return 0


def doc_kind(gold: dict[str, Any]) -> str:
    return "strike" if gold.get("incidents") else "negotiation"


# ---------------------------------------------------------------- agreement
def as_system(gold: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """A gold file as a system record: boilerplate lines dropped, evidence as offsets."""
    boiler = {b.strip() for b in gold["document"].get("boilerplate") or []}
    title = (gold["document"].get("title") or "").strip()
    body = [ln for ln in doc["text"].split("\n") if ln.strip() and ln.strip() not in boiler and ln.strip() != title]
    text = "\n\n".join(ln.strip() for ln in body)
    rec = json.loads(json.dumps(gold))
    rec["document"] = {k: v for k, v in gold["document"].items() if k != "boilerplate"}
    rec["document"].update(text=text, removed=[{"text": b, "reason": "other"} for b in boiler])
    for key in ("statements", "acts", "agreements", "incidents"):
        for item in rec[key]:
            ev = item.pop("evidence_text", "") or ""
            start = max(text.find(ev.split("\n")[0]), 0)
            item["evidence"] = {"start": start, "end": start + len(ev)}
    return rec


def cmd_agree(args: argparse.Namespace) -> int:
    second, first = Path(args.dir), Path(args.first) if args.first else CORPUS / "gold"
    args.ids = sorted(p.stem for p in second.glob("*.json"))
    docs = {d["id"]: d for d in load_docs(args)}
    ids = sorted(p.stem for p in second.glob("*.json") if p.stem in docs and (first / f"{p.stem}.json").exists())
    with tempfile.TemporaryDirectory() as tmp:
        inp, sysf = Path(tmp) / "input.jsonl", Path(tmp) / "system.jsonl"
        with inp.open("w") as fi, sysf.open("w") as fs:
            for i in ids:
                fi.write(json.dumps(docs[i], ensure_ascii=False) + "\n")
                rec = as_system(json.loads((second / f"{i}.json").read_text()), docs[i])
                fs.write(json.dumps(rec, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SHARED / "eval" / "score.py"), "--input", str(inp),
               "--gold", str(first), "--system", str(sysf)]
        cmd += ["--verbose"] if args.verbose else []
        cmd += ["--json"] if args.json else []
        print(f"{len(ids)} documents annotated twice: {second} scored against {first}", file=sys.stderr)
        return subprocess.run(cmd).returncode


def cmd_guard(args: argparse.Namespace) -> int:
    """The held-out guard over raw files (by id), so that nothing refused is annotated."""
    docs = [read_raw(CORPUS / "raw" / f"{i}.txt") for i in args.ids]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        proc = subprocess.run([str(SHARED / "eval" / "guard" / "check"), str(path)], capture_output=True, text=True)
    print((proc.stdout + proc.stderr).strip())
    return proc.returncode


# ---------------------------------------------------------------- stats
def cmd_stats(args: argparse.Namespace) -> int:
    docs = read_inputs(CORPUS / "input.jsonl")
    c: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    dates = []
    for d in docs:
        g = json.loads((CORPUS / "gold" / f"{d['id']}.json").read_text(encoding="utf-8"))
        c["documents"] += 1
        c[doc_kind(g)] += 1
        c["boilerplate lines"] += len(g["document"]["boilerplate"])
        for key in ("statements", "acts", "agreements", "incidents"):
            c[key] += len(g[key])
        for a in g["acts"]:
            c[f"act {a['type']}"] += 1
        for a in g["agreements"]:
            c[f"agreement {a['subject']}"] += 1
        for i in g["incidents"]:
            c[f"incident {i['target']}"] += 1
        outlets[outlet_of(d["url"])] += 1
        if d.get("published"):
            dates.append(d["published"])
    out = {"counts": dict(sorted(c.items())), "outlets": len(outlets), "most_per_outlet": outlets.most_common(5),
           "published": [min(dates), max(dates)] if dates else None,
           "undated": sum(1 for d in docs if not d.get("published"))}
    print(json.dumps(out, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help="assemble corpus/input.jsonl from corpus/raw")
    p = sub.add_parser("check", help="check gold files")
    p.add_argument("ids", nargs="*")
    p.add_argument("--gold", help="another folder of gold files (default corpus/gold)")
    sub.add_parser("folds", help="write corpus/folds.json")
    p = sub.add_parser("agree", help="score a second annotation against the first")
    p.add_argument("dir")
    p.add_argument("--first", help="the first annotation's folder (default corpus/gold)")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--json", action="store_true")
    sub.add_parser("stats", help="counts for the README")
    p = sub.add_parser("guard", help="run the held-out guard on raw files")
    p.add_argument("ids", nargs="+")
    args = ap.parse_args(argv)
    return {"build": cmd_build, "check": cmd_check, "folds": cmd_folds, "agree": cmd_agree,
            "stats": cmd_stats, "guard": cmd_guard}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
