"""The house's shape: the folders are the pipeline's layers, imports only go down, no cycles, small modules.

An equivalent of an import-linter layers contract, but counting imports inside functions too (the lazy
imports of the writers and the essay passes are allowed: they point down the layers like any other)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("critedition", "filters")
# From the top down: a module may import from its own layer's package or from any layer below it. Siblings
# in one layer (cite and witness; pandoc's runner and the writes) are independent of each other.
LAYERS = [
    ("critedition.__main__",),
    ("critedition.cli",),
    ("critedition.preview",),
    ("critedition.dist",),
    ("critedition.build",),
    ("critedition.checks",),
    ("critedition.render",),
    ("critedition.book",),
    ("critedition.essay",),
    ("filters",),
    ("critedition.cite", "critedition.witness"),
    ("critedition.bib",),
    ("critedition.doc",),
    ("critedition.pandoc",),
    ("critedition.outputs", "critedition.interrupts"),
    ("critedition.config",),
    ("critedition.diagnostics_help",),
    ("critedition.diagnostics",),
]
MAX_LINES = 400


def modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            parts = f.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


MODULES = modules()


def _known(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, path: Path) -> set[str]:
    """Every project module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_known(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found |= {_known(f"{base}.{a.name}") or _known(base) for a in node.names}
    return {m for m in found if m and m != name and not m.startswith(name + ".") and not name.startswith(m + ".")}


GRAPH = {name: imports(name, path) for name, path in MODULES.items()}


def layer(name: str) -> tuple[int, str] | None:
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if name == p or name.startswith(p + "."):
                return i, p
    return None


def test_every_module_has_a_layer():
    assert [m for m in MODULES if layer(m) is None and m not in PACKAGES] == []


def test_imports_only_go_down_the_layers():
    wrong = []
    for name, targets in GRAPH.items():
        here = layer(name)
        if here is None:
            continue
        for t in targets:
            there = layer(t)
            if there is None:
                continue
            if there[0] < here[0] or (there[0] == here[0] and there[1] != here[1]):
                wrong.append(f"{name} -> {t}")
    assert wrong == []


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small_and_says_what_it_is(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc, f"{path.relative_to(ROOT)} opens with no docstring"


def test_the_checker_sees_a_cycle_and_an_upward_import(tmp_path):
    """The checks above can fail: an import inside a function that points up a layer is found."""
    f = tmp_path / "x.py"
    f.write_text('"""x."""\n\ndef f():\n    from critedition.cli import main\n')
    found = imports("critedition.config", f)
    assert "critedition.cli" in found
    assert layer("critedition.cli")[0] < layer("critedition.config")[0]
