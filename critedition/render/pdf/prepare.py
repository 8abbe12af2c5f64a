"""The print document: the cited book with print notes, plain paragraph marks and contents."""

from __future__ import annotations

import panflute as pf

from filters import print_notes
from critedition.doc.text import descendants, transform

from ...config import Edition
from .. import design


def _link_text(elem: pf.Element) -> list[pf.Inline]:
    return [pf.Str(pf.stringify(elem))]


def contents(doc: pf.Doc) -> pf.Div:
    """The contents page: the editorial parts, each essay (title, author) with its sections, the back matter."""
    entries: list[pf.Block] = []

    def entry(kind: str, head: pf.Header, extra: list[pf.Block] = ()) -> pf.Div:
        link = pf.Link(*_link_text(head), url=f"#{head.identifier}", classes=["toc-link"])
        return pf.Div(pf.Plain(link), *extra, classes=["toc-entry", f"toc-{kind}"])

    for block in doc.content:
        kind = design.kind_of(block)
        if kind in (None, "front"):
            continue
        head = design.first_heading(block)
        if head is None or not head.identifier:
            continue
        if kind == "essay":
            author = head.attributes.get("data-author", "")
            extra = [pf.Plain(pf.Span(pf.Str(author), classes=["toc-author"]))] if author else []
            entries.append(entry("essay", head, extra))
            sections = [e for e in descendants(block) if isinstance(e, pf.Header) and e.level == 2
                        and "unlisted" not in e.classes and e.identifier]
            entries.extend(entry("section", h) for h in sections)
        else:
            entries.append(entry("back" if kind == "back" else "matter", head))
    title = pf.Header(pf.Str("Contents"), level=1, identifier="contents-title", classes=["unnumbered", "unlisted"])
    return pf.Div(title, *entries, identifier="contents", classes=["contents"])


def _plain_pnum(elem: pf.Element, doc: pf.Doc):
    """In print a paragraph number is a mark in the margin, not a link to itself."""
    if isinstance(elem, pf.Link) and "pnum" in elem.classes:
        return pf.Span(*elem.content, classes=["pnum"])
    return None


def prepare(doc: pf.Doc, edition: Edition) -> pf.Doc:
    """The cited book made ready for print; it changes the Doc it is given, as every format's design step does."""
    doc = design.prepare(doc, edition)
    doc = print_notes.run(doc)
    doc = transform(doc, _plain_pnum)
    for block in doc.content:  # every titled part opens on a recto, on a page without running head
        if design.kind_of(block) in ("essay", "back", "matter") and "chapter" not in block.classes:
            block.classes.append("chapter")
    toc = contents(doc)
    after = next((i for i, b in enumerate(doc.content) if isinstance(b, pf.Div) and b.identifier == "colophon"), None)
    if after is None:
        after = max((i for i, b in enumerate(doc.content) if isinstance(b, pf.Div) and "frontmatter" in b.classes),
                    default=-1)
    doc.content.insert(after + 1, toc)
    return doc
