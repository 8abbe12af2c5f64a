"""Citeproc's last result for a book, reused when the book's citations did not change (an edit of the
editorial text, an emendation of an essay).

Citeproc renders each citation and the bibliography from the citations in order (with whether each stands
in a note), the style, the bibliography and the document's metadata; the rest of the book it passes through.
That second part is checked on each run (`remember`: its output's text is its input's with the citations and
the bibliography's Div replaced; its metadata, the input's with the defaults' added, is kept whole); where it
does not hold (a note style makes notes of citations), nothing is kept and citeproc runs again. The watch reuses a result only when neither the
bibliography, the style nor the pandoc defaults changed since (preview/session.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import panflute as pf
from panflute.elements import from_json

from ..doc.text import descendants, transform

REFS = "refs"  # the Div citeproc writes the bibliography into (book/assemble.py)


def slots(doc: pf.Doc) -> list[pf.Element]:
    """The citations and the bibliography's Div, in the order of a walk (metadata first: nocite)."""
    return [e for e in descendants(doc)
            if isinstance(e, pf.Cite) or (isinstance(e, pf.Div) and e.identifier == REFS)]


def _in_note(elem: pf.Element) -> bool:
    node = elem.parent
    while node is not None:
        if isinstance(node, pf.Note):
            return True
        node = node.parent
    return False


def _seen(doc: pf.Doc) -> tuple:
    """What citeproc reads of a document: its metadata and its slots, each with whether it stands in a note."""
    return (doc.metadata.to_json(), [(_in_note(e), e.to_json()) for e in slots(doc)])


def _element(data):
    return json.loads(json.dumps(data), object_hook=from_json)


@dataclass
class Cited:
    """What one citeproc run leaves to reuse: what it read; its slots, metadata and API version as it wrote them."""

    seen: tuple
    fill: list
    meta: dict
    api: tuple


def _filled(doc: pf.Doc, cited: Cited) -> pf.Doc:
    """`doc` with its slots replaced in order by new elements made from the run's, its metadata the run's."""
    new = {id(e): _element(f) for e, f in zip(slots(doc), cited.fill)}
    doc = transform(doc, lambda elem, _doc: new.get(id(elem)))
    doc.metadata = _element(cited.meta)
    doc.api_version = cited.api
    return doc


def remember(before: pf.Doc, after: pf.Doc) -> Cited | None:
    """A citeproc run (its input, which this changes, and its output), if its output is its input with the
    slots filled in."""
    seen = _seen(before)
    out = after.to_json()
    cited = Cited(seen, [e.to_json() for e in slots(after)], out["meta"], after.api_version)
    if len(cited.fill) != len(seen[1]) or _filled(before, cited).to_json() != out:
        return None
    return cited


def reuse(doc: pf.Doc, cited: Cited | None) -> pf.Doc | None:
    """Citeproc's output for `doc` (changed in place) from an earlier run that read the same; None if none did."""
    if cited is None or _seen(doc) != cited.seen:
        return None
    return _filled(doc, cited)
