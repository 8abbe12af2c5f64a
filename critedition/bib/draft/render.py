"""Draft works written as biblatex entries, each under a ``%`` comment citing the reference it was read from."""

from __future__ import annotations

import textwrap

from . import values
from .work import RAW_FIELDS, Work

# The order the house bibliography writes fields in.
ORDER = ("author", "bookauthor", "editor", "translator", "title", "subtitle", "origtitle", "booktitle", "booksubtitle",
         "journaltitle", "journalsubtitle", "entrysubtype", "volume", "number", "issue", "edition", "howpublished",
         "origdate", "publisher", "location", "date", "pages", "url", "crossref", "xref", "langid", "note")
_WIDTH = 100


def render(drafts: list[Work], essay: str = "") -> str:
    """The drafts as biblatex text, one blank line between entries."""
    return "\n".join(entry(w, essay) for w in drafts)


def entry(work: Work, essay: str = "") -> str:
    fields = {name: _value(name, v) for name, v in work.fields.items() if v}
    if work.parent is not None:
        fields["crossref"] = work.parent.key
    elif work.parent_key:
        fields["crossref"] = work.parent_key
    names = [n for n in ORDER if n in fields] + sorted(n for n in fields if n not in ORDER)
    names.append("keywords")
    fields["keywords"] = "draft"
    width = max(len(n) for n in names)
    lines = comment(work, essay)
    lines.append(f"@{work.type}{{{work.key},")
    lines.extend(f"  {n.ljust(width)} = {{{fields[n]}}}," for n in names)
    lines.append("}")
    return "\n".join(lines) + "\n"


def comment(work: Work, essay: str = "") -> list[str]:
    """The evidence comment: where the reference was read, its words, and where the work is cited again.
    An ``@`` would start an entry for BibTeX readers, so it is written "(at)"."""
    command = "edition bib draft" if work.origin.note is not None else "edition bib import"
    head = f"Draft ({command}) from {work.origin.describe(essay)}:"
    quoted = textwrap.wrap(f"“{work.origin.text}”", _WIDTH - 4, break_long_words=False, break_on_hyphens=False)
    lines = [head] + [f"  {q}" for q in quoted]
    again = list(dict.fromkeys(o.brief() for o in work.also if o.brief() != work.origin.brief()))
    if again:
        lines += textwrap.wrap(f"Also in {', '.join(again)}.", _WIDTH - 2)
    lines.append("Review it against the work, then remove draft from keywords.")
    return ["% " + line.replace("@", "(at)") for line in lines]


def _value(name: str, value: str) -> str:
    return value if name in RAW_FIELDS else values.escape(value)
