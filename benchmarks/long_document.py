"""Long documents: time and peak memory of one extraction as the text grows, each in a fresh process.

    .venv/bin/python benchmarks/long_document.py [--sizes 10000,100000,1000000] [--lines 100000]

The texts are the annotated corpus's articles run together (ordinary news prose, page furniture included),
cut to each size; the last case is a file of short generated lines (``--lines`` of them). For each it prints
the seconds spent cleaning, parsing and in each extraction stage, the whole time, peak memory (max RSS)
and the growth against the previous size, so a stage that grows faster than the text stands out. Linear
cost means the time ratio stays near the size ratio.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(path: str) -> dict[str, float]:
    """Runs in the child: one document through clean, parse and each stage, timed."""
    from dataclasses import replace

    from truceline.clean import clean
    from truceline.extract.pipeline import Extractor
    from truceline.models import RawDocument
    from truceline.settings import Settings

    settings = Settings.load()
    ex = Extractor(settings)
    spent: dict[str, float] = {s.name: 0.0 for s in ex.stages}

    def timed(name: str, func):  # type: ignore[no-untyped-def]
        def run(a):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            func(a)
            spent[name] += time.perf_counter() - began
        return run

    ex.stages = [replace(s, func=timed(s.name, s.func)) for s in ex.stages]
    text = Path(path).read_text(encoding="utf-8")
    out: dict[str, float] = {"chars": len(text)}
    began = time.perf_counter()
    doc = clean(RawDocument(id="long", text=text), settings)
    out["clean"] = time.perf_counter() - began
    out["kept chars"] = len(doc.text)
    records = list(ex.run([RawDocument(id="long", text=text)]))
    out["total"] = time.perf_counter() - began
    # the whole minus cleaning (done twice: once timed alone) and the stages is spaCy's parse
    out["parse"] = out["total"] - 2 * out["clean"] - sum(spent.values())
    out.update(spent)
    out["total"] -= out["clean"]
    out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["items"] = sum(len(r.statements) + len(r.acts) + len(r.incidents) for r in records
                       if hasattr(r, "statements"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    articles = [json.loads(line)["text"] for line in (ROOT / "corpus" / "input.jsonl").open(encoding="utf-8")]
    prose = "\n\n".join(articles)
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for size in (int(s) for s in args.sizes.split(",")):
            body = (prose * (size // len(prose) + 1))[:size]
            path = Path(tmp) / f"prose-{size}.txt"
            path.write_text(body, encoding="utf-8")
            cases.append((f"{size // 1000} KB prose", path))
        rng = random.Random(1)
        words = "Russia Ukraine drone strike Kharkiv said the ceasefire on March energy attack region".split()
        lines = Path(tmp) / "lines.txt"
        lines.write_text("\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
                                   for _ in range(args.lines)), encoding="utf-8")
        cases.append((f"{args.lines} short lines", lines))
        rows = []
        for name, path in cases:
            proc = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True)
            if proc.returncode:
                print(f"{name}: failed\n{proc.stderr[-2000:]}")
                return 1
            rows.append((name, json.loads(proc.stdout.strip().splitlines()[-1])))
    stages = [k for k in rows[0][1] if k not in ("chars", "kept chars", "total", "peak MB", "items")]
    print(f"{'input':<22} {'chars':>9} {'kept':>9} " + " ".join(f"{s:>10}" for s in stages)
          + f" {'total s':>8} {'peak MB':>8} {'x time / x size':>16}")
    prev = None
    for name, r in rows:
        growth = ""
        if prev is not None and "prose" in name:
            growth = f"{r['total'] / prev['total']:.1f} / {r['kept chars'] / prev['kept chars']:.1f}"
        print(f"{name:<22} {r['chars']:>9.0f} {r['kept chars']:>9.0f} " + " ".join(f"{r[s]:>10.2f}" for s in stages)
              + f" {r['total']:>8.1f} {r['peak MB']:>8.0f} {growth:>16}")
        prev = r if "prose" in name else prev
    return 0


if __name__ == "__main__":
    sys.exit(main())
