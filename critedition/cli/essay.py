"""Ingest and filter essays: write build/cache/<essay>.json, build/text/<essay>.md and the citation audit."""

from __future__ import annotations

from ..build.stages import essay_stage, ingest_stage
from ..diagnostics import Report
from .common import collect, exit_code, library, load, print_report


def add_arguments(p) -> None:
    p.add_argument("essays", nargs="*", help="essay ids (default: all)")
    stage = p.add_mutually_exclusive_group()
    stage.add_argument("--ingest-only", action="store_true",
                       help="only ingest, into build/cache/<essay>.ingest.json (make's first essay step)")
    stage.add_argument("--from-ingested", action="store_true",
                       help="filter the Draft in build/cache/<essay>.ingest.json instead of ingesting again "
                            "(make's second essay step)")


def run(args) -> int:
    report = Report()
    edition = load(args, report)
    # Ingest reads no bibliography: a broken .bib does not stop it.
    lib = None if args.ingest_only else library(edition, report)
    for e in args.essays or list(edition.essays):
        if e not in edition.essays:
            report.add("CFG-005", edition.file, book="(command line)", essay=e, known=", ".join(edition.essays))
            break
        if args.ingest_only:
            collect(report, lambda e=e: ingest_stage(edition, e, report))
        else:
            collect(report, lambda e=e: essay_stage(edition, e, report, lib, args.from_ingested))
    print_report(report)
    return exit_code(report.items)
