"""Citeproc given a book's citations alone (book/citeproc.py) resolves them as citeproc given the whole book does,
through the real pandoc, on documents citing the edition's bibliography."""

from __future__ import annotations

import json

import panflute as pf
import pytest

from critedition import config, pandoc
from critedition.book import citeproc
from critedition.book.assemble import csl_path

AUTHOR_DATE = "chicago-author-date"
NOTES = "chicago-notes-bibliography-17th-edition"


def cite(key: str, prefix: str = "", locator: str = "", mode: str = "NormalCitation") -> pf.Cite:
    citation = pf.Citation(key, mode=mode, prefix=[pf.Str(prefix)] if prefix else [],
                           suffix=[pf.Str(f", {locator}")] if locator else [])
    return pf.Cite(pf.Str(f"[@{key}]"), citations=[citation])


def words(text: str) -> list[pf.Inline]:
    return [x for w in text.split() for x in (pf.Str(w), pf.Space())]


def document(style: str = AUTHOR_DATE, refs: bool = True) -> pf.Doc:
    """Citations in the text and in notes (the same work again, for ibid and short forms; notes with none between),
    in a list and a quotation, with prefixes, locators and an author-in-text citation, then the bibliography's Div."""
    return pf.Doc(
        pf.Header(pf.Str("Serge"), level=1, identifier="serge"),
        pf.Para(*words("Serge wrote his memoirs"), cite("serge2012memoirs", locator="12"), pf.Str("."),
                pf.Note(pf.Para(*words("See"), cite("serge2012memoirs", locator="14"), pf.Str(".")))),
        pf.Para(*words("A note with no citation."), pf.Note(pf.Para(*words("Only words.")))),
        pf.BlockQuote(pf.Para(cite("serge1997revolution", mode="AuthorInText"), *words(" says so."))),
        pf.BulletList(pf.ListItem(pf.Plain(cite("serge1997revolution", prefix="cf.", locator="3")))),
        pf.Para(*words("Again"), pf.Note(pf.Para(cite("serge2012memoirs", locator="14"), pf.Space(),
                                                 cite("serge1997revolution")))),
        *([pf.Div(identifier="refs")] if refs else []),
        metadata={"bibliography": str(config.ROOT / "bibliography.bib"), "csl": str(csl_path(style)),
                  "title": "A test", "lang": "en-GB"})


def whole(doc: pf.Doc) -> bytes:
    return pandoc.doc_to_json(pandoc.cite(doc, "test"))


@pytest.mark.parametrize("style,refs", [(AUTHOR_DATE, True), (NOTES, True), (AUTHOR_DATE, False)],
                         ids=["author-date", "note-style", "no-bibliography-div"])
def test_the_citations_alone_are_cited_as_the_whole_book_is(style, refs):
    asked: list[bytes] = []

    def run(given: bytes, target: str) -> bytes:
        asked.append(given)
        return pandoc.citeproc(given, target)

    assert pandoc.doc_to_json(citeproc.cite(document(style, refs), "test", run)) == whole(document(style, refs))
    skeleton = json.loads(asked[0])
    assert "Serge wrote" not in asked[0].decode()  # the text is not sent, only the citations
    assert [x["t"] for x in skeleton["blocks"]] == ["Para", *(["Div"] if refs else [])]
    # a note style makes notes of the citations in the text, and without the Div citeproc adds one: the whole
    # book is given to it then, once
    assert len(asked) == (1 if style == AUTHOR_DATE and refs else 2)


def test_every_note_keeps_its_number():
    given, slots = citeproc.skeleton(document())
    para = json.loads(given)["blocks"][0]["c"]
    notes = [x for x in para if x["t"] == "Note"]
    assert len(notes) == 3 and [len([c for c in n["c"][0]["c"] if c["t"] == "Cite"]) for n in notes] == [1, 0, 2]
    assert [type(s).__name__ for s in slots] == ["Cite", "Cite", "Cite", "Cite", "Cite", "Cite", "Div"]


def test_a_citation_in_the_metadata_stays_there():
    def with_subtitle() -> pf.Doc:
        doc = document()
        doc.metadata["subtitle"] = pf.MetaInlines(cite("serge2012memoirs"))
        return doc

    given, slots = citeproc.skeleton(with_subtitle())
    assert len(slots) == 7 and json.loads(given)["meta"]["subtitle"]["c"][0]["t"] == "Cite"
    assert pandoc.doc_to_json(citeproc.cite(with_subtitle(), "test")) == whole(with_subtitle())
