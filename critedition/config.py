"""Loads and validates the edition's configuration (edition.yaml and one YAML file per essay)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import EditionError, Report

def _project_root() -> Path:
    """The project is the working directory when it holds an edition (so tests can use a copy), else this checkout."""
    env = os.environ.get("EDITION_ROOT")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "edition" / "edition.yaml").is_file():
        return cwd.resolve()
    return Path(__file__).resolve().parent.parent


ROOT = _project_root()
PROFILES = ("anarchist-library", "ocr")


class Located(dict):
    """A mapping that remembers the line of each key in its YAML file."""

    lines: dict


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
        items = [_construct(v, path) for v in node.value]
        for v, n in zip(items, node.value):
            if isinstance(v, Located):
                v.lines.setdefault("", n.start_mark.line + 1)
        return items
    return _scalar(node)


def _scalar(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        report.add("CFG-001", rel, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0,
                   detail=str(getattr(e, "problem", e)))
        return None
    return _construct(node, rel) if node is not None else Located()


def relpath(path: Path | str) -> str:
    p = Path(path).resolve()
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(path)


# Schema: key -> (type or tuple of types, required)
EDITION_KEYS = {
    "title": (str, True), "subtitle": (str, False), "editor": (str, True), "publisher": (str, False),
    "license": (str, False), "lang": (str, False), "bibliography": (str, True), "csl": (str, False),
    "page-size": (str, False), "subject": (str, False), "rights": (str, False), "identifier-base": (str, False),
    "essays": (dict, True), "books": (list, True),
}
BOOK_KEYS = {"id": (str, True), "title": (str, True), "subtitle": (str, False), "essays": (list, True),
             "csl": (str, False), "description": (str, False)}
ESSAY_KEYS = {
    "id": (str, True), "witness": (str, True), "profile": (str, True), "title": (str, False),
    "short-title": (str, False), "author": (str, False), "date": ((str, int), False), "source": (dict, False),
    "citations": (dict, False), "blocks": (list, False), "headings": (list, False), "title-lines": (str, False),
    "emendations": (list, False), "hyphenation": (dict, False), "notes": (dict, False), "supplied": (dict, False),
    "lang": (str, False), "block-quotes": (list, False), "order": (list, False),
}


def check_keys(data: Located, schema: dict, where: str, file: str, report: Report) -> None:
    lines = getattr(data, "lines", {})
    for key in data:
        if key not in schema:
            report.add("CFG-002", file, lines.get(key, 0), key=key, where=where, known=", ".join(schema))
            continue
        typ, _ = schema[key]
        if not isinstance(data[key], typ):
            exp = " or ".join(t.__name__ for t in (typ if isinstance(typ, tuple) else (typ,)))
            report.add("CFG-003", file, lines.get(key, 0), key=key, where=where, expected=exp,
                       actual=type(data[key]).__name__)
    for key, (_, required) in schema.items():
        if required and key not in data:
            report.add("CFG-004", file, lines.get("", 0), key=key, where=where)


@dataclass
class Essay:
    id: str
    data: Located
    file: str  # configuration file, relative to the project

    @property
    def witness(self) -> Path:
        return ROOT / self.data["witness"]

    @property
    def profile(self) -> str:
        return self.data["profile"]

    def line_of(self, key: str) -> int:
        return self.data.lines.get(key, 0)


@dataclass
class Book:
    id: str
    title: str
    essays: list[str]
    data: Located


@dataclass
class Edition:
    data: Located
    essays: dict[str, Essay]
    books: dict[str, Book]
    file: str = "edition/edition.yaml"
    root: Path = ROOT

    @property
    def bibliography(self) -> Path:
        return self.root / self.data["bibliography"]

    def book(self, book_id: str) -> Book:
        return self.books[book_id]


def load(path: Path | None = None, report: Report | None = None) -> Edition:
    """Read edition.yaml and the essays it names; raise EditionError listing every problem."""
    report = report if report is not None else Report()
    path = path or ROOT / "edition" / "edition.yaml"
    file = relpath(path)
    data = load_yaml(path, report)
    if not isinstance(data, Located):
        if data is not None:
            report.add("CFG-003", file, 1, key="(top level)", where=file, expected="dict", actual=type(data).__name__)
        report.raise_errors()
    check_keys(data, EDITION_KEYS, "edition", file, report)
    essays: dict[str, Essay] = {}
    for eid, rel in (data.get("essays") or {}).items():
        epath = path.parent / rel
        efile = relpath(epath)
        edata = load_yaml(epath, report)
        if not isinstance(edata, Located):
            continue
        check_keys(edata, ESSAY_KEYS, f"essay {eid}", efile, report)
        if edata.get("profile") not in PROFILES and "profile" in edata:
            report.add("CFG-006", efile, edata.lines.get("profile", 0), profile=edata.get("profile"),
                       known=", ".join(PROFILES))
        if isinstance(edata.get("witness"), str) and not (ROOT / edata["witness"]).is_file():
            report.add("WIT-001", efile, edata.lines.get("witness", 0), path=edata["witness"])
        essays[eid] = Essay(eid, edata, efile)
    books: dict[str, Book] = {}
    for b in data.get("books") or []:
        if not isinstance(b, Located):
            report.add("CFG-003", file, data.lines.get("books", 0), key="books[]", where="edition",
                       expected="dict", actual=type(b).__name__)
            continue
        check_keys(b, BOOK_KEYS, f"book {b.get('id', '?')}", file, report)
        for e in b.get("essays") or []:
            if e not in essays:
                report.add("CFG-005", file, b.lines.get("essays", 0), book=b.get("id"), essay=e,
                           known=", ".join(essays))
        if "id" in b:
            books[b["id"]] = Book(b["id"], b.get("title", ""), list(b.get("essays") or []), b)
    report.raise_errors()
    return Edition(data, essays, books, file)
