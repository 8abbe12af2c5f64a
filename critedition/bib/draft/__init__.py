"""Draft bibliography entries from the full references an essay's notes or a reference list already give.

``from_notes`` reads notes (``notes.NoteText``, from ingest: ``witness.survey``) with the note
reader (``chicago``), ``from_list`` a reference list (``reflist``); both return ``Work`` objects for the works
not yet in the bibliography, containers first, each with its key by the house rule (``bib/keys.py``), clash
suffixes counted against the bibliography's keys and the other drafts. ``render`` writes them as biblatex
entries marked ``keywords = {draft}``, each under a ``%`` comment naming the reference it came from.
"""

from __future__ import annotations

import re

from ..keys import UnfoldableCharacter, citation_key
from ..library import Library
from ..names import parse, split_names
from ..lint.rules import inherited, required
from ..text import words
from .chicago import NoteReader
from .notes import NoteText
from .people import People
from .reflist import read_list
from .render import render
from .work import CONTAINER_TYPES, Origin, Work

__all__ = ["NoteText", "Origin", "Work", "from_list", "from_notes", "langid", "render"]

_LANGUAGES = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese",
              "nl": "dutch", "ru": "russian"}


def langid(lang: str) -> str:
    """biblatex's language name for a BCP 47 tag ("en-GB" -> "english"), or "" if unknown."""
    return _LANGUAGES.get(lang.split("-")[0].lower(), "")


def from_notes(notes: list[NoteText], file: str, library: Library, lang: str = "english",
               passed: list[Origin] | None = None) -> list[Work]:
    """Works the notes give in full that ``library`` does not hold, in order of first citation; the references
    with a publication block that the reader could not read are added to ``passed``."""
    reader = NoteReader(file, People(), lang)
    for note in notes:
        reader.learn(note.text)
    works: list[Work] = []
    for note in notes:
        works.extend(reader.read(note.n, note.line, note.text))
    if passed is not None:
        passed.extend(reader.passed)
    return _settle(works, library)


def from_list(text: str, file: str, library: Library, lang: str = "english") -> list[Work]:
    """Works of a reference list (one work a paragraph) that ``library`` does not hold, in the list's order."""
    return _settle(read_list(text, file, lang), library)


def _settle(works: list[Work], library: Library) -> list[Work]:
    """Short containers resolved to the books named in full, repeated works merged, works the library holds
    dropped (their parts point at the library's key), keys given."""
    kept: list[Work] = []
    by_title: dict[tuple[str, ...], list[Work]] = {}
    for work in works:
        # A book named in short ("in Dolgoff (ed.), *Bakunin on Anarchy*") is the one named in full before.
        twin = _resolve(work, kept) if work.type in CONTAINER_TYPES.values() else work
        if twin is work:
            twin = next((w for w in by_title.get(work.title_words(), []) if w.same_work(work)), None)
        if twin is not None:
            if twin is not work:
                twin.absorb(work)
            _repoint(works, work, twin)
            continue
        kept.append(work)
        by_title.setdefault(work.title_words(), []).append(work)
    for work in kept:
        if work.parent is not None and work.type in CONTAINER_TYPES:
            work.type = "inbook" if work.parent.type == "book" else "incollection"
    forms = _house_names(library)
    drafts = []
    for work in kept:
        key = _in_library(work, library)
        if key:
            for part in kept:
                if part.parent is work:
                    part.parent, part.parent_key = None, key
            continue
        for role in ("author", "editor", "translator"):
            if work.fields.get(role):
                work.fields[role] = " and ".join(_house_form(n, forms) for n in split_names(work.fields[role]))
        drafts.append(work)
    _keys(drafts, library)
    for work in drafts:
        _gaps(work, library)
    return drafts


def _resolve(book: Work, kept: list[Work]) -> Work:
    """A container named in short ("Dolgoff (ed.), *Bakunin on Anarchy*") -> the book named in full earlier."""
    if book.fields.get("date") and book.fields.get("publisher"):
        return book
    short = _stem(book.title_words())
    families = book.family_words()
    for other in reversed(kept):
        if other.type not in CONTAINER_TYPES.values() or not other.fields.get("date"):
            continue
        if _stem(other.title_words())[: len(short)] == short and short and \
                (not families or not other.family_words() or families & other.family_words()):
            return other
    return book


def _stem(title: tuple[str, ...]) -> tuple[str, ...]:
    return title[1:] if title[:1] in (("the",), ("a",), ("an",)) else title


def _repoint(works: list[Work], old: Work, new: Work) -> None:
    for w in works:
        if w.parent is old:
            w.parent = new


def _house_names(library: Library) -> dict[str, set[tuple[str, str]]]:
    """The bibliography's people by folded family name: (family, given) as its entries write them."""
    forms: dict[str, set[tuple[str, str]]] = {}
    for entry in library.entries.values():
        for given, family in entry.authors + entry.editors:
            if given:
                forms.setdefault(" ".join(words(family)), set()).add((family, given))
    return forms


def _house_form(name: str, forms: dict[str, set[tuple[str, str]]]) -> str:
    """A person as the bibliography already names them ("Mikhail Bakunin" -> "Bakunin, Michael"): the one
    form of that family name whose given name has the same initial."""
    parsed = parse(name)
    if parsed.corporate:
        return name
    initial = words(parsed.given)[0][:1] if words(parsed.given) else ""
    same = [f for f in forms.get(" ".join(words(parsed.family)), ()) if not initial or words(f[1])[0][:1] == initial]
    return f"{same[0][0]}, {same[0][1]}" if len(same) == 1 else name


def _in_library(work: Work, library: Library) -> str:
    """The key of the library's entry for this work (same title, a creator in common), or ""."""
    title = work.fields.get("title", "")
    candidates = library.titled(title) or library.titled(f"{title}: {work.fields.get('subtitle', '')}")
    families = work.family_words()
    for entry in candidates:
        theirs = {words(f)[-1] for f in entry.names if words(f)}
        if not families or not theirs or families & theirs:
            return entry.key
    return ""


def _keys(drafts: list[Work], library: Library) -> None:
    """Each draft's key by the rule, with Better BibTeX's suffixes a, b, ... against every key taken."""
    taken = set(library.keys)
    for work in drafts:
        parent = work.parent.fields if work.parent is not None else \
            (library.entries[work.parent_key].fields if work.parent_key in library.entries else None)
        try:
            key = citation_key({k: _plain(v) for k, v in work.fields.items()},
                               {k: _plain(v) for k, v in parent.items()} if parent else None, work.type)
        except UnfoldableCharacter:
            key = ""
        key = key or f"draft{len(taken)}"
        if key in taken:
            key = next(key + s for s in "abcdefghijklmnopqrstuvwxyz" if key + s not in taken)
        work.key = key
        taken.add(key)


# How a missing field is named in a draft's note: with a word the lint reads as "said to be unknown".
_GAP_NAMES = {"journaltitle": "journal title", "booktitle": "book title"}


def _gaps(work: Work, library: Library) -> None:
    """Say in ``note`` which fields biblatex requires that the reference did not give (docs/bibliography.md:
    what could not be checked is left out, and the note says so)."""
    own = {k for k, v in work.fields.items() if v}
    if work.parent is not None:
        have = inherited(own, work.parent.type, {k for k, v in work.parent.fields.items() if v})
    elif work.parent_key in library.entries:
        entry = library.entries[work.parent_key]
        have = inherited(own, entry.type, {k for k, v in entry.fields.items() if v})
    else:
        have = own
    missing = [" or ".join(_GAP_NAMES.get(n, n) for n in group) for group in required(work.type)
               if not any(n in have for n in group)]
    if missing:
        gap = f"Not in the reference: {', '.join(missing)}"
        work.fields["note"] = f"{work.fields['note']}. {gap}" if work.fields.get("note") else gap


def _plain(value: str) -> str:
    return re.sub(r"\\([&%#_$])", r"\1", value)
