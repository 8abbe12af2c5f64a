"""Ingest profile for a web page (HTML): pandoc's HTML reader, positions line:col found again in the page's source.

Pandoc's reader gives no positions: each word it reads is looked for, in order, in the page with its tags
masked; notes (pandoc's own footnote markup) are found by their first words after the text."""

from __future__ import annotations

import re

from ..locate import Cursor, Source, mask, matches
from ..model import Draft
from ..reading import SearchNotes, from_doc, metadata, read_doc, to_blocks
from ..stages import emend, number, read_witness
from ..typography import typography

# Raw markup pandoc does not turn into text (buttons, scripts, frames) is kept as such, to be dropped as
# declared or reported, never lost in silence.
READER = "html+raw_html"
MARKUP = (re.compile(r"<!--[\s\S]*?-->"), re.compile(r"<(script|style|head)\b[\s\S]*?</\1\s*>", re.I),
          re.compile(r"<[^>]*>"))
BODY = re.compile(r"<body\b[^>]*>", re.I)


def structure(draft: Draft) -> Draft:
    """pandoc reads the page; its title and <meta> give the metadata, its blocks the draft's."""
    text = "\n".join(draft.lines)
    source = Source(text)
    view = mask(text, matches(text, *MARKUP))
    body = BODY.search(text)
    doc = read_doc(draft, text.encode("utf-8"), READER, "HTML")
    if doc is not None:
        to_blocks(draft, doc, source, Cursor(view, body.end() if body else 0), SearchNotes(view))
        from_doc(draft, doc)
    return draft


STAGES = [read_witness, structure, metadata, emend, typography, number]
