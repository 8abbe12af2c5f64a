"""A book's publication metadata, made once from the configuration and written into every format and catalogue.

The EPUB (through pandoc's metadata), the PDF (its Info dictionary and XMP packet), the colophon, the release
note and the OPDS catalogue all read the same record, so that what a reading app, a library site and the
printed page say about a book agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..config import VERSION, Book, Edition
from ..outputs import source_date_epoch



def typographic(text: str) -> str:
    """An editor's plain-keyboard quotes and apostrophes as the books print them (’ ‘ “ ”), as pandoc's smart
    typography does for the editorial Markdown: for statements typed into the configuration."""
    text = re.sub(r"(?<=\w)'|'(?=\d\ds\b)", "’", text)  # the author's, the authors', the '90s
    text = re.sub(r"'(?=\S)", "‘", text).replace("'", "’")
    return re.sub(r'"(?=\S)', "“", text).replace('"', "”")


def full_title(title: str, subtitle: str) -> str:
    """Title and subtitle as a catalogue gives them: a colon between, unless the title ends in ? or !."""
    if not subtitle:
        return title
    return f"{title}{' ' if title.rstrip()[-1:] in '?!' else ': '}{subtitle}"


@dataclass(frozen=True)
class BookMetadata:
    id: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    editor: str
    publisher: str
    lang: str
    version: str  # "" when the edition declares none (a draft: `make dist` refuses it)
    date: dt.date
    identifier: str  # this version's
    work_identifier: str  # the book's, whatever the version
    description: str
    subjects: tuple[str, ...]
    rights: str

    @property
    def full_title(self) -> str:
        return full_title(self.title, self.subtitle)

    @property
    def edition_statement(self) -> str:
        """How the colophon and the release note name this release: "Version 1.0.0, 23 November 2026"."""
        when = f"{self.date.day} {self.date:%B %Y}"
        return f"Version {self.version}, {when}" if self.version else f"Draft of {when}"


def build_date() -> dt.date:
    """The date of the build: SOURCE_DATE_EPOCH's day in UTC (the Makefile sets it to the last commit's)."""
    return dt.datetime.fromtimestamp(int(source_date_epoch()), dt.timezone.utc).date()


def identifier_base(edition: Edition) -> str:
    """The prefix of the edition's identifiers (`identifier-base` in edition.yaml), e.g. "urn:serge-editions:"."""
    return edition.settings.identifier_base


def work_identifier(edition: Edition, book: Book) -> str:
    """The book's URN, the same for every version."""
    return f"{identifier_base(edition)}{book.id}"


def identifier(edition: Edition, book: Book) -> str:
    """A URN stable across rebuilds of one version (no random UUID), and new with each version."""
    version = edition.settings.version
    return f"{work_identifier(edition, book)}:{version}" if version else work_identifier(edition, book)


def subjects(edition: Edition) -> tuple[str, ...]:
    """The edition's `subject`, "a; b; c", as separate subjects (each becomes a catalogue tag)."""
    return tuple(s.strip() for s in edition.settings.subject.split(";") if s.strip())


def for_book(edition: Edition, book: Book, authors, date: dt.date | None = None) -> BookMetadata:
    ed = edition.settings
    date = date or build_date()
    authors = tuple(a for a in authors if a)
    about = BookMetadata(
        id=book.id, title=book.title, subtitle=book.settings.subtitle, authors=authors, editor=ed.editor,
        publisher=ed.publisher, lang=ed.lang, version=ed.version,
        date=date, identifier=identifier(edition, book), work_identifier=work_identifier(edition, book),
        description="", subjects=subjects(edition),
        rights=typographic(" ".join((ed.license or ed.rights).split())))
    by = " and ".join(authors)
    description = book.settings.description or f"{about.full_title}, {by + ', ' if by else ''}edited by {ed.editor}."
    return replace(about, description=typographic(" ".join(description.split())))
