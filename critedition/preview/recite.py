"""Citeproc's last result for a book, reused when the book's citations did not change (an edit of the
editorial text, an emendation of an essay).

Citeproc renders each citation and the bibliography from the citations in order (where each stands among
the notes), the style, the bibliography and the document's metadata; the rest of the book it passes
through. That second part is checked on each run (`remember`: its output's text is its input's with the
citations and the bibliography's Div replaced; its metadata, the input's with the defaults' added, is kept
whole); where it does not hold (a note style makes notes of citations), nothing is kept and citeproc runs
again. The watch reuses a result only when neither the bibliography, the style nor the defaults changed
since (preview/session.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import panflute as pf
from panflute.elements import from_json

from ..doc.text import descendants, transform

REFS = "refs"  # the Div citeproc writes the bibliography into (book/assemble.py)


class _Slot:
    """A citation or the bibliography's Div, taken out of a document read from JSON. Equal to any other slot,
    so that two documents compare equal when they differ in those alone."""

    __slots__ = ("node", "in_note", "notes_before")
    __hash__ = None

    def __init__(self, node: dict, notes_before: int):
        self.node, self.in_note, self.notes_before = node, False, notes_before

    def __eq__(self, other) -> bool:
        return isinstance(other, _Slot)


def _mark(node) -> None:
    if isinstance(node, _Slot):
        node.in_note = True
    elif isinstance(node, dict):
        for value in node.values():
            _mark(value)
    elif isinstance(node, list):
        for value in node:
            _mark(value)


def _read(data: bytes) -> tuple[dict, list[_Slot]]:
    """A document's JSON read with its slots taken out, in the order of a walk (children first, the metadata
    first), each knowing how many notes end before it and whether it stands in one."""
    slots: list[_Slot] = []
    notes = 0

    def hook(node: dict):
        nonlocal notes
        kind = node.get("t")
        if kind == "Cite" or (kind == "Div" and node["c"][0][0] == REFS):
            slots.append(_Slot(node, notes))
            return slots[-1]
        if kind == "Note":
            notes += 1
            _mark(node["c"])
        return node
    return json.loads(data, object_hook=hook), slots


def _plain(data):
    """JSON data as read back from text (lists, not tuples; slots put back)."""
    return json.loads(json.dumps(data, default=lambda slot: slot.node))


def _element(data):
    return json.loads(json.dumps(data), object_hook=from_json)


def _is_slot(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Cite) or (isinstance(elem, pf.Div) and elem.identifier == REFS)


def _in_note(elem: pf.Element) -> bool:
    node = elem.parent
    while node is not None:
        if isinstance(node, pf.Note):
            return True
        node = node.parent
    return False


def _seen(doc: pf.Doc) -> tuple:
    """What citeproc reads of a Doc, as `remember` records it: its metadata, and each slot with where it is."""
    out, notes = [], 0
    for elem in descendants(doc):
        if isinstance(elem, pf.Note):
            notes += 1
        elif _is_slot(elem):
            out.append((_in_note(elem), notes, _plain(elem.to_json())))
    return _plain(doc.metadata.content.to_json()), out  # as Doc.to_json writes it


@dataclass
class Cited:
    """What one citeproc run leaves to reuse: what it read; its slots, metadata and API version as it wrote them."""

    seen: tuple
    fill: list
    meta: dict
    api: list


def remember(before: bytes, after: bytes) -> Cited | None:
    """A citeproc run (the JSON it was given, the JSON it gave), if its output is its input with the slots
    filled in."""
    doc, slots = _read(before)
    out, filled = _read(after)
    if len(slots) != len(filled) or doc["blocks"] != out["blocks"]:
        return None
    return Cited((_plain(doc["meta"]), [(s.in_note, s.notes_before, s.node) for s in slots]),
                 [s.node for s in filled], _plain(out["meta"]), out["pandoc-api-version"])


def reuse(doc: pf.Doc, cited: Cited | None) -> pf.Doc | None:
    """Citeproc's output for `doc` (changed in place) from an earlier run that read the same; None if none did."""
    if cited is None or _seen(doc) != cited.seen:
        return None
    new = {id(e): _element(f) for e, f in zip((e for e in descendants(doc) if _is_slot(e)), cited.fill)}
    doc = transform(doc, lambda elem, _doc: new.get(id(elem)))
    doc.metadata = _element(cited.meta)
    doc.api_version = tuple(cited.api)
    return doc
