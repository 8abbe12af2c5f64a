"""The checks of one field's value, one small function per rule, run in the order of ``RULES``."""

from __future__ import annotations

import re
from collections.abc import Callable
import dataclasses

from bibtexparser import model

from ...diagnostics import Report
from ..text import ACCENTS, LETTERS, accented
from .source import BibFile, field_line, field_re
from .tables import (DATE_FIELDS, FIELD_NAMES, HARMLESS, KEY_FIELDS, RENDERED, SPECIALS, UNSAFE,
                     VERBATIM)

_DATE_PART = r"\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?:T[\d:]+Z?)?[?~%]?"
_DATE = re.compile(rf"(?:{_DATE_PART}|-\d{{1,4}})(?:/(?:{_DATE_PART}|\.\.)?)?|/{_DATE_PART}|\.\./{_DATE_PART}")
_YEAR = re.compile(r"-?\d{1,4}")
_PAGES = re.compile(r"(?<=[\dA-Za-z])\s*(?<!-)-(?!-)\s*(?=[\dA-Za-z])")
_COMMAND = re.compile(r"\\([A-Za-z]+|[^A-Za-z\s])")
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?\s*>")
_SCHEME = re.compile(r"\b(javascript|vbscript|data|file):", re.I)
_SWALLOWED = re.compile(r"[}\"][ \t]*\r?\n[ \t]*([A-Za-z][\w-]*)[ \t]*=")
_BRACE = re.compile(r"\\.|[{}]", re.S)  # an escaped character counts as neither brace
# A special character not escaped by a backslash; a link's address (\url{...}) is verbatim and not looked at.
_ANY_SPECIAL = re.compile("[" + re.escape("".join(SPECIALS)) + "]")
_BARE_SPECIAL = re.compile(r"(?<!\\)(?:\\\\)*" + f"({_ANY_SPECIAL.pattern})")
_LINK_ARGUMENT = re.compile(r"\\(?:url|href)\s*\{[^{}]*\}")
# An accent on nothing prints the accent itself: \^{} is how biblatex writes ^ (and \~{} a tilde).
_ESCAPED_ACCENT = re.compile(r"\\[\^~]\{\}")


@dataclasses.dataclass
class Value:
    """One field of one entry, with what its rules need to report on it."""

    bib: BibFile
    entry: model.Entry
    field: model.Field
    strings: set[str]  # names defined by @string, and the month macros
    report: Report
    name: str = dataclasses.field(init=False)  # the field's name, lowercased
    text: str = dataclasses.field(init=False)  # its value

    def __post_init__(self) -> None:
        self.name = self.field.key.lower()
        self.text = str(self.field.value)

    def add(self, code: str, **values) -> None:
        """Report ``code`` at the field (its column is looked up only then: most values have no finding)."""
        at = field_line(self.field)
        self.report.add(code, self.bib.file, at, self.bib.col(at, field_re(self.field.key)), key=self.entry.key,
                        **values)


def swallowed_field(v: Value) -> bool:
    """BIB-001: a missing comma makes the next field part of this value (and nothing else can be checked)."""
    m = _SWALLOWED.search(v.text) if "\n" in v.text else None
    if not m:
        return False
    where = field_line(v.field) + v.text.count("\n", 0, m.start(1))
    v.report.add("BIB-001", v.bib.file, where, v.bib.col(where, field_re(m.group(1))), entry=f'entry "{v.entry.key}"',
                 detail=f"no comma after the value of {v.field.key}, so {m.group(1)} is read as part of it",
                 fix=f"add a comma after the value of {v.field.key}")
    return True


def undefined_macro(v: Value) -> bool:
    """BIB-019: an unbraced value that is neither a number nor a defined @string."""
    if v.field.enclosing != "no-enclosing" or v.text.isdigit():
        return False
    parts = [p.strip() for p in _split_concat(v.text)]
    if all(p.isdigit() or p.lower() in v.strings or p[:1] in '{"' for p in parts):
        return False
    v.add("BIB-019", field=v.field.key, value=v.text)
    return True


def bibtex_name(v: Value) -> bool:
    """BIB-017: a BibTeX field name where biblatex has its own (year, journal, address, school)."""
    if v.name in FIELD_NAMES:
        v.add("BIB-017", field=v.name, name=FIELD_NAMES[v.name])
    return False


def unbalanced_braces(v: Value) -> bool:
    """BIB-007: a { never closed, or a } that closes nothing."""
    if "{" in v.text or "}" in v.text:
        depth, low = _balance(v.text)
        if depth or low < 0:
            v.add("BIB-007", field=v.field.key, detail=f"{depth} {{ never closed" if depth > 0 else "a } closes nothing")
    return False


def not_a_date(v: Value) -> bool:
    """BIB-005: a date field that is not an ISO 8601/EDTF date, or a year that is not a year."""
    pattern = _DATE if v.name in DATE_FIELDS else _YEAR if v.name == "year" else None
    if pattern is not None and not pattern.fullmatch(v.text.strip()):
        v.add("BIB-005", field=v.field.key, value=v.text)
    return False


def single_hyphen_pages(v: Value) -> bool:
    """BIB-006: a page range written with one hyphen."""
    if v.name == "pages" and _PAGES.search(v.text):
        v.add("BIB-006", value=v.text, fixed=_PAGES.sub("--", v.text))
    return False


def unsafe_link(v: Value) -> bool:
    """BIB-013: a javascript:, data: or file: address, or a url that is not http(s)."""
    scheme = _SCHEME.search(v.text) if ":" in v.text else None
    if scheme:
        v.add("BIB-013", field=v.field.key, what=f"a {scheme.group(1).lower()}: URL",
              fix="only http(s) links belong in url and doi; remove it")
    elif v.name == "url" and v.text.strip() and not re.match(r"https?://", v.text.strip(), re.I):
        v.add("BIB-013", field=v.field.key, what="a url that is not http(s)", fix="write the full https:// address")
    return False


def markup(v: Value) -> bool:
    """BIB-013: HTML markup, which pandoc prints as text."""
    tag = _TAG.search(v.text) if "<" in v.text else None
    if tag:
        v.add("BIB-013", field=v.field.key, what=f"HTML markup (<{tag.group(1)}>)",
              fix="pandoc prints markup as text; write the words alone")
    return False


def latex_commands(v: Value) -> bool:
    """BIB-009 for accents (write Unicode), BIB-008 for commands pandoc drops and for $...$, BIB-013 for
    commands that are unsafe."""
    if v.name in VERBATIM or ("\\" not in v.text and "$" not in v.text):
        return False
    value, seen = v.text, set()
    for m in _COMMAND.finditer(value):
        cmd = m.group(1)
        if cmd in seen or cmd in HARMLESS or cmd in RENDERED or _ESCAPED_ACCENT.match(value, m.start()):
            continue
        seen.add(cmd)
        if cmd in UNSAFE:
            arg = re.match(r"\s*\{([^{}]*)\}", value[m.end():])
            if cmd in ("url", "href") and re.match(r"https?://", arg.group(1) if arg else "", re.I):
                continue
            v.add("BIB-013", field=v.field.key, what=f"\\{cmd} ({UNSAFE[cmd]})",
                  fix="remove the command; give a web address in url")
        elif cmd in ACCENTS:
            arg = re.match(r"\s*\{?\s*(\\?[A-Za-z])\}?", value[m.end():])
            char = accented(cmd, arg.group(1)) if arg else "the accented letter"
            v.add("BIB-009", field=v.field.key, command=value[m.start():m.end() + (arg.end() if arg else 0)].strip(),
                  char=char)
        elif cmd in LETTERS:
            v.add("BIB-009", field=v.field.key, command=f"\\{cmd}", char=LETTERS[cmd])
        else:
            v.add("BIB-008", field=v.field.key, command=f"\\{cmd}",
                  effect="pandoc does not render (it drops it, often with its argument)")
    if re.search(r"(?<!\\)\$", value):
        v.add("BIB-008", field=v.field.key, command="$...$", effect="pandoc reads as mathematics")
    return False


def bare_special(v: Value) -> bool:
    """BIB-020: & % # _ ^ not escaped by a backslash in a field of text."""
    if v.name in VERBATIM or v.name in KEY_FIELDS or not _ANY_SPECIAL.search(v.text):
        return False
    text = _LINK_ARGUMENT.sub("", v.text)
    if v.field.enclosing == "no-enclosing":
        text = text.replace("#", " ")  # the concatenation operator, not a character of the value
    seen = set()
    for m in _BARE_SPECIAL.finditer(text):
        char = m.group(1)
        if char not in seen:
            seen.add(char)
            escaped, effect = SPECIALS[char]
            v.add("BIB-020", field=v.field.key, char=char, effect=effect, escaped=escaped)
    return False


# A rule returns True when the value is too broken for the rules after it.
RULES: list[Callable[[Value], bool]] = [swallowed_field, undefined_macro, bibtex_name, unbalanced_braces, not_a_date,
                                        single_hyphen_pages, unsafe_link, markup, latex_commands, bare_special]


def check(v: Value) -> None:
    """Run the field rules on one value."""
    for rule in RULES:
        if rule(v):
            return


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
