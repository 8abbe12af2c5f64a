"""The book face as fontconfig finds it: which files WeasyPrint will use, and a warning when it falls back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ...diagnostics import Report

BOOK_FACE = ("EB Garamond", "fonts-ebgaramond")


def fc_match(pattern: str, fmt: str) -> str | None:
    """What fontconfig picks for a font pattern, formatted (`%{family}`, `%{file}`); None without fontconfig."""
    if not shutil.which("fc-match"):
        return None
    return subprocess.run(["fc-match", "-f", fmt, pattern], capture_output=True, text=True).stdout


def check_book_face(report: Report, target: str) -> None:
    """WeasyPrint falls back silently when a face is missing: say so, with the package that provides it."""
    family = fc_match(BOOK_FACE[0], "%{family}")
    if family is not None and BOOK_FACE[0].lower() not in family.lower():
        report.add("TOOL-003", target, font=BOOK_FACE[0], fallback=family or "a default serif", package=BOOK_FACE[1])


def book_face_files() -> str:
    """The font files fontconfig gives for the book face's styles, with their sizes: which faces a layout
    was made with (installing or upgrading fonts changes line breaks, hence pages)."""
    out = []
    for style in ("", ":italic", ":bold"):
        f = fc_match(BOOK_FACE[0] + style, "%{file}")
        if f is None:
            return "no fontconfig"
        size = Path(f).stat().st_size if f and Path(f).is_file() else 0
        out.append(f"{f}:{size}")
    return "\n".join(out)
