"""The last ingest stage: build Pandoc's document tree (panflute) from the draft, with the source map attached."""

from __future__ import annotations

import panflute as pf

from ..doc.inlines import encode_anchors, words
from .model import Block, Draft, Seg

# The inline markup a witness keeps (Seg.marks), as Pandoc elements.
MARKS = {"emph": pf.Emph, "strong": pf.Strong, "smallcaps": pf.SmallCaps, "superscript": pf.Superscript,
         "subscript": pf.Subscript, "strikeout": pf.Strikeout, "underline": pf.Underline}


def _mark(mark: str, content: list[pf.Inline], segs: list[Seg]) -> pf.Inline:
    if mark == "code":
        return pf.Code("".join(s.text for s in segs))
    if mark.startswith("link "):
        return pf.Link(*content, url=mark[5:])
    return MARKS[mark](*content)


def inlines(segs: list[Seg], essay: str = "", depth: int = 0) -> list[pf.Inline]:
    """The segments' inlines, each run of segments with the same markup (Seg.marks) inside that markup."""
    if not any(len(s.marks) > depth for s in segs):
        return _plain_inlines(segs, essay)
    out: list[pf.Inline] = []
    i = 0
    while i < len(segs):
        mark = segs[i].marks[depth] if len(segs[i].marks) > depth else None
        j = i + 1
        while j < len(segs) and (segs[j].marks[depth] if len(segs[j].marks) > depth else None) == mark:
            j += 1
        run = segs[i:j]
        out.extend(_plain_inlines(run, essay) if mark is None else [_mark(mark, inlines(run, essay, depth + 1), run)])
        i = j
    return out


def _plain_inlines(segs: list[Seg], essay: str) -> list[pf.Inline]:
    """Witness text becomes Str/Space; an emendation becomes a marked Span carrying the witness reading,
    whose words link to the emendation's entry in the textual notes; a note call, an empty Span the notes
    filter puts the note in."""
    out: list[pf.Inline] = []
    for s in segs:
        if s.kind == "call":
            out.append(pf.Span(classes=["note-ref"], attributes={"n": str(s.note)}))
            continue
        if s.kind == "break":
            out.append(pf.LineBreak())
            continue
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
    if block.n and block.kind == "note":
        attrs["n"] = str(block.n)
    if block.kind == "item" and block.level > 1:
        attrs["depth"] = str(block.level)
    return attrs


def _item(block: Block, content: list[pf.Inline]) -> pf.Block:
    """A list item as a list of its own (one numbered paragraph, as a quotation is); an ordered list's item
    keeps its number. A nested item is indented by the stylesheet (the Div's `depth`), not nested."""
    item = pf.ListItem(pf.Plain(*content))
    return pf.OrderedList(item, start=block.n) if block.n else pf.BulletList(item)


def to_panflute(draft: Draft) -> pf.Doc:
    """An essay as a Doc: one Div per essay; paragraphs in numbered Divs; endnotes in a trailing Div."""
    body: list[pf.Block] = []
    notes: list[pf.Block] = []
    for block in draft.blocks:
        if block.kind in ("title", "dropped"):
            continue
        if block.kind == "rule":
            body.append(pf.HorizontalRule())
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
            elif block.kind == "item":
                inner = _item(block, content)
            body.append(pf.Div(inner, identifier=block.id, classes=["para"], attributes=_attrs(block, draft)))
    if notes:
        body.append(pf.Div(*notes, classes=["endnotes"]))
    meta = {k: v for k, v in draft.meta.items() if not k.startswith("_")}
    essay = pf.Div(*body, identifier=draft.id, classes=["essay"],
                   attributes={"witness": draft.file, "lang": draft.essay.settings.lang or ""})
    doc = pf.Doc(essay, metadata={"essay": draft.id, "witness": draft.file, **meta})
    return doc
