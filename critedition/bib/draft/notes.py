"""An essay's notes as the drafter reads them: each note's number, where it starts in the witness, and its text.

The toolchain's ingest gives the notes of a witness whose profile is registered; ``markdown_footnotes``
reads Pandoc Markdown footnote definitions (``[^n]: ...``, continued by indented lines) for a Markdown
witness before a Markdown profile exists, and can be replaced by that profile's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOOTNOTE = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]?(?P<text>.*)$")


@dataclass(frozen=True)
class NoteText:
    """One note: its number (or label), its first line and column in the witness, and its text."""

    n: int
    line: int
    col: int
    text: str


def markdown_footnotes(text: str) -> list[NoteText]:
    """The footnote definitions of a Markdown text, in order; a numeric label is the note's number, any other
    label counts on from the last number."""
    notes: list[NoteText] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FOOTNOTE.match(lines[i])
        if not m:
            i += 1
            continue
        start, body = i + 1, [m.group("text")]
        i += 1
        # Continuation: indented lines, and blank lines followed by an indented one.
        while i < len(lines) and (lines[i].startswith(("    ", "\t")) or
                                  not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].startswith("    ")):
            body.append(lines[i].strip())
            i += 1
        label = m.group("label")
        n = int(label) if label.isdigit() else (notes[-1].n + 1 if notes else 1)
        notes.append(NoteText(n, start, len(label) + 5, " ".join(b for b in body if b).strip()))
    return notes
