"""The edition as the modules see it: edition.yaml, its essays' files and its names file, each read, checked
against the schema and given back with typed values and every default filled in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import EditionError, Report
from . import schema
from .files import ROOT, Located, line_in, load_yaml, relpath
from .validate import kind_name, validate


def _checked(model, data, file: str, where: str):
    """`data` as `model` for an object made outside `load` (tests, a changed copy): its problems are raised."""
    report = Report()
    out = validate(model, data, file, where, report)
    report.raise_errors()
    return out


@dataclass
class Essay:
    id: str
    data: Located  # the file as written, with the line of each key (for diagnostics)
    file: str  # configuration file, relative to the project
    settings: schema.Essay | None = None  # the same, typed, with the schema's defaults

    def __post_init__(self):
        if self.settings is None:
            self.settings = _checked(schema.Essay, self.data, self.file, f"essay {self.id}")

    @property
    def witness(self) -> Path:
        return ROOT / self.settings.witness

    @property
    def witness_file(self) -> str:
        """The witness's path as diagnostics and the audit name it: relative to the edition, also when it lies
        outside the edition's folder (`../shared/corpus/...`)."""
        inside = relpath(self.witness)
        return inside if not Path(inside).is_absolute() else os.path.normpath(self.settings.witness)

    @property
    def profile(self) -> str:
        return self.settings.profile

    def line_of(self, key: str) -> int:
        return self.settings.line_of(key)


@dataclass
class Book:
    id: str
    title: str
    essays: list[str]
    data: Located
    settings: schema.Book | None = None

    def __post_init__(self):
        if self.settings is None:
            self.settings = _checked(schema.Book, self.data, "edition/edition.yaml", f"book {self.id}")


@dataclass
class Edition:
    data: Located
    essays: dict[str, Essay]
    books: dict[str, Book]
    file: str = "edition/edition.yaml"
    root: Path = ROOT
    settings: schema.Edition | None = None
    names: schema.Names = field(default_factory=schema.Names)  # the index of names' file, if any

    def __post_init__(self):
        if self.settings is None:
            self.settings = _checked(schema.Edition, self.data, self.file, "edition")

    @property
    def bibliography(self) -> Path:
        return self.root / self.settings.bibliography

    def book(self, book_id: str) -> Book:
        return self.books[book_id]

    def csl_of(self, book: Book) -> str:
        """The book's CSL style: its own, else the edition's."""
        return book.settings.csl or self.settings.csl


def load(path: Path | None = None, report: Report | None = None) -> Edition:
    """Read edition.yaml, the essays it names and its names file; raise EditionError listing every problem."""
    report = report if report is not None else Report()
    path = path or ROOT / "edition" / "edition.yaml"
    file = relpath(path)
    data = load_yaml(path, report)
    if not isinstance(data, Located):
        if data is not None:
            report.add("CFG-003", file, 1, key="(top level)", where=file, expected="dict", actual=kind_name(data))
        report.raise_errors()
    listed = data.get("essays")
    settings = lint_edition(data, listed if isinstance(listed, dict) else {}, file, report)
    essays: dict[str, Essay] = {}
    for eid, rel in (listed.items() if isinstance(listed, dict) else []):
        if not isinstance(rel, str):
            continue  # reported by the schema
        efile = relpath(path.parent / rel)
        edata = load_yaml(path.parent / rel, report)
        if not isinstance(edata, Located):
            continue
        esettings = lint_essay(edata, eid, efile, report)
        if esettings is None:
            continue
        if not (ROOT / esettings.witness).is_file():
            report.add("WIT-001", efile, esettings.line_of("witness"), path=esettings.witness)
        essays[eid] = Essay(eid, edata, efile, esettings)
    names = schema.Names()
    if settings is not None and settings.names:
        npath = path.parent / settings.names
        ndata = load_yaml(npath, report)
        if ndata is not None:
            names = validate(schema.Names, ndata, relpath(npath), "the names file", report) or names
    report.raise_errors()
    books = {b.id: Book(b.id, b.title, list(b.essays), raw, b) for b, raw in zip(settings.books, data["books"])}
    return Edition(data, essays, books, file, settings=settings, names=names)


def lint_essay(data: Located, eid: str, file: str, report: Report) -> schema.Essay | None:
    """An essay's file against the schema, then what the schema cannot say: its id, its blocks' ids."""
    settings = validate(schema.Essay, data, file, f"essay {eid}", report)
    if isinstance(data.get("id"), str) and data["id"] != eid:
        report.add("CFG-016", file, line_in(data, "id"), actual=data["id"], essay=eid)
    if settings is not None:
        _unique(settings.blocks, "id", "block", file, report)
    return settings


def lint_edition(data: Located, essays: dict, file: str, report: Report) -> schema.Edition | None:
    """edition.yaml against the schema, then what the schema cannot say: the bibliography file, the books'
    ids and essays, and essays in no book."""
    settings = validate(schema.Edition, data, file, "edition", report)
    if settings is None:
        return None
    if not (ROOT / settings.bibliography).is_file():
        report.add("CFG-012", file, settings.line_of("bibliography"), path=settings.bibliography)
    _unique(settings.books, "id", "book", file, report)
    in_books: set[str] = set()
    for i, book in enumerate(settings.books):
        for e in book.essays:
            if e not in essays:
                report.add("CFG-005", file, settings.line_of("books", i, "essays"), book=book.id, essay=e,
                           known=", ".join(essays))
        in_books.update(book.essays)
    for eid in essays:
        if eid not in in_books:
            report.add("CFG-017", file, settings.line_of("essays"), essay=eid)
    return settings


def _unique(items: list, attr: str, what: str, file: str, report: Report) -> None:
    """CFG-015 for an id given to two items of a list."""
    first: dict[str, int] = {}
    for item in items:
        value, line = getattr(item, attr), item.line_of()
        if value in first:
            report.add("CFG-015", file, line, what=what, value=value, first=first[value])
        first.setdefault(value, line)
