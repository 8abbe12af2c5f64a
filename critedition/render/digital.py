"""What the HTML and the EPUB do alike, and the print does not: the print edition's pages marked in the text and
given in the index of names, paragraph numbers labelled for assistive technology, the fonts carried along.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import panflute as pf

from critedition.doc.text import descendants

from .. import pandoc
from ..diagnostics import Report
from . import pages

# Parts of the print edition the HTML and the EPUB do not have (the half-title, the contents page): a page
# that begins in one is marked where the next page that they have begins.
NOT_CARRIED = {"half-title", "contents"}


@dataclass
class Book:
    """The cited book as a format gets it: its JSON text (for its hash and its characters) and the pagination
    the PDF's build recorded for that text, if any."""
    json: str
    pagination: dict | None


def book_of(doc: pf.Doc, pages_path: Path | None, report: Report, target: str, data: bytes | None = None) -> Book:
    """Read before the format's design steps change the Doc (`data`: its JSON, if the caller has it). Without a
    pagination of this very text (the PDF not built yet, or built from another text), the format is made without
    print pages, and says so."""
    data = pandoc.doc_to_json(doc) if data is None else data
    found = pages.load(pages_path, pages.book_hash(data))
    if pages_path is not None and found is None:
        report.add("OUT-003", target)
    return Book(data.decode("utf-8"), found)


def page_id(page: int) -> str:
    return f"page-{page}"


def index_pages(doc: pf.Doc, pagination: dict | None) -> None:
    """The index of names gives the print edition's pages, as the printed index does, each a link to its page's
    marker; without a pagination it keeps the paragraph and note numbers, with a label that says them."""
    refs = [e for e in descendants(doc) if isinstance(e, pf.Span) and "ix-ref" in e.classes]
    targets = (pagination or {}).get("targets", {})
    given = pages.given_pages([(s.attributes.get("data-group", ""), s.attributes.get("data-target", ""))
                               for s in refs], targets)
    for span, page in zip(refs, given):
        link = next((i for i in span.content if isinstance(i, pf.Link)), None)
        if link is None:
            continue
        if pagination is None or span.attributes.get("data-target") not in targets:
            where = pf.stringify(link).replace("¶", "paragraph").replace("n.", "note")
            link.attributes["aria-label"] = " ".join(where.split())
        elif page is None:  # the page again, in the same essay: given once, as in print
            span.parent.content.remove(span)
        else:
            link.content = [pf.Str(str(page))]
            link.url = f"#{page_id(page)}"
            link.attributes["aria-label"] = f"page {page}"


def labelled_pnums(doc: pf.Doc) -> None:
    """A paragraph number is a link to its paragraph, for citing: named "Paragraph 12" (not "link 12"), and set
    apart from the paragraph's first word by a space, for those who hear or copy the text."""
    for link in [e for e in descendants(doc) if isinstance(e, pf.Link) and "pnum" in e.classes]:
        link.attributes["aria-label"] = f"Paragraph {pf.stringify(link)}"
        link.title = ""
        para = link.parent
        at = para.content.index(link)
        if at + 1 < len(para.content) and not isinstance(para.content[at + 1], pf.Space):
            para.content.insert(at + 1, pf.Space())


def marker(page: int, epub: bool) -> str:
    """A page-break marker: empty, named by its page number (the stylesheets show the number)."""
    kind = ' epub:type="pagebreak"' if epub else ""
    return f'<span id="{page_id(page)}" class="pagebreak" role="doc-pagebreak"{kind} aria-label="{page}"></span>'


def place_markers(sources: list[str], end: int, pagination: dict, report: Report, target: str,
                  epub: bool = False) -> tuple[list[str], dict[int, int]]:
    """The documents of a format (the HTML page, or the EPUB's chapters in reading order) with a marker where
    each print page begins, and the document each page's marker is in. A page without text of its own (a
    blank page), or that begins in a part this format does not have, is marked where the next page is; after
    the last, at `end` (a place in the last document)."""
    streams = [pages.read(s) for s in sources]
    entries = pagination.get("pages", [])
    found: dict[int, tuple[int, int]] = {}
    lost = []
    for entry in entries:
        loc = pages.locate(entry, streams) if entry.get("at") else None
        if loc is not None:
            n, word = loc
            found[entry["page"]] = (n, streams[n].words[word].insert_at)
        elif entry.get("at") and not NOT_CARRIED.intersection(entry.get("in", [])):
            lost.append(entry)
    for entry in lost:
        report.add("TOOL-002", target, detail=f"page {entry['page']} of the print edition is not marked where it "
                   f"begins: no place it was recorded at has its words ({' '.join(entry.get('words', []))})")
    where: dict[int, tuple[int, int]] = {}
    after = (len(sources) - 1, end)
    for entry in reversed(entries):
        after = found.get(entry["page"], after)
        where[entry["page"]] = after
    out = []
    for n, source in enumerate(sources):
        here = sorted((at, page) for page, (doc, at) in where.items() if doc == n)
        parts, last = [], 0
        for at, page in here:
            parts += [source[last:at], marker(page, epub)]
            last = at
        out.append("".join(parts) + source[last:])
    return out, {page: doc for page, (doc, _) in where.items()}
