"""The HTML edition: one self-contained page per book (no external requests), semantic HTML5, responsive.

Steps (write_html):
1. design.prepare(); the index of names gets the print edition's pages and the paragraph numbers their labels
   (render/digital.py); notes become sidenotes (filters/sidenotes.py).
2. Emendations become focusable (tabindex=0) and carry the witness's reading in a tooltip element they are
   described by (aria-describedby), shown by the screen CSS on hover and on keyboard focus.
3. Structure: the title page goes to the template's header (from metadata), the half-title is dropped,
   each essay becomes an <article>, the back matter <section>s, the colophon a closing section.
   (html.yaml turns pandoc's section-divs off, so these raw wrappers nest cleanly.)
4. pandoc writes the page with edition/templates/book.html; the stylesheets html.yaml names are put in the page
   in place of its links to them (pandoc's embed-resources would read the whole page back for that: a third of
   its writer's time); then a marker goes where each page of the print edition begins, and the edition's fonts,
   cut down to the book's characters, are inlined as WOFF2 (render/webfonts.py): the page stays one file (no
   images reach a book: book/cited.py), and looks the same on every machine.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import panflute as pf

from filters import sidenotes
from critedition.doc.text import transform

from ..config import Edition
from ..diagnostics import EditionError, Report, make
from .. import pandoc
from . import design, digital, fonts, webfonts

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n')  # as edition/templates/book.html has it


def _witness(elem: pf.Element, doc: pf.Doc):
    if isinstance(elem, pf.Span) and "emendation" in elem.classes and elem.identifier:
        reading = elem.attributes.get("witness", elem.attributes.get("data-witness", ""))
        line = elem.attributes.get("line", elem.attributes.get("data-line", ""))
        label = f"Witness{f' (line {line})' if line else ''}: {reading}" if reading else "Emended"
        tip = pf.Span(pf.Str(label), identifier=f"{elem.identifier}-witness", classes=["em-witness"],
                      attributes={"role": "tooltip"})
        elem.content.append(tip)
        links = [i for i in elem.content if isinstance(i, pf.Link)]
        if links:  # already focusable (a link to its apparatus entry): describe the link
            for link in links:
                link.attributes["aria-describedby"] = f"{elem.identifier}-witness"
                link.title = ""
        else:
            elem.attributes["tabindex"] = "0"
            elem.attributes["aria-describedby"] = f"{elem.identifier}-witness"
    return None


def _attrs(div: pf.Div, role_label: str | None = None) -> str:
    parts = []
    if div.identifier:
        parts.append(f'id="{html.escape(div.identifier)}"')
    if div.classes:
        parts.append(f'class="{html.escape(" ".join(div.classes))}"')
    for k, v in div.attributes.items():
        key = k if k in ("lang", "dir") else f"data-{k}"
        parts.append(f'{key}="{html.escape(v)}"')
    if role_label:
        parts.append(f'aria-labelledby="{html.escape(role_label)}"')
    return " ".join(parts)


def _first_heading(div: pf.Div) -> str | None:
    head = next((b for b in div.content if isinstance(b, pf.Header)), None)
    return head.identifier if head is not None and head.identifier else None


def structure(doc: pf.Doc) -> pf.Doc:
    out: list[pf.Block] = []
    colophon = None
    for block in list(doc.content):
        if not isinstance(block, pf.Div):
            out.append(block)
            continue
        if block.identifier in ("half-title", "title-page"):
            continue  # the template's header is the title page
        if block.identifier == "colophon":
            colophon = block
            continue
        kind = design.kind_of(block)
        tag = "article" if kind == "essay" else "section" if kind in ("back", "matter") else None
        if tag is None:
            out.append(block)
            continue
        out.append(pf.RawBlock(f"<{tag} {_attrs(block, _first_heading(block))}>", format="html"))
        out.extend(block.content)
        out.append(pf.RawBlock(f"</{tag}>", format="html"))
    if colophon is not None:
        # "not-in-print": the print colophon has no such heading, so it counts no words (render/pages.py)
        head = pf.Header(pf.Str("About"), pf.Space(), pf.Str("this"), pf.Space(), pf.Str("edition"), level=2,
                         identifier="colophon-title", classes=["unlisted", "not-in-print"])
        out.append(pf.RawBlock(f'<section {_attrs(colophon, "colophon-title")}>', format="html"))
        out.extend([head, *colophon.content])
        out.append(pf.RawBlock("</section>", format="html"))
    doc.content = out
    return doc


def write_html(doc: pf.Doc, edition: Edition, book_id: str, out: Path, target: str, report: Report,
               pages: Path | None = None, font_cache: Path | None = None, data: bytes | None = None) -> None:
    """The book as one self-contained page; with `pages` (the PDF's pagination), its print pages marked.
    `data`: the Doc's JSON, if the caller has it."""
    fonts.check(target)
    book = digital.book_of(doc, pages, report, target, data)
    doc = design.prepare(doc, edition)
    digital.index_pages(doc, book.pagination)
    digital.labelled_pnums(doc)
    doc = sidenotes.run(doc)
    doc = transform(doc, _witness)
    doc = structure(doc)
    pandoc.write(doc, "html", out, target)
    page = inline_styles(out.read_text(encoding="utf-8"), target)
    if book.pagination is not None:
        (page,), _ = digital.place_markers([page], page.rindex("</main>"), book.pagination, report, target)
    missing = webfonts.uncovered(book.json)
    if missing:
        shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        report.add("OUT-005", target, count=len(missing), chars=shown)
    css = webfonts.font_face_css([(s, f"data:font/woff2;base64,{base64.b64encode(s.data).decode('ascii')}")
                                  for s in webfonts.subsets(book.json, font_cache, sidenotes.BACK)])
    at = page.index("</head>")
    out.write_text(f"{page[:at]}<style>\n{css}</style>\n{page[at:]}", encoding="utf-8")


def inline_styles(page: str, target: str) -> str:
    """The page with each stylesheet it links to in a <style> element instead."""
    def inline(m: re.Match) -> str:
        path = Path(html.unescape(m.group(1)))
        try:
            css = path.read_text(encoding="utf-8")
        except OSError as err:
            raise EditionError([make("OUT-001", target, step="the HTML's stylesheets", target=target,
                                     detail=f"{path}: {err.strerror or err}")]) from None
        return f'<style>\n{css.rstrip()}\n</style>\n'
    head = page.index("</head>")
    return STYLESHEET.sub(inline, page[:head]) + page[head:]
