"""McKay's sigla shorthand: "(Memoirs 293, 300)" in running text, with sigla the essay defines itself.

Running text is read with the shorthand grammar (``critedition.cite.shorthand``): a parenthesis names a
siglum or a title and pages, or holds bare pages for the work in view (``Context.set_work``).

Sigla an essay defines for itself, as in "Memoirs of a Revolutionary (Memoirs[1])" or "(Serge[5])":

A definition is a parenthesis holding one to four capitalised words and a note marker ``[n]``. The
siglum's work is, in order of preference: the work note n cites (its first reference with a publication
block or locator), the title just before the parenthesis, or a library entry having the siglum itself as
a title (a ``shorttitle``). The caller lets configuration override: ``{**detected, **configured}``.
"""

from __future__ import annotations

import re

from critedition.bib.library import Library
from critedition.cite.conventions.base import Convention
from critedition.cite.model import Context, Match, scan
from critedition.cite.refs import find_refs
from critedition.cite.shorthand import Paren, candidates, resolve

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


def mentions(text: str, ctx: Context) -> list[tuple[int, int, str]]:
    """(start, end, key) of library works named by title in running text (see the shorthand grammar)."""
    found = []
    for hit in ctx.library.scan_titles(text, ("own",)):
        if hit.size < 2 or len(hit.entries) != 1 or not text[hit.start].isupper():
            continue
        if ctx.library.is_person_name(text[hit.start : hit.end]):
            continue
        found.append((hit.start, hit.end, hit.entries[0].key))
    return found


def parse_shorthand(text: str, ctx: Context) -> list[Match]:
    """Shorthand citations in one paragraph of running text (blank lines inside start new paragraphs)."""
    events: list[tuple[int, int, object]] = [(s, 1, (s, e, key)) for s, e, key in mentions(text, ctx)]
    events += [(p.start, 0, p) for p in candidates(text)]

    def handle(start: int, kind: int, event) -> Match | None:
        if isinstance(event, Paren):
            return resolve(text, event, ctx)
        ctx.set_work(event[2], cited=False)
        return None
    return scan(text, ctx, events, handle)


CONVENTION = Convention(
    "sigla", "abbreviations the essay defines, with pages, in parentheses of the running text: (Memoirs 293)",
    text=parse_shorthand, detect=detect_sigla)
