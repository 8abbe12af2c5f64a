"""Where a note's references begin: the note cut into candidate references, and what stands before a title
(the author, an editor's "ed.", "interview by ...", "(as ...)" for a pseudonym, "X, introduction to Y")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .people import is_body, looks_like_names, split_natural

PREFIX = re.compile(r"(?:^|\b)(?:[Qq]uoted in|[Cc]ited in|[Ss]ee also|[Aa]lso see|[Ss]ee|[Cc]f\.|[Rr]eprinted in)\s+")
_ABBREVIATIONS = frozenset(
    "ed eds trans vol vols no nos pp p jr sr st dr mr mrs ms co ltd inc bros ch chap n nn repr rev comp ca c al "
    "vs esp jan feb mar apr jun jul aug sep sept oct nov dec mass calif ill conn pa va wash mich fla tex minn "
    "wis ore ky tenn md mo nebr kans okla ariz colo ga ind".split())
_INTRO = re.compile(r"^(?P<who>.+?),\s*(?P<part>introduction|foreword|preface|afterword)\s+to\s+(?P<rest>.+)$", re.I)


def segments(note: str) -> list[tuple[int, str]]:
    """(offset, text) of each candidate reference: the note cut at top-level semicolons, sentence ends and
    ", quoted in"."""
    cuts, depth, quoted, italic = [0], 0, False, False
    for i, ch in enumerate(note):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == '"':
            quoted = not quoted
        elif ch == "“":
            quoted = True
        elif ch == "”":
            quoted = False
        elif ch == "*":
            italic = not italic
        if depth or quoted or italic:
            continue
        if ch == ";":
            cuts.append(i + 1)
        elif ch == "." and _sentence_end(note, i):
            cuts.append(i + 1)
        elif note.startswith((", quoted in ", " quoted in "), i):
            cuts.append(i + 1)
    cuts.append(len(note))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        text = note[a:b]
        lead = len(text) - len(text.lstrip())
        if text.strip():
            out.append((a + lead, text.strip()))
    return out


def _sentence_end(text: str, i: int) -> bool:
    nxt = text[i + 1 : i + 3]
    if not (nxt[:1].isspace() and nxt[1:2] and (nxt[1].isupper() or nxt[1] in "\"“*<")):
        return False
    word = re.search(r"([\w’']+)$", text[:i])
    return not word or (len(word.group(1)) > 1 and word.group(1).lower() not in _ABBREVIATIONS)


@dataclass
class Lead:
    """What comes before a reference's title."""

    names: list[str]
    role: str = "author"  # or "editor"
    note: str = ""
    part: str = ""  # "Introduction" for "X, introduction to Y, *Book*"
    book_names: list[str] | None = None
    interview: bool = False


def read_lead(text: str) -> Lead | None:
    """The author (and what is said of them) before a title, or None if the text is commentary."""
    prefixes = list(PREFIX.finditer(text))
    if prefixes:
        text = text[prefixes[-1].end():]
    text = re.sub(r"^[\s,;]*(?:and|in)\s+", "", text).strip().rstrip(",").strip()
    notes = []
    alias = re.search(r"\s*\(as ([^()]+)\)", text)
    if alias:
        notes.append(f"Published under the name {alias.group(1)}")
        text = text[: alias.start()] + text[alias.end():]
    text = re.sub(r"\s*\[[^\]]*\]", "", text).strip()
    if not text:
        return Lead([], note="; ".join(notes))
    to = re.match(r"^(?:The\s+)?(?P<who>.+?)\s+to\s+(?:the\s+)?(?P<whom>[^,]+)$", text)
    if to and looks_like_names(to.group("who")) and is_body(to.group("who")):
        notes.append(f"Open letter to the {to.group('whom')}")
        return Lead([to.group("who")], note="; ".join(notes))
    intro = _INTRO.match(text)
    if intro and looks_like_names(intro.group("who")) and looks_like_names(intro.group("rest")):
        return Lead(split_natural(intro.group("who")), part=intro.group("part").capitalize(),
                     book_names=split_natural(intro.group("rest")))
    chunks = [c.strip() for c in re.split(r",\s*(?=(?:video\s+)?interview by|eds?\.$)", text)]
    lead = Lead([])
    for chunk in chunks[1:]:
        m = re.match(r"(?:video\s+)?interview by (.+)", chunk)
        if m:
            notes.append(chunk[0].upper() + chunk[1:])
            lead.interview = True
        elif chunk in ("ed.", "eds."):
            lead.role = "editor"
        else:
            return None
    head = re.sub(r"\s*\((?:eds?\.)\)$", "", chunks[0])
    if head != chunks[0]:
        lead.role = "editor"
    possessive = re.match(r"^(.+?)[’']s$", head)
    if possessive:
        head = possessive.group(1)
    if not looks_like_names(head):
        return None
    lead.names = split_natural(head)
    lead.note = "; ".join(notes)
    return lead
