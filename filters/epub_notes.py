"""EPUB-notes filter: notes become EPUB 3 footnotes, numbered per essay as in print, with links both ways.

Each call becomes `<a epub:type="noteref" role="doc-noteref" href="#<note>" id="<note>-ref">n</a>` (in a
`sup`), and each note an `<aside epub:type="footnote" role="doc-footnote" id="<note>">` whose number links
back to the call. The asides are gathered at the end of their essay (its chapter file), after a rule, where
reading systems without pop-up notes show them as endnotes. Pandoc's own EPUB notes would be renumbered per
chapter file, carry no number and no back link: this replaces them.

Numbering and identifiers: filters/note_series.py. Metadata read: none. Runs after citeproc.
"""

from __future__ import annotations

import html

import panflute as pf

from critedition.doc import note_series


def noteref(info: note_series.NoteInfo) -> list[pf.Inline]:
    cls = " editor-note" if info.series == "editor" else ""
    return [pf.RawInline(
        f'<sup class="noteref{cls}"><a epub:type="noteref" role="doc-noteref" href="#{html.escape(info.ident)}" '
        f'id="{html.escape(info.call_id)}">{html.escape(info.mark)}</a></sup>', format="html")]


def aside(info: note_series.NoteInfo) -> list[pf.Block]:
    """The note as an aside: its number (a link back to the call), then its paragraphs."""
    blocks = note_series.note_blocks(info.note)
    back = pf.RawInline(f'<a class="note-back" role="doc-backlink" href="#{html.escape(info.call_id)}" '
                        f'aria-label="Back to the text, note {html.escape(info.mark)}">{html.escape(info.mark)}.</a>',
                        format="html")
    first = next((b for b in blocks if isinstance(b, (pf.Para, pf.Plain))), None)
    if first is None:
        blocks = [pf.Para(back), *blocks]
    else:
        first.content.insert(0, pf.Space())
        first.content.insert(0, back)
    cls = "footnote note-body editor-note" if info.series == "editor" else "footnote note-body"
    return [pf.RawBlock(f'<aside epub:type="footnote" role="doc-footnote" class="{cls}" id="{html.escape(info.ident)}">',
                        format="html"),
            *blocks,
            pf.RawBlock("</aside>", format="html")]


def run(doc: pf.Doc) -> pf.Doc:
    infos = note_series.collect(doc)
    asides: dict[str, list[pf.Block]] = {}
    for info in infos:
        asides.setdefault(info.scope, []).extend(aside(info))
    doc = note_series.replace_notes(doc, infos, noteref)
    for i, block in enumerate(doc.content):
        scope = block.identifier if isinstance(block, pf.Div) and block.identifier else f"part{i + 1}"
        if scope in asides and isinstance(block, pf.Div):
            block.content.extend([
                pf.RawBlock('<section class="footnotes" epub:type="footnotes" aria-label="Notes">', format="html"),
                pf.HorizontalRule(),
                *asides[scope],
                pf.RawBlock("</section>", format="html")])
    return doc


def main(doc: pf.Doc | None = None):
    return run(pf.load() if doc is None else doc)


if __name__ == "__main__":
    pf.dump(main())
