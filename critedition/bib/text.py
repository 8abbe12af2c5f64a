"""Plain text and comparison forms of BibLaTeX values: the LaTeX accent table, ``clean`` and the one word folder.

Titles and names are compared as *folded words*: casefolded, stripped of accents and of all punctuation
(so curly and straight quotes, dashes, colons and a title's "!" never matter), ``&`` read as "and", and
British "-isation/-ise" spellings read as "-ization/-ize". The citation matcher (``Library``) and the
lint's duplicate-entry check (BIB-011) both compare through ``words``, so they agree on what a title is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# LaTeX accent commands and the combining character each one puts on its letter.
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
           "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323",
           "b": "\u0331"}
# LaTeX commands that stand for a letter of their own.
LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
           "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}

_SYMBOL_ACCENT = re.compile(r"\\([`'^\"~=.])\s*(\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])")
_LETTER_ACCENT = re.compile(r"\\([cvuHkrdb])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+(\\?[A-Za-z])(?![A-Za-z]))")
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\s*\{\})?")
_ESCAPE = re.compile(r"\\([&%#_$])|\\([\^~])\{\}")
_TIE = re.compile(r"(?<!\\)~")
# Commands that set their argument in a face or in quotes: pandoc prints the argument, so the plain text is it.
FORMATTING = frozenset({"emph", "textit", "textbf", "textsc", "textsl", "textup", "textnormal", "textsuperscript",
                        "textsubscript", "mkbibquote", "enquote", "mkbibemph", "mkbibitalic", "mkbibbold", "texttt",
                        "textrm", "textsf", "textmd"})
_FORMATTING = re.compile(r"\\(?:" + "|".join(sorted(FORMATTING, key=len, reverse=True)) + r")\s*(?=\{)")

# Chinese, Japanese and Korean script, with its punctuation and full-width forms, but not the marks that end a
# sentence (。！？). A GLOSS is a romanised title's own characters ("*Shiji* 史記"): a run of them, commas
# (and a space after one) inside; a NAME_GLOSS is a name's ("Sima Qian 司馬遷"), a few characters, no more.
CJK = ("\u2e80-\u2fff\u3000\u3001\u3003-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
       "\uf900-\ufaff\uff00\uff02-\uff1e\uff20-\uffef")
GLOSS = rf"[{CJK}](?:[{CJK}・·]|[,，、][ \t\u00a0]?(?=[{CJK}])){{0,40}}"
NAME_GLOSS = rf"[{CJK}]{{1,6}}(?![{CJK}])"
# Words are runs of letters/digits; "&" is kept as a word because it stands for "and".
_TOKEN = re.compile(r"[^\W_]+|&")
# Applied to both sides, so it only has to be consistent, not linguistically right.
_SPELLING = re.compile(r"(?<=\w\w\w)is(ation|ations|e|ed|es|ing)$")


def accented(command: str, base: str) -> str:
    """The Unicode letter that LaTeX's accent ``command`` makes of ``base`` (``\\i`` and ``\\j`` are i and j)."""
    return unicodedata.normalize("NFC", base.lstrip("\\") + ACCENTS[command])


def unlatex(value: str) -> str:
    """``value`` with LaTeX accents, letter commands and escaped specials written as the characters they print."""
    if "\\" not in value:
        return value
    value = _SYMBOL_ACCENT.sub(lambda m: accented(m.group(1), m.group(2).strip("{} ")), value)
    value = _LETTER_ACCENT.sub(lambda m: accented(m.group(1), m.group(2) or m.group(3)), value)
    value = _LETTER.sub(lambda m: LETTERS[m.group(1)], value)
    return _ESCAPE.sub(lambda m: m.group(1) or m.group(2), value)


def clean(value: str) -> str:
    """Plain text of a BibLaTeX field value: LaTeX escapes, formatting commands (``\\emph{...}``), braces, ties
    (``~``) and dash ligatures resolved."""
    value = unlatex(_FORMATTING.sub("", _TIE.sub(" ", value)))
    value = value.replace("---", "—").replace("--", "–")
    value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The comparison form of one word (see the module docstring)."""
    if word == "&":
        return "and"
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _SPELLING.sub(r"iz\1", folded)


@lru_cache(maxsize=16)
def tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """Folded words of ``text`` with their [start, end) offsets (kept for the last few texts: the conventions
    and the accounting scan a paragraph's text several times over)."""
    return tuple([(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)])


def words(text: str) -> tuple[str, ...]:
    """Folded words of ``text`` (for comparing short strings such as titles and names)."""
    return tuple(fold(m.group()) for m in _TOKEN.finditer(text))
