"""The syntax diagnosis: where and why bibtexparser could not read a block, and stray text between entries."""

from __future__ import annotations

import re

from bibtexparser import model
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

from ...diagnostics import Report
from .source import BibFile, block_line, field_line, field_re

_FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.M)
_ENTRY_HEAD = re.compile(r"@([A-Za-z]\w*)\s*[{(]\s*([^,\s{}()=\"]*)")
_FIELD_NAME = re.compile(r"[^\s=,{}\"#]+")
_BARE_VALUE = re.compile(r"[\w.:+-]+")


def failed(bib: BibFile, block: model.ParsingFailedBlock, report: Report) -> model.Entry | None:
    """Report a block bibtexparser could not take; return the entry inside it, if any, for the other checks."""
    line = block_line(block)
    if isinstance(block, model.DuplicateBlockKeyBlock):
        report.add("BIB-002", bib.file, line, bib.col(line), key=block.key, first=block_line(block.previous_block))
        entry = block.ignore_error_block
        if not isinstance(entry, model.Entry):
            return None
        # bibtexparser skipped its middleware for this block: remove the value delimiters as it would have.
        return RemoveEnclosingMiddleware(allow_inplace_modification=True).transform_entry(entry, bib.parsed)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        for name in sorted(block.duplicate_keys):
            same = [f for f in entry.fields if f.key == name]
            at = field_line(same[-1])
            report.add("BIB-018", bib.file, at, bib.col(at, field_re(name)), key=entry.key, field=name)
        return None  # its fields are checked once the duplicate is removed
    raw = block.raw or ""
    head = _ENTRY_HEAD.match(raw)
    what = f'entry "{head.group(2)}"' if head and head.group(2) else f"the block at line {line}"
    offset, detail, fix, code, fld = diagnose(raw)
    at = line + raw.count("\n", 0, offset)
    col = offset - (raw.rfind("\n", 0, offset) + 1) + 1
    if code == "BIB-007":
        report.add("BIB-007", bib.file, at, col, key=head.group(2) if head else "?", field=fld, detail=detail)
    else:
        report.add("BIB-001", bib.file, at, col, entry=what, detail=detail, fix=fix)
    return None


def diagnose(raw: str) -> tuple[int, str, str, str, str]:
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
        m = _FIELD_NAME.match(raw, pos)
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
                m = _BARE_VALUE.match(raw, pos)
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


def stray(bib: BibFile, block: model.ImplicitComment, previous, report: Report) -> None:
    """Text between entries that looks like an entry's fields (an early }) or an entry head without {."""
    text = block.comment or ""
    start = block_line(block)
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
