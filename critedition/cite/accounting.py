"""Every note accounted for: what a note cites, or why it was judged to cite nothing, or what in it looks
like a reference that no convention read.

A note is ``cites`` when a citation was read in it, else ``unrecognised`` when something in it looks like
a reference (a title of a bibliography entry or an entry's abbreviation, a year in parentheses, a page
locator, "Ibid."), else ``discursive``. Also here: the works an essay names where no citation was read
(``mentions``), which tell an unused bibliography entry from one the recognisers missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from critedition.bib.library import Library, words
from critedition.cite.model import Match

_YEAR_IN_PARENS = re.compile(r"\((?:[^()]{0,120}?[\s,;:])?(?:1[5-9]\d\d|20\d\d)\)")
_PAGES = re.compile(r"(?<![\w])pp?\.\s*\d{1,4}|,\s*\d{1,4}(?:\s*(?:--?|–)\s*\d{1,4})?\s*[.;]?\s*$")
_IBID = re.compile(r"(?<![\w])ibid(?:em)?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """A piece of a text that looks like a reference: where, the words, and what it looks like."""

    start: int
    end: int
    text: str
    what: str
    key: str = ""  # the bibliography entry it names, if it names one


def mentions(text: str, library: Library) -> list[Evidence]:
    """Works of the bibliography a text names: a title of two words or more written capitalised (or one
    word, quoted or capitalised, if it is the whole title), or an entry's abbreviation (``shorthand``)."""
    found = []
    for hit in library.scan_titles(text, ("own", "container")):
        if text[hit.start].islower() or len(hit.entries) != 1:
            continue
        quoted = hit.start > 0 and text[hit.start - 1] in "“\"‘"
        if hit.size < 2 and not quoted:
            continue
        found.append(Evidence(hit.start, hit.end, text[hit.start:hit.end], "a title of a bibliography entry",
                              hit.entries[0].key))
    for short, key in library.shorthands().items():
        for m in re.finditer(rf"(?<![\w]){re.escape(short)}(?![\w])", text):
            found.append(Evidence(m.start(), m.end(), short, "an abbreviation of a bibliography entry", key))
    return sorted(found, key=lambda e: e.start)


def evidence(text: str, library: Library) -> list[Evidence]:
    """What in a note looks like a reference (see the module doc), in text order."""
    found = mentions(text, library)
    found += [Evidence(m.start(), m.end(), m.group(), "a year in parentheses") for m in _YEAR_IN_PARENS.finditer(text)]
    found += [Evidence(m.start(), m.end(), m.group().strip(" ,.;"), "a page locator") for m in _PAGES.finditer(text)]
    found += [Evidence(m.start(), m.end(), m.group(), "Ibid.") for m in _IBID.finditer(text)]
    return sorted(found, key=lambda e: (e.start, e.end))


def outside(found: list[Evidence], matches: list[Match]) -> list[Evidence]:
    """The evidence that no citation read covers."""
    spans = [(m.start, m.end) for m in matches if m.resolved]
    return [e for e in found if not any(a <= e.start < b or a < e.end <= b for a, b in spans)]


def classify_note(parts: list[tuple[str, list[Match]]], library: Library) -> tuple[str, str, list[tuple[int, Evidence]]]:
    """(kind, why, evidence with the index of its paragraph) of one note, from the text of each of its
    paragraphs and the citations read in it (module doc)."""
    matches = [m for _, ms in parts for m in ms]
    if any(m.resolved for m in matches):
        n = sum(len(m.cites) for m in matches if m.resolved)
        return "cites", f"{n} citation{'s' if n != 1 else ''} read", []
    found = [(i, e) for i, (text, ms) in enumerate(parts) for e in outside(evidence(text, library), ms)]
    problems = [m.problem for m in matches if m.problem]
    if found or problems:
        why = "; ".join(problems) if problems else f"{found[0][1].what}, but no reference any convention reads"
        return "unrecognised", why, found
    size = sum(len(words(text)) for text, _ in parts)
    return "discursive", (f"no citation read in its {size} words, and nothing like one: no title or abbreviation "
                          "of the bibliography, no year in parentheses, no page locator, no Ibid."), []
