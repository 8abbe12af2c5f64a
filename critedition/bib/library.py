"""BibLaTeX entries, parsed once, with cheap look-ups by author family name, year and title.

Title matching works on *folded tokens*: words are casefolded, stripped of accents and of all
punctuation (so curly and straight quotes, dashes, colons and a title's "!" never matter), ``&`` reads
as "and", and British "-isation/-ise" spellings read as "-ization/-ize". Both the bibliography and the
text are folded the same way, so a title matches however an essay punctuates it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import bibtexparser

# Words are runs of letters/digits; "&" is kept as a word because it stands for "and".
_TOKEN = re.compile(r"[^\W_]+|&")
# Applied to both sides, so it only has to be consistent, not linguistically right.
_SPELLING = re.compile(r"(?<=\w\w\w)is(ation|ations|e|ed|es|ing)$")
_ARTICLES = frozenset({"the", "a", "an"})
_YEAR = re.compile(r"\d{4}")
# A trailing "(1926--27)" or "[...]" on a title is often dropped or re-punctuated by citing authors.
_TRAILING_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.]\{?([A-Za-z])\}?")
_ACCENTS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307"}


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The comparison form of one word (see the module docstring)."""
    if word == "&":
        return "and"
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _SPELLING.sub(r"iz\1", folded)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded words of ``text`` with their [start, end) offsets."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> tuple[str, ...]:
    """Folded words of ``text`` (for comparing short strings such as titles and names)."""
    return tuple(fold(m.group()) for m in _TOKEN.finditer(text))


def clean(value: str) -> str:
    """Plain text of a BibLaTeX field value: braces, ``\\&``, ``~`` and dash ligatures resolved."""
    value = _LATEX_ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(1) + _ACCENTS[m.group(0)[1]]), value)
    value = value.replace("\\&", "&").replace("~", " ").replace("---", "—").replace("--", "–")
    value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def split_names(value: str) -> list[str]:
    """Split a name list at the top-level ``and`` (braced corporate names may contain "and")."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and value.startswith(" and ", i):
            names.append(value[start:i].strip())
            start = i + 5
            i += 4
        i += 1
    names.append(value[start:].strip())
    return [n for n in names if n and n.lower() != "others"]


def parse_name(name: str) -> tuple[str, str]:
    """(given, family) of one BibLaTeX name: "Family, Given", "Given Family" or "{Corporate Body}"."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
        return "", clean(name)
    depth, comma = 0, -1
    for i, ch in enumerate(name):
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            comma = i
            break
    if comma >= 0:
        return clean(name[comma + 1 :]), clean(name[:comma])
    parts = clean(name).split(" ")
    return " ".join(parts[:-1]), parts[-1]


def _within_one_edit(a: str, b: str) -> bool:
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
class Entry:
    """One bibliography entry. ``fields`` are the file's own (lowercased names, outer braces removed);
    ``inherited`` holds what a ``crossref`` parent supplies (its title becomes ``booktitle``)."""

    key: str
    type: str
    fields: dict[str, str] = field(hash=False)
    line: int = 0
    inherited: dict[str, str] = field(default_factory=dict, hash=False, compare=False, repr=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        """A field's raw value, own or inherited."""
        return self.fields.get(name, self.inherited.get(name, default))

    def _people(self, role: str) -> list[tuple[str, str]]:
        value = self.get(role)
        return [parse_name(n) for n in split_names(value)] if value else []

    @cached_property
    def authors(self) -> list[tuple[str, str]]:
        """(given, family) of the authors (own or from a crossref parent of the same kind)."""
        return self._people("author")

    @cached_property
    def editors(self) -> list[tuple[str, str]]:
        return self._people("editor")

    @cached_property
    def names(self) -> list[str]:
        """Family names of the authors, else of the editors."""
        return [family for _, family in (self.authors or self.editors)]

    @cached_property
    def year(self) -> str | None:
        for name in ("date", "year"):
            m = _YEAR.search(self.get(name) or "")
            if m:
                return m.group()
        return None

    @cached_property
    def title(self) -> str:
        return clean(self.get("title") or "")

    @cached_property
    def subtitle(self) -> str:
        return clean(self.fields.get("subtitle", ""))

    @cached_property
    def shorttitle(self) -> str:
        return clean(self.fields.get("shorttitle", ""))

    @cached_property
    def volume(self) -> str | None:
        value = self.get("volume")
        return clean(value) if value else None

    @cached_property
    def own_titles(self) -> tuple[str, ...]:
        """The entry's own title forms: title, title with subtitle, short title, title without a
        trailing parenthesis (as in "The Challenge of the Left Opposition (1926--27)")."""
        forms = [self.title, _join(self.title, self.subtitle), self.shorttitle]
        forms.append(_TRAILING_PAREN.sub("", self.title))
        return tuple(dict.fromkeys(f for f in forms if f))

    @cached_property
    def container_titles(self) -> tuple[str, ...]:
        """Titles of the book or journal the entry is part of (own or from a crossref parent)."""
        book = clean(self.get("booktitle") or "")
        forms = [book, _join(book, clean(self.get("booksubtitle") or "")), clean(self.get("maintitle") or "")]
        forms.append(clean(self.get("journaltitle") or self.get("journal") or ""))
        return tuple(dict.fromkeys(f for f in forms if f))

    @property
    def titles(self) -> tuple[str, ...]:
        """Every title form used for matching: own forms first, then container forms."""
        return self.own_titles + self.container_titles


def _join(title: str, subtitle: str) -> str:
    if not subtitle:
        return ""
    return f"{title} {subtitle}" if title[-1:] in "?!.:" else f"{title}: {subtitle}"


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
        raw = {}
        for e in parsed.entries:
            fields = {f.key.lower(): str(f.value) for f in e.fields}
            raw[e.key] = (e.entry_type.lower(), fields, e.start_line + 1)
        entries = []
        for key, (etype, fields, line) in raw.items():
            parent = raw.get(fields.get("crossref", ""))
            inherited = _inherit(parent[1], fields) if parent else {}
            entries.append(Entry(key, etype, fields, line, inherited))
        return cls(entries, parsed.failed_blocks)

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
            close = [f for f in near if _within_one_edit(form, f)]
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
        self, text: str, kinds: tuple[str, ...] = ("own",), toks: list[tuple[str, int, int]] | None = None
    ) -> list[TitleHit]:
        """Title forms occurring in ``text``: leftmost-longest, non-overlapping, in one linear pass.
        ``toks`` may pass ``tokens(text)`` when the caller scans the same text more than once."""
        toks = tokens(text) if toks is None else toks
        hits: list[TitleHit] = []
        i, n = 0, len(toks)
        while i < n:
            size = 1
            for variant, kind, entries in self._titles.get(toks[i][0], ()):
                size_v = len(variant)
                if kind in kinds and i + size_v <= n and all(toks[i + j][0] == variant[j] for j in range(1, size_v)):
                    hits.append(TitleHit(toks[i][1], toks[i + size_v - 1][2], entries, kind, size_v))
                    size = size_v
                    break
            i += size
        return hits

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


def _inherit(parent: dict[str, str], child: dict[str, str]) -> dict[str, str]:
    """Fields a biblatex crossref child takes from its parent (title -> booktitle, author -> bookauthor)."""
    renamed = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
    skip = {"shorttitle", "ids", "crossref", "key", "note", "pages"}
    out = {}
    for name, value in parent.items():
        if name in skip:
            continue
        target = renamed.get(name, name)
        if target not in child:
            out[target] = value
    return out

