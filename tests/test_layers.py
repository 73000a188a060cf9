"""The package's imports follow the data: each layer imports only the layers below it, and no module
imports itself back through others. Read from the source with ``ast``, so nothing is imported here.

    base (errors, settings, models, dates, spreadsheet, trained) < resolve < sources < clean < extract < store < assess
    < views < report < serve < the drivers (ingest, batch) and the CLI

A lazy import inside a function counts the same as one at the top: it is still a dependency.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "truceline"

#: the rank of each layer; a module may import modules of its own layer or of a lower rank
LAYERS = {
    "errors": 0, "settings": 0, "trained": 0, "models": 0, "dates": 0, "spreadsheet": 0,
    "resolve": 1,
    "sources": 2,
    "clean": 3,
    "extract": 4,
    "store": 5,
    "assess": 6,
    "views": 7,
    "report": 8,
    "serve": 9,
    "ingest": 10, "batch": 10, "cli": 10, "__init__": 10, "__main__": 10,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The truceline modules a file imports (absolute names), wherever the import statement stands."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("truceline"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("truceline"):
                continue
            # "from . import acts" imports the module truceline.extract.acts
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.add(sub if module_path(sub) else target)
    out.discard(name)
    return out


def module_path(name: str) -> Path | None:
    rel = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    return {module_name(p): {m for m in imports_of(p) if module_path(m)} for p in files}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def upward(g: dict[str, set[str]]) -> list[str]:
    out = []
    for src, targets in sorted(g.items()):
        for dst in sorted(targets):
            a, b = layer(src), layer(dst)
            if a == b:
                continue
            if a not in LAYERS or b not in LAYERS:
                out.append(f"{src} -> {dst}: a layer missing from LAYERS")
            elif LAYERS[b] > LAYERS[a]:
                out.append(f"{src} -> {dst}")
    return out


def test_every_top_level_module_has_a_layer() -> None:
    names = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists())}
    assert names <= set(LAYERS), sorted(names - set(LAYERS))


def test_no_import_loops() -> None:
    assert cycles(graph()) == []


def test_imports_only_point_down() -> None:
    assert upward(graph()) == []


def test_the_guard_sees_a_loop_and_an_upward_import() -> None:
    g = {"truceline.store.a": {"truceline.assess.b"}, "truceline.assess.b": {"truceline.store.a"}}
    assert cycles(g) == [["truceline.assess.b", "truceline.store.a"]]
    assert upward(g) == ["truceline.store.a -> truceline.assess.b"]
    assert upward({"truceline.report.x": {"truceline.serve.y"}}) == ["truceline.report.x -> truceline.serve.y"]
    assert upward({"truceline.serve.y": {"truceline.report.x"}}) == []


def test_imports_are_read_relative_and_lazy(tmp_path: Path) -> None:
    found = imports_of(PACKAGE / "extract" / "pipeline.py")
    assert "truceline.extract.acts" in found  # "from . import acts" inside a function
    assert "truceline.resolve.actors" in found
    by_layer: dict[str, int] = defaultdict(int)
    for m in found:
        by_layer[layer(m)] += 1
    assert set(by_layer) <= {"errors", "models", "settings", "resolve", "extract", "clean"}
