"""Build books: every essay once, then each book in each format (HTML, EPUB, PDF) under build/<book>/.

With --book and --to, build just those. `make` calls this per book and format so that it can skip
what is up to date; on its own it builds everything in one process.
"""

from __future__ import annotations

from ..builder import FORMATS, book_stage, build_all, cite_stage
from ..diagnostics import Report
from .common import collect, library, load, print_report


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


def run(args) -> int:
    from . import exit_code

    report = Report()
    edition = load(args, report)
    for b in args.book or []:
        if b not in edition.books:
            report.add("CFG-008", edition.file, book=b, known=", ".join(edition.books))
    report.raise_errors()
    formats = args.to or list(FORMATS)
    if args.cite_only:
        for b in args.book or list(edition.books):
            collect(report, lambda b=b: cite_stage(edition, b))
    elif args.from_cache or args.from_cited:
        for b in args.book or list(edition.books):
            collect(report, lambda b=b: book_stage(edition, b, formats, report, from_cited=args.from_cited))
    else:
        collect(report, lambda: build_all(edition, report, args.book, formats, library(edition, report)))
    print_report(report)
    return exit_code(report.items)
