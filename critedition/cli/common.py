"""Helpers shared by the subcommands: loading the edition and printing diagnostics."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import config
from ..diagnostics import Report


def load(args, report: Report) -> config.Edition:
    return config.load(Path(args.config) if args.config else None, report)


def library(edition: config.Edition, report: Report):
    """The bibliography, parsed once for the whole run."""
    from ..bib import lint
    from ..builder import library_of

    # A bibliography with errors never reaches a book: lint it first, with positions, then stop.
    bib = lint.read(edition.bibliography, report, config.relpath(edition.bibliography))
    if bib is not None:
        lint.lint(bib, report)
    report.raise_errors()
    return library_of(edition)


def print_report(report: Report, fmt: str = "text") -> None:
    if report.items:
        print(report.format(fmt), file=sys.stderr if fmt == "text" else sys.stdout)


def collect(report: Report, step) -> None:
    """Run a step; diagnostics it raises join the report, so each is printed exactly once."""
    from ..diagnostics import EditionError

    try:
        step()
    except EditionError as err:
        report.merge(err.diagnostics)
