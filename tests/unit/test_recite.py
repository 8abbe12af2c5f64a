"""Citeproc's last result reused while a book's citations stay the same (preview/recite.py), against citeproc
itself on small documents citing the edition's bibliography."""

from __future__ import annotations

import panflute as pf
import pytest

from critedition import config, pandoc
from critedition.book.assemble import csl_path
from critedition.preview import recite


def document(words: str, key: str = "serge2012memoirs", style: str = "chicago-author-date", in_note=False) -> pf.Doc:
    """A paragraph of `words` then a citation of `key` (in a note, or not), and the bibliography's Div."""
    cite = pf.Cite(pf.Str(f"[@{key}]"), citations=[pf.Citation(key)])
    text = [x for w in words.split() for x in (pf.Str(w), pf.Space())]
    return pf.Doc(pf.Para(*text, *([pf.Note(pf.Para(cite))] if in_note else [cite])),
                  pf.Div(identifier="refs"),
                  metadata={"bibliography": str(config.ROOT / "bibliography.bib"), "csl": str(csl_path(style))})


def citeproc(doc: pf.Doc) -> pf.Doc:
    return pandoc.cite(doc, "test")


def remember(doc: pf.Doc) -> recite.Cited | None:
    given = pandoc.doc_to_json(doc)
    return recite.remember(given, pandoc.citeproc(given, "test"))


def json_of(doc: pf.Doc) -> str:
    return pandoc.doc_to_json(doc).decode()


@pytest.mark.parametrize("in_note", [False, True], ids=["in the text", "in a note"])
def test_the_same_citations_in_another_text_are_citeprocs_own(in_note):
    cited = remember(document("Serge wrote his memoirs.", in_note=in_note))
    assert cited is not None
    again = document("Serge wrote them late in life.", in_note=in_note)
    assert json_of(recite.reuse(document("Serge wrote them late in life.", in_note=in_note), cited)) == \
        json_of(citeproc(again))


def test_other_citations_are_cited_again():
    cited = remember(document("Memoirs."))
    assert recite.reuse(document("Memoirs.", key="serge1997revolution"), cited) is None
    assert recite.reuse(document("Memoirs.", in_note=True), cited) is None  # in a note now
    moved = document("Memoirs.")
    moved.metadata["lang"] = pf.MetaString("fr")
    assert recite.reuse(moved, cited) is None


def test_a_note_style_is_not_remembered():
    """Citeproc makes notes of a note style's citations: its output is not its input with the citations filled."""
    style = "chicago-notes-bibliography-17th-edition"
    assert remember(document("Memoirs.", style=style)) is None
