"""Where each page of the print edition begins: the first word of its text, found in the laid-out pages.

The pages' text boxes are read in order (not the running heads, the paragraph numbers in the margin, the note
calls or the notes at the foot) and found, one after the other, in the words of the print HTML they were laid
out from (render/pages.py); a page's first word is the first that begins on it, so a word broken across two
pages belongs to the first.
"""

from __future__ import annotations

from ..pages import SKIP_CLASSES, WHITESPACE, Stream
from .boxes import anchor_pages

# What a line's end may add to a word: the hyphen of a word broken there (WeasyPrint's `hyphenate-character`).
ADDED_HYPHENS = "\u2010-"
WINDOW = 5000  # how far ahead a box's text is looked for (past text laid out nowhere, such as hidden parts)


def _text_boxes(box):
    """The page's text boxes in the text's own flow, in order."""
    kind = type(box).__name__
    if kind in ("FootnoteAreaBox", "MarginBox") or "::" in (getattr(box, "element_tag", "") or ""):
        return
    element = getattr(box, "element", None)
    if element is not None and SKIP_CLASSES & set((element.get("class") or "").split()):
        return
    if kind == "TextBox":
        yield box
        return
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


class _Finder:
    """Finds laid-out text in a stream's characters, moving forward only."""

    def __init__(self, stream: Stream):
        self.text = "".join(stream.chars)
        self.at = 0

    def find(self, laid_out: str) -> int | None:
        wanted = "".join(c for c in laid_out if c not in WHITESPACE and c != "\u00ad")
        if not wanted:
            return None
        tries = [wanted] + ([wanted[:-1]] if len(wanted) > 1 and wanted[-1] in ADDED_HYPHENS else [])
        for t in tries:
            start = self.at if self.text.startswith(t, self.at) else self.text.find(t, self.at, self.at + WINDOW)
            if start >= 0:
                self.at = start + len(t)
                return start
        return None


def page_starts(laid_out: list, stream: Stream, first: int = 1) -> list[dict]:
    """For each of these pages (numbered from `first`), laid out from the HTML `stream` was read from: its number
    and where it begins (render/pages.py's place of its first word), or its number alone for a page without
    text of its own (a blank page, a page of notes run over)."""
    finder = _Finder(stream)
    out = []
    for number, page in enumerate(laid_out, first):
        top = None
        for box in _text_boxes(page._page_box):
            found = finder.find(box.text)
            if found is not None and top is None:
                top = found
        entry: dict = {"page": number}
        if top is not None:
            word = stream.char_word[top] + (0 if stream.word_starts[top] else 1)
            if word < len(stream.words):
                entry.update(stream.place(word))
        out.append(entry)
    return out


def index_targets(document, targets: list[str]) -> dict[str, int]:
    """The page of each place the index of names refers to (HTML and EPUB print those pages too)."""
    pages = anchor_pages(document)
    return {t: pages[t] for t in targets if t in pages}
