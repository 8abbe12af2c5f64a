"""Citeproc on a book's citations alone: pandoc is given the citations in order, each note that holds any as a note
(and every other note as an empty one, so that the notes keep their numbers), the bibliography's Div and the whole
metadata, and its results are put back where the citations stand.

Citeproc renders each citation and the bibliography from those (and the style, the bibliography and the metadata
the defaults name); an author-date style passes the rest of a document through as it is. So the book is cited
as if citeproc had read all of it, at a tenth of the JSON to write, read and parse. Where citeproc's output is
not its input with the citations and the Div filled in (a note style makes notes of the citations in the text;
a document without the Div gets one), the whole book is given to it instead. `run` is how pandoc's citeproc is
called (the watch passes one that remembers its last answer: the same citations, the same result)."""

from __future__ import annotations

import json
from typing import Callable

import panflute as pf
from panflute.elements import from_json

from .. import pandoc
from ..doc.text import descendants, transform

REFS = "refs"  # the Div citeproc writes the bibliography into (book/assemble.py)

Run = Callable[[bytes, str], bytes]


def _cite(elem: pf.Cite) -> dict:
    """A citation as citeproc is given it: without the text the reader left in it, which citeproc replaces."""
    return {"t": "Cite", "c": [[c.to_json() for c in elem.citations], []]}


def _is_refs(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Div) and elem.identifier == REFS


def _note_of(elem: pf.Element) -> pf.Note | None:
    node = elem.parent
    while node is not None and not isinstance(node, pf.Note):
        node = node.parent
    return node


def skeleton(doc: pf.Doc) -> tuple[bytes, list[pf.Element]]:
    """The JSON citeproc is given for `doc`, and the elements its answer fills, in the order it has them."""
    cites: dict[int, list] = {}  # a note (by id) -> the citations in it, as they come
    inlines, slots, refs = [], [], []
    for elem in _body(doc):
        if isinstance(elem, pf.Cite):
            note = _note_of(elem)
            if note is None:
                inlines += [_cite(elem), {"t": "Space"}]
                slots.append(elem)
            else:
                cites.setdefault(id(note), []).append(elem)
        elif isinstance(elem, pf.Note):
            inside = cites.pop(id(elem), [])
            para = {"t": "Para", "c": [x for c in inside for x in (_cite(c), {"t": "Space"})]}
            inlines += [{"t": "Note", "c": [para]}, {"t": "Space"}]
            slots += inside
        elif _is_refs(elem):
            refs.append(elem)
    blocks = [{"t": "Para", "c": inlines}, *(r.to_json() for r in refs)]
    data = {"pandoc-api-version": list(doc.api_version), "meta": doc.metadata.content.to_json(), "blocks": blocks}
    return pandoc.dumps(data), slots + refs


def _body(doc: pf.Doc) -> list[pf.Element]:
    """The elements of the document's blocks (not its metadata: a citation there stays in it), children first."""
    out: list[pf.Element] = []
    for block in doc.content:
        out += descendants(block)
    return out


def _filled(before: dict, after: dict) -> list[dict] | None:
    """The citations and the Div as citeproc's answer has them, in the skeleton's order; None if the answer is
    not the skeleton with those filled in."""
    shape = [_shape(b) for b in before["blocks"]], [_shape(b) for b in after["blocks"]]
    if shape[0] != shape[1]:
        return None
    out: list[dict] = []
    for block in after["blocks"][:1]:
        for x in block["c"]:
            if x["t"] == "Cite":
                out.append(x)
            elif x["t"] == "Note":
                out += [c for c in x["c"][0]["c"] if c["t"] == "Cite"]
    return out + after["blocks"][1:]


def _shape(block: dict) -> list:
    """A skeleton block with what citeproc fills left out."""
    if block["t"] != "Para":
        return [block["t"], block["c"][0][0]]
    return [x["t"] if x["t"] != "Note" else ["Note", [[c["t"] for c in p["c"]] for p in x["c"]]]
            for x in block["c"]]


def cite(doc: pf.Doc, target: str, run: Run = pandoc.citeproc) -> pf.Doc:
    """`doc` with its citations resolved (changed in place), as citeproc would resolve them reading all of it."""
    given, slots = skeleton(doc)
    out = json.loads(run(given, target))
    filled = _filled(json.loads(given), out)
    if filled is None or len(filled) != len(slots):
        return pandoc.json_to_doc(run(pandoc.doc_to_json(doc), target))
    new = {id(e): _element(f) for e, f in zip(slots, filled)}
    doc = transform(doc, lambda elem, _doc: new.get(id(elem)))
    doc.metadata = _element(out["meta"])
    doc.api_version = tuple(out["pandoc-api-version"])
    return doc


def _element(data):
    return json.loads(json.dumps(data), object_hook=from_json)
