"""Sidenotes filter (HTML): each note stays where it is called, as a sidenote that the screen CSS sets in the
margin beside its call on wide screens, and opens in place (`:target`) under the call on narrow ones.

A call becomes `<a class="noteref" role="doc-noteref" href="#<note>" id="<note>-ref">n</a>`; the note a
`<span class="sidenote" role="note" id="<note>">` holding its number, its text (paragraphs as
`span.sn-para`) and a link back to the call. Numbers: per essay, as in print (filters/note_series.py).

Metadata read: none. Runs after citeproc.
"""

from __future__ import annotations

import panflute as pf

from critedition.doc import note_series

BACK = "\u21a9\ufe0e"  # a hooked arrow, text presentation (not an emoji)


def sidenote(info: note_series.NoteInfo) -> list[pf.Inline]:
    call = pf.Link(pf.Str(info.mark), url=f"#{info.ident}", identifier=info.call_id,
                   classes=["noteref", *info.classes], attributes={"role": "doc-noteref"})
    runs = note_series.note_inlines(info.note)
    body: list[pf.Inline] = [pf.Span(pf.Str(f"{info.mark}."), classes=["sn-mark"]), pf.Space()]
    for i, run in enumerate(runs):
        body.append(pf.Span(*run, classes=["sn-para"]) if i else pf.Span(*run, classes=["sn-first"]))
    body.extend([pf.Space(), pf.Link(pf.Str(BACK), url=f"#{info.call_id}", classes=["sn-back"],
                                     attributes={"role": "doc-backlink",
                                                 "aria-label": f"Back to the text (note {info.mark})"})])
    note = pf.Span(*body, identifier=info.ident, classes=["sidenote", "note-body", *info.classes], attributes={"role": "note"})
    return [call, note]


def run(doc: pf.Doc) -> pf.Doc:
    return note_series.replace_notes(doc, note_series.collect(doc), sidenote)


def main(doc: pf.Doc | None = None):
    return run(pf.load() if doc is None else doc)


if __name__ == "__main__":
    pf.dump(main())
