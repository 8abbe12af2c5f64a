"""HTML and Word witnesses, made with the bundled pandoc from one Markdown text: the same structure and notes,
positions as each format allows (line:col of the page; paragraph:character of the document)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from critedition import pandoc
from critedition.diagnostics import Report
from critedition.witness import ingest
from tests.unit.test_witness_markdown import codes, essay_of, notes_of

SOURCE = """---
title: "A Test Essay"
subtitle: "Its Subtitle"
author: Anne Writer
---

The first paragraph cites *Mutual Aid* and calls a note.[^1]

## A Section

> A quotation, with a note.[^2]

- one item
- two *items*

Last paragraph with a [link](https://example.org/page).

[^1]: Peter Kropotkin, *Mutual Aid* (London: Heinemann, 1902), 12.

[^2]: The second note.
"""


def made(tmp_path: Path, fmt: str, *args: str) -> Path:
    src = tmp_path / "source.md"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / f"essay.{fmt}"
    subprocess.run([pandoc.pandoc_path(), str(src), "--from", "markdown", "--to", fmt, "-o", str(out), *args],
                   check=True)
    return out


def structure(draft) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in draft.blocks]


EXPECTED = [("para", "The first paragraph cites Mutual Aid and calls a note."), ("heading", "A Section"),
            ("quote", "A quotation, with a note."), ("item", "one item"), ("item", "two items"),
            ("para", "Last paragraph with a link."),
            ("note", "Peter Kropotkin, Mutual Aid (London: Heinemann, 1902), 12."), ("note", "The second note.")]


def test_a_word_document_reads_as_its_markdown_did_with_paragraph_positions(tmp_path):
    report = Report()
    draft = ingest(essay_of(made(tmp_path, "docx"), "docx"), report)
    assert not report.items, codes(report)
    assert structure(draft) == EXPECTED
    assert (draft.meta["title"], draft.meta["subtitle"], draft.meta["author"]) == \
        ("A Test Essay", "Its Subtitle", "Anne Writer")
    first = draft.blocks[0].segs[0]
    assert (first.line, first.col) == (4, 1)  # title, subtitle and author are paragraphs 1 to 3
    note = draft.blocks[-2].segs[0]
    assert draft.lines[note.line - 1].lstrip().startswith("Peter Kropotkin") and note.line > draft.blocks[5].line
    assert sum(1 for b in draft.blocks for s in b.segs if "emph" in s.marks) == 3
    doc = notes_of(draft)
    assert len([e for e in _walk(doc) if type(e).__name__ == "Note"]) == 2


def _walk(doc):
    out = []
    doc.walk(lambda e, d: out.append(e))
    return out


def test_a_web_page_reads_as_its_markdown_did_with_line_positions(tmp_path):
    page = made(tmp_path, "html", "--standalone", "--variable", "title-block=",
                "--metadata", "title=A Test Essay")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('<header id="title-block-header">', "<div hidden>").replace("</header>", "</div>", 1),
                    encoding="utf-8")
    report = Report()
    draft = ingest(essay_of(page, "html"), report)
    body = [(k, t) for k, t in structure(draft) if t not in ("A Test Essay", "Its Subtitle", "Anne Writer")]
    assert body == EXPECTED, codes(report)
    lines = page.read_text(encoding="utf-8").split("\n")
    for b in draft.blocks:
        for s in b.segs:
            if s.kind == "witness" and s.text.strip():
                assert lines[s.line - 1][s.col - 1:].startswith(s.text), s


def test_a_web_pages_furniture_is_reported_or_dropped_as_declared(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><h1>T</h1><p>Text.</p>\n"
                    "<div class=\"share-buttons\"><a href=\"https://x.org/share\">Share</a><script>s()</script></div>\n"
                    "<p>More text.</p></body></html>\n", encoding="utf-8")
    report = Report()
    draft = ingest(essay_of(page, "html"), report)
    assert codes(report) == ["ING-011 2:1"]
    report = Report()
    draft = ingest(essay_of(page, "html", drop=[{"class": "share-buttons", "reason": "the site's buttons"}]), report)
    assert not report.items and [b.text for b in draft.blocks if b.kind == "para"] == ["Text.", "More text."]


@pytest.mark.parametrize("content, code, words", [
    (None, "WIT-009", "not a ZIP archive"),
    ({"notes.txt": "hello", "img/a.png": "x"}, "WIT-009", "without word/document.xml (it holds img/a.png, notes.txt)"),
    ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><w:body><w:p>unclosed"}, "WIT-006",
     "pandoc cannot read the witness as DOCX"),
], ids=["not-a-zip", "zip-of-something-else", "broken-xml"])
def test_a_word_document_that_is_not_one_is_a_diagnostic(tmp_path, content, code, words):
    path = tmp_path / "essay.docx"
    if content is None:
        path.write_text("plain text, not a document\n", encoding="utf-8")
    else:
        with zipfile.ZipFile(path, "w") as z:
            for name, data in content.items():
                z.writestr(name, data)
    report = Report()
    draft = ingest(essay_of(path, "docx"), report)
    assert draft.stop and [d.code for d in report.items] == [code]
    assert words in str(report.items[0]) and report.items[0].file.endswith("essay.docx")


def test_positions_in_a_word_document_say_they_are_paragraphs():
    from critedition.diagnostics import make

    d = make("NOTE-001", "seeds/essay.docx", 12, 5, n=3)
    assert str(d).startswith("seeds/essay.docx:12:5: error[NOTE-001] note marker [3] has no note (at paragraph 12, "
                             "character 5)")
