"""Backlinks: each bibliography entry links back to the paragraphs and notes that cite it."""

from __future__ import annotations

import panflute as pf

from filters import backlinks


def cite(key: str) -> pf.Cite:
    return pf.Cite(pf.Str("x"), citations=[pf.Citation(key)])


def book() -> pf.Doc:
    p1 = pf.Div(pf.Para(pf.Str("A"), cite("k1"), pf.Note(pf.Div(pf.Para(cite("k2")), identifier="e-note-3",
                                                                     classes=["note-body"], attributes={"n": "3"}))),
                identifier="e-p1", classes=["para"], attributes={"n": "1"})
    p2 = pf.Div(pf.Para(cite("k1"), cite("k1")), identifier="e-p2", classes=["para"], attributes={"n": "2"})
    essay = pf.Div(p1, p2, identifier="e", classes=["essay"], attributes={"label": "McKay"})
    refs = pf.Div(pf.Div(pf.Para(pf.Str("Entry1.")), identifier="ref-k1", classes=["csl-entry"]),
                  pf.Div(pf.Para(pf.Str("Entry2.")), identifier="ref-k2", classes=["csl-entry"]), identifier="refs")
    return pf.Doc(essay, refs)


def test_places_in_document_order_without_repeats():
    places = backlinks.collect(book())
    assert places["k1"] == [("McKay", "¶ 1", "e-p1"), ("McKay", "¶ 2", "e-p2")]
    assert places["k2"] == [("McKay", "n. 3", "e-note-3-call")]


def test_entries_get_links_and_editors_notes():
    doc = backlinks.run(book(), {"k2": "Reconstructed from the essay."})
    entry1 = pf.stringify(doc.content[1].content[0])
    entry2 = pf.stringify(doc.content[1].content[1])
    assert entry1.strip() == "Entry1. Cited: ¶ 1, ¶ 2"
    assert entry2.strip() == "Entry2. [Editors: Reconstructed from the essay.] Cited: n. 3"
    links = []
    doc.walk(lambda e, d: links.append(e.url) if isinstance(e, pf.Link) else None)
    assert links == ["#e-p1", "#e-p2", "#e-note-3-call"]
