"""The checks of one entry (its key, type, fields, required fields and links) and of the file as a whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from bibtexparser import model

from ...diagnostics import Report
from ..text import clean, words
from . import fields
from .source import BibFile, block_line, field_line, field_re
from .tables import ALIASES, DATE, GAP_WORDS, KEYWORDS, LINK_FIELDS, NOINHERIT, OTHER_TYPES, REQUIRED

_BAD_KEY = re.compile(r"[\s,{}\"#%'()=\\]")


@dataclass
class EntryCheck:
    """One entry, with the file's other entries, for the rules of one entry."""

    bib: BibFile
    entry: model.Entry
    entries: dict[str, model.Entry]  # every entry of the file, by key
    strings: set[str]
    report: Report

    @cached_property
    def fields(self) -> dict[str, model.Field]:
        return {f.key.lower(): f for f in self.entry.fields}

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def type(self) -> str:
        return self.entry.entry_type.lower()

    def value(self, name: str) -> str:
        return str(self.fields[name].value) if name in self.fields else ""

    def add(self, code: str, **values) -> None:
        """Report ``code`` at the entry's @."""
        line = block_line(self.entry)
        self.report.add(code, self.bib.file, line, self.bib.col(line), key=self.key, **values)

    def add_at(self, name: str, code: str, **values) -> None:
        """Report ``code`` at the field ``name``."""
        at = field_line(self.fields[name])
        self.report.add(code, self.bib.file, at, self.bib.col(at, field_re(name)), key=self.key, **values)


def bad_key(e: EntryCheck) -> None:
    """BIB-001: a key that is empty or holds a character a key cannot hold."""
    if not e.key or _BAD_KEY.search(e.key):
        line = block_line(e.entry)
        e.report.add("BIB-001", e.bib.file, line, e.bib.col(line), entry=f"the entry at line {line}",
                     detail=f"{e.key!r} is not a valid key",
                     fix="keys are one word: auth.lower + year + veryshorttitle.lower")


def unknown_type(e: EntryCheck) -> None:
    """BIB-014: a type biblatex does not define."""
    if e.type not in REQUIRED and e.type not in ALIASES and e.type not in OTHER_TYPES:
        e.add("BIB-014", type=e.type)


def field_values(e: EntryCheck) -> None:
    """Each field's value (critedition/bib/lint/fields.py)."""
    for f in e.fields.values():
        fields.check(fields.Value(e.bib, e.entry, f, e.strings, e.report))


def missing_required(e: EntryCheck) -> None:
    """BIB-003 (no date) and BIB-004 (another required field), unless the note says the fact is unknown."""
    rules = required(e.type)
    if not rules:
        return
    have = _present(e)
    note, keywords = e.value("note").lower(), e.value("keywords").lower()
    for group in rules:
        if any(name in have for name in group):
            continue
        # A gap the entry documents is an editorial decision (docs/bibliography.md), not a mistake.
        gap = [w for name in group for w in GAP_WORDS.get(name, (name,))]
        if note and ("reconstructed" in keywords or any(w in note for w in gap)):
            continue
        if group == DATE:
            year = re.search(r"(1[5-9]|20)\d\d", e.key)
            e.add("BIB-003", year=year.group() if year else "YYYY")
        else:
            e.add("BIB-004", type=e.type, field=" or ".join(group), needed=", ".join(" or ".join(g) for g in rules))


def broken_links(e: EntryCheck) -> None:
    """BIB-010: crossref, xref, related or xdata naming no entry."""
    for name in LINK_FIELDS:
        for target in (t.strip() for t in e.value(name).split(",")):
            if target and target not in e.entries:
                e.add_at(name, "BIB-010", field=name, target=target)


def unknown_keywords(e: EntryCheck) -> None:
    """BIB-015: a keyword the edition does not use; BIB-016: reconstructed without a note; BIB-021: an entry
    drafted by `edition bib draft` and not yet reviewed."""
    keywords = [w.strip().lower() for w in e.value("keywords").split(",")]
    for w in keywords:
        if w and w not in KEYWORDS:
            e.add_at("keywords", "BIB-015", value=w)
    if "reconstructed" in keywords and not e.value("note").strip():
        e.add("BIB-016")
    if "draft" in keywords:
        e.add_at("keywords", "BIB-021")


RULES: list[Callable[[EntryCheck], None]] = [bad_key, unknown_type, field_values, missing_required,
                                             broken_links, unknown_keywords]


def check(e: EntryCheck) -> None:
    """Run the entry rules on one entry."""
    for rule in RULES:
        rule(e)


def same_works(bib: BibFile, parsed: list[model.Entry], report: Report) -> None:
    """BIB-011: two keys for one work, with the same title (with subtitle), year, volume and container.

    Titles are compared as the citation matcher compares them (``text.words``)."""
    seen: dict[tuple, model.Entry] = {}
    for e in parsed:
        f = {x.key.lower(): str(x.value) for x in e.fields}
        title = words(clean(f.get("title", "") + " " + f.get("subtitle", "")))
        year = re.search(r"\d{4}", f.get("date", "") or f.get("year", ""))
        if not title or not year:
            continue
        container = words(clean(f.get("booktitle", "") + f.get("journaltitle", "")))
        ident = (title, year.group(), f.get("volume", "").strip(), container, f.get("crossref", "").strip(),
                 f.get("pages", "").strip())
        if ident in seen:
            other = seen[ident]
            line = block_line(e)
            report.add("BIB-011", bib.file, line, bib.col(line), key=e.key, other=other.key,
                       other_line=block_line(other), title=clean(f.get("title", "")), year=year.group())
        else:
            seen[ident] = e


def required(entry_type: str) -> list[tuple[str, ...]]:
    """The field groups biblatex requires of a type (one field of each group)."""
    alias = entry_type in ALIASES
    # @phdthesis and @techreport are biblatex's @thesis and @report with the type already given.
    return [g for g in REQUIRED.get(ALIASES.get(entry_type, entry_type), []) if not (alias and g == ("type",))]


def inherited(own: set[str], parent_type: str, parent: set[str]) -> set[str]:
    """The field names an entry has, ``own`` and inherited through crossref from a ``parent`` of
    ``parent_type`` holding the names ``parent``, as biblatex inherits them."""
    have = set(own)
    renames = {"title": "maintitle"} if parent_type.startswith("mv") else \
        {"title": "journaltitle"} if parent_type == "periodical" else {"title": "booktitle", "subtitle": "booksubtitle"}
    for name in parent - NOINHERIT:
        have.add(renames.get(name, name))
        if name == "author":
            have.add("bookauthor")
    return have


def _present(e: EntryCheck) -> set[str]:
    """Field names an entry has, its own or inherited through crossref as biblatex does."""
    have = {n for n, f in e.fields.items() if str(f.value).strip()}
    parent = e.entries.get(e.value("crossref").strip()) if "crossref" in e.fields else None
    if parent is None or parent is e.entry:
        return have
    own = {f.key.lower() for f in parent.fields if str(f.value).strip()}
    return inherited(have, parent.entry_type.lower(), own)
