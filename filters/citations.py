"""Citations filter: the essays' home-made references become Pandoc citations against bibliography.bib.

Runs after the notes filter. Running text is read with the essay's conventions (critedition.cite.conventions),
then every note; each match becomes a `Cite`, and each is recorded, with its exact witness text and position,
in the citation audit.

Metadata read (when run standalone under pandoc; in the pipeline the state is set up in-process):
`bibliography` (str, required): the .bib file; `citations`: the essay's `citations` mapping, read through
the configuration's schema (critedition/config/schema.py, Citations: `style` or `conventions`, `sigla`,
`aliases`, `bare-pages`, `single-digit-pages`, `unresolved`, with their defaults); `witness` (str): the
witness path, for positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import panflute as pf

from critedition.bib.library import Library
from critedition.cite import accounting, conventions
from critedition.cite.model import Context, Match, _locator, cite_json
from critedition.config import ROOT
from critedition.config.schema import Citations
from critedition.doc.state import EditionState, state_of
from critedition.doc.inlines import words
from critedition.doc.text import SourceMap, descendants, elements, flatten, paragraphs, replace
from critedition.witness import source_text

MODES = {"normal": "NormalCitation", "author-in-text": "AuthorInText", "suppress-author": "SuppressAuthor"}


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


def italics(inlines, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...] | None:
    """The spans of a paragraph's text set in italics (top-level Emph), or None where the witness has no
    markup at all (plain text cannot mark italics, so their absence says nothing)."""
    found = tuple(span for el, span in zip(inlines, spans) if isinstance(el, pf.Emph))
    marked = any(isinstance(el, (pf.Emph, pf.Strong, pf.Quoted)) for el in inlines)
    return found if found or marked else None


@dataclass(frozen=True)
class Read:
    """One paragraph as read: its text, the citations found, its source map before they replaced anything,
    and their audit records."""

    text: str
    matches: list[Match]
    smap: SourceMap
    records: list[dict]


UNPLACED = "its words begin or end inside the witness's markup (a link, an italic), which a citation cannot cut"


def process(block: pf.Block, smap: SourceMap, reading, ctx: Context, st: EditionState,
            note: str | None = None, unresolved: str = "CITE-001") -> tuple[SourceMap, Read]:
    """Recognise the citations of one paragraph or note, replace the resolved ones, audit them all. An
    unresolved one is reported as `unresolved`: CITE-001, an error, or CITE-009, a warning, where the essay's
    configuration says `unresolved: warning`."""
    text, spans = flatten(block.content)
    items = list(elements(block.content))
    edits, records, placed = [], [], []  # placed: the record of each edit
    matches = reading.read(text, ctx, note, italics(items, spans))
    for m in matches:
        # The end is just after the last character: a note call right after the match is not part of it.
        # (After an emendation the next anchor is exact; inside one, offsets only approximate the witness.)
        start, last = smap.locate(m.start), smap.locate(m.end - 1)
        end = min((last[0], last[1] + 1), smap.locate(m.end))
        raw, before = witness_slice(st.witness, start, end) if st.witness else (m.raw, "")
        record = {"essay": st.essay, "line": start[0], "col": start[1], "raw": raw, "before": before,
                  "cites": [cite_json(c) for c in m.cites] if m.resolved else [], "rule": m.rule}
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
            for remark in (n for n in m.notes if "alias" not in n):  # a configured alias is a declared decision
                st.report.add("CITE-005", st.witness, start[0], start[1], raw=" ".join(m.raw.split()), detail=remark)
            # An emendation inside the citation keeps its anchor, which the apparatus links to.
            anchors = [pf.Span(identifier=el.identifier) for el, (a, b) in zip(items, spans)
                       if isinstance(el, pf.Span) and "emendation" in el.classes and m.start <= a and b <= m.end]
            # A citation of no witness words (after a title a note names, whose words stay) is set off by a space.
            gap = [pf.Space()] if m.start == m.end and m.start and not text[m.start - 1].isspace() else []
            edits.append((m.start, m.end, lambda _t, m=m, anchors=anchors, gap=gap: [*gap, *anchors, to_cite(m)]))
            placed.append(record)
        st.audit.append(record)
        records.append(record)
    read = Read(text, matches, smap, records)
    if edits:
        block.content, applied = replace(block.content, edits)
        smap = smap.shifted(applied)
        done = {(a, b) for a, b, _ in applied}
        for (a, b, _), record in zip(edits, placed):
            if (a, b) not in done:  # its words cut into the witness's markup (a link, an italic): left as they are
                record["problem"] = f"not placed: {UNPLACED}"
                record["unplaced"], record["cites"] = record["cites"], []
                st.report.add("CITE-011", st.witness, record["line"], record["col"],
                              raw=" ".join(record["raw"].split()), keys=", ".join(c["key"] for c in record["unplaced"]))
    if ctx.library:
        for e in accounting.outside(accounting.mentions(text, ctx.library), matches):
            line, col = read.smap.locate(e.start)
            st.mentions.setdefault(e.key, {"line": line, "col": col, "text": e.text})
    return smap, read


def account(note: str, reads: list[Read], st: EditionState) -> None:
    """Classify one note (critedition.cite.accounting), record it, and warn when it looks like a reference
    that no convention read (CITE-007)."""
    kind, why, found = accounting.classify_note([(r.text, r.matches) for r in reads], st.library)
    line, col = reads[0].smap.locate(0) if reads else (0, 0)
    evidence = []
    for i, e in found:
        at = reads[i].smap.locate(e.start)
        evidence.append({"line": at[0], "col": at[1], "text": e.text, "what": e.what, **({"key": e.key} if e.key else {})})
    record = {"essay": st.essay, "note": note, "line": line, "col": col, "kind": kind, "why": why}
    if evidence:
        record["evidence"] = evidence
    record["citations"] = [r for read in reads for r in read.records]
    st.notes.append(record)
    if kind == "unrecognised" and evidence and not any(m.problem for r in reads for m in r.matches):
        first = evidence[0]
        st.report.add("CITE-007", st.witness, first["line"], first["col"], note=note, what=first["what"],
                      text=first["text"])


def prepare(doc: pf.Doc) -> EditionState:
    """Set up the state when run standalone: library and sigla from the metadata."""
    st = state_of(doc)
    cfg = settings(doc)
    if st.library is None:
        st.library = Library.load(ROOT / doc.get_metadata("bibliography", "bibliography.bib"))
    if not st.sigla:
        st.sigla = dict(cfg.sigla)
    if st.cite_context is None:
        st.cite_context = conventions.context(cfg, st.library, st.sigla)
    return st


def settings(doc: pf.Doc) -> Citations:
    """The essay's `citations` configuration from the document's metadata, with the schema's defaults."""
    # Document metadata holds every value as text ("0", "true"): read it as the YAML would have been.
    return Citations.model_validate(doc.get_metadata("citations", {}) or {}, strict=False)


def run(doc: pf.Doc) -> pf.Doc:
    """Body paragraphs in order with the essay's conventions for running text, then each note with theirs."""
    st = prepare(doc)
    cfg = settings(doc)
    reading = conventions.reading(cfg)
    unresolved = "CITE-009" if cfg.unresolved == "warning" else "CITE-001"
    ctx = st.cite_context
    # One walk for both: reading the paragraphs' citations keeps every note where it is (doc.text.replace)
    divs = [e for e in descendants(doc) if type(e) is pf.Div]
    for div in [d for d in divs if "para" in d.classes]:
        smap = SourceMap.of(div)
        for para in paragraphs(div):  # each recogniser call is one paragraph of the context
            smap, _ = process(para, smap, reading, ctx, st, None, unresolved)
        div.attributes["srcmap"] = smap.encode()
    for div in [d for d in divs if "note-body" in d.classes]:
        smap, note, reads = SourceMap.of(div), str(div.attributes.get("n", "")), []
        for para in paragraphs(div):
            smap, read = process(para, smap, reading, ctx, st, note, unresolved)
            reads.append(read)
        account(note, reads, st)
        div.attributes["srcmap"] = smap.encode()
    st.audit.sort(key=lambda r: (r["line"], r["col"]))
    return doc


def main(doc: pf.Doc | None = None):
    return pf.run_filters([], prepare=lambda d: None, finalize=run, doc=doc)


if __name__ == "__main__":
    main()
