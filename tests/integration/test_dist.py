"""`make dist` (issue 9): the release folder checked as its users would check it.

sha256sum for the checksums, an XML parser for the OPDS feed, pypdf and poppler for the booklets, and
Calibre's ebook-meta for the metadata e-book software reads from the EPUB and PDF. The refusals run in
project copies: a bibliography error stops `make dist` before anything is packaged, and books built for
another version are not packaged as this one. (That two runs give the same files is checked with the two
clean builds of test_reproducible.py.)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from critedition import config
from critedition.dist import catalog, impose
from tests.conftest import ROOT, VENV
from tests.integration.test_pipeline import BOOKS, project_copy

pytestmark = pytest.mark.integration

# The books' date, as run_make builds them (`make test` exports the last commit's SOURCE_DATE_EPOCH).
EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1700000000")
DATE = dt.datetime.fromtimestamp(int(EPOCH), dt.timezone.utc).date()
SPELLED = f"{DATE.day} {DATE:%B %Y}"  # as the colophon writes it
VERSION = config.load().data["version"]


def edition(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The `edition` command on a project folder, with that folder's own code."""
    env = {**os.environ, "EDITION_ROOT": str(project), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(project)}
    return subprocess.run([str(VENV / "bin" / "edition"), *args], cwd=project, capture_output=True, text=True,
                          env=env, timeout=900)


@pytest.fixture(scope="module")
def dist(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    res = edition(ROOT, "dist", "--out", str(out))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return out


def names(book: str) -> list[str]:
    stem = f"{book}-{VERSION}"
    return [f"{stem}.pdf", f"{stem}.epub", f"{stem}-html.zip", f"{stem}-booklet-a4.pdf",
            f"{stem}-booklet-letter.pdf", f"{stem}-cover.png"]


def test_release_folder_holds_versioned_files_and_nothing_else(dist):
    want = {n for b in BOOKS for n in names(b)} | {"SHA256SUMS", "RELEASE.md", "catalog.xml"}
    assert {p.name for p in dist.iterdir()} == want


def test_sha256sums_verify(dist):
    res = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    listed = {line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()}
    assert listed == {p.name for p in dist.iterdir()} - {"SHA256SUMS"}


def test_opds_feed_has_one_entry_per_book_with_working_links(dist):
    root = ET.parse(dist / "catalog.xml").getroot()  # well-formed, or this raises
    ns = {"a": catalog.ATOM, "dc": catalog.DCTERMS}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == [f"urn:serge-editions:{b}" for b in BOOKS]
    assert [e.findtext("dc:identifier", namespaces=ns) for e in entries] == \
        [f"urn:serge-editions:{b}:{VERSION}" for b in BOOKS]
    for entry, book in zip(entries, BOOKS):
        hrefs = [link.get("href") for link in entry.findall("a:link", ns)]
        assert sorted(hrefs) == sorted(names(book))
        for href in hrefs:
            assert not re.match(r"^[a-z]+:|^/", href) and (dist / href).is_file(), href
        assert entry.findtext("dc:issued", namespaces=ns) == DATE.isoformat()
    assert root.find("a:link[@rel='self']", ns).get("href") == "catalog.xml"


@pytest.mark.parametrize("book", BOOKS)
def test_booklets_hold_every_page_on_landscape_sheets(dist, book):
    pages = len(PdfReader(dist / names(book)[0]).pages)
    for sheet, name in (("a4", names(book)[3]), ("letter", names(book)[4])):
        booklet = PdfReader(dist / name)
        assert len(booklet.pages) == -(-pages // 4) * 2  # two sides per sheet, pages made up to fours
        w, h = impose.SHEETS[sheet]
        assert {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in booklet.pages} \
            == {(round(w, 1), round(h, 1))}


def test_booklet_pages_are_the_books_pages_in_folding_order(dist):
    """Sheet 1, front: the last (blank) page and page 1; back: page 2 and the last page with text."""
    book = BOOKS[1]
    pdf, booklet = dist / names(book)[0], dist / names(book)[3]

    def text(path: Path, page: int, x: int = 0, width: int = 0) -> str:
        crop = ["-x", str(x), "-y", "0", "-W", str(width), "-H", "1000"] if width else []
        return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop, str(path), "-"],
                              capture_output=True, text=True, check=True).stdout.split()

    pages = len(PdfReader(pdf).pages)
    half = int(impose.SHEETS["a4"][0] / 2)
    sides = impose.saddle_stitch(pages)
    for i, side in enumerate(sides[:4], start=1):
        for index, x in ((side.left, 0), (side.right, half + 1)):
            expected = text(pdf, index + 1) if index is not None else []
            assert text(booklet, i, x, half - 1) == expected, (i, index)


@pytest.mark.skipif(shutil.which("ebook-meta") is None, reason="Calibre's ebook-meta is not installed")
@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_calibre_reads_the_metadata_back(dist, fmt):
    book = BOOKS[1]
    path = dist / f"{book}-{VERSION}.{fmt}"
    out = subprocess.run(["ebook-meta", str(path)], capture_output=True, text=True, check=True).stdout
    meta = dict(re.findall(r"^(\S[^:]*?)\s*: (.*)$", out, re.M))
    cfg = config.load()
    assert meta["Title"] == cfg.book(book).title
    assert meta["Author(s)"] == "Iain McKay"
    assert meta["Publisher"] == cfg.data["publisher"]
    assert meta["Languages"] == "eng"
    assert meta["Published"].startswith(DATE.isoformat())
    assert meta["Identifiers"] == f"serge-editions:{book}:{VERSION}"
    assert meta["Comments"] == " ".join(cfg.book(book).data["description"].split())
    assert meta["Tags"] == "Victor Serge, anarchism, Bolshevism, Russian Revolution"


def test_editor_and_version_are_in_the_files(dist):
    """What Calibre does not show: the editor (EPUB contributor, role edt; PDF XMP and Info), the version."""
    book = BOOKS[1]
    epub = zipfile.ZipFile(dist / f"{book}-{VERSION}.epub")
    opf = epub.read("EPUB/content.opf").decode()
    editor = config.load().data["editor"]
    m = re.search(r'<dc:contributor id="([^"]+)">' + re.escape(editor) + "</dc:contributor>", opf)
    assert m and f'<meta refines="#{m.group(1)}" property="role" scheme="marc:relators">edt</meta>' in opf
    assert f'<meta property="schema:version">{VERSION}</meta>' in opf
    colophon = " ".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert f"Version {VERSION}, {SPELLED}" in re.sub(r"<[^>]+>|\s+", " ", colophon).replace("  ", " ")
    reader = PdfReader(dist / f"{book}-{VERSION}.pdf")
    assert reader.metadata["/Editor"] == editor and reader.metadata["/Version"] == VERSION
    xmp = reader.xmp_metadata
    assert xmp.dc_contributor == [editor] and xmp.dc_publisher == ["Serge Editions"]
    text = subprocess.run(["pdftotext", str(dist / f"{book}-{VERSION}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"Version {VERSION}, {SPELLED}" in " ".join(text.split())


def test_html_zip_holds_the_self_contained_page(dist):
    book = BOOKS[2]
    with zipfile.ZipFile(dist / f"{book}-{VERSION}-html.zip") as z:
        assert z.namelist() == [f"{book}-{VERSION}/index.html"]
        assert z.read(z.namelist()[0]) == (ROOT / "build" / book / f"{book}.html").read_bytes()


@pytest.fixture(scope="module")
def copy_with_books(built, tmp_path_factory) -> Path:
    d = project_copy(tmp_path_factory.mktemp("dist-copy"))
    shutil.copytree(ROOT / "build", d / "build")
    return d


def test_make_dist_refuses_when_make_check_has_errors(copy_with_books):
    d = copy_with_books
    bib = d / "bibliography.bib"
    good = bib.read_text(encoding="utf-8")
    try:
        bib.write_text(good + (ROOT / "tests/broken/bib-duplicate-key/bibliography.bib.append").read_text(),
                       encoding="utf-8")
        env = {**os.environ, "EDITION_ROOT": str(d), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(d)}
        res = subprocess.run(["make", f"VENV={VENV}", "NO_INSTALL=1", "dist"], cwd=d, capture_output=True,
                             text=True, env=env, timeout=900)
        assert res.returncode != 0
        assert "BIB-002" in res.stderr and "make dist: refused" in res.stderr
        assert not (d / "dist").exists()
        # edition dist on its own refuses too, with the class of the error as its exit code
        res = edition(d, "dist")
        assert res.returncode == 1 and "DIST-001" in res.stderr and not (d / "dist").exists()
    finally:
        bib.write_text(good, encoding="utf-8")


def test_a_release_holding_a_draft_entry_is_refused(copy_with_books):
    """`edition check` warns about an entry `edition bib draft` wrote (BIB-021); `edition dist` refuses it."""
    bib = copy_with_books / "bibliography.bib"
    good = bib.read_text(encoding="utf-8")
    try:
        bib.write_text(good.replace("@book{serge2012memoirs,\n", "@book{serge2012memoirs,\n  keywords = {draft},\n", 1),
                       encoding="utf-8")
        res = edition(copy_with_books, "check")
        assert res.returncode == 0 and "BIB-021" in res.stderr, res.stderr
        res = edition(copy_with_books, "dist")
        assert res.returncode == 1 and "DIST-005" in res.stderr and "1 draft entry" in res.stderr, res.stderr
        assert not (copy_with_books / "dist").exists()
    finally:
        bib.write_text(good, encoding="utf-8")


@pytest.mark.parametrize("change, says", [
    (lambda t: t.replace(f'version: "{VERSION}"', 'version: "9.0.0"'), "the EPUB's version is"),
    (lambda t: t.replace("Iain McKay’s critique (2013)", "Iain McKay’s essay (2013)"), "the EPUB's description is"),
], ids=["another-version", "another-description"])
def test_books_built_from_other_sources_are_not_packaged(copy_with_books, change, says):
    d = copy_with_books
    cfg = d / "edition" / "edition.yaml"
    good = cfg.read_text(encoding="utf-8")
    try:
        cfg.write_text(change(good), encoding="utf-8")
        res = edition(d, "dist")
        assert res.returncode == 4 and "DIST-002" in res.stderr and says in res.stderr, res.stderr
        assert not (d / "dist").exists()
    finally:
        cfg.write_text(good, encoding="utf-8")


def test_an_edition_without_version_is_not_released(copy_with_books):
    cfg = copy_with_books / "edition" / "edition.yaml"
    good = cfg.read_text(encoding="utf-8")
    try:
        cfg.write_text(re.sub(r'(?m)^version: .*\n', "", good), encoding="utf-8")
        res = edition(copy_with_books, "dist")
        assert res.returncode == 3 and "CFG-021" in res.stderr
    finally:
        cfg.write_text(good, encoding="utf-8")


@pytest.mark.parametrize("out", [".", "edition", ".."])
def test_the_release_folder_never_replaces_the_project_or_its_sources(copy_with_books, out):
    before = sorted(p.name for p in copy_with_books.iterdir())
    res = edition(copy_with_books, "dist", "--out", out)
    assert res.returncode == 4 and "DIST-003" in res.stderr
    assert sorted(p.name for p in copy_with_books.iterdir()) == before
    assert (copy_with_books / "edition" / "edition.yaml").is_file()


def test_an_unvalidated_release_is_refused(copy_with_books):
    """With no Java, Chromium or poppler on PATH the validators cannot run: no release."""
    env = {**os.environ, "EDITION_ROOT": str(copy_with_books), "SOURCE_DATE_EPOCH": EPOCH,
           "PYTHONPATH": str(copy_with_books), "PATH": str(VENV / "bin")}
    res = subprocess.run([str(VENV / "bin" / "edition"), "dist"], cwd=copy_with_books, capture_output=True,
                         text=True, env=env, timeout=900)
    assert res.returncode == 4 and "DIST-004" in res.stderr and "DIST-001" in res.stderr, res.stderr
    assert not (copy_with_books / "dist").exists()
