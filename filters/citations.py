"""Citations filter: the essays' home-made references become Pandoc citations against bibliography.bib.

Runs after the notes filter. Running text is read with the essay's recogniser (sigla shorthand or
author-year), then every note with the notes recogniser; each match becomes a `Cite`, and each is
recorded, with its exact witness text and position, in the citation audit.

Metadata read (when run standalone under pandoc; in the pipeline the state is set up in-process):
`bibliography` (str, required): the .bib file; `citations` (map, default {}): `style` ("sigla" or
`author-year`, default "sigla"), `sigla` (map siglum -> key, default {}), `aliases` (map "Family Year"
-> key, default {}), `unresolved` ("error" or "warning", default "error"); `witness` (str): the witness
path, for positions.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import panflute as pf

from critedition.cite import authoryear, notes as note_refs, shorthand
from critedition.cite.model import Cite, Context, Match, _locator
from critedition.config import ROOT
from critedition.doc.state import EditionState, state_of
from critedition.doc.inlines import words
from critedition.doc.text import SourceMap, descendants, flatten, paragraphs, replace
from critedition.witness import source_text

MODES = {"normal": "NormalCitation", "author-in-text": "AuthorInText", "suppress-author": "SuppressAuthor"}
RECOGNISERS = {"sigla": shorthand.parse_shorthand, "author-year": authoryear.parse_author_year}


def to_cite(match: Match) -> pf.Cite:
    """A Pandoc Cite for a resolved match; the locator goes in the suffix, where citeproc finds it."""
    citations = []
    for c in match.cites:
        loc = _locator(c)
        if match.mode == "author-in-text":
            suffix = (" " + loc if loc else "") + c.suffix
        else:
            suffix = (", " + loc if loc else "") + c.suffix
        citations.append(pf.Citation(c.key, mode=MODES[match.mode], prefix=words(c.prefix), suffix=words(suffix)))
    return pf.Cite(*words(" ".join(match.raw.split())), citations=citations)


@lru_cache(maxsize=8)
def _witness(path: str) -> tuple[str, tuple[int, ...]]:
    text = source_text(ROOT / path)  # a Word document's paragraphs, one a line, as its positions count them
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return text, tuple(starts)


def witness_slice(path: str, start: tuple[int, int], end: tuple[int, int]) -> tuple[str, str]:
    """The exact witness text between two (line, col) positions, and the 40 characters before it."""
    text, starts = _witness(path)
    a = starts[start[0] - 1] + start[1] - 1
    b = starts[end[0] - 1] + end[1] - 1
    return text[a:b], text[max(0, a - 40):a]


def _cite_json(c: Cite) -> dict:
    return {"key": c.key, "locator": c.locator, "label": c.label, "prefix": c.prefix, "suffix": c.suffix}


def process(block: pf.Block, smap: SourceMap, recognise, ctx: Context, st: EditionState,
            unresolved: str = "CITE-001") -> SourceMap:
    """Recognise the citations of one paragraph or note, replace the resolved ones, audit them all. An
    unresolved one is reported as `unresolved` (CITE-001, an error; CITE-007, a warning, where the essay's
    configuration says `unresolved: warning`)."""
    text, spans = flatten(block.content)
    items = list(block.content)
    edits = []
    for m in recognise(text, ctx):
        # The end is just after the last character: a note call right after the match is not part of it.
        # (After an emendation the next anchor is exact; inside one, offsets only approximate the witness.)
        start, last = smap.locate(m.start), smap.locate(m.end - 1)
        end = min((last[0], last[1] + 1), smap.locate(m.end))
        raw, before = witness_slice(st.witness, start, end) if st.witness else (m.raw, "")
        record = {"essay": st.essay, "line": start[0], "col": start[1], "raw": raw, "before": before,
                  "cites": [_cite_json(c) for c in m.cites] if m.resolved else [], "rule": m.rule}
        if m.mode != "normal":
            record["mode"] = m.mode
        if not m.resolved:
            record["problem"] = m.problem or "unresolved"
            st.report.add(unresolved, st.witness, start[0], start[1], raw=" ".join(m.raw.split()),
                          problem=record["problem"])
        else:
            missing = [c.key for c in m.cites if ctx.library and c.key not in ctx.library.entries]
            for key in missing:
                st.report.add("CITE-003", st.witness, start[0], start[1], key=key)
            if m.notes:
                record["notes"] = list(m.notes)
            for note in (n for n in m.notes if "alias" not in n):  # a configured alias is a declared decision
                st.report.add("CITE-005", st.witness, start[0], start[1], raw=" ".join(m.raw.split()), detail=note)
            # An emendation inside the citation keeps its anchor, which the apparatus links to.
            anchors = [pf.Span(identifier=el.identifier) for el, (a, b) in zip(items, spans)
                       if isinstance(el, pf.Span) and "emendation" in el.classes and m.start <= a and b <= m.end]
            edits.append((m.start, m.end, lambda _t, m=m, anchors=anchors: [*anchors, to_cite(m)]))
        st.audit.append(record)
    if edits:
        block.content, applied = replace(block.content, edits)
        smap = smap.shifted(applied)
    return smap


def _divs(doc: pf.Doc, cls: str) -> list[pf.Div]:
    return [e for e in descendants(doc) if isinstance(e, pf.Div) and cls in e.classes]


def prepare(doc: pf.Doc) -> EditionState:
    """Set up the state when run standalone: library and sigla from the metadata."""
    st = state_of(doc)
    cfg = doc.get_metadata("citations", {}) or {}
    if st.library is None:
        from critedition.bib.library import Library
        st.library = Library.load(ROOT / doc.get_metadata("bibliography", "bibliography.bib"))
    if not st.sigla:
        st.sigla = dict(cfg.get("sigla") or {})
    if st.cite_context is None:
        st.cite_context = Context(library=st.library, sigla=st.sigla, aliases=dict(cfg.get("aliases") or {}))
    return st


def run(doc: pf.Doc) -> pf.Doc:
    """Body paragraphs in order with the essay's recogniser, then each note with the notes recogniser."""
    st = prepare(doc)
    cfg = doc.get_metadata("citations", {}) or {}
    recognise = RECOGNISERS[cfg.get("style", "sigla")]
    unresolved = "CITE-007" if cfg.get("unresolved") == "warning" else "CITE-001"
    ctx = st.cite_context
    for div in _divs(doc, "para"):
        smap = SourceMap.of(div)
        for para in paragraphs(div):  # each recogniser call is one paragraph of the context
            smap = process(para, smap, recognise, ctx, st, unresolved)
        div.attributes["srcmap"] = smap.encode()
    for div in _divs(doc, "note-body"):
        smap = SourceMap.of(div)
        for para in paragraphs(div):
            smap = process(para, smap, note_refs.parse_note_refs, ctx, st, unresolved)
        div.attributes["srcmap"] = smap.encode()
    st.audit.sort(key=lambda r: (r["line"], r["col"]))
    return doc


def main(doc: pf.Doc | None = None):
    return pf.run_filters([], prepare=lambda d: None, finalize=run, doc=doc)


if __name__ == "__main__":
    main()
