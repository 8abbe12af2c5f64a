"""Book design steps shared by the three formats, applied to the cited book before each writer runs."""

from __future__ import annotations

import panflute as pf

from critedition.doc.text import descendants

from ..config import Edition


FRONT_IDS = {"half-title", "title-page", "colophon", "contents"}


def kind_of(block: pf.Block) -> str | None:
    """What a top-level block of the book is: "front" (half-title, title page, colophon, contents),
    "essay", "back" (textual notes, bibliography, index), "matter" (another titled part: an editors'
    introduction, the abbreviations), or None."""
    if not isinstance(block, pf.Div):
        return None
    if block.identifier in FRONT_IDS or "frontmatter" in block.classes:
        return "front"
    if "essay" in block.classes:
        return "essay"
    if "backmatter" in block.classes:
        return "back"
    if any(isinstance(b, pf.Header) and b.level == 1 for b in block.content):
        return "matter"
    return None


def first_heading(div: pf.Div) -> pf.Header | None:
    return next((b for b in div.content if isinstance(b, pf.Header) and b.level == 1), None)


def essay_divs(doc: pf.Doc) -> list[pf.Div]:
    return [b for b in doc.content if isinstance(b, pf.Div) and "essay" in b.classes]


def essay_author(div: pf.Div) -> str:
    """The byline's author (without the date)."""
    for b in div.content:
        if isinstance(b, pf.Div) and "byline" in b.classes:
            found = [pf.stringify(e) for e in descendants(b) if isinstance(e, pf.Span) and "byline" in e.classes]
            if found:
                return found[0]
    return ""


def short_titles(doc: pf.Doc, edition: Edition) -> None:
    """Each essay title carries its short title (running heads, contents) and its author."""
    for div in essay_divs(doc):
        head = first_heading(div)
        if head is None:
            continue
        essay = edition.essays.get(div.identifier)
        short = (essay.settings.short_title if essay else None) or pf.stringify(head)
        head.attributes["data-short"] = short
        author = essay_author(div)
        if author:
            head.attributes["data-author"] = author


def part(doc: pf.Doc, ident: str) -> pf.Div | None:
    return next((b for b in doc.content if isinstance(b, pf.Div) and b.identifier == ident), None)


def drop_empty_bibliography(doc: pf.Doc) -> None:
    """A 'Bibliography' heading over nothing is a blank page in print: leave it out until there are entries."""
    bib = part(doc, "bibliography-section")
    if bib is None:
        return
    refs = [e for e in descendants(bib) if isinstance(e, pf.Div) and "csl-entry" in e.classes]
    if not refs:
        doc.content.remove(bib)


# Attributes pandoc writes through unprefixed because they are HTML attributes somewhere, but which a span
# or a div may not carry (EPUBCheck: 'attribute "name" not allowed here'): they become data- attributes.
NOT_ON_SPAN_OR_DIV = {"name", "type", "value", "href", "src", "alt", "width", "height", "for", "content"}


def _data_attributes(elem: pf.Element, doc: pf.Doc):
    if isinstance(elem, (pf.Span, pf.Div)):
        for key in [k for k in elem.attributes if k in NOT_ON_SPAN_OR_DIV]:
            elem.attributes[f"data-{key}"] = elem.attributes.pop(key)


def _headnote_level(elem: pf.Element, doc: pf.Doc):
    """The essay's "Note on the text" is the first heading under the essay's title: level 2, not 3, so that
    heading levels never skip (accessibility checkers and tagged PDF); it stays out of the contents."""
    if isinstance(elem, pf.Div) and "headnote" in elem.classes:
        for b in elem.content:
            if isinstance(b, pf.Header) and b.level == 3:
                b.level = 2
                for c in ("unlisted", "unnumbered"):
                    if c not in b.classes:
                        b.classes.append(c)


def index_refs(doc: pf.Doc) -> None:
    """Each reference of the index of names, with the comma before it, becomes a span that knows its target and
    its group (one essay within one name): each format gives pages once per group (render/pages.given_pages),
    and the spans' ids (ix-1, ix-2...) are places the formats share (render/pages.py)."""
    index = part(doc, "index")
    if index is None:
        return
    n = group = 0
    for entry in [e for e in descendants(index) if isinstance(e, pf.Plain)]:
        out: list[pf.Inline] = []
        for item in list(entry.content):
            if isinstance(item, pf.Emph):
                group += 1
            if isinstance(item, pf.Link) and "index-ref" in item.classes:
                n += 1
                lead = []
                if len(out) >= 2 and isinstance(out[-1], pf.Space) and isinstance(out[-2], pf.Str) and out[-2].text == ",":
                    lead = [out.pop(-2), out.pop(-1)]
                out.append(pf.Span(*lead, item, identifier=f"ix-{n}", classes=["ix-ref"],
                                   attributes={"data-target": item.url.lstrip("#"), "data-group": str(group)}))
            else:
                out.append(item)
        entry.content = out


def prepare(doc: pf.Doc, edition: Edition) -> pf.Doc:
    for elem in descendants(doc):  # both change elements in place: one plain traversal, not two walks
        _data_attributes(elem, doc)
        _headnote_level(elem, doc)
    short_titles(doc, edition)
    drop_empty_bibliography(doc)
    index_refs(doc)
    return doc
