"""Write the reference pages generated from the code: docs/configuration.md (from the configuration's schema)
and docs/diagnostics.md (from the catalogue of diagnostics).

With --check, write nothing and exit 1 if either page differs from what the code makes (a stale page).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import diagnostics_help
from ..config import docs as config_docs
from .common import EXIT_CONTENT, EXIT_OK

# The toolchain's own docs/ (not an edition's): the pages describe the code.
DOCS = Path(__file__).resolve().parents[2] / "docs"


def pages() -> dict[Path, str]:
    """Each generated page with the text the code makes for it."""
    return {DOCS / "configuration.md": config_docs.markdown(), DOCS / "diagnostics.md": diagnostics_help.markdown()}


def add_arguments(p) -> None:
    p.add_argument("--check", action="store_true", help="exit 1, writing nothing, if a page is stale")


def run(args) -> int:
    made = pages()
    stale = [path for path, text in made.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(DOCS.parent)} is stale: run `edition docs`", file=sys.stderr)
        return EXIT_CONTENT if stale else EXIT_OK
    for path in stale:
        path.write_text(made[path], encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return EXIT_OK
