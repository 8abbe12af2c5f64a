"""Validate built books with the tools readers' software uses: EPUBCheck and DAISY Ace, poppler's pdffonts,
headless Chromium."""

from __future__ import annotations

from ..build.paths import book_output
from ..diagnostics import Report
from ..checks import validators
from .common import exit_code, load, print_report


def add_arguments(p) -> None:
    p.add_argument("--book", action="append", help="a book id (default: all)")


def run(args) -> int:
    report = Report()
    edition = load(args, report)
    validate(args.book or list(edition.books), report)
    print_report(report)
    return exit_code(report.items)


def validate(books, report: Report) -> Report:
    """Each built book through EPUBCheck and Ace, the PDF checks and Chromium, one status line per file."""
    for b in books:
        for fmt, check in (("epub", validators.epub_checks), ("pdf", validators.pdf_checks),
                           ("html", validators.html_in_chromium)):
            path = book_output(b, fmt)
            if not path.exists():
                report.add("OUT-001", str(path), step="validate", target=str(path), detail="not built; run make")
                continue
            for d in check(path):
                report.items.append(d)
            print(f"  {fmt:4} {b}: {'ok' if not [d for d in report.items if d.file == str(path)] else 'problems'}")
    return report
