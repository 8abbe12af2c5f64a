"""Ingest profile for pandoc Markdown: YAML front matter as metadata, `[^n]` footnotes as notes, file:line:col.

Pandoc's Markdown reader gives no source positions (and its CommonMark reader, which does, can exhaust memory
on an ordinary essay), so each word pandoc reads is found again in the file (critedition.witness.locate)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import panflute as pf
import yaml

from ..locate import WINDOW, Cursor, Source, mask, matches
from ..model import Draft
from ..reading import metadata, meta_value, read_doc, to_blocks
from ..stages import emend, number, read_witness
from ..typography import typography

# pandoc's Markdown, less what would turn an essay's text into something else without a word: `@name` into a
# citation, `$5 and $10` into a formula, TeX macro definitions, a `%` title block, YAML blocks in the text.
READER = ("markdown-smart-citations-tex_math_dollars-latex_macros-pandoc_title_block-yaml_metadata_block")
FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*")
CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# Markup whose characters are never words of the text: link and image addresses, reference definitions,
# HTML tags and comments (but not <https://...> autolinks, whose address is their text).
MARKUP = (re.compile(r"(?<=\])\((?:[^()\n]|\([^()\n]*\))*\)"), re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:.*$", re.M),
          re.compile(r"<!--[\s\S]*?-->"), re.compile(r"(?<!\{\{)</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"))


def front_matter(draft: Draft) -> Draft:
    """A YAML front matter block (between `---` lines at the top) gives the essay's metadata; it is not text."""
    draft.meta["_body_start"] = 0
    lines = draft.lines
    if not lines or lines[0].rstrip() != "---":
        return draft
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        draft.error("WIT-007", 1, 1)
        draft.stop = True
        return draft
    text = "\n".join(lines[1:end])
    try:
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=yaml.SafeLoader)):
            raise yaml.YAMLError("aliases (&anchor, *alias) are not allowed")
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        draft.error("WIT-008", (mark.line + 2) if mark else 1, (mark.column + 1) if mark else 0,
                    detail=" ".join(str(getattr(e, "problem", None) or e).split()))
        draft.stop = True
        return draft
    if data is not None and not isinstance(data, dict):
        draft.error("WIT-008", 2, 1, detail=f"it is a {type(data).__name__}, not a mapping of keys")
        draft.stop = True
        return draft
    data = data or {}
    for key in ("title", "subtitle", "date", "source"):
        if data.get(key) is not None:
            draft.meta[key] = meta_value(data[key])
    authors = data.get("author", data.get("authors"))
    if authors:
        draft.meta["author"] = meta_value(authors)
    draft.meta["_body_start"] = end + 1
    return draft


@dataclass
class Footnotes:
    """A witness's footnote definitions (label -> (line, start of its text, end) of each, in order) and calls."""

    defs: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # (line, text start, end)
    calls: dict[str, list[int]] = field(default_factory=dict)  # label -> offsets
    spans: list[tuple[int, int]] = field(default_factory=list)  # every definition's [start, end)


def _definitions(source: Source, lines: list[str], first: int) -> Footnotes:
    notes = Footnotes()
    i = first
    while i < len(lines):
        m = DEF.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not DEF.match(lines[j]):
            if lines[j].strip():
                if lines[j].startswith(("    ", "\t")) or lines[j - 1].strip():  # indented, or a lazy line
                    j += 1
                    continue
                break
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and lines[k].startswith(("    ", "\t")):
                j = k
                continue
            break
        start, end = source.offset(i + 1), source.offset(j + 1) if j < len(lines) else len(source.text)
        notes.defs.setdefault(m.group(1), []).append((i + 1, start + m.end(), end))
        notes.spans.append((start, end))
        i = j
    return notes


def footnotes(draft: Draft) -> Draft:
    """Check the footnotes before pandoc reads them (it silently keeps the last of two definitions, drops a note
    never called and prints a call with no note as text): NOTE-001 to NOTE-004, at their file:line:col."""
    text = "\n".join(draft.lines)
    source = Source(text)
    start = draft.meta.get("_body_start", 0)
    notes = _definitions(source, draft.lines, start)
    body = mask(text, notes.spans + [(0, source.offset(start + 1))])
    for m in CALL.finditer(body):
        notes.calls.setdefault(m.group(1), []).append(m.start())
    for label, found in notes.defs.items():
        for line, _, _ in found[1:]:
            draft.error("NOTE-003", line, 1, n=f"^{label}", other=found[0][0])
        if label not in notes.calls:
            draft.error("NOTE-002", found[0][0], 1, n=f"^{label}")
    for label, offsets in notes.calls.items():
        first = source.position(offsets[0])
        if label not in notes.defs:
            draft.error("NOTE-001", *first, n=f"^{label}")
        for off in offsets[1:]:
            draft.error("NOTE-004", *source.position(off), n=f"^{label}", other=first[0])
    return draft


class MarkdownNotes:
    """A call `[^label]` in the text; the note's text where `[^label]:` defines it (the last definition, as pandoc).

    The call is looked for near the body's cursor, as every word is; if it is not there (a word before it was
    found too far on, past the call), it is the first call after the last one taken, and the cursor is put
    back in step after it."""

    def __init__(self, view: str, notes: Footnotes):
        self.view, self.notes, self.label, self.taken = view, notes, "", 0

    def call(self, cursor: Cursor) -> tuple[int, int]:
        m = CALL.search(cursor.view, max(cursor.pos, self.taken), max(cursor.pos, self.taken) + WINDOW)
        if m is None or m.group(1) not in self.notes.defs:
            m = next((c for c in CALL.finditer(cursor.view, self.taken) if c.group(1) in self.notes.defs), None)
        if m is None:
            self.label = ""
            return cursor.pos, cursor.pos
        cursor.pos, self.label, self.taken = m.end(), m.group(1), m.end()
        return m.start(), m.end()

    def content(self, cursor: Cursor, note: pf.Note) -> Cursor:
        found = self.notes.defs.get(self.label)
        if not found:
            return Cursor(self.view, cursor.pos)
        _, start, end = found[-1]
        return Cursor(self.view, start, end)


def structure(draft: Draft) -> Draft:
    """pandoc reads the text (the front matter blanked, so that lines keep their numbers); its blocks become the
    draft's, every word located in the file."""
    start = draft.meta.get("_body_start", 0)
    text = "\n".join(draft.lines)
    source = Source(text)
    notes = _definitions(source, draft.lines, start)
    data = "\n" * start + "\n".join(draft.lines[start:])
    view = mask(text, matches(text, *MARKUP) + [(0, source.offset(start + 1))])
    body = Cursor(mask(view, notes.spans), source.offset(start + 1))
    doc = read_doc(draft, data.encode("utf-8"), READER, "Markdown")
    if doc is not None:
        to_blocks(draft, doc, source, body, MarkdownNotes(view, notes))
    return draft


STAGES = [read_witness, front_matter, footnotes, structure, metadata, emend, typography, number]
