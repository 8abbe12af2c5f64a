"""BibLaTeX name lists: splitting at "and", and each name's parts by BibTeX's rules (given, von, family, junior).

A name is "von Last, First", "von Last, Jr, First" or "First von Last"; the von part is the words that start
with a lowercase letter (``van``, ``de``, ``von der``). A name wholly in braces (``{Socialist Workers Party}``)
is a corporate name, kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import clean


@dataclass(frozen=True)
class Name:
    """One person's or body's name, each part as plain text (``clean``)."""

    given: str = ""
    von: str = ""
    last: str = ""
    junior: str = ""
    corporate: bool = False

    @property
    def family(self) -> str:
        """The family name with its particle: "van Heijenoort" (what an editor writes before the comma)."""
        return f"{self.von} {self.last}".strip()


def split_names(value: str) -> list[str]:
    """Split a name list at the top-level ``and`` (braced corporate names may contain "and")."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and value.startswith(" and ", i):
            names.append(value[start:i].strip())
            start = i + 5
            i += 4
        i += 1
    names.append(value[start:].strip())
    return [n for n in names if n and n.lower() != "others"]


def _split(text: str, separators: str) -> list[str]:
    """``text`` cut at any of ``separators`` outside braces, empty pieces dropped."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and ch in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _is_von(word: str) -> bool:
    """BibTeX's test: the first letter outside braces is lowercase; a braced group counts only if it is a
    special character such as ``{\\"u}``, whose letter decides."""
    depth = 0
    for i, ch in enumerate(word):
        if ch == "{":
            if depth == 0 and word[i + 1:i + 2] == "\\":
                letter = next((c for c in word[i + 2:] if c.isalpha()), "")
                return letter.islower()
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isalpha():
            return ch.islower()
    return False


def _wholly_braced(name: str) -> bool:
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(name):
        depth += (ch == "{") - (ch == "}")
        if depth == 0:
            return i == len(name) - 1
    return False


def parse(name: str) -> Name:
    """The parts of one BibLaTeX name (see the module docstring)."""
    name = name.strip()
    if _wholly_braced(name):
        return Name(last=clean(name), corporate=True)
    parts = _split(name, ",")
    if not parts:
        return Name()
    if len(parts) == 1:
        words = _split(parts[0], " \t\n~")
        body = words[:-1]
        first = next((i for i, w in enumerate(body) if _is_von(w)), len(body))
        end = max((i for i, w in enumerate(body) if _is_von(w)), default=first - 1) + 1
        given, von, last = words[:first], words[first:end], words[end:]
        junior = []
    else:
        words = _split(parts[0], " \t\n~")
        von_end = 0
        if len(words) > 1 and _is_von(words[0]):
            von_end = max(i for i, w in enumerate(words[:-1]) if _is_von(w)) + 1
        von, last = words[:von_end], words[von_end:]
        junior, given = (parts[1:2], parts[2:]) if len(parts) > 2 else ([], parts[1:])
    return Name(clean(" ".join(given)), clean(" ".join(von)), clean(" ".join(last)), clean(" ".join(junior)))


def parse_name(name: str) -> tuple[str, str]:
    """(given, family) of one BibLaTeX name: "Family, Given", "Given Family" or "{Corporate Body}"."""
    parsed = parse(name)
    return parsed.given, parsed.family
