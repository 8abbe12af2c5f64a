"""The print edition as a book: trim size, fonts, outline, contents, footnotes on their call's page,
paragraph numbers in the outer margin, nothing below the bottom margin, metadata.

Everything is read back from the built PDF with poppler (pdfinfo, pdffonts, pdftotext, pdftohtml); where an
identity is needed (which note, which heading) the PDF's named destinations (WeasyPrint writes one per HTML
id) tie the page to the text, and the HTML edition supplies the notes' first words and the headings' ids.
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import render_twice

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
PT = 72.0  # points per inch


def pdf_of(built: Path, book: str) -> Path:
    return built / book / f"{book}.pdf"


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@lru_cache(maxsize=None)
def destinations(pdf: Path) -> dict[str, int]:
    """Named destination -> page (pdfinfo -dests)."""
    out = {}
    for line in run("pdfinfo", "-dests", str(pdf)).splitlines():
        m = re.match(r'\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$', line)
        if m:
            out[m.group(2)] = int(m.group(1))
    return out


@lru_cache(maxsize=None)
def page_texts(pdf: Path) -> list[str]:
    """pdftotext -layout, one string per page (index 0 = page 1)."""
    return run("pdftotext", "-layout", str(pdf), "-").split("\f")


def flat(text: str) -> str:
    """Text with line-end hyphenation undone and whitespace collapsed, for matching phrases."""
    text = re.sub(r"(?<=[^\W\d_])[\u2010\u00ad-]\s*\n\s*(?=[^\W\d_])", "", text)
    return re.sub(r"\s+", " ", text)


def info(pdf: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z ]+):\s*(.*)$", run("pdfinfo", str(pdf)), re.M))


def html_of(built: Path, book: str) -> str:
    return (built / book / f"{book}.html").read_text(encoding="utf-8")


def note_openings(built: Path, book: str) -> dict[str, tuple[str, str]]:
    """note id -> (its number or letter, its first words), read from the HTML edition's sidenotes."""
    out = {}
    for m in re.finditer(r'<span id="([^"]+)" class="sidenote[^"]*"[^>]*><span class="sn-mark">([^<]+)\.</span>(.*?)</span>',
                         html_of(built, book)):
        words = re.sub(r"<[^>]+>", "", m.group(3))
        words = htmllib.unescape(words).split()[:4]
        out[m.group(1)] = (m.group(2), " ".join(words))
    return out


@pytest.mark.parametrize("book", BOOKS)
def test_trim_size_is_the_configured_page_size(built, book):
    import yaml

    size = yaml.safe_load((built.parent / "edition" / "edition.yaml").read_text())["page-size"]
    w, h = (float(x.removesuffix("in")) * PT for x in size.split()) if "in" in size else (None, None)
    m = re.match(r"([\d.]+) x ([\d.]+) pts", info(pdf_of(built, book))["Page size"])
    assert m, info(pdf_of(built, book))
    if w is not None:
        assert abs(float(m.group(1)) - w) < 0.5 and abs(float(m.group(2)) - h) < 0.5


@pytest.mark.parametrize("book", BOOKS)
def test_fonts_are_embedded_and_the_book_face_is_used(built, book):
    rows = run("pdffonts", str(pdf_of(built, book))).splitlines()[2:]
    assert rows
    assert all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows), rows
    assert any(re.search(r"EB.?Garamond", r) for r in rows), rows


@pytest.mark.parametrize("book", BOOKS)
def test_metadata(built, book):
    meta = info(pdf_of(built, book))
    assert meta.get("Title")
    assert meta.get("Author")
    assert meta.get("Subject") and meta.get("Keywords")


@lru_cache(maxsize=None)
def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page) for each bookmark, from pdftohtml's XML."""
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", str(pdf))
    out, depth = [], 0
    for tok in re.finditer(r'<outline>|</outline>|<item page="(\d+)">(.*?)</item>', xml):
        if tok.group(0) == "<outline>":
            depth += 1
        elif tok.group(0) == "</outline>":
            depth -= 1
        else:
            out.append((depth, htmllib.unescape(tok.group(2)), int(tok.group(1))))
    return out


@pytest.mark.parametrize("book", BOOKS)
def test_outline_lists_essays_and_sections_only(built, book):
    pdf = pdf_of(built, book)
    marks = outline(pdf)
    toc = re.findall(r'<a href="#([^"]+)" id="toc-[^"]+">(.*?)</a>', html_of(built, book))
    essays = re.findall(r'<h1 class="essay-title"[^>]*>(.*?)</h1>', html_of(built, book))
    titles = {t for _, t, _ in marks}
    for e in essays:
        assert htmllib.unescape(e) in titles, (e, marks)
    assert max(d for d, _, _ in marks) == 2, "two levels: parts, then the essays' sections"
    assert all(t != "Emendations" for _, t, _ in marks), "no apparatus sub-headings in the outline"
    assert len(marks) <= len(toc) + 3
    dests = destinations(pdf)
    for _, title, page in marks:
        assert 1 <= page <= len(page_texts(pdf))
    assert dests  # named destinations exist (the other checks rely on them)


def contents_entries(pdf: Path) -> list[tuple[str, int]]:
    """(title, page number) for each line of the printed contents that ends in leaders and a number."""
    texts = page_texts(pdf)
    page = next(i for i, t in enumerate(texts[:12]) if re.search(r"^\s*C\s*ONTENTS|^\s*Contents", t, re.M | re.I))
    entries = []
    pending = ""
    for line in texts[page].splitlines():
        line = line.strip()
        if not line or re.fullmatch(r"C\s*ONTENTS|Contents", line, re.I):
            continue
        m = re.match(r"^(.*?)[\s.]*\.\s*\.[\s.]*(\d+)$", line) or re.match(r"^(.*?\S)\s+(\d+)$", line)
        if m:
            entries.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
            pending = ""
        elif not line.isupper():
            pending = (pending + " " + line).strip()
    return entries


@pytest.mark.parametrize("book", BOOKS)
def test_contents_page_numbers_are_the_pages_where_parts_begin(built, book):
    pdf = pdf_of(built, book)
    entries = contents_entries(pdf)
    assert len(entries) >= 3, entries
    dests = destinations(pdf)
    toc = {re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", t))).strip(): i
           for i, t in re.findall(r'<a href="#([^"]+)" id="toc-[^"]+">(.*?)</a>', html_of(built, book))}
    checked = 0
    for title, number in entries:
        key = next((k for k in toc if flat(k).startswith(flat(title)[:30]) or flat(title).startswith(flat(k)[:30])),
                   None)
        if key is None:
            continue
        assert dests[toc[key]] == number, (title, number, dests[toc[key]])
        # and the page really shows the heading (in its text, not only in a running head elsewhere)
        assert flat(key)[:25] in flat(page_texts(pdf)[number - 1]), (title, number)
        checked += 1
    essays = re.findall(r'<h1 class="essay-title"[^>]*>', html_of(built, book))
    assert checked >= len(essays) + 1, entries


@pytest.mark.parametrize("book", ["mckay-worst-of-the-anarchists", "serge-and-the-anarchists"])
def test_every_footnote_is_on_the_page_of_its_call(built, book):
    """Note n's call and note n are on the same page (their named destinations), and that page's text has
    the note's number followed by its first words (so the note really printed there, numbered as the call)."""
    pdf = pdf_of(built, book)
    dests = destinations(pdf)
    notes = note_openings(built, book)
    assert sum(1 for n in notes if n.startswith("mckay-")) == 46
    astray, missing = [], []
    for ident, (mark, words) in notes.items():
        call, note = dests.get(f"{ident}-ref"), dests.get(ident)
        if call is None or note is None or call != note:
            astray.append((ident, call, note))
            continue
        text = flat(page_texts(pdf)[note - 1])
        if not re.search(rf"(^|\s){re.escape(mark)}\s+{re.escape(flat(words)[:20])}", text):
            missing.append((ident, note, mark, words))
    assert not astray, astray
    assert not missing, missing


@lru_cache(maxsize=None)
def words_bbox(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Per page: width, height and (xMin, yMin, xMax, yMax, word) from pdftotext -bbox."""
    xml = run("pdftotext", "-bbox", str(pdf), "-")
    pages = []
    for pm in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [(float(a), float(b), float(c), float(d), htmllib.unescape(w)) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', pm.group(3))]
        pages.append((float(pm.group(1)), float(pm.group(2)), words))
    return pages


@pytest.mark.parametrize("book", BOOKS)
def test_paragraph_numbers_sit_in_the_outer_margin_clear_of_the_text(built, book):
    """Paragraph numbers are small figures beside the text block: right of it on rectos (odd pages), left of
    it on versos; none touches a word of the text."""
    pdf = pdf_of(built, book)
    paras = len(re.findall(r'class="para"', html_of(built, book)))
    found = 0
    for i, (width, height, words) in enumerate(words_bbox(pdf), 1):
        body = [w for w in words if w[3] - w[1] > 8.0]  # text set at 9pt and more
        if not body:
            continue
        left = min(w[0] for w in body)
        right = max(w[2] for w in body)
        for w in words:
            small = w[3] - w[1] < 8.0 and w[4].isdigit()
            if not small or left - 1 <= w[0] and w[2] <= right + 1:
                continue  # a note call or a figure inside the text block
            if w[1] < 0.85 * PT or w[3] > height - 0.8 * PT:
                continue  # running head or folio
            found += 1
            if i % 2:
                assert w[0] > right + 4, (i, w, right)
            else:
                assert w[2] < left - 4, (i, w, left)
            for b in body:
                assert not (w[0] < b[2] and b[0] < w[2] and w[1] < b[3] and b[1] < w[3]), (i, w, b)
    assert found >= 0.9 * paras, (found, paras)


@pytest.mark.parametrize("book", BOOKS)
def test_nothing_runs_past_the_bottom_margin(built, book):
    """No line of text or of a footnote below the bottom margin (an overlong note can: WeasyPrint#1833);
    only the folio of an opening page lives there."""
    pdf = pdf_of(built, book)
    for i, (width, height, words) in enumerate(words_bbox(pdf), 1):
        low = [w for w in words if w[3] > height - 0.85 * PT + 2 and not w[4].isdigit()]
        assert not low, (i, low[:5])


@pytest.mark.parametrize("book", BOOKS)
def test_essays_open_on_rectos_without_running_heads(built, book):
    pdf = pdf_of(built, book)
    dests = destinations(pdf)
    ids = re.findall(r'<h1 class="essay-title"[^>]*id="([^"]+)"', html_of(built, book))
    assert ids
    for ident in ids:
        page = dests[ident]
        assert page % 2 == 1, (ident, page)
        words = words_bbox(pdf)[page - 1][2]
        assert not [w for w in words if w[3] < 0.8 * PT], (ident, "running head on an opening page")


def test_pdf_is_byte_reproducible(built, tmp_path, monkeypatch):
    """The same cited book laid out twice gives the same bytes (dates from SOURCE_DATE_EPOCH, no random ids,
    also with the tagged pdf/ua-1 variant)."""
    import os

    from critedition.render.pdf import writer

    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    digests = render_twice(writer.write_pdf, "price-what-can-anarchists-learn", ".pdf", tmp_path)
    assert digests[0] == digests[1]
