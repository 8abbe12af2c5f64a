"""Note series shared by the three formats: which notes there are, how each is numbered and named.

Every format numbers notes the same way, so the print, EPUB and HTML editions agree:
- author's notes are numbered 1, 2, 3 ... afresh in each essay (each top-level Div is a scope);
- editors' notes (a note whose body, or a Div/Span at its top, has class `editor-note`) form a second
  series, lettered a, b, c ... afresh in each essay.

Each note keeps the identifier of its body Div when it has one (the apparatus links to `#mckay-note-34`);
otherwise it gets `<scope>-note-<n>` (author) or `<scope>-ednote-<a>` (editor). Its call is `<id>-ref`.

Metadata read: none. Runs after citeproc (notes produced by a notes style are numbered like the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

import panflute as pf

from critedition.doc.text import descendants, transform

EDITOR_CLASS = "editor-note"


def letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the editors' series."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


@dataclass
class NoteInfo:
    note: pf.Note
    scope: str  # the essay id (or the id of the front/back matter part) the note belongs to
    series: str  # "author" or "editor"
    n: int  # position in its series, from 1
    ident: str  # the note's identifier: links to the note point here
    call_id: str  # the identifier of its call in the text

    @property
    def mark(self) -> str:
        """What the reader sees at the call and before the note: 1, 2 ... or a, b ..."""
        return str(self.n) if self.series == "author" else letters(self.n)

    @property
    def classes(self) -> list[str]:
        return [EDITOR_CLASS] if self.series == "editor" else []


def is_editor_note(note: pf.Note) -> bool:
    first = note.content[0] if len(note.content) else None
    if isinstance(first, pf.Div) and EDITOR_CLASS in first.classes:
        return True
    if isinstance(first, (pf.Para, pf.Plain)) and len(first.content):
        lead = first.content[0]
        return isinstance(lead, pf.Span) and EDITOR_CLASS in lead.classes
    return False


def body_id(note: pf.Note) -> str:
    return next((b.identifier for b in note.content if isinstance(b, pf.Div) and b.identifier), "")


def collect(doc: pf.Doc) -> list[NoteInfo]:
    """Every note of the book, in reading order, numbered per top-level part and series."""
    out: list[NoteInfo] = []
    seen: set[str] = set()
    for i, block in enumerate(doc.content):
        scope = block.identifier if isinstance(block, pf.Div) and block.identifier else f"part{i + 1}"
        found = [e for e in descendants(block) if isinstance(e, pf.Note)]
        counters = {"author": 0, "editor": 0}
        for note in found:
            series = "editor" if is_editor_note(note) else "author"
            counters[series] += 1
            n = counters[series]
            ident = body_id(note)
            if not ident or ident in seen:
                ident = f"{scope}-{'note' if series == 'author' else 'ednote'}-{n if series == 'author' else letters(n)}"
            seen.add(ident)
            out.append(NoteInfo(note, scope, series, n, ident, f"{ident}-ref"))
    return out


def note_blocks(note: pf.Note) -> list[pf.Block]:
    """A note's blocks without its wrapping body Div (whose identifier the caller moves elsewhere)."""
    blocks: list[pf.Block] = []
    for b in note.content:
        if isinstance(b, pf.Div) and ("note-body" in b.classes or EDITOR_CLASS in b.classes):
            blocks.extend(b.content)
        else:
            blocks.append(b)
    return blocks


def note_inlines(note: pf.Note) -> list[list[pf.Inline]]:
    """A note as runs of inlines, one run per paragraph (block quotes and lists flattened)."""
    runs: list[list[pf.Inline]] = []

    def add(blocks):
        for b in blocks:
            if isinstance(b, (pf.Div, pf.BlockQuote)):
                add(b.content)
            elif isinstance(b, (pf.Para, pf.Plain)):
                runs.append(list(b.content))
            elif isinstance(b, (pf.BulletList, pf.OrderedList)):
                for item in b.content:
                    add(item.content)
            elif isinstance(b, pf.LineBlock):
                for line in b.content:
                    runs.append(list(line.content))
    add(note_blocks(note))
    return runs


def replace_notes(doc: pf.Doc, infos: list[NoteInfo], make) -> pf.Doc:
    """Replace each note by `make(info)` (a list of inlines), inner notes first, as a walk would: wherever
    the note sits (a paragraph, a citation's prefix, a definition's term)."""
    by_id = {id(i.note): i for i in infos}

    def action(elem, _doc):
        if isinstance(elem, pf.Note) and id(elem) in by_id:
            return make(by_id[id(elem)])
        return None

    return transform(doc, action)
