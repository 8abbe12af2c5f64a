"""The scholarly apparatus in the built books: abbreviations, index of names and its links, in every format."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from html.parser import HTMLParser

import pytest

from critedition.checks import validators

pytestmark = pytest.mark.integration

BOOK = "serge-and-the-anarchists"


class Anchors(HTMLParser):
    """For every id: the id of the numbered paragraph or note it sits in; and every index link (href, text,
    and the place in the text it stands for: its reference's data-target)."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.where: dict[str, str] = {}
        self.index_links: list[tuple[str, str, str]] = []
        self._link: list | None = None
        self._target = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        ident = a.get("id", "")
        container = ident if ("para" in cls or "note-body" in cls) else ""
        if tag in ("div", "aside", "li", "section", "p", "span", "a", "em", "strong", "sup", "blockquote"):
            self.stack.append((tag, container))
        if ident:
            self.where[ident] = next((c for _, c in reversed(self.stack) if c), "")
        if "ix-ref" in cls:
            self._target = a.get("data-target", "")
        if tag == "a" and "index-ref" in cls:
            self._link = [a.get("href", ""), "", self._target]

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.index_links.append(tuple(self._link))
            self._link = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data


def _wrong_pages(p: Anchors, dests: dict[str, int]) -> list[tuple[str, str, str, int | None]]:
    """Index links whose text is not the print page of the place they stand for, or whose link is not to that
    page's marker, or whose place is not in a numbered paragraph or note."""
    return [(href, text, target, dests.get(target)) for href, text, target in p.index_links
            if not (text.isdigit() and dests.get(target) == int(text) and href.endswith(f"#page-{text}")
                    and f"page-{text}" in p.where and p.where.get(target))]


def test_html_index_links_give_the_print_page_of_each_place(built):
    """The HTML's index gives the print edition's pages, as the printed index does, each a link to its page's
    marker (render/digital.py): the page of the name's place in the PDF."""
    dests = validators.pdf_destinations(built / BOOK / f"{BOOK}.pdf")
    p = Anchors()
    p.feed((built / BOOK / f"{BOOK}.html").read_text(encoding="utf-8"))
    assert len(p.index_links) > 100
    assert not (wrong := _wrong_pages(p, dests)), wrong[:10]


def test_epub_index_links_give_the_print_page_of_each_place(built):
    dests = validators.pdf_destinations(built / BOOK / f"{BOOK}.pdf")
    with zipfile.ZipFile(built / BOOK / f"{BOOK}.epub") as z:
        p = Anchors()
        for name in sorted(z.namelist()):
            if name.endswith(".xhtml"):
                p.feed(z.read(name).decode("utf-8"))
    assert len(p.index_links) > 100
    assert not (wrong := _wrong_pages(p, dests)), wrong[:10]


def test_pdf_index_gives_the_pages_where_names_occur(built):
    pdf = built / BOOK / f"{BOOK}.pdf"
    dests = validators.pdf_destinations(pdf)
    index_page = dests["index-of-names"]
    text = subprocess.run(["pdftotext", "-f", str(index_page), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # laid out apart from the book (render/pdf/index.py), its pages numbered on from the book's
    assert re.search(rf"^\s*{index_page}\s*$", text.split("\f")[0], re.M), "the index's first folio"
    # Folios stand alone on their line: drop them, or the last entry would take the page number.
    text = re.sub(r"\s+", " ", "\n".join(l for l in text.splitlines() if not re.fullmatch(r"\s*\d+\s*", l)))
    p = Anchors()
    p.feed((built / BOOK / f"{BOOK}.html").read_text(encoding="utf-8"))
    for name in ("Goldman, Emma", "Zinoviev, Grigory", "Makhno, Nestor", "Hitler, Adolf"):
        m = re.search(re.escape(name) + r"\s*:?\s*([^A-Z]*(?:McKay|Price)[^A-Z]*(?:(?:McKay|Price)[^A-Z]*)?)", text)
        assert m, f"{name} not in the index"
        printed = sorted({int(n) for n in re.findall(r"\d+", m.group(1))})
        for essay in re.split(r"McKay|Price", m.group(1))[1:]:
            pages_given = [int(n) for n in re.findall(r"\d+", essay)]
            assert pages_given == sorted(set(pages_given)), (name, pages_given)  # each page once, in order
        html = (built / BOOK / f"{BOOK}.html").read_text(encoding="utf-8")
        block = re.search(r'<span class="index-name">' + re.escape(name).replace(r"\ ", r"\s+") + r".*?</li>", html, re.S)
        html_ids = re.findall(r'data-target="([^"]+)"', block.group(0))
        pages = sorted({dests[i] for i in html_ids})
        assert printed == pages, (name, printed, pages)


def test_every_siglum_is_used_and_resolves(built):
    html = (built / BOOK / f"{BOOK}.html").read_text(encoding="utf-8")
    section = html[html.index('id="abbreviations"'):]
    section = section[:section.index("</section>") if "</section>" in section else 5000]
    sigla = re.findall(r'<a href="#ref-([^"]+)" class="siglum"><em>([^<]+)</em>', section)
    assert len(sigla) == 5
    audit = [json.loads(l) for l in (built / "audit/mckay.citations.jsonl").read_text().splitlines()]
    for key, siglum in sigla:
        assert f'id="ref-{key}"' in html
        assert any(siglum in r["raw"] and r["rule"].startswith("shorthand") and r["cites"][0]["key"] == key
                   for r in audit), siglum
