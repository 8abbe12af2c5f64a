"""An essay's words as each format prints them, for the fidelity check: running text and notes apart.

HTML and EPUB are read from their markup: the essay's region (``article#<essay>`` in the web page, the
chapter ``section#<essay>-title`` in the EPUB), every note (class ``note-body``, wherever the format puts
it: a sidenote, an EPUB footnote) as a text of its own, each citation (class ``citation``) as one
``CITE`` token, and none of what the edition adds (paragraph numbers, note marks and back links, the
note on the text, the byline and title, an emendation's witness reading shown on hover). The PDF is read
with pdftotext, as one text (running heads, page numbers and footnotes fall among its words; the
comparison, critedition.checks.fidelity.unfound, reads letters alone); the print HTML it was laid out from
is read like the web page.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from .fidelity import CITE

# What the edition adds to an essay's text in the formats (classes of the elements left out).
ADDED = frozenset({"pnum", "noteref", "note-call", "sn-mark", "sn-back", "note-back", "fn-call", "headnote",
                   "byline", "essay-title", "em-witness"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"})
_BLOCK = frozenset({"p", "div", "section", "article", "aside", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                    "blockquote", "dd", "dt", "tr", "td"})


class _Words(HTMLParser):
    """Collects the text of one essay: the running text, and each note apart."""

    def __init__(self, essay: str) -> None:
        super().__init__(convert_charrefs=True)
        self.essay, self.body, self.notes = essay, [], []
        self.stack: list[str] = []  # for each open element: "", "essay", "note", "cite" or "skip"

    def _state(self) -> set[str]:
        return set(self.stack)

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        ident = a.get("id") or ""
        kind = ""
        if ident in (self.essay, f"{self.essay}-title") and ("essay" in classes or tag in ("article", "section")):
            kind = "essay"
        elif "note-body" in classes and ident.startswith(f"{self.essay}-note-"):
            kind = "note"
            self.notes.append([])
        elif "citation" in classes and {"essay", "note"} & self._state():
            kind = "cite"
            self._sink().append(CITE)
        elif classes & ADDED:
            kind = "skip"
        if tag in _BLOCK and {"essay", "note"} & self._state():
            self._sink().append(" ")
        if tag not in _VOID:
            self.stack.append(kind)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        kind = self.stack.pop()
        if (tag in _BLOCK or kind == "note") and {"essay", "note"} & (self._state() | {kind}):
            (self.notes[-1] if kind == "note" else self._sink()).append(" ")

    def handle_data(self, data: str) -> None:
        state = self._state()
        if {"cite", "skip"} & state or not {"essay", "note"} & state:
            return
        self._sink().append(data)

    def _sink(self) -> list[str]:
        for kind in reversed(self.stack):
            if kind == "note":
                return self.notes[-1]
            if kind == "essay":
                return self.body
        return self.body


def markup_parts(markup: str, essay: str) -> tuple[list[str], list[list[str]]]:
    """(running-text words, each note's words) of an essay in an HTML or XHTML document."""
    parser = _Words(essay)
    parser.feed(markup)
    return "".join(parser.body).split(), ["".join(n).split() for n in parser.notes]


def html_parts(path: Path, essay: str) -> tuple[list[str], list[list[str]]]:
    return markup_parts(path.read_text(encoding="utf-8"), essay)


def epub_parts(path: Path, essay: str) -> tuple[list[str], list[list[str]]]:
    """The essay in an EPUB: its XHTML documents in spine order, read as one."""
    with zipfile.ZipFile(path) as z:
        opf_name = re.search(r'full-path="([^"]+)"', z.read("META-INF/container.xml").decode()).group(1)
        opf = z.read(opf_name).decode("utf-8")
        base = opf_name.rpartition("/")[0]
        items = dict(re.findall(r'<item\b[^>]*\bid="([^"]+)"[^>]*\bhref="([^"]+)"', opf))
        items.update({i: h for h, i in re.findall(r'<item\b[^>]*\bhref="([^"]+)"[^>]*\bid="([^"]+)"', opf)})
        spine = re.findall(r'<itemref\b[^>]*\bidref="([^"]+)"', opf)
        docs = [z.read(f"{base}/{items[i]}" if base else items[i]).decode("utf-8") for i in spine if i in items]
    return markup_parts("\n".join(docs), essay)


def pdf_text(path: Path) -> str:
    """The text of a PDF in pdftotext's reading order."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
