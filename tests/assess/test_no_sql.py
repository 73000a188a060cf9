"""All SQL lives in truceline/store/: the assessment keeps the rules and calls the store's queries
(truceline.store.assessing). Read from the source with ``ast``, so nothing is imported here."""
from __future__ import annotations

import ast
from pathlib import Path

ASSESS = Path(__file__).resolve().parents[2] / "truceline" / "assess"


def _type_checking_blocks(tree: ast.AST) -> set[ast.AST]:
    """Every node under an ``if TYPE_CHECKING:`` block (imports there are for annotations only)."""
    out: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                out.update(ast.walk(stmt))
    return out


def sql_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    annotations_only = _type_checking_blocks(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "execute", "exec_driver_sql", "scalar", "scalars"):
            found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
        elif isinstance(node, ast.Import | ast.ImportFrom) and node not in annotations_only:
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = [] if isinstance(node, ast.Import) else [a.name for a in node.names]
            if any(m.split(".")[0] == "sqlalchemy" or m.endswith("store.schema") for m in modules) or (
                    any(m.endswith("store") for m in modules) and "schema" in names):
                found.append(f"{path.name}:{node.lineno} imports {modules} {names}")
    return found


def test_the_assessment_runs_no_sql_of_its_own() -> None:
    assert [hit for p in sorted(ASSESS.glob("*.py")) for hit in sql_in(p)] == []


def test_the_guard_sees_a_query(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("import sqlalchemy as sa\nfrom truceline.store import schema as t\n"
                   "def f(conn):\n    return conn.execute(sa.select(t.actors)).all()\n")
    assert len(sql_in(src)) == 3
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sqlalchemy as sa\n"
                   "def f(conn: sa.Connection) -> None: ...\n")
    assert sql_in(src) == []
