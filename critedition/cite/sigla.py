"""Sigla an essay defines for itself, as in "Memoirs of a Revolutionary (Memoirs[1])" or "(Serge[5])".

A definition is a parenthesis holding one to four capitalised words and a note marker ``[n]``. The
siglum's work is, in order of preference: the work note n cites (its first reference with a publication
block or locator), the title just before the parenthesis, or a library entry having the siglum itself as
a title (a ``shorttitle``). The caller lets configuration override: ``{**detected, **configured}``.
"""

from __future__ import annotations

import re

from critedition.bib.library import Library
from critedition.cite.refs import find_refs

_DEFINITION = re.compile(
    r"\(\s*(?:hereafter[ \t]+|henceforth[ \t]+)?(?P<sig>[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*){0,3})"
    r"[ \t]*\[(?P<n>\d{1,3})\][ \t]*\)"
)
_BEFORE = 200


def detect_sigla(
    text_of_body: str, notes: dict[int, str], library: Library, problems: list[str] | None = None
) -> dict[str, str]:
    """Siglum -> key for every definition in ``text_of_body``; unresolved ones go to ``problems``."""
    sigla: dict[str, str] = {}
    for m in _DEFINITION.finditer(text_of_body):
        siglum, number = m.group("sig"), int(m.group("n"))
        key = _from_note(notes.get(number, ""), library) or _from_title_before(text_of_body, m.start(), library)
        if key is None:
            entry = library.match_title(siglum)
            key = entry.key if entry else None
        if key is None:
            if problems is not None:
                problems.append(f'siglum "{siglum}" (note {number}): no bibliography entry found')
            continue
        sigla.setdefault(siglum, key)
    return sigla


def _from_note(note: str, library: Library) -> str | None:
    for ref in find_refs(note, library):
        if ref.citation:
            return ref.entries[0].key if len(ref.entries) == 1 else None
    return None


def _from_title_before(text: str, end: int, library: Library) -> str | None:
    start = max(0, end - _BEFORE)
    hits = library.scan_titles(text[start:end])
    if hits and not text[start + hits[-1].end : end].strip() and len(hits[-1].entries) == 1:
        return hits[-1].entries[0].key
    return None
