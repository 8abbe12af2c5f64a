"""Build books: every essay once, then each book in each format (HTML, EPUB, PDF) under build/<book>/.

With --book and --to, build just those. On its own it runs every stage in one process (formats in
--jobs workers), leaving build/ as make's stages would: `make` does that from nothing, and afterwards
calls the stages one by one (--cite-only, --from-cited) so that it can skip what is up to date.
"""

from __future__ import annotations

from ..build.paths import FORMATS
from ..build.stages import book_stage, cite_stage
from ..build.walk import build_all
from ..diagnostics import Report
from .common import collect, exit_code, library, load, print_report


def add_arguments(p) -> None:
    p.add_argument("--book", action="append", help="a book id (repeatable; default: all books)")
    p.add_argument("--to", action="append", choices=FORMATS, help="a format (repeatable; default: all)")
    p.add_argument("--from-cache", action="store_true",
                   help="assemble, cite and render from the essays already in build/cache")
    p.add_argument("--cite-only", action="store_true",
                   help="assemble and cite each book once from the essays in build/cache, into "
                        "build/cache/<book>.cited.json (make's book step)")
    p.add_argument("--from-cited", action="store_true",
                   help="render the books cited in build/cache/<book>.cited.json (what make does per format)")
    p.add_argument("--jobs", default="1", metavar="N|make",
                   help="formats rendered at once, in forked workers (default 1; `make`: as many as make's -j "
                        "allows, which is how `make` runs a build from nothing)")


def jobs(value: str, makeflags: str | None = None) -> int:
    """`--jobs`: a number, or `make` for make's -jN (in MAKEFLAGS; -j alone: one per core; none: 1)."""
    import os
    import re

    if value != "make":
        return max(1, int(value))
    flags = os.environ.get("MAKEFLAGS", "") if makeflags is None else makeflags
    m = re.search(r"(?:^|\s)-j(\d*)(?:\s|$)", flags)
    if m is None:
        return 1
    return int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)


def run(args) -> int:
    report = Report()
    edition = load(args, report)
    for b in args.book or []:
        if b not in edition.books:
            report.add("CFG-008", edition.file, book=b, known=", ".join(edition.books))
    report.raise_errors()
    formats = args.to or list(FORMATS)
    if args.cite_only:
        for b in args.book or list(edition.books):
            collect(report, lambda b=b: cite_stage(edition, b, report))
    elif args.from_cache or args.from_cited:
        for b in args.book or list(edition.books):
            collect(report, lambda b=b: book_stage(edition, b, formats, report, from_cited=args.from_cited))
    else:
        collect(report, lambda: build_all(edition, report, args.book, formats, library(edition, report),
                                          jobs(args.jobs)))
    print_report(report)
    return exit_code(report.items)
