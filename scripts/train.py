"""Rebuild the trained pipelines in ``truceline/trained`` from ``corpus/`` and PolNeAR's training split.

    python scripts/train.py                      # every model, into truceline/trained, fixed seed
    python scripts/train.py --only lines,acts    # some models
    python scripts/train.py --out DIR --exclude-fold 2   # models for cross-validation (fold 2 held out)

Writes ``MANIFEST.json`` beside the models: per model its config, the sha256 of the data it learnt from
(the corpus files, PolNeAR's split), the documents used, its size, the seconds training took and what
the trainer reports (examples, thresholds). ``tests/test_trained.py`` fails when the manifest and the
committed corpus disagree, so a corpus change without retraining is caught.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from training.common import (  # noqa: E402
    POLNEAR_TRAIN,
    ROOT,
    corpus_docs,
    corpus_files,
    folds,
    sha256_files,
)

#: the trainers, in training order
MODELS = ["lines", "statements", "incidents", "acts"]
DEFAULT_OUT = ROOT / "truceline" / "trained"
SEED = 20251206


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", help="comma-separated model names (default: all)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--exclude-fold", type=int, help="leave this fold of corpus/folds.json out of training")
    p.add_argument("--corpus-only", action="store_true", help="skip the models that do not learn from the corpus")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else MODELS
    ids = [d.id for d in corpus_docs()]
    if args.exclude_fold is not None:
        held = set(folds()[args.exclude_fold])
        ids = [i for i in ids if i not in held]
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / ".work"
    work.mkdir(exist_ok=True)
    manifest_path = args.out / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"models": {}}
    corpus_sha = sha256_files(corpus_files())
    for name in names:
        mod = importlib.import_module(f"training.{name}")
        if args.corpus_only and not mod.USES_CORPUS:
            continue
        start = time.monotonic()
        print(f"[train] {name} ...", file=sys.stderr, flush=True)
        extra = mod.train(args.out / name, ids if mod.USES_CORPUS else None, args.seed, work)
        data = {}
        if mod.USES_CORPUS:
            data["corpus_sha256"] = corpus_sha
            data["corpus_docs"] = len(ids)
            data["excluded_fold"] = args.exclude_fold
        if getattr(mod, "USES_POLNEAR", False):
            data["polnear_sha256"] = sha256_files([POLNEAR_TRAIN])
        cfg = args.out / name / "config.cfg"
        manifest["models"][name] = {
            **data,
            "config": str(cfg.relative_to(args.out)) if cfg.exists() else None,
            "seed": args.seed,
            "bytes": dir_size(args.out / name),
            "train_seconds": round(time.monotonic() - start, 1),
            "trained": dt.date.today().isoformat(),
            **extra,
        }
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"[train] {name} done in {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
