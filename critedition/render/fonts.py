"""The edition's own fonts (edition/fonts/): the only faces the books are set in, whatever the machine has.

The print edition is laid out with them alone (fontconfig is pointed at edition/fonts/fonts.conf, which reads
no system configuration and no other folder), the HTML and the EPUB carry subsets of them (render/webfonts.py),
and the EPUB's cover is drawn with them: the system's fonts change no byte of a book.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..config import design_folder, relpath
from ..diagnostics import EditionError, make

FONTS = design_folder("fonts")  # the edition's own, else the toolchain's
FONTCONFIG = FONTS / "fonts.conf"


@dataclass(frozen=True)
class Face:
    """One font file: its family, style and weight as CSS names them, and the licence it comes under."""
    family: str
    style: str  # normal | italic
    weight: int
    file: str
    licence: str
    fallback: bool = False  # set only what the book face lacks

    @property
    def path(self) -> Path:
        return FONTS / self.file


BOOK_FACE = "EB Garamond"
FALLBACK_FACE = "DejaVu Serif"
FACES = (
    Face(BOOK_FACE, "normal", 400, "EBGaramond12-Regular.otf", "OFL.txt"),
    Face(BOOK_FACE, "italic", 400, "EBGaramond12-Italic.otf", "OFL.txt"),
    Face(BOOK_FACE, "normal", 700, "EBGaramond12-Bold.otf", "OFL.txt"),
    Face(FALLBACK_FACE, "normal", 400, "DejaVuSerif.ttf", "LICENSE-DejaVu.txt", fallback=True),
)


def face(style: str = "normal", weight: int = 400) -> Face:
    """The book face's file for a style and weight."""
    return next(f for f in FACES if not f.fallback and f.style == style and f.weight == weight)


def missing() -> list[Path]:
    """The edition's font files, licences and fontconfig file that are not there."""
    wanted = [FONTCONFIG, *(f.path for f in FACES), *sorted({FONTS / f.licence for f in FACES})]
    return [p for p in wanted if not p.is_file()]


def check(target: str) -> None:
    """Stop a book before any layout when its fonts are gone: with no font at all, Pango crashes the process."""
    gone = missing()
    if gone:
        raise EditionError([make("TOOL-003", target, missing=", ".join(relpath(p) for p in gone),
                                 folder=relpath(FONTS))])


def use_edition_fonts() -> None:
    """Point fontconfig, for this process and those it starts, at the edition's fonts alone.

    Set before WeasyPrint is imported: its import, and each layout, load fontconfig's configuration from
    FONTCONFIG_FILE. A sysroot would move the folder that file names, so none is used."""
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG)
    os.environ.pop("FONTCONFIG_SYSROOT", None)


def fingerprint() -> str:
    """What the fonts are, for the layout cache: each file's name and content hash."""
    out = []
    for f in (FONTCONFIG, *(face.path for face in FACES)):
        try:
            out.append(f"{f.name}:{hashlib.sha256(f.read_bytes()).hexdigest()}")
        except OSError:
            out.append(f"{f.name}:missing")
    return "\n".join(out)
