"""Package the built books for release into dist/: versioned PDF, EPUB and zipped HTML, A4 and Letter booklets,
covers, SHA256SUMS, a release note (RELEASE.md) and an OPDS catalogue (catalog.xml).

Refuses, writing nothing, when: the edition has no version (CFG-021); the release folder is not new, empty
or an earlier release (DIST-003); `edition check` finds an error, or a warning with --strict or STRICT=1
(DIST-001); the bibliography holds an entry marked `draft`, not yet reviewed (DIST-005); a validator is missing (DIST-004: an unvalidated release is not one) or finds an error
(DIST-001); a book is missing, unreadable or was built from other sources, such as another version
(DIST-002: run make, as `make dist` does).
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..diagnostics import Report
from ..outputs import source_date_epoch
from . import check
from .common import EXIT_CONTENT, exit_code, load, print_report
from .validate import validate


def add_arguments(p) -> None:
    p.add_argument("--out", default="dist", help="the release folder (default: dist/, replaced whole)")
    p.add_argument("--strict", action="store_true", help="warnings of edition check refuse too (also STRICT=1)")


def run(args) -> int:
    from ..dist import package, release  # pypdf: not imported by every stage of a build
    report = Report()
    edition = load(args, report)
    out = Path(args.out) if Path(args.out).is_absolute() else config.ROOT / args.out
    if not edition.settings.version:
        report.add("CFG-021", edition.file, config=edition.file)
    why = release.replaceable(out, config.ROOT)
    if why:
        report.add("DIST-003", config.relpath(out), path=config.relpath(out), why=why)
    if report.errors:
        print_report(report)
        return exit_code(report.items)
    # Cheap to dear: the sources, the validators over the built books, then the packaging itself.
    print("edition dist: checking the sources (edition check)", flush=True)
    checked = check.check(args, Report())
    strict = check.strict(args)
    problems = check.failing(checked, strict)
    # A draft entry (`edition bib draft`) is a warning while editing, and never goes out in a release.
    drafts = [d for d in checked.items if d.code == "BIB-021"]
    blocked = [checked.add("DIST-005", edition.file, count=len(drafts), plural="y" if len(drafts) == 1 else "ies")
               ] if drafts else []
    if not problems and not blocked:
        print("edition dist: validating the built books (edition validate)", flush=True)
        validated = validate(list(edition.books), Report())
        checked.extend(validated.items)
        for d in validated.items:
            if d.code == "TOOL-001":  # a validator that could not run: the release would go out unvalidated
                checked.add("DIST-004", d.file, detail=d.message)
        problems = checked.errors
    print_report(checked)
    if problems or blocked:
        refused = Report()
        if problems:
            refused.add("DIST-001", edition.file, count=len(problems), strict=" (--strict)" if strict else "")
        print_report(refused)
        # Drafts are the sources' problem, as check's errors are: not an output or tool failure.
        return exit_code(problems + refused.items) if problems else EXIT_CONTENT
    epoch = int(source_date_epoch())
    books = [package.release_book(edition, b, epoch, report) for b in edition.books]
    if report.errors:
        print_report(report)
        return exit_code(report.items)
    contents = release.files(edition, books, epoch)
    release.write(out, contents, epoch)
    for name, data in contents.items():
        print(f"  {config.relpath(out / name)}: {release.size(len(data))}")
    print(f"edition dist: {len(contents)} files in {config.relpath(out)}/ (check them with "
          f"`cd {config.relpath(out)} && sha256sum -c {release.SUMS}`)")
    return 0
