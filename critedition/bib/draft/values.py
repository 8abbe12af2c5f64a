"""Field values as a reference writes them turned into the house's biblatex forms (docs/bibliography.md).

Titles in headline case with an en dash for "--" and double inner quotes; dates as ISO 8601/EDTF
("Aug. 27, 1942" -> 1942-08-27, "Autumn 1989" -> 1989-23); places with postal state codes and " and "
between several; publishers with "and" for "&", braced whole when they hold "and" or a comma; page
ranges in full with "--"; LaTeX's special characters escaped.
"""

from __future__ import annotations

import re

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for m in names}
MONTH_NAMES = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
# EDTF's codes for the seasons (the house writes Spring 1984 as 1984-21).
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_SEASON = r"(?:Spring|Summer|Autumn|Fall|Winter)"
DATE = re.compile(
    rf"(?:(?P<m1>{MONTH})(?:\s*(?:--|–|-|/)\s*(?P<m2>{MONTH}))?\s+(?:(?P<day>\d{{1,2}}),\s*)?"
    rf"|(?P<s1>{_SEASON})(?:\s*(?:--|–|-|/)\s*(?P<s2>{_SEASON}))?\s+)?(?P<year>1[5-9]\d\d|20\d\d)\b")
# Chicago's old state abbreviations and the postal codes Chicago now prefers.
STATES = {"Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
          "D.C.": "DC", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kans.": "KS", "Ky.": "KY",
          "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
          "Mont.": "MT", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
          "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
          "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV",
          "Wis.": "WI", "Wyo.": "WY", "New York": "NY", "New Jersey": "NJ", "Massachusetts": "MA",
          "California": "CA", "Illinois": "IL", "Pennsylvania": "PA", "Connecticut": "CT", "Michigan": "MI"}
# Words a headline-style title keeps in lower case unless first or last (Chicago 8.159, as the house applies it).
SMALL = frozenset("a an the and but or nor for so yet as at by in of on to via per vs with from like into".split())
# Abbreviations a title keeps in lower case ("Responses to Prisons vol. 1").
ABBREVIATIONS = frozenset("vol. vols. no. nos. pp. ed. eds. trans.".split())  # not "p.": an initial
# Particles of names, kept as written ("Jean van Heijenoort").
PARTICLES = frozenset("van von de der den du da di del della des la le ten ter".split())
_SPECIALS = {"&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_", "^": "\\^{}", "$": "\\$", "~": "\\~{}"}


def month_of(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(key[:3], 0)


def parse_date(text: str) -> tuple[str, str]:
    """(date, issue) of the last date in ``text``: "1942-08-27", "1944-12", "1989-23", "1953" with issue
    "November–December" for a range of months or seasons; ("", "") if none."""
    found = list(DATE.finditer(text))
    if not found:
        return "", ""
    m = found[-1]
    year = m.group("year")
    if m.group("m2"):
        return year, f"{MONTH_NAMES[month_of(m.group('m1'))]}–{MONTH_NAMES[month_of(m.group('m2'))]}"
    if m.group("s2"):
        return year, f"{m.group('s1')}–{m.group('s2')}"
    if m.group("s1"):
        return f"{year}-{SEASONS[m.group('s1').lower()]}", ""
    if m.group("m1"):
        month = month_of(m.group("m1"))
        day = m.group("day")
        return (f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"), ""
    return year, ""


def headline(title: str) -> str:
    """A title in headline case: every word capitalised but the small words inside it ("The Old Anarchism
    and the New"); words with capitals of their own ("USSR", "iPhone") and numbers are kept."""
    out = []
    tokens = re.split(r"(\s+)", title)
    last = max((i for i, t in enumerate(tokens) if t.strip()), default=0)
    start = True
    for i, tok in enumerate(tokens):
        if not tok.strip():
            out.append(tok)
            continue
        out.append(_case_word(tok, start, i == last))
        start = tok.endswith((":", "–", "—", "?", "!")) or tok in ("–", "—")
    return "".join(out)


def _case_word(tok: str, first: bool, last: bool) -> str:
    lead = re.match(r"^[“\"‘'(\[]*", tok).group()
    core = tok[len(lead):]
    bare = re.sub(r"[^\w’'-]", "", core).lower()
    if not core or not core[0].isalpha() or any(c.isupper() for c in core[1:]):
        return tok
    if (bare in SMALL or core.lower() in ABBREVIATIONS) and not first and not last:
        return lead + core.lower()
    if bare in PARTICLES and core.islower() and not first:
        return tok
    # Hyphenated compounds capitalise each part ("Working-Class"), except a small word after the hyphen.
    parts = core.split("-")
    return lead + "-".join(p[:1].upper() + p[1:] if (j == 0 or p.lower() not in SMALL) else p
                           for j, p in enumerate(parts))


def title_text(text: str) -> str:
    """A title as the reference writes it, cleaned: Markdown emphasis and links gone, "--" an en dash, inner
    quotes double, the comma or full stop a quoted title carries inside its closing quote dropped."""
    text = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", text)
    text = text.replace("---", "—").replace("--", "–")
    text = re.sub(r"\b(\d{4})-(\d{2,4})\b", r"\1–\2", text)  # a range of years takes an en dash
    text = re.sub(r"[,.;:]\s*(['’”\"]?)\s*$", r"\1", text.strip())
    text = re.sub(r"(?<![\w])['‘](.+?)[,.]?['’](?![\w])", r"“\1”", text)
    text = re.sub(r"(?<![\w])\"(.+?)[,.]?\"", r"“\1”", text)
    return " ".join(text.split()).strip(" ,.;")


def split_title(title: str) -> tuple[str, str]:
    """(title, subtitle) at the first colon."""
    head, sep, tail = title.partition(": ")
    return (head.strip(), tail.strip()) if sep and head.strip() and tail.strip() else (title.strip(), "")


def place(text: str) -> str:
    """ "New Brunswick, N.J." -> "New Brunswick, NJ"; "Edinburgh/Oakland" -> "Edinburgh and Oakland"."""
    text = " ".join(text.replace("&", " and ").split()).strip(" ,")
    for old, new in STATES.items():
        text = re.sub(rf",\s*{re.escape(old)}(?=$|\s|/)", f", {new}", text)
    text = text.strip(" ,")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return " and ".join(p.strip() for p in re.split(r"\s*/\s*", text) if p.strip())


def publisher(text: str) -> str:
    """The publisher with "and" for "&" and ``/`` between several, braced whole if it holds "and" or a comma."""
    text = " ".join(text.replace("&", " and ").split()).strip(" ,")
    text = escape(" and ".join(p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()))
    return "{" + text + "}" if " and " in text or "," in text else text


def full_range(text: str) -> str:
    """ "372--74" -> "372--374", "4-5" -> "4--5"; a single page as it is."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:--|–|-)\s*(\d+)\s*", text)
    if not m:
        return text.strip()
    a, b = m.groups()
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    return f"{a}--{b}"


def edition_number(text: str) -> str:
    """ "4th ed.", "2nd Edition", "Second Edition" -> "4", "2", "2"."""
    ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10}
    m = re.match(r"\s*(\d+)(?:st|nd|rd|th)\b", text)
    if m:
        return m.group(1)
    word = text.strip().split()[0].lower() if text.strip() else ""
    return str(ordinals[word]) if word in ordinals else ""


def escape(value: str) -> str:
    """LaTeX's special characters escaped, braces dropped (a draft's values are plain text)."""
    value = value.replace("{", "").replace("}", "")
    return "".join(_SPECIALS.get(c, c) for c in value)
