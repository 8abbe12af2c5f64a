"""Loads and validates the edition's configuration (edition.yaml and one YAML file per essay)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import EditionError, Report

# The checkout that holds the toolchain; its edition/ is the Serge edition, whose design (pandoc defaults, CSS,
# templates) an edition without its own uses.
TOOLCHAIN = Path(__file__).resolve().parent.parent


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
# Semantic versioning's shape (2.0.0), with an optional pre-release or build suffix: 1.0.0, 1.1.0-rc.1.
VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


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
        items = LocatedList(_construct(v, path) for v in node.value)
        items.lines = [n.start_mark.line + 1 for n in node.value]
        for v, n in zip(items, node.value):
            if isinstance(v, Located):
                v.lines.setdefault("", n.start_mark.line + 1)
        return items
    return _scalar(node)


class LocatedList(list):
    """A list that remembers the line of each item in its YAML file."""

    lines: list


def _item_line(items, i: int, default: int = 0) -> int:
    lines = getattr(items, "lines", None)
    return lines[i] if lines and i < len(lines) else default


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


# Schema: key -> (type or tuple of types, required)
EDITION_KEYS = {
    "title": (str, True), "subtitle": (str, False), "editor": (str, True), "publisher": (str, False),
    "license": (str, False), "lang": (str, False), "bibliography": (str, True), "csl": (str, False),
    "page-size": (str, False), "subject": (str, False), "rights": (str, False), "identifier-base": (str, False),
    "essays": (dict, True), "books": (list, True), "names": (str, False), "version": (str, False),
}
BOOK_KEYS = {"id": (str, True), "title": (str, True), "subtitle": (str, False), "essays": (list, True),
             "editorial": (list, False),
             "csl": (str, False), "description": (str, False)}
ESSAY_KEYS = {
    "id": (str, True), "witness": (str, True), "profile": (str, True), "title": (str, False),
    "short-title": (str, False), "author": (str, False), "date": ((str, int), False), "source": (dict, False),
    "citations": (dict, False), "blocks": (list, False), "headings": (list, False), "title-lines": (str, False),
    "emendations": (list, False), "hyphenation": (dict, False), "notes": (dict, False), "supplied": (dict, False),
    "lang": (str, False), "block-quotes": (list, False), "order": (list, False),
    "subtitle": (str, False), "drop": (list, False), "typography": (list, False),
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
    def witness_file(self) -> str:
        """The witness's path as diagnostics and the audit name it: relative to the edition, also when it lies
        outside the edition's folder (`../shared/corpus/...`)."""
        inside = relpath(self.witness)
        return inside if not Path(inside).is_absolute() else os.path.normpath(self.data["witness"])

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
    for eid, rel in (data.get("essays") if isinstance(data.get("essays"), dict) else {}).items():
        if not isinstance(rel, str):
            continue  # CFG-003 from check_keys would not see inside the mapping
        epath = path.parent / rel
        efile = relpath(epath)
        edata = load_yaml(epath, report)
        if not isinstance(edata, Located):
            continue
        check_keys(edata, ESSAY_KEYS, f"essay {eid}", efile, report)
        lint_essay(edata, eid, efile, report)  # its profile is checked by the ingest, where the profiles are
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
        for e in b.get("essays") if isinstance(b.get("essays"), list) else []:
            if not isinstance(e, str) or e not in essays and e not in (data.get("essays") or {}):
                report.add("CFG-005", file, b.lines.get("essays", 0), book=b.get("id"), essay=e,
                           known=", ".join(essays))
        if isinstance(b.get("id"), str):
            books[b["id"]] = Book(b["id"], b.get("title", ""), list(b.get("essays") or []), b)
    lint_edition(data, essays, file, report)
    report.raise_errors()
    return Edition(data, essays, books, file)


# -- lint of what the schemas above cannot say: list items, nested mappings, ids, language tags ----------

ITEM_SCHEMAS = {
    "blocks": {"id": (str, True), "lines": ((str, int), True), "opens": (str, False)},
    "order": {"block": (str, True), "joins": (bool, False)},
    "emendations": {"line": (int, True), "reading": (str, True), "edition": (str, True), "reason": (str, False),
                    "occurrence": (int, False)},
    "drop": {"shortcode": (str, False), "image": (str, False), "raw": (str, False), "class": (str, False),
             "link": (str, False), "lines": ((str, int), False), "reason": (str, True)},
}
CITATIONS_KEYS = {"style": (str, False), "sigla": (dict, False), "aliases": (dict, False), "unresolved": (str, False)}
CITATION_STYLES = ("sigla", "author-year")
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*")


def lint_essay(data: Located, eid: str, file: str, report: Report) -> None:
    """Items of the essay's lists, its citations mapping, its id and language (each with its line)."""
    if "id" in data and data["id"] != eid:
        report.add("CFG-016", file, data.lines.get("id", 0), actual=data["id"], essay=eid)
    for name, schema in ITEM_SCHEMAS.items():
        items = data.get(name)
        if not isinstance(items, list):
            continue
        seen: dict = {}
        for i, item in enumerate(items):
            line = _item_line(items, i, data.lines.get(name, 0))
            if not isinstance(item, Located):
                report.add("CFG-003", file, line, key=f"{name}[{i + 1}]", where=f"essay {eid}", expected="dict",
                           actual=type(item).__name__)
                continue
            check_keys(item, schema, f"{name}[{i + 1}] of essay {eid}", file, report)
            bid = item.get("id")
            if name == "blocks" and isinstance(bid, str):
                if bid in seen:
                    report.add("CFG-015", file, line, what="block", value=bid, first=seen[bid])
                seen.setdefault(bid, line)
    for name in ("headings", "block-quotes"):
        items = data.get(name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, str):
                report.add("CFG-003", file, _item_line(items, i, data.lines.get(name, 0)), key=f"{name}[{i + 1}]",
                           where=f"essay {eid}", expected="str", actual=type(item).__name__)
    cites = data.get("citations")
    if isinstance(cites, Located):
        check_keys(cites, CITATIONS_KEYS, f"citations of essay {eid}", file, report)
        style = cites.get("style")
        if isinstance(style, str) and style not in CITATION_STYLES:
            report.add("CFG-013", file, cites.lines.get("style", 0), style=style, known=", ".join(CITATION_STYLES))
        if cites.get("unresolved", "error") not in ("error", "warning"):
            report.add("CFG-003", file, cites.lines.get("unresolved", 0), key="unresolved",
                       where=f"citations of essay {eid}", expected="error or warning",
                       actual=repr(cites.get("unresolved")))
        for table in ("sigla", "aliases"):
            entries = cites.get(table)
            for short, key in (entries.items() if isinstance(entries, dict) else []):
                if not isinstance(key, str):
                    report.add("CFG-003", file, getattr(entries, "lines", {}).get(short, 0), key=str(short),
                               where=f"citations {table} of essay {eid}", expected="str (a bibliography key)",
                               actual=type(key).__name__)
    _lang(data, f"essay {eid}", file, report)


def lint_edition(data: Located, essays: dict, file: str, report: Report) -> None:
    """Book ids, essays in no book, the bibliography file, the version and the language tag of edition.yaml."""
    _lang(data, "edition", file, report)
    version = data.get("version")
    if isinstance(version, str) and not VERSION.fullmatch(version):
        report.add("CFG-020", file, data.lines.get("version", 0), value=version)
    bib = data.get("bibliography")
    if isinstance(bib, str) and not (ROOT / bib).is_file():
        report.add("CFG-012", file, data.lines.get("bibliography", 0), path=bib)
    books = data.get("books")
    seen: dict = {}
    in_books: set = set()
    for i, b in enumerate(books if isinstance(books, list) else []):
        if not isinstance(b, Located):
            continue
        line = _item_line(books, i, data.lines.get("books", 0))
        bid = b.get("id")
        if isinstance(bid, str) and bid in seen:
            report.add("CFG-015", file, line, what="book", value=bid, first=seen[bid])
        elif isinstance(bid, str):
            seen[bid] = line
        listed = b.get("essays") if isinstance(b.get("essays"), list) else []
        in_books.update(e for e in listed if isinstance(e, str))
    for eid in essays:
        if eid not in in_books:
            report.add("CFG-017", file, data.lines.get("essays", 0), essay=eid)


def _lang(data: Located, where: str, file: str, report: Report) -> None:
    lang = data.get("lang")
    if isinstance(lang, str) and not _BCP47.fullmatch(lang):
        report.add("CFG-018", file, data.lines.get("lang", 0), value=lang, where=where)
