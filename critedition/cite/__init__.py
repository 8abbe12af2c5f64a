"""Citation recognition: pure functions that find citations in an essay's text and resolve them to keys.

``parse_shorthand`` (sigla, McKay), ``parse_note_refs`` (endnotes), ``parse_author_year`` (Price) and
``detect_sigla`` return plain data (``Match``, ``Cite``); nothing here touches panflute or pandoc.
"""

from critedition.cite.authoryear import parse_author_year
from critedition.cite.model import Cite, Context, Match, locator_text, to_markdown
from critedition.cite.notes import parse_note_refs
from critedition.cite.shorthand import parse_shorthand
from critedition.cite.sigla import detect_sigla

__all__ = [
    "Cite",
    "Context",
    "Match",
    "detect_sigla",
    "locator_text",
    "parse_author_year",
    "parse_note_refs",
    "parse_shorthand",
    "to_markdown",
]
