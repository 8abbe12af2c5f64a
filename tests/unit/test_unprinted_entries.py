"""A style that prints no bibliography entry for a work it cites (Chicago's notes styles and an unpublished
letter): the book is cited all the same, through the real pandoc, without the empty entry or a link to it, and
the key is named for CITE-010; any other warning of citeproc still fails the step."""

from __future__ import annotations

import panflute as pf
import pytest

from critedition import pandoc
from critedition.book import citeproc
from critedition.book.assemble import csl_path
from critedition.book.cited import unprinted
from critedition.diagnostics import EditionError

BIB = """@unpublished{eisen1946,
  author = {Eisen, Dave},
  date   = {1946-05-27},
  note   = {Letter to Leo Brownstein},
}

@book{dewar1989quiet,
  author    = {Dewar, Margaret},
  title     = {The Quiet Revolutionary},
  publisher = {Bookmarks},
  date      = {1989},
}
"""


def cite(key: str) -> pf.Cite:
    return pf.Cite(pf.Str(f"[@{key}]"), citations=[pf.Citation(key)])


def document(bib, style: str, keys=("eisen1946", "dewar1989quiet")) -> pf.Doc:
    notes = [pf.Note(pf.Para(cite(k), pf.Str("."))) for k in keys]
    return pf.Doc(pf.Para(pf.Str("Text."), *notes),
                  pf.Para(pf.Link(pf.Str("the letter"), url="#ref-eisen1946")),
                  pf.Div(identifier="refs"),
                  metadata={"bibliography": str(bib), "csl": str(csl_path(style)), "title": "A test",
                            "link-citations": True, "lang": "en-US"})


def entries(doc: pf.Doc) -> list[str]:
    found = []
    doc.walk(lambda e, d: found.append(e.identifier) if isinstance(e, pf.Div) and e.identifier.startswith("ref-")
             else None)
    return found


def links(doc: pf.Doc) -> list[str]:
    found = []
    doc.walk(lambda e, d: found.append(e.url) if isinstance(e, pf.Link) else None)
    return found


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "letters.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def test_a_notes_style_leaves_out_the_letter_and_the_book_says_which(bib):
    doc = citeproc.cite(document(bib, "chicago-notes-bibliography"), "test")  # no OUT-001
    letter = [e for e in doc.content[-1].content if e.identifier == "ref-eisen1946"]
    assert len(letter) == 1 and not pf.stringify(letter[0]).strip()  # citeproc writes it empty
    assert unprinted(doc) == ["eisen1946"]
    assert entries(doc) == ["ref-dewar1989quiet"]
    assert "#ref-eisen1946" not in links(doc) and "#ref-dewar1989quiet" in links(doc)
    text = pf.stringify(doc)
    assert "Dave Eisen" in text and "the letter" in text  # the note gives the letter whole; the words stay


def test_an_author_date_style_lists_it(bib):
    doc = citeproc.cite(document(bib, "chicago-author-date"), "test")
    assert unprinted(doc) == []
    assert entries(doc) == ["ref-dewar1989quiet", "ref-eisen1946"]


def test_another_warning_of_citeproc_still_fails(bib):
    with pytest.raises(EditionError) as err:
        citeproc.cite(document(bib, "chicago-notes-bibliography", keys=("eisen1946", "nobody2000")), "test")
    assert "OUT-001" in str(err.value) and "nobody2000 not found" in str(err.value)
    assert "no printed form" not in str(err.value)  # the known warning is the caller's, not the error's
