"""The release files of each built book: versioned PDF, EPUB, zipped HTML, booklets and cover, with their facts.

Every file is made from the books in build/ and from nothing that varies between runs (dates come from
SOURCE_DATE_EPOCH), so two `make dist` runs of one commit give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from pypdf import PdfReader

from .. import metadata
from ..builder import book_output
from ..config import Edition, relpath
from ..diagnostics import Report
from ..metadata import BookMetadata
from ..reproducible import pdf_date, zip_entry
from .impose import SHEET_NAMES, impose

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@dataclass
class Artifact:
    """One release file: its name in dist/, what it is, its media type, its bytes and (for a PDF) its pages."""
    name: str
    label: str
    media_type: str
    data: bytes
    pages: int | None = None
    role: str = "acquisition"  # or "image": how the catalogue links it


@dataclass
class ReleasedBook:
    about: BookMetadata
    files: list[Artifact] = field(default_factory=list)


def stem(about: BookMetadata) -> str:
    """The self-explaining base of a book's file names: its id and version, e.g. mckay-worst-of-the-anarchists-1.0.0."""
    return f"{about.id}-{about.version}" if about.version else about.id


def _opf(epub: bytes) -> tuple[ET.Element, str, zipfile.ZipFile]:
    z = zipfile.ZipFile(io.BytesIO(epub))
    container = z.read("META-INF/container.xml").decode("utf-8")
    path = re.search(r'full-path="([^"]+)"', container).group(1)
    return ET.fromstring(z.read(path)), path, z


def epub_facts(epub: bytes) -> dict:
    """What the EPUB's package document says: creators, identifier, date, and its cover image's bytes."""
    root, path, z = _opf(epub)
    md = root.find("opf:metadata", OPF)
    cover = None
    for item in root.iterfind("opf:manifest/opf:item", OPF):
        if "cover-image" in (item.get("properties") or "").split():
            cover = (z.read(str(Path(path).parent / item.get("href"))), item.get("media-type"))
    return {"creators": [c.text or "" for c in md.iterfind("dc:creator", OPF)],
            "identifier": (md.findtext("dc:identifier", "", OPF) or "").strip(),
            "date": (md.findtext("dc:date", "", OPF) or "").strip(),
            "cover": cover}


def html_zip(html: bytes, folder: str, epoch: int) -> bytes:
    """The self-contained HTML edition as `<folder>/index.html` in a reproducible zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zip_entry(f"{folder}/index.html", epoch), html, compresslevel=9)
    return out.getvalue()


def trim_size(page_size: str) -> str:
    """The page size "6in 9in" as a reader writes it, "6 × 9 in"; other forms as they are."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(in|mm|cm)\s+([\d.]+)\s*(in|mm|cm)\s*", page_size)
    if m and m.group(2) == m.group(4):
        return f"{m.group(1)} × {m.group(3)} {m.group(2)}"
    return page_size or "the book's trim size"


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def release_book(edition: Edition, book_id: str, epoch: int, report: Report) -> ReleasedBook | None:
    """A book's release files, or None (with DIST-002) when a format is missing or was built from older
    sources than the configuration says (another version or date)."""
    book = edition.book(book_id)
    paths = {fmt: book_output(book_id, fmt) for fmt in ("pdf", "epub", "html")}
    missing = [p for p in paths.values() if not p.is_file()]
    for p in missing:
        report.add("DIST-002", relpath(p), path=relpath(p))
    if missing:
        return None
    epub = paths["epub"].read_bytes()
    facts = epub_facts(epub)
    about = metadata.for_book(edition, book, facts["creators"])
    if facts["identifier"] != about.identifier or facts["date"] != about.date.isoformat():
        report.add("DIST-002", relpath(paths["epub"]), path=relpath(paths["epub"]))
        return None
    pdf = paths["pdf"].read_bytes()
    if (PdfReader(io.BytesIO(pdf)).metadata or {}).get("/Identifier") != about.identifier:
        report.add("DIST-002", relpath(paths["pdf"]), path=relpath(paths["pdf"]))
        return None
    base = stem(about)
    trim = trim_size(str(edition.data.get("page-size", "")))
    release = ReleasedBook(about)
    release.files.append(Artifact(f"{base}.pdf", f"print edition, {trim}, tagged PDF", "application/pdf", pdf,
                                  page_count(pdf)))
    release.files.append(Artifact(f"{base}.epub", "EPUB 3, reflowable", "application/epub+zip", epub))
    release.files.append(Artifact(f"{base}-html.zip", "the web edition: one self-contained HTML page",
                                  "application/zip", html_zip(paths["html"].read_bytes(), base, epoch)))
    for sheet in ("a4", "letter"):
        booklet = impose(pdf, sheet, about.full_title, pdf_date(epoch))
        release.files.append(Artifact(
            f"{base}-booklet-{sheet}.pdf",
            f"booklet for home printing on {SHEET_NAMES[sheet]}: print double-sided, flip on the short edge, "
            f"fold and staple", "application/pdf", booklet, page_count(booklet)))
    if facts["cover"]:
        data, media_type = facts["cover"]
        ext = {"image/png": "png", "image/jpeg": "jpg"}.get(media_type, "img")
        release.files.append(Artifact(f"{base}-cover.{ext}", "cover image", media_type, data, role="image"))
    return release
