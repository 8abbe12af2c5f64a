"""The essay stage: witness -> ingest -> filters, giving the essay's Doc, its reading text and its audit."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import panflute as pf

from filters import notes, paragraph_numbers
from filters.state import EditionState

from . import apparatus
from .config import Edition
from .diagnostics import Report
from .ingest import Draft, ingest, to_panflute

# Filter passes after the notes, in order; each is `run(doc) -> doc` and shares `doc.edition`.
PASSES: list = []


@dataclass
class EssayResult:
    doc: pf.Doc  # numbered body, headnote and apparatus, ready for a book
    text: pf.Doc  # the reading text alone, unwrapped, for build/text/<essay>.md
    state: EditionState
    draft: Draft  # the ingest result, with every intervention


def _plain(elem: pf.Element, doc: pf.Doc):
    """Unwrap the edition's markup (numbered Divs, emendation Spans) for the reusable reading text."""
    if isinstance(elem, pf.Div) and ("para" in elem.classes or "essay" in elem.classes or "note-body" in elem.classes):
        return list(elem.content)
    if isinstance(elem, pf.Span) and "emendation" in elem.classes:
        return list(elem.content)
    if isinstance(elem, pf.Header):
        elem.attributes.clear()
    return None


def build_essay(edition: Edition, essay_id: str, report: Report, library=None) -> EssayResult | None:
    """Ingest an essay's witness and run every filter pass over it in this one process."""
    essay = edition.essays[essay_id]
    draft = ingest(essay, report)
    if draft.stop:
        return None
    doc = to_panflute(draft)
    state = EditionState(essay=essay_id, witness=draft.file, report=report, library=library)
    doc.edition = state
    doc = notes.run(doc)
    for run in PASSES:
        doc = run(doc)
    text = pf.load(io.StringIO(json.dumps(doc.to_json())))  # an independent copy
    text = text.walk(_plain) or text
    doc = doc.walk(paragraph_numbers.action) or doc
    doc.content.append(apparatus.headnote(draft))
    doc.content.append(apparatus.textual_notes(draft, essay.data.get("short-title", essay_id)))
    return EssayResult(doc, text, state, draft)
