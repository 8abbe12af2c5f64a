"""Print pages in every format: where each page of the print edition begins, as a place in the text the
HTML and the EPUB share, and the page-break markers and index page numbers made from it.

A place is a word: the n-th word after the start of an element with an id (a numbered paragraph, a
heading's section, a bibliography entry...), counted in the words every format prints alike (paragraph
numbers, note calls, the notes themselves and what only one format adds are left out of the count). The
print writer records, for the first word of each page, the few nearest such elements before it with the
word's offset from each, and the word itself with the next two; a format places the page's marker at the
first of those elements it has whose word there is that word. The record is build/cache/<book>.pages.json,
written by the PDF's build and read by the HTML's and the EPUB's (the build graph orders them so).
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

from ..outputs import write_if_changed

PAGES_FORMAT = 1
WHITESPACE = " \t\n\r\f"  # HTML's: a no-break space is part of a word
_RUNS = re.compile(f"[{WHITESPACE}]+|[^{WHITESPACE}]+")  # a text's runs of spaces and of other characters
BLOCKS = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main",
          "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text no two formats print alike: left out of the count.
SKIP_TAGS = {"head", "nav", "script", "style", "svg", "template", "title"}
SKIP_CLASSES = {"pnum", "note-body", "noteref", "fn-call", "em-witness", "not-in-print", "pagebreak"}
# A marker goes before the tags that open its word's block, but never out of these (a list item, a cell...),
# by tag or by role (a bibliography is a div of role list, whose entries are divs of role listitem).
CONTAINED = {"body", "caption", "dd", "dt", "li", "td", "th", "tr", "tbody", "thead", "tfoot"}
CONTAINED_ROLES = {"listitem", "row", "cell", "gridcell", "columnheader", "rowheader", "option", "treeitem"}
NEAREST = 6  # elements recorded before each page's first word
SAME_WORDS = 3  # words compared at a place


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word.replace("\u00ad", ""))


@dataclass
class Word:
    text: str
    start: int  # offset of its first character in the source
    insert_at: int  # where a marker before it goes: before the tags that open its block


@dataclass
class Stream:
    """The words of an HTML or XHTML document, the elements with ids (each with the index of the first word
    after its start and past its end), and the words' characters without spaces, for matching laid-out text."""
    words: list[Word] = field(default_factory=list)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (first word, end word)
    points: list[tuple[int, str]] = field(default_factory=list)  # (first word, id) in document order

    @cached_property
    def chars(self) -> list[str]:
        return [c for w in self.words for c in w.text]

    @cached_property
    def char_word(self) -> list[int]:
        """The word each character is of."""
        return [n for n, w in enumerate(self.words) for _ in w.text]

    @cached_property
    def word_starts(self) -> list[bool]:
        """Whether each character is its word's first."""
        return [i == 0 for w in self.words for i in range(len(w.text))]

    def text(self, start: int, count: int = SAME_WORDS) -> list[str]:
        return [_norm(w.text) for w in self.words[start:start + count]]

    def place(self, word: int) -> dict:
        """A word as a place: the nearest elements with ids before it (the latest first), its offset from
        each, the elements it is in, and its words."""
        i = bisect.bisect_right(self.points, (word, "\uffff"))
        near = [[ident, word - first] for first, ident in reversed(self.points[max(0, i - NEAREST):i])]
        within = [ident for first, ident in self.points[:i] if self.anchors[ident][1] > word]
        return {"at": near, "in": within, "words": self.text(word)}


class _Reader(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0, *(m.end() for m in re.finditer("\n", source))]
        self.out = Stream()
        self.stack: list[tuple[str, bool, str]] = []  # (tag, left out, id)
        self.skipping = 0
        self.in_word = False
        self.gap = 0  # where the current run of tags and spaces before a word began

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self._offset())

    def handle_startendtag(self, tag, attrs):
        at = self._offset()
        self._start(tag, attrs, at)
        if tag not in VOID:
            self._end(tag, at + len(self.get_starttag_text() or ""))

    def _start(self, tag, attrs, at):
        end = at + len(self.get_starttag_text() or "")
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        skip = (self.skipping > 0 or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
                or a.get("role") == "doc-pagebreak")
        if tag in BLOCKS:
            self.in_word = False
        if tag in VOID:
            return
        ident = a.get("id") or ""
        self.stack.append((tag, skip, ident if not skip else ""))
        if skip:
            self.skipping += 1
            return
        if ident and ident not in self.out.anchors:
            self.out.anchors[ident] = (len(self.out.words), len(self.out.words))
            self.out.points.append((len(self.out.words), ident))
        if tag in CONTAINED or a.get("role") in CONTAINED_ROLES:
            self.gap = end

    def handle_endtag(self, tag):
        at = self._offset()
        self._end(tag, at + len(self.source[at:self.source.index(">", at) + 1]))

    def _end(self, tag, end):
        left_out = self.skipping > 0  # the end of what is left out: the run of tags before a word goes on
        while self.stack:
            name, skipped, ident = self.stack.pop()
            if skipped:
                self.skipping -= 1
            elif ident:
                first = self.out.anchors[ident][0]
                self.out.anchors[ident] = (first, len(self.out.words))
            if name == tag:
                break
        if left_out:
            return
        if tag in BLOCKS:
            self.in_word = False
        self.gap = end

    def handle_data(self, data):
        if self.skipping:
            return
        at = self._offset()
        for m in _RUNS.finditer(data):
            run, start = m.group(), at + m.start()
            if run[0] in WHITESPACE:
                self._char(run[0], start, start + 1)  # the rest of the spaces change nothing
            elif "\u00ad" in run:
                for n, c in enumerate(run):
                    self._char(c, start + n, start + n + 1)
            else:
                self._word(run, start)

    def _word(self, run: str, at: int):
        """A run of a word's characters, none of them a space or a soft hyphen: what _char does for each."""
        if not self.in_word:
            self.out.words.append(Word("", at, min(self.gap, at)))
            self.in_word = True
        self.out.words[-1].text += run
        self.gap = at + len(run)

    def handle_entityref(self, name):
        self._ref(f"&{name};")

    def handle_charref(self, name):
        self._ref(f"&#{name};")

    def _ref(self, raw: str):
        if self.skipping:
            return
        at = self._offset()
        for c in html.unescape(raw):
            self._char(c, at, at + len(raw))

    def _char(self, c: str, at: int, after: int):
        out = self.out
        if c in WHITESPACE:
            if self.in_word:  # a space after a word; spaces between tags leave the run of tags whole
                self.gap = after
            self.in_word = False
            return
        if c == "\u00ad":  # a soft hyphen: no character of the printed text
            return
        if not self.in_word:
            out.words.append(Word("", at, min(self.gap, at)))
            self.in_word = True
        out.words[-1].text += c
        self.gap = after


def read(source: str) -> Stream:
    """The words of an HTML or XHTML document, with the places of its elements with ids."""
    reader = _Reader(source)
    reader.feed(source)
    reader.close()
    return reader.out


def book_hash(book_json: bytes) -> str:
    """Which text of a book a pagination is of: the cited book's JSON, which every format is made from."""
    return hashlib.sha256(book_json).hexdigest()


def save(path: Path, book: str, pages: list[dict], targets: dict[str, int]) -> None:
    """Write the pagination (rewritten only when it changes, so that what reads it is made again only then)."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    # One page a line: a change of layout reads as a diff of the pages it moved.
    text = (f'{{"format": {PAGES_FORMAT}, "book": {line(book)},\n"targets": {line(targets)},\n"pages": [\n'
            + ",\n".join(line(p) for p in pages) + "\n]}\n")
    write_if_changed(path, text)


def load(path: Path | None, book: str) -> dict | None:
    """The pagination of this text of the book, or None: none made yet, or of another text."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != PAGES_FORMAT or data.get("book") != book:
        return None
    return data


def locate(page: dict, streams: list[Stream]) -> tuple[int, int] | None:
    """Where a page begins in a format made of these documents: (document, word). At the first element
    recorded for it that the format has with the same words there; else at the start of an element the page
    begins with, whatever the format puts first in it (the EPUB's title page has the title above the authors);
    else None."""
    found = [(ident, offset, n, stream) for ident, offset in page.get("at", [])
             for n, stream in enumerate(streams) if ident in stream.anchors]
    for ident, offset, n, stream in found:
        word = stream.anchors[ident][0] + offset
        if stream.text(word) == page.get("words"):
            return n, word
    for ident, offset, n, stream in found:
        if offset == 0:
            return n, stream.anchors[ident][0]
    return None


def given_pages(refs: list[tuple[str, str]], pages: dict[str, int]) -> list[int | None]:
    """For each reference of the index (its group, one essay within one name, and its target), the page it
    gives: None where its target has no page, or the reference before it in its group gave that page already."""
    last: dict[str, int | None] = {}
    out: list[int | None] = []
    for group, target in refs:
        page = pages.get(target)
        out.append(None if page is None or last.get(group) == page else page)
        last[group] = page
    return out
