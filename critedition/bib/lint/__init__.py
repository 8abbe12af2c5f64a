"""Lint the bibliography: syntax, keys, biblatex's required fields, suspicious values and links between entries.

``source`` reads and parses the file, ``syntax`` diagnoses what could not be parsed, ``rules`` checks each
entry and the file as a whole, ``fields`` each field's value, ``usage`` what the essays cite. Every rule is
named, with its code, in docs/bibliography.md.
"""

from __future__ import annotations

from bibtexparser import model

from ...diagnostics import Report
from . import rules, syntax
from .source import BibFile, library, parse, read
from .tables import MONTHS
from .usage import editorial_citations, usage

__all__ = ["BibFile", "editorial_citations", "library", "lint", "lint_text", "parse", "read", "usage"]


def lint(bib: BibFile, report: Report) -> None:
    """Every problem that the file alone shows (not usage, which needs the essays)."""
    entries = {e.key: e for e in bib.parsed.entries}
    strings = {s.key.lower() for s in bib.parsed.strings} | MONTHS
    checked: list[model.Entry] = list(bib.parsed.entries)
    for block in bib.parsed.failed_blocks:
        extra = syntax.failed(bib, block, report)
        if extra is not None:
            checked.append(extra)
    previous, last = None, None
    for block in bib.parsed.blocks:
        # Text right after a failed block is its own remains, already reported with it.
        if isinstance(block, model.ImplicitComment) and not isinstance(last, model.ParsingFailedBlock):
            syntax.stray(bib, block, previous, report)
        elif isinstance(block, model.Entry):
            previous = block
        last = block
    for entry in checked:
        rules.check(rules.EntryCheck(bib, entry, entries, strings, report))
    rules.same_works(bib, bib.parsed.entries, report)


def lint_text(text: str, file: str = "bibliography.bib") -> Report:
    """Lint .bib text (for tests and tools): a Report, never an exception."""
    report = Report()
    lint(parse(text, file), report)
    return report
