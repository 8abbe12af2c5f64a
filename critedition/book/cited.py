"""The book cited: assembled from its essays, citations resolved by citeproc, then the bibliography's
back-links, further reading and abbreviations filled in."""

from __future__ import annotations

import panflute as pf

from filters import backlinks

from .. import pandoc
from ..bib.annotations import entry_annotations, further_reading_keys
from ..config import Edition
from ..doc.text import transform
from . import assemble, matter

SAFE_URL = ("#", "http://", "https://", "mailto:")


def cited_book(edition: Edition, book_id: str, essays: list[pf.Doc], citeproc=None) -> pf.Doc:
    """The book with its citations resolved, from its essays' Docs (which assembly changes: give it its own).
    `citeproc(doc, target)` resolves them (the watch may reuse its last result)."""
    book = edition.book(book_id)
    doc = assemble.assemble(edition, book, essays)
    doc = (citeproc or pandoc.cite)(doc, f"build/{book_id}")
    doc = transform(doc, _safe_links)
    notes, related = entry_annotations(edition)
    doc = backlinks.run(doc, notes, related)
    doc = matter.further_reading(doc, further_reading_keys(edition))
    return matter.fill_abbreviations(doc)


def _safe_links(elem: pf.Element, doc: pf.Doc):
    """Text from bibliography.bib (a LaTeX \\href or \\includegraphics) may carry links and images: keep only
    web, mail and internal links, and no images at all (an image would be fetched at build time)."""
    if isinstance(elem, pf.Link) and not elem.url.startswith(SAFE_URL):
        return pf.Span(*elem.content)
    if isinstance(elem, pf.Image):
        return pf.Span(*elem.content)
    return None
