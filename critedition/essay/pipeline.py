"""The essay stage: witness -> ingest -> filters, giving the essay's Doc, its reading text and its audit."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import panflute as pf

from filters import citations, names, notes, paragraph_numbers
from critedition.cite import conventions
from critedition.doc.text import transform
from critedition.doc.state import EditionState

from . import apparatus
from ..config import Edition
from ..diagnostics import Report
from ..witness import Draft, ingest, to_panflute

# Filter passes, in order; each is `run(doc) -> doc` and shares `doc.edition`.
PASSES: list = [notes.run, citations.run]


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
    if isinstance(elem, pf.Span) and ({"emendation", "name", "note-call"} & set(elem.classes)):
        return list(elem.content)
    if isinstance(elem, pf.Link) and elem.url.startswith("#"):  # links into the book's apparatus
        return list(elem.content)
    if isinstance(elem, pf.Header):
        elem.attributes.clear()
    return None


def sigla_of(essay, draft: Draft, library, report: Report) -> dict[str, str]:
    """Sigla the witness defines ("(Memoirs[1])" + note 1), overridden by those the configuration declares."""
    cites = essay.settings.citations
    body = "\n".join(b.marked for b in draft.blocks if b.kind in ("para", "quote", "item"))
    notes_text = {b.n: b.text for b in draft.blocks if b.kind == "note"}
    sigla = conventions.reading(cites).detect_sigla(body, notes_text, library)
    for siglum, key in cites.sigla.items():
        if key not in library.entries:
            report.add("CFG-007", essay.file, cites.line_of("sigla", siglum), siglum=siglum, key=key)
        sigla[siglum] = key
    return sigla


def persons_of(edition: Edition) -> list[dict]:
    """The persons of the index of names (edition.yaml's `names` file), or none."""
    return [p.model_dump() for p in edition.names.persons]


def build_essay(edition: Edition, essay_id: str, report: Report, library=None,
                draft: Draft | None = None) -> EssayResult | None:
    """Ingest an essay's witness (unless its Draft is given) and run every filter pass over it in this one process."""
    essay = edition.essays[essay_id]
    draft = draft if draft is not None else ingest(essay, report)
    if draft.stop:
        return None
    doc = to_panflute(draft)
    # What the configuration wrote (the filter reads it through the schema when run on its own, too).
    doc.metadata["citations"] = essay.settings.citations.model_dump(by_alias=True, exclude_unset=True)
    doc.metadata["bibliography"] = edition.settings.bibliography
    state = EditionState(essay=essay_id, witness=draft.file, report=report, library=library,
                         sigla=sigla_of(essay, draft, library, report) if library else {})
    if library:  # the options as configured (document metadata would turn their numbers into text)
        state.cite_context = conventions.context(essay.settings.citations, library, state.sigla)
    doc.edition = state
    for run in PASSES:
        doc = run(doc)
    doc = names.run(doc, persons_of(edition))
    doc.metadata["sigla"] = dict(state.sigla)  # for the book's list of abbreviations
    text = pf.load(io.StringIO(json.dumps(doc.to_json())))  # an independent copy
    text = transform(text, _plain)
    doc = transform(doc, paragraph_numbers.action)
    doc.content.append(apparatus.headnote(draft))
    doc.content.append(apparatus.textual_notes(draft, essay.settings.short_title or draft.meta.get("title", essay_id)))
    return EssayResult(doc, text, state, draft)
