"""Notes in the three formats, on a small book made here: numbered per essay, editors' notes in a lettered
series of their own, the same numbers in print, EPUB and HTML; in print the editors' notes are set apart."""

from __future__ import annotations

import io
import json
import re
import subprocess

import panflute as pf
import pytest

from filters import epub_notes, print_notes, sidenotes
from critedition.doc import note_series

pytestmark = pytest.mark.integration


def note(text: str, ident: str = "", editor: bool = False) -> pf.Note:
    classes = ["note-body", "editor-note"] if editor else ["note-body"]
    return pf.Note(pf.Div(pf.Para(pf.Str(text)), identifier=ident, classes=classes))


def book() -> pf.Doc:
    a = pf.Div(pf.Header(pf.Str("One"), level=1, identifier="a-title"),
               pf.Para(pf.Str("x"), note("a1", "a-note-1"), pf.Str("y"), note("ed-a", editor=True),
                       pf.Str("z"), note("a2", "a-note-2")),
               identifier="a", classes=["essay"])
    b = pf.Div(pf.Header(pf.Str("Two"), level=1, identifier="b-title"),
               pf.Para(pf.Str("x"), note("b1"), pf.Str("y"), note("ed-b1", editor=True), note("ed-b2", editor=True)),
               identifier="b", classes=["essay"])
    return pf.Doc(a, b)


def copy(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def test_series_are_numbered_per_essay():
    infos = note_series.collect(book())
    got = [(i.scope, i.series, i.mark, i.ident) for i in infos]
    assert got == [("a", "author", "1", "a-note-1"), ("a", "editor", "a", "a-ednote-a"),
                   ("a", "author", "2", "a-note-2"), ("b", "author", "1", "b-note-1"),
                   ("b", "editor", "a", "b-ednote-a"), ("b", "editor", "b", "b-ednote-b")]
    assert note_series.letters(27) == "aa"


def html_of(doc: pf.Doc) -> str:
    import pypandoc

    data = json.dumps(doc.to_json())
    return subprocess.run([pypandoc.get_pandoc_path(), "-f", "json", "-t", "html5", "--wrap=none"],
                          input=data, capture_output=True, text=True, check=True).stdout


def test_the_three_formats_agree():
    printed = html_of(print_notes.run(copy(book())))
    epub = html_of(epub_notes.run(copy(book())))
    web = html_of(sidenotes.run(copy(book())))
    marks_print = re.findall(r'<span id="([^"]+)" class="footnote note-body[^"]*" data-mark="([^"]+)"', printed)
    marks_epub = re.findall(r'epub:type="noteref" role="doc-noteref" href="#([^"]+)" id="[^"]+">([^<]+)<', epub)
    marks_web = re.findall(r'<a href="#([^"]+)" id="[^"]+" class="noteref[^"]*" role="doc-noteref">([^<]+)</a>', web)
    assert marks_print == marks_epub == marks_web
    assert [m for _, m in marks_print] == ["1", "a", "2", "1", "a", "b"]
    assert 'class="footnote note-body editor-note"' in printed
    assert epub.count("<aside") == 6 and epub.count('role="doc-backlink"') == 6


def test_editors_notes_print_as_a_lettered_series(tmp_path):
    """WeasyPrint with the edition's print CSS: calls show 1, a, 2 and 1, a, b; editors' notes are signed."""
    import weasyprint

    from critedition.config import ROOT

    body = html_of(print_notes.run(copy(book())))
    css = [str(ROOT / "edition" / "css" / n) for n in ("book.css", "print.css")]
    html = f"<html lang='en'><head>{''.join(f'<link rel=stylesheet href={c}>' for c in css)}</head><body>{body}</body></html>"
    out = tmp_path / "notes.pdf"
    weasyprint.HTML(string=html, base_url=str(ROOT) + "/").write_pdf(out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for mark, words in [("1", "a1"), ("a", "ed-a"), ("2", "a2"), ("1", "b1"), ("b", "ed-b2")]:
        assert re.search(rf"(^|\s){mark}\s+{re.escape(words)}", flat), (mark, words, flat)
    assert "Eds." in flat
