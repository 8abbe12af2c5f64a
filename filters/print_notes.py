"""Print-notes filter: for the PDF, each note becomes an inline footnote span that WeasyPrint floats to the page foot.

Metadata read: none. Runs after citeproc, so citations inside notes are already rendered.
"""

from __future__ import annotations

import panflute as pf


def note_inlines(note: pf.Note) -> list[pf.Inline]:
    """A note's blocks as one run of inlines (paragraphs separated by a line break)."""
    out: list[pf.Inline] = []

    def add(blocks):
        for b in blocks:
            if isinstance(b, (pf.Div, pf.BlockQuote)):
                add(b.content)
            elif isinstance(b, (pf.Para, pf.Plain)):
                if out:
                    out.append(pf.LineBreak())
                out.extend(b.content)
    add(note.content)
    return out


def action(elem: pf.Element, doc: pf.Doc):
    if isinstance(elem, pf.Note):
        ident = next((b.identifier for b in elem.content if isinstance(b, pf.Div) and b.identifier), "")
        return pf.Span(*note_inlines(elem), identifier=ident, classes=["footnote"])
    return None


def main(doc: pf.Doc | None = None):
    return pf.run_filter(action, doc=doc)


if __name__ == "__main__":
    main()
