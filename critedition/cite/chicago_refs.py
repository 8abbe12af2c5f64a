"""A Chicago reference read around its anchor: a title (whole or shortened) or a journal's name.

See ``critedition.cite.conventions.chicago`` for the forms, ``critedition.cite.notegrammar`` for the
patterns. ``read_reference`` extends an anchor backwards and forwards, checks the author, narrows the
candidate entries (author, volume, year, recency) and decides the span the citation replaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from critedition.bib.library import Entry, Library, tokens, words
from critedition.cite import notegrammar as g
from critedition.cite.locators import LOCS, in_volume, normalise_locator
from critedition.cite.model import Cite, Context, Match
from critedition.cite.titles import one_edit, shortened

_QUOTED = re.compile(r"“([^“”]{2,150})”|\"([^\"]{2,150})\"|‘([^‘’]{2,150})’")
_RUN_STOP = re.compile(
    rf"[ \t\u00a0]*[(\[]|[ \t\u00a0]*,[ \t\u00a0]*(?:{g.ROLE_WORD}|vol\.|volume|no\.|\d{{1,2}}(?:st|nd|rd|th)[ \t\u00a0]+ed|{g.DATE}(?![\w])"
    rf"|(?:pp?\.[ \t\u00a0]*)?{LOCS}[ \t\u00a0]*(?:[.;)]|$))|[ \t\u00a0]+\d{{1,4}}[ \t\u00a0]*(?:,[ \t\u00a0]*no\.|\()|[ \t\u00a0]*;|\.(?:[ \t\u00a0]|$)|[ \t\u00a0]*$")
_IN = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:reprinted[ \t\u00a0]+)?in[ \t\u00a0]+")
_GAP = re.compile(r"[ \t\u00a0]*[,.]?[ \t\u00a0]*")
# A pinpoint after an article's pages: "Review of Politics 12, no. 3 (1999): 101-120, at 105".
_PINPOINT = re.compile(rf"[ \t\u00a0]*,[ \t\u00a0]*at[ \t\u00a0]+(?P<locs>{LOCS})")
# A reference that is all of a parenthesis in the author's sentence: "Kropotkin (*Ethics*, 12) says".
_PAREN_OPEN = re.compile(r"(?:(?<![\w’'.\-])(?P<names>[\w’'.\-]+)[ \t\u00a0]*)?(?P<open>\()[ \t\u00a0]*$")
_PAREN_CLOSE = re.compile(r"[ \t\u00a0]*\)")
# A link after a reference: "27-44, <https://doi.org/...>", "accessed Sept. 10, 2023, https://...".
_LINK = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:online[ \t\u00a0]+at[ \t\u00a0]+)?<?(?P<url>https?://[^\s<>]{1,500}?)"
                   r"(?=[.,;:)]*(?:[\s>]|$))>?")


def plain_address(url: str) -> str:
    """A web address as compared: without its scheme, "www." and trailing slashes."""
    return re.sub(r"^https?://(?:www\.)?|/+$", "", url.strip()).casefold()


def addresses(entry: Entry) -> set[str]:
    """The web addresses an entry is at: its url, and its DOI at doi.org."""
    out = {plain_address(entry.get("url") or "")}
    if entry.get("doi"):
        out.add(plain_address(f"https://doi.org/{entry.get('doi')}"))
    return out - {""}
# Entries whose titles Chicago sets in quotation marks, not in italics.
_QUOTED_TYPES = frozenset({"article", "incollection", "inbook", "inproceedings", "inreference", "suppperiodical"})
# "idem, *Title*": the author of the work cited just before.
_IDEM = re.compile(r"(?<![\w])(?:[Ii]dem|[Ee]adem|[Ii]d\.)[ \t\u00a0]*,[ \t\u00a0]*[“\"‘]?$")
# What may stand before a reference that opens its part of the note: punctuation, and a list's "and",
# a comparison's "with".
_LEAD = re.compile(r"[\W_]*(?:(?:and|or|also|with|versus|vs\.)[\W_]+)?")
_WEAK = re.compile(r"(?:^|[\s(])(?:[Ii]n|[Ss]ee|[Ff]rom)[ \t\u00a0]+[“\"‘]?$")


@dataclass(frozen=True)
class Anchor:
    """Where a reference may be read from: a title of entries (``own``), a marked phrase that may shorten
    a title (``short``: entries found later, among the author's works), or a journal's name (``container``)."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    kind: str
    marked: bool

    @staticmethod
    def find(text: str, ctx: Context) -> list[Anchor]:
        toks = tokens(text)
        marks = [(m.start() + 1, m.end() - 1) for m in _QUOTED.finditer(text)] + list(ctx.italics or ())
        own = [Anchor(h.start, h.end + (text[h.end:h.end + 1] in ("!", "?")), h.entries, "own",
                      _marked(h.start, h.end, marks)) for h in ctx.library.scan_titles(text, ("own",), toks)
               if not text[h.start].islower()]  # a title is written capitalised
        taken = [(a.start, a.end) for a in own]
        short = []
        for a, b in sorted(set(marks)):
            piece = text[a:b].rstrip(" ,.")
            if piece and not any(s < a + len(piece) and a < e for s, e in taken) and len(words(piece)) <= 12:
                short.append(Anchor(a, a + len(piece), (), "short", True))
        taken += [(a.start, a.end) for a in short]
        containers = [Anchor(h.start, h.end, h.entries, "container", _marked(h.start, h.end, marks))
                      for h in ctx.library.scan_titles(text, ("container",), toks)
                      if not text[h.start].islower() and not any(s < h.end and h.start < e for s, e in taken)]
        order = {"own": 0, "short": 1, "container": 2}
        return sorted(own + short + containers, key=lambda x: (x.start, order[x.kind]))


def _marked(start: int, end: int, marks: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b + 1 for a, b in marks)


def _families(written: str, first: bool = False) -> list[str]:
    """The family name of each person written (the last word; the first, for a name written family name first,
    as Chinese and Japanese names are), up to a letter's "to" ("Eisen to Brownstein"); a name's own characters
    ("Sima Qian 司馬遷") are not part of it."""
    head = re.sub(g.NAME_GLOSS, " ", re.split(r"[ \t\u00a0]+to[ \t\u00a0]+", written)[0])
    out = []
    for person in re.split(r"[ \t\u00a0]*(?:,|\band\b|&)[ \t\u00a0]*", head):
        ws = words(person)
        if ws:
            out.append(ws[0] if first else ws[-1])
    return out


def _close(a: str, b: str) -> bool:
    """One edit, or two neighbouring letters swapped, in names of five letters or more."""
    return min(len(a), len(b)) >= 5 and one_edit(a, b, swaps=True)


def verify_names(written: str, entries: list[Entry], library: Library) -> tuple[list[Entry], tuple[str, ...]]:
    """The entries among ``entries`` by one of the written people (exact, else close), and remarks."""
    fams, firsts = _families(written), _families(written, first=True)
    exact, near, notes = [], [], []
    for entry in entries:
        theirs = {w for _, f in entry.authors + entry.editors for w in words(f)}
        if theirs & set(fams):
            exact.append(entry)
        else:
            close = [(f, t) for f in fams for t in theirs if _close(f, t)]
            if close:
                near.append(entry)
                notes.append(f"author “{close[0][0]}” read as “{library.display_family(close[0][1])}” (one edit)")
    if not exact and not near:  # family name first: "Shi Nianhai" for Shi, Nianhai
        exact = [e for e in entries if {w for _, f in e.authors + e.editors for w in words(f)} & set(firsts)]
    return (exact, ()) if exact else (near, tuple(dict.fromkeys(notes)))


def _title_end(text: str, pos: int, ctx: Context, hits: dict[int, int]) -> int | None:
    """The end of a book's or journal's title starting at ``pos``: a title the library knows, an italic
    span, or a capitalised run up to where a reference's next part begins."""
    end = hits.get(pos) or next((b for a, b in ctx.italics or () if a == pos), None)
    if end is None and pos < len(text) and (text[pos].isupper() or text[pos].isdigit()):
        stop = _RUN_STOP.search(text, pos + 1, min(len(text), pos + 150))
        end = stop.start() if stop else None
    if end and text[pos:end].count("(") > text[pos:end].count(")") and text[end:end + 1] == ")":
        end += 1  # "Supplement (1934--40)": the title's own parenthesis
    return end


def _container(text: str, bare: re.Match[str], who: re.Match[str] | None, ctx: Context,
               hits: dict[int, int]) -> int | None:
    """The end of the book after "in": a title the library knows or an italic span right after "in", else
    after the editors ("in Dolgoff (ed.), Bakunin on Anarchy"), else a capitalised run after either."""
    known = [a for a, _ in ctx.italics or ()] + list(hits)
    if bare.end() in known:
        return _title_end(text, bare.end(), ctx, hits)
    if who and who.end() > bare.end():
        return _title_end(text, who.end(), ctx, hits)
    return _title_end(text, bare.end(), ctx, hits)


@dataclass
class _Forward:
    pos: int
    struct: int | None = None  # where the reference's container, publication, date or locator begins
    full: bool = False
    volume: str | None = None
    years: frozenset[str] = frozenset()
    pages: str = ""


def _forward(text: str, start: int, ctx: Context, hits: dict[int, int], bounds: list[int]) -> _Forward:
    """The parts of a reference after its anchor (module doc); a sentence's end stops them, except before
    a journal's volume and issue ("The Fate of American Civil Liberties." CI 4, no. 16 (...))."""
    f = _Forward(start)
    ends = set(bounds)

    def take(m_start: int, end: int, full: bool = False, found: str = "") -> None:
        f.struct = m_start if f.struct is None else f.struct
        f.pos, f.full, f.years = end, f.full or full, f.years | g.years(found)

    for _ in range(16):
        pos = f.pos
        m = g.QUOTE_CLOSE.match(text, pos)
        if m and f.struct is None:
            f.pos = m.end()
            continue
        m = g.GLOSS_AFTER.match(text, pos) if pos == start or text[pos - 1] in g.Q_CLOSE else None
        if m:  # the title in its own script, right after it: "*Shiji* 史記" (not the prose that may follow)
            f.pos = m.end()
            continue
        m = g.ROLE.match(text, pos) or g.NAMES_ROLE.match(text, pos) or g.EDITION.match(text, pos) \
            or g.INTERVIEW.match(text, pos)
        if m:
            f.pos = m.end()
            continue
        m = g.VOLUME.match(text, pos)
        if m and f.volume is None:
            f.volume, f.pos = m.group("vol"), m.end()
            gap = re.match(r"[ \t\u00a0]*,[ \t\u00a0]*", text[m.end():])
            end = _title_end(text, m.end() + gap.end(), ctx, hits) if gap else None
            if end and g.ROLE.match(text, end):
                f.pos = end
            continue
        m = g.PUB.match(text, pos)
        if m and g.PUB_YEAR.search(m.group("body")):
            take(m.start(), m.end(), True, m.group("body"))
            continue
        m = _IN.match(text, pos)
        end = _container(text, m, g.IN.match(text, pos), ctx, hits) if m else None
        if end:
            take(m.start(), end)
            continue
        gap = _GAP.match(text, pos)
        end = _title_end(text, gap.end(), ctx, hits) if gap.end() > pos or pos in hits else None
        # a journal's volume may follow a sentence's end ("... Liberties." *CI* 4, no. 16), when the journal is
        # a title the library knows or one in italics, not a run of capitalised words that begins a sentence
        crossing = gap.end() in ends
        journal = not crossing or gap.end() in hits or any(a == gap.end() for a, _ in ctx.italics or ())
        if end:
            j = g.JOURNAL.match(text, end) or g.JOURNAL_ISSUE.match(text, end)
            d = g.DATED.match(text, end) if text[end:end + 1] == "," and not crossing else None
            if j and g.PUB_YEAR.search(j.group("date")) and journal and (not crossing or j.group("vol")):
                take(gap.start(), j.end(), True, j.group("date"))
                f.pages = j.group("pages") or ""
                a = g.AND_JOURNAL.match(text, f.pos)
                end2 = _title_end(text, a.end(), ctx, hits) if a else None
                j2 = g.JOURNAL.match(text, end2) if end2 else None
                if j2 and g.PUB_YEAR.search(j2.group("date")):
                    f.pos = j2.end()
                continue
            if d:
                take(gap.start(), d.end(), True, d.group("date"))
                continue
        m = g.DATED_PAREN.match(text, pos) or g.DATED.match(text, pos)
        if m and not any(pos < e <= m.start("date") for e in ends):
            take(m.start(), m.end(), True, m.group("date"))
            continue
        break
    return f


def _narrow(entries: list[Entry], volume: str | None, years: frozenset[str], ctx: Context) -> list[Entry]:
    if len(entries) > 1 and volume:
        entries = [e for e in entries if e.volume == volume] or entries
    if len(entries) > 1 and years:
        entries = [e for e in entries if e.year in years] or entries
    if len(entries) > 1:
        entries = ctx.library.prefer_parts(entries) or entries
    if len(entries) > 1:
        recent = [e for e in entries if e.key in ctx.cited]
        entries = sorted(recent, key=lambda e: ctx.cited[e.key])[-1:] or entries
    return entries


def _idem(text: str, lo: int, anchor: Anchor, last: str | None, library: Library) -> tuple[re.Match[str] | None, str]:
    """An "idem," before the anchor, and the family names of the work cited last that it stands for."""
    idem = _IDEM.search(text, lo, anchor.start) if last in library.entries else None
    if idem is None:
        return None, ""
    entry = library.entries[last]
    return idem, " and ".join(f for _, f in entry.authors or entry.editors)


def read_reference(text: str, anchor: Anchor, ctx: Context, bounds: list[int], previous_end: int,
                   last: str | None = None) -> Match | None:
    """The citation read around ``anchor``, or None if it is a work named in passing (module doc); ``last``
    is the work cited just before, for an "idem"."""
    seg = max([previous_end] + [b for b in bounds if b <= anchor.start])
    lo = max(seg, anchor.start - 200)
    back = g.BACK.search(text, lo, anchor.start)
    library, notes = ctx.library, ()
    entries = list(anchor.entries)
    names_ok = False
    named = back.group("names") and not re.fullmatch(r"Idem|Eadem|Id\.", back.group("names"))
    idem, written = (None, back.group("names")) if named else _idem(text, lo, anchor, last, library)
    if back.group("partauthor") and back.group("names"):
        parts = [e for e in library.entries.values() if e.fields.get("crossref") in {x.key for x in entries}]
        parts, notes = verify_names(back.group("partauthor"), parts, library)
        names_ok, entries = bool(parts), parts or entries
    elif written:
        pool = list(library.entries.values()) if anchor.kind == "short" else entries
        verified, notes = verify_names(written, pool, library)
        names_ok = bool(verified)
        if anchor.kind == "short":
            entries = shortened(text[anchor.start:anchor.end], verified) if verified else []
        elif verified:
            entries = verified
    if anchor.kind == "short" and not names_ok:
        title = text[anchor.start:anchor.end]
        entries = shortened(title, list(library.entries.values())) if len(words(title)) >= 2 else []
        entries = entries if len(entries) == 1 else []
    if anchor.kind == "container" and not names_ok:
        return None
    if not entries:
        return None
    hits = {h.start: h.end for h in library.scan_titles(text, ("own", "container"))}
    f = _forward(text, anchor.end, ctx, hits, bounds)
    locator, label, end, suffix = "", "page", f.pos, ""
    if f.pages:
        locator = normalise_locator(f.pages)
        pin = _PINPOINT.match(text, f.pos)
        if pin and g.END_OF_LOCATOR.match(text, pin.end()):  # the page meant, within the article's pages
            locator, end = normalise_locator(pin.group("locs")), pin.end()
    else:
        found = g.locator_at(text, f.pos)
        if found:
            locator, label, end, suffix = found.locator, found.label, found.end, found.suffix
            f.struct = found.start if f.struct is None else f.struct
    url = g.URL.match(text, end)
    prefix = " ".join((back.group("prefix") or "").lower().rstrip(":").split())
    starts = [back.start(k) for k in ("prefix", "partauthor", "names", "quote") if back.group(k)
              and (k not in ("names", "partauthor") or names_ok)]
    starts += [idem.start()] if idem and names_ok else []
    ref_start = min(starts) if starts else anchor.start
    # Names the bibliography does not know still open a reference when they stand alone before its title
    # ("SWP, “Perspectives ...”"), not when a clause joins them ("According to Anna van Dijk, ...").
    bare_names = back.group("names") and back.end("names") == back.start("sep")
    opening = prefix or _LEAD.fullmatch(text[seg:ref_start]) or (
        bare_names and _LEAD.fullmatch(text[seg:back.start("names")]))
    evidence = names_ok or f.struct is not None or url or prefix or anchor.kind == "container"
    single = len(words(text[anchor.start:anchor.end])) < 2 and not anchor.marked
    if not evidence or (single and not (names_ok or f.struct is not None)):
        # a title read "in" in passing; not the opening words of an article's title set in italics, as a book's
        # is ("the version in *Yunlu manchao*", a book, against the article "*Yunlu manchao zhong* ...")
        italic = any(a <= anchor.start and anchor.end <= b for a, b in ctx.italics or ())
        if italic and all(e.type in _QUOTED_TYPES for e in entries) or \
                not (anchor.marked and _WEAK.search(text[seg:anchor.start])):
            return None
    entries = _narrow(entries, f.volume, f.years, ctx)
    link = _LINK.match(text, end)
    if link and len(entries) == 1 and plain_address(link.group("url")) in addresses(entries[0]):
        end = link.end()  # the entry's own address, which the style prints: it goes with the reference
    rule = "chicago.full" if f.full else "chicago.short"
    mode = "normal"
    paren = _PAREN_OPEN.search(text, seg, ref_start)
    close = _PAREN_CLOSE.match(text, end) if paren else None
    if paren and close:
        # the whole parenthesis is the reference: it becomes the citation, without the author when the
        # sentence has just named them ("Kropotkin (1924, 12) says")
        start, end = paren.start("open"), close.end()
        if paren.group("names") and verify_names(paren.group("names"), entries, library)[0]:
            mode = "suppress-author"
    elif opening:
        start = ref_start
    elif f.struct is not None:  # a reference in the author's prose: its author and title stay text
        start = f.struct + len(re.match(r"[ \t,.]*", text[f.struct:]).group())
        prefix = ""
    else:  # a title read "in": its words stay, the citation follows them
        close = g.QUOTE_CLOSE.match(text, anchor.end)
        start = end = close.end() if close else anchor.end
        prefix = ""
    raw = text[start:end]
    if len(entries) != 1:
        keys = ", ".join(e.key for e in entries)
        return Match(start, end, raw, (), rule, problem=f"ambiguous reference: {keys}", notes=notes)
    entry = entries[0]
    if f.volume and not entry.volume:  # the volume is not part of the entry: it goes into the locator
        locator, label = in_volume(f.volume, locator, label), "volume"
    return Match(start, end, raw, (Cite(entry.key, locator, label, prefix, suffix),), rule, mode, notes=notes)
