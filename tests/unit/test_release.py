"""Release packaging: saddle-stitch order, imposed sheets read back by poppler, checksums, the OPDS feed, metadata."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from critedition import config
from critedition.book import metadata
from critedition.dist import catalog, release
from critedition.dist.impose import SHEETS, impose, saddle_stitch
from critedition.dist.package import Artifact, ReleasedBook, stem, trim_size

# The expected sides (1-based book pages, 0 for a blank), sheet by sheet: front then back.
ORDERS = {
    4: [(4, 1), (2, 3)],
    8: [(8, 1), (2, 7), (6, 3), (4, 5)],
    13: [(0, 1), (2, 0), (0, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)],
}


@pytest.mark.parametrize("pages", sorted(ORDERS), ids=lambda n: f"{n}-pages")
def test_saddle_stitch_order(pages):
    got = [(0 if s.left is None else s.left + 1, 0 if s.right is None else s.right + 1) for s in saddle_stitch(pages)]
    assert got == ORDERS[pages]


@pytest.mark.parametrize("pages", [1, 2, 3, 5, 16, 17, 99])
def test_every_page_once_and_blanks_only_to_the_next_multiple_of_four(pages):
    sides = saddle_stitch(pages)
    placed = [p for s in sides for p in (s.left, s.right)]
    assert sorted(p for p in placed if p is not None) == list(range(pages))
    assert len(placed) % 4 == 0 and len(placed) - pages < 4


def test_a_booklet_needs_a_page():
    with pytest.raises(ValueError):
        saddle_stitch(0)


def numbered_pdf(pages: int, width: float = 432, height: float = 648) -> bytes:
    """A synthetic book: page n shows "P<n>" in Helvetica (a standard font: nothing to embed)."""
    w = PdfWriter()
    font = w._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                           NameObject("/Subtype"): NameObject("/Type1"),
                                           NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for n in range(1, pages + 1):
        page = w.add_blank_page(width, height)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 36 Tf 150 320 Td (P{n}) Tj ET".encode())
        page[NameObject("/Contents")] = w._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def read_half(pdf: Path, page: int, left: bool, size: tuple[float, float]) -> str:
    """The text poppler finds on one half of an imposed sheet."""
    width, height = size
    x = 0 if left else int(width / 2) + 1
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(x), "-y", "0",
                          "-W", str(int(width / 2) - 1), "-H", str(int(height)), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.strip()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("sheet", sorted(SHEETS))
@pytest.mark.parametrize("pages", sorted(ORDERS), ids=lambda n: f"{n}-pages")
def test_imposed_sheets_read_back_in_booklet_order(tmp_path, pages, sheet):
    out = tmp_path / "booklet.pdf"
    out.write_bytes(impose(numbered_pdf(pages), sheet, "Numbers", "D:20231114221320"))
    reader = PdfReader(out)
    assert len(reader.pages) == len(ORDERS[pages])
    width, height = SHEETS[sheet]
    for i, (left, right) in enumerate(ORDERS[pages], start=1):
        box = reader.pages[i - 1].mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (round(width, 2), round(height, 2))
        assert float(box.width) > float(box.height)  # landscape
        assert read_half(out, i, True, SHEETS[sheet]) == (f"P{left}" if left else "")
        assert read_half(out, i, False, SHEETS[sheet]) == (f"P{right}" if right else "")
    assert reader.metadata["/Title"] == f"Numbers (booklet, {'A4' if sheet == 'a4' else 'US Letter'})"


def test_pages_are_scaled_to_half_a_sheet_against_the_fold():
    data = impose(numbered_pdf(4), "a4")
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode()
    width, height = SHEETS["a4"]
    scale = min(width / 2 / 432, height / 648)
    left, right = [line.split() for line in content.splitlines()]
    for side in (left, right):  # upright: scaled, neither rotated nor mirrored
        assert [float(v) for v in side[1:5]] == pytest.approx([scale, 0, 0, scale], rel=1e-5)
    assert float(left[5]) + 432 * scale == pytest.approx(width / 2, abs=0.01)  # its right edge on the fold
    assert float(right[5]) == pytest.approx(width / 2, abs=0.01)  # its left edge on the fold


def test_imposition_is_reproducible():
    book = numbered_pdf(13)
    assert impose(book, "letter", "T", "D:20231114221320") == impose(book, "letter", "T", "D:20231114221320")


def test_sha256sums_verify_with_sha256sum(tmp_path):
    files = {"a-1.0.0.pdf": b"%PDF-1.7 one", "b-1.0.0.epub": b"PK two", "RELEASE.md": b"# three\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / release.SUMS).write_text(release.sha256sums(files))
    ok = subprocess.run(["sha256sum", "-c", release.SUMS], cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (tmp_path / "a-1.0.0.pdf").write_bytes(b"%PDF-1.7 changed")
    assert subprocess.run(["sha256sum", "-c", release.SUMS], cwd=tmp_path, capture_output=True).returncode != 0


def test_write_replaces_the_folder_whole_with_dated_files(tmp_path):
    folder = tmp_path / "dist"
    release.write(folder, {"old-0.9.0.pdf": b"old", "SHA256SUMS": b""}, 1700000000)
    release.write(folder, {"new-1.0.0.pdf": b"new"}, 1700000000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    assert sorted(p.name for p in folder.iterdir()) == ["new-1.0.0.pdf"]
    assert (folder / "new-1.0.0.pdf").stat().st_mtime == 1700000000


def test_only_a_new_empty_or_released_folder_is_replaced(tmp_path):
    root = tmp_path / "project"
    (root / "edition").mkdir(parents=True)
    (root / "edition" / "edition.yaml").write_text("title: x\n")
    assert release.replaceable(root / "dist", root) == ""
    (root / "empty").mkdir()
    assert release.replaceable(root / "empty", root) == ""
    assert release.replaceable(root, root) == "it holds the project"
    assert release.replaceable(tmp_path, root) == "it holds the project"
    assert "edition.yaml" in release.replaceable(root / "edition", root)
    old = {"a-0.9.0.pdf": b"a", "RELEASE.md": b"note"}
    release.write(root / "dist", {**old, release.SUMS: release.sha256sums(old).encode()}, 0)
    assert release.replaceable(root / "dist", root) == ""
    (root / "dist" / "notes.txt").write_text("mine")
    assert "notes.txt" in release.replaceable(root / "dist", root)


def about(book_id: str, authors=("A. Author",), **kw) -> metadata.BookMetadata:
    values = dict(id=book_id, title="A Title", subtitle="A Critical Edition", authors=tuple(authors),
                  editor="The Editors", publisher="The Press", lang="en-GB", version="1.2.3",
                  date=dt.date(2023, 11, 14), identifier=f"urn:press:{book_id}:1.2.3",
                  work_identifier=f"urn:press:{book_id}",
                  description="What the book is.", subjects=("one", "two"), rights="CC BY-SA 4.0")
    values.update(kw)
    return metadata.BookMetadata(**values)


def released(book_id: str) -> ReleasedBook:
    a = about(book_id)
    return ReleasedBook(a, [Artifact(f"{stem(a)}.pdf", "print edition", "application/pdf", b"%PDF", 3),
                            Artifact(f"{stem(a)}.epub", "EPUB 3", "application/epub+zip", b"PK"),
                            Artifact(f"{stem(a)}-html.zip", "web", "application/zip", b"PK", contains="text/html"),
                            Artifact(f"{stem(a)}-booklet-a4.pdf", "booklet", "application/pdf", b"%PDF", 2,
                                     role="booklet"),
                            Artifact(f"{stem(a)}-cover.png", "cover image", "image/png", b"png", role="image")])


RELS = {"image": catalog.IMAGE, "booklet": "related", "acquisition": catalog.OPEN_ACCESS}


def test_opds_feed_lists_each_book_and_its_files():
    edition = config.load()
    books = [released("first"), released("second")]
    data = catalog.feed(edition, books, dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc))
    root = ET.fromstring(data)
    ns = {"a": catalog.ATOM, "dc": catalog.DCTERMS, "opds": catalog.OPDS}
    assert root.tag == f"{{{catalog.ATOM}}}feed"
    assert root.findtext("a:updated", namespaces=ns) == "2023-11-14T22:13:20Z"
    self_link = root.find("a:link[@rel='self']", ns)
    assert self_link.get("type") == catalog.ACQUISITION_FEED and self_link.get("href") == "catalog.xml"
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == ["urn:press:first", "urn:press:second"]
    assert [e.findtext("dc:identifier", namespaces=ns) for e in entries] == \
        ["urn:press:first:1.2.3", "urn:press:second:1.2.3"]
    for entry, book in zip(entries, books):
        # Atom's required elements, with content (an entry has content or an alternate link)
        for required in ("a:title", "a:updated", "a:author/a:name", "a:content", "dc:language", "dc:issued",
                         "a:summary"):
            assert entry.findtext(required, namespaces=ns), required
        links = {link.get("href"): link.get("rel") for link in entry.findall("a:link", ns)}
        assert links == {f.name: RELS[f.role] for f in book.files}
        assert all("/" not in href for href in links)  # relative, beside the catalogue
        zipped = entry.find("a:link[@type='application/zip']/opds:indirectAcquisition", ns)
        assert zipped.get("type") == "text/html"


def test_opds_feed_bytes_do_not_depend_on_elementtree_registrations():
    """WeasyPrint registers "dc" for Dublin Core 1.1 in ElementTree's process-wide table."""
    from xml.etree.ElementTree import register_namespace

    edition, books = config.load(), [released("first")]
    when = dt.datetime(2023, 11, 14, tzinfo=dt.timezone.utc)
    before = catalog.feed(edition, books, when)
    import weasyprint.pdf.metadata  # noqa: F401  (its registrations)

    register_namespace("dc", "http://purl.org/dc/elements/1.1/")
    assert catalog.feed(edition, books, when) == before
    assert b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/"' in before


def test_release_note_lists_files_sizes_and_pages():
    text = release.note(config.load(), [released("first")])
    assert "Version 1.2.3, 14 November 2023" in text
    assert "| `first-1.2.3.pdf` | 1 KB | 3 | print edition |" in text
    assert "flipping on the short edge" in text


def test_full_title_and_edition_statement():
    assert about("x").full_title == "A Title: A Critical Edition"
    assert about("x", title="Why?").full_title == "Why? A Critical Edition"
    assert about("x").edition_statement == "Version 1.2.3, 14 November 2023"
    assert about("x", version="").edition_statement == "Draft of 14 November 2023"


def test_identifier_is_stable_and_changes_with_the_version():
    edition = config.load()
    book = next(iter(edition.books.values()))
    first = metadata.identifier(edition, book)
    assert first.endswith(f"{book.id}:{edition.data['version']}")
    edition.settings = edition.settings.model_copy(update={"version": "9.9.9"})
    assert metadata.identifier(edition, book) != first


def test_the_edition_declares_a_semantic_version():
    assert metadata.VERSION.fullmatch(config.load().data["version"])
    for bad in ("1.0", "v1.0.0", "1.0.0.0", "one"):
        assert not metadata.VERSION.fullmatch(bad)


def test_trim_size_reads_as_a_reader_writes_it():
    assert trim_size("6in 9in") == "6 × 9 in"
    assert trim_size("148mm 210mm") == "148 × 210 mm"
    assert trim_size("A5") == "A5"
