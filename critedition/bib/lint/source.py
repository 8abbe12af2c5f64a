"""The .bib file as the lint sees it: read once per version, parsed by bibtexparser v2, with line and column look-ups."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser import model

from ...diagnostics import Report
from ..library import Library

# bibtexparser logs every failed block at WARNING level; the lint reports them itself, with a hint.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


@dataclass
class BibFile:
    """One parse of a .bib file, with what the lint needs to give positions."""

    file: str  # the path as diagnostics show it
    text: str
    parsed: bibtexparser.Library
    lines: list[str] = field(default_factory=list)

    def col(self, line: int, pattern: re.Pattern | None = None) -> int:
        """1-based column where ``pattern`` (default: an entry's @) first matches on a 1-based line."""
        if not 0 < line <= len(self.lines):
            return 1
        text = self.lines[line - 1]
        if pattern is None:
            i = text.find("@")
            return i + 1 if i >= 0 else 1
        m = pattern.search(text)
        return m.start() + 1 if m else 1


def parse(text: str, file: str = "bibliography.bib") -> BibFile:
    """Parse .bib text with bibtexparser v2 (never raises on bad input: bad blocks become failed blocks)."""
    return BibFile(file, text, bibtexparser.parse_string(text), text.split("\n"))


def read(path: Path, report: Report, file: str | None = None) -> BibFile | None:
    """Read and parse a .bib file once per version of it; an unreadable file is BIB-012."""
    file = file or path.name
    try:
        stat = path.stat()
    except OSError as e:
        report.add("BIB-012", file, detail=e.strerror or str(e), fix="check the bibliography path in edition.yaml")
        return None
    try:
        return _read_cached(str(path), stat.st_mtime_ns, stat.st_size, file)
    except UnicodeDecodeError as e:
        raw = path.read_bytes()
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        report.add("BIB-012", file, line, col, detail=f"not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})",
                   fix="convert it once, e.g. iconv -f latin1 -t utf-8, or re-export it from Zotero as UTF-8")
    return None


@lru_cache(maxsize=1)
def _read_cached(path: str, _mtime: int, _size: int, file: str) -> BibFile:
    text = Path(path).read_bytes().decode("utf-8")
    # Newlines as Python's text mode reads them (a Windows or Zotero export's CRLF): the books' Library is
    # built from this parse, and field values must not carry a carriage return. Line numbers do not change.
    return parse(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), file)


def library(bib: BibFile) -> Library:
    """The edition's Library built from this parse, so a check parses the file once."""
    return Library._from_parsed(bib.parsed)


def block_line(block: model.Block) -> int:
    """The 1-based line a block (an entry, a comment, a failed block) starts on."""
    return (block.start_line or 0) + 1


def field_line(f: model.Field) -> int:
    """The 1-based line a field starts on."""
    return (f.start_line or 0) + 1


def field_re(name: str) -> re.Pattern:
    """Where the field ``name`` is written on its line (for the column of a diagnostic)."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}\s*=", re.I)
