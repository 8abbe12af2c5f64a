"""A witness pandoc reads (Markdown, HTML, Word) as the draft's blocks: its text, markup, notes and positions.

Pandoc's readers give the structure (paragraphs, headings, quotations, lists, notes, emphasis) but no source
positions: each word is found again, in order, in the witness's source (critedition.witness.locate), and
segments record where. Markup the edition does not print is dropped only as the essay declares
(critedition.witness.drops)."""

from __future__ import annotations

import re
from typing import Protocol

import panflute as pf

from .drops import EXTERNAL, SHORTCODE, Drops, shortcode_pattern, shortcodes_as_text
from .locate import Cursor, Source
from .model import Block, Draft, Seg

MARKS = {pf.Emph: "emph", pf.Strong: "strong", pf.SmallCaps: "smallcaps", pf.Superscript: "superscript",
         pf.Subscript: "subscript", pf.Strikeout: "strikeout", pf.Underline: "underline"}
UNSUPPORTED = {pf.CodeBlock: "a code block", pf.Table: "a table", pf.DefinitionList: "a definition list",
               pf.LineBlock: "a line block"}
PREVIEW = 80  # characters of dropped text the textual notes quote


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW - 1] + "…"


class NoteFinder(Protocol):
    """Where a witness keeps its notes: how to find a note's call and its text in the source."""

    def call(self, cursor: Cursor) -> tuple[int, int]: ...  # the call's [start, end) in the source

    def content(self, cursor: Cursor, note: pf.Note) -> Cursor: ...  # a cursor at the note's text


class Walker:
    """Turns a pandoc Doc into the draft's blocks, each word located in the source from `body` on."""

    def __init__(self, draft: Draft, source: Source, body: Cursor, notes: NoteFinder):
        self.draft, self.source, self.body, self.notes = draft, source, body, notes
        self.drops = Drops(draft)
        self.endnotes: list[Block] = []
        self.base = 2  # the witness's highest heading level, printed as the essay's sections (level 2)
        self.silent = 0  # inside markup being dropped: its words are passed, nothing is reported
        self.exact: Seg | None = None  # the last segment whose text is the source's, which the next may extend

    # -- blocks ----------------------------------------------------------------------------------------

    def run(self, doc: pf.Doc) -> None:
        blocks = list(doc.content)
        if blocks and isinstance(blocks[0], pf.Header) and blocks[0].level == 1:
            title = blocks.pop(0)  # the witness's title, as a heading of its own: the essay's title
            self.draft.blocks.append(Block("title", self.inlines(title.content, self.body)))
            self.draft.meta.setdefault("title", self.draft.blocks[-1].text)
        levels = [h.level for h in _headers(blocks)]
        self.base = min(levels, default=2)
        for b in blocks:
            self.block(b, "para", 0)
        self.draft.blocks += self.endnotes
        self.drops.report_unused()

    def block(self, el: pf.Block, kind: str, depth: int) -> None:
        line = self.first_line(el)
        if line and self.drops.find("lines", str(line)) and not self.silent:
            self.dropped(el, self.drops.take("lines", str(line), line, 1, short(pf.stringify(el))))
            return
        if isinstance(el, (pf.Para, pf.Plain)):
            self.paragraph(el, kind, depth)
        elif isinstance(el, pf.Header):
            segs = self.inlines(el.content, self.body)
            self.add(Block("heading", segs, level=max(2, el.level - self.base + 2)))
        elif isinstance(el, pf.BlockQuote):
            for child in el.content:
                self.block(child, "quote", depth)
        elif isinstance(el, (pf.BulletList, pf.OrderedList)):
            self.items(el, depth + 1)
        elif isinstance(el, pf.Div):
            cls = next((c for c in el.classes if self.drops.find("class", c)), None)
            if cls is not None and not self.silent:
                self.dropped(el, self.drops.take("class", cls, line, 1, short(pf.stringify(el))))
            elif not self.silent and _is_page_chrome(el):  # a web page's furniture: not the author's text
                self.unknown(f"a division of class {el.classes[0]!r}", "class", el.classes[0], line)
                self.dropped(el, None)
            else:
                for child in el.content:
                    self.block(child, kind, depth)
        elif isinstance(el, pf.HorizontalRule):
            self.add(Block("rule", []))
        elif isinstance(el, pf.Figure):
            self.construct(el, "image", _image_url(el), "an image", line)
        elif isinstance(el, pf.RawBlock):
            self.construct(el, "raw", el.format, f"raw {el.format} markup", self.raw_line(el.text))
        elif isinstance(el, pf.Null):
            return
        else:
            what = UNSUPPORTED.get(type(el), f"a {type(el).__name__}")
            start = line or self.code_line(el) or self.source.position(self.body.pos)[0]
            end = start + pf.stringify(el).count("\n")
            self.construct(el, "lines", str(start), what, start, f"{start}-{end}")

    def add(self, block: Block) -> None:
        if not self.silent:
            self.draft.blocks.append(block)

    def construct(self, el: pf.Element, selector: str, value: str, what: str, line: int, declare: str = "") -> None:
        """Markup the edition does not print: dropped as declared, else a diagnostic."""
        if self.silent:
            return self.passed(el, self.body)
        ref = self.drops.take(selector, value, line, 1, short(pf.stringify(el)) or f"{what} {value}")
        if ref is None:
            self.unknown(what, selector, declare or value, line)
        self.dropped(el, ref)

    def dropped(self, el: pf.Element, ref: int | None) -> None:
        """A whole block that is not printed: its words are passed in the source, a placeholder keeps its place."""
        line, col = self.source.position(self.body.pos)
        self.passed(el, self.body)
        if ref is not None:
            iv = self.draft.interventions[ref]
            self.add(Block("dropped", [Seg("", iv.line or line, iv.col or col, iv.witness, "drop", ref)]))

    def passed(self, el: pf.Element, cursor: Cursor) -> None:
        """Markup being dropped: its words are passed in the source, and nothing in it is reported."""
        self.silent += 1
        try:
            if isinstance(el, pf.Block) and not isinstance(el, (pf.Para, pf.Plain, pf.Header)):
                for child in _children(el):
                    self.block(child, "para", 0) if isinstance(child, pf.Block) else self.inlines([child], cursor)
            elif hasattr(el, "content"):
                self.inlines(list(el.content), cursor)
        finally:
            self.silent -= 1

    def unknown(self, what: str, selector: str, value: str, line: int) -> None:
        if not self.silent:
            self.drops.unknown(what, selector, value, line, 1 if line else 0)

    def first_line(self, el: pf.Element) -> int:
        """The witness line a block starts on (its first word, looked for without moving the cursor), or 0."""
        first = next((e.text for e in walk(el) if isinstance(e, pf.Str)), None)
        if first is None:
            return 0
        found = Cursor(self.body.view, self.body.pos, self.body.end).find(first)
        return self.source.position(found[0])[0] if found else 0

    def shortcode_at(self, name: str, start: int, line: int, col: int) -> tuple[int, int]:
        """Where a paragraph that is a shortcode opens, looked for from `start`, before the paragraph: its words
        are not found as words when pandoc read `{{<name ...>}}` as an HTML tag, which the searchable view masks."""
        m = shortcode_pattern(name).search(self.source.text, start)
        if m is None:
            return line, col
        return self.source.position(m.start())

    def code_line(self, el: pf.Element) -> int:
        """The line a code block starts on (its first line of text, looked for ahead; an indented block of a
        page's HTML is one), the cursor moved past its last line; 0 if not found."""
        if not isinstance(el, pf.CodeBlock):
            return 0
        lines = [ln.strip() for ln in el.text.splitlines()]
        first = next((ln for ln in lines if ln), "")
        at = self.source.text.find(first, self.body.pos) if first else -1
        if at < 0:
            return 0
        last = self.source.text.find(lines[-1], at) if lines[-1] else -1
        self.body.pos = max(self.body.pos, last + len(lines[-1]) if last >= 0 else at + len(first))
        return self.source.position(at)[0]

    def raw_line(self, text: str) -> int:
        at = self.source.text.find(text.strip()[:40], self.body.pos)
        return self.source.position(at)[0] if at >= 0 else 0

    def paragraph(self, el: pf.Block, kind: str, depth: int, n: int = 0) -> None:
        start = self.body.pos
        segs = self.inlines(shortcodes_as_text(list(el.content)), self.body)
        text = "".join(s.text for s in segs)
        whole = SHORTCODE.fullmatch(text.strip())
        if whole:  # a paragraph that is a shortcode: the site's markup, not the author's text
            line, col = self.shortcode_at(whole.group(1), start, segs[0].line, segs[0].col)
            if not self.silent:
                ref = self.drops.take("shortcode", whole.group(1), line, col, text.strip())
                if ref is None:
                    self.unknown(f"the Hugo shortcode {whole.group(1)!r}", "shortcode", whole.group(1), line)
                else:
                    self.add(Block("dropped", [Seg("", line, col, text.strip(), "drop", ref)]))
            return
        for m in reversed(list(SHORTCODE.finditer(text))):
            segs = self.cut_shortcode(segs, m)
        if any(s.text.strip() for s in segs):
            self.add(Block(kind, segs, level=depth, n=n))
        elif segs:  # only markup that was dropped (an image on its own): nothing to number
            self.add(Block("dropped", [s for s in segs if s.kind == "drop"]))

    def cut_shortcode(self, segs: list[Seg], m: re.Match[str]) -> list[Seg]:
        """A shortcode inside a paragraph: its text goes, as declared, a drop segment marks its place."""
        out, off, ref, name = [], 0, None, m.group(1)
        for s in segs:
            a, b = off, off + len(s.text)
            off = b
            if b <= m.start() or a >= m.end() or s.kind != "witness":
                out.append(s)
                continue
            if ref is None:
                line, col = s.line, s.col + max(m.start() - a, 0)
                ref = -1
                if not self.silent:
                    found = self.drops.take("shortcode", name, line, col, m.group(0))
                    if found is None:
                        self.unknown(f"the Hugo shortcode {name!r}", "shortcode", name, line)
                    else:
                        ref = found
                        out.append(Seg("", line, col, m.group(0), "drop", found, list(s.marks)))
            if a < m.start():
                out.append(Seg(s.text[: m.start() - a], s.line, s.col, marks=list(s.marks)))
            if b > m.end():
                cut = m.end() - a
                out.append(Seg(s.text[cut:], s.line, s.col + cut, marks=list(s.marks)))
        return out

    def items(self, el: pf.Block, depth: int) -> None:
        start = el.start if isinstance(el, pf.OrderedList) else 0
        for i, item in enumerate(el.content):
            first = True
            for child in item.content:
                if isinstance(child, (pf.Para, pf.Plain)) and first:
                    self.paragraph(child, "item", depth, start + i if start else 0)
                    first = False
                elif isinstance(child, (pf.Para, pf.Plain)) and self.draft.blocks and not self.silent:
                    last = self.draft.blocks[-1]  # a further paragraph of the item: after a line break
                    segs = self.inlines(child.content, self.body)
                    last.segs += [Seg(" ", segs[0].line, segs[0].col, "\n\n", "break")] + segs if segs else []
                else:
                    self.block(child, "item", depth)

    # -- inlines ---------------------------------------------------------------------------------------

    def inlines(self, elems, cursor: Cursor, marks: tuple[str, ...] = ()) -> list[Seg]:
        segs: list[Seg] = []
        for el in elems:
            segs += self.inline(el, cursor, marks, segs)
        return segs

    def inline(self, el: pf.Inline, cursor: Cursor, marks: tuple[str, ...], before: list[Seg]) -> list[Seg]:
        if isinstance(el, pf.Str):
            return self.text(el.text, cursor, marks, before)
        if isinstance(el, pf.Space):
            at, exact = cursor.space()
            return self.seg(" ", at, exact, marks, before)
        if isinstance(el, (pf.SoftBreak, pf.LineBreak)):
            line, col = self.source.position(cursor.line_end())
            self.exact = None
            kind = "linebreak" if isinstance(el, pf.SoftBreak) else "break"
            return [Seg(" ", line, col, "\n", kind, marks=list(marks))]
        if type(el) in MARKS:
            return self.inlines(el.content, cursor, marks + (MARKS[type(el)],))
        if isinstance(el, pf.Code):
            return self.text(el.text, cursor, marks + ("code",), before)
        if isinstance(el, pf.Link):
            return self.link(el, cursor, marks)
        if isinstance(el, pf.Note):
            return self.note(el, cursor, marks)
        if isinstance(el, pf.Quoted):
            q = ("“", "”") if el.quote_type == "DoubleQuote" else ("‘", "’")
            inner = self.inlines(el.content, cursor, marks)
            line, col = (inner[0].line, inner[0].col) if inner else self.source.position(cursor.pos)
            return [Seg(q[0], line, col, marks=list(marks)), *inner, Seg(q[1], line, col, marks=list(marks))]
        if isinstance(el, pf.Span):
            cls = next((c for c in el.classes if self.drops.find("class", c)), None)
            if cls is None:
                return self.inlines(el.content, cursor, marks + (("smallcaps",) if "smallcaps" in el.classes else ()))
            return self.inline_drop(el, cursor, "class", cls, pf.stringify(el), f"a span of class {cls!r}")
        if isinstance(el, pf.Image):
            return self.inline_drop(el, cursor, "image", el.url, f"image {el.url}", "an image")
        if isinstance(el, pf.RawInline):
            return self.inline_drop(el, cursor, "raw", el.format, el.text, f"raw {el.format} markup")
        if isinstance(el, pf.Math):
            return self.inline_drop(el, cursor, "raw", "tex", el.text, "a formula")
        if isinstance(el, pf.Cite):
            return self.inlines(el.content, cursor, marks)
        return []

    def text(self, text: str, cursor: Cursor, marks: tuple[str, ...], before: list[Seg]) -> list[Seg]:
        found = cursor.find(text)
        at, exact = (found[0], found[2]) if found else (cursor.pos, False)
        return self.seg(text, at, exact, marks, before)

    def seg(self, text: str, at: int, exact: bool, marks: tuple[str, ...], before: list[Seg]) -> list[Seg]:
        """A run of text at source offset `at`; it extends the last segment when both are the source's text."""
        line, col = self.source.position(at)
        prev = before[-1] if before else None
        if exact and prev is not None and prev is self.exact and tuple(prev.marks) == marks \
                and prev.line == line and prev.col + len(prev.text) == col:
            prev.text += text
            return []
        seg = Seg(text, line, col, marks=list(marks))
        self.exact = seg if exact else None
        return [seg]

    def link(self, el: pf.Link, cursor: Cursor, marks: tuple[str, ...]) -> list[Seg]:
        if EXTERNAL.match(el.url):
            return self.inlines(el.content, cursor, marks + (f"link {el.url}",))
        words = self.inlines(el.content, cursor, marks)  # a link into the witness's site: its words stay
        if self.silent:
            return words
        line, col = (words[-1].line, words[-1].col + len(words[-1].text)) if words else self.source.position(cursor.pos)
        ref = self.drops.take("link", el.url, line, col, el.url, pf.stringify(el))
        if ref is None:
            self.unknown(f"a link to {el.url!r}, outside the edition", "link", "relative", line)
            return words
        self.exact = None
        return words + [Seg("", line, col, el.url, "drop", ref, list(marks))]

    def inline_drop(self, el: pf.Inline, cursor: Cursor, selector: str, value: str, witness: str,
                    what: str) -> list[Seg]:
        line, col = self.source.position(cursor.pos)
        self.passed(el, cursor)
        if self.silent:
            return []
        ref = self.drops.take(selector, value, line, col, short(witness))
        if ref is None:
            self.unknown(what, selector, value, line)
            return []
        self.exact = None
        return [Seg("", line, col, short(witness), "drop", ref)]

    def note(self, el: pf.Note, cursor: Cursor, marks: tuple[str, ...]) -> list[Seg]:
        start, end = self.notes.call(cursor)
        line, col = self.source.position(start)
        inner = self.notes.content(cursor, el)
        self.exact = None
        segs: list[Seg] = []
        for b in el.content:
            for para in _paragraphs(b):
                if segs:
                    segs.append(Seg(" ", *self.source.position(inner.pos), "\n\n", "break"))
                    self.exact = None
                segs += self.inlines(para.content, inner)
        self.exact = None  # the call stands between the text before it and after it
        if self.silent:
            return []
        n = len(self.endnotes) + 1
        self.endnotes.append(Block("note", segs, n=n))
        return [Seg("", line, col, self.source.text[start:end], "call", note=n, marks=list(marks))]


def walk(el: pf.Element):
    """Every element under `el`, in document order."""
    yield el
    for child in _children(el):
        yield from walk(child)


def _children(el: pf.Element) -> list[pf.Element]:
    """The elements directly under `el` (a list's items' blocks, a table's cells' blocks)."""
    if isinstance(el, pf.Table):
        return [c for row in _walk_table(el) for c in row]
    if isinstance(el, (pf.BulletList, pf.OrderedList)):
        return [b for item in el.content for b in item.content]
    if isinstance(el, pf.DefinitionList):
        return [b for item in el.content for d in item.definitions for b in d.content]
    content = getattr(el, "content", None)
    return list(content) if content is not None else []


def _walk_table(table: pf.Table) -> list[list[pf.Element]]:
    rows = []
    for part in [table.head, *table.content, table.foot]:
        for row in getattr(part, "content", []):
            rows.append([b for cell in row.content for b in cell.content])
    return rows


def _headers(blocks: list[pf.Block]) -> list[pf.Header]:
    return [e for b in blocks for e in walk(b) if isinstance(e, pf.Header)]


def _paragraphs(block: pf.Block) -> list[pf.Block]:
    """A note's paragraphs, also those inside its quotations and lists (a note is printed as one paragraph)."""
    if isinstance(block, (pf.Para, pf.Plain, pf.Header)):
        return [block]
    return [p for child in _children(block) if isinstance(child, pf.Block) for p in _paragraphs(child)]


def _image_url(fig: pf.Figure) -> str:
    return next((e.url for e in walk(fig) if isinstance(e, pf.Image)), "")


def _is_page_chrome(div: pf.Div) -> bool:
    """A division a web page wraps around its own furniture (navigation, sharing), judged by its class names."""
    return any(re.search(r"share|social|nav|menu|footer|header|sidebar|comment", c, re.I) for c in div.classes)
