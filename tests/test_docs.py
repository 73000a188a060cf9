"""The reference pages in docs/ stay complete: every setting, every CLI command, every extra record field."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import click

from truceline import models
from truceline.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "record.schema.json"


def _rows(page: str) -> dict[str, str]:
    """Table rows of a docs page keyed by the first cell's backticked name."""
    rows = {}
    for line in (DOCS / page).read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|", line)
        if m:
            rows[m.group(1)] = line
    return rows


def _default_cell(f: dataclasses.Field[Any]) -> str | None:
    if f.default is dataclasses.MISSING:
        return None  # computed defaults (paths under $XDG_*) are described in words
    return "`" + (json.dumps(f.default) if isinstance(f.default, str) else repr(f.default)) + "`"


def test_every_setting_has_a_row_with_its_env_var_and_default() -> None:
    rows = _rows("settings.md")
    problems = []
    for f in dataclasses.fields(Settings):
        row = rows.get(f.name)
        if row is None:
            problems.append(f"{f.name}: no row in docs/settings.md")
            continue
        if f"`TRUCELINE_{f.name.upper()}`" not in row:
            problems.append(f"{f.name}: row does not name TRUCELINE_{f.name.upper()}")
        default = _default_cell(f)
        if default is not None and default not in row:
            problems.append(f"{f.name}: row does not give the default {default}")
    assert problems == []


def test_settings_page_lists_no_setting_that_does_not_exist() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert set(_rows("settings.md")) - names == set()


def _commands(group: click.Group, prefix: str = "truceline") -> list[str]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append(f"{prefix} {name}")
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix} {name}")
    return out


def test_every_cli_command_has_a_section() -> None:
    from truceline.cli import cli

    assert isinstance(cli, click.Group)
    headings = {line[3:].strip() for line in (DOCS / "cli.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")}
    commands = _commands(cli)
    assert "truceline extract" in commands
    assert [c for c in commands if c not in headings] == []


# The schema's object for each class of truceline.models, as a path of property names ("[]" = items).
_SCHEMA_PLACES = {
    models.Document: ["document"],
    models.Actor: ["actors", "[]"],
    models.Statement: ["statements", "[]"],
    models.Act: ["acts", "[]"],
    models.Agreement: ["agreements", "[]"],
    models.Incident: ["incidents", "[]"],
    models.Location: ["incidents", "[]", "location"],
}
# Item fields the schema requires but does not spell out as properties (see RECORDS.md).
_SPELLED_IN_RECORDS_MD = {
    models.Version: ("agreements.versions", {"by", "terms", "evidence"}),
    models.Condition: ("agreements.conditions", {"by", "text", "evidence"}),
}


def _schema_node(schema: dict[str, Any], path: list[str]) -> dict[str, Any]:
    node = schema
    for part in path:
        node = node["items"] if part == "[]" else node["properties"][part]
    return node


def test_every_field_outside_the_schema_is_documented() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    extras = []
    for cls, path in _SCHEMA_PLACES.items():
        known = set(_schema_node(schema, path).get("properties", {}))
        dotted = ".".join(p for p in path if p != "[]")
        extras += [f"{dotted}.{f.name}" for f in dataclasses.fields(cls) if f.name not in known]
    for cls, (dotted, known) in _SPELLED_IN_RECORDS_MD.items():
        extras += [f"{dotted}.{f.name}" for f in dataclasses.fields(cls) if f.name not in known]
    assert "acts.plover" in extras  # the mapping above still reaches the classes
    documented = set(_rows("records.md"))
    assert [e for e in extras if e not in documented] == []
