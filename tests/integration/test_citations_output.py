"""Citations in the built books: no shorthand survives, every audited citation is rendered, styles switch."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser

import pytest

from critedition import config
from critedition.build import stages
from critedition import pandoc

pytestmark = pytest.mark.integration

SINGLE = {"mckay": "mckay-worst-of-the-anarchists", "price": "price-what-can-anarchists-learn"}
SHORTHAND = re.compile(r"\((?:quoted, )?(?:Memoirs|Danger|Papers|Year One|Serge),? (?:[\dxivl]+)")


class Text(HTMLParser):
    """Visible running text of the essays, and the number of citations in it."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.citations = 0
        self._skip = 0
        self._spans: list[bool] = []  # open spans: is it (or is it inside) a rendered citation?

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "span":
            is_cite = "citation" in cls
            self.citations += is_cite
            self._spans.append(is_cite)
            self._skip += is_cite

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "span" and self._spans:
            self._skip -= self._spans.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def audit(build, essay) -> list[dict]:
    path = build / "audit" / f"{essay}.citations.jsonl"
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("essay", ["mckay", "price"])
def test_no_shorthand_survives_and_counts_match_the_audit(built, essay):
    book = SINGLE[essay]
    p = Text()
    p.feed((built / book / f"{book}.html").read_text(encoding="utf-8"))
    text = "".join(p.parts)
    assert not SHORTHAND.findall(text)
    records = audit(built, essay)
    assert records and all(r["cites"] for r in records), [r for r in records if not r["cites"]]
    assert p.citations == len(records)


def test_audit_records_have_exact_witness_text(built):
    ed = config.load()
    for essay in ("mckay", "price"):
        lines = ed.essays[essay].witness.read_text(encoding="utf-8").split("\n")
        text = "\n".join(lines)
        starts = [0]
        for l in lines[:-1]:
            starts.append(starts[-1] + len(l) + 1)
        for r in audit(built, essay):
            at = starts[r["line"] - 1] + r["col"] - 1
            assert text[at:at + len(r["raw"])] == r["raw"], r
            assert text[max(0, at - 40):at] == r["before"], r
    combined = (built / "audit" / "citations.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(combined) == len(audit(built, "mckay")) + len(audit(built, "price"))
    assert "Citation audit" in (built / "audit" / "citations.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("style, expect", [
    ("chicago-author-date", "Serge [1951] 2012, 293, 300"),
    ("chicago-notes-bibliography", "Memoirs of a Revolutionary"),
])
def test_both_chicago_styles_render(built, style, expect):
    ed = config.load()
    ed = copy.copy(ed)
    ed.settings = ed.settings.model_copy(update={"csl": style})
    doc = stages.book_from_cache(ed, SINGLE["mckay"])
    html = pandoc.to_string(doc, "pdf", "test")  # the print HTML: the same citations, nothing embedded
    assert expect in html
    if style.startswith("chicago-notes"):
        # a notes style turns in-text citations into notes of their own
        assert html.count('role="doc-noteref"') > 46 or html.count("footnote-ref") > 46


def test_every_key_exists_and_every_entry_is_cited_or_further_reading(built):
    from critedition.bib.library import Library

    lib = Library.load(config.load().bibliography)
    cited = {c["key"] for e in ("mckay", "price") for r in audit(built, e) for c in r["cites"]}
    assert cited <= set(lib.entries), cited - set(lib.entries)
    used, frontier = set(cited), list(cited)
    while frontier:  # a chapter's collection, and an edition's related edition, are cited through it
        entry = lib.entries[frontier.pop()]
        for field in ("crossref", "xref", "related"):
            for target in filter(None, (t.strip() for t in entry.fields.get(field, "").split(","))):
                if target not in used:
                    used.add(target)
                    frontier.append(target)
    further = {k for k, e in lib.entries.items() if "further-reading" in e.fields.get("keywords", "")}
    assert set(lib.entries) == used | further, set(lib.entries) - used - further



@pytest.mark.parametrize("style", ["chicago-author-date", "chicago-notes-bibliography"])
def test_the_books_cited_from_their_citations_alone_are_cited_as_whole(built, style):
    """make gives citeproc a book's citations alone (book/citeproc.py): the book comes out as if citeproc had
    read all of it, in an author-date style and in a note style (which it gives the whole book)."""
    from critedition.book.cited import cited_book

    ed = copy.copy(config.load())
    ed.settings = ed.settings.model_copy(update={"csl": style})
    for book in ed.books:
        def essays():
            return [stages.load_essay(e) for e in ed.book(book).essays]
        alone = pandoc.doc_to_json(cited_book(ed, book, essays()))
        assert alone == pandoc.doc_to_json(cited_book(ed, book, essays(), pandoc.cite)), book
