"""References in notes, McKay's usage: full references, short forms, "section X of" forms and shorthand.

The notes convention an essay gets when none of its conventions reads notes (``DEFAULT_NOTES``).

Forms, in order of precedence where they overlap:

1. shorthand with a siglum, as in running text: "(Memoirs 146, 152)", "(Serge, 12)";
2. references anchored on a library title (``critedition.cite.refs``): "Jonathan Aves, Workers Against
   Lenin: ... (London: ..., 1996), 18, 90" (``notes.full-ref``), "Proudhon, Property is Theft!, 595" and
   "Collected Works 42: 170" (``notes.short-form``), "See section H.2.2 of An Anarchist FAQ (...) volume 2"
   (``notes.afaq-section``: locator "H.2.2", label "section", "See"/"Also see" kept as the prefix "see" /
   "also see"). Commentary around a reference stays text;
3. other shorthand: titles in parentheses, bare pages "(151)", unknown works;
4. an author's family name and pages alone, "Aves, 37." (``notes.short-form``), for an author with one
   entry, or the one of their entries cited most recently.

A note is its own scope for bare pages: "(151)" refers to the work the same note cited (or, failing
that, named); the running text's work in view is saved before the note and restored after it, so
notes may be read where their markers are.
"""

from __future__ import annotations

import bisect
import re

from critedition.cite import shorthand
from critedition.cite.conventions.base import Convention
from critedition.cite.locators import LOCS, is_year_like, normalise_locator, pages
from critedition.cite.model import Cite, Context, Match
from critedition.cite.refs import Ref, find_refs

_AUTHOR_SHORT = re.compile(rf"(?<![\w’'])(?P<name>[A-Z][\w’'\-]{{1,30}}),[ \t]*(?P<locs>{LOCS})")
_END = re.compile(r"\s*(?:[.;)\]]|$)")


class _Spans:
    """Non-overlapping [start, end) spans kept sorted, for O(log n) overlap tests."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _ref_match(text: str, ref: Ref, ctx: Context) -> Match:
    raw = text[ref.start : ref.end]
    if ref.problem:
        return Match(ref.start, ref.end, raw, (), ref.rule, problem=ref.problem, notes=ref.notes)
    if len(ref.entries) != 1:
        keys = ", ".join(e.key for e in ref.entries)
        return Match(ref.start, ref.end, raw, (), ref.rule, problem=f"ambiguous reference: {keys}", notes=ref.notes)
    key = ref.entries[0].key
    ctx.set_work(key, cited=True)
    ctx.cited[key] = ctx.paragraph
    return Match(ref.start, ref.end, raw, (Cite(key, ref.locator, ref.label, ref.prefix),), ref.rule, notes=ref.notes)


def _author_short(text: str, m: re.Match[str], ctx: Context) -> Match | None:
    if any(is_year_like(p) for p in pages(m.group("locs"))):
        return None
    resolved = ctx.library.resolve_family(m.group("name"), max_distance=0)
    if resolved is None:
        return None
    entries = ctx.library.by_name(resolved[0])
    raw = text[m.start() : m.end()]
    if len(entries) > 1:
        recent = [e for e in entries if e.key in ctx.cited]
        entries = sorted(recent, key=lambda e: ctx.cited[e.key])[-1:] if recent else entries
    if len(entries) != 1:
        keys = ", ".join(e.key for e in entries)
        return Match(m.start(), m.end(), raw, (), "notes.short-form", problem=f"ambiguous author short form: {keys}")
    key = entries[0].key
    ctx.set_work(key, cited=True)
    ctx.cited[key] = ctx.paragraph
    return Match(m.start(), m.end(), raw, (Cite(key, normalise_locator(m.group("locs"))),), "notes.short-form")


def parse_note_refs(note_text: str, ctx: Context) -> list[Match]:
    """Citations in one note's text, sorted and non-overlapping."""
    saved = (ctx.last_work, ctx.last_work_paragraph, ctx.last_work_cited)
    ctx.next_paragraph()
    ctx.last_work, ctx.last_work_cited = None, False
    try:
        return _parse(note_text, ctx)
    finally:
        ctx.last_work, ctx.last_work_paragraph, ctx.last_work_cited = saved


def _parse(text: str, ctx: Context) -> list[Match]:
    parens = shorthand.candidates(text)
    refs = find_refs(text, ctx.library)
    taken = _Spans()
    events: list[tuple[int, object]] = []

    def take(start: int, end: int, event: object) -> None:
        taken.add(start, end)
        events.append((start, event))

    for paren in parens:
        if shorthand.is_siglum_paren(paren, ctx):
            take(paren.start, paren.end, paren)
    for ref in refs:
        if ref.citation and not taken.overlaps(ref.start, ref.end):
            take(ref.start, ref.end, ref)
    for paren in parens:
        if not taken.overlaps(paren.start, paren.end):
            take(paren.start, paren.end, paren)
    for m in _AUTHOR_SHORT.finditer(text):
        if _END.match(text, m.end()) and not taken.overlaps(m.start(), m.end()):
            take(m.start(), m.end(), m)
    for ref in refs:
        if not ref.citation and not taken.overlaps(ref.start, ref.end):
            events.append((ref.start, ref))
    events.sort(key=lambda ev: ev[0])

    matches: list[Match] = []
    for _, event in events:
        match = None
        if isinstance(event, shorthand.Paren):
            match = shorthand.resolve(text, event, ctx)
        elif isinstance(event, Ref) and event.citation:
            match = _ref_match(text, event, ctx)
        elif isinstance(event, Ref):
            _mention(text, event, ctx)
        else:
            match = _author_short(text, event, ctx)
        if match:
            matches.append(match)
    return matches


def _mention(text: str, ref: Ref, ctx: Context) -> None:
    """A title named in a note's commentary: it may give a later bare page its work (module doc)."""
    if ref.words >= 2 and len(ref.entries) == 1 and text[ref.start].isupper():
        if not ctx.library.is_person_name(text[ref.start : ref.end]):
            ctx.set_work(ref.entries[0].key, cited=False)


CONVENTION = Convention(
    "references", "references in notes found by the titles of bibliography entries: full, short, sections, shorthand",
    notes=parse_note_refs)
