"""Reads the configuration's YAML files keeping the line of every key and item, and finds the project's root."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Report


# The checkout that holds the toolchain; its edition/ is the Serge edition, whose design (pandoc defaults, CSS,
# templates) an edition without its own uses.
TOOLCHAIN = Path(__file__).resolve().parent.parent.parent


def _project_root() -> Path:
    """The edition's folder: EDITION_ROOT (set by `edition --root DIR` and `make ROOT=DIR`), else the working
    directory when it holds an edition (so tests can use a copy), else this checkout."""
    env = os.environ.get("EDITION_ROOT")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "edition" / "edition.yaml").is_file():
        return cwd.resolve()
    return TOOLCHAIN


ROOT = _project_root()


class Located(dict):
    """A mapping that remembers the line of each key in its YAML file."""

    lines: dict


class LocatedList(list):
    """A list that remembers the line of each item in its YAML file."""

    lines: list


def _construct(node, path: str):
    if isinstance(node, yaml.MappingNode):
        out = Located()
        out.lines = {"": node.start_mark.line + 1}
        for k, v in node.value:
            key = k.value
            out[key] = _construct(v, path)
            out.lines[key] = k.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_construct(v, path) for v in node.value)
        items.lines = [n.start_mark.line + 1 for n in node.value]
        for v, n in zip(items, node.value):
            if isinstance(v, Located):
                v.lines.setdefault("", n.start_mark.line + 1)
        return items
    return _scalar(node)


def line_in(node: Any, key: Any, default: int = 0) -> int:
    """The line of `key` (a mapping's key or a list's index) in a Located or LocatedList, else `default`."""
    lines = getattr(node, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, default)
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return default


# libyaml's parser when PyYAML has it: every process reads every essay's file, which at 40 essays cost
# 0.5-0.9 s a process with the pure-Python one. Errors are reported by the pure-Python one, as before.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar(node):
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()


def load_yaml(path: Path, report: Report) -> Any:
    """Parse a YAML file keeping line numbers; syntax errors become CFG-001."""
    rel = relpath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add("CFG-001", rel, detail="file not found")
        return None
    except UnicodeDecodeError as e:
        report.add("CFG-001", rel, detail=f"not UTF-8 ({e.reason})")
        return None
    try:
        # Aliases are refused before anything is built: expanding them can take exponential time and memory.
        loader = _FAST_LOADER
        try:
            events = list(yaml.parse(text, Loader=loader))
        except yaml.YAMLError:
            loader = yaml.SafeLoader
            events = list(yaml.parse(text, Loader=loader))
        for event in events:
            if isinstance(event, yaml.AliasEvent):
                report.add("CFG-011", rel, event.start_mark.line + 1, event.start_mark.column + 1)
                return None
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        context, where = getattr(e, "context", None), getattr(e, "context_mark", None)
        detail = str(getattr(e, "problem", None) or e)
        if context and where:  # e.g. "while parsing a flow mapping" opened on an earlier line
            detail += f" ({context} at line {where.line + 1})"
        report.add("CFG-001", rel, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0, detail=detail)
        return None
    if node is None:
        return Located()
    return _construct(node, rel) if _check_keys(node, rel, report) else None


def _check_keys(node, rel: str, report: Report) -> bool:
    """CFG-010 for a key given twice in one mapping (PyYAML would silently keep the last); False if a key
    is itself a mapping or list ("? ..."), which no configuration uses."""
    todo, plain = [node], True
    while todo:
        n = todo.pop()
        if isinstance(n, yaml.MappingNode):
            first: dict = {}
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    report.add("CFG-003", rel, k.start_mark.line + 1, k.start_mark.column + 1, key="(complex key)",
                               where=rel, expected="a plain name", actual=k.id)
                    plain = False
                elif k.value in first:
                    report.add("CFG-010", rel, k.start_mark.line + 1, k.start_mark.column + 1, key=k.value,
                               where=rel, first=first[k.value])
                else:
                    first[k.value] = k.start_mark.line + 1
                todo.append(v)
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(n.value)
    return plain


def relpath(path: Path | str) -> str:
    p = Path(path).resolve()
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(path)


def design_folder(part: str) -> Path:
    """One of the design folders (`defaults`, `css`, `templates`): the edition's own under edition/, else the
    toolchain's. The defaults name the CSS and templates relative to themselves, so the three go together."""
    own = ROOT / "edition" / part
    return own if own.is_dir() or ROOT == TOOLCHAIN else TOOLCHAIN / "edition" / part
