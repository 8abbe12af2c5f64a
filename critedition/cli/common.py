"""Helpers shared by the subcommands: loading the edition and printing diagnostics."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import config
from ..bib import lint
from ..bib.annotations import library_of
from ..diagnostics import EditionError, Level, Report

# One exit code per class of failure, so that make and scripts can tell them apart.
EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_CONFIG, EXIT_OUTPUT = 0, 1, 2, 3, 4


def exit_code(diagnostics) -> int:
    """Configuration problems, then output/tool failures, then content errors."""
    codes = {d.code.split("-")[0] for d in diagnostics if d.level >= Level.ERROR}
    if not codes:
        return EXIT_OK
    if "CFG" in codes:
        return EXIT_CONFIG
    if codes & {"OUT", "TOOL", "DIST"} and not codes - {"OUT", "TOOL", "DIST"}:
        return EXIT_OUTPUT
    return EXIT_CONTENT


def load(args, report: Report) -> config.Edition:
    return config.load(Path(args.config) if args.config else None, report)


def library(edition: config.Edition, report: Report):
    """The bibliography, parsed once for the whole run."""
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
    try:
        step()
    except EditionError as err:
        report.merge(err.diagnostics)
