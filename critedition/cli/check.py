"""Check the edition without building books: configuration, witnesses, notes, citations and bibliography.

Prints every diagnostic sorted by file and line; exits non-zero on any error (and on warnings with --strict,
or STRICT=1 in the environment). --format json gives the same list for tools.
"""

from __future__ import annotations

import os

from ..diagnostics import EditionError, Level, Report
from ..pipeline import build_essay
from .common import library, load, print_report


def add_arguments(p) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too (also STRICT=1)")


def run(args) -> int:
    from . import EXIT_CONTENT, exit_code

    report = Report()
    try:
        edition = load(args, report)
        lib = library(edition, report)
        for e in edition.essays:
            build_essay(edition, e, report, lib)
        for hook in CHECKS:
            hook(edition, lib, report)
    except EditionError:
        pass  # everything it carried is already in the report
    print_report(report, args.format)
    code = exit_code(report.items)
    strict = args.strict or os.environ.get("STRICT", "") not in ("", "0")
    if code == 0 and strict and any(d.level >= Level.WARNING for d in report.items):
        return EXIT_CONTENT
    if code == 0 and args.format == "text":
        n = len(report.items)
        print(f"edition check: no errors ({n} warning{'s' if n != 1 else ''} or suggestions)")
    return code


# Whole-edition checks (bibliography lint, unused entries...) register here: hook(edition, library, report).
CHECKS: list = []
