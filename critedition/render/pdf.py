"""PDF support: the project-only URL fetcher, WeasyPrint's log collector and the book-face check."""

from __future__ import annotations

import logging
from urllib.parse import unquote
from pathlib import Path

from ..config import ROOT, design_folder
from ..diagnostics import Report


def project_fetcher(root: Path = ROOT):
    """A WeasyPrint URL fetcher that serves files under the project root (and the design folders, which an
    edition may take from the toolchain) and refuses everything else."""
    from weasyprint.urls import URLFetcher

    class ProjectOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = [root.resolve(), *(design_folder(part).resolve() for part in ("css", "templates"))]
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(unquote(url[len("file://"):].split("#", 1)[0].split("?", 1)[0])).resolve()
                if not any(path == r or r in path.parents for r in self.roots):
                    self.refused.append(url)
                    raise ValueError(f"refused {url}: outside the project")
            elif not url.startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"refused {url}: builds never reach the network")
            return super().fetch(url, headers)

    return ProjectOnlyFetcher()


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


BOOK_FACE = ("EB Garamond", "fonts-ebgaramond")


def fc_match(pattern: str, fmt: str) -> str | None:
    """What fontconfig picks for a font pattern, formatted (`%{family}`, `%{file}`); None without fontconfig."""
    import shutil
    import subprocess

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
