"""Where the words pandoc read lie in a witness's source: found again, in order, in the file's own text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

MASK = "\0"  # stands for markup in a searchable view of the source: never part of a word
# How far ahead a word is looked for: beyond it, a word pandoc read is taken not to be in the source as such.
WINDOW = 4000


class Source:
    """A witness's text, with its line starts: offsets to (line, column), both from 1."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def offset(self, line: int, col: int = 1) -> int:
        return self.starts[line - 1] + col - 1 if 0 < line <= len(self.starts) else len(self.text)


def mask(text: str, spans) -> str:
    """The text with every [start, end) span replaced by MASK characters (line ends kept), so that offsets stay
    those of the text and no word is found inside markup."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


def matches(text: str, *patterns: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of every match of the patterns, for `mask`."""
    return [m.span() for p in patterns for m in p.finditer(text)]


def tolerant(token: str) -> str:
    """A pattern for a word as markup may write it: any sign may be escaped (\\*) or written as an entity (&amp;)."""
    out = []
    for ch in token:
        if ch.isascii() and ch.isalnum():
            out.append(re.escape(ch))
        else:
            out.append(rf"(?:\\?{re.escape(ch)}|&#?\w+;)")
    return "".join(out)


def _plain(token: str) -> bool:
    """Whether markup writes the word only as it is (letters and digits: nothing to escape)."""
    return token.isascii() and token.isalnum()


@dataclass
class Cursor:
    """A reading position in a view of the source (the text, or it with markup masked), moving forward only."""

    view: str
    pos: int = 0
    end: int | None = None

    def find(self, token: str, window: int = WINDOW) -> tuple[int, int, bool] | None:
        """The next occurrence of a word: (start, end, exact), the cursor moved past it; None if not near."""
        stop = min(self.pos + window, len(self.view) if self.end is None else self.end)
        at = self.view.find(token, self.pos, stop)
        if at >= 0 and (at == self.pos or _plain(token)):
            self.pos = at + len(token)
            return at, self.pos, True
        # The word as markup writes it (\*, &amp;) may come first: an escaped "\*[rˤ]awk" in the text, the same
        # word plain in a figure's HTML further on.
        m = re.compile(tolerant(token)).search(self.view, self.pos, at + len(token) if at >= 0 else stop)
        if m is not None and at >= 0 and m.end() == at + len(token):  # the same word, perhaps after its escape
            self.pos = at + len(token)
            return at, self.pos, True
        if m is None:
            return None
        self.pos = m.end()
        return m.start(), m.end(), False

    def find_sequence(self, tokens: list[str]) -> int | None:
        """Where these words start, one after the other (markup between them), anywhere ahead; the cursor is
        not moved. For text the reader moves (a witness's notes, which HTML and Word keep apart)."""
        if not tokens:
            return None
        first = re.compile(tolerant(tokens[0]))
        follow = [re.compile(r"[^\w]{0,80}?" + tolerant(t)) for t in tokens[1:3]]
        start = self.pos
        while True:
            m = first.search(self.view, start)
            if m is None:
                return None
            at, ok = m.end(), True
            for f in follow:
                n = f.match(self.view, at)
                if n is None:
                    ok = False
                    break
                at = n.end()
            if ok:
                return m.start()
            start = m.start() + 1

    def space(self) -> tuple[int, bool]:
        """Where a Space pandoc read lies: (offset, exact), exact when it is one blank, which is passed."""
        at = self.pos
        if at < len(self.view) and self.view[at] == " ":
            self.pos += 1
            return at, True
        return at, False

    def line_end(self) -> int:
        """The next line end from the cursor (a soft line break), the cursor moved past it."""
        at = self.view.find("\n", self.pos)
        at = len(self.view) if at < 0 else at
        self.pos = at + 1
        return at
