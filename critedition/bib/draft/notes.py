"""An essay's notes as the drafter reads them: each note's number, where it starts in the witness, and its text.

The toolchain's ingest gives them, by the witness's profile (``witness.survey``), italic runs between
asterisks as Markdown writes them: the drafter takes one for a title.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoteText:
    """One note: its number (or label), its first line and column in the witness, and its text."""

    n: int
    line: int
    col: int
    text: str
