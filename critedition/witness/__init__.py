"""Ingest: turn a witness file into the edition's document model, stage by stage, keeping source positions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..config import Essay
from ..diagnostics import Report
from .model import Draft
from .profiles import stages_of
from .profiles.docx import paragraphs
from .to_pandoc import to_panflute


def ingest(essay: Essay, report: Report | None = None) -> Draft:
    """Run the essay's profile stages over its witness; problems go to the report."""
    draft = Draft.start(essay, report if report is not None else Report())
    stages = stages_of(essay, draft.report)
    if stages is None:
        draft.stop = True
        return draft
    for stage in stages:
        draft = stage(draft)
        if draft.stop:
            break
    return draft


def source_text(path: Path) -> str:
    """A witness's text as its positions count it: the file's, or a Word document's paragraphs, one a line."""
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        return "\n".join(paragraphs(data))
    return data.decode("utf-8")


__all__ = ["ingest", "to_panflute", "Draft", "source_text"]
