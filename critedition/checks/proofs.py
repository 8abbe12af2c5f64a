"""Proofs for the editors (`make proofs`): PNGs of the pages a designer checks first, for every built book.

build/proofs/<book>/
  01-title.png        the title page            05-bibliography.png  the bibliography's first page
  02-contents.png     the contents              06-html-375-top.png  the HTML edition on a phone: its top,
  03-notes.png        the page with most notes  07-html-375-note.png   and a note opened in place
  04-apparatus.png    the textual notes         08-html-1280.png     on a wide screen: text and sidenotes
                                                09-html-1280-top.png   and its top
build/proofs/index.html shows them all (a plain page, no script).

Pages are found through the PDF's named destinations (one per HTML id), so the proofs follow the book as
it changes. Needs poppler-utils (pdftoppm, pdfinfo) and Chromium; says what it skips when one is missing.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from ..config import ROOT, load

BUILD = ROOT / "build"
OUT = BUILD / "proofs"
DPI = 100


def destinations(pdf: Path) -> dict[str, int]:
    out = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True).stdout
    dests = {}
    for line in out.splitlines():
        m = re.match(r'\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$', line)
        if m:
            dests.setdefault(m.group(2), int(m.group(1)))
    return dests


def densest_notes_page(dests: dict[str, int]) -> int | None:
    """The page holding the most footnotes (a note is a destination `<essay>-note-<n>`)."""
    pages = Counter(p for name, p in dests.items() if re.fullmatch(r"[\w-]+-(ed)?note-\w+", name))
    return pages.most_common(1)[0][0] if pages else None


def render_page(pdf: Path, page: int, out: Path) -> Path:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)
    return out


def pdf_proofs(book: str, folder: Path) -> list[tuple[str, Path, str]]:
    pdf = BUILD / book / f"{book}.pdf"
    if not pdf.exists():
        return []
    dests = destinations(pdf)
    wanted = [("01-title", dests.get("title-page"), "Title page"),
              ("02-contents", dests.get("contents"), "Contents"),
              ("03-notes", densest_notes_page(dests), "The page with the most footnotes"),
              ("04-apparatus", dests.get("textual-notes") or dests.get("apparatus"), "Textual notes"),
              ("05-bibliography", dests.get("bibliography") or dests.get("bibliography-section"), "Bibliography")]
    done = []
    for name, page, label in wanted:
        if page is None:
            print(f"  {book}: no page for '{label}' in this book, skipped")
            continue
        done.append((name, render_page(pdf, page, folder / f"{name}.png"), f"{label} (PDF page {page})"))
    return done


def html_proofs(book: str, folder: Path) -> list[tuple[str, Path, str]]:
    from ..render import chromium

    page = BUILD / book / f"{book}.html"
    if not page.exists():
        return []
    if not chromium.find_chromium():
        print("  Chromium is not installed: no HTML proofs")
        return []
    text = page.read_text(encoding="utf-8")
    first_para = re.search(r'<h1 class="essay-title"[^>]*id="([^"]+)"', text)
    first_note = re.search(r'<a href="#([^"]+)" id="[^"]+" class="noteref', text)
    url = page.resolve().as_uri()
    shots = [("06-html-375-top", url, 375, 812, "HTML, 375 px wide: the top"),
             ("07-html-375-note", f"{url}#{first_note.group(1)}" if first_note else url, 375, 812,
              "HTML, 375 px: the first note, opened in place"),
             ("08-html-1280", f"{url}#{first_para.group(1)}" if first_para else url, 1280, 900,
              "HTML, 1280 px: text with sidenotes"),
             ("09-html-1280-top", url, 1280, 900, "HTML, 1280 px: the top")]
    done = []
    with chromium.Browser() as b:
        for name, target, width, height, label in shots:
            out = folder / f"{name}.png"
            report = b.visit(target, width, height, screenshot=out)
            problems = report.console_errors + report.external_requests + report.broken_links
            if report.horizontal_overflow:
                problems.append(f"{report.horizontal_overflow}px of horizontal scrolling")
            if problems:
                label += " — " + "; ".join(problems)
            done.append((name, out, label))
    return done


def gallery(entries: dict[str, list[tuple[str, Path, str]]]) -> str:
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Proofs</title>",
             "<style>body{font-family:serif;margin:2rem;background:#eee}figure{display:inline-block;margin:0 1rem 2rem 0;"
             "vertical-align:top}img{max-height:80vh;max-width:90vw;border:1px solid #999;background:#fff}"
             "figcaption{font-size:.9rem}</style></head><body><h1>Proofs</h1>"]
    for book, items in entries.items():
        parts.append(f"<h2>{html.escape(book)}</h2>")
        for _name, path, label in items:
            rel = path.relative_to(OUT)
            parts.append(f"<figure><a href='{html.escape(str(rel))}'><img src='{html.escape(str(rel))}' "
                         f"alt='{html.escape(label)}'></a><figcaption>{html.escape(label)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", action="append", help="a book id (default: every book)")
    args = parser.parse_args(argv)
    if not shutil.which("pdftoppm"):
        print("pdftoppm is not installed (Debian: poppler-utils): no proofs", file=sys.stderr)
        return 1
    edition = load()
    entries = {}
    for book in args.book or list(edition.books):
        folder = OUT / book
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        entries[book] = pdf_proofs(book, folder) + html_proofs(book, folder)
        for _name, path, label in entries[book]:
            print(f"  {path.relative_to(ROOT)}: {label}")
    (OUT / "index.html").write_text(gallery(entries), encoding="utf-8")
    print(f"  {(OUT / 'index.html').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
