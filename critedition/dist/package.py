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
from pypdf.errors import PyPdfError

from ..book import metadata
from ..build.paths import book_output
from ..config import Edition, relpath
from ..diagnostics import Report
from ..book.metadata import BookMetadata
from ..outputs import pdf_date, zip_entry
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
    role: str = "acquisition"  # or "booklet", "image": how the catalogue links it
    contains: str = ""  # the media type inside a package (the HTML page in the zip)


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
    """What the EPUB's package document says about the book, and its cover image's bytes and type."""
    root, path, z = _opf(epub)
    md = root.find("opf:metadata", OPF)
    cover = None
    for item in root.iterfind("opf:manifest/opf:item", OPF):
        if "cover-image" in (item.get("properties") or "").split():
            cover = (z.read(str(Path(path).parent / item.get("href"))), item.get("media-type"))

    def text(tag: str) -> str:
        return " ".join((md.findtext(tag, "", OPF) or "").split())

    version = next((m.text or "" for m in md.iterfind("opf:meta", OPF) if m.get("property") == "schema:version"), "")
    return {"creators": [c.text or "" for c in md.iterfind("dc:creator", OPF)],
            "title": text("dc:title"), "identifier": text("dc:identifier"), "date": text("dc:date"),
            "language": text("dc:language"), "publisher": text("dc:publisher"),
            "description": text("dc:description"), "version": version,
            "subjects": [c.text or "" for c in md.iterfind("dc:subject", OPF)], "cover": cover}


def differences(about: BookMetadata, epub: dict, pdf_info: dict) -> list[str]:
    """Where the built EPUB and PDF say something else than the configuration does now (the catalogue and
    release note are made from the configuration, so they would not describe the files)."""
    want = {"title": about.title, "identifier": about.identifier, "date": about.date.isoformat(),
            "language": about.lang, "publisher": about.publisher, "description": about.description,
            "version": about.version, "subjects": list(about.subjects)}
    out = [f"the EPUB's {k} is {epub.get(k)!r}, the configuration's {v!r}" for k, v in want.items() if epub.get(k) != v]
    for key, value in (("/Identifier", about.identifier), ("/Subject", about.description),
                       ("/Title", about.title)):
        if pdf_info.get(key) != value:
            out.append(f"the PDF's {key[1:]} is {pdf_info.get(key)!r}, the configuration's {value!r}")
    return out


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
    """A book's release files, or None (with DIST-002) when a format is missing, unreadable, or says other
    things about the book than the configuration now does (another version, date, description...)."""
    book = edition.book(book_id)
    paths = {fmt: book_output(book_id, fmt) for fmt in ("pdf", "epub", "html")}
    missing = [p for p in paths.values() if not p.is_file()]
    for p in missing:
        report.add("DIST-002", relpath(p), path=relpath(p), detail="it is missing")
    if missing:
        return None
    epub, pdf = paths["epub"].read_bytes(), paths["pdf"].read_bytes()
    try:
        facts = epub_facts(epub)
        # One parse of the book's PDF for its metadata, its page count and both booklets (~0.4 s each time).
        reader = PdfReader(io.BytesIO(pdf))
        info = dict(reader.metadata or {})
    except (zipfile.BadZipFile, KeyError, AttributeError, ET.ParseError, PyPdfError) as e:
        report.add("DIST-002", relpath(paths["epub"]), path=f"{book_id}'s EPUB or PDF", detail=f"unreadable ({e})")
        return None
    about = metadata.for_book(edition, book, facts["creators"])
    stale = differences(about, facts, info)
    for detail in stale:
        report.add("DIST-002", relpath(paths["epub"]), path=book_id, detail=detail)
    if stale:
        return None
    base = stem(about)
    trim = trim_size(edition.settings.page_size)
    release = ReleasedBook(about)
    release.files.append(Artifact(f"{base}.pdf", f"print edition, {trim}, tagged PDF", "application/pdf", pdf,
                                  len(reader.pages)))
    release.files.append(Artifact(f"{base}.epub", "EPUB 3, reflowable", "application/epub+zip", epub))
    release.files.append(Artifact(f"{base}-html.zip", "the web edition: one self-contained HTML page",
                                  "application/zip", html_zip(paths["html"].read_bytes(), base, epoch),
                                  contains="text/html"))
    for sheet in ("a4", "letter"):
        booklet = impose(reader, sheet, about.full_title, pdf_date(epoch))
        release.files.append(Artifact(
            f"{base}-booklet-{sheet}.pdf",
            f"booklet for home printing on {SHEET_NAMES[sheet]}: print double-sided, flip on the short edge, "
            f"fold and staple", "application/pdf", booklet, page_count(booklet), role="booklet"))
    if facts["cover"]:
        data, media_type = facts["cover"]
        ext = {"image/png": "png", "image/jpeg": "jpg"}.get(media_type, "img")
        release.files.append(Artifact(f"{base}-cover.{ext}", "cover image", media_type, data, role="image"))
    return release
