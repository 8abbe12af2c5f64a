"""Print-notes filter: for the PDF, each note becomes an inline footnote span that WeasyPrint floats to the page foot.

Author's notes are numbered per essay and editors' notes lettered per essay (filters/note_series.py); the
number is written into the span (`data-mark`), and the print CSS shows it at the call and before the note,
so print, EPUB and HTML number alike. An empty span `#<note>-ref` marks the call: the PDF gets a named
destination for it, and for the note itself, which is how the tests check that a note is on its call's page.

Paragraphs inside a note are separated by a line break (a float: footnote span holds inlines only).

Metadata read: none. Runs after citeproc, so citations inside notes are already rendered.
"""

from __future__ import annotations

import panflute as pf

from critedition.doc import note_series


def footnote(info: note_series.NoteInfo) -> list[pf.Inline]:
    inlines: list[pf.Inline] = []
    for run in note_series.note_inlines(info.note):
        if inlines:
            inlines.append(pf.LineBreak())
        inlines.extend(run)
    span = pf.Span(*inlines, identifier=info.ident, classes=["footnote", "note-body", *info.classes],
                   attributes={"mark": info.mark})
    return [pf.Span(identifier=info.call_id, classes=["fn-call"]), span]


def run(doc: pf.Doc) -> pf.Doc:
    return note_series.replace_notes(doc, note_series.collect(doc), footnote)


def main(doc: pf.Doc | None = None):
    return run(pf.load() if doc is None else doc)


if __name__ == "__main__":
    pf.dump(main())
