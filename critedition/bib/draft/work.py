"""A work read from a reference: its biblatex type and fields, the container it is part of, and where it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import words

# Fields whose values the readers write in biblatex form already (names, braced publishers, dates, numbers).
RAW_FIELDS = frozenset({"author", "editor", "translator", "bookauthor", "publisher", "date", "origdate", "pages",
                        "volume", "number", "edition", "url", "crossref", "xref", "langid", "entrysubtype",
                        "keywords"})
CONTAINER_TYPES = {"inbook": "book", "incollection": "collection"}


@dataclass(frozen=True)
class Origin:
    """Where a reference was read: the file (relative to the project), its line, the note number (None for a
    reference list) and the reference's own words."""

    file: str
    line: int
    note: int | None
    text: str

    def describe(self, essay: str = "") -> str:
        where = f"{self.file}:{self.line}"
        return f"{essay} n. {self.note} ({where})" if self.note is not None else where

    def brief(self) -> str:
        """The note number, or the line of a list."""
        return f"n. {self.note}" if self.note is not None else f"line {self.line}"


@dataclass(eq=False)
class Work:
    """One work. ``fields`` hold plain text for titles and notes, biblatex forms for ``RAW_FIELDS``;
    ``parent`` is the book a chapter is in (its ``crossref``), or ``parent_key`` an entry of the bibliography."""

    type: str
    fields: dict[str, str]
    origin: Origin
    parent: Work | None = None
    parent_key: str = ""
    also: list[Origin] = field(default_factory=list)  # later references to the same work
    key: str = ""

    def put(self, name: str, value: str) -> None:
        doi = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\S+)$", value.strip()) if name == "url" and value else None
        if doi:  # an address at doi.org is the work's DOI
            name, value = "doi", doi.group(1)
        if value and value.strip() and not self.fields.get(name):
            self.fields[name] = value.strip()

    @property
    def creators(self) -> str:
        return self.fields.get("author") or self.fields.get("editor") or ""

    def title_words(self) -> tuple[str, ...]:
        """The title (with subtitle) as compared for sameness: folded words, year ranges written in full."""
        text = f"{self.fields.get('title', '')} {self.fields.get('subtitle', '')}"
        text = re.sub(r"\b(\d\d)(\d\d)\s*[–-]+\s*(\d\d)\b(?!\d)", r"\1\2 \1\3", text)
        return words(text)

    def family_words(self) -> set[str]:
        """The last word of each author's and editor's family name, folded."""
        out = set()
        names = f"{self.fields.get('author', '')} and {self.fields.get('editor', '')}"
        for name in re.split(r"\s+and\s+", names):
            family = name.split(",")[0].strip("{} ")
            if family:
                out.add(words(family)[-1] if words(family) else family)
        return out

    def same_work(self, other: Work) -> bool:
        """Another reference to this work: the same type, title and container, creators and dates that do not
        disagree (one may lack what the other gives)."""
        if self.type != other.type or self.title_words() != other.title_words() or not self.title_words():
            return False
        if (self.parent or other.parent) and self.parent is not other.parent:
            return False
        for name in ("journaltitle", "volume"):
            a, b = self.fields.get(name, ""), other.fields.get(name, "")
            if a and b and words(a) != words(b):
                return False
        mine, theirs = self.family_words(), other.family_words()
        if mine and theirs and not mine & theirs:
            return False
        a, b = self.fields.get("date", ""), other.fields.get("date", "")
        return not (a and b and not (a.startswith(b) or b.startswith(a)))

    def absorb(self, other: Work) -> None:
        """Take what ``other`` (a later reference to the same work) adds."""
        for name, value in other.fields.items():
            # A newspaper is told by a day-precise date and no volume: not if this reference gave a volume.
            if name == "entrysubtype" and (self.fields.get("volume") or self.fields.get("number")):
                continue
            self.put(name, value)
        self.also.append(other.origin)
        self.also.extend(other.also)
