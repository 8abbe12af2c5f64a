"""Where each stage of the build writes, under the edition's build/ folder."""

from __future__ import annotations

from pathlib import Path

from ..config import ROOT

BUILD = ROOT / "build"
FORMATS = ("html", "epub", "pdf")


def ingest_cache(essay_id: str) -> Path:
    return BUILD / "cache" / f"{essay_id}.ingest.json"


def essay_cache(essay_id: str) -> Path:
    return BUILD / "cache" / f"{essay_id}.json"


def reading_text(essay_id: str) -> Path:
    return BUILD / "text" / f"{essay_id}.md"


def essay_audit(essay_id: str, what: str) -> Path:
    """build/audit/<essay>.<what>.jsonl: `citations`, `notes` (each note: what it cites, or why nothing) or
    `interventions`."""
    return BUILD / "audit" / f"{essay_id}.{what}.jsonl"


def essay_outputs(essay_id: str) -> tuple[Path, ...]:
    """What an essay's filter stage writes (its cache first, the one a diagnostic names)."""
    return (essay_cache(essay_id), reading_text(essay_id), essay_audit(essay_id, "citations"),
            essay_audit(essay_id, "notes"), essay_audit(essay_id, "interventions"))


def audit_page() -> Path:
    return BUILD / "audit" / "citations.html"


def cited_cache(book_id: str) -> Path:
    return BUILD / "cache" / f"{book_id}.cited.json"


def layout_cache(book_id: str) -> Path:
    return BUILD / "cache" / f"{book_id}.layout.json"


def pages_cache(book_id: str) -> Path:
    """Where each page of the print edition begins, written by the PDF's stage for the HTML's and the EPUB's."""
    return BUILD / "cache" / f"{book_id}.pages.json"


def fonts_cache() -> Path:
    """The subsets of the edition's fonts the HTML and the EPUB carry, shared by formats and books."""
    return BUILD / "cache" / "fonts"


def book_output(book_id: str, fmt: str) -> Path:
    return BUILD / book_id / f"{book_id}.{fmt}"


def stamp(result: Path) -> Path:
    """The stamp beside a cached stage's result (<name>.json -> <name>.stamp): make touches it when the stage
    has run, and the result keeps its date when the run changed nothing."""
    return result.with_suffix(".stamp")

