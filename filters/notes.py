"""Notes filter: each `[n]` marker in the text, and each note call a witness marks up itself (a Markdown footnote,
as ingest gives it), becomes a Pandoc note carrying endnote n; the endnote list goes.

Metadata read: `essay` (str, default ""): the essay id, used in diagnostics; `witness` (str, default ""):
the witness path that diagnostics point into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import panflute as pf

from critedition.doc.state import EditionState, state_of
from critedition.doc.text import SourceMap, descendants, elements, flatten, paragraphs, replace, text_of

# A marker is a bracketed number, possibly after one space ("Bakunin. [9]"); editorial brackets such as
# "[b]ehind" or "[civil]" are not markers.
MARKER = re.compile(r" ?\[(\d{1,3})\]")


@dataclass(frozen=True)
class Marker:
    n: int
    start: int
    end: int


def find_markers(text: str) -> list[Marker]:
    """Every note marker in a paragraph's text, with its span (a leading space belongs to the marker)."""
    return [Marker(int(m.group(1)), m.start(), m.end()) for m in MARKER.finditer(text)]


def collect(elem: pf.Element, doc: pf.Doc) -> None:
    """First pass: take the endnotes out of the body, keyed by number."""
    st = state_of(doc)
    if isinstance(elem, pf.Div) and "endnote" in elem.classes:
        n = int(elem.attributes.get("n", 0))
        line, _ = SourceMap.of(elem).locate(0)
        if n in st.endnotes:
            first, _ = SourceMap.of(st.endnotes[n]).locate(0)
            st.report.add("NOTE-003", st.witness, line, 1, n=n, other=first)
        else:
            st.endnotes[n] = elem
    if isinstance(elem, pf.Div) and "endnotes" in elem.classes:
        return []  # panflute walks children first, so every endnote is already collected


def _note_for(div: pf.Div) -> pf.Note:
    body = pf.Div(*div.content, identifier=div.identifier, classes=["note-body"],
                  attributes={"srcmap": div.attributes.get("srcmap", ""), "n": div.attributes.get("n", "")})
    return pf.Note(body)


def _refs(inlines, off: int = 0) -> list[tuple[pf.Span, pf.ListContainer, int]]:
    """The note-call Spans among the inlines (at any depth), each with the list that holds it and its offset in
    their text."""
    out = []
    for el in list(elements(inlines)):
        if isinstance(el, pf.Span) and "note-ref" in el.classes:
            out.append((el, inlines, off))
        elif isinstance(el, (pf.Emph, pf.Strong, pf.Span, pf.Link, pf.SmallCaps, pf.Superscript, pf.Subscript,
                             pf.Strikeout, pf.Underline)):
            out += _refs(el.content, off)
        off += len(text_of(el))
    return out


def _place(st: EditionState, n: int, line: int, col: int) -> list[pf.Inline] | None:
    """The anchor and the note for a call of note n at (line, col), or None (and a diagnostic)."""
    if n in st.called:
        st.report.add("NOTE-004", st.witness, line, col, n=n, other=st.called[n][0])
        return None
    if n not in st.endnotes:
        st.report.add("NOTE-001", st.witness, line, col, n=n)
        return None
    st.called[n] = (line, col)
    # An empty anchor at the call: links can point at it, and the PDF check finds its page.
    return [pf.Span(identifier=f"{st.endnotes[n].identifier}-call", classes=["note-call"]), _note_for(st.endnotes[n])]


def call(elem: pf.Element, doc: pf.Doc) -> None:
    """Second pass: replace markers in numbered paragraphs and headings by the notes they call."""
    if not (isinstance(elem, pf.Div) and "para" in elem.classes) and not isinstance(elem, pf.Header):
        return None
    st = state_of(doc)
    smap = SourceMap.of(elem)
    targets = [elem] if isinstance(elem, pf.Header) else paragraphs(elem)
    for block in targets:
        text, _ = flatten(block.content)
        edits = []
        for span, holder, off in _refs(block.content):  # no text of their own: the source map stays as it is
            placed = _place(st, int(span.attributes["n"]), *smap.locate(off))
            i = next(k for k, x in enumerate(holder) if x is span)
            holder[i:i + 1] = placed or []
        for m in find_markers(text):
            placed = _place(st, m.n, *smap.locate(m.start + (text[m.start] == " ")))
            if placed:
                edits.append((m.start, m.end, lambda _t, placed=placed: placed))
        if edits:
            new, applied = replace(block.content, edits)
            block.content = new
            smap = smap.shifted(applied)
    elem.attributes["srcmap"] = smap.encode()
    return None


def finish(doc: pf.Doc) -> None:
    st = state_of(doc)
    for n, div in sorted(st.endnotes.items()):
        if n not in st.called:
            line, col = SourceMap.of(div).locate(0)
            st.report.add("NOTE-002", st.witness, line, 1, n=n)


def run(doc: pf.Doc) -> pf.Doc:
    """Both passes over one Doc, for the in-process pipeline: the actions `main` gives panflute's walks, on
    the elements in the walk's order, without the walk (which re-assigns every container it passes: 0.15 s
    of McKay's essay, against 0.03 s)."""
    # Both actions look at Divs (and `call` at Headers) alone: the other elements are not given to them; and
    # the second is given what the first leaves in the document (not the list of endnotes it takes out).
    blocks = [e for e in descendants(doc) if type(e) is pf.Div or type(e) is pf.Header]
    dropped: set[int] = set()
    for elem in blocks:
        if type(elem) is pf.Div and collect(elem, doc) == []:  # what a walk would drop: collected by now
            elem.parent.content = [c for c in elem.parent.content if c is not elem]
            dropped.add(id(elem))
    for elem in [e for e in blocks if not _within(e, dropped)] if dropped else blocks:
        call(elem, doc)
    finish(doc)
    return doc


def _within(elem: pf.Element, ids: set[int]) -> bool:
    """Whether the element is one of these (by id) or inside one."""
    while elem is not None:
        if id(elem) in ids:
            return True
        elem = elem.parent
    return False


def main(doc: pf.Doc | None = None):
    return pf.run_filters([collect, call], finalize=finish, doc=doc)


if __name__ == "__main__":
    main()
