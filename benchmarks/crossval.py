"""Cross-validation over ``corpus/folds.json``: the figure every rule or model change is judged by.

For each fold: the corpus-trained models are trained on the other four folds (``scripts/train.py
--exclude-fold K``), the extractor runs on the fold with those models (``TRUCELINE_TRAINED_MODELS``),
and ``../shared/eval/score.py`` scores it. Models that do not learn from the corpus (PolNeAR's) are used
as committed. Prints F1 per kind and fold and the mean over folds.

    .venv/bin/python benchmarks/crossval.py                    # train and score all five folds
    .venv/bin/python benchmarks/crossval.py --folds 0,1 --only incidents   # retrain one model, two folds
    .venv/bin/python benchmarks/crossval.py --no-train         # score again with the fold models on disk
    .venv/bin/python benchmarks/crossval.py --record           # also write the means into the manifest
                                                               # and the evaluation floors derived from them

Rules are scored the same way (with no corpus model, the folds just partition the corpus), so a rule and
a model compete on equal terms. Dev is never used here.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
CORPUS = ROOT / "corpus"
PACKAGED = ROOT / "truceline" / "trained"
FLOORS = ROOT / "tests" / "eval_floors.json"
KINDS = ["cleaning", "statements", "acts", "agreements", "incidents"]
#: second figures shown beside the F1s
EXTRA = ["statements.speaker", "statements.channel", "acts.date", "agreements.start", "agreements.status",
         "agreements.parties", "incidents.perpetrator", "incidents.claimed_by"]


def fold_ids() -> list[list[str]]:
    return [list(f) for f in json.loads((CORPUS / "folds.json").read_text())["folds"]]


def figure(result: dict, path: str) -> float | None:
    cur: object = result
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return float(cur) if isinstance(cur, (int, float)) else None


def prepare_models(fold: int, work: Path, only: str | None, train: bool) -> Path:
    """The model folder for ``fold``: corpus models trained without it, the others linked from the package."""
    out = work / f"fold{fold}"
    out.mkdir(parents=True, exist_ok=True)
    if train:
        cmd = [sys.executable, str(ROOT / "scripts" / "train.py"), "--out", str(out), "--exclude-fold", str(fold),
               "--corpus-only"]
        if only:
            cmd += ["--only", only]
        subprocess.run(cmd, check=True)
    packaged = json.loads((PACKAGED / "MANIFEST.json").read_text()) if (PACKAGED / "MANIFEST.json").exists() else {}
    path = out / "MANIFEST.json"
    mine = json.loads(path.read_text()) if path.exists() else {"models": {}}
    for name, entry in packaged.get("models", {}).items():
        if entry.get("corpus_sha256") and name in mine["models"]:
            continue  # trained for this fold
        if entry.get("corpus_sha256") and not (out / name).exists():
            # a corpus model not retrained here would have seen this fold: leave it out (rules take over)
            print(f"[crossval] fold {fold}: no fold model {name!r}; its stage runs on rules", file=sys.stderr)
            continue
        if not (out / name).exists() and (PACKAGED / name).exists():
            (out / name).symlink_to(PACKAGED / name)
        mine["models"].setdefault(name, entry)
    path.write_text(json.dumps(mine, indent=1, sort_keys=True) + "\n")
    return out


def score_fold(fold: int, ids: list[str], models: Path, truceline: str, tmp: Path) -> dict:
    want = set(ids)
    lines = [ln for ln in (CORPUS / "input.jsonl").read_text().splitlines()
             if ln.strip() and json.loads(ln)["id"] in want]
    inp = tmp / f"fold{fold}.jsonl"
    inp.write_text("\n".join(lines) + "\n")
    system = tmp / f"fold{fold}.system.jsonl"
    env = dict(os.environ, TRUCELINE_TRAINED_MODELS=str(models))
    with system.open("w") as fh:
        subprocess.run([truceline, "extract", "--format", "json", str(inp)], check=True, stdout=fh, env=env)
    out = subprocess.run([sys.executable, str(SCORE), "--input", str(inp), "--gold", str(CORPUS / "gold"),
                          "--system", str(system), "--json"], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def table(results: dict[int, dict]) -> tuple[str, dict[str, float]]:
    cols = [f"{k}.f1" for k in KINDS] + ["overall"] + EXTRA
    means = {}
    rows = ["| fold | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for fold, res in sorted(results.items()):
        vals = [figure(res, c) for c in cols]
        rows.append(f"| {fold} | " + " | ".join("-" if v is None else f"{v:.3f}" for v in vals) + " |")
    for c in cols:
        got = [v for v in (figure(r, c) for r in results.values()) if v is not None]
        means[c] = round(sum(got) / len(got), 3) if got else 0.0
    rows.append("| mean | " + " | ".join(f"{means[c]:.3f}" for c in cols) + " |")
    return "\n".join(rows), means


def gate_floor(mean: float, items: int | None, margin: float, z: float) -> float:
    """The evaluation gate's floor for a figure whose cross-validated mean is ``mean``: the mean less the
    larger of ``margin`` and ``z`` standard errors of a proportion measured on ``items`` dev items. The gate
    reads a small set (56 gold agreements, 57 incidents), whose figures stray from the corpus mean by more
    than 0.03 by chance alone; a floor inside that noise fails CI on noise and so makes dev the target."""
    noise = z * math.sqrt(mean * (1 - mean) / items) if items else 0.0
    return round(mean - max(margin, noise), 3)


def record(results: dict[int, dict], means: dict[str, float]) -> None:
    """Write the means into the manifest, and the evaluation floors derived from them."""
    path = PACKAGED / "MANIFEST.json"
    manifest = json.loads(path.read_text()) if path.exists() else {"models": {}}
    manifest["crossval"] = {**manifest.get("crossval", {}), "folds": sorted(results), "means": means,
                            "command": "python benchmarks/crossval.py --record (each fold scored with corpus models "
                                       "trained without it)"}
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    spec = json.loads(FLOORS.read_text())
    spec["crossval_means"] = {k: means[k] for k in spec["crossval_means"]}
    spec["floors"] = {k: gate_floor(v, spec["dev_items"].get(k), spec["margin"], spec["z"])
                      for k, v in spec["crossval_means"].items()}
    spec["measured"] = f"{time.strftime('%Y-%m-%d')} by `python benchmarks/crossval.py --record` ({len(results)} folds)"
    FLOORS.write_text(json.dumps(spec, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--folds", default="0,1,2,3,4")
    p.add_argument("--only", help="retrain only these corpus models (comma-separated)")
    p.add_argument("--no-train", action="store_true", help="reuse the fold models already in --work")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "truceline-crossval")
    p.add_argument("--truceline", default=str(ROOT / ".venv" / "bin" / "truceline"))
    p.add_argument("--json", action="store_true", help="print the per-fold results and means as JSON")
    p.add_argument("--record", action="store_true",
                   help="write the means into the manifest and the floors into tests/eval_floors.json")
    args = p.parse_args(argv)
    if not SCORE.exists():
        print(f"crossval: {SCORE} is absent (no ../shared beside this clone)", file=sys.stderr)
        return 2
    folds = fold_ids()
    results: dict[int, dict] = {}
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as t:
        for k in (int(x) for x in args.folds.split(",")):
            models = prepare_models(k, args.work, args.only, not args.no_train)
            results[k] = score_fold(k, folds[k], models, args.truceline, Path(t))
            print(f"[crossval] fold {k}: overall {results[k].get('overall')}", file=sys.stderr, flush=True)
    text, means = table(results)
    if args.json:
        print(json.dumps({"folds": results, "means": means}, indent=1))
    else:
        print(text)
        print(f"{len(results)} folds in {time.monotonic() - start:.0f} s")
    if args.record:
        record(results, means)
    shutil.rmtree(args.work / "unused", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
