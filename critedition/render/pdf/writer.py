"""Write a book's PDF: prepare the print HTML, lay it out with its placement passes and its index, and write it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import panflute as pf
import weasyprint

from ...config import ROOT, Edition
from ...diagnostics import EditionError, Report, make
from ... import pandoc
from ...book.metadata import BookMetadata
from .. import fonts, pages as paging
from ..mends import footnote_policy, page_references
from . import metadata
from .boxes import overfull_pages
from .cache import cached_rules, layout_context, portable, rule_extents, save_rules
from .fetch import project_fetcher
from .index import split_index, with_index
from .margins import move_pnums_outward
from .pagination import index_targets, page_starts
from .placement import Layout, place, stylesheet
from .prepare import prepare
from .settings import page_css, page_size, pdf_variant

# The mends change WeasyPrint's and pydyf's code for the whole process: put in place once, here, so that every
# layout and write of the process is made alike (render/mends; CRIT_WEASYPRINT_FIX=0 keeps them off).
footnote_policy.apply()
page_references.apply()  # the same bytes either way, written faster


class Collect(logging.Handler):
    """Gathers WeasyPrint's warnings during a write, for the report."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf(html: str, out: Path, target: str, report: Report, meta: BookMetadata, size: str,
               variant: str | None = None, cache: Path | None = None, pages: Path | None = None,
               book: str = "") -> Layout:
    """Lay out the print HTML (with the placement passes) and write the PDF; return what the passes did.

    With `cache` (build/cache/<book>.layout.json), start from the placement rules of the last build that
    still hold, and keep this build's rules there. With `pages` (build/cache/<book>.pages.json), record
    where each page begins, for the HTML and the EPUB of the book's text `book` (render/pages.py)."""
    fonts.check(target)
    fonts.use_edition_fonts()  # each layout loads fontconfig's configuration anew
    layout = Layout(mend=footnote_policy.status())
    fetcher = project_fetcher()
    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    html, index_html = split_index(html)  # from here on, `html` is the book without its index's entries
    note_ids = re.findall(r'<span id="([^"]+)" class="footnote\b', html)
    try:
        source = weasyprint.HTML(string=html, base_url=str(ROOT) + "/", url_fetcher=fetcher)
        context = layout_context(html, page_css(size))
        rules = cached_rules(cache, html, context)  # footnote placement, kept from pass to pass
        layout.reused = len(rules)
        document, settled = place(source, html, note_ids, size, rules, layout)
        extents = rule_extents(document, portable(html), rules, note_ids)  # offsets as the cache keeps it
        starts: list[dict] = []
        if index_html is not None:
            book_pages = len(document.pages)  # the last is the index's heading alone, which the index replaces
            starts = page_starts(document.pages[:book_pages - 1], paging.read(html)) if pages else []
            document, paged = with_index(document, index_html, stylesheet(size, rules), fetcher)
            layout.index_pages = len(document.pages) - book_pages + 1
            if pages:
                starts += page_starts(document.pages[book_pages - 1:], paging.read(paged), book_pages)
        elif pages:
            starts = page_starts(document.pages, paging.read(html))
        layout.overfull = overfull_pages(document)
        layout.pnums_moved = move_pnums_outward(document)
        metadata.apply(document, meta, metadata.build_time())
        options = {"pdf_variant": variant} if variant else {}
        document.write_pdf(out, uncompressed_pdf=False, custom_metadata=True, **options)
    except Exception as e:  # WeasyPrint raises many kinds; each one is a failed step, not a crash
        raise EditionError([make("OUT-001", target, step="WeasyPrint", target=target, detail=str(e))]) from e
    finally:
        logger.removeHandler(handler)
    if fetcher.refused:  # raised before the PDF is moved into place: the previous book stays
        raise EditionError([make("OUT-001", target, step="WeasyPrint fetch", target=target, detail=f"refused {url}")
                            for url in fetcher.refused])
    # Rules that did not settle within MAX_PASSES are not kept: the next build would go on from them where a
    # build from clean stops, and make another PDF.
    save_rules(cache, html, context, extents if settled else [])
    if pages:
        targets = index_targets(document, re.findall(r'<span id="ix-\d+" class="ix-ref" data-target="([^"]+)"',
                                                      index_html or ""))
        paging.save(pages, book, starts, targets)
    for msg in handler.messages:
        report.add("TOOL-002", target, detail=f"WeasyPrint: {msg}")
    for ident, call, note in layout.astray:
        report.add("TOOL-002", target, detail=f"footnote {ident} is on page {note}, its call on page {call}")
    for page in layout.overfull:
        report.add("TOOL-002", target, detail=f"the footnotes on page {page} run past the bottom margin")
    return layout


def write_pdf(doc: pf.Doc, edition: Edition, book_id: str, out: Path, target: str, report: Report,
              variant: str | None = None, cache: Path | None = None, pages: Path | None = None,
              data: bytes | None = None) -> Layout:
    """The whole print path for one book: prepare, pandoc (print HTML), WeasyPrint with its passes.

    The Doc is used up (prepare changes it, as every format's design step does): once the print HTML is
    made its content is dropped, so that the layout can have its memory. `data`: the Doc's JSON, if the caller
    has it (its hash names the text the pagination is of)."""
    variant = variant or pdf_variant()
    book = paging.book_hash(pandoc.doc_to_json(doc) if data is None else data) if pages else ""
    meta = metadata.for_book(edition, book_id, doc)
    printed = prepare(doc, edition)
    html = pandoc.to_string(printed, "pdf", target)
    # Its elements point to their parents, so the cycle collector frees them, early in the layout's own
    # allocations: no collection is called for here (bench/README.md).
    printed.content.clear()
    layout = render_pdf(html, out, target, report, meta, page_size(edition), variant, cache, pages,
                        book)
    plural = "s" if layout.index_pages > 1 else ""
    print(f"  {target}: {layout.passes} layout pass{'es' if layout.passes > 1 else ''}"
          f"{f' (and the index apart: {layout.index_pages} page{plural})' if layout.index_pages else ''}"
          f"{f', {layout.reused} placement rule(s) from the last build' if layout.reused else ''}"
          f"{f', {len(layout.fixed)} note(s) brought to their call page' if layout.fixed else ''}"
          f"{f', {len(layout.astray)} still astray' if layout.astray else ''}, {layout.pnums_moved} paragraph "
          f"numbers moved to recto margins{', ' + variant if variant else ''}"
          f"{'' if layout.mend is None or layout.mend.applied else f' (WeasyPrint not mended: {layout.mend.reason})'}",
          flush=True)
    return layout
