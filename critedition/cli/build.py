"""Build books: every essay once, then each book in each format (HTML, EPUB, PDF) under build/<book>/.

With --book and --to, build just those. `make` calls this per book and format so that it can skip
what is up to date; on its own it builds everything in one process.
"""

from __future__ import annotations

from ..builder import FORMATS, book_stage, build_all
from ..diagnostics import Report
from .common import collect, library, load, print_report


def add_arguments(p) -> None:
    p.add_argument("--book", action="append", help="a book id (repeatable; default: all books)")
    p.add_argument("--to", action="append", choices=FORMATS, help="a format (repeatable; default: all)")
    p.add_argument("--from-cache", action="store_true",
                   help="use the essays already ingested in build/cache (what make does)")


def run(args) -> int:
    from . import exit_code

    report = Report()
    edition = load(args, report)
    for b in args.book or []:
        if b not in edition.books:
            report.add("CFG-008", edition.file, book=b, known=", ".join(edition.books))
    report.raise_errors()
    formats = args.to or list(FORMATS)
    if args.from_cache:
        for b in args.book or list(edition.books):
            collect(report, lambda b=b: book_stage(edition, b, formats, report))
    else:
        collect(report, lambda: build_all(edition, report, args.book, formats, library(edition, report)))
    print_report(report)
    return exit_code(report.items)
