"""What a citation convention is: a name and pure recognisers for running text and for notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from critedition.bib.library import Library
from critedition.cite.model import Context, Match

# A recogniser reads one paragraph (of running text or of a note) and returns its citations, sorted and
# not overlapping; it may update the Context, and nothing else.
Recogniser = Callable[[str, Context], list[Match]]
# Sigla an essay defines in its own text: (running text, notes by number, library) -> siglum -> key.
Detector = Callable[[str, dict[int, str], Library], dict[str, str]]


@dataclass(frozen=True)
class Convention:
    """One citation convention, as an essay's configuration names it (``citations: conventions:``).

    ``text`` reads the running text, ``notes`` the authors' notes; either may be None when the convention
    has nothing there. ``detect`` finds the sigla the essay defines itself."""

    name: str
    summary: str
    text: Recogniser | None = None
    notes: Recogniser | None = None
    detect: Detector | None = None


def combine(recognisers: list[Recogniser]) -> Recogniser | None:
    """One recogniser reading a paragraph with each of ``recognisers`` in turn: each sees the paragraph as
    the same paragraph of the context, and a citation of an earlier one wins where two overlap."""
    if len(recognisers) < 2:
        return recognisers[0] if recognisers else None

    def recognise(text: str, ctx: Context) -> list[Match]:
        start = end = ctx.paragraph
        found: list[Match] = []
        for one in recognisers:
            ctx.paragraph = start
            found += [m for m in one(text, ctx) if not any(m.start < f.end and f.start < m.end for f in found)]
            end = max(end, ctx.paragraph)
        ctx.paragraph = end
        return sorted(found, key=lambda m: m.start)
    return recognise


@dataclass(frozen=True)
class Reading:
    """The conventions an essay is read with, combined: one recogniser for its running text, one for its
    notes (None where no convention reads them) and the sigla it defines."""

    conventions: tuple[Convention, ...]
    text: Recogniser | None
    notes: Recogniser | None

    def read(self, text: str, ctx: Context, note: str | None = None,
             italics: tuple[tuple[int, int], ...] | None = None) -> list[Match]:
        """The citations of one paragraph: of running text, or (``note`` given) of that note. ``italics``
        are the paragraph's spans in italics, where the witness can mark them. Every work cited joins
        the context's trail."""
        recognise = self.text if note is None else self.notes
        ctx.note, ctx.italics = note, italics
        matches = recognise(text, ctx) if recognise else []
        for m in matches:
            for cite in m.cites if m.resolved else ():
                ctx.remember(cite.key)
        return matches

    def detect_sigla(self, body: str, notes: dict[int, str], library: Library) -> dict[str, str]:
        found: dict[str, str] = {}
        for convention in self.conventions:
            if convention.detect:
                found = {**convention.detect(body, notes, library), **found}
        return found
