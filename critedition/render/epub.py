"""The EPUB 3 edition: one chapter file per essay, notes as EPUB footnotes, a generated cover, accessibility
metadata, byte-reproducible.

Steps (write_epub):
1. design.prepare(); the index of names gets the print edition's pages and the paragraph numbers their labels
   (render/digital.py); notes become noteref/footnote pairs numbered per essay (filters/epub_notes.py).
2. Chapters: pandoc splits a book into chapter files only at top-level headings, and the assembled book
   keeps each essay's title inside the essay's Div. Each part's level-1 heading is lifted out in front of
   its Div (the heading carries the part's language and `epub:type`), so each essay, the textual notes and
   the bibliography become chapter files. The half-title (a print convention) is left out; the title page
   and the colophon become chapters of their own, unlisted in the contents.
3. A cover PNG (critedition/render/cover.py) and accessibility metadata (schema.org properties, summary)
   go to pandoc; pandoc writes the package (SOURCE_DATE_EPOCH and the fixed identifier make it stable).
4. The package, once pandoc has written it (render/epub_package.py): chapter titles, the print edition's page
   markers and page-list, the edition's fonts with their licences, landmarks, the conformance claim (EPUB
   Accessibility 1.1, WCAG 2.1 AA), a described cover; the container rewritten with fixed timestamps.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import panflute as pf

from filters import epub_notes
from critedition.doc.text import descendants

from ..config import Edition
from ..diagnostics import Report
from ..book.metadata import identifier
from ..doc.inlines import words
from .. import pandoc
from . import cover, design, digital, fonts, webfonts
from .epub_package import Package, postprocess

FEATURES = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
# True once the book marks the print edition's pages and lists them in a page-list.
PAGE_FEATURES = ["printPageNumbers", "pageNavigation"]


def _lift(div: pf.Div, epub_type: str | None) -> list[pf.Block]:
    """A part whose Div opens with its level-1 heading -> the heading, then the Div's other blocks.

    Pandoc makes a section (and a chapter file) of each top-level heading, moving the heading's
    attributes to it: the part's classes, language and epub:type go on the heading, so that the
    section stands where the Div stood. An empty anchor keeps the Div's identifier."""
    head = next((b for b in div.content if isinstance(b, pf.Header) and b.level == 1), None)
    if head is None:
        return [div]
    body = [b for b in div.content if b is not head]
    if epub_type:
        head.attributes["epub:type"] = epub_type
        if epub_type in DPUB_ROLES:  # the ARIA role that matches the epub:type (DAISY Ace asks for both)
            head.attributes["role"] = f"doc-{epub_type}"
    for key, value in div.attributes.items():
        if key == "lang":
            head.attributes["lang"] = value
    head.classes.extend(c for c in div.classes if c not in head.classes)
    anchor = [pf.Div(identifier=div.identifier, classes=["anchor"])] if div.identifier else []
    return [head, *anchor, *body]


def _title_page(div: pf.Div, title: str) -> list[pf.Block]:
    rest = [b for b in div.content
            if not (isinstance(b, pf.Para) and any(isinstance(i, pf.Span) and "book-title" in i.classes
                                                    for i in b.content))]
    div.content = rest
    head = pf.Header(pf.Str(title), level=1, identifier="title-page-title", classes=["unlisted", "book-title"],
                     attributes={"epub:type": "titlepage"})
    return [head, div]


EPUB_TYPES = {"essay": "chapter", "back": "appendix", "matter": None}
DPUB_ROLES = {"chapter", "introduction", "appendix", "bibliography", "index", "glossary", "foreword", "preface",
              "prologue", "epilogue", "conclusion", "afterword", "acknowledgments", "colophon"}
EPUB_TYPES_BY_ID = {"bibliography-section": "bibliography", "index": "index"}
EPUB_TYPES_BY_CLASS = {"editorial": "introduction"}


def chapters(doc: pf.Doc, title: str) -> pf.Doc:
    out: list[pf.Block] = []
    for block in list(doc.content):
        kind = design.kind_of(block)
        ident = block.identifier if isinstance(block, pf.Div) else ""
        if ident == "half-title":
            continue
        if ident == "title-page":
            out.extend(_title_page(block, title))
        elif ident == "colophon":
            out.extend([pf.Header(*words("About this edition"), level=1, identifier="colophon-title",
                                  classes=["unlisted"], attributes={"epub:type": "copyright-page"}), block])
        elif kind in ("essay", "back", "matter"):
            epub_type = EPUB_TYPES_BY_ID.get(ident) or next(
                (t for c, t in EPUB_TYPES_BY_CLASS.items() if c in block.classes), EPUB_TYPES[kind])
            out.extend(_lift(block, epub_type))
        else:
            out.append(block)
    doc.content = out
    return doc


def summary(edition: Edition, book_id: str, notes: int, paged: bool = False) -> str:
    book = edition.book(book_id)
    parts = [f"{book.title}: a critical edition in reflowable text, with a navigable table of contents "
             "of essays and their sections, headings in reading order, and language marked per essay."]
    if notes:
        parts.append("The authors’ notes are linked footnotes, numbered per essay as in print, each with a "
                     "link back to its call.")
    parts.append("Paragraphs are numbered for reference; editorial emendations are marked in the text and "
                 "listed with the witnesses’ readings in the textual notes.")
    if paged:
        parts.append("The pages of the print edition are marked where they begin and listed in a page list, "
                     "and the index of names gives them, so that a reader can cite and find a printed page.")
    parts.append("The only image is the cover, which carries the title and authors also given in the text. "
                 "No hazards.")
    return " ".join(parts)


def _set_meta(doc: pf.Doc, key: str, value) -> None:
    doc.metadata[key] = pf.MetaList(*[pf.MetaString(v) for v in value]) if isinstance(value, list) \
        else pf.MetaString(value)


def write_epub(doc: pf.Doc, edition: Edition, book_id: str, out: Path, target: str, report: Report,
               pages: Path | None = None, font_cache: Path | None = None, data: bytes | None = None) -> None:
    """The book as an EPUB 3; with `pages` (the PDF's pagination), its print pages marked and listed. `data`:
    the Doc's JSON, if the caller has it."""
    fonts.check(target)
    book = edition.book(book_id)
    cited = digital.book_of(doc, pages, report, target, data)
    doc = design.prepare(doc, edition)
    digital.index_pages(doc, cited.pagination)
    digital.labelled_pnums(doc)
    notes = sum(1 for _ in _notes(doc))
    doc = epub_notes.run(doc)
    doc = chapters(doc, book.title)
    authors = [str(a) for a in doc.get_metadata("author", [])]
    paged = cited.pagination is not None
    _set_meta(doc, "accessModes", ["textual"])
    _set_meta(doc, "accessModeSufficient", ["textual"])
    _set_meta(doc, "accessibilityFeatures", FEATURES + (PAGE_FEATURES if paged else []))
    _set_meta(doc, "accessibilityHazards", ["none"])
    _set_meta(doc, "accessibilitySummary", summary(edition, book_id, notes, paged))
    with tempfile.TemporaryDirectory() as tmp:
        png = cover.make_cover(Path(tmp) / "cover.png", book.title, book.settings.subtitle, authors,
                               edition.settings.publisher)
        raw = Path(tmp) / "book.epub"
        pandoc.run([*pandoc.defaults("epub"), "--epub-cover-image", str(png), "--output", str(raw)],
                   pandoc.writer_json(doc, "epub"), "pandoc epub", target)
        data = raw.read_bytes()
    alt = html.escape(f"Cover: {book.title}, by {' and '.join(authors)}", quote=True)
    first = next((b for b in doc.content if isinstance(b, pf.Header) and "essay" in b.classes), None)
    marks = [("titlepage", "title-page-title", "Title page"),
             *([("bodymatter", first.identifier, "Start of the text")] if first is not None else []),
             ("appendix", "textual-notes", "Textual notes"),
             ("bibliography", "bibliography", "Bibliography")]
    package = Package(alt, marks, edition.settings.version, source=identifier(edition, book),
                      pagination=cited.pagination, subsets=webfonts.subsets(cited.json, font_cache))
    out.write_bytes(postprocess(data, package, report, target))


def _notes(doc: pf.Doc):
    return [e for e in descendants(doc) if isinstance(e, pf.Note)]
