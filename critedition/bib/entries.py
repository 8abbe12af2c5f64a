"""Bibliography entries as the books use them: each entry's fields, what it inherits through crossref, and its
names, year and title forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import bibtexparser

from .names import parse_name, split_names
from .text import clean

_YEAR = re.compile(r"\d{4}")
# A trailing "(1926--27)" or "[...]" on a title is often dropped or re-punctuated by citing authors.
_TRAILING_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


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


def read_entries(parsed: bibtexparser.Library) -> list[Entry]:
    """The entries of a bibtexparser parse, each with what its crossref parent gives it."""
    raw = {}
    for e in parsed.entries:
        fields = {f.key.lower(): str(f.value) for f in e.fields}
        raw[e.key] = (e.entry_type.lower(), fields, e.start_line + 1)
    entries = []
    for key, (etype, fields, line) in raw.items():
        parent = raw.get(fields.get("crossref", ""))
        inherited = _inherit(parent[1], fields) if parent else {}
        entries.append(Entry(key, etype, fields, line, inherited))
    return entries


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
