"""Ingest and filter essays: write build/cache/<essay>.json, build/text/<essay>.md and the citation audit."""

from __future__ import annotations

from ..builder import essay_stage
from ..diagnostics import Report
from .common import collect, library, load, print_report


def add_arguments(p) -> None:
    p.add_argument("essays", nargs="*", help="essay ids (default: all)")


def run(args) -> int:
    from . import exit_code

    report = Report()
    edition = load(args, report)
    lib = library(edition, report)
    for e in args.essays or list(edition.essays):
        if e not in edition.essays:
            report.add("CFG-005", edition.file, book="(command line)", essay=e, known=", ".join(edition.essays))
            break
        collect(report, lambda e=e: essay_stage(edition, e, report, lib))
    print_report(report)
    return exit_code(report.items)
