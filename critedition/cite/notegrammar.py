"""The pieces of a reference written out in a note (Chicago style), as bounded regular expressions.

A reference is read around an anchor (a title, a container, a date): backwards over its author and a
prefix, forwards over roles, editions, volumes, containers, journal and newspaper blocks, publication
blocks and dates, then a locator. Quotes may be straight or curly, a range's dash "-", "--" or "–".
Every pattern is bounded (fixed repetition counts, no nested unbounded groups).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from critedition.bib.text import CJK, GLOSS, NAME_GLOSS
from critedition.cite.locators import LOCS, normalise_locator
from critedition.cite.locators import PREFIX as LOCATOR_PREFIX

Q_OPEN = "“\"‘'"
Q_CLOSE = "”\"’'"
PARTICLE = r"(?:van|von|de|der|den|del|della|di|da|du|la|le|ter|ten|bin|ibn|al)"
# A name's word: Latin script (a capital run into Chinese characters is not a name: it cannot be split two ways).
NAME_WORD = rf"(?:(?:[A-Z]\.){{1,3}}|[A-Z](?:[^\W{CJK}]|[’'\-]){{0,30}}\.?)"
PERSON = rf"{NAME_WORD}(?:[ \t\u00a0]+(?:{PARTICLE}[ \t\u00a0]+){{0,2}}{NAME_WORD}){{0,4}}"
# A romanised name or title is often followed by its own characters (``GLOSS``: "Sima Qian 司馬遷, *Shiji* 史記"),
# which belong to it.
# ... when the reference goes on after them (a sentence that ends there ends the reference too).
GLOSS_AFTER = re.compile(rf"[ \t\u00a0]*(?>{GLOSS})(?![ \t\u00a0]*[.!?](?:\s|$))")
_GLOSSED = rf"{PERSON}(?:[ \t\u00a0]+{NAME_GLOSS})?"
NAMES = (rf"{_GLOSSED}(?:(?:[ \t\u00a0]*,[ \t\u00a0]*|[ \t\u00a0]+)(?:and|&)[ \t\u00a0]+{_GLOSSED}"
         rf"|[ \t\u00a0]*,[ \t\u00a0]+{_GLOSSED}){{0,4}}")
# "Xavier Briottet et al.", "Bai, Yuntao, et al.": the other authors left out.
ET_AL = r"(?:,?[ \t\u00a0]+et[ \t\u00a0]+al\.)?"
# "(as IKD)", "[and Albert Goldman]": a pseudonym or a co-author the note adds in brackets.
ALIAS = r"(?:[ \t\u00a0]*\((?:as|writing[ \t\u00a0]+as)[ \t\u00a0]+[^()]{1,40}\))?(?:[ \t\u00a0]*\[(?:and|with)[ \t\u00a0]+[^\[\]]{1,60}\])?"
ROLE_WORD = r"(?:eds?\.|edited[ \t\u00a0]+by|trans\.|translated[ \t\u00a0]+by|comp\.|compiled[ \t\u00a0]+by|introduction[ \t\u00a0]+by|foreword[ \t\u00a0]+by)"
PREFIX = rf"{LOCATOR_PREFIX}:?"
MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?|"
         r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?|Spring|Summer|Autumn|Fall|Winter)")
DASH = r"(?:--?|–|—)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DATE = (rf"(?:{MONTH}[ \t\u00a0]*(?:{DASH}[ \t\u00a0]*{MONTH}[ \t\u00a0]*)?(?:\d{{1,2}}(?:{DASH}\d{{1,2}})?[ \t\u00a0]*,[ \t\u00a0]*)?{YEAR}"
        rf"|\d{{1,2}}[ \t\u00a0]+{MONTH}[ \t\u00a0]+{YEAR}|{YEAR}(?:{DASH}\d{{2,4}})?)")
_MONTHS = {m: i for i, ms in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"], 1) for m in [ms]}

# Backwards from an anchor (applied to a bounded window ending at it; the leftmost match is the longest).
BACK = re.compile(
    rf"(?:(?P<prefix>{PREFIX})[ \t\u00a0]+)?"
    rf"(?:(?P<partauthor>{NAMES}){ALIAS},[ \t\u00a0]*(?:introduction|foreword|preface|afterword)[ \t\u00a0]+(?:to|in)[ \t\u00a0]+)?"
    rf"(?:(?P<names>{NAMES}){ET_AL}{ALIAS}(?:[ \t\u00a0]*,?[ \t\u00a0]*(?:eds?\.|comp\.))?"
    rf"(?:[ \t\u00a0]+to[ \t\u00a0]+(?:the[ \t\u00a0]+)?(?:{PERSON}|author))?"
    rf"(?:,[ \t\u00a0]*(?:video[ \t\u00a0]+)?interview[ \t\u00a0]+(?:by|with)[ \t\u00a0]+{PERSON})?"
    rf"(?P<sep>[ \t\u00a0]*,[ \t\u00a0]*|[’']s[ \t\u00a0]+))?"
    rf"(?P<quote>[{Q_OPEN}][ \t\u00a0]*)?$")
# Forwards from the end of an anchor: each tried at the current position, in this order.
QUOTE_CLOSE = re.compile(rf"[ \t\u00a0]*[,.]?[{Q_CLOSE}](?:[ \t\u00a0]*,)?")
ROLE = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*{ROLE_WORD}[ \t\u00a0]+{NAMES}")
NAMES_ROLE = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*{NAMES}[ \t\u00a0]*(?:\((?:eds?|trans|comp)\.?\)|,[ \t\u00a0]*eds?\.)")
EDITION = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*(?:\d{1,2}(?:st|nd|rd|th)|rev\.|revised|new|expanded)[ \t\u00a0]+(?:ed\.|edn\.|edition)")
VOLUME = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*(?:[Vv]ol\.|[Vv]olume)[ \t\u00a0]+(?P<vol>\d{1,3}|[ivxlcIVXLC]{1,6})(?![\w])")
INTERVIEW = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*(?:video[ \t\u00a0]+)?interview[ \t\u00a0]+(?:by|with)[ \t\u00a0]+{NAMES}")
DATED = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*(?:written[ \t\u00a0]+)?(?P<date>{DATE})(?![\w])")
DATED_PAREN = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*\((?:written[ \t\u00a0]+)?(?P<date>{DATE})\)")
PUB = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*[(\[](?P<body>[^()\[\]]{0,200})[)\]]")
PUB_YEAR = re.compile(rf"{YEAR}|\bn\.[ \t\u00a0]?d\.")
IN = re.compile(rf"[ \t\u00a0]*,?[ \t\u00a0]*(?:reprinted[ \t\u00a0]+)?in[ \t\u00a0]+(?:(?P<who>{NAMES})(?:[ \t\u00a0]*\(eds?\.\)|,[ \t\u00a0]*eds?\.)?[ \t\u00a0]*,[ \t\u00a0]*)?")
# A journal after its title: "3, no. 10 (Dec. 1942)", "57 (Jul. 1995)", ", no. 103 (Mar.–Apr. 2003)",
# "(Aug. 1947)"; pages after a colon belong to it ("12, no. 3 (1999): 101-120").
JOURNAL = re.compile(
    rf"(?:[ \t\u00a0]+(?P<vol>\d{{1,4}})(?:[ \t\u00a0]*,[ \t\u00a0]*no\.[ \t\u00a0]*\d{{1,4}})?|[ \t\u00a0]*,?[ \t\u00a0]*no\.[ \t\u00a0]*\d{{1,4}})?"
    rf"[ \t\u00a0]*\((?P<date>[^()]{{1,40}})\)(?:[ \t\u00a0]*:[ \t\u00a0]*(?P<pages>{LOCS}))?")
# A journal numbered by year and issue, as Chinese journals are: "*Wenxian* 2012.3, 93" (no volume: never
# matches, so that the group exists as in JOURNAL).
JOURNAL_ISSUE = re.compile(
    rf"(?P<vol>(?!))?[ \t\u00a0]+(?P<date>{YEAR})\.\d{{1,2}}(?![\w.])(?:[ \t\u00a0]*[,:][ \t\u00a0]*(?P<pages>{LOCS}))?")
AND_JOURNAL = re.compile(r"[ \t\u00a0]+and[ \t\u00a0]+")
# A locator's label as written (plural, abbreviated) -> citeproc's locator term.
LABELS = {"p": "page", "pp": "page", "part": "part", "pt": "part", "chapter": "chapter", "chap": "chapter",
          "ch": "chapter", "section": "section", "sec": "section", "§": "section", "appendix": "appendix",
          "appendice": "appendix", "app": "appendix", "n": "note", "nn": "note", "note": "note", "fig": "figure",
          "figure": "figure", "table": "table", "tbl": "table", "book": "book", "bk": "book", "line": "line",
          "l": "line", "ll": "line", "paragraph": "paragraph", "para": "paragraph", "¶": "paragraph"}
_LABEL = (r"pp?\.|parts?|pts?\.|chapters?|chaps?\.|chs?\.|sections?|secs?\.|§§?|appendix|appendices|app\.|nn?\.|"
          r"notes?|figs?\.|figures?|tables?|tbl\.|books?|bk\.|lines?|ll?\.|paragraphs?|paras?\.|¶¶?")
# Dotted numbers ("2.2.3", "1.1--1.3") for sections and chapters, only after a label.
_DOTTED = rf"\d{{1,3}}(?:\.\d{{1,3}}){{1,4}}(?:[ \t\u00a0]*{DASH}[ \t\u00a0]*\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})?"
# What a note adds after a page and what citeproc prints as it is, after it: a note on that page ("12n3",
# "12 n. 3", "12, n. 3"), the pages following ("12ff."), the pages most relevant ("10-20, esp. 15") and
# "passim" ("12 and passim").
_TAIL = (rf"(?P<tail>[ \t\u00a0]*,?[ \t\u00a0]*nn?\.?[ \t\u00a0]*\d{{1,4}}(?:{DASH}\d{{1,4}})?(?![\w])"
         rf"|[ \t\u00a0]*ff?\.(?![\w])"
         rf"|[ \t\u00a0]*,?[ \t\u00a0]+(?:esp\.|especially)[ \t\u00a0]+{LOCS}"
         rf"|[ \t\u00a0]*,?[ \t\u00a0]+(?:and[ \t\u00a0]+)?passim(?![\w]))?")
LOCATOR = re.compile(
    rf"[ \t\u00a0]*[,:][ \t\u00a0]*(?:(?P<label>{_LABEL})[ \t\u00a0]*)?"
    rf"(?P<locs>(?<=[ \t\u00a0.§¶]){_DOTTED}|{LOCS}(?:[ \t\u00a0]+and[ \t\u00a0]+{LOCS})?|[A-Z](?![\w])"
    rf"|\d{{1,4}}(?=nn?\.?\d|ff?\.))"
    rf"{_TAIL}",
    re.IGNORECASE)


class Found(NamedTuple):
    """A locator read after a reference: what it says, its label, where it starts and ends, and the words
    after the page that the citation prints as they are (its suffix)."""

    locator: str
    label: str
    start: int
    end: int
    suffix: str = ""


def locator_at(text: str, pos: int) -> Found | None:
    """The locator at ``pos`` that ends where a locator may: ", 232", ": 101-120", ", part 13", ", Appendix Q"
    (a letter needs its label), ", 12n3", ", 10-20, esp. 15"; after a title whose comma is inside its closing
    quote, without a comma of its own ("Three Theses," 3--5)."""
    m = LOCATOR.match(text, pos)
    if m is None and re.search(rf",[{Q_CLOSE}]$", text[:pos]):
        m = LOCATOR_AFTER_QUOTE.match(text, pos)
    if not m or not END_OF_LOCATOR.match(text, m.end()) or (re.fullmatch("[A-Z]", m.group("locs")) and not m.group("label")):
        return None
    locs = m.group("locs")
    written = " ".join(locs.split()) if re.fullmatch(_DOTTED, locs) else normalise_locator(locs) or locs
    suffix = re.sub(r"[ \t\u00a0\n]+", " ", m.group("tail") or "")  # "12n3" stays joined, "12 n. 3" spaced
    return Found(written, label_of(m.group("label")), m.start(), m.end(), suffix)


def label_of(written: str | None) -> str:
    """The locator term for a label as written: "Chapters" -> "chapter", "pp." -> "page"."""
    word = (written or "p").lower().rstrip(".")
    return LABELS.get(word, LABELS.get(word.rstrip("s"), "page"))


# After a title whose closing quote follows its comma ("Three Theses," 3--5) the locator needs no comma.
LOCATOR_AFTER_QUOTE = re.compile(LOCATOR.pattern.replace("[,:]", "", 1), re.IGNORECASE)
# A locator ends the reference, or is followed by a gloss in parentheses ("Chapter 1 (Introduction)").
END_OF_LOCATOR = re.compile(r"[ \t\u00a0]*(?:\([^()]{1,80}\)[ \t\u00a0]*)?(?:[.;)\]!?]|,(?![ \t\u00a0]*\d)|and\b|$)")
URL = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:online[ \t\u00a0]+at[ \t\u00a0]+)?<?https?://")
# A sentence ends at ". " before a capital, unless the word before the full stop is an abbreviation.
ABBREVIATIONS = frozenset(
    "ed eds trans comp vol vols no nos pp p n nn ch chap pt sec fig repr rev esp cf ibid al mr mrs ms dr st jr sr "
    "inc co ltd bros jan feb mar apr jun jul aug sep sept oct nov dec mass conn calif ill wis mich penn va md wash "
    "colo minn tenn op cit".split())
SENTENCE_END = re.compile(rf"(?<=[.!?])[{Q_CLOSE}]?[ \t\u00a0]+(?=[{Q_OPEN}(\[]?[A-Z0-9])|;[ \t\u00a0]*")


def boundaries(text: str) -> list[int]:
    """Offsets where a reference may begin: after a semicolon or a sentence's end (see ``ABBREVIATIONS``)."""
    out = [0]
    for m in SENTENCE_END.finditer(text):
        if text[m.start()] != ";":
            before = re.search(r"([\w.]+)\.$", text[: m.start()].rstrip(Q_CLOSE))
            word = before.group(1) if before else ""
            if word.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.?){1,3}", word):
                continue
        out.append(m.end())
    return out


def years(text: str) -> set[str]:
    """The years a piece of a reference gives."""
    return set(re.findall(YEAR, text))


def date_of(text: str) -> str:
    """An ISO date (year, year-month or year-month-day) from a written date: "May 27, 1946" -> "1946-05-27"."""
    m = re.search(rf"(?:(?P<day2>\d{{1,2}})[ \t\u00a0]+(?=[A-Z]))?(?:(?P<mon>{MONTH})[ \t\u00a0]*"
                  rf"(?:(?P<day>\d{{1,2}})[ \t\u00a0]*,[ \t\u00a0]*)?)?(?P<year>{YEAR})", text)
    if not m:
        return ""
    out = m.group("year")
    month = _MONTHS.get((m.group("mon") or "")[:3].lower())
    if month:
        day = m.group("day") or m.group("day2")
        out += f"-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return out
