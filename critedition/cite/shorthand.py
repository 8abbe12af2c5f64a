"""The grammar of shorthand citations: "(Memoirs 293, 300)", "(quoted, Serge 45)", "(Danger, 96)", "(247)".

Running text is read with it by the sigla convention (``critedition.cite.conventions.sigla``), notes by
the references convention; both resolve a parenthesis with ``resolve``.

Only innermost parentheses of at most 200 characters are read, so "(it soon gave “marvellous results”
(Memoirs 172))" yields the inner citation, and a note marker after the parenthesis ("(Serge xviii)[24]")
is never part of the match. The content of one parenthesis is::

    content  := item (";" item)*  |  bare
    item     := [prefix [","]] work [","] locators
    prefix   := one to three lower-case words; the witness's elliptical "quoted," is read "quoted in"
    work     := a siglum (``ctx.sigla``), else a title of a library entry; a short capitalised phrase
                that is neither is reported as a problem (``unknown work "Ethics"``)
    locators := [volume ":"] range ("," range)*   range := page [dash page]   page := 1-4 digits | roman
    bare     := ["p." | "pp."] locators

A *bare* page parenthesis refers to the work in view: by default (``ctx.bare_page_from`` "named",
McKay's usage) the work most recently named in the running text (a title of a library entry of two words
or more, capitalised, naming one entry and not a person) or cited by a bare page, in the same or the
previous paragraph (``ctx.bare_page_window``). There works cited by siglum never become the work in view:
a bare page after "(Serge 203)" belongs to the work the text named, not to the siglum. An essay's
configuration may say otherwise: "abbreviation" (bare pages continue the siglum last used), "any" (the
last citation of any kind), over more paragraphs or without limit. A bare page must look like a page: no
number from 1000 to 2099 anywhere (years: "(1890–1947)"), and not a roman numeral below x or, unless
``ctx.single_digit_pages``, a lone single digit (enumerations: "(2)", "(iv)"). With no work in view, a
page-like parenthesis is reported as a problem rather than dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from critedition.bib.entries import Entry
from critedition.cite.locators import (
    LOCS,
    PAGE_LABEL,
    VOLUME_PAGES,
    in_volume,
    is_year_like,
    normalise_locator,
    normalise_prefix,
    pages,
    ranges,
    roman_value,
)
from critedition.cite.model import Cite, Context, Match

PAREN = re.compile(r"\(([^()]{1,200})\)")
_ITEM = re.compile(
    rf"\s*(?:(?P<prefix>[a-z][a-z.]*(?:[ \t]+[a-z][a-z.]*){{0,2}})[ \t]*,?\s+)?"
    rf"(?P<work>[A-Z][^\d;:/()\[\]]{{0,80}}?)[ \t]*,?\s*(?:{VOLUME_PAGES}|(?P<locs>{LOCS}))\s*"
)
_BARE = re.compile(rf"\s*{PAGE_LABEL}?(?P<locs>{LOCS})\s*")
# Words that head a parenthesis like "(Issue 17)" or "(Spring 1984)" without naming a work.
_NOT_WORKS = frozenset(
    "issue no nos number vol vols volume volumes chapter chap part section sec table figure fig appendix "
    "note notes page pages line lines book spring summer autumn fall winter january february march april "
    "may june july august september october november december".split()
)
_CONNECTORS = frozenset({"of", "the", "and", "in", "on", "a", "an", "for", "to", "is"})


@dataclass(frozen=True)
class Item:
    prefix: str
    work: str
    locs: str
    volume: str | None


@dataclass(frozen=True)
class Paren:
    """One parenthesis read by the grammar: either items (work + locators) or bare locators."""

    start: int
    end: int
    items: tuple[Item, ...] = ()
    bare: str = ""


def parse_paren(match: re.Match[str]) -> Paren | None:
    """The grammar's reading of one ``PAREN`` match, or None if it is not citation-shaped."""
    content = match.group(1)
    m = _BARE.fullmatch(content)
    if m:
        return Paren(match.start(), match.end(), bare=m.group("locs"))
    items = []
    for piece in content.split(";"):
        m = _ITEM.fullmatch(piece)
        if not m:
            return None
        locs = m.group("locs") or m.group("pages")
        items.append(Item(m.group("prefix") or "", " ".join(m.group("work").split()), locs, m.group("vol")))
    return Paren(match.start(), match.end(), items=tuple(items))


def candidates(text: str) -> list[Paren]:
    """Every citation-shaped parenthesis in ``text``, in order (not yet resolved)."""
    found = []
    for m in PAREN.finditer(text):
        paren = parse_paren(m)
        if paren:
            found.append(paren)
    return found


def is_siglum_paren(paren: Paren, ctx: Context) -> bool:
    return bool(paren.items) and all(item.work in ctx.sigla for item in paren.items)


def _page_like(locs: str, single_digit: bool = False) -> bool:
    """True if a bare locator reads as pages rather than as years or an enumeration (see module doc)."""
    found = pages(locs)
    if not found or any(is_year_like(p) for p in found):
        return False
    if len(ranges(locs)) == 1 and len(found) == 1:
        only = found[0]
        value = int(only) if only.isdigit() else roman_value(only)
        if value is None or value < 10 and not (only.isdigit() and (len(only) > 1 or single_digit)):
            return False
    return all(p.isdigit() or (roman_value(p) or 0) <= 300 for p in found)


def _work_shaped(work: str) -> bool:
    """A short capitalised phrase that could name a work (so an unknown one is worth reporting)."""
    ws = work.replace("’s", "").replace("'s", "").split()
    if not 1 <= len(ws) <= 4 or ws[0].lower().strip(".,") in _NOT_WORKS:
        return False
    return all(w[0].isupper() or w in _CONNECTORS for w in ws)


def _resolve_item(item: Item, ctx: Context) -> tuple[Cite | None, str, str | None]:
    """(cite, rule, problem) for one item."""
    locator, label = normalise_locator(item.locs), "page"
    prefix = normalise_prefix(item.prefix)
    rule = "shorthand.quoted" if prefix.startswith("quoted") else "shorthand.siglum"
    if item.work in ctx.sigla:
        key = ctx.sigla[item.work]
        if item.volume:
            locator, label = in_volume(item.volume, locator), "volume"
        return Cite(key, locator, label, prefix), rule, None
    entries: list[Entry] = ctx.library.titled(item.work) or ctx.library.titled(item.work, ("container",))
    if item.volume and len(entries) > 1:
        entries = [e for e in entries if e.volume == item.volume]
    elif item.volume and len(entries) == 1 and entries[0].volume != item.volume:
        locator, label = in_volume(item.volume, locator), "volume"
    if len(entries) == 1:
        return Cite(entries[0].key, locator, label, prefix), "shorthand.title", None
    if len(entries) > 1:
        return None, "shorthand.title", f'ambiguous work "{item.work}": {", ".join(e.key for e in entries)}'
    if _work_shaped(item.work) and not any(is_year_like(p) for p in pages(item.locs)):
        return None, "shorthand.unknown-work", f'unknown work "{item.work}"'
    return None, "", None


def resolve(text: str, paren: Paren, ctx: Context) -> Match | None:
    """The Match for one parenthesis in the current paragraph of ``ctx`` (updating ``ctx``), or None."""
    raw = text[paren.start : paren.end]
    if paren.bare:
        if not _page_like(paren.bare, ctx.single_digit_pages):
            return None
        key = ctx.work_in_scope()
        if key is None:
            return Match(paren.start, paren.end, raw, (), "shorthand.bare-page", problem=_no_work(ctx))
        ctx.set_work(key, cited=True, by="bare")
        return Match(paren.start, paren.end, raw, (Cite(key, normalise_locator(paren.bare)),), "shorthand.bare-page")
    cites, rules, problems = [], [], []
    for item in paren.items:
        cite, rule, problem = _resolve_item(item, ctx)
        if not rule:
            return None
        rules.append(rule)
        if problem:
            problems.append(problem)
        elif cite:
            cites.append(cite)
    rule = next((r for r in rules if r != "shorthand.siglum"), rules[0])
    if problems:
        return Match(paren.start, paren.end, raw, (), rule, problem="; ".join(problems))
    for cite, how in zip(cites, rules):
        ctx.set_work(cite.key, cited=True, by="siglum" if how != "shorthand.title" else "title")
    return Match(paren.start, paren.end, raw, tuple(cites), rule)


def _no_work(ctx: Context) -> str:
    """Why a bare page has no work, in the terms of the essay's options."""
    source = {"named": "no work named", "abbreviation": "no abbreviation used", "any": "no work cited"}
    where = {0: "before it", 1: "in this or the previous paragraph"}.get(
        ctx.bare_page_window, f"in the {ctx.bare_page_window} paragraphs before it")
    return f"bare page reference with {source[ctx.bare_page_from]} {where}"
