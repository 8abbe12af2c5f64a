"""A reference list read into works: one work a paragraph, wrapped lines joined, in the form of *An Anarchist
FAQ*'s bibliography:

    Author, First (ed.), **Title: Subtitle** , 2nd Edition, Editor (ed.), Publisher, Place, Year.
    > **Another Title** , Publisher, Place, Year.            (a quoted paragraph: the same author)
    Author, _"Article"_ , **Journal** , no. 12 (Vol. 3, No. 4), Oct-Dec 1990, pp. 339-364.
    Author, _"Chapter"_ contained in **Book** , Publisher, Place, Year.

After the title, comma-separated parts are read by what they look like (an edition, a volume or number,
pages, names with a role, a date); of the rest, the last is the place and what precedes it the publisher
(one part alone is a place unless it is named like a publisher). Headings and paragraphs without a title in
bold are passed over.
"""

from __future__ import annotations

import re

from . import values
from .people import inverted_list, looks_like_names, name_list, split_natural
from .work import Origin, Work

_BOLD = re.compile(r"\*\*(?P<t>.+?)\*\*")
_PART = re.compile(r"_\s*[\"“](?P<t>.+?)[\"”]\s*_")
_ROLE = re.compile(r"^(?P<names>.+?)\s*\((?P<role>eds?\.|trans\.(?: and ed\.)?|ed\. and trans\.|comp\.)\)$")
_BY = re.compile(r"^(?P<role>translated and edited|edited and translated|translated|edited|compiled)\s+by\s+(?P<names>.+)$",
                 re.I)
_PUBLISHER_WORDS = re.compile(r"\b(?:Press|Books?|Publish\w*|Editions?|Ltd|Co|Inc|University|House|Verlag|Library|"
                              r"Collective|Pirate|Penguin|Routledge|Macmillan|Verso|Pluto|Freedom)\b", re.I)
_STATE = re.compile(r"^[A-Z]\.[A-Z]\.$|^(?:" + "|".join(re.escape(k) for k in values.STATES if "." in k) + r")$")


def paragraphs(text: str) -> list[tuple[int, bool, str]]:
    """(first line, quoted, joined text) of each paragraph; a line broken after a hyphen is joined without a
    space ("Anarcho-" + "Syndicalism")."""
    out: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    start, quoted = 0, False

    def flush() -> None:
        if buf:
            joined = ""
            for piece in buf:
                joined += piece if joined.endswith("-") or not joined else " " + piece
            out.append((start, quoted, joined.strip()))
        buf.clear()

    for i, raw in enumerate(text.split("\n"), 1):
        is_quote = raw.startswith(">")
        line = re.sub(r"^>\s?", "", raw).strip() if is_quote else raw.strip()
        if not line or line.startswith("#") or (is_quote != quoted and buf):
            flush()
        if not line or line.startswith("#"):
            continue
        if not buf:
            start, quoted = i, is_quote
        buf.append(line)
    flush()
    return out


def read_list(text: str, file: str, lang: str = "english") -> list[Work]:
    """The works of a reference list, containers before their parts."""
    works: list[Work] = []
    author = ""
    for line, quoted, para in paragraphs(text):
        title = _BOLD.search(para)
        part = _PART.search(para)
        first = min((m for m in (title, part) if m), key=lambda m: m.start(), default=None)
        if first is None:
            continue
        lead = re.sub(r"(?<!\w)_|_(?!\w)", "", para[: first.start()]).strip().rstrip(",").strip()
        if not quoted:
            author = lead
        elif lead:
            continue  # a quoted paragraph with its own lead is commentary
        works.extend(_entry(author, para[first.start():], Origin(file, line, None, para), lang))
    return works


def _entry(author: str, body: str, origin: Origin, lang: str) -> list[Work]:
    creators, role = _creators(author)
    part = _PART.match(body)
    head = part or _BOLD.match(body)
    rest = body[head.end():]
    work = Work("book", {}, origin)
    work.put(role, creators)
    work.put("langid", lang)
    _title(work, head.group("t"))
    inner = re.match(r"^\s*,?\s*(?:contained\s+)?(?:in\s+)?(?=\*\*)", rest)
    container = _BOLD.match(rest, inner.end()) if inner else None
    if container is None:
        _parts(work, _split(rest))
        if work.fields.get("note", "").startswith("Available online") and not (
                work.fields.get("publisher") or work.fields.get("date")):
            work.type = "online"  # "**Title** , available at:" (the list lost the address)
        elif part is not None:  # a part without its book: a text of its own
            work.type = "misc"
        elif work.fields.get("editor") and not work.fields.get("author"):
            work.type = "collection"
        return [work]
    tail = _split(rest[container.end():])
    if part is not None and not re.search(r"\bin\s*$", rest[: container.start()]) and _is_journal(tail):
        work.type = "article"
        work.put("journaltitle", _plain_title(container.group("t"))[0])
        work.put("journalsubtitle", _plain_title(container.group("t"))[1])
        _parts(work, tail)
        for name in ("publisher", "location"):
            work.fields.pop(name, None)
        return [work]
    book = Work("book", {}, origin)
    book.put("langid", lang)
    _title(book, container.group("t"))
    pages = [p for p in tail if p.lower().startswith("pp")]
    _parts(book, [p for p in tail if p not in pages])
    if not book.fields.get("editor"):  # "contained in" a book of the same author's
        book.put(role, creators)
    _parts(work, pages)
    book.type = "collection" if book.fields.get("editor") and not book.fields.get("author") else "book"
    work.type = "inbook" if book.type == "book" else "incollection"
    work.fields.pop("editor", None)
    work.parent = book
    return [book, work]


def _creators(author: str) -> tuple[str, str]:
    """(biblatex name list, "author" or "editor") of a list paragraph's lead."""
    m = re.match(r"^(?P<names>.*?)\s*\((?P<role>eds?\.)\)$", author)
    role = "editor" if m else "author"
    names = m.group("names") if m else author
    if not names or names.lower().startswith("anonymous"):
        return "", role
    return " and ".join(inverted_list(names)), role


def _title(work: Work, text: str) -> None:
    title, subtitle = _plain_title(text)
    work.put("title", title)
    work.put("subtitle", subtitle)


def _plain_title(text: str) -> tuple[str, str]:
    return values.split_title(values.headline(values.title_text(text)))


def _split(rest: str) -> list[str]:
    """The parts after a title: at top-level commas, a parenthesis after the title a part of its own."""
    rest = rest.strip().rstrip(".").strip()
    parts, depth, buf = [], 0, ""
    for ch in rest:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p.strip().rstrip(".").strip() if not re.search(r"\b[A-Z]\.$", p.strip()) else p.strip()
            for p in parts if p.strip()]


def _is_journal(parts: list[str]) -> bool:
    return any(re.match(r"^(?:no\.?|vol\.?|issue)\s*\d", p, re.I) or re.match(r"^no,\s*\d", p) for p in parts) \
        or bool(parts) and re.match(r"^no\b", parts[0], re.I) is not None


def _parts(work: Work, parts: list[str]) -> None:
    """Each part by what it looks like; the leftovers are publisher and place."""
    left: list[str] = []
    for part in parts:
        low = part.lower()
        role = _ROLE.match(part)
        by = _BY.match(part)
        if re.match(r"^\(?in \w+ volumes\)?$|^\(\d+ volumes\)$", low) or low.startswith("available at"):
            if low.startswith("available at"):
                work.put("note", "Available online; the address is not given in the list")
            continue
        if values.edition_number(part) and re.search(r"\bed(?:ition|\.)", low):
            work.put("edition", values.edition_number(part))
        elif m := re.match(r"^no[.,]?\s*(\d+)", low):
            work.put("number", m.group(1))
        elif m := re.match(r"^vol(?:ume)?\.?\s*(\d+)", low):
            work.put("volume", m.group(1))
        elif m := re.match(r"^pp?\.\s*(\d+\s*[-–]+\s*\d+|\d+)", low):
            work.put("pages", values.full_range(m.group(1)))
        elif role and looks_like_names(role.group("names")):
            names = name_list(split_natural(role.group("names")))
            if "trans" in role.group("role"):
                work.put("translator", names)
            if "ed" in role.group("role").replace("trans.", ""):
                work.put("editor", names)
        elif by and looks_like_names(by.group("names")):
            names = name_list(split_natural(by.group("names")))
            for field, word in (("translator", "translated"), ("editor", "edited")):
                if word in by.group("role").lower():
                    work.put(field, names)
        elif values.DATE.search(part) and values.DATE.sub("", part).strip(" -–/,") == "":
            date, issue = values.parse_date(part)
            work.put("date", date)
            work.put("issue", issue)
        elif low in ("date unknown", "undated", "n.d."):
            continue
        else:
            left.append(part)
    while len(left) > 1 and _STATE.match(left[-1]):
        left[-2:] = [f"{left[-2]}, {left[-1]}"]
    if len(left) == 1 and not _PUBLISHER_WORDS.search(left[0]):
        work.put("location", values.place(left[0]))
    elif left:
        if len(left) > 1:
            work.put("location", values.place(left[-1]))
            left = left[:-1]
        work.put("publisher", values.publisher(", ".join(left)))
