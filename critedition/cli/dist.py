"""Package the built books for release into dist/: versioned PDF, EPUB and zipped HTML, A4 and Letter booklets,
covers, SHA256SUMS, a release note (RELEASE.md) and an OPDS catalogue (catalog.xml).

Refuses, writing nothing, when the edition has no version (CFG-021), when `edition check` or the validators
(EPUBCheck, the PDF checks, Chromium) find an error (DIST-001), or when a book is missing or was built from
other sources, such as an earlier version (DIST-002: run make, as `make dist` does).
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..diagnostics import Report
from ..dist import package, release
from ..render.pandoc import source_date_epoch
from . import check
from .common import load, print_report
from .validate import validate


def add_arguments(p) -> None:
    p.add_argument("--out", default="dist", help="the release folder (default: dist/, replaced whole)")


def run(args) -> int:
    from . import exit_code

    report = Report()
    edition = load(args, report)
    if not edition.data.get("version"):
        report.add("CFG-021", edition.file, config=edition.file)
        print_report(report)
        return exit_code(report.items)
    # Cheap to dear: the sources, then whether the built books are these sources' books, then the validators.
    print("edition dist: checking the sources (edition check)")
    checked = check.check(args, Report())
    if not checked.errors:
        epoch = int(source_date_epoch())
        books = [package.release_book(edition, b, epoch, report) for b in edition.books]
        if report.errors:
            print_report(report)
            return exit_code(report.items)
        print("edition dist: validating the built books (edition validate)")
        validate(list(edition.books), checked)
    if checked.errors:
        print_report(checked)
        refused = Report()
        refused.add("DIST-001", edition.file, count=len(checked.errors))
        print_report(refused)
        return exit_code(checked.errors + refused.items)
    contents = release.files(edition, books, epoch)
    out = Path(args.out) if Path(args.out).is_absolute() else config.ROOT / args.out
    release.write(out, contents)
    for name, data in contents.items():
        print(f"  {config.relpath(out / name)}: {release.size(len(data))}")
    print(f"edition dist: {len(contents)} files in {config.relpath(out)}/ (check them with "
          f"`cd {config.relpath(out)} && sha256sum -c {release.SUMS}`)")
    return 0
