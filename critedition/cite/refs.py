"""References written out in notes ("Author, Title (Place: Publisher, Year), pages"), found by title.

Every reference is anchored on a title of a library entry found in the text (``Library.scan_titles``),
then extended with a small, bounded grammar:

* backwards over an opening quote, the author ("Jonathan Aves, ", "Caroline Cahm’s ", verified against
  the entry's names), a prefix ("quoted in", "see", "also see", "cf.") and a "section X of" phrase;
* forwards over a closing quote, an editor ("Iain McKay (ed.)"), a container ("“Chapter”, The Book"),
  publication blocks in parentheses or brackets (they must contain a four-digit year), "volume N", and
  a locator ("pp. 96–7, 191", "42: 170").

A title becomes a citation only if a publication block, a locator or a section was read: a title named
in commentary stays text (it is returned as a mention, which the caller may track). If the reference is
wrapped in its own parentheses, they belong to the replaced span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from critedition.bib.entries import Entry
from critedition.bib.library import Library, TitleHit
from critedition.bib.text import tokens, words
from critedition.cite.notegrammar import PARTICLE, PUB
from critedition.cite.locators import (LOCS, PAGE_LABEL, PREFIX, in_volume, is_year_like, normalise_locator, normalise_prefix,
                                       pages)

_NAME_WORD = r"[A-Z][\w’'.\-]{0,30}"
# A name may hold lower-case particles: "Anna van Dijk", "Charles de Gaulle".
NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}){{0,3}}"
NAMES = rf"{NAME}(?:[ \t]*(?:,|and|&)[ \t]+{NAME}){{0,3}}"
_ROLE = r"\((?:[Ee]ds?|[Tt]rans|[Cc]omp)\.?\)"
_PREFIX = rf"(?P<prefix>{PREFIX})[ \t]+"

# Applied to a bounded window ending at the title; the leftmost match is the longest extension.
_BACK = re.compile(rf"(?:{_PREFIX})?(?:(?P<names>{NAMES})(?P<sep>,[ \t]*|[’']s[ \t]+))?(?P<quote>[“\"‘][ \t]*)?$")
_BACK_NO_AUTHOR = re.compile(rf"(?:{_PREFIX})?(?P<quote>[“\"‘][ \t]*)?$")
# "Bertell Ollman, “Marx’s “Marx’s Vision": the opening words of a title typed twice.
_BACK_STUTTER = re.compile(
    rf"(?P<names>{NAMES}),[ \t]*[“\"‘][ \t]*(?P<stutter>[^“”\"()]{{1,40}}?)[ \t]*[“\"‘][ \t]*$"
)
_BACK_SECTION = re.compile(
    rf"(?:(?P<prefix>(?:[Aa]lso[ \t]+)?[Ss]ee(?:[ \t]+also)?)[ \t]+)?"
    r"(?P<what>[Ss]ection|[Cc]hapter|[Pp]art)[ \t]+(?P<sec>[A-Z0-9]{1,4}(?:\.[A-Z0-9]{1,4}){0,5})[ \t]+of[ \t]+$"
)
_WINDOW = 160
_SENTENCE = re.compile(r"[.;!?][”\"’]?\s+")

_QUOTE_CLOSE = re.compile(r"[,.]?[”\"’]")
# "Proceedings ... Second Congress 1920 [New York: ...]": a year between a title and its publication
# block belongs to the title as written (a congress's, an edition's), not to the locator.
_TITLE_YEAR = re.compile(r"[ \t]*,?[ \t]*\d{4}(?=[ \t]*[(\[])")
_EDITOR = re.compile(rf"[ \t]*,?[ \t]*{NAMES}[ \t]*{_ROLE}")
_CONTAINER_LEAD = re.compile(rf"[ \t]*,?[ \t]*(?P<paren>\([ \t]*)?(?:(?P<who>{NAMES})[ \t]*(?:{_ROLE})?[ \t]*,[ \t]*)?")
_CLOSE_PAREN = re.compile(r"[ \t]*\)")
# The rest of a parenthesis opened before a container: "(History Workshop: A Journal ..., Spring 1984)".
_OPEN_TAIL = re.compile(r"(?P<body>[^()\[\]]{0,200})\)")
_VOLUME = re.compile(r"[ \t]*,?[ \t]*(?:[Vv]olume|[Vv]ol\.)[ \t]+(?P<vol>\d{1,3})(?![\w])")
_LOCATOR = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?P<vol>\d{{1,3}})[ \t]*:[ \t]*)?{PAGE_LABEL}?(?P<locs>{LOCS})(?P<after>[ \t]*[(\[])?"
)
_END_OF_LOCATOR = re.compile(r"\s*(?:[.;,)\]!?]|$)")
_YEAR_IN = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Ref:
    """A title found in a note, extended to the reference around it.

    ``citation`` is False for a title merely named in commentary. ``entries`` are the candidates left
    after checking author and volume (more than one means the reference is ambiguous)."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    citation: bool
    full: bool = False  # a publication block was read
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    notes: tuple[str, ...] = ()
    words: int = 0  # words of the title that anchored it
    problem: str | None = None

    @property
    def rule(self) -> str:
        if self.label == "section":
            return "notes.afaq-section"
        return "notes.full-ref" if self.full else "notes.short-form"


def _family_words(entry: Entry) -> set[str]:
    people = entry.authors + entry.editors
    return {w for _, family in people for w in words(family)[-1:]}


def _verified(names: str, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The entries among which one of the written names (last word of each) is a family name."""
    written = {ws[-1] for ws in (words(n) for n in re.split(r",|\band\b|&", names)) if ws}
    return tuple(e for e in entries if written & _family_words(e))


def _name_offset(names: str, entries: tuple[Entry, ...]) -> int:
    """Where the written names really begin: capitalised words before them that are not given names
    or initials of the entries' people ("In Russia Jonathan Aves") are left out of the reference."""
    known = set()
    for entry in entries:
        for given, family in entry.authors + entry.editors:
            known.update(words(family))
            known.update(words(given))
    spans = list(re.finditer(r"[^\s,]+", names))
    keep = len(spans)
    for i in range(len(spans) - 1, -1, -1):
        ws = words(spans[i].group())
        # A word is part of the name if it is a known name word, "and", or an initial of one
        # ("D." for David, or "Vladimir" where the bibliography has "V.").
        initials = {k[:1] for k in known}
        fine = all(w in known or w in ("and", "&") or (len(w) == 1 and w in initials) for w in ws)
        fine = fine or bool(ws) and ws[0][:1] in {k for k in known if len(k) == 1}
        if not fine:
            break
        keep = i
    return spans[keep].start() if keep < len(spans) else len(names)


@dataclass(frozen=True)
class _Before:
    """What precedes a title in a reference: where it starts, the entries its author allows, and any
    prefix or "section X of" phrase."""

    start: int
    entries: tuple[Entry, ...]
    prefix: str = ""
    section_label: str = ""
    section: str = ""
    notes: tuple[str, ...] = ()
    passing: bool = False  # a title the author's sentence names, with no author or prefix before it


def _back(text: str, hit: TitleHit) -> _Before:
    lo = max(0, hit.start - _WINDOW)
    window = text[lo : hit.start]
    m = _BACK_SECTION.search(window)
    if m:
        prefix = normalise_prefix(m.group("prefix") or "")
        return _Before(lo + m.start(), hit.entries, prefix, m.group("what").lower(), m.group("sec"))
    m = _BACK.search(window)
    if m and m.group("names"):
        entries = _verified(m.group("names"), hit.entries)
        if entries:
            offset = _name_offset(m.group("names"), entries)
            if offset:  # words before the name are text, so a prefix before them is not adjacent
                return _Before(lo + m.start("names") + offset, entries)
            return _Before(lo + m.start(), entries, normalise_prefix(m.group("prefix") or ""))
    s = _BACK_STUTTER.search(window)
    if s:
        entries = _verified(s.group("names"), hit.entries)
        stutter = words(s.group("stutter"))
        title = words(text[hit.start : hit.end])
        if entries and stutter and title[: len(stutter)] == stutter:
            offset = _name_offset(s.group("names"), entries)
            p = None if offset else _BACK_NO_AUTHOR.search(window[: s.start()])
            start = lo + (p.start() if p and p.group("prefix") else s.start() + offset)
            prefix = normalise_prefix(p.group("prefix") or "") if p else ""
            return _Before(start, entries, prefix, notes=(f"repeated title words “{s.group('stutter')}” absorbed",))
    m = _BACK_NO_AUTHOR.search(window)
    sentence = _SENTENCE.split(window[: m.start()])[-1]
    passing = not m.group("prefix") and bool(re.search(r"\w", sentence))
    return _Before(lo + m.start(), hit.entries, normalise_prefix(m.group("prefix") or ""), passing=passing)


def find_refs(text: str, library: Library) -> list[Ref]:
    """References and title mentions in ``text``, sorted; the citations do not overlap each other."""
    toks = tokens(text)
    own = library.scan_titles(text, ("own",), toks)
    containers = {h.start: h for h in library.scan_titles(text, ("container",), toks)}
    refs: list[Ref] = []
    last_end = 0
    for hit in own:
        ref = _extend(text, hit, containers)
        if ref.citation and ref.start < last_end:
            ref = Ref(hit.start, hit.end, hit.entries, False, words=hit.size)
        if ref.citation:
            last_end = ref.end
        refs.append(ref)
    citations = [r for r in refs if r.citation]
    starts = [c.start for c in citations]

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos)
        return i > 0 and pos < citations[i - 1].end

    # A mention inside a citation's span is part of that citation.
    mentions = [r for r in refs if not r.citation and not inside(r.start)]
    return sorted(citations + mentions, key=lambda r: r.start)


def _extend(text: str, hit: TitleHit, containers: dict[int, TitleHit]) -> Ref:
    before = _back(text, hit)
    start, entries, section = before.start, before.entries, before.section
    pos, full, volume, opened = hit.end, False, None, False
    if text[pos : pos + 1] in ("!", "?"):  # a title's own "!" or "?" is not a word, so not in the hit
        pos += 1
    locator = ""
    for _ in range(8):
        m = _QUOTE_CLOSE.match(text, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        m = _EDITOR.match(text, pos) or (None if full else _TITLE_YEAR.match(text, pos))
        if m:
            pos = m.end()
            continue
        m = _CONTAINER_LEAD.match(text, pos)
        if m and m.end() in containers and set(containers[m.end()].entries) & set(entries):
            opened = opened or bool(m.group("paren"))
            pos = containers[m.end()].end
            continue
        m = PUB.match(text, pos)
        if m and _YEAR_IN.search(m.group("body")):
            pos, full = m.end(), True
            if opened:
                c = _CLOSE_PAREN.match(text, pos)
                if c:
                    pos, opened = c.end(), False
            continue
        m = _OPEN_TAIL.match(text, pos) if opened else None
        if m and _YEAR_IN.search(m.group("body")):
            pos, full, opened = m.end(), True, False
            continue
        m = _VOLUME.match(text, pos)
        if m and volume is None:
            pos, volume = m.end(), m.group("vol")
            continue
        break
    if not section:
        m = _LOCATOR.match(text, pos)
        if m and _END_OF_LOCATOR.match(text, m.end("locs")):
            year_like = any(is_year_like(p) for p in pages(m.group("locs")))
            # "Title 1917 (Place: ...)": a year before a publication block is not a page.
            if not (year_like and m.group("after")):
                pos, locator = m.end("locs"), normalise_locator(m.group("locs"))
                volume = m.group("vol") or volume
    citation = bool(full or locator or section)
    if not citation:
        return Ref(hit.start, hit.end, hit.entries, False, words=hit.size)
    label = before.section_label or "page"
    locator = section or locator
    problem = None
    if volume:
        same = tuple(e for e in entries if e.volume == volume)
        if same:
            entries = same
        elif any(e.volume for e in entries):
            have = ", ".join(e.volume or "-" for e in entries)
            problem = f"volume {volume} cited; the bibliography has volume {have}"
        elif len(entries) == 1 and not section:
            # The volume is not part of the entry: it goes into the locator ("vol. 42, p. 170").
            locator, label = in_volume(volume, locator), "volume"
    if before.passing:  # "the excellent Title (Place: Publisher, 1990)": the title stays text
        start = _QUOTE_CLOSE.match(text, hit.end).end() if _QUOTE_CLOSE.match(text, hit.end) else hit.end
        start += len(text[start:pos]) - len(text[start:pos].lstrip(" \t,"))
    start, pos = _wrap(text, start, pos)
    return Ref(start, pos, entries, True, full, locator, label, before.prefix, before.notes, hit.size, problem)


def _wrap(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the parentheses around a reference that fills them: "(Author, Title [...], 12)"."""
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if before > 0 and text[before - 1] == "(" and after < len(text) and text[after] == ")":
        return before - 1, after + 1
    return start, end
