"""The notes filter: markers become notes carrying their endnote; problems are diagnostics with positions."""

from __future__ import annotations

import panflute as pf
import pytest

from critedition import config
from critedition.diagnostics import Report
from critedition.witness import ingest, to_panflute
from critedition.witness.model import Block, Draft, Seg
from filters import notes
from critedition.doc.state import EditionState


@pytest.mark.parametrize("text, expected", [
    pytest.param("orthodox Bolshevik.[6] We", [(6, 19, 22)], id="after-full-stop"),
    pytest.param("ideas of Bakunin. [9] This", [(9, 17, 21)], id="space-before-marker"),
    pytest.param("(Memoirs[1]) was", [(1, 8, 11)], id="inside-parenthesis"),
    pytest.param("“agricultural-industrial federation”[11], Bakunin’s", [(11, 36, 40)], id="after-closing-quote"),
    pytest.param("“[b]ehind” the [civil] war", [], id="editorial-brackets-are-not-markers"),
])
def test_find_markers(text, expected):
    assert [(m.n, m.start, m.end) for m in notes.find_markers(text)] == expected


def _doc(lines: list[tuple[str, str]]) -> tuple[pf.Doc, Report]:
    """A tiny essay: ('para'|'note:N', text) per witness line."""
    essay = config.load().essays["mckay"]
    d = Draft.start(essay, Report())
    for i, (kind, text) in enumerate(lines, start=1):
        if kind.startswith("note:"):
            d.blocks.append(Block("note", [Seg(text, i, 5)], n=int(kind[5:])))
        else:
            d.blocks.append(Block("para", [Seg(text, i, 1)]))
    from critedition.witness.stages import number
    number(d)
    doc = to_panflute(d)
    doc.edition = EditionState(essay="t", witness="seeds/t.txt", report=d.report)
    return notes.run(doc), d.report


def test_markers_become_notes_and_endnotes_disappear():
    doc, report = _doc([("para", "One.[1] Two (Memoirs[2])."), ("note:1", "First note."),
                        ("note:2", "Second note. It has “two” sentences.")])
    assert not report.items
    found = []
    doc.walk(lambda e, d: found.append(pf.stringify(e).strip()) if isinstance(e, pf.Note) else None)
    assert found == ["First note.", "Second note. It has “two” sentences."]
    assert "[1]" not in pf.stringify(doc) and "endnote" not in str(doc.to_json())


@pytest.mark.parametrize("lines, code, line, col", [
    pytest.param([("para", "Text.[3] More.")], "NOTE-001", 1, 6, id="marker-without-note"),
    pytest.param([("para", "Text."), ("note:1", "Never called.")], "NOTE-002", 2, 1, id="note-never-called"),
    pytest.param([("para", "Text.[1]"), ("note:1", "A."), ("note:1", "B.")], "NOTE-003", 3, 1, id="duplicate-note"),
    pytest.param([("para", "A.[1] B.[1]"), ("note:1", "A.")], "NOTE-004", 1, 9, id="marker-called-twice"),
])
def test_note_problems_are_diagnostics_with_positions(lines, code, line, col):
    _, report = _doc(lines)
    assert [(d.code, d.line, d.col) for d in report.items] == [(code, line, col)]
    assert str(report.items[0]).startswith(f"seeds/t.txt:{line}:{col}: error[{code}]")


def test_all_46_notes_of_mckay_are_called_in_place():
    report = Report()
    doc = to_panflute(ingest(config.load().essays["mckay"], report))
    doc.edition = EditionState(essay="mckay", witness="w", report=report)
    doc = notes.run(doc)
    assert not report.items, report.format()
    assert sorted(doc.edition.called) == list(range(1, 47))
    bodies = []
    doc.walk(lambda e, d: bodies.append(e.content[0].attributes["n"]) if isinstance(e, pf.Note) else None)
    assert bodies == [str(n) for n in range(1, 47)]  # each note sits where its own marker was, in order
    text = pf.stringify(doc)
    import re
    assert not re.search(r"\[\d{1,2}\]", text)


def test_print_notes_main_turns_each_note_into_a_numbered_footnote_span():
    """filters/print_notes.py as a filter on its own (main(doc)): no pandoc, no state left on the Doc."""
    from filters import print_notes

    doc = pf.Doc(pf.Para(pf.Str("Text."), pf.Note(pf.Para(pf.Str("One."))), pf.Space(), pf.Str("More."),
                         pf.Note(pf.Para(pf.Str("Two.")), pf.Para(pf.Str("Again.")))))
    out = print_notes.main(doc)
    spans = [e for e in out.content[0].content if isinstance(e, pf.Span)]
    assert [s.identifier for s in spans] == ["part1-note-1-ref", "part1-note-1", "part1-note-2-ref", "part1-note-2"]
    assert [s.attributes.get("mark") for s in spans[1::2]] == ["1", "2"]
    assert pf.stringify(spans[3]) == "Two. Again." and any(isinstance(e, pf.LineBreak) for e in spans[3].content)
    assert not [e for e in out.content[0].content if isinstance(e, pf.Note)]
    assert not [k for k in vars(out) if k.startswith("_print")]
