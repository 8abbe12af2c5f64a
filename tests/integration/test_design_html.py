"""The HTML edition in a real browser: headless Chromium driven over the DevTools protocol on a pipe
(critedition/render/chromium.py; no extra package, and the book itself carries no script).

At 375 and 1280 CSS pixels: a screenshot, no console error or exception, no request leaving the page,
no horizontal scrolling (document scrollWidth against the viewport), every same-page link resolving. At
1280 the notes sit in the right margin beside their calls; at 375 they are hidden until their call is
followed, then open in place. The witness's reading of an emended word shows on keyboard focus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from critedition.render import chromium

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
WIDTHS = [375, 1280]

SIDENOTES_JS = r"""
(() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const out = {count: 0, inMargin: 0, aligned: 0, overlaps: 0, offscreen: 0};
  let prev = null;
  for (const sn of document.querySelectorAll('.sidenote')) {
    const call = document.getElementById(sn.id + '-ref');
    if (!call) continue;
    const r = sn.getBoundingClientRect(), c = call.getBoundingClientRect();
    out.count++;
    if (r.left >= main.right) out.inMargin++;
    if (Math.abs(r.top - c.top) < 30) out.aligned++;
    if (r.right > window.innerWidth) out.offscreen++;
    if (prev && r.top < prev.bottom - 1 && r.left < prev.right && prev.left < r.right) out.overlaps++;
    prev = r;
  }
  return out;
})()
"""
OPEN_IN_PLACE_JS = r"""
(async () => {
  const sn = document.querySelector('.sidenote');
  if (!sn) return null;
  const before = getComputedStyle(sn).display;
  document.getElementById(sn.id + '-ref').click();
  await new Promise(r => setTimeout(r, 100));
  const after = getComputedStyle(sn).display;
  const r = sn.getBoundingClientRect();
  const back = sn.querySelector('a[role="doc-backlink"]');
  return {before, after, visible: r.top >= 0 && r.bottom <= window.innerHeight + r.height,
          back: back ? back.getAttribute('href') : null};
})()
"""
EMENDATION_JS = r"""
(() => {
  const em = document.querySelector('.emendation');
  if (!em) return null;
  const target = em.matches('[tabindex]') ? em : em.querySelector('a, [tabindex]');
  const tip = target && document.getElementById(target.getAttribute('aria-describedby'));
  if (!tip) return {describedBy: false};
  const before = getComputedStyle(tip).display;
  target.focus();
  return {describedBy: true, before, after: getComputedStyle(tip).display, text: tip.textContent,
          focused: document.activeElement === target, witness: em.dataset.witness};
})()
"""


@pytest.fixture(scope="module")
def browser():
    if not chromium.find_chromium():
        pytest.skip("Chromium is not installed")
    with chromium.Browser() as b:
        yield b


def html_of(built: Path, book: str) -> Path:
    return built / book / f"{book}.html"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("book", BOOKS)
def test_page_in_chromium(built, browser, book, width, tmp_path):
    shot = tmp_path / f"{book}-{width}.png"
    r = browser.visit(html_of(built, book).resolve().as_uri(), width, screenshot=shot)
    assert shot.stat().st_size > 10_000  # something was drawn
    assert r.console_errors == []
    assert r.external_requests == []
    assert r.broken_links == []
    assert r.metrics["links"] > 20
    assert r.horizontal_overflow == 0, r.metrics


@pytest.mark.parametrize("book", ["mckay-worst-of-the-anarchists", "serge-and-the-anarchists"])
def test_sidenotes_sit_in_the_margin_beside_their_calls_on_wide_screens(built, browser, book):
    r = browser.visit(html_of(built, book).resolve().as_uri(), 1280, probes={"sn": SIDENOTES_JS})
    sn = r.probes["sn"]
    assert sn["count"] >= 46
    assert sn["inMargin"] == sn["count"], sn
    assert sn["overlaps"] == 0 and sn["offscreen"] == 0, sn
    assert sn["aligned"] >= 0.6 * sn["count"], sn  # dense runs of notes stack below their calls


@pytest.mark.parametrize("book", ["mckay-worst-of-the-anarchists"])
def test_notes_open_in_place_on_narrow_screens(built, browser, book):
    r = browser.visit(html_of(built, book).resolve().as_uri(), 375, probes={"open": OPEN_IN_PLACE_JS})
    got = r.probes["open"]
    assert got["before"] == "none" and got["after"] == "block", got
    assert got["back"] and got["back"].endswith("-ref"), got


@pytest.mark.parametrize("width", WIDTHS)
def test_emended_words_show_the_witness_on_keyboard_focus(built, browser, width):
    book = "mckay-worst-of-the-anarchists"
    r = browser.visit(html_of(built, book).resolve().as_uri(), width, probes={"em": EMENDATION_JS})
    got = r.probes["em"]
    assert got and got["describedBy"], got
    assert got["focused"] and got["before"] == "none" and got["after"] != "none", got
    assert got["witness"] in got["text"], got


@pytest.mark.parametrize("book", BOOKS)
def test_semantic_self_contained_page(built, book):
    text = html_of(built, book).read_text(encoding="utf-8")
    assert "<script" not in text
    assert not re.search(r'(src|href)="(https?:)?//', text), "no external resources"
    assert '<main id="main">' in text and "<article" in text and 'role="doc-toc"' in text
    assert "@media (prefers-color-scheme: dark)" in text and "@media print" in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "identifiers are unique"
    # paragraph numbers are links to themselves, so any paragraph can be cited by URL
    pnums = re.findall(r'<div id="([^"]+)" class="para"[^>]*>\s*<p><a href="#([^"]+)" class="pnum"', text)
    assert pnums and all(a == b for a, b in pnums)
