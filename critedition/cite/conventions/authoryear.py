"""Price's author-year citations: "(Weissman, 2001; p. 7)", "Wald (1992) asks", "(1997; p. 183)", "(p. 63)".

Forms (``rule``, ``mode``):

* ``authoryear.parenthetical`` (normal): "[prefix] Names[, in Names], Year[; p. N]" in parentheses,
  several separated by ";". "(Serge, in Lenin & Trotsky, 1979; p. 137)" cites Serge's own entry for
  1979 if one is a part of the named collection, else the collection with the prefix "Serge, in".
* ``authoryear.narrative`` (author-in-text): "Wald (1992)", "Sontag (2001)"; the span is the family
  name and the parenthesis (a given name before it stays text).
* ``authoryear.year-only`` (suppress-author): "(1997; p. 183)" after an author is named in the same
  paragraph ("Peter Sedgwick ... called Serge “...” (1997; p. 183)"). An author is *named* by a given
  name and family name together ("Alan Wald"), by a narrative citation or by a parenthetical one: a
  bare family name ("called Serge") does not count, since an essay's subject is named everywhere.
  With a page it is reported if unresolved; a bare "(1992)" counts only when the named author has an
  entry for that year and no sentence ended in between (otherwise it is a year in an aside).
* ``authoryear.page-only`` (suppress-author): "(p. 63)" right after a narrative citation in the same
  paragraph (no other citation in between); with no narrative citation it is not a citation.

Family names match the library with one edit tolerated for names of five letters or more
("Sedgewick" -> Sedgwick), recorded in ``Match.notes``. A work missing from the bibliography (e.g.
"Sontag (2001)" when the library has only Sontag 2007) is reported, never silently replaced:
configuration can map it with ``Context.aliases`` ("Sontag 2001" -> key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from critedition.bib.entries import Entry
from critedition.bib.text import words
from critedition.cite.conventions.base import Convention
from critedition.cite.locators import LOCS, normalise_locator, normalise_prefix
from critedition.cite.model import Cite, Context, Match, scan
from critedition.cite.shorthand import PAREN

_NAME = r"[A-Z][\w’'\-]{1,30}"
_NAMES = rf"{_NAME}(?:\s*(?:,|&|and)\s+{_NAME}){{0,3}}(?:\s+et\s+al\.)?"
_YEAR = r"(?P<year>\d{4})[a-z]?"
_PAGES = rf"(?:\s*[;,:]\s*(?:pp?\.?\s*)?(?P<locs>{LOCS}))?"
_ITEM = re.compile(
    rf"\s*(?:(?P<prefix>[a-z][a-z.]*(?:\s+[a-z][a-z.]*){{0,2}})\s+)?(?P<names>{_NAMES})"
    rf"(?:\s*,\s*in\s+(?P<container>{_NAMES}))?\s*,?\s+{_YEAR}{_PAGES}\s*"
)
_YEAR_ONLY = re.compile(rf"\s*{_YEAR}{_PAGES}\s*")
_PAGE_ONLY = re.compile(rf"\s*pp?\.?\s*(?P<locs>{LOCS})\s*")
_NARRATIVE = re.compile(rf"(?<![\w’'\-])(?P<name>{_NAME})\s+\({_YEAR}{_PAGES}\)")
_CAPWORD = re.compile(r"[A-Z][\w’'\-]{1,30}")
_SENTENCE_END = re.compile(r"[.!?][”’\"]?\s+[A-Z“\"]")
_SAME_SENTENCE = 300  # characters; a longer gap is taken as another sentence


def _split_names(names: str) -> list[str]:
    names = re.sub(r"\s+et\s+al\.$", "", names)
    return [n.strip() for n in re.split(r",|&|\band\b", names) if n.strip()]


def _families(names: str, ctx: Context) -> tuple[list[str] | None, tuple[str, ...]]:
    """Library family names for written names (None if one is unknown), and fuzzy-match notes."""
    found, notes = [], []
    for name in _split_names(names):
        name = re.sub(r"[’']s$", "", name)
        resolved = ctx.library.resolve_family(name)
        if resolved is None:
            return None, ()
        family, distance = resolved
        if distance:
            notes.append(f"author “{name}” matched “{ctx.library.display_family(family)}” ({distance} edit)")
        found.append(family)
    return found, tuple(notes)


def _by_names_year(families: list[str], year: str, ctx: Context) -> list[Entry]:
    keys = None
    for family in families:
        these = {e.key: e for e in ctx.library.by_name_year(family, year)}
        keys = these if keys is None else {k: e for k, e in keys.items() if k in these}
    return sorted((keys or {}).values(), key=lambda e: e.line)


@dataclass(frozen=True)
class _Found:
    """The outcome of looking up "Names[, in Container], Year"."""

    entries: tuple[Entry, ...] = ()
    prefix: str = ""
    problem: str | None = None
    notes: tuple[str, ...] = ()
    families: tuple[str, ...] = ()


def _lookup(names: str, year: str, container: str | None, ctx: Context) -> _Found:
    alias = ctx.aliases.get(f"{_split_names(names)[0]} {year}")
    if alias and alias in ctx.library:
        return _Found((ctx.library[alias],), notes=(f"alias “{names} {year}” -> {alias}",))
    families, notes = _families(names, ctx)
    label = f"{' & '.join(_split_names(names))} {year}"
    if families is None:
        return _Found(problem=f"no bibliography entry for {label}")
    entries = ctx.library.prefer_parts(_by_names_year(families, year, ctx))
    prefix = ""
    if container:
        c_families, c_notes = _families(container, ctx)
        parents = ctx.library.prefer_parts(_by_names_year(c_families or [], year, ctx))
        linked = [e for e in entries if e.get("crossref") in {p.key for p in parents}]
        if linked:
            entries = linked
        elif parents:
            # The library has the collection but not the author's part of it: cite the collection,
            # keeping the author as a prefix ("Serge, in").
            entries, prefix, notes = parents, f"{' '.join(names.split())}, in", notes + c_notes
        label = f"{label} (in {' '.join(container.split())})"
    if not entries:
        years = sorted({e.year or "n.d." for f in families for e in ctx.library.by_name(f)})
        has = f"{ctx.library.display_family(families[0])} has: {', '.join(years)}"
        return _Found(problem=f"no bibliography entry for {label} ({has})", notes=notes, families=tuple(families))
    if len(entries) > 1:
        keys = ", ".join(e.key for e in entries)
        return _Found(problem=f"ambiguous {label}: {keys}", notes=notes, families=tuple(families))
    return _Found(tuple(entries), prefix, None, notes, tuple(families))


def _remember_author(ctx: Context, families: list[str], at: int, notes: tuple[str, ...] = ()) -> None:
    if families:
        keys = tuple(e.key for e in ctx.library.by_name(families[0]))
        ctx.last_author, ctx.last_author_at, ctx.last_author_notes = (families[0], keys), (ctx.paragraph, at), notes


def _parenthetical(text: str, start: int, end: int, content: str, ctx: Context) -> Match | None:
    # "; p. 7" belongs to the item before it; "; Spencer, 1997" starts another item.
    pieces: list[str] = []
    for piece in content.split(";"):
        if pieces and _PAGE_ONLY.fullmatch(piece):
            pieces[-1] += ";" + piece
        else:
            pieces.append(piece)
    parsed = [_ITEM.fullmatch(p) for p in pieces]
    if not all(parsed):
        return None
    raw = text[start:end]
    cites, problems, notes = [], [], ()
    for m in parsed:
        found = _lookup(m.group("names"), m.group("year"), m.group("container"), ctx)
        notes += found.notes
        _remember_author(ctx, list(found.families), start, found.notes)
        if found.problem:
            problems.append(found.problem)
            continue
        prefix = " ".join(p for p in (normalise_prefix(m.group("prefix") or ""), found.prefix) if p)
        cites.append(Cite(found.entries[0].key, normalise_locator(m.group("locs") or ""), "page", prefix))
    ctx.last_narrative = ctx.last_narrative_label = None
    if problems:
        return Match(start, end, raw, (), "authoryear.parenthetical", problem="; ".join(problems), notes=notes)
    return Match(start, end, raw, tuple(cites), "authoryear.parenthetical", notes=notes)


def _narrative(text: str, m: re.Match[str], ctx: Context) -> Match | None:
    families, _ = _families(m.group("name"), ctx)
    if families is None:
        return None
    found = _lookup(m.group("name"), m.group("year"), None, ctx)
    notes = found.notes
    _remember_author(ctx, families, m.start(), notes)
    raw = text[m.start() : m.end()]
    ctx.last_narrative_paragraph = ctx.paragraph
    if found.problem:
        ctx.last_narrative, ctx.last_narrative_label = None, f"{m.group('name')} {m.group('year')}"
        return Match(m.start(), m.end(), raw, (), "authoryear.narrative", "author-in-text", found.problem, notes)
    key = found.entries[0].key
    ctx.last_narrative, ctx.last_narrative_label = key, None
    cite = Cite(key, normalise_locator(m.group("locs") or ""))
    return Match(m.start(), m.end(), raw, (cite,), "authoryear.narrative", "author-in-text", notes=notes)


def _year_only(text: str, start: int, end: int, m: re.Match[str], ctx: Context) -> Match | None:
    raw, locs = text[start:end], m.group("locs")
    para, at = ctx.last_author_at
    author = ctx.last_author if para == ctx.paragraph and at < start else None
    if author is None:
        if not locs:
            return None
        return Match(start, end, raw, (), "authoryear.year-only", "suppress-author",
                     "year-only citation with no author named before it in the paragraph")
    entries = ctx.library.prefer_parts(ctx.library.by_name_year(author[0], m.group("year")))
    if not locs:
        gap = text[at:start]
        if len(entries) != 1 or len(gap) > _SAME_SENTENCE or _SENTENCE_END.search(gap):
            return None
    ctx.last_narrative = ctx.last_narrative_label = None
    notes = ctx.last_author_notes
    if len(entries) != 1:
        why = "ambiguous" if entries else "no bibliography entry for"
        return Match(start, end, raw, (), "authoryear.year-only", "suppress-author",
                     f"{why} {ctx.library.display_family(author[0])} {m.group('year')}", notes)
    cite = Cite(entries[0].key, normalise_locator(locs or ""))
    return Match(start, end, raw, (cite,), "authoryear.year-only", "suppress-author", notes=notes)


def _page_only(text: str, start: int, end: int, m: re.Match[str], ctx: Context) -> Match | None:
    if ctx.last_narrative_paragraph != ctx.paragraph:
        return None
    raw, locator = text[start:end], normalise_locator(m.group("locs"))
    if ctx.last_narrative:
        return Match(start, end, raw, (Cite(ctx.last_narrative, locator),), "authoryear.page-only", "suppress-author")
    if ctx.last_narrative_label:
        return Match(start, end, raw, (), "authoryear.page-only", "suppress-author",
                     f"page of the unresolved narrative citation {ctx.last_narrative_label}")
    return None


def _full_names(text: str, ctx: Context) -> list[tuple[int, str, tuple[str, ...]]]:
    """(offset, family, notes) of "Given Family" mentions of library authors."""
    found, previous = [], None
    for m in _CAPWORD.finditer(text):
        if previous is not None and not text[previous.end() : m.start()].strip():
            name = re.sub(r"[’']s$", "", m.group())
            resolved = ctx.library.resolve_family(name) if len(words(name)) == 1 else None
            if resolved:
                shown = ctx.library.display_family(resolved[0])
                note = (f"author “{name}” matched “{shown}” (1 edit)",) if resolved[1] else ()
                found.append((m.start(), resolved[0], note))
        previous = m
    return found


def parse_author_year(text: str, ctx: Context) -> list[Match]:
    """Author-year citations in one paragraph (blank lines inside start new paragraphs)."""
    events: list[tuple[int, int, object]] = [(at, 0, (family, notes)) for at, family, notes in _full_names(text, ctx)]
    events += [(m.start(), 1, m) for m in _NARRATIVE.finditer(text)]
    events += [(m.start(), 2, m) for m in PAREN.finditer(text)]

    def handle(start: int, kind: int, event) -> Match | None:
        if kind == 0:
            family, notes = event
            _remember_author(ctx, [family], start, notes)
            return None
        return _narrative(text, event, ctx) if kind == 1 else _paren(text, event, ctx)
    return scan(text, ctx, events, handle)


def _paren(text: str, m: re.Match[str], ctx: Context) -> Match | None:
    content = m.group(1)
    y = _YEAR_ONLY.fullmatch(content)
    if y:
        return _year_only(text, m.start(), m.end(), y, ctx)
    p = _PAGE_ONLY.fullmatch(content)
    if p:
        return _page_only(text, m.start(), m.end(), p, ctx)
    return _parenthetical(text, m.start(), m.end(), content, ctx)


CONVENTION = Convention(
    "author-year", "author and year in parentheses of the running text: (Weissman, 2001; p. 7), Wald (1992)",
    text=parse_author_year)
