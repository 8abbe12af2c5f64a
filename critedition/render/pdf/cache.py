"""The layout cache: the last build's placement rules, reused where the print HTML they were found on is unchanged.

The placement passes decide each rule on the final layout of the pages before it (placement.py), so a rule
holds for as long as those pages are made of the same HTML, laid out the same way: by the same stylesheets,
fonts, WeasyPrint (mended or not), Pango (line breaking) and Pyphen (hyphenation).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from pathlib import Path

import weasyprint
from weasyprint.text.ffi import pango

from ...config import ROOT, TOOLCHAIN
from ...outputs import write_text
from .. import fonts
from ..mends import footnote_policy
from .boxes import anchor_pages
from .placement import RULE_ID

LAYOUT_CACHE_FORMAT = 2  # 2: the index is laid out apart (no index rules kept)
# The start of a block with an id: a numbered paragraph, a heading, a note of the apparatus, a list item...
_BLOCK_START = re.compile(r'<(?:div|section|p|h[1-6]|li|blockquote)\b[^>]*\bid="')


def layout_context(html: str, css: str) -> str:
    """What, besides the HTML, decides a layout: the page rule, the linked stylesheets, the fonts, and the
    versions of WeasyPrint, Pango (line breaking) and Pyphen (hyphenation)."""
    versions = (f"{weasyprint.__version__} {footnote_policy.fingerprint()} {pango.pango_version()} "
                f"{importlib.metadata.version('pyphen')}")
    h = hashlib.sha256(f"{LAYOUT_CACHE_FORMAT}\n{versions}\n{fonts.fingerprint()}\n{css}".encode())
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        try:
            h.update(Path(href).read_bytes())
        except OSError:
            h.update(f"missing {href}".encode())
    return h.hexdigest()


def _made_of_until(document, html: str, page_no: int) -> int:
    """An offset in the print HTML up to which the text decides pages 1..page_no: the start of the second
    block with an id after the last anchor (element with an id) on the page after page_no (a block more, for
    what the layout looks ahead at: widows, a heading kept with its text). The whole HTML if that cannot be
    told. Too far is safe (a rule is dropped and found again), too near is not."""
    try:
        anchors = document.pages[page_no].anchors  # page_no + 1, counted from 1
    except (AttributeError, IndexError):
        return len(html)
    offsets = [o for o in (html.find(f' id="{a}"') for a in anchors) if o >= 0]
    if not offsets:
        return len(html)
    start = max(offsets)
    for _ in range(2):
        m = _BLOCK_START.search(html, start + 1)
        if m is None:
            return len(html)
        start = m.start()
    return start


def rule_extents(document, html: str, rules: list[str], note_ids: list[str]) -> list[tuple[str, int]]:
    """Each placement rule with the HTML offset up to which it depends on the text (see _made_of_until)."""
    pages = anchor_pages(document)
    notes = set(note_ids)
    out = []
    for rule in rules:
        m = RULE_ID.match(rule)
        ident = m.group(1) if m else ""
        page = pages.get(f"{ident}-ref" if ident in notes else ident)
        out.append((rule, _made_of_until(document, html, page) if page else len(html)))
    return out


def portable(html: str) -> str:
    """The HTML as the cache keeps it: without this checkout's folder (stylesheet links), which two builds of
    one commit need not share."""
    return html.replace(str(ROOT), "$ROOT").replace(str(TOOLCHAIN), "$TOOLCHAIN")


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n  # binary search on slices: C-speed comparisons, not a character loop
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def cached_rules(cache: Path | None, html: str, context: str) -> list[str]:
    """From the last build's layout cache: the placement rules whose pages are made of the same HTML."""
    if cache is None:
        return []
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("context") != context:
            return []
        same = _common_prefix(str(data.get("html", "")), portable(html))
        return [str(rule) for rule, until in data.get("rules", []) if int(until) <= same]
    except Exception:  # a cache is only a head start: a damaged one is ignored (and rewritten on success)
        return []


def save_rules(cache: Path | None, html: str, context: str, extents: list[tuple[str, int]]) -> None:
    """Keep this build's rules, each with its extent in the portable HTML, and that HTML, for the next build."""
    if cache is None:
        return
    try:
        write_text(cache, json.dumps({"context": context, "rules": extents, "html": portable(html)},
                                     ensure_ascii=False))
    except OSError:
        pass  # the next build lays the book out from scratch: slower, the same PDF
