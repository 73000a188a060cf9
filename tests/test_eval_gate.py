"""The evaluation gate: the dev-set figures must not drop below the floors in tests/eval_floors.json."""
from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

FLOORS_PATH = Path(__file__).resolve().parent / "eval_floors.json"


def figure(result: dict[str, Any], path: str) -> float | None:
    """``figure(result, "statements.f1")``: a dotted path into the scorer's JSON."""
    node: Any = result
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"the scorer's output has no {path!r}")
        node = node[part]
    return None if node is None else float(node)


def shortfalls(result: dict[str, Any], floors: dict[str, float], tolerance: float) -> list[str]:
    """One line per figure below its floor minus the tolerance (a missing figure counts as 0)."""
    out = []
    for path, floor in floors.items():
        value = figure(result, path)
        if (value if value is not None else 0.0) < floor - tolerance:
            out.append(f"{path}: {value} < floor {floor} (tolerance {tolerance})")
    return out


def test_shortfalls_flag_a_drop_beyond_the_tolerance() -> None:
    result = {"overall": 0.70, "statements": {"f1": 0.795, "speaker": None}}
    floors = {"overall": 0.70, "statements.f1": 0.80, "statements.speaker": 0.5}
    assert shortfalls(result, floors, 0.01) == ["statements.speaker: None < floor 0.5 (tolerance 0.01)"]
    assert shortfalls(result, {"statements.f1": 0.81}, 0.01) == [
        "statements.f1: 0.795 < floor 0.81 (tolerance 0.01)"]
    with pytest.raises(KeyError):
        shortfalls(result, {"acts.f1": 0.1}, 0.01)


@pytest.mark.eval
def test_dev_figures_hold_their_floors(shared_dir: Path, truceline_bin: str) -> None:
    runner = shared_dir / "eval" / "run"
    if not runner.exists():
        pytest.skip(f"{runner} is absent (no ../shared beside this clone): the evaluation gate cannot run")
    spec = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    proc = subprocess.run(["bash", str(runner), "dev", "--json"], capture_output=True, text=True, timeout=1200,
                          env={**os.environ, "TRUCELINE": truceline_bin})
    assert proc.returncode == 0, f"../shared/eval/run failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, f"../shared/eval/run printed nothing:\n{proc.stderr[-3000:]}"
    result = json.loads(lines[-1])
    assert result["missing"] == 0, f"{result['missing']} dev documents got no record"
    assert result["invalid"] <= spec["max_invalid"], f"{result['invalid']} records invalid:\n{proc.stderr[-3000:]}"
    assert shortfalls(result, spec["floors"], spec["tolerance"]) == [], json.dumps(result)


def floor_of(mean: float, items: int | None, margin: float, z: float) -> float:
    """The mean less the larger of the margin and ``z`` standard errors of a proportion over ``items``."""
    noise = z * math.sqrt(mean * (1 - mean) / items) if items else 0.0
    return round(mean - max(margin, noise), 3)


def test_a_small_dev_set_gets_a_wider_margin() -> None:
    assert floor_of(0.85, 56, 0.03, 1.645) == 0.772  # 56 gold agreements: 1.645 * 0.048 below
    assert floor_of(0.85, 5000, 0.03, 1.645) == 0.82  # a large set: the margin alone
    assert floor_of(0.96, None, 0.03, 1.645) == 0.93


def test_floors_are_the_cross_validated_means_less_the_margin() -> None:
    """The gate's floors come from cross-validation on corpus/, never from dev figures."""
    spec = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    means = spec["crossval_means"]
    assert set(spec["floors"]) == set(means) == set(spec["dev_items"])
    assert {k: floor_of(v, spec["dev_items"][k], spec["margin"], spec["z"]) for k, v in means.items()} == \
        spec["floors"]
