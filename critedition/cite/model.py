"""What the citation recognisers return, the state they carry across paragraphs, and its Markdown form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from critedition.bib.library import Library

MODES = ("normal", "author-in-text", "suppress-author")
# Where a bare page's work comes from, as an essay's configuration names it (``bare-pages: from:``), and
# which events put a work in view under each: the work last named (a title in the text, McKay's usage), the
# abbreviation last used (and the bare pages that continue it), or the last citation of any kind.
BARE_PAGE_SOURCES = {
    "named": frozenset({"mention", "bare", "reference"}),
    "abbreviation": frozenset({"siglum", "bare"}),
    "any": frozenset({"bare", "reference", "siglum", "title"}),
}

# citeproc's locator labels as Pandoc recognises them; a page locator is written bare.
_LABELS = {"page": "", "section": "sec. ", "chapter": "chap. ", "volume": "vol. ", "note": "n. ", "part": "pt. ",
           "appendix": "app. ", "table": "tbl. ", "figure": "fig. ", "book": "bk. ", "line": "l. ", "paragraph": "para. "}


@dataclass(frozen=True)
class Cite:
    """One cited work: its key, a locator as the witness writes it (roman numerals, dashes kept),
    the locator's label, and text before (``prefix``, e.g. "quoted in") or after the citation."""

    key: str
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Match:
    """A citation found in a text. [start, end) is exactly the span that the edition replaces with the
    Pandoc citation. A Match with ``cites=()`` and a ``problem`` is something that looks like a citation
    but could not be resolved: it is reported, and the text stays as written. ``notes`` are remarks that
    do not prevent resolution (e.g. a misspelt author name matched with one edit)."""

    start: int
    end: int
    raw: str
    cites: tuple[Cite, ...]
    rule: str
    mode: str = "normal"
    problem: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return bool(self.cites) and self.problem is None


@dataclass
class Context:
    """Reading state carried across the paragraphs of one essay, in document order.

    Each call of a recogniser is one paragraph (``next_paragraph``); a note is its own scope (see
    ``critedition.cite.conventions.references``). ``aliases`` maps "Family Year" as written in an essay to a key, for
    configuration to resolve an author's slip (e.g. a wrong year) without changing the witness."""

    library: Library
    sigla: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    # The work most recently named in running text (or cited without a siglum), for bare "(247)".
    last_work: str | None = None
    last_work_paragraph: int = -10
    last_work_cited: bool = False  # set by a citation rather than a mere mention of a title
    # The last narrative citation ("Wald (1992)"), for a following "(p. 51)"; an unresolved one is kept
    # as its label ("Sontag 2001") so that the page reference is reported rather than dropped.
    last_narrative: str | None = None
    last_narrative_label: str | None = None
    last_narrative_paragraph: int = -10
    # The author most recently named ("Alan Wald", or a citation): (family, keys of their entries).
    last_author: tuple[str, tuple[str, ...]] | None = None
    last_author_at: tuple[int, int] = (-10, 0)  # (paragraph, offset of the mention)
    last_author_notes: tuple[str, ...] = ()
    # Key -> paragraph where it was last cited; picks between an author's works in "Aves, 37."
    cited: dict[str, int] = field(default_factory=dict)
    paragraph: int = 0
    # How many paragraphs back the work in view still gives bare page numbers their meaning (0: no limit).
    bare_page_window: int = 1
    # What puts a work in view for bare pages (``BARE_PAGE_SOURCES``), and whether "(3)" can be a page.
    bare_page_from: str = "named"
    single_digit_pages: bool = False
    # The note being read (its number as the witness gives it), or None in running text.
    note: str | None = None
    # Spans of the text being read that the witness sets in italics; None when the witness cannot mark them.
    italics: tuple[tuple[int, int], ...] | None = None
    # Every work cited so far, in reading order, with the note it was cited in (Ibid., Op. Cit., short notes).
    trail: list[tuple[str, str | None]] = field(default_factory=list)
    # What a convention remembers across paragraphs for itself, under its own name.
    memory: dict[str, object] = field(default_factory=dict)

    def next_paragraph(self) -> int:
        self.paragraph += 1
        return self.paragraph

    def set_work(self, key: str, cited: bool, by: str | None = None) -> None:
        """Record the work now in view, if ``by`` (how it came: ``mention``, ``bare``, ``reference``,
        ``siglum``, ``title``; by default a mention or a reference) puts works in view under
        ``bare_page_from``. A mere mention does not displace a work cited in the same paragraph: a bare
        page after "cited X ... also names Y" still belongs to X."""
        by = by or ("reference" if cited else "mention")
        if by not in BARE_PAGE_SOURCES[self.bare_page_from]:
            return
        if not cited and self.last_work_cited and self.last_work_paragraph == self.paragraph:
            return
        self.last_work, self.last_work_paragraph, self.last_work_cited = key, self.paragraph, cited

    def work_in_scope(self) -> str | None:
        window = self.bare_page_window
        if self.last_work and (not window or self.paragraph - self.last_work_paragraph <= window):
            return self.last_work
        return None

    def remember(self, key: str) -> None:
        """A work was cited: it joins the trail (in the note being read, if any)."""
        self.trail.append((key, self.note))


def cite_json(cite: Cite) -> dict:
    """A cite as the audit records it."""
    return {"key": cite.key, "locator": cite.locator, "label": cite.label, "prefix": cite.prefix, "suffix": cite.suffix}


def locator_text(cite: Cite) -> str:
    """The locator as Pandoc writes it after the key: "293, 300", "sec. H.2.2", "vol. 42, p. 170"."""
    if not cite.locator:
        return ""
    return _LABELS.get(cite.label, f"{cite.label} ") + cite.locator


_locator = locator_text  # the name filters/citations.py imports


def to_markdown(match: Match) -> str:
    """The Pandoc Markdown citation for ``match``; an unresolved match gives its text unchanged."""
    if not match.resolved:
        return match.raw
    if match.mode == "author-in-text":
        cite = match.cites[0]
        inner = locator_text(cite) + cite.suffix
        return f"@{cite.key}" + (f" [{inner}]" if inner else "")
    dash = "-" if match.mode == "suppress-author" else ""
    items = []
    for cite in match.cites:
        text = (f"{cite.prefix} " if cite.prefix else "") + f"{dash}@{cite.key}"
        loc = locator_text(cite)
        items.append(text + (f", {loc}" if loc else "") + cite.suffix)
    return "[" + "; ".join(items) + "]"


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def scan(text: str, ctx: Context, events: list[tuple[int, int, object]],
         handle: Callable[[int, int, object], Match | None]) -> list[Match]:
    """Run a recogniser's events (offset, priority, payload) in text order over one paragraph.

    A blank line inside the text starts a new paragraph of the context; an event inside the last match is
    skipped; `handle` may update the context and returns a Match or None.
    """
    ctx.next_paragraph()
    breaks = [m.start() for m in PARAGRAPH_BREAK.finditer(text)]
    events.sort(key=lambda ev: (ev[0], ev[1]))
    matches: list[Match] = []
    b = 0
    for start, kind, event in events:
        while b < len(breaks) and breaks[b] < start:
            ctx.next_paragraph()
            b += 1
        if matches and start < matches[-1].end:
            continue
        match = handle(start, kind, event)
        if match:
            matches.append(match)
    return matches
