"""A long fuzzing run: generated inputs through the readers, the cleaner and the extractor.

    .venv/bin/python benchmarks/fuzz.py --n 100000 [--seed 1] [--extract-every 20]

Every input goes through the readers (written as a file of a random kind) and the cleaner; every
``--extract-every``-th cleanable one also through the whole extractor (spaCy is the slow part). A crash is
any exception that is not the project's own (``TrucelineError``); each is printed with the input that
caused it, and the run ends with the counts. Exit status 1 when anything crashed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ["Russia", "Ukraine", "said", "agreed", "ceasefire", "drone", "strike", "Kharkiv", "on", "March", "18",
         "the", "Kremlin", "\u201c", "\u201d", '"', "'", "<p>", "</p>", "<script>", "&amp;", "\u00a0", "\n",
         "\n\n", "\t", "\x00", "\x1b", "Зеленский", "Київ", "2025-03-18", "{", "}", "[", "]", "x" * 300,
         "according to", "officials said", "Zelensky", "Putin", "Trump", "overnight", "killed", "refinery"]
SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".warc", ".warc.gz", ""]


def text(rng: random.Random) -> str:
    n = rng.randint(0, 300)
    parts = []
    for _ in range(n):
        if rng.random() < 0.1:
            parts.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 12))))
        else:
            parts.append(rng.choice(WORDS))
    return " ".join(parts)


def json_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.random()
    if depth > 3 or kind < 0.4:
        return rng.choice([None, True, 1, -5, text(rng)[:80], ""])
    if kind < 0.7:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["id", "text", "html", "url", "published", "title", "outlet", "x"]
    return {rng.choice(keys): json_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def payload(rng: random.Random, suffix: str) -> bytes:
    r = rng.random()
    if suffix in (".json", ".jsonl") and r < 0.7:
        lines = [json.dumps(json_value(rng)) for _ in range(rng.randint(1, 4))]
        return "\n".join(lines).encode("utf-8")
    if suffix == ".html" and r < 0.7:
        return f"<html><body><article><p>{text(rng)}</p></article></body></html>".encode()
    if r < 0.2:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 2000)))
    return text(rng).encode("utf-8", errors="replace")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--extract-every", type=int, default=20)
    args = ap.parse_args()

    from truceline.clean import clean
    from truceline.errors import TrucelineError
    from truceline.extract.pipeline import Extractor
    from truceline.models import RawDocument
    from truceline.settings import Settings
    from truceline.sources import read_inputs

    settings = Settings.load(max_input_bytes=50_000)
    extractor = Extractor(settings)
    rng = random.Random(args.seed)
    counts = {"inputs": 0, "documents": 0, "errors": 0, "cleaned": 0, "extracted": 0, "crashes": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.n):
            suffix = rng.choice(SUFFIXES)
            path = Path(tmp) / f"in{i % 50}{suffix}"
            data = payload(rng, suffix)
            path.write_bytes(data)
            counts["inputs"] += 1
            try:
                for item in read_inputs([str(path)], settings):
                    if not isinstance(item, RawDocument):
                        counts["errors"] += 1
                        continue
                    counts["documents"] += 1
                    try:
                        clean(item, settings)
                        counts["cleaned"] += 1
                    except TrucelineError:
                        continue
                    if counts["cleaned"] % args.extract_every == 0:
                        for out in extractor.run([item]):
                            counts["extracted"] += isinstance(out, object)
            except TrucelineError:
                counts["errors"] += 1
            except Exception:  # noqa: BLE001 - a crash is what this run looks for
                counts["crashes"] += 1
                print(f"CRASH on input {i} ({suffix or 'no suffix'}, {len(data)} bytes): {data[:200]!r}")
                traceback.print_exc()
            if (i + 1) % 5000 == 0:
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"{i + 1} inputs, {counts['crashes']} crashes, {rate:.0f} inputs/s", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(json.dumps({**counts, "seconds": round(seconds, 1), "seed": args.seed}))
    return 1 if counts["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
