"""The one declared state that the filters share across passes, kept on the Doc."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import panflute as pf

from critedition.diagnostics import Report


@dataclass
class EditionState:
    """Everything a pass learns that a later pass needs; lives at `doc.edition`."""

    essay: str = ""
    witness: str = ""
    report: Report = field(default_factory=Report)
    endnotes: dict[int, pf.Div] = field(default_factory=dict)  # note number -> endnote Div (notes pass)
    called: dict[int, tuple[int, int]] = field(default_factory=dict)  # note number -> (line, col) of its call
    audit: list[dict] = field(default_factory=list)  # one record per citation found (citations pass)
    notes: list[dict] = field(default_factory=list)  # one record per note: what it cites, or why nothing (citations pass)
    mentions: dict[str, dict] = field(default_factory=dict)  # key -> where the essay names the work uncited
    library: Any = None  # critedition.bib.library.Library, loaded once per build and shared
    sigla: dict[str, str] = field(default_factory=dict)
    cite_context: Any = None


def state_of(doc: pf.Doc) -> EditionState:
    """The state on this Doc, created from its metadata when a filter runs standalone under pandoc."""
    st = getattr(doc, "edition", None)
    if st is None:
        st = EditionState(essay=str(doc.get_metadata("essay", "")),
                          witness=str(doc.get_metadata("witness", "")))
        doc.edition = st
    return st
