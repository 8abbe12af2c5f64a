"""Witness profiles: each module reads one kind of witness, as a list of ingest stages; the registry names them."""

from __future__ import annotations

from ...config import Essay
from ...diagnostics import Report
from . import anarchist_library, docx, html, markdown, ocr

# The `profile` key of an essay's configuration chooses one of these; this is the one list of profiles.
PROFILES = {"anarchist-library": anarchist_library.STAGES, "ocr": ocr.STAGES, "markdown": markdown.STAGES,
            "html": html.STAGES, "docx": docx.STAGES}


def stages_of(essay: Essay, report: Report) -> list | None:
    """The essay's profile's stages, or None (and CFG-006 at its `profile` key) for a profile that does not exist."""
    stages = PROFILES.get(essay.data.get("profile"))
    if stages is None:
        report.add("CFG-006", essay.file, essay.line_of("profile"), profile=essay.data.get("profile"),
                   known=", ".join(PROFILES))
    return stages
