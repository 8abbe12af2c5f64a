"""Citation keys as Zotero Better BibTeX makes them with the formula ``auth.lower + year + veryshorttitle.lower``.

Where each rule comes from in Better BibTeX's source (retorquere/zotero-better-bibtex) is listed in
tests/unit/test_keys.py; docs/bibliography.md says the same for editors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .names import parse, split_names
from .text import clean

# Better BibTeX's default skipWords preference.
SKIP_WORDS = frozenset(
    "a,ab,aboard,about,above,across,after,against,al,along,amid,among,an,and,anti,around,as,at,before,"
    "behind,below,beneath,beside,besides,between,beyond,but,by,d,da,das,de,del,dell,dello,dei,degli,della,"
    "dell,delle,dem,den,der,des,despite,die,do,down,du,during,ein,eine,einem,einen,einer,eines,el,en,et,"
    "except,for,from,gli,i,il,in,inside,into,is,l,la,las,le,les,like,lo,los,near,nor,of,off,on,onto,or,over,"
    "past,per,plus,round,save,since,so,some,sur,than,the,through,to,toward,towards,un,una,unas,under,"
    "underneath,une,unlike,uno,unos,until,up,upon,versus,via,von,while,with,within,without,yet,zu,zum".split(",")
)
# Better BibTeX's default citekeyUnsafeChars preference; whitespace is removed as well.
UNSAFE = frozenset("\\\"#%'(),={}~")
# auth looks for authors, then editors, then translators, then any other creator, by the Zotero creator type
# each field imports as: editora and editorb are editors; bookauthor is a book section's book author (another
# creator), and the author of any other type of item.
EDITORS = ("editor", "editora", "editorb")
OTHER_CREATORS = frozenset({"bookauthor", "editorc", "commentator", "annotator", "introduction", "foreword",
                            "afterword", "holder"})
SECTION_TYPES = frozenset({"inbook", "incollection"})  # Zotero's book section
# Letters that do not decompose into a base letter and accents, as the transliteration Better BibTeX uses
# writes them; what decomposes loses its accents (é -> e, ü -> u, ç -> c).
LETTERS = {"æ": "ae", "Æ": "AE", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "þ": "th", "Þ": "Th", "ß": "ss",
           "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ĸ": "k", "ŀ": "l", "Ŀ": "L", "ł": "l", "Ł": "L",
           "ŉ": "'n", "ŋ": "ng", "Ŋ": "NG", "œ": "oe", "Œ": "OE", "ŧ": "t", "Ŧ": "T"}
PUNCTUATION = {"\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "--",
               "\u2015": "--", "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201b": "'", "\u201c": '"',
               "\u201d": '"', "\u201e": ",,", "\u201f": '"', "\u2026": "..."}
# An item whose language (language, else langid) is German folds the umlauts as German does.
GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
GERMAN_LANGUAGES = frozenset({"german", "ngerman", "austrian", "naustrian", "swissgerman", "nswissgerman", "de"})

# The title's words: the tokenizer Better BibTeX uses splits at spaces and at an en or em dash that follows a
# word of Latin letters; a hyphen keeps the parts one word.
_TERMS = re.compile(r"\s+|(?<=[A-Za-z\u00c0-\u00ff]{2})[\u2013\u2014](?=[A-Za-z0-9\u00c0-\u00ff])")
_DASHES = {"\u2500", "\uff0d", "\u2015"}


class UnfoldableCharacter(ValueError):
    """A character this key maker cannot fold as Better BibTeX would (it folds Latin letters and the quotes and
    dashes of ``PUNCTUATION``): the key is then written by hand."""


def plain(text: str, german: bool = False) -> str:
    """``text`` in ASCII, as Better BibTeX's "force citation key to plain text" writes it."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif german and ch in GERMAN:
            out.append(GERMAN[ch])
        elif ch in LETTERS or ch in PUNCTUATION:
            out.append(LETTERS.get(ch) or PUNCTUATION[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            if not base.isascii():
                raise UnfoldableCharacter(f"{ch!r} (U+{ord(ch):04X}) cannot be folded here: write the key by hand")
            out.append(base)
    return "".join(out)


def auth(fields: Mapping[str, str], entry_type: str = "") -> str:
    """The family name of the first creator (particle and junior part included), or of a corporate body."""
    authors = ("author",) if entry_type.lower() in SECTION_TYPES else ("author", "bookauthor")
    others = tuple(name for name in fields if name in OTHER_CREATORS and name not in authors)
    for group in (authors, EDITORS, ("translator",), others):
        for name in group:
            for raw in split_names(fields.get(name, "")):
                parsed = parse(raw)
                family = ", ".join(part for part in (parsed.family, parsed.junior) if part)
                if family:
                    return family
    return ""


def year(fields: Mapping[str, str]) -> str:
    """The year of ``date`` (the start of a range), else of ``year``, else of ``origdate``, at least two digits."""
    for name in ("date", "year", "origdate"):
        for part in fields.get(name, "").split("/"):
            m = re.match(r"\s*(-?)(\d+)", part)
            if m:
                return f"{m.group(1)}{int(m.group(2)):02d}"
    return ""


def title_words(title: str) -> list[str]:
    """The title's words as Better BibTeX's ``titleWords`` gives them: skip words, punctuation and
    one-letter words removed, case kept."""
    text = re.sub(r"[/:]", " ", clean(title).replace('"', ""))
    found = []
    for term in _TERMS.split(text):
        term = _strip(term)
        if not term or term.lower() in SKIP_WORDS:
            continue
        word = "".join(c for c in term if not _punctuation(c))
        if word and (len(word) > 1 or word.isdigit()) and word.lower() not in SKIP_WORDS:
            found.append(word)
    return found


def veryshorttitle(fields: Mapping[str, str]) -> str:
    """The first word of the title (with its subtitle: Zotero keeps them as one title)."""
    parts = [fields[n] for n in ("title", "titleaddon", "subtitle") if fields.get(n, "").strip()]
    found = title_words(". ".join(dict.fromkeys(parts)))
    return found[0] if found else ""


def citation_key(fields: Mapping[str, str], parent: Mapping[str, str] | None = None, entry_type: str = "") -> str:
    """The key of an entry of type ``entry_type`` (field names lowercased, values as in the .bib file without
    their outer braces).

    ``parent`` is the entry its ``crossref`` names: a child without creators or date takes the parent's, as
    biblatex inherits them; its title stays its own. A clash with another key is not resolved here (Better
    BibTeX adds a, b, ...)."""
    merged = dict(parent or {})
    merged.pop("title", None)
    merged.pop("subtitle", None)
    merged.pop("titleaddon", None)
    merged.update({k: v for k, v in fields.items() if v.strip()})
    language = (merged.get("language") or merged.get("langid") or "").strip().lower()
    german = language in GERMAN_LANGUAGES or language.startswith("de-")
    key = plain(auth(merged, entry_type).lower() + year(merged) + veryshorttitle(fields).lower(), german)
    return "".join(c for c in key if c not in UNSAFE and not c.isspace())


def _strip(term: str) -> str:
    """A word without the punctuation around it (a currency sign before a number stays)."""
    start, end = 0, len(term)
    while start < end and not (term[start].isalnum() or unicodedata.category(term[start]) == "Sc"):
        start += 1
    while end > start and not term[end - 1].isalnum():
        end -= 1
    return term[start:end]


def _punctuation(ch: str) -> bool:
    """Better BibTeX's ``nopunct``: dashes and every punctuation class but connectors (``_``) go."""
    return ch in _DASHES or unicodedata.category(ch) in ("Pd", "Pe", "Pf", "Pi", "Po", "Ps")
