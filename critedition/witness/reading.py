"""What the profiles that read through pandoc share: the reading itself, the notes kept apart, the metadata."""

from __future__ import annotations

import datetime as dt

import panflute as pf

from .. import pandoc
from .locate import Cursor, Source
from .markup import NoteFinder, Walker, walk
from .model import Draft

# Metadata an essay takes from its witness (front matter, a page's <title> and <meta>, a document's
# properties); the essay's configuration overrides each of them.
META_KEYS = ("title", "subtitle", "author", "date", "source")
OVERRIDES = ("title", "subtitle", "author", "date")


def read_doc(draft: Draft, data: bytes, reader: str, what: str) -> pf.Doc | None:
    """The witness as pandoc's `reader` reads it (WIT-006, and the ingest stops, if pandoc cannot)."""
    doc, problem = pandoc.read(data, reader)
    if doc is None:
        draft.error("WIT-006", 0, 0, format=what, detail=problem)
        draft.stop = True
    return doc


def to_blocks(draft: Draft, doc: pf.Doc, source: Source, body: Cursor, notes: NoteFinder) -> None:
    """The Doc's blocks as the draft's, each word located in the source from `body` on."""
    Walker(draft, source, body, notes).run(doc)


def meta_value(value) -> str:
    """A metadata value as text: a list of authors joined with "and", a YAML date as ISO 8601."""
    if isinstance(value, pf.MetaList):
        value = list(value.content)
    if isinstance(value, (list, tuple)):
        return " and ".join(t for t in map(meta_value, value) if t)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, pf.Element):
        return pf.stringify(value).strip()
    return "" if value is None else str(value).strip()


def from_doc(draft: Draft, doc: pf.Doc) -> None:
    """The metadata pandoc's reader found (a page's title, a document's properties), where the draft has none."""
    for key in META_KEYS:
        text = meta_value(doc.metadata.content[key]) if key in doc.metadata.content else ""
        if text and not draft.meta.get(key):
            draft.meta[key] = text


def metadata(draft: Draft) -> Draft:
    """Settle the essay's metadata: the witness's, completed or overridden by the configuration."""
    cfg = draft.essay.data
    for key in OVERRIDES:
        if key in cfg:
            draft.meta[key] = str(cfg[key])
    return draft


class SearchNotes:
    """Notes a reader takes from elsewhere in the source (an HTML page's or a Word file's footnotes, after the
    text): each note's text is found by its first words, from where the last note's ended."""

    def __init__(self, view: str):
        self.view = view
        self.cursor: Cursor | None = None
        self.next = 0

    def _advance(self, pos: int) -> None:
        if self.cursor is not None:
            self.next = max(self.next, self.cursor.pos)
        self.next = max(self.next, pos)

    def call(self, cursor: Cursor) -> tuple[int, int]:
        self._advance(cursor.pos)
        return cursor.pos, cursor.pos

    def content(self, cursor: Cursor, note: pf.Note) -> Cursor:
        words = [e.text for e in walk(note) if isinstance(e, pf.Str)][:3]
        at = Cursor(self.view, self.next).find_sequence(words)
        self.cursor = Cursor(self.view, self.next if at is None else at)
        return self.cursor
