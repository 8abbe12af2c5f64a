"""The essay stage: witness -> ingest -> filters, giving the essay's Doc, its reading text and its audit."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import panflute as pf

from filters import citations, names, notes, paragraph_numbers
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
    from ..cite.sigla import detect_sigla

    cfg = (essay.data.get("citations") or {})
    body = "\n".join(b.marked for b in draft.blocks if b.kind in ("para", "quote", "item"))
    notes_text = {b.n: b.text for b in draft.blocks if b.kind == "note"}
    sigla = detect_sigla(body, notes_text, library) if cfg.get("style", "sigla") == "sigla" else {}
    for siglum, key in (cfg.get("sigla") or {}).items():
        if key not in library.entries:
            lines = getattr(cfg.get("sigla"), "lines", {})
            report.add("CFG-007", essay.file, lines.get(siglum, essay.line_of("citations")), siglum=siglum, key=key)
        sigla[siglum] = key
    return sigla


def persons_of(edition: Edition, report: Report) -> list[dict]:
    """The persons of the index of names (edition.yaml's `names` file), or none."""
    from ..config import load_yaml

    rel = edition.data.get("names")
    if not rel:
        return []
    data = load_yaml(edition.root / "edition" / rel, report) or {}
    return list(data.get("persons") or [])


def build_essay(edition: Edition, essay_id: str, report: Report, library=None,
                draft: Draft | None = None) -> EssayResult | None:
    """Ingest an essay's witness (unless its Draft is given) and run every filter pass over it in this one process."""
    essay = edition.essays[essay_id]
    draft = draft if draft is not None else ingest(essay, report)
    if draft.stop:
        return None
    doc = to_panflute(draft)
    cfg = dict(essay.data.get("citations") or {})
    doc.metadata["citations"] = cfg
    doc.metadata["bibliography"] = str(edition.data["bibliography"])
    state = EditionState(essay=essay_id, witness=draft.file, report=report, library=library,
                         sigla=sigla_of(essay, draft, library, report) if library else {})
    doc.edition = state
    for run in PASSES:
        doc = run(doc)
    doc = names.run(doc, persons_of(edition, report))
    doc.metadata["sigla"] = dict(state.sigla)  # for the book's list of abbreviations
    text = pf.load(io.StringIO(json.dumps(doc.to_json())))  # an independent copy
    text = transform(text, _plain)
    doc = transform(doc, paragraph_numbers.action)
    doc.content.append(apparatus.headnote(draft))
    doc.content.append(apparatus.textual_notes(draft, essay.data.get("short-title", essay_id)))
    return EssayResult(doc, text, state, draft)
