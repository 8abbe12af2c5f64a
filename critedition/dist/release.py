"""The release folder: every book's files, SHA256SUMS, the release note and the OPDS catalogue, written at once.

The folder is made beside the old one and swapped in whole, so `dist/` never holds a half-written release
or files left over from an earlier version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..config import Edition
from . import catalog
from .package import ReleasedBook

SUMS = "SHA256SUMS"
NOTE = "RELEASE.md"
CATALOG = "catalog.xml"


def sha256sums(files: dict[str, bytes]) -> str:
    """`sha256sum`'s own format (hash, two spaces, name), so that `sha256sum -c SHA256SUMS` checks the folder."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))


def size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, round(n / 1024))} KB"


def note(edition: Edition, books: list[ReleasedBook]) -> str:
    """The release note: the edition, its version and date, then each book's files with size and pages."""
    ed = edition.settings
    first = books[0].about
    lines = [f"# {ed.title}: release {first.version}", "",
             f"{ed.publisher or ed.editor}. {first.edition_statement}. Edited by {ed.editor}.", "",
             f"Check the files with `sha256sum -c {SUMS}`. Reading apps can subscribe to `{CATALOG}` (OPDS 1.2).",
             ""]
    for book in books:
        a = book.about
        lines += [f"## {a.full_title}", "",
                  f"{' and '.join(a.authors)}. Identifier `{a.identifier}`.", "", a.description, "",
                  "| File | Size | Pages | What it is |", "|---|---:|---:|---|"]
        for f in book.files:
            pages = str(f.pages) if f.pages is not None else "–"
            lines.append(f"| `{f.name}` | {size(len(f.data))} | {pages} | {f.label} |")
        lines.append("")
    lines += ["## Printing a booklet", "",
              "Each `-booklet-a4.pdf` and `-booklet-letter.pdf` holds the book two pages to a landscape sheet, "
              "in saddle-stitch order, with blank pages added at the end to make up a multiple of four. "
              "Print it double-sided, flipping on the short edge, at actual size (no \"fit to page\"); "
              "keep the sheets in order, fold the stack in half and staple twice on the fold.", ""]
    return "\n".join(lines)


def files(edition: Edition, books: list[ReleasedBook], epoch: int) -> dict[str, bytes]:
    """Every file of the release folder by name: the books' files, then the catalogue, note and sums."""
    out = {f.name: f.data for b in books for f in b.files}
    updated = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    out[CATALOG] = catalog.feed(edition, books, updated, CATALOG)
    out[NOTE] = note(edition, books).encode("utf-8")
    out[SUMS] = sha256sums(out).encode("utf-8")
    return out


def replaceable(folder: Path, root: Path) -> str:
    """Why `folder` must not be replaced by a release ("" when it may): only a missing or empty folder, or an
    earlier release (every file named in its SHA256SUMS), is; never the project or a folder holding it."""
    folder, root = folder.resolve(), root.resolve()
    if folder == root or folder in root.parents:
        return "it holds the project"
    if not folder.exists():
        return ""
    if not folder.is_dir():
        return "it is a file"
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir()}
    if not present:
        return ""
    sums = folder / SUMS
    listed = {line.split("  ", 1)[1] for line in sums.read_text(encoding="utf-8", errors="replace").splitlines()
              if "  " in line} if sums.is_file() else set()
    strangers = sorted(present - listed - {SUMS})
    if not sums.is_file() or strangers:
        return f"it is not an earlier release (it holds {', '.join(strangers[:3]) or 'no ' + SUMS})"
    return ""


def write(folder: Path, contents: dict[str, bytes], epoch: int) -> None:
    """Replace `folder` with exactly `contents`, each file dated `epoch` (for archives made of the folder).
    The caller checks `replaceable` first."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, data in contents.items():
            (tmp / name).write_bytes(data)
            os.chmod(tmp / name, 0o644)
            os.utime(tmp / name, (epoch, epoch))
        os.chmod(tmp, 0o755)
        old = folder.with_name(f".{folder.name}-old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
