"""What the essays and the editorial text cite, against the bibliography: entries never cited (CITE-004)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ...config import relpath
from ...diagnostics import Report
from .source import BibFile, block_line
from .tables import LINK_FIELDS

# A Pandoc citation in Markdown: @key or [@key], not an e-mail address (a word character before the @).
_PANDOC_CITE = re.compile(r"(?<![\w.@])-?@(\{[^{}\s]+\}|[\w][\w:.#$%&+?<>~/-]*\w|\w)")


def editorial_citations(paths: Iterable[Path]) -> list[tuple[str, str, int, int]]:
    """(key, file, line, col) of each Pandoc citation in the editorial Markdown files ``paths``."""
    found = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        fence = False
        for n, line in enumerate(text.split("\n"), 1):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence  # code is not cited
            if fence:
                continue
            for m in _PANDOC_CITE.finditer(line):
                found.append((m.group(1).strip("{}"), relpath(path), n, m.start() + 1))
    return found


def usage(bib: BibFile, cited: dict[str, tuple[str, int, int]], report: Report, complete: bool = True,
          named: dict[str, tuple[str, str, int, int, str]] | None = None) -> None:
    """Entries no essay cites (CITE-004): exempt are further reading and what a cited entry links to. With
    `named` (key -> (essay, file, line, col, text) where an essay names the work but no citation was read),
    an uncited entry an essay names is CITE-008, at that place, and CITE-004 says no essay names it."""
    if not complete:
        return
    entries = {e.key: e for e in bib.parsed.entries}
    used = set(cited)
    todo = [k for k in used if k in entries]
    while todo:  # a cited chapter keeps its book (crossref), and an edition its other edition (related)
        e = entries[todo.pop()]
        for f in e.fields:
            if f.key.lower() in LINK_FIELDS:
                for target in (t.strip() for t in str(f.value).split(",")):
                    if target in entries and target not in used:
                        used.add(target)
                        todo.append(target)
    for key, e in entries.items():
        words = {w.strip().lower() for f in e.fields if f.key.lower() == "keywords" for w in str(f.value).split(",")}
        if key in used or "further-reading" in words:
            continue
        if named and key in named:
            essay, file, line, col, text = named[key]
            report.add("CITE-008", file, line, col, key=key, essay=essay, text=text)
        else:
            report.add("CITE-004", bib.file, block_line(e), bib.col(block_line(e)), key=key,
                       named="" if named is None else ", and no essay names it")
