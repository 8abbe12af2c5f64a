"""Ingest profile for The Anarchist Library's plain text: header, contents list, one paragraph per line, endnotes."""

from __future__ import annotations

import re

from ..model import Block, Draft, Seg
from ..stages import configured_metadata, emend, number, read_witness
from ..typography import typography

HEADER_FIELDS = ("Title", "Author", "Date", "Source")  # required
# Header fields the edition prints (the essay's title block, the note on the text); any other is WIT-005.
PRINTED_FIELDS = ("title", "subtitle", "author", "date", "source")
NOTE_DEF = re.compile(r"^\[(\d{1,3})\]\s*")
# The contents lines are indented with spaces and non-breaking spaces.
INDENT = re.compile(r"^[ \u00a0\t]+")


def header(draft: Draft) -> Draft:
    """Move the Title/Subtitle/Author/Date/Source header into metadata; it is not body text."""
    i = 0
    while i < len(draft.lines) and draft.lines[i].strip():
        m = re.match(r"^(\w+):\s*(.*)$", draft.lines[i])
        if not m:
            break
        draft.meta[m.group(1).lower()] = (m.group(2).strip(), i + 1)
        if m.group(1).lower() not in PRINTED_FIELDS:
            draft.error("WIT-005", i + 1, field=m.group(1))
        i += 1
    for f in HEADER_FIELDS:
        if f.lower() not in draft.meta:
            draft.error("WIT-004", 1, field=f)
    draft.meta["_body_start"] = i
    return draft


def contents(draft: Draft) -> Draft:
    """Read the indented contents list after the header; its entries name the section headings."""
    i = draft.meta.get("_body_start", 0)
    while i < len(draft.lines):
        line = draft.lines[i]
        if not line.strip():
            i += 1
            continue
        if not INDENT.match(line):
            break
        draft.contents.append(line.strip())
        i += 1
    draft.meta["_body_start"] = i
    return draft


def paragraphs(draft: Draft) -> Draft:
    """One non-empty line is one paragraph; contents titles are headings; trailing [n] lines are endnotes."""
    titles = set(draft.contents)
    found: set[str] = set()
    configured_quotes = set(draft.essay.settings.block_quotes)
    prev_text = ""
    for idx in range(draft.meta.get("_body_start", 0), len(draft.lines)):
        line = draft.lines[idx]
        if not line.strip():
            continue
        lineno = idx + 1
        m = NOTE_DEF.match(line)
        if m:
            body = line[m.end():].rstrip()
            draft.blocks.append(Block("note", [Seg(body, lineno, m.end() + 1)], n=int(m.group(1))))
            continue
        text = line.rstrip()
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if text in titles:
            draft.blocks.append(Block("heading", [Seg(text, lineno, lead + 1)], level=2))
            found.add(text)
        else:
            # A quotation set off after a colon is a block quotation in the source's layout.
            quote = lineno in configured_quotes or (text.startswith("“") and prev_text.endswith(":"))
            draft.blocks.append(Block("quote" if quote else "para", [Seg(text, lineno, lead + 1)]))
        prev_text = text
    for t in draft.contents:
        if t not in found:
            draft.error("ING-006", draft.meta.get("_body_start", 0), title=t)
    return draft


def metadata(draft: Draft) -> Draft:
    """Settle the essay's metadata: the witness header, completed or overridden by the configuration."""
    meta = {k: v[0] for k, v in draft.meta.items() if not k.startswith("_")}
    meta.update(configured_metadata(draft))
    draft.meta = {**meta, "_body_start": draft.meta.get("_body_start", 0)}
    return draft


STAGES = [read_witness, header, contents, paragraphs, metadata, emend, typography, number]
