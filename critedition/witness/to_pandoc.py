"""The last ingest stage: build Pandoc's document tree (panflute) from the draft, with the source map attached."""

from __future__ import annotations

import panflute as pf

from ..doc.inlines import encode_anchors, words
from .model import Block, Draft, Seg

def inlines(segs: list[Seg], essay: str = "") -> list[pf.Inline]:
    """Witness text becomes Str/Space; an emendation becomes a marked Span carrying the witness reading,
    whose words link to the emendation's entry in the textual notes."""
    out: list[pf.Inline] = []
    for s in segs:
        if not s.text:
            continue
        if s.kind == "emendation":
            link = pf.Link(*words(s.text), url=f"#{essay}-app-{s.ref}", title=f"Witness reads: {s.witness}")
            out.append(pf.Span(link, identifier=f"{essay}-em-{s.ref}", classes=["emendation"],
                               attributes={"witness": s.witness or "", "line": str(s.line)}))
        else:
            out.extend(words(s.text))
    merged: list[pf.Inline] = []
    for el in out:  # keep Str runs whole so that words split across segments stay one token
        if isinstance(el, pf.Str) and merged and isinstance(merged[-1], pf.Str):
            merged[-1] = pf.Str(merged[-1].text + el.text)
        elif isinstance(el, pf.Space) and merged and isinstance(merged[-1], pf.Space):
            continue
        else:
            merged.append(el)
    return merged


def _attrs(block: Block, draft: Draft) -> dict:
    attrs = {"srcmap": encode_anchors(block.anchors())}
    if block.number:
        attrs["n"] = str(block.number)
    if block.n:
        attrs["n"] = str(block.n)
    return attrs


def to_panflute(draft: Draft) -> pf.Doc:
    """An essay as a Doc: one Div per essay; paragraphs in numbered Divs; endnotes in a trailing Div."""
    body: list[pf.Block] = []
    notes: list[pf.Block] = []
    for block in draft.blocks:
        if block.kind == "title":
            continue
        content = inlines(block.segs, draft.id)
        if block.kind == "heading":
            body.append(pf.Header(*content, level=block.level, identifier=block.id,
                                  attributes={"srcmap": encode_anchors(block.anchors())}))
        elif block.kind == "note":
            notes.append(pf.Div(pf.Para(*content), identifier=block.id, classes=["endnote"],
                                attributes=_attrs(block, draft)))
        else:
            inner = pf.Para(*content)
            if block.kind == "quote":
                inner = pf.BlockQuote(inner)
            body.append(pf.Div(inner, identifier=block.id, classes=["para"], attributes=_attrs(block, draft)))
    if notes:
        body.append(pf.Div(*notes, classes=["endnotes"]))
    meta = {k: v for k, v in draft.meta.items() if not k.startswith("_")}
    essay = pf.Div(*body, identifier=draft.id, classes=["essay"],
                   attributes={"witness": draft.file, "lang": draft.essay.settings.lang or ""})
    doc = pf.Doc(essay, metadata={"essay": draft.id, "witness": draft.file, **meta})
    return doc
