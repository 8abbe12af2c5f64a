"""Names as references write them ("David E. Apter", "Apter and Joll", "Carr, E.H.") turned into biblatex names.

A reference names people in natural order (notes) or inverted (reference lists); biblatex wants
"Family, Given" joined by " and ", a particle with the family name ("van Heijenoort, Jean"), initials spaced
("E. H."), and a corporate body braced whole ("{Socialist Workers Party}"). A family name written alone
("Bakunin") is completed from the full names the same text gives elsewhere (``People``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..names import parse
from ..text import NAME_GLOSS, words
from .values import escape

# Words that make a name a body, not a person (and abbreviations in capitals: SWP, IKD, ACF).
_BODY_WORDS = frozenset(
    "party faction federation movement collective committee group solidarity league union association library "
    "institute council congress international organisation organization society network press editions "
    "workers bureau secretariat commission government ministry department university anonymous".split()
)
_INITIALS = re.compile(r"\b([A-Z])\.(?=[A-Z]\.?)")
_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)\s*")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w’'.\-]*|[a-z]{1,3}|[A-Z]\.)$")
# A name followed by its characters ("Sima Qian 司馬遷") is a Chinese, Japanese or Korean name, written family
# name first.
_GLOSSED = re.compile(rf"\s+{NAME_GLOSS}\s*$")


def spaced_initials(name: str) -> str:
    """ "E.H. Carr" -> "E. H. Carr", "V.I." -> "V. I." (biblatex reads each initial as a given name)."""
    return _INITIALS.sub(r"\1. ", name).replace(".  ", ". ")


def is_body(name: str) -> bool:
    """A corporate body's name: a word of ``_BODY_WORDS``, or one word in capitals of two letters or more."""
    ws = name.split()
    if len(ws) == 1 and re.fullmatch(r"[A-Z]{2,6}", ws[0]):
        return True
    return any(w in _BODY_WORDS for w in words(name))


def looks_like_names(text: str) -> bool:
    """Whether ``text`` is one or more names: capitalised words (particles and initials allowed), at most
    four a name, joined by commas, "and" or "&"."""
    text = text.strip()
    if not text or len(text) > 120:
        return False
    for part in _SPLIT.split(text):
        bare = _GLOSSED.sub("", part)
        ws = bare.split()
        if bare != part and not 2 <= len(ws) <= 3:  # a name with its characters is family and given names
            return False
        if not ws or len(ws) > 5 or not all(_NAME_WORD.match(w) for w in ws):
            return False
        if not ws[-1][:1].isupper() or not ws[0][:1].isupper() or ws[0] in ("The", "A", "An"):
            return False
    return True


def split_natural(text: str) -> list[str]:
    """ "Naomi Allen and George Breitman", "Marx, Engels, and Lenin" -> one string a name."""
    return [p.strip() for p in _SPLIT.split(text.strip()) if p.strip()]


def inverted_list(text: str) -> list[str]:
    """The biblatex names of a reference list's author part, the first inverted and later ones either way:
    "Koenker, Diane P., Rosenberg, William G. and Suny, Ronald Grigor", "Ehrlich, Howard J, Carol Ehrlich".
    A part without a comma is a body ("Dark Star", "Aberdeen Solidarity"): lists invert every person's name."""
    out: list[str] = []
    for chunk in re.split(r",?\s+(?:and|&)\s+", text.strip()):
        parts = [p.strip() for p in chunk.split(",") if p.strip()]
        i = 0
        while i < len(parts):
            # A one-word part followed by another part is "Family, Given"; so is the list's first name, whose
            # family may have several words ("De Leon, David"); a part of several words later on is a name
            # in natural order ("Carol Ehrlich").
            if i + 1 < len(parts) and (" " not in parts[i] or not out):
                out.append(escape(f"{parts[i]}, {spaced_initials(parts[i + 1])}"))
                i += 2
            else:
                out.append(biblatex(escape(parts[i])) if out else "{" + escape(parts[i]) + "}")
                i += 1
    return out


@dataclass
class People:
    """Full names seen in a text, by family name, to complete a family name written alone."""

    full: dict[str, set[str]] = field(default_factory=dict)
    family_first: set[str] = field(default_factory=set)  # names the text writes with their characters somewhere

    def learn(self, natural: str) -> None:
        glossed = _GLOSSED.search(natural)
        if glossed:  # family name first
            bare = natural[:glossed.start()].split()
            if len(bare) > 1:
                self.full.setdefault(" ".join(words(bare[0])), set()).add(" ".join(natural.split()))
                self.family_first.add(" ".join(bare))
            return
        name = parse(spaced_initials(natural))
        if name.given and not is_body(natural):
            self.full.setdefault(" ".join(words(name.family)), set()).add(spaced_initials(natural).strip())

    def complete(self, natural: str) -> str:
        """The one full name known for a family name written alone, else the name as written."""
        if " " in natural.strip() or is_body(natural):
            return natural
        known = self.full.get(" ".join(words(natural)), set())
        return next(iter(known)) if len(known) == 1 else natural


def biblatex(natural: str, people: People | None = None) -> str:
    """One name in natural order as biblatex writes it: "Family, Given", "{Body}", or a family name alone."""
    natural = " ".join(natural.replace("[", " ").replace("]", " ").split())
    glossed = _GLOSSED.search(natural)
    bare = natural[:glossed.start()] if glossed else natural
    if (glossed or (people is not None and bare in people.family_first)) and not is_body(bare):
        family, _, given = bare.partition(" ")
        return f"{family}, {given}" if given else family
    if people is not None:
        natural = people.complete(natural)
    if is_body(natural):
        return "{" + natural + "}"
    name = parse(spaced_initials(natural))
    family = name.family
    if name.junior:
        family = f"{family}, {name.junior}"
    return f"{family}, {name.given}" if name.given else family


def name_list(names: list[str], people: People | None = None) -> str:
    """Names in natural order as one biblatex name list."""
    return " and ".join(biblatex(escape(n), people) for n in names if n.strip())
