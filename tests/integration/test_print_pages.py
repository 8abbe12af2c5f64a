"""Print pages in every format, and the accessibility of what readers of the EPUB and the web page meet.

A page-break marker in the HTML and the EPUB sits before the words that open that page of the PDF; the EPUB
lists every page in a page-list and names the print edition as their source; the index of names gives the
print pages in every format. And what the checkers missed: chapter titles, paragraph numbers' names, build
paths and straight quotes in editorial text, a French title's language, DAISY Ace's verdict."""

from __future__ import annotations

import html as htmllib
import json
import random
import re
import shutil
import subprocess
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from critedition.checks import validators
from critedition.render import chromium, pages
from critedition.render.design import FRONT_IDS

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
PT = 72  # points per inch: the text block begins 0.8 in from the top (print.css)
TOP, BOTTOM, INNER = 0.8 * PT, 0.85 * PT, 0.72 * PT  # INNER: the narrower side margin


def _out(built: Path, book: str, fmt: str) -> Path:
    return built / book / f"{book}.{fmt}"


def pagination(built: Path, book: str) -> dict:
    return json.loads((built / "cache" / f"{book}.pages.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _chapters(epub: Path) -> tuple[tuple[str, str], ...]:
    with zipfile.ZipFile(epub) as z:
        return tuple((n, z.read(n).decode("utf-8")) for n in sorted(z.namelist()) if n.startswith("EPUB/text/ch"))


def pdf_top_words(pdf: Path, page: int, count: int = 4) -> list[str]:
    """The first words of a PDF page's text block: not the running head or folio above and below it, nor the
    paragraph numbers in the outer margin."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out).groups())
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        if y0 >= TOP - 3 and y1 <= height - BOTTOM + 3 and x1 > INNER - 1 and x0 < width - INNER + 1:
            words.append((y1, x0, htmllib.unescape(m.group(5))))
    lines: list[list[tuple[float, float, str]]] = []
    for word in sorted(words):  # by the words' feet: a raised note call belongs to its line
        if lines and word[0] < lines[-1][0][0] + 6.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [w for line in lines for _, _, w in sorted(line, key=lambda w: w[1])][:count]


def words_after_marker(sources, page: int, count: int = 3) -> list[str] | None:
    for source in sources:
        at = source.find(f'id="page-{page}"')
        if at >= 0:
            return [w.text for w in pages.read(source[source.index(">", at) + 1:]).words[:count]]
    return None


def _same(a: list[str], b: list[str]) -> bool:
    def norm(words):
        return [unicodedata.normalize("NFKC", w).replace("\u2010", "-").lower() for w in words]
    return norm(a) == norm(b)


def body_pages(built: Path, book: str) -> list[int]:
    """The pages that begin with text of the book's own (not the half-title, title page, colophon or contents)."""
    return [p["page"] for p in pagination(built, book)["pages"]
            if p.get("at") and not FRONT_IDS.intersection(p.get("in", []))]


def check_page(built: Path, book: str, page: int) -> list[str]:
    top = pdf_top_words(_out(built, book, "pdf"), page)
    problems = []
    html = _out(built, book, "html").read_text(encoding="utf-8")
    for fmt, sources in (("html", [html]), ("epub", [t for _, t in _chapters(_out(built, book, "epub"))])):
        after = words_after_marker(sources, page)
        # the page may open with the end of a word broken at the page before: the marker is after that word
        if after is None or not (_same(after, top[:3]) or _same(after, top[1:4])):
            problems.append(f"{book} p. {page}: the PDF's page begins {top}, the {fmt} marker is before {after}")
    return problems


@pytest.mark.parametrize("book", BOOKS)
def test_three_print_pages_at_random_begin_at_their_markers(built, book):
    seed = random.SystemRandom().randrange(2 ** 32)
    chosen = random.Random(seed).sample(body_pages(built, book), 3)
    problems = [p for page in chosen for p in check_page(built, book, page)]
    assert not problems, f"pages {chosen} (random seed {seed}): {problems}"


@pytest.mark.parametrize("book", BOOKS)
def test_every_print_page_has_its_marker_in_order(built, book):
    count = len(pagination(built, book)["pages"])
    assert count == int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(_out(built, book, "pdf"))], capture_output=True, text=True).stdout).group(1))
    problems = [p for page in body_pages(built, book) for p in check_page(built, book, page)]
    assert not problems, problems
    html = _out(built, book, "html").read_text(encoding="utf-8")
    epub = "".join(t for _, t in _chapters(_out(built, book, "epub")))
    for text in (html, epub):  # one marker for each page, none twice
        assert sorted(int(n) for n in re.findall(r'id="page-(\d+)" class="pagebreak"', text)) == list(range(1, count + 1))
    assert re.findall(r'id="page-(\d+)"', epub) == [str(n) for n in range(1, count + 1)]  # in reading order


@pytest.mark.parametrize("book", BOOKS)
def test_the_epub_lists_the_pages_and_names_the_print_edition(built, book):
    epub = _out(built, book, "epub")
    with zipfile.ZipFile(epub) as z:
        nav, opf = z.read("EPUB/nav.xhtml").decode(), z.read("EPUB/content.opf").decode()
    page_list = re.search(r'<nav epub:type="page-list" role="doc-pagelist".*?</nav>', nav, re.S).group(0)
    links = re.findall(r'<a href="(text/ch\d+\.xhtml)#(page-\d+)">(\d+)</a>', page_list)
    assert [int(n) for _, _, n in links] == list(range(1, len(pagination(built, book)["pages"]) + 1))
    files = dict(_chapters(epub))
    for where, ident, _ in links:
        assert f'id="{ident}"' in files[f"EPUB/{where}"], (where, ident)
    identifier = re.search(r"<dc:identifier[^>]*>([^<]+)</dc:identifier>", opf).group(1)
    assert f'<dc:source id="print-edition">{identifier}</dc:source>' in opf
    assert '<meta refines="#print-edition" property="source-of">pagination</meta>' in opf
    for feature in ("printPageNumbers", "pageNavigation"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf
    assert "pages of the print edition" in opf


def _index_entries(text: str) -> list[str]:
    index = text[text.index('id="index-of-names"'):]
    items = re.findall(r"<li>(.*?)</li>", index[:index.find("</ul>")], re.S)
    return [" ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", i)).split()) for i in items]


@pytest.mark.parametrize("book", BOOKS)
def test_the_index_gives_the_print_pages_linked_to_their_markers(built, book):
    pdf = _out(built, book, "pdf")
    last = len(pagination(built, book)["pages"])
    printed = " ".join(subprocess.run(["pdftotext", "-layout", "-f", str(last - 1), "-l", str(last), str(pdf), "-"],
                                      capture_output=True, text=True, check=True).stdout.split())
    html = _out(built, book, "html").read_text(encoding="utf-8")
    epub = dict(_chapters(_out(built, book, "epub")))
    index_file = next(t for t in epub.values() if 'id="index-of-names"' in t)
    entries = _index_entries(html)
    assert len(entries) > 10 and entries == _index_entries(index_file)  # a list, one item per name, in both
    for entry in entries:
        assert entry in printed, entry  # the same names, essays and pages as the printed index
    for text in (html, *epub.values()):
        for attributes, n in re.findall(r'<a ([^>]*class="index-ref"[^>]*)>([^<]*)</a>', text):
            assert f'#page-{n}"' in attributes and f'aria-label="page {n}"' in attributes, (attributes, n)
    refs = re.findall(r'href="(?:(ch\d+\.xhtml))?#(page-\d+)" class="index-ref"', index_file)
    assert refs
    for where, ident in refs:
        assert f'id="{ident}"' in (epub[f"EPUB/text/{where}"] if where else index_file), (where, ident)


@pytest.mark.parametrize("book", BOOKS)
def test_each_chapter_is_titled_by_its_heading(built, book):
    for name, text in _chapters(_out(built, book, "epub")):
        title = re.search(r"<title>(.*?)</title>", text).group(1)
        heading = re.sub(r"<[^>]+>", "", re.search(r"<h1\b[^>]*>(.*?)</h1>", text, re.S).group(1))
        assert not re.search(r"ch\d+\.xhtml", title) and title == " ".join(heading.split()), (name, title)


@pytest.mark.parametrize("book", BOOKS)
def test_paragraph_numbers_are_named_and_followed_by_a_space(built, book):
    html = _out(built, book, "html").read_text(encoding="utf-8")
    epub = "".join(t for _, t in _chapters(_out(built, book, "epub")))
    for text in (html, epub):
        marks = re.findall(r'<a href="[^"]*" class="pnum" aria-label="([^"]+)">(\d+)</a>(.)', text)
        assert len(marks) == len(re.findall(r'class="pnum"', text)) > 10
        assert all(label == f"Paragraph {n}" and after == " " for label, n, after in marks), marks[:3]


def _colophon_texts(built: Path, book: str) -> list[str]:
    html = _out(built, book, "html").read_text(encoding="utf-8")
    section = re.search(r'<section id="colophon".*?</section>', html, re.S).group(0)
    chapter = next(t for _, t in _chapters(_out(built, book, "epub")) if 'id="colophon"' in t)
    pdf = subprocess.run(["pdftotext", "-f", "4", "-l", "4", str(_out(built, book, "pdf")), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [htmllib.unescape(re.sub(r"<[^>]+>", " ", t)) for t in (section, chapter)] + [pdf]


@pytest.mark.parametrize("book", BOOKS)
def test_editorial_text_has_no_build_paths_nor_straight_quotes(built, book):
    for text in _colophon_texts(built, book):
        assert "Version" in text and "seeds/" not in text and "'" not in text, text
    with zipfile.ZipFile(_out(built, book, "epub")) as z:
        opf = z.read("EPUB/content.opf").decode()
    for prop in ("dc:rights", "dc:description", 'meta property="schema:accessibilitySummary"'):
        value = htmllib.unescape(re.search(rf"<{prop}[^>]*>([^<]+)<", opf).group(1))
        assert "'" not in value and '"' not in value, (prop, value)


@pytest.mark.parametrize("book", ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists"])
def test_the_french_original_title_is_marked_french(built, book):
    french = '<span class="nocase" lang="fr">Mémoires d’un révolutionnaire</span>'
    assert french in _out(built, book, "html").read_text(encoding="utf-8")
    assert any(french in t for _, t in _chapters(_out(built, book, "epub")))


@pytest.mark.parametrize("book", BOOKS)
def test_daisy_ace_finds_no_violation(built, book):
    if not shutil.which("ace-puppeteer") or not chromium.find_chromium():
        pytest.skip(f"DAISY Ace or Chromium is not installed ({validators.ACE_HINT}); .ci/run installs both")
    assert validators.ace_violations(validators.ace_report(_out(built, book, "epub"))) == []


def test_ace_reports_a_page_break_where_it_may_not_be(built, tmp_path):
    """The check is not blind: a page marker put among the bibliography's list items is a violation."""
    if not shutil.which("ace-puppeteer") or not chromium.find_chromium():
        pytest.skip(f"DAISY Ace or Chromium is not installed ({validators.ACE_HINT}); .ci/run installs both")
    src = _out(built, "price-what-can-anarchists-learn", "epub")
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(bad, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if b'role="list"' in data and info.filename.endswith(".xhtml"):
                data = re.sub(rb'(<div id="refs"[^>]*role="list"[^>]*>)',
                              rb'\1<span id="page-x" role="doc-pagebreak" epub:type="pagebreak" aria-label="x"></span>',
                              data)
            out.writestr(info, data)
    rules = [rule for _, rule, _, _ in validators.ace_violations(validators.ace_report(bad))]
    assert "aria-required-children" in rules
