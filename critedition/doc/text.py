"""Read a block's inlines as plain text and replace character ranges of it, keeping the source map right."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable

import panflute as pf

from .inlines import decode_anchors, encode_anchors

SPACE = (pf.Space, pf.SoftBreak, pf.LineBreak)
SILENT = (pf.Note, pf.Cite, pf.RawInline)  # contribute no text to the running prose
QUOTE_MARKS = {"DoubleQuote": "“”", "SingleQuote": "‘’"}


def descendants(elem: pf.Element) -> list[pf.Element]:
    """Every element under `elem` and then `elem` itself, in the order of panflute's walk (children first), for
    collecting elements: walk re-assigns every container it passes through, which costs several times this
    plain traversal.

    A list, gathered before the caller looks at any of it, by plain recursion over the containers' own lists,
    setting each element's parent, location and index as a container's __getitem__ would (panflute sets them
    when an element is reached, not when it is loaded): a recursive generator would pass every element up
    through each level above it, and a container's __getitem__ is a call per element. One difference from a
    walk: an element object placed at two places in the tree (which this project never does: it copies)
    keeps the parent of the place visited last, not of the one attached last."""
    out: list[pf.Element] = []
    append = out.append
    list_type, dict_type, element_type = pf.ListContainer, pf.DictContainer, pf.Element

    def gather(e: pf.Element) -> None:
        for name in e._children:
            child = getattr(e, name)
            if isinstance(child, list_type):
                parent, location = child.parent, child.location
                for i, c in enumerate(child.list):
                    c.parent, c.location, c.index = parent, location, i  # as the container's [i] does
                    if c._children:
                        gather(c)
                    else:  # a leaf (most are words and spaces): no call for it
                        append(c)
            elif isinstance(child, dict_type):
                parent, location = child.parent, child.location
                for c in child.dict.values():
                    c.parent, c.location, c.index = parent, location, None
                    gather(c)
            elif isinstance(child, element_type):
                gather(child)
        append(e)

    gather(elem)
    return out


def transform(root: pf.Element, action, doc: pf.Doc | None = None):
    """What `root.walk(action)` gives, for an action that returns None (keep it, perhaps changed in place),
    [] (drop it), an element or a list of elements (put them in its place), and that changes only the
    element it is given and what is inside it: the same elements visited in the same order (children
    first), with the same result, but no container re-assigned on the way (a walk re-assigns every one it
    passes, several times the cost of the visits). Unlike a walk, an
    element's `.index` (hence `.prev`, `.next`) is the one it had before the first change."""
    doc = doc if doc is not None else root.doc
    for elem in descendants(root):
        out = action(elem, doc)
        if out is None:
            continue
        if elem is root:
            return out
        parent = elem.parent
        holder = parent.content if elem.location is None else getattr(parent, elem.location)
        if isinstance(holder, pf.ListContainer):
            # by identity: an earlier replacement in this list may have moved it
            i = next((j for j, x in enumerate(holder.list) if x is elem), None)
            if i is not None:
                holder[i:i + 1] = out if isinstance(out, list) else [out]
        elif isinstance(holder, pf.DictContainer):
            key = next((k for k, v in holder.dict.items() if v is elem), None)
            if key is not None and out == []:
                del holder[key]  # as a walk drops a metadata entry whose value goes
            elif key is not None:
                holder[key] = out
        else:  # an element held on its own (a caption, a table head)
            setattr(parent, elem.location, out)
    return root


def text_of(el: pf.Element) -> str:
    kind = type(el)
    if kind is pf.Str:  # most are: a word
        return el.text
    if kind in SPACE:
        return " "
    if isinstance(el, SILENT):
        return ""
    if isinstance(el, (pf.Code, pf.Math)):
        return el.text
    if isinstance(el, pf.Quoted):  # pandoc's smart quotes hold their marks as the element, not as text
        marks = QUOTE_MARKS[el.quote_type]
        return marks[0] + "".join(text_of(c) for c in elements(el.content)) + marks[1]
    if hasattr(el, "content"):
        return "".join(text_of(c) for c in elements(el.content))
    return ""


def elements(inlines) -> list:
    """A container's elements as its own list, to read (iterating the container itself makes a call for each,
    which also sets its parent: the walks do that)."""
    return inlines.list if isinstance(inlines, pf.ListContainer) else inlines


def paragraphs(div: pf.Div) -> list[pf.Para | pf.Plain]:
    """The paragraphs of a numbered paragraph or note body, including those of a block quotation and a list
    item's text."""
    out = []
    for b in div.content:
        if isinstance(b, pf.Para):
            out.append(b)
        elif isinstance(b, pf.BlockQuote):
            out.extend(p for p in b.content if isinstance(p, pf.Para))
        elif isinstance(b, (pf.BulletList, pf.OrderedList)):
            out.extend(p for item in b.content for p in item.content if isinstance(p, (pf.Para, pf.Plain)))
    return out


def flatten(inlines) -> tuple[str, list[tuple[int, int]]]:
    """The text of a list of inlines and each top-level inline's (start, end) in it."""
    parts = [el.text if type(el) is pf.Str else text_of(el) for el in elements(inlines)]
    spans, off = [], 0
    for t in parts:
        spans.append((off, off + len(t)))
        off += len(t)
    return "".join(parts), spans


@dataclass
class SourceMap:
    """Edition offsets to witness (line, col), as anchors at the start of each run of witness text."""

    anchors: list[tuple[int, int, int]]

    @classmethod
    def of(cls, el: pf.Element) -> "SourceMap":
        return cls(decode_anchors(el.attributes.get("srcmap", "")) if hasattr(el, "attributes") else [])

    def locate(self, offset: int) -> tuple[int, int]:
        if not self.anchors:
            return 0, 0
        i = max(bisect_right([a[0] for a in self.anchors], offset) - 1, 0)
        o, line, col = self.anchors[i]
        return line, col + (offset - o)

    def shifted(self, edits: list[tuple[int, int, int]]) -> "SourceMap":
        """The map after replacing [start, end) by text of length n, for each (start, end, n)."""
        out = []
        for o, line, col in self.anchors:
            delta, drop = 0, False
            for s, e, n in edits:
                if o >= e:
                    delta += n - (e - s)
                elif o > s:
                    drop = True
            if not drop:
                out.append((o + delta, line, col))
        delta = 0
        for s, e, n in edits:
            line, col = self.locate(e)
            out.append((s + delta + n, line, col))
            delta += n - (e - s)
        out.sort()
        return SourceMap(out)

    def encode(self) -> str:
        return encode_anchors(self.anchors)


Edit = tuple[int, int, Callable[[str], list[pf.Inline]]]


def replace(inlines, edits: list[Edit]) -> tuple[list[pf.Inline], list[tuple[int, int, int]]]:
    """Replace text ranges by new inlines; a range cutting into a non-text inline is left alone.

    Returns the new inline list and the applied edits as (start, end, new text length) for SourceMap.shifted.
    """
    items = list(elements(inlines))
    text, spans = flatten(items)
    out: list[pf.Inline] = []
    applied: list[tuple[int, int, int]] = []
    i = 0
    for start, end, make in sorted(edits, key=lambda e: e[0]):
        # Elements wholly before the edit are kept.
        while i < len(items) and spans[i][1] <= start:
            out.append(items[i])
            i += 1
        j, ok = i, True
        while j < len(items) and spans[j][0] < end:
            if not isinstance(items[j], pf.Str) and not isinstance(items[j], SPACE) and (
                    spans[j][0] < start or spans[j][1] > end):
                ok = False
            j += 1
        if not ok:
            continue
        if i < len(items) and isinstance(items[i], pf.Str) and spans[i][0] < start:
            out.append(pf.Str(items[i].text[: start - spans[i][0]]))
        new = make(text[start:end])
        out.extend(new)
        # An element with no text within the range (a note and its call's anchor) is kept, after what replaces
        # the text: the text goes, not the note.
        out.extend(x for x, (a, b) in zip(items[i:j], spans[i:j]) if a == b and start < a < end
                   and not isinstance(x, (pf.Str, *SPACE)))
        applied.append((start, end, len(flatten(new)[0])))
        if j > i and isinstance(items[j - 1], pf.Str) and spans[j - 1][1] > end:
            rest = items[j - 1].text[end - spans[j - 1][0]:]
            items[j - 1] = pf.Str(rest)
            spans[j - 1] = (end, spans[j - 1][1])
            i = j - 1
        else:
            i = j
    out.extend(items[i:])
    return [el for el in out if not (isinstance(el, pf.Str) and el.text == "")], applied


def _split_at(items: list[pf.Inline], offsets: set[int]) -> list[pf.Inline]:
    """Split Str elements so that every given offset falls on an element boundary."""
    out, off = [], 0
    for el in items:
        t = text_of(el)
        if isinstance(el, pf.Str):
            cuts = sorted(o - off for o in offsets if off < o < off + len(t))
            prev = 0
            for c in cuts + [len(t)]:
                if c > prev:
                    out.append(pf.Str(t[prev:c]))
                prev = c
        else:
            out.append(el)
        off += len(t)
    return out


def wrap(inlines, ranges: list[tuple[int, int]], factory: Callable[[list[pf.Inline], int], pf.Inline]):
    """Wrap the inlines covering each text range, unchanged, in `factory(elements, range_index)`.

    The text (and so the source map) stays the same; a range that would cut a non-text inline is skipped.
    Returns the new inline list and the indexes of the ranges wrapped.
    """
    items = _split_at(list(elements(inlines)), {o for r in ranges for o in r})
    _, spans = flatten(items)
    starts = {s: i for i, (s, e) in enumerate(spans) if e > s}
    out: list[pf.Inline] = []
    done: list[int] = []
    i = 0
    for k, (start, end) in sorted(enumerate(ranges), key=lambda kr: kr[1][0]):
        if start not in starts or starts[start] < i:
            continue
        j = starts[start]
        stop = j
        while stop < len(items) and spans[stop][1] <= end:
            stop += 1
        if spans[stop - 1][1] != end:
            continue
        out.extend(items[i:j])
        out.append(factory(items[j:stop], k))
        done.append(k)
        i = stop
    out.extend(items[i:])
    return out, done
