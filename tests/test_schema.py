"""Every record the real CLI prints for the demo corpus is valid truceline.v1."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "record.schema.json"

# The demo corpus: five files, one of them JSON Lines with two records.
DEMO_DOCUMENTS = 6


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_records(cli: Any, demo_dir: Path) -> list[dict[str, Any]]:
    proc = cli("extract", "--format", "json", str(demo_dir))
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _evidence(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``evidence`` object anywhere in a record."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence" and isinstance(value, dict):
                yield value
            else:
                yield from _evidence(value)
    elif isinstance(node, list):
        for item in node:
            yield from _evidence(item)


def test_vendored_schema_matches_shared_spec(schema: dict[str, Any], shared_dir: Path) -> None:
    original = shared_dir / "spec" / "record.schema.json"
    if not original.exists():
        pytest.skip(f"{original} is absent: cannot compare the vendored copy with the spec")
    assert schema == json.loads(original.read_text(encoding="utf-8"))


def test_schema_is_a_valid_json_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_rejects_a_broken_record(schema: dict[str, Any], demo_records: list[dict[str, Any]]) -> None:
    broken = json.loads(json.dumps(demo_records[0]))
    del broken["document"]["text"]
    broken["schema"] = "truceline.v0"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    assert {e.validator for e in errors} == {"required", "const"}


def test_demo_corpus_gives_one_record_per_document(demo_records: list[dict[str, Any]]) -> None:
    assert len(demo_records) == DEMO_DOCUMENTS
    ids = [r["document"]["id"] for r in demo_records]
    assert len(set(ids)) == DEMO_DOCUMENTS
    assert {"demo-wire-1", "demo-wire-2"} <= set(ids)


def test_demo_records_are_valid(schema: dict[str, Any], demo_records: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    problems = [f"{r['document']['id']}: {e.json_path}: {e.message}"
                for r in demo_records for e in validator.iter_errors(r)]
    assert problems == []


def test_evidence_offsets_fall_inside_the_text(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        size = len(record["document"]["text"])
        for ev in _evidence(record):
            assert 0 <= ev["start"] < ev["end"] <= size, (record["document"]["id"], ev)


def test_actor_references_resolve(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        ids = {a["id"] for a in record["actors"]}
        assert len(ids) == len(record["actors"])
        refs = [s["speaker"] for s in record["statements"]]
        refs += [a["actor"] for a in record["acts"]] + [a["target"] for a in record["acts"] if a["target"]]
        refs += [p for g in record["agreements"] for p in g["parties"]]
        refs += [i[k] for i in record["incidents"] for k in ("perpetrator", "claimed_by") if i[k]]
        refs += [d for i in record["incidents"] for d in i["denied_by"]]
        assert set(refs) <= ids, record["document"]["id"]
