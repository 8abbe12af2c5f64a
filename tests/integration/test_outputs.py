"""The built books pass the validators readers' software relies on: EPUBCheck, pdffonts, pdftotext, Chromium."""

from __future__ import annotations

import re
import subprocess

import pytest

from critedition.checks import validators
from critedition.render import chromium

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]


@pytest.mark.parametrize("book", BOOKS)
def test_epubcheck_reports_no_errors(built, book):
    msgs = validators.epubcheck_messages(built / book / f"{book}.epub")
    errors = [m for m in msgs if m["severity"] in ("ERROR", "FATAL")]
    assert not errors, errors


@pytest.mark.parametrize("book", BOOKS)
def test_pdf_fonts_are_embedded(built, book):
    fonts = validators.pdffonts(built / book / f"{book}.pdf")
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


@pytest.mark.parametrize("book, low, high", [
    ("mckay-worst-of-the-anarchists", 20, 60), ("price-what-can-anarchists-learn", 8, 30),
    ("serge-and-the-anarchists", 30, 90)])
def test_pdf_page_count_fits_the_text(built, book, low, high):
    assert low <= len(pdf_pages(built / book / f"{book}.pdf")) - 1 <= high


@pytest.mark.parametrize("book", ["mckay-worst-of-the-anarchists", "serge-and-the-anarchists"])
def test_every_note_is_on_the_page_of_its_call(built, book):
    """Each note's text is on the page of its call (call anchors and notes are named PDF destinations)."""
    pdf = built / book / f"{book}.pdf"
    calls = [d for d in validators.pdf_destinations(pdf) if d.endswith("-call")]
    assert len(calls) >= 46
    assert validators.misplaced_notes(pdf) == []


def test_html_loads_without_console_errors_and_links_resolve(built):
    if not chromium.find_chromium():
        pytest.skip("chromium is not installed")
    for book in BOOKS:
        assert validators.html_in_chromium(built / book / f"{book}.html") == []


def test_the_chromium_check_reports_errors_broken_links_and_external_links(tmp_path):
    if not chromium.find_chromium():
        pytest.skip("chromium is not installed")
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html><head><title>t</title><link rel="author" href="https://example.org/me">'
                    '</head><body><p id="a"><a href="#a">here</a> <a href="#gone">gone</a> <img src="missing.png"></p>'
                    '<script>console.error("one"); console.log("fine"); throw new Error("two");</script></body></html>',
                    encoding="utf-8")
    found = sorted(d.message.replace(" finds a problem", "") for d in validators.html_in_chromium(page))
    assert found[0].startswith("Chromium: console: Failed to load resource") and "missing.png" in found[0], found
    assert found[1:] == ["Chromium: console: Uncaught Error: two", "Chromium: console: one",
                         "link check: broken link #gone", "request check: external request https://example.org/me"]
