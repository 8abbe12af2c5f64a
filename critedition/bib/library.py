"""The bibliography's entries, indexed once for cheap look-ups by author family name, year and title.

Titles and names are compared as folded words (``text.words``), so a title matches however an essay
punctuates or spells it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bibtexparser

from .entries import Entry, read_entries
from .text import tokens, words

_ARTICLES = frozenset({"the", "a", "an"})


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class TitleHit:
    """A title form of one or more entries found in a text, at [start, end)."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    kind: str  # "own" or "container"
    size: int  # number of words matched


class Library:
    """All entries of a bibliography, indexed once for look-ups by family name, year and title."""

    def __init__(self, entries: Iterable[Entry], failed_blocks: Iterable[object] = ()) -> None:
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            self.entries.setdefault(entry.key, entry)
        self.failed_blocks: list[object] = list(failed_blocks)
        self._families: dict[str, dict[str, list[Entry]]] = {}
        self._persons: set[tuple[str, ...]] = set()
        self._display: dict[str, str] = {}
        for entry in self.entries.values():
            for role, people in (("author", entry.authors), ("editor", entry.editors)):
                for given, family in people:
                    for form in {" ".join(words(family)), (words(family) or ("",))[-1]}:
                        self._display.setdefault(form, family)
                        bucket = self._families.setdefault(form, {}).setdefault(role, [])
                        if entry not in bucket:
                            bucket.append(entry)
                    self._persons.add(words(f"{given} {family}"))
        # first word -> [(words, kind, entries)], longest first, so a scan tries the longest form first.
        by_form: dict[tuple[tuple[str, ...], str], list[Entry]] = {}
        for entry in self.entries.values():
            for kind, forms in (("own", entry.own_titles), ("container", entry.container_titles)):
                for form in forms:
                    ws = words(form)
                    variants = [ws, ws[1:]] if len(ws) > 1 and ws[0] in _ARTICLES else [ws]
                    for variant in variants:
                        if variant:
                            bucket = by_form.setdefault((variant, kind), [])
                            if entry not in bucket:
                                bucket.append(entry)
        self._titles: dict[str, list[tuple[tuple[str, ...], str, tuple[Entry, ...]]]] = {}
        for (variant, kind), found in by_form.items():
            self._titles.setdefault(variant[0], []).append((variant, kind, tuple(found)))
        for bucket in self._titles.values():
            bucket.sort(key=lambda item: (-len(item[0]), item[1] != "own"))
        # Symmetric-delete index: two words within one edit share a form with at most one letter
        # deleted, so fuzzy look-ups cost one pass over the word, not one per family name.
        self._deletes: dict[str, set[str]] = {}
        for family in self._families:
            if len(family) >= 5:
                for form in _deletions(family):
                    self._deletes.setdefault(form, set()).add(family)
        self._fuzzy_cache: dict[str, tuple[str, int] | None] = {}

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> Library:
        """Parse a .bib file (bibtexparser v2) once."""
        return cls._from_parsed(bibtexparser.parse_file(str(path)))

    @classmethod
    def from_string(cls, text: str) -> Library:
        return cls._from_parsed(bibtexparser.parse_string(text))

    @classmethod
    def _from_parsed(cls, parsed: bibtexparser.Library) -> Library:
        return cls(read_entries(parsed), parsed.failed_blocks)

    # -- mapping-like access --------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return list(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    def __len__(self) -> int:
        return len(self.entries)

    # -- names ----------------------------------------------------------------------------------
    def resolve_family(self, name: str, max_distance: int = 1) -> tuple[str, int] | None:
        """The library's form of a family name written in a text, and the edit distance used.

        Exact (folded) matches first; otherwise one edit is tolerated for names of five letters or
        more, and only if exactly one family name is that close (short names are too easily confused)."""
        form = " ".join(words(name))
        if form in self._families:
            return form, 0
        if max_distance < 1 or len(form) < 5:
            return None
        if form not in self._fuzzy_cache:
            near = set().union(*(self._deletes.get(d, set()) for d in _deletions(form)))
            close = [f for f in near if within_one_edit(form, f)]
            self._fuzzy_cache[form] = (close[0], 1) if len(close) == 1 else None
        return self._fuzzy_cache[form]

    def display_family(self, form: str) -> str:
        """The bibliography's spelling of a family name returned by ``resolve_family``."""
        return self._display.get(form, form)

    def by_name(self, family: str) -> list[Entry]:
        """Entries with this family name among the authors, else among the editors."""
        roles = self._families.get(" ".join(words(family)), {})
        return list(roles.get("author") or roles.get("editor") or [])

    def by_name_year(self, family: str, year: str | int | None = None) -> list[Entry]:
        """Entries by ``family`` (authors preferred to editors) dated ``year``, in file order."""
        roles = self._families.get(" ".join(words(family)), {})
        for role in ("author", "editor"):
            found = [e for e in roles.get(role, []) if year is None or e.year == str(year)]
            if found:
                return sorted(found, key=lambda e: e.line)
        return []

    @staticmethod
    def prefer_parts(entries: list[Entry]) -> list[Entry]:
        """Drop entries that are the crossref parent of another one in the list: "Wald 1992" names
        both a book and a chapter of it, and a citation means the chapter (the more specific work)."""
        parents = {e.fields.get("crossref") for e in entries}
        return [e for e in entries if e.key not in parents]

    def is_person_name(self, text: str) -> bool:
        """True if ``text`` is the full name of a person in the library (e.g. "Victor Serge")."""
        return words(text) in self._persons

    # -- titles ---------------------------------------------------------------------------------
    def scan_titles(
        self, text: str, kinds: tuple[str, ...] = ("own",), toks: tuple[tuple[str, int, int], ...] | None = None
    ) -> list[TitleHit]:
        """Title forms occurring in ``text``: leftmost-longest, non-overlapping, in one linear pass.
        ``toks`` may pass ``tokens(text)`` when the caller scans the same text more than once."""
        toks = tokens(text) if toks is None else toks
        folded = tuple([t[0] for t in toks])
        starting = self._titles.get
        hits: list[TitleHit] = []
        i, n = 0, len(toks)
        while i < n:
            size = 1
            for variant, kind, entries in starting(folded[i], ()):
                size_v = len(variant)
                if kind in kinds and folded[i:i + size_v] == variant:
                    hits.append(TitleHit(toks[i][1], toks[i + size_v - 1][2], entries, kind, size_v))
                    size = size_v
                    break
            i += size
        return hits

    def shorthands(self) -> dict[str, str]:
        """Abbreviation -> key, from the entries' `shorthand` fields (MBVB)."""
        return {e.fields["shorthand"].strip("{}"): e.key for e in self.entries.values() if e.fields.get("shorthand")}

    def titled(self, text: str, kinds: tuple[str, ...] = ("own",)) -> list[Entry]:
        """Entries having ``text`` as one of their title forms (folded equality)."""
        ws = words(text)
        if not ws:
            return []
        for variant, kind, entries in self._titles.get(ws[0], ()):
            if kind in kinds and variant == ws:
                return list(entries)
        return []

    def find_titles(self, text: str) -> list[Entry]:
        """The entries best matching ``text``: a title equal to it, else the longest title contained
        in it, else titles that it begins (two words at least). Several entries if tied."""
        ws = words(text)
        if not ws:
            return []
        for kinds in (("own",), ("container",)):
            found = self.titled(text, kinds)
            if found:
                return found
        hits = self.scan_titles(text, ("own",))
        if hits:
            longest = max(h.size for h in hits)
            found = []
            for h in hits:
                if h.size == longest:
                    found.extend(e for e in h.entries if e not in found)
            return found
        stem = ws[1:] if ws[0] in _ARTICLES and len(ws) > 2 else ws
        if len(stem) < 2:
            return []
        found = []
        for variant, kind, entries in self._titles.get(stem[0], ()):
            if kind == "own" and variant[: len(stem)] == stem:
                found.extend(e for e in entries if e not in found)
        return found

    def match_title(self, text: str) -> Entry | None:
        """The one entry whose title ``text`` names (see ``find_titles``), or None if none or ambiguous."""
        found = self.find_titles(text)
        return found[0] if len(found) == 1 else None
