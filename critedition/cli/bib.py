"""Draft bibliography entries from references the sources already give in full, for the editor to review.

`edition bib draft ESSAY` reads the essay's notes as the build ingests them (full notes, McKay-style
notes); `edition bib draft --witness FILE` reads a witness not yet configured (by the profile its extension and
content tell, as `edition new-essay` does); `edition bib import FILE` reads a reference list (in the
form of An Anarchist FAQ's bibliography). Each prints biblatex entries for the works not yet in the
bibliography, marked keywords = {draft} under a % comment citing the note or line they came from; --out
FILE writes them there instead. `make check` warns about every draft entry (BIB-021) and `make dist`
refuses a release that holds one (DIST-005): review each against the work, then remove `draft`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import config
from ..bib import draft
from ..bib.library import Library
from ..diagnostics import Report
from ..outputs import write_text
from ..witness.survey import detect_profile, survey, survey_file
from .common import EXIT_USAGE, exit_code, load, print_report


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="bib_command", required=True)
    d = sub.add_parser("draft", help="entries for the works an essay's notes give in full",
                       description="Entries for the works an essay's notes give in full and the bibliography lacks.")
    d.add_argument("essay", nargs="?", help="an essay id of edition.yaml")
    d.add_argument("--witness", help="a witness file not yet configured (instead of an essay id)")
    d.add_argument("--out", help="write the entries to this file instead of printing them")
    i = sub.add_parser("import", help="entries for the works of a reference list",
                       description="Entries for the works of a reference list that the bibliography lacks.")
    i.add_argument("file", help="the reference list (Markdown, one work a paragraph)")
    i.add_argument("--out", help="write the entries to this file instead of printing them")


def run(args) -> int:
    report = Report()
    edition = load(args, report)
    library = Library.load(edition.bibliography) if edition.bibliography.is_file() else Library([])
    lang = draft.langid(str(edition.data.get("lang", "en"))) or "english"
    if args.bib_command == "import":
        path = Path(args.file)
        text = _read(path, report)
        if text is None:
            print_report(report)
            return exit_code(report.items)
        works = draft.from_list(text, config.relpath(path), library, lang)
        return _emit(works, "", args.out)
    if bool(args.essay) == bool(args.witness):
        print("edition bib draft: give an essay id or --witness FILE (one of them)", file=sys.stderr)
        return EXIT_USAGE
    if args.essay:
        if args.essay not in edition.essays:
            report.add("EDIT-001", edition.file, essay=args.essay, config=edition.file, known=", ".join(edition.essays))
            print_report(report)
            return exit_code(report.items)
        essay = edition.essays[args.essay]
        lang = draft.langid(str(essay.data.get("lang", ""))) or lang
        name, witness, found = essay.id, essay.witness, survey(essay, report)
    else:
        witness = Path(args.witness).resolve()
        if not witness.is_file():
            report.add("WIT-001", args.witness, path=args.witness)
        name, found = witness.stem, survey_file(witness, detect_profile(witness), report)
    if report.errors:
        print_report(report)
        return exit_code(report.items)
    passed: list[draft.Origin] = []
    works = draft.from_notes(found.notes, config.relpath(witness), library, lang, passed)
    for origin in passed:  # no reference passed over in silence
        report.add("BIB-022", origin.file, origin.line, note=origin.note, text=_short(origin.text))
    print_report(report)
    return _emit(works, name, args.out)


def _short(text: str, most: int = 100) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _read(path: Path, report: Report) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add("WIT-001", str(path), path=str(path))
    except UnicodeDecodeError as e:
        report.add("WIT-002", str(path), byte=f"0x{e.object[e.start]:02x}", offset=e.start)
    return None


def _emit(works: list[draft.Work], essay: str, out: str | None) -> int:
    text = draft.render(works, essay)
    count = f"{len(works)} draft entr{'y' if len(works) == 1 else 'ies'}"
    if out:
        write_text(Path(out), text)
        print(f"edition bib: {count} written to {out}; review each, then remove `draft` from its keywords",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(f"edition bib: {count} (keywords = {{draft}}: `make check` warns until each is reviewed)",
              file=sys.stderr)
    return 0
