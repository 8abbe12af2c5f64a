"""Lint the bibliography: syntax, keys, biblatex's required fields, suspicious values and links between entries."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

from ..diagnostics import Report

# bibtexparser logs every failed block at WARNING level; the lint reports them itself, with a hint.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

DATE = ("date", "year")
# biblatex manual §2.1.1: the fields each type requires; a tuple means "one of these".
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journaltitle",), DATE],
    "book": [("author", "editor"), ("title",), DATE],
    "mvbook": [("author", "editor"), ("title",), DATE],
    "inbook": [("author",), ("title",), ("booktitle",), DATE],
    "bookinbook": [("author",), ("title",), ("booktitle",), DATE],
    "suppbook": [("author",), ("title",), ("booktitle",), DATE],
    "booklet": [("author", "editor"), ("title",), DATE],
    "collection": [("editor",), ("title",), DATE],
    "mvcollection": [("editor",), ("title",), DATE],
    "reference": [("editor",), ("title",), DATE],
    "mvreference": [("editor",), ("title",), DATE],
    "incollection": [("author",), ("title",), ("booktitle",), DATE],
    "inreference": [("author",), ("title",), ("booktitle",), DATE],
    "suppcollection": [("author",), ("title",), ("booktitle",), DATE],
    "manual": [("author", "editor"), ("title",), DATE],
    "misc": [("author", "editor"), ("title",), DATE],
    "online": [("author", "editor"), ("title",), DATE, ("doi", "eprint", "url")],
    "patent": [("author",), ("title",), ("number",), DATE],
    "periodical": [("editor",), ("title",), DATE],
    "suppperiodical": [("author",), ("title",), ("journaltitle",), DATE],
    "proceedings": [("title",), DATE],
    "mvproceedings": [("title",), DATE],
    "inproceedings": [("author",), ("title",), ("booktitle",), DATE],
    "report": [("author",), ("title",), ("type",), ("institution",), DATE],
    "thesis": [("author",), ("title",), ("type",), ("institution",), DATE],
    "unpublished": [("author",), ("title",), DATE],
    "letter": [("author",), ("title",), DATE],
    "dataset": [("author", "editor"), ("title",), DATE],
    "software": [("author", "editor"), ("title",), DATE],
    "set": [], "xdata": [],
}
# BibTeX types biblatex accepts as aliases, and types it knows but does not require anything of.
ALIASES = {"conference": "inproceedings", "electronic": "online", "mastersthesis": "thesis", "phdthesis": "thesis",
           "techreport": "report", "www": "online"}
OTHER_TYPES = {"artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal", "movie",
               "music", "performance", "review", "standard", "video", "customa", "customb", "customc", "customd",
               "custome", "customf"}
# Words that, in an entry's note, say a missing field was looked for and is unknown (docs/bibliography.md).
GAP_WORDS = {"author": ("author",), "editor": ("editor",), "title": ("title",), "date": ("date", "year"),
             "year": ("date", "year"), "journaltitle": ("journal",), "booktitle": ("book", "volume", "collection")}
FIELD_NAMES = {"year": "date", "journal": "journaltitle", "address": "location", "school": "institution"}
# Fields biblatex reads verbatim: no LaTeX commands are interpreted in them.
VERBATIM = {"url", "doi", "eprint", "file", "verba", "verbb", "verbc", "pdf"}
DATE_FIELDS = {"date", "origdate", "eventdate", "urldate"}
LINK_FIELDS = ("crossref", "xref", "related", "xdata")
KEYWORDS = {"reconstructed", "further-reading"}
NOINHERIT = {"ids", "crossref", "xref", "entryset", "related", "relatedtype", "relatedoptions", "relatedstring",
             "shorthand", "sortkey", "label", "options", "presort", "execute", "entrysubtype", "shorttitle",
             "sorttitle", "indextitle", "indexsorttitle", "keywords", "note", "pages"}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

_EDTF_DAY = r"\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?:T[\d:]+Z?)?[?~%]?"
_DATE = re.compile(rf"(?:{_EDTF_DAY}|-\d{{1,4}})(?:/(?:{_EDTF_DAY}|\.\.)?)?|/{_EDTF_DAY}|\.\./{_EDTF_DAY}")
_YEAR = re.compile(r"-?\d{1,4}")
_PAGES = re.compile(r"(?<=[\dA-Za-z])\s*(?<!-)-(?!-)\s*(?=[\dA-Za-z])")
_COMMAND = re.compile(r"\\([A-Za-z]+|[^A-Za-z\s])")
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?\s*>")
_SCHEME = re.compile(r"\b(javascript|vbscript|data|file):", re.I)
_FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.M)
_SWALLOWED = re.compile(r"[}\"][ \t]*\r?\n[ \t]*([A-Za-z][\w-]*)[ \t]*=")
_WORD = re.compile(r"[^\W_]+")
_BRACE = re.compile(r"\\.|[{}]", re.S)  # an escaped character counts as neither brace
_ENTRY_HEAD = re.compile(r"@([A-Za-z]\w*)\s*[{(]\s*([^,\s{}()=\"]*)")

# Escapes that print their character, and commands pandoc renders (checked with pandoc 3.9 -f biblatex).
HARMLESS = set("&%$_#{} ,-/@;:!") | {"\\"}
RENDERED = {"emph", "textit", "textbf", "textsc", "textsl", "textup", "textnormal", "textsuperscript",
            "textsubscript", "mkbibquote", "enquote", "mkbibemph", "mkbibitalic", "mkbibbold", "texttt", "textrm",
            "textsf", "textmd", "dots", "ldots", "textendash", "textemdash", "nopunct", "adddot", "addcomma",
            "textquoteleft", "textquoteright", "textquotedblleft", "textquotedblright", "guillemotleft",
            "guillemotright", "S", "P", "textregistered", "texttrademark", "copyright", "pounds", "euro"}
# Commands that make links, images, citations or file reads: text from the bibliography must never do that.
UNSAFE = {"href": "a link", "url": "a link", "includegraphics": "an image", "input": "a file include",
          "include": "a file include", "verbatiminput": "a file include", "write": "a file write",
          "immediate": "a file write", "openout": "a file write", "cite": "a citation inside an entry",
          "citetitle": "a citation inside an entry", "nocite": "a citation inside an entry", "def": "a macro definition",
          "catcode": "a catcode change", "newcommand": "a macro definition"}
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
            "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323",
            "b": "\u0331"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}


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


def library(bib: BibFile):
    """The edition's Library built from this parse, so a check parses the file once."""
    from .library import Library

    return Library._from_parsed(bib.parsed)


# -- the lint ------------------------------------------------------------------------------------

def lint(bib: BibFile, report: Report) -> None:
    """Every problem that the file alone shows (not usage, which needs the essays)."""
    entries = {e.key: e for e in bib.parsed.entries}
    strings = {s.key.lower() for s in bib.parsed.strings} | MONTHS
    checked: list[model.Entry] = list(bib.parsed.entries)
    for block in bib.parsed.failed_blocks:
        extra = _failed(bib, block, report)
        if extra is not None:
            checked.append(extra)
    previous, last = None, None
    for block in bib.parsed.blocks:
        # Text right after a failed block is its own remains, already reported with it.
        if isinstance(block, model.ImplicitComment) and not isinstance(last, model.ParsingFailedBlock):
            _stray(bib, block, previous, report)
        elif isinstance(block, model.Entry):
            previous = block
        last = block
    for entry in checked:
        _entry(bib, entry, entries, strings, report)
    _same_works(bib, bib.parsed.entries, entries, report)


def lint_text(text: str, file: str = "bibliography.bib") -> Report:
    """Lint .bib text (for tests and tools): a Report, never an exception."""
    report = Report()
    lint(parse(text, file), report)
    return report


def _line(block) -> int:
    return (block.start_line or 0) + 1


def _failed(bib: BibFile, block: model.ParsingFailedBlock, report: Report) -> model.Entry | None:
    """Report a block bibtexparser could not take; return the entry inside it, if any, for the other checks."""
    line = _line(block)
    if isinstance(block, model.DuplicateBlockKeyBlock):
        report.add("BIB-002", bib.file, line, bib.col(line), key=block.key, first=_line(block.previous_block))
        entry = block.ignore_error_block
        if not isinstance(entry, model.Entry):
            return None
        # bibtexparser skipped its middleware for this block: remove the value delimiters as it would have.
        return RemoveEnclosingMiddleware(allow_inplace_modification=True).transform_entry(entry, bib.parsed)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        for name in sorted(block.duplicate_keys):
            same = [f for f in entry.fields if f.key == name]
            at = (same[-1].start_line or 0) + 1
            report.add("BIB-018", bib.file, at, bib.col(at, _field_re(name)), key=entry.key, field=name)
        return None  # its fields are checked once the duplicate is removed
    raw = block.raw or ""
    head = _ENTRY_HEAD.match(raw)
    what = f'entry "{head.group(2)}"' if head and head.group(2) else f"the block at line {line}"
    offset, detail, fix, code, fld = _diagnose(raw)
    at = line + raw.count("\n", 0, offset)
    col = offset - (raw.rfind("\n", 0, offset) + 1) + 1
    if code == "BIB-007":
        report.add("BIB-007", bib.file, at, col, key=head.group(2) if head else "?", field=fld, detail=detail)
    else:
        report.add("BIB-001", bib.file, at, col, entry=what, detail=detail, fix=fix)
    return None


def _diagnose(raw: str) -> tuple[int, str, str, str, str]:
    """(offset, detail, fix, code, field) for the first syntax error in a failed entry's raw text."""
    head = _ENTRY_HEAD.match(raw)
    if not head:
        return 0, "an @ must be followed by an entry type and {", "write @book{key, ...}", "BIB-001", ""
    if head.group(1).lower() in ("comment", "string", "preamble"):
        return 0, f"the @{head.group(1)} block is not closed", "close it with }", "BIB-001", ""
    pos = head.end()
    n = len(raw)
    if pos >= n or raw[pos] != ",":
        return pos, "expected a comma after the key", "write @type{key, field = {value}, ...}", "BIB-001", ""
    pos += 1
    while True:
        while pos < n and raw[pos] in " \t\r\n,":
            pos += 1
        if pos >= n:
            return 0, "the entry is never closed", "end the entry with } before the next @", "BIB-001", ""
        if raw[pos] in "})":
            return pos, "the entry ends early", "check the braces of this entry", "BIB-001", ""
        m = re.compile(r"[^\s=,{}\"#]+").match(raw, pos)
        if not m:
            return pos, f"expected a field name, found {raw[pos]!r}", "write name = {value}", "BIB-001", ""
        name, start = m.group(), pos
        pos = m.end()
        while pos < n and raw[pos] in " \t\r\n":
            pos += 1
        if pos >= n or raw[pos] != "=":
            return start, f"expected = after the field name {name!r}", f"write {name} = {{...}}", "BIB-001", ""
        pos += 1
        while True:  # value pieces joined by #
            while pos < n and raw[pos] in " \t\r\n":
                pos += 1
            if pos < n and raw[pos] == "{":
                depth, i = 0, pos
                while i < n:
                    c = raw[i]
                    if c == "\\":
                        i += 2
                        continue
                    depth += (c == "{") - (c == "}")
                    i += 1
                    if depth == 0:
                        break
                    # A new field starting inside a value means this value's brace was never closed.
                    if c == "\n" and _FIELD_START.match(raw, i):
                        depth = depth or 1
                        break
                if depth:
                    return start, "a { is never closed", "", "BIB-007", name
                pos = i
            elif pos < n and raw[pos] == '"':
                end = _closing_quote(raw, pos + 1)
                if end < 0:
                    return start, f"the value of {name} opens a quote that is never closed", 'close it with "', \
                        "BIB-001", name
                pos = end + 1
            else:
                m = re.compile(r"[\w.:+-]+").match(raw, pos)
                if not m:
                    return pos, f"the value of {name} is missing", f"write {name} = {{...}}", "BIB-001", name
                pos = m.end()
            while pos < n and raw[pos] in " \t\r\n":
                pos += 1
            if pos < n and raw[pos] == "#":
                pos += 1
                continue
            break
        if pos >= n:
            return 0, "the entry is never closed", "end the entry with } before the next @", "BIB-001", ""
        if raw[pos] not in ",})":
            return pos, f"expected a comma after the value of {name}", "separate fields with commas", "BIB-001", name


def _closing_quote(raw: str, i: int) -> int:
    depth = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth <= 0:
            return i
        i += 1
    return -1


def _stray(bib: BibFile, block: model.ImplicitComment, previous, report: Report) -> None:
    """Text between entries that looks like an entry's fields (an early }) or an entry head without {."""
    text = block.comment or ""
    start = _line(block)
    for k, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped.startswith("%"):
            continue
        at = start + k
        if re.match(r"@[A-Za-z]+\b", stripped):
            report.add("BIB-001", bib.file, at, bib.col(at), entry=f"the line {stripped[:40]!r}",
                       detail="an entry head without {", fix="write @type{key, ...}")
            return
        if re.match(r"[A-Za-z][\w-]*\s*=\s*[{\"\d]", stripped):
            after = f'entry "{previous.key}"' if previous is not None else "the file"
            report.add("BIB-001", bib.file, at, bib.col(at, re.compile(r"[A-Za-z][\w-]*\s*=")), entry=after,
                       detail="a field outside any entry: a } closes the entry too early",
                       fix="remove the extra } so that the field is inside the entry")
            return


def _field_re(name: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(name)}\s*=", re.I)


def _entry(bib: BibFile, entry: model.Entry, entries: dict, strings: set[str], report: Report) -> None:
    """The checks of one entry: key, type, each field's value, required fields and links."""
    line = _line(entry)
    col = bib.col(line)
    key, etype = entry.key, entry.entry_type.lower()
    if not key or re.search(r"[\s,{}\"#%'()=\\]", key):
        report.add("BIB-001", bib.file, line, col, entry=f"the entry at line {line}", detail=f"{key!r} is not a valid key",
                   fix="keys are one word: auth.lower + year + veryshorttitle.lower")
    if etype not in REQUIRED and etype not in ALIASES and etype not in OTHER_TYPES:
        report.add("BIB-014", bib.file, line, col, key=key, type=etype)
    fields = {f.key.lower(): f for f in entry.fields}
    for name, f in fields.items():
        _value(bib, entry, name, f, strings, report)
    _required(bib, entry, fields, entries, report)
    for name in LINK_FIELDS:
        if name in fields:
            for target in (t.strip() for t in str(fields[name].value).split(",")):
                if target and target not in entries:
                    at = _fline(fields[name])
                    report.add("BIB-010", bib.file, at, bib.col(at, _field_re(name)), key=key, field=name, target=target)
    words = [w.strip().lower() for w in str(fields["keywords"].value).split(",")] if "keywords" in fields else []
    for w in words:
        if w and w not in KEYWORDS:
            at = _fline(fields["keywords"])
            report.add("BIB-015", bib.file, at, bib.col(at, _field_re("keywords")), key=key, value=w)
    if "reconstructed" in words and not str(fields.get("note").value if "note" in fields else "").strip():
        report.add("BIB-016", bib.file, line, col, key=key)


def _fline(f: model.Field) -> int:
    return (f.start_line or 0) + 1


def _value(bib: BibFile, entry: model.Entry, name: str, f: model.Field, strings: set[str], report: Report) -> None:
    value = str(f.value)
    at = _fline(f)
    key = entry.key

    def add(code, **values):  # the column is looked up only for a diagnostic: most values have none
        report.add(code, bib.file, at, bib.col(at, _field_re(f.key)), key=key, **values)

    swallowed = _SWALLOWED.search(value) if "\n" in value else None
    if swallowed:
        where = at + value.count("\n", 0, swallowed.start(1))
        report.add("BIB-001", bib.file, where, bib.col(where, _field_re(swallowed.group(1))), entry=f'entry "{key}"',
                   detail=f"no comma after the value of {f.key}, so {swallowed.group(1)} is read as part of it",
                   fix=f"add a comma after the value of {f.key}")
        return
    if f.enclosing == "no-enclosing" and not value.isdigit():
        parts = [p.strip() for p in _split_concat(value)]
        if any(not (p.isdigit() or p.lower() in strings or p[:1] in '{"') for p in parts):
            add("BIB-019", field=f.key, value=value)
            return
    if name in FIELD_NAMES:
        add("BIB-017", field=name, name=FIELD_NAMES[name])
    if "{" in value or "}" in value:
        depth, low = _balance(value)
        if depth or low < 0:
            add("BIB-007", field=f.key, detail=f"{depth} {{ never closed" if depth > 0 else "a } closes nothing")
    if name in DATE_FIELDS and not _DATE.fullmatch(value.strip()):
        add("BIB-005", field=f.key, value=value)
    elif name == "year" and not _YEAR.fullmatch(value.strip()):
        add("BIB-005", field=f.key, value=value)
    if name == "pages" and _PAGES.search(value):
        add("BIB-006", value=value, fixed=_PAGES.sub("--", value))
    scheme = _SCHEME.search(value) if ":" in value else None
    if scheme:
        add("BIB-013", field=f.key, what=f"a {scheme.group(1).lower()}: URL",
            fix="only http(s) links belong in url and doi; remove it")
    elif name == "url" and value.strip() and not re.match(r"https?://", value.strip(), re.I):
        add("BIB-013", field=f.key, what="a url that is not http(s)", fix="write the full https:// address")
    tag = _TAG.search(value) if "<" in value else None
    if tag:
        add("BIB-013", field=f.key, what=f"HTML markup (<{tag.group(1)}>)",
            fix="pandoc prints markup as text; write the words alone")
    if name not in VERBATIM and ("\\" in value or "$" in value):
        _commands(value, add, f.key)


def _split_concat(value: str) -> list[str]:
    parts, depth, start, quoted = [], 0, 0, False
    for i, c in enumerate(value):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def _balance(value: str) -> tuple[int, int]:
    """(final depth, lowest depth) of the braces in a value, escaped braces excluded."""
    depth = low = 0
    for m in _BRACE.finditer(value):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            low = min(low, depth)
    return depth, low


def _commands(value: str, add, fname: str) -> None:
    """LaTeX in a field: accents (write Unicode), commands pandoc drops, and commands that are unsafe."""
    seen: set[str] = set()
    for m in _COMMAND.finditer(value):
        cmd = m.group(1)
        if cmd in seen or cmd in HARMLESS or cmd in RENDERED:
            continue
        seen.add(cmd)
        if cmd in UNSAFE:
            arg = re.match(r"\s*\{([^{}]*)\}", value[m.end():])
            target = arg.group(1) if arg else ""
            if cmd in ("url", "href") and re.match(r"https?://", target, re.I):
                continue
            add("BIB-013", field=fname, what=f"\\{cmd} ({UNSAFE[cmd]})", fix="remove the command; give a web address in url")
        elif cmd in _ACCENTS:
            arg = re.match(r"\s*\{?\s*(\\?[A-Za-z])\}?", value[m.end():])
            base = arg.group(1).lstrip("\\") if arg else ""
            base = {"i": "i", "j": "j"}.get(base, base)
            char = unicodedata.normalize("NFC", base + _ACCENTS[cmd]) if base else "the accented letter"
            add("BIB-009", field=fname, command=value[m.start():m.end() + (arg.end() if arg else 0)].strip(), char=char)
        elif cmd in _LETTERS:
            add("BIB-009", field=fname, command=f"\\{cmd}", char=_LETTERS[cmd])
        else:
            add("BIB-008", field=fname, command=f"\\{cmd}", effect="pandoc does not render (it drops it, often with its argument)")
    if re.search(r"(?<!\\)\$", value):
        add("BIB-008", field=fname, command="$...$", effect="pandoc reads as mathematics")


def _present(entry: model.Entry, fields: dict, entries: dict) -> set[str]:
    """Field names an entry has, its own or inherited through crossref as biblatex does."""
    have = {n for n, f in fields.items() if str(f.value).strip()}
    parent_ref = fields.get("crossref")
    parent = entries.get(str(parent_ref.value).strip()) if parent_ref else None
    if parent is None or parent is entry:
        return have
    ptype = parent.entry_type.lower()
    own = {f.key.lower() for f in parent.fields if str(f.value).strip()}
    renames = {"title": "maintitle"} if ptype.startswith("mv") else \
        {"title": "journaltitle"} if ptype == "periodical" else {"title": "booktitle", "subtitle": "booksubtitle"}
    for name in own - NOINHERIT:
        have.add(renames.get(name, name))
        if name == "author":
            have.add("bookauthor")
    return have


def _required(bib: BibFile, entry: model.Entry, fields: dict, entries: dict, report: Report) -> None:
    alias = entry.entry_type.lower() in ALIASES
    etype = ALIASES.get(entry.entry_type.lower(), entry.entry_type.lower())
    # @phdthesis and @techreport are biblatex's @thesis and @report with the type already given.
    rules = [g for g in REQUIRED.get(etype, []) if not (alias and g == ("type",))]
    if not rules:
        return
    have = _present(entry, fields, entries)
    note = str(fields["note"].value).lower() if "note" in fields else ""
    keywords = str(fields["keywords"].value).lower() if "keywords" in fields else ""
    line = _line(entry)
    col = bib.col(line)
    for group in rules:
        if any(name in have for name in group):
            continue
        # A gap the entry documents is an editorial decision (docs/bibliography.md), not a mistake.
        words = [w for name in group for w in GAP_WORDS.get(name, (name,))]
        if note and ("reconstructed" in keywords or any(w in note for w in words)):
            continue
        if group == DATE:
            year = re.search(r"(1[5-9]|20)\d\d", entry.key)
            report.add("BIB-003", bib.file, line, col, key=entry.key, year=year.group() if year else "YYYY")
        else:
            needed = ", ".join(" or ".join(g) for g in rules)
            report.add("BIB-004", bib.file, line, col, key=entry.key, type=entry.entry_type.lower(),
                       field=" or ".join(group), needed=needed)


def _clean(value: str) -> str:
    from .library import clean

    return clean(value)


def _norm(value: str) -> str:
    """A title for comparison: casefolded words, without braces, accents or punctuation."""
    folded = value.casefold()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return " ".join(_WORD.findall(folded))


def _same_works(bib: BibFile, parsed: list[model.Entry], entries: dict, report: Report) -> None:
    """Two keys for one work: the same title (with subtitle), year, volume and container."""
    seen: dict[tuple, model.Entry] = {}
    for e in parsed:
        f = {x.key.lower(): str(x.value) for x in e.fields}
        title = _norm(f.get("title", "") + " " + f.get("subtitle", ""))
        year = re.search(r"\d{4}", f.get("date", "") or f.get("year", ""))
        if not title or not year:
            continue
        ident = (title, year.group(), f.get("volume", "").strip(), _norm(f.get("booktitle", "") + f.get("journaltitle", "")),
                 f.get("crossref", "").strip(), f.get("pages", "").strip())
        if ident in seen:
            other = seen[ident]
            report.add("BIB-011", bib.file, _line(e), bib.col(_line(e)), key=e.key, other=other.key,
                       other_line=_line(other), title=_clean(f.get("title", "")), year=year.group())
        else:
            seen[ident] = e


# -- usage ----------------------------------------------------------------------------------------

# A Pandoc citation in Markdown: @key or [@key], not an e-mail address (a word character before the @).
_PANDOC_CITE = re.compile(r"(?<![\w.@])-?@(\{[^{}\s]+\}|[\w][\w:.#$%&+?<>~/-]*\w|\w)")


def editorial_citations(paths) -> list[tuple[str, str, int, int]]:
    """(key, file, line, col) of each Pandoc citation in the editorial Markdown files ``paths``."""
    from ..config import relpath

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
    ``named`` (key -> (essay, file, line, col, text) where an essay names the work but no citation was
    read), an uncited entry an essay names is CITE-008, at that place, and CITE-004 says no essay names it."""
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
            report.add("CITE-004", bib.file, _line(e), bib.col(_line(e)), key=key,
                       named="" if named is None else ", and no essay names it")
