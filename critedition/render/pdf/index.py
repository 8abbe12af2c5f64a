"""The index of names laid out apart from the book, once the pages its references point to are known."""

from __future__ import annotations

import re

import weasyprint

from ...config import ROOT
from ..pages import given_pages
from .boxes import anchor_pages

_IX = re.compile(r'<span id="(ix-\d+)" class="ix-ref" data-target="([^"]+)" data-group="(\d+)">(.*?)</span>', re.S)
_INDEX = re.compile(r'<div id="index" class="[^"]*(?<![\w-])index(?![\w-])[^"]*"[^>]*>')
_ENTRIES = re.compile(r"<ul>.*?</ul>\n?", re.S)  # the entries are a list (book/matter.py), holding none


def split_index(html: str) -> tuple[str, str | None]:
    """The print HTML with the index's entries left out (its heading stays, so that the contents and the
    page count see it), and a document of the index alone, or None for a book without one.

    The index is the book's last part (book.assemble) and opens on a recto: it is laid out on its own once
    the pages it points to are known, with each page written in and given once per name and essay."""
    m = _INDEX.search(html)
    if m is None:
        return html, None
    end = html.index("</main>", m.end())
    index = html[m.start():end]
    main = html[:m.start()] + _ENTRIES.sub("", index) + html[end:]
    body = html.index("<main>") + len("<main>\n")
    return main, html[:body] + index + html[end:]


def paged_index(index_html: str, pages: dict[str, int]) -> str:
    """The index with the page of each reference as its text, a page given once per name and essay (the
    reference after the first to the same page goes, with its comma)."""
    refs = list(_IX.finditer(index_html))
    given = iter(given_pages([(m.group(3), m.group(2)) for m in refs], pages))

    def page_of(m: re.Match) -> str:
        ident, target, group, inner = m.groups()
        page = next(given)
        if pages.get(target) is None:  # not laid out (never so for the book's own index): ¶ or n. still says where
            return m.group(0)
        if page is None:
            return ""
        return m.group(0).replace(inner, re.sub(r"(<a\b[^>]*>).*?(</a>)", rf"\g<1>{page}\2", inner, flags=re.S))

    return _IX.sub(page_of, index_html)


def with_index(document, index_html: str, css: str, fetcher):
    """The book's pages up to its index, then the index laid out as a document of its own, its pages
    numbered on from there (what a second layout of the whole book would give, for the index's cost); and
    the index as laid out, with its pages."""
    pages = anchor_pages(document)
    first = pages.get("index")
    if first != len(document.pages):  # the stub's heading is on the last page, alone
        raise ValueError(f"the index does not open the book's last page ({first} of {len(document.pages)})")
    paged = paged_index(index_html, pages)
    index = weasyprint.HTML(string=paged, base_url=str(ROOT) + "/", url_fetcher=fetcher)
    numbered = f"\n@page :first {{ counter-set: page {first}; }}"
    tail = index.render(stylesheets=[weasyprint.CSS(string=css + numbered)])
    return document.copy(document.pages[:first - 1] + tail.pages), paged
