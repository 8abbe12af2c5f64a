"""The edition's fonts as the HTML and the EPUB carry them: WOFF2 subsets with the glyphs a book's text needs.

Both formats of a book ask for the same characters (those of the cited book, which both are made from), so they
share one subset per face, kept in the build's font cache under a name made from what it is made of: a second
format, or a rebuild whose text uses no new character, subsets nothing again.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from ..outputs import write_bytes
from . import fonts

# OpenType features the stylesheets ask for (small capitals, old-style and lining, proportional and tabular
# figures), kept beside fontTools' defaults (kerning, ligatures, marks...).
FEATURES = ("smcp", "c2sc", "onum", "lnum", "pnum", "tnum")
# The font names a subset keeps: family and style (1-6), and the copyright (0), licence and its URL (13, 14)
# that the fonts' licences ask every copy to carry.
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)
SUBSET_FORMAT = 1  # a new number when the options above change: the cached subsets are made anew
# ASCII, which the page markers, labels and numbers the writers make are written in.
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))


@dataclass(frozen=True)
class Subset:
    """A face's subset for one book: the face it is cut from, and its WOFF2 bytes."""
    face: fonts.Face
    data: bytes

    @property
    def name(self) -> str:
        """Its file name in an EPUB: the face's, as WOFF2."""
        return Path(self.face.file).with_suffix(".woff2").name


@lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=2)
def characters(text: str) -> frozenset[int]:
    """The code points to carry for a book: those of its text (the cited book as JSON holds every word, heading
    and note of it, and a writer passes what it adds) and ASCII. Kept for the last texts: the HTML asks for the
    book's twice (its subsets, the characters no face has)."""
    return frozenset({ord(c) for c in set(text) | set(ASCII) if c.isprintable() and not c.isspace()} | {0x20, 0xA0})


@lru_cache(maxsize=None)
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key(face: fonts.Face, chars: frozenset[int]) -> str:
    h = hashlib.sha256(f"{SUBSET_FORMAT} {fontTools.version} {FEATURES} {NAME_IDS}\n".encode())
    h.update(_digest(face.path).encode())
    h.update(",".join(map(str, sorted(chars))).encode())
    return h.hexdigest()[:32]


def _cut(face: fonts.Face, chars: frozenset[int]) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = [*options.layout_features, *FEATURES]
    options.name_IDs = list(NAME_IDS)
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's build dates: nothing a reader uses
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=chars)
    out = io.BytesIO()
    with TTFont(face.path, recalcBBoxes=False) as font:  # the whole font's bounds hold for a part of it
        cutter.subset(font)
        font.flavor = "woff2"
        font.save(out)
    return out.getvalue()


def subset_for(face: fonts.Face, chars: frozenset[int], cache: Path | None) -> bytes:
    """The face's WOFF2 subset for these characters, from the cache when it was made before."""
    chars = chars & _cmap(face.path)  # what it has of them: formats that add different characters share it
    if cache is None:
        return _cut(face, chars)
    kept = cache / f"{face.path.stem}-{_key(face, chars)}.woff2"
    try:
        return kept.read_bytes()
    except OSError:
        data = _cut(face, chars)
        write_bytes(kept, data)
        return data


def subsets(text: str, cache: Path | None = None, added: str = "") -> list[Subset]:
    """The book face in each style, and the fallback face if the text (or what the writer `added` to it) has
    characters the book face lacks, each cut down to what the text needs."""
    chars = characters(text) | characters(added)
    book = [f for f in fonts.FACES if not f.fallback]
    lacking = chars - _cmap(fonts.face().path)
    out = [Subset(f, subset_for(f, chars, cache)) for f in book]
    for f in fonts.FACES:
        if f.fallback and lacking & _cmap(f.path):
            out.append(Subset(f, subset_for(f, frozenset(lacking & _cmap(f.path)), cache)))
    return out


def uncovered(text: str) -> list[str]:
    """The characters of the text that no face of the edition has (a script neither covers: Chinese, say), in
    code point order."""
    chars = characters(text).difference(*(_cmap(f.path) for f in fonts.FACES))
    return [chr(c) for c in sorted(chars)]


def font_face_css(faces: list[tuple[Subset, str]]) -> str:
    """@font-face rules for subsets at their URLs, each saying whose font it is and under which licence."""
    rules = []
    for sub, url in faces:
        f = sub.face
        rules.append(f"/* {f.family} {f.style} {f.weight}: {f.file}, subset; licence: {f.licence} */\n"
                     f'@font-face {{ font-family: "{f.family}"; font-style: {f.style}; font-weight: {f.weight}; '
                     f'font-display: swap; src: url("{url}") format("woff2"); }}')
    return "\n".join(rules) + "\n"
