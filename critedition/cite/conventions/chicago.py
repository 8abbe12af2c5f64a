"""Chicago notes-bibliography: references written out in the notes, shortened ones, Ibid., and abbreviations.

Forms read in a note (``rule``), each anchored on something the bibliography knows:

* ``chicago.full`` and ``chicago.short``: a title of an entry, extended with the grammar of
  ``critedition.cite.notegrammar``: backwards over an author (checked against the entry's, one edit or two
  letters swapped tolerated and reported), "ed.", a pseudonym "(as IKD)", "to Recipient" (letters), an
  "introduction to" (the introduction's own entry), "idem" (the author cited just before), a prefix
  ("Quoted in", "see", "cf.", "Compare"); forwards over
  roles ("trans. X", "eds. X and Y"), an edition, a volume ("vol. 3", and its title), "interview by X",
  "in [Editors, eds.,] Book", a journal ("12, no. 3 (1999): 101-120", pages after the colon), a newspaper
  and its date, publication blocks (a reprint's "(1978; reprint ...: Transaction, 1991)"), dates
  ("written Jan. 18, 1936"), then a locator (pages, "part 13", "chapter 1", "Appendix Q", an article's
  pinpoint "at 105") and what citeproc prints after it ("12n3", "12ff.", ", esp. 15"). A title
  written shortened ("Cannon, *Socialism on Trial*", "Weber, "SWP and European Revolutions"") is found
  among the named author's works (``critedition.cite.titles``); a title a note names in passing, with
  nothing of a reference around it, stays text and is not a citation. A journal or newspaper title with
  the author before it anchors an untitled article ("Bookchin, interview by X, *Reason*, Oct. 1979").
* ``chicago.ibid``: "Ibid." and "Ibid., 82" (the work last cited, normally the previous note's; with
  several there, the last, and a remark); ``chicago.in-ibid``: "in ibid." (that work's book).
* ``chicago.abbreviation``: a siglum of the essay or an entry's ``shorthand`` ("MBVB, part 13").
* ``chicago.letter``: "Dave Eisen to Leo Brownstein, May 27, 1946": the author's entry of that date.
* ``chicago.author-year``: a note opening with an author and giving a year, where no title anchors it
  ("Bookchin, interview by Doug Richardson (1973), unpublished"): the author's one entry of that year.
* ``chicago.echo``: a short note repeating words of an earlier reference ("Richardson interview."), the
  work of the latest reference that has them all.
* ``chicago.address``: a work given by its web address alone ("See the report of *Huaxi dushi bao*,
  <https://...>, accessed July 30, 2023"): the one entry whose ``url`` or ``doi`` it is.

*Only the span a citation replaces changes.* A reference opening its sentence (or after a prefix) is
replaced whole; one inside the author's prose ("according to Anna van Dijk, *Title* (Place: Publisher,
1978), 38") keeps its author and title as text and only the part after them (container, publication,
locator) becomes the citation; a title in passing marked as a work and read "in" ("in "Capitalist
Barbarism," Weber says") keeps its words and gets the citation after them; a reference that is a whole
parenthesis ("Kropotkin (*Ethics*, 12) says") becomes the citation with its parentheses, without the author
the sentence has just named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from critedition.bib.library import Entry, Library, words
from critedition.cite import notegrammar as g
from critedition.cite.conventions.base import Convention
from critedition.cite.locators import normalise_locator
from critedition.cite.model import Cite, Context, Match
from critedition.cite.chicago_refs import Anchor, addresses, plain_address, read_reference, verify_names

_IBID = re.compile(r"(?P<open>\([ \t\u00a0]*)?(?P<in>(?<![\w])[Ii]n[ \t\u00a0]+)?(?<![\w])[Ii]bid(?:em)?\.?")
_LETTER = re.compile(rf"(?<![\w’'])(?P<from>{g.PERSON})[ \t\u00a0]+to[ \t\u00a0]+(?:the[ \t\u00a0]+)?(?:{g.PERSON}|author)[ \t\u00a0]*,[ \t\u00a0]*"
                     rf"(?P<date>{g.DATE})(?![\w])")
_OPENING = re.compile(rf"[ \t\u00a0]*(?:(?P<prefix>{g.PREFIX})[ \t\u00a0]+)?(?P<names>{g.NAMES}){g.ET_AL}{g.ALIAS}[ \t\u00a0]*,")
_AUTHOR_ONLY = re.compile(rf"[ \t\u00a0]*(?:(?P<prefix>{g.PREFIX})[ \t\u00a0]+)?(?P<names>{g.NAMES}){g.ET_AL}")
# A web address in a note, and what may follow it: "<https://...>, accessed July 30, 2023".
_ADDRESS = re.compile(rf"<?(?P<url>https?://[^\s<>]{{1,500}}?)>?(?=[.,;:)]*(?:\s|$))"
                      rf"(?:[ \t\u00a0]*,[ \t\u00a0]*accessed[ \t\u00a0]+{g.DATE})?")
_STOP_WORDS = frozenset({"the", "and", "of", "in", "on", "to", "a", "an", "for", "by", "with", "see", "also"})


@dataclass
class Memory:
    """What the convention keeps across notes (``Context.memory["chicago"]``)."""

    note: str | None = None  # the note being read
    current: list[str] = field(default_factory=list)  # works cited in it, in order
    previous: list[str] = field(default_factory=list)  # works cited in the note before
    echoes: list[tuple[frozenset[str], str]] = field(default_factory=list)  # words of each reference, its key
    shorthands: dict[str, str] | None = None


def _memory(ctx: Context) -> Memory:
    memory = ctx.memory.setdefault("chicago", Memory())
    if ctx.note != memory.note:
        if memory.current:
            memory.previous = memory.current
        memory.note, memory.current = ctx.note, []
    return memory


def _abbreviations(ctx: Context, memory: Memory) -> dict[str, str]:
    if memory.shorthands is None:
        memory.shorthands = ctx.library.shorthands()
    return {**memory.shorthands, **ctx.sigla}


def _locator_after(text: str, pos: int) -> g.Found:
    """The locator at ``pos``, else an empty one ending there."""
    return g.locator_at(text, pos) or g.Found("", "page", pos, pos)


def _last_work(memory: Memory) -> tuple[str | None, tuple[str, ...]]:
    here = memory.current or memory.previous
    if not here:
        return None, ()
    notes = (f"Ibid. after a note citing {len(here)} works: the last taken",) if len(set(here)) > 1 else ()
    return here[-1], notes


def _container_of(key: str, library: Library) -> str | None:
    entry = library.entries.get(key)
    if entry is None:
        return None
    parent = entry.fields.get("crossref")
    if parent in library:
        return parent
    books = [e for t in entry.container_titles for e in library.titled(t)]
    return books[0].key if len(set(books)) == 1 else None


def _ibid(text: str, m: re.Match[str], ctx: Context, memory: Memory) -> Match:
    key, notes = _last_work(memory)
    rule = "chicago.in-ibid" if m.group("in") else "chicago.ibid"
    if key and m.group("in"):
        key = _container_of(key, ctx.library)
    loc = _locator_after(text, m.end())
    end = loc.end
    start = m.start("in") if m.group("in") else m.end("open") if m.group("open") else m.start()
    close = re.match(r"[ \t\u00a0]*\.?[ \t\u00a0]*\)", text[end:])
    if m.group("open") and close:
        start, end = m.start(), end + close.end()
    raw = text[start:end]
    if key is None:
        return Match(start, end, raw, (), rule, problem="Ibid. with no work cited before it")
    return Match(start, end, raw, (Cite(key, loc.locator, loc.label, suffix=loc.suffix),), rule, notes=notes)


def _abbreviation(text: str, m: re.Match[str], key: str) -> Match | None:
    loc = _locator_after(text, m.end())
    if loc.end == m.end() and not g.END_OF_LOCATOR.match(text, m.end()):
        return None
    return Match(m.start(), loc.end, text[m.start():loc.end], (Cite(key, loc.locator, loc.label, suffix=loc.suffix),),
                 "chicago.abbreviation")


def _letter(text: str, m: re.Match[str], ctx: Context) -> Match | None:
    resolved = ctx.library.resolve_family(m.group("from").split()[-1], max_distance=0)
    if resolved is None:
        return None
    date = g.date_of(m.group("date"))
    entries = [e for e in ctx.library.by_name(resolved[0]) if (e.get("date") or e.get("year") or "") == date]
    if len(entries) != 1:
        return None
    return Match(m.start(), m.end(), text[m.start():m.end()], (Cite(entries[0].key),), "chicago.letter")


def _author_year(text: str, start: int, end: int, ctx: Context) -> Match | None:
    """A note opening with an author and giving a year, where nothing else anchored it."""
    m = _OPENING.match(text, start)
    if not m:
        return None
    pub = next((p for p in g.PUB.finditer(text, m.end(), end) if g.PUB_YEAR.search(p.group("body"))), None)
    found = pub or g.DATED.search(text, m.end(), end)
    if not found:
        return None
    family = verify_names(m.group("names"), list(ctx.library.entries.values()), ctx.library)
    year = max(g.years(found.group()), default="")
    entries = ctx.library.prefer_parts([e for e in family[0] if e.year == year])
    if len(entries) != 1:
        return None
    loc = _locator_after(text, found.end())
    span_start = m.start("prefix") if m.group("prefix") else m.start("names")
    prefix = m.group("prefix").lower() if m.group("prefix") else ""
    return Match(span_start, loc.end, text[span_start:loc.end],
                 (Cite(entries[0].key, loc.locator, loc.label, prefix, loc.suffix),),
                 "chicago.author-year", notes=family[1])


def _author_short(text: str, start: int, end: int, ctx: Context) -> Match | None:
    """A note giving only its author(s) and perhaps a page: "Yuen and Richardson, 249.", "Briottet et al.":
    the author's one work, or the one of their works cited last."""
    m = _AUTHOR_ONLY.match(text, start, end)
    if not m:
        return None
    loc = _locator_after(text, m.end())
    if not re.fullmatch(r"[ \t\u00a0]*[.;]?[ \t\u00a0]*", text[loc.end:end]):
        return None
    entries, notes = verify_names(m.group("names"), list(ctx.library.entries.values()), ctx.library)
    if len(entries) > 1:
        entries = sorted((e for e in entries if e.key in ctx.cited), key=lambda e: ctx.cited[e.key])[-1:]
    if len(entries) != 1:
        return None
    at = m.start("prefix") if m.group("prefix") else m.start("names")
    prefix = m.group("prefix").lower().rstrip(":") if m.group("prefix") else ""
    return Match(at, loc.end, text[at:loc.end], (Cite(entries[0].key, loc.locator, loc.label, prefix, loc.suffix),),
                 "chicago.author-short", notes=notes)


def _by_address(text: str, start: int, end: int, ctx: Context, found: list[Match]) -> Match | None:
    """A note that gives a work by its web address alone ("See the report of *Huaxi dushi bao*, <https://...>,
    accessed July 30, 2023"): the one entry whose `url` (or DOI) it is, unless the note has cited it already
    (the address of a reference before it: "...(Jan. 1979); http://..."); a title of that entry's just before
    it, in italics, goes with it."""
    m = _ADDRESS.search(text, start, end)
    if m is None:
        return None
    address = plain_address(m.group("url"))
    keys = [e.key for e in ctx.library.entries.values() if address in addresses(e)]
    if len(keys) != 1 or any(c.key == keys[0] for match in found for c in match.cites):
        return None
    entry, at = ctx.library.entries[keys[0]], m.start()
    gap = re.search(r"[ \t\u00a0]*,[ \t\u00a0]*$", text[start:at])
    titled = [a for a, b in (ctx.italics or ()) if gap and b == start + gap.start()]
    titles = {" ".join(words(t)) for t in (entry.get("title"), entry.get("journaltitle")) if t}
    if titled and " ".join(words(text[titled[-1]:start + gap.start()])) in titles:
        at = titled[-1]
    return Match(at, m.end(), text[at:m.end()], (Cite(entry.key),), "chicago.address")


def _echo(text: str, start: int, end: int, memory: Memory) -> Match | None:
    """A short note that repeats words of an earlier reference: "Richardson interview."."""
    piece = text[start:end].strip(" \t.;,")
    ws = [w for w in words(piece) if w not in _STOP_WORDS and len(w) > 2]
    if not ws or len(words(piece)) > 5 or not any(c.isupper() for c in piece):
        return None
    for seen, key in reversed(memory.echoes):
        if set(ws) <= seen:
            at = text.index(piece, start)
            return Match(at, at + len(piece), piece, (Cite(key),), "chicago.echo")
    return None


def _anchors(text: str, ctx: Context, memory: Memory) -> list[tuple[int, int, object]]:
    """(start, priority, anchor) of everything a reference may be read from, in text order."""
    out: list[tuple[int, int, object]] = [(m.start(), 0, m) for m in _IBID.finditer(text)]
    abbreviations = _abbreviations(ctx, memory)
    if abbreviations:
        pattern = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        out += [(m.start(), 1, (m, abbreviations[m.group()])) for m in re.finditer(rf"(?<![\w])(?:{pattern})(?![\w])", text)]
    out += [(m.start(), 2, m) for m in _LETTER.finditer(text)]
    out += [(a.start, 3, a) for a in Anchor.find(text, ctx)]
    return sorted(out, key=lambda t: (t[0], t[1]))


def parse_chicago(text: str, ctx: Context) -> list[Match]:
    """Chicago references in one paragraph of a note (see the module doc)."""
    ctx.next_paragraph()
    memory = _memory(ctx)
    bounds = g.boundaries(text)
    found: list[Match] = []
    for start, _, anchor in _anchors(text, ctx, memory):
        if found and start < found[-1].end:
            continue
        if isinstance(anchor, Anchor):
            last = found[-1].cites[-1].key if found and found[-1].cites else ctx.trail[-1][0] if ctx.trail else None
            match = read_reference(text, anchor, ctx, bounds, found[-1].end if found else 0, last)
        elif isinstance(anchor, tuple):
            match = _abbreviation(text, *anchor)
        elif anchor.re is _IBID:
            match = _ibid(text, anchor, ctx, memory)
        else:
            match = _letter(text, anchor, ctx)
        if match:
            _cited(match, text, bounds, ctx, memory)
            found.append(match)
    for start, end in zip(bounds, bounds[1:] + [len(text)]):  # pieces that nothing anchored
        if not any(start <= m.start < end or start < m.end <= end for m in found):
            match = (_author_year(text, start, end, ctx) or _author_short(text, start, end, ctx)
                     or _echo(text, start, end, memory) or _by_address(text, start, end, ctx, found))
            if match:
                _cited(match, text, bounds, ctx, memory)
                found.append(match)
    return sorted(found, key=lambda m: m.start)


def _cited(match: Match, text: str, bounds: list[int], ctx: Context, memory: Memory) -> None:
    if not match.resolved:
        return
    piece = max((b for b in bounds if b <= match.start), default=0)
    after = min((b for b in bounds if b > match.start), default=len(text))
    seen = frozenset(words(text[piece:after]))
    for cite in match.cites:
        memory.current.append(cite.key)
        memory.echoes.append((seen, cite.key))
        ctx.cited[cite.key] = ctx.paragraph


CONVENTION = Convention(
    "chicago", "Chicago notes-bibliography: full and short references in notes, Ibid., abbreviations, letters",
    notes=parse_chicago)
