"""Bracketed references, *An Anarchist FAQ*'s usage: "[Bakunin on Anarchism, p. 277]", "[Malatesta, Op. Cit., p. 83]".

A bracket is read as a reference when it holds, item by item (items separated by ";"):

    item     := [prefix] [names ","] [prefix] work ["," title | names "(eds.)"]* [locators]
    work     := a title of a bibliography entry (own or container), or "Op. Cit." / "Ibid."
    locators := ["," "vol." N] ("," | "and") "p." range | "pp." range ...   (the last ones after the last title)
    prefix   := "quoted by" | "quoted in" | "cited in" | "see" | "see also" | "cf."

Anything else in the bracket must be names (capitalised words, initials, "and"): "[the anarchists]", "[sic!]"
and "[w]" are editorial insertions, not references. A title-shaped work with pages that the bibliography
lacks ("[Statism and Anarchy, p. 206]") is reported (``brackets.unknown-work``), not passed over. A chapter and the book it is in name the chapter
("[Rosenberg, "The Social Background to Tsektran", pp. 349-373, Party, State, and Society..., p. 369]").
A title not in the bibliography as written is matched among the named author's works with one edit in
one word ("Towards an Ecological Society"), and the edit is reported.

``Op. Cit.`` is the work last cited for the author named in the bracket or, failing that, in the running
text just before it: the first name of the nearest sentence (since the previous reference) naming someone
for whom a work has been cited; with no such name, the work last cited. A work is cited *for* the
entry's authors, for the names in its bracket and for the name the text was speaking of at that point, so
"For Engels, ... [Marx-Engels Reader, p. 731]" makes a later "Engels argued ... [Op. Cit., p. 731]" that
Reader. A *name* is a capitalised word that the text also capitalises within a sentence and never writes
in lower case ("Engels", not "However" or "Anarchists").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from critedition.bib.library import Entry, TitleHit, words
from critedition.cite import notegrammar as g
from critedition.cite.conventions.base import Convention
from critedition.cite.locators import PREFIX, RANGE, in_volume, normalise_locator
from critedition.cite.model import Cite, Context, Match
from critedition.cite.titles import near_title

BRACKET = re.compile(r"\[([^\[\]]{1,400})\]")
_OP_CIT = re.compile(r"\s*(?<![\w.])(?:[Oo]p\.?\s*[Cc]it\.?|[Ii]bid\.?)")
_PREFIX = re.compile(rf"\s*(?P<prefix>(?:[Qq]uoted|[Cc]ited)\s+by|{PREFIX})\s+")
_NAMES = re.compile(rf"\s*(?P<names>{g.NAMES})\s*(?:\((?:eds?|trans|comp)\.?\))?\s*,\s*")
_VOLUME = re.compile(r"\s*,?\s*(?:vol(?:ume|\.)?)\s*(?P<vol>\d{1,3}|[IVXLC]{1,6})\b")
_PAGES = re.compile(rf"\s*(?:,|;|\band\b|&)?\s*pp?\.\s*(?P<range>{RANGE})")
# What an item may hold besides its works and last locators: names, roles, quotes, a part's own pages.
_LEFTOVER = re.compile(rf"(?:\s|[,.()&“”‘’\"']|and|eds?\.|trans\.|pp?\.\s*{RANGE}|{g.NAME_WORD}|{g.PARTICLE})*")
# What a bracket's work reads like when the bibliography lacks it: a few capitalised words, quoted or not.
_TITLE_SHAPED = re.compile(r"[“\"]?[A-Z0-9][\w’'\-]*(?:[ ,:“”\"]+[\w’'\-]+){0,15}[”\"]?")
_SENTENCE_END = re.compile(r"[.!?][”\"’)_*]*\s+(?=[“\"‘(_*]*[A-Z])")
_WORD = re.compile(r"[A-Za-z][\w’'\-]*")


@dataclass
class Memory:
    """What the convention keeps across paragraphs (``Context.memory["brackets"]``)."""

    lower: set[str] = field(default_factory=set)  # words the text writes in lower case
    inner: set[str] = field(default_factory=set)  # capitalised words the text writes within a sentence
    by_author: dict[str, str] = field(default_factory=dict)  # folded name -> key last cited for it
    pending: list[str] = field(default_factory=list)  # first names of the sentences since the last reference
    last: str | None = None  # the work last cited


def _memory(ctx: Context) -> Memory:
    return ctx.memory.setdefault("brackets", Memory())


def _name_form(word: str) -> str:
    """A capitalised word as a name: its possessive ending off, folded ("Engels'" -> "engels")."""
    return re.sub(r"[’']s?$", "", word).casefold()


def _learn(text: str, memory: Memory) -> None:
    """The words of a paragraph that tell names from other capitalised words (see the module doc)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    for m in _WORD.finditer(text):
        word = m.group()
        if word[0].islower():
            memory.lower.add(word.casefold())
        elif text[starts[bisect.bisect_right(starts, m.start()) - 1]:m.start()].strip("“\"‘(_* "):
            memory.inner.add(_name_form(word))


def _first_names(text: str, memory: Memory, ctx: Context) -> list[str]:
    """The first name of each sentence of ``text`` that has one, in order."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        for m in _WORD.finditer(sentence):
            name = _name_form(m.group())
            known = name in memory.by_author or ctx.library.resolve_family(name, max_distance=0) is not None
            if m.group()[0].isupper() and name not in memory.lower and (name in memory.inner or known):
                out.append(name)
                break
    return out


def _tail(text: str) -> tuple[str | None, list[str], int]:
    """(volume, page ranges, where they start) at the end of an item."""
    volume, pages, pos = None, [], len(text)
    m = re.search(rf"(?:{_VOLUME.pattern})?(?:{_PAGES.pattern})+\s*$", text)
    if m:
        pos = m.start()
        v = _VOLUME.match(text, m.start())
        volume = v.group("vol") if v else None
        pages = [p.group("range") for p in _PAGES.finditer(text, v.end() if v else m.start())]
    else:
        v = re.search(rf"{_VOLUME.pattern}\s*$", text)
        if v:
            volume, pos = v.group("vol"), v.start()
    return volume, pages, pos


def _filter(entries: list[Entry], volume: str | None, names: list[str], ctx: Context) -> list[Entry]:
    if volume and len(entries) > 1:
        entries = [e for e in entries if e.volume == volume] or entries
    for name in names if len(entries) > 1 else ():  # the nearest name that tells them apart decides
        named = [e for e in entries if name in {w for _, f in e.authors + e.editors for w in words(f)}]
        if named:
            entries = named
            break
    if len(entries) > 1:
        recent = [e for e in entries if e.key in ctx.cited]
        entries = sorted(recent, key=lambda e: ctx.cited[e.key])[-1:] or entries
    return entries


@dataclass(frozen=True)
class _Read:
    """What one item says: a cite, or a problem; ``rule`` is "" when the item is not a reference at all."""

    rule: str = ""
    cite: Cite | None = None
    problem: str | None = None
    notes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # the names the item gives (folded words)


def _lead(head: str, ctx: Context) -> tuple[str, str, int]:
    """(prefix, names, where the work starts) of an item: "quoted by K.J. Kenafick, ..." (names that begin
    a title, as "Marxism, Freedom and the State", are the title's)."""
    prefix, pos = "", 0
    p = _PREFIX.match(head)
    if p:
        prefix, pos = p.group("prefix"), p.end()
    n = _NAMES.match(head, pos)
    first = ctx.library.scan_titles(head[pos:], ("own", "container"))
    if not n or _OP_CIT.match(head, n.start("names")) or (first and first[0].start + pos < n.end("names")):
        return prefix, "", pos
    p = _PREFIX.match(head, n.end())
    if p:
        return (prefix + " " if prefix else "") + p.group("prefix"), n.group("names"), p.end()
    return prefix, n.group("names"), n.end()


def _read_item(text: str, ctx: Context, memory: Memory, in_view: list[str]) -> _Read:
    volume, pages, tail = _tail(text)
    head = text[:tail]
    prefix, names_text, pos = _lead(head, ctx)
    names = tuple(w for w in words(names_text) if len(w) > 1)
    locator = normalise_locator(", ".join(pages))
    op = _OP_CIT.match(head, pos)
    if op:
        if _LEFTOVER.fullmatch(head[op.end():]) is None:
            return _Read()
        author = next((a for a in list(names[-1:]) + in_view if a in memory.by_author), None)
        key = memory.by_author[author] if author else memory.last
        if key is None:
            return _Read("brackets.op-cit", problem="Op. Cit. with no work cited before it", names=names)
        return _Read("brackets.op-cit", Cite(key, locator, "page", _prefix(prefix, names_text, ctx.library.entries.get(key))),
                     names=names)
    body = head[pos:]
    hits = [h for h in ctx.library.scan_titles(body, ("own", "container")) if _whole(body, h)]
    notes: tuple[str, ...] = ()
    if hits:
        if _LEFTOVER.fullmatch("".join(body[a:b] for a, b in _gaps(hits, len(body)))) is None:
            return _Read()
        entries = [e for e in hits[0].entries if hits[0].kind == "own"] or list(hits[0].entries)
    else:
        title = body.strip(" ,")
        candidates = [e for f in names + tuple(in_view[:1]) for e in ctx.library.by_name(f)]
        found = near_title(title, candidates)
        if not found:
            # "[Statism and Anarchy, p. 206]": a work with pages that the bibliography lacks is reported.
            if pages and _TITLE_SHAPED.fullmatch(title):
                return _Read("brackets.unknown-work", problem=f'unknown work "{title.strip(chr(34) + "“”")}"', names=names)
            return _Read()
        entries, notes = [found[0]], (f"title “{title}” matched “{found[0].title}” ({found[1]} edit)",)
    entries = _filter(entries, volume, [*names, *in_view[:1], *reversed(memory.pending)], ctx)
    if len(entries) != 1:
        return _Read("brackets.title", problem=f"ambiguous reference: {', '.join(e.key for e in entries)}",
                     notes=notes, names=names)
    entry, label = entries[0], "page"
    if volume and not entry.volume:  # the volume is not part of the entry: it goes into the locator
        locator, label = in_volume(volume, locator), "volume"
    return _Read("brackets.title", Cite(entry.key, locator, label, _prefix(prefix, names_text, entry)), notes=notes,
                 names=names)


def _whole(body: str, hit: TitleHit) -> bool:
    """A title stands alone in its item, not as the end or start of a longer one ("Statism and Anarchy")."""
    before = body[:hit.start].rsplit(",", 1)[-1]
    after = body[hit.end:].split(",", 1)[0]
    return not re.search(r"\w", before) and not re.search(r"\w", after)


def _gaps(hits: list[TitleHit], end: int) -> list[tuple[int, int]]:
    out, at = [], 0
    for h in hits:
        out.append((at, h.start))
        at = h.end
    out.append((at, end))
    return out


def _prefix(prefix: str, names: str, entry: Entry | None) -> str:
    """The words before the work, as the citation's prefix; the entry's own author is left to the citation."""
    family = {w for _, f in (entry.authors + entry.editors if entry else []) for w in words(f)}
    if names and not set(words(names)) & family:
        return " ".join(f"{names}, {prefix}".split()).strip(", ")
    return prefix.lower() if prefix else ""


def parse_brackets(text: str, ctx: Context) -> list[Match]:
    """Bracketed references in one paragraph (running text or note)."""
    ctx.next_paragraph()
    memory = _memory(ctx)
    _learn(re.sub(BRACKET, " ", text), memory)
    matches, at = [], 0
    for m in BRACKET.finditer(text):
        memory.pending += _first_names(text[at:m.start()], memory, ctx)
        at = m.end()
        in_view = [n for n in reversed(memory.pending) if n in memory.by_author] or list(reversed(memory.pending))[:1]
        reads = [_read_item(item, ctx, memory, in_view) for item in m.group(1).split(";")]
        if not all(r.rule for r in reads):
            continue
        rule, notes = reads[0].rule, tuple(n for r in reads for n in r.notes)
        named = [n for r in reads for n in r.names]
        cites, problems = [r.cite for r in reads if r.cite], [r.problem for r in reads if r.problem]
        raw = text[m.start():m.end()]
        if problems:
            matches.append(Match(m.start(), m.end(), raw, (), rule, problem="; ".join(problems), notes=notes))
            continue
        spoken_of = memory.pending[-1:] if not named else []
        for cite in cites:
            entry = ctx.library[cite.key] if cite.key in ctx.library else None
            authors = [w for _, f in (entry.authors + entry.editors if entry else []) for w in words(f)[-1:]]
            # The name the text speaks of, unless it is another author of the bibliography (and neither an
            # author of this work nor in its title: Engels and the Marx-Engels Reader).
            titled = set(words(entry.title)) if entry else set()
            spoken = [n for n in spoken_of if n in authors or n in titled
                      or ctx.library.resolve_family(n, max_distance=0) is None]
            for name in set(named + authors + spoken):
                memory.by_author[name] = cite.key
            memory.last = cite.key
            ctx.cited[cite.key] = ctx.paragraph
        memory.pending = []
        matches.append(Match(m.start(), m.end(), raw, tuple(cites), rule, notes=notes))
    memory.pending += _first_names(text[at:], memory, ctx)
    return matches


CONVENTION = Convention(
    "brackets", "references in square brackets with Op. Cit.: [Bakunin on Anarchism, p. 277], [Op. Cit., p. 83]",
    text=parse_brackets, notes=parse_brackets)
