"""The book cited: assembled from its essays, citations resolved by citeproc, then the bibliography's
back-links, further reading and abbreviations filled in."""

from __future__ import annotations

import unicodedata

import panflute as pf

from filters import backlinks

from .. import pandoc
from ..bib.annotations import entry_annotations, further_reading_keys, library_of, title_languages
from ..config import Edition, relpath
from ..diagnostics import Report
from ..doc.text import descendants, transform
from . import assemble, matter
from .citeproc import cite

SAFE_URL = ("#", "http://", "https://", "mailto:")


def cited_book(edition: Edition, book_id: str, essays: list[pf.Doc], citeproc=None,
               report: Report | None = None) -> pf.Doc:
    """The book with its citations resolved, from its essays' Docs (which assembly changes: give it its own).
    `citeproc(doc, target)` resolves them (by default book/citeproc.py's: the watch's may reuse its last
    result). The entries the style leaves out of the bibliography are CITE-010, in `report`."""
    book = edition.book(book_id)
    doc = assemble.assemble(edition, book, essays)
    doc = (citeproc or cite)(doc, f"build/{book_id}")
    left_out = unprinted(doc)
    if left_out and report is not None:
        entries = library_of(edition).entries
        for key in left_out:
            line = entries[key].line if key in entries else 0
            report.add("CITE-010", relpath(edition.bibliography), line, 1 if line else 0, key=key,
                       style=edition.csl_of(book), book=book_id)
    doc = transform(doc, _safe_links)
    notes, related = entry_annotations(edition)
    doc = backlinks.run(doc, notes, related)
    doc = matter.further_reading(doc, further_reading_keys(edition))
    _title_languages(doc, title_languages(edition), edition.settings.lang)
    return matter.fill_abbreviations(doc)


def unprinted(doc: pf.Doc) -> list[str]:
    """The keys of the entries the style prints nothing for, which citeproc writes as empty entries (Chicago's
    notes styles leave out of the bibliography the letters, interviews and manuscripts a reader cannot consult;
    their notes give them whole). Those entries are removed from `doc`, and the citations' links to them become
    their text."""
    keys: list[str] = []

    def drop(elem: pf.Element, _doc):
        if (isinstance(elem, pf.Div) and elem.identifier.startswith("ref-") and "csl-entry" in elem.classes
                and not pf.stringify(elem).strip()):
            keys.append(elem.identifier[4:])
            return []
        return None
    transform(doc, drop)
    gone = {f"#ref-{k}" for k in keys}
    if gone:
        transform(doc, lambda elem, _doc: list(elem.content) if isinstance(elem, pf.Link) and elem.url in gone
                  else None)
    return keys


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("'", "’").split())


def _title_languages(doc: pf.Doc, languages: dict[str, list[tuple[str, str]]], lang: str) -> None:
    """A title in another language than the book's (a French original title, say) is marked with its language,
    as the entry declares it (langid, origlanguage): read aloud and hyphenated as that language."""
    book = lang.split("-")[0].lower()
    for entry in [e for e in descendants(doc) if isinstance(e, pf.Div) and e.identifier.startswith("ref-")]:
        for text, tag in languages.get(entry.identifier[4:], []):
            if tag.split("-")[0].lower() == book:
                continue
            wanted = _comparable(text)
            found = next((e for e in descendants(entry)
                          if isinstance(e, (pf.Span, pf.Emph, pf.Strong)) and _comparable(pf.stringify(e)) == wanted), None)
            if isinstance(found, pf.Span):
                found.attributes["lang"] = tag
            elif found is not None:
                found.content = [pf.Span(*found.content, attributes={"lang": tag})]


def _safe_links(elem: pf.Element, doc: pf.Doc):
    """Text from bibliography.bib (a LaTeX \\href or \\includegraphics) may carry links and images: keep only
    web, mail and internal links, and no images at all (an image would be fetched at build time)."""
    if isinstance(elem, pf.Link) and not elem.url.startswith(SAFE_URL):
        return pf.Span(*elem.content)
    if isinstance(elem, pf.Image):
        return pf.Span(*elem.content)
    return None
