"""The locator grammar shared by the recognisers: pages, roman numerals, ranges, lists and volumes.

Patterns are bounded (at most four digits, a fixed roman grammar) so that no regex built from them can
backtrack catastrophically. Locators keep the witness's form (roman numerals, hyphen or en dash);
only the spacing of list commas is normalised to ", ".
"""

from __future__ import annotations

import re

# A well-formed lower-case roman numeral; the lookahead makes the empty string impossible.
ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
PAGE = rf"(?<![\w.])(?:\d{{1,4}}|{ROMAN})(?![\w])"
# A range's dash as typed: hyphen, en or em dash, or Markdown's "--" for an en dash.
RANGE = rf"{PAGE}(?:[ \t]*(?:--?|[–—])[ \t]*{PAGE})?"
LOCS = rf"{RANGE}(?:\s*,\s*{RANGE})*"
# "42: 170" (volume and pages, as in "Collected Works 42: 170").
VOLUME_PAGES = rf"(?P<vol>\d{{1,3}})\s*:\s*(?P<pages>{LOCS})"
# "p." and "pp.", with the no-break space a typographer (or pandoc's smart punctuation) puts after them.
PAGE_LABEL = r"(?:pp?\.?[ \t\n\u00a0]*)"

# The words that open a citation and stay with it as its prefix: "See also", "Quoted in", "Compare". Comparing
# and contrasting are kept as prefixes so that the word is printed, not swallowed by the names after it.
_SP = r"[ \t\u00a0]+"
PREFIX = (rf"(?<![\w])(?:[Qq]uoted{_SP}in|[Cc]ited{_SP}in|[Qq]td\.?{_SP}in|[Ss]ee{_SP}also|[Aa]lso{_SP}see"
          rf"|[Ss]ee{_SP}(?:especially|esp\.|e\.g\.,?|generally)|[Ss]ee|[Cc]f\.|[Cc]ompare|[Cc]ontrast)")

_RANGE = re.compile(RANGE)
_ROMAN_FULL = re.compile(ROMAN + r"$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_PREFIX_FORMS = {"quoted": "quoted in", "cited": "cited in", "qtd. in": "quoted in", "qtd in": "quoted in"}


def roman_value(text: str) -> int | None:
    """The value of a lower-case roman numeral, or None if ``text`` is not one."""
    if not text or not _ROMAN_FULL.match(text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = _ROMAN_VALUES[ch]
        total += -value if _ROMAN_VALUES.get(nxt, 0) > value else value
    return total


def is_year_like(page: str) -> bool:
    """A four-digit number from 1000 to 2099 (a page number that reads as a year)."""
    return len(page) == 4 and page.isdigit() and 1000 <= int(page) <= 2099


def ranges(locs: str) -> list[str]:
    """The ranges of a locator list, each with inner spacing removed: "4,13" -> ["4", "13"]."""
    return ["".join(m.group().split()) for m in _RANGE.finditer(locs)]


def pages(locs: str) -> list[str]:
    """Every page number in a locator list (both ends of ranges)."""
    return [p for r in ranges(locs) for p in re.split(r"[-–—]", r) if p]


def normalise_locator(locs: str) -> str:
    """The locator as the witness writes it, list commas spaced: "4,13" -> "4, 13"."""
    return ", ".join(ranges(locs))


def normalise_prefix(prefix: str) -> str:
    """A citation prefix in the edition's form: lower case, no trailing comma, and the witness's
    elliptical "quoted," read as "quoted in" (what it means: quoted in the cited work)."""
    text = " ".join(prefix.replace(",", " ").split()).lower()
    return _PREFIX_FORMS.get(text, text)


_TERMS = {"page": "p. ", "section": "sec. ", "chapter": "chap. ", "note": "n. ", "part": "pt. ", "appendix": "app. ",
          "table": "tbl. ", "figure": "fig. ", "book": "bk. ", "line": "l. ", "paragraph": "para. "}


def in_volume(volume: str, locator: str, label: str = "page") -> str:
    """A locator within a volume the entry does not name, as one "volume" locator: "3, p. 195", "1, chap. 2"."""
    return f"{volume}, {_TERMS.get(label, label + ' ')}{locator}" if locator else volume
