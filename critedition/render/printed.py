"""The print edition: the cited book made into print HTML, then laid out by WeasyPrint into a PDF.

Steps (render_pdf):
1. prepare(): notes become footnote spans (filters/print_notes.py), paragraph-number links become plain
   marks, a contents page is inserted after the colophon.
2. WeasyPrint lays the book out with the trim size from edition.yaml (`page-size`) as an @page rule.
3. Footnote placement. WeasyPrint 70 as released can send a note to the page after its call's; with the
   mend of render/mends/footnote_policy.py (applied to WeasyPrint 70.0 only) it does not, and this step only
   checks, finding nothing (one layout). Without the mend: in each chapter, the first note whose page
   differs from its call's page (read from the layout's anchors) gets `footnote-policy: line` (the call's
   line moves over with its note), the paragraph squeezed in at the foot of the call's page goes over,
   and the book is laid out again, at most MAX_PASSES times; notes still astray, or running past the page,
   are reported. One note per chapter and pass, first to last (chapters open on rectos, so they lay out
   independently): every rule is then decided on the final layout of the pages before it, and the rules
   of a book are a function of its text alone. That is what lets the next build reuse them: they are kept
   in build/cache/<book>.layout.json with the print HTML, and a build starts from those whose pages are
   made of the same HTML as before (an edit near the end of a book, such as a bibliography entry, keeps
   them all), making the same PDF as a build from clean with fewer passes.
4. The index of names, whose entries were left out of steps 2-3, is laid out as a document of its own once
   the pages it points to are known: each reference gets its page, once per name and essay. Its pages
   follow the book's (the index is the last part and opens on a recto), numbered on (with_index).
5. Paragraph numbers, laid out in the left margin, are moved into the right margin on recto pages, so that
   they always sit in the outer margin (a change of position only: the layout is not touched).
6. Metadata (critedition/metadata.py, written by render/pdfmeta.py: Info and XMP), then write.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from filters import print_notes
from critedition.doc.text import descendants, transform

from ..config import ROOT, TOOLCHAIN, Edition, design_folder
from ..diagnostics import EditionError, Report, make
from ..book import metadata
from ..book.metadata import BookMetadata
from . import design, pdf
from .mends import footnote_policy, page_references
from ..outputs import source_date_epoch

MAX_PASSES = 8
DEFAULT_SIZE = "6in 9in"
_LENGTH = r"\d+(\.\d+)?(in|mm|cm|pt|pc|px)"
_SIZE = re.compile(rf"^(?:(?:A[3-6]|B[4-5]|letter|legal|JIS-B5)(?:\s+(?:portrait|landscape))?|{_LENGTH}\s+{_LENGTH})$",
                   re.I)


def page_size(edition: Edition, report: Report | None = None, target: str = "") -> str:
    """The trim size from edition.yaml (`page-size`): two lengths (`6in 9in`) or a name (`A5`)."""
    size = str(edition.data.get("page-size") or DEFAULT_SIZE).strip()
    if not _SIZE.match(size):
        if report is not None:
            report.add("TOOL-002", edition.file, detail=f"page-size {size!r} is not a page size "
                       f"(use two lengths such as '6in 9in', or A5); using {DEFAULT_SIZE}")
        size = DEFAULT_SIZE
    return size


def page_css(size: str) -> str:
    """WeasyPrint takes extra stylesheets as *user* stylesheets: the passes' rules are !important so that
    they win over the author's print.css."""
    return f"@page {{ size: {size} !important; }}\n"


# ---- 1. the print Doc ---------------------------------------------------------------------------------

def _link_text(elem: pf.Element) -> list[pf.Inline]:
    return [pf.Str(pf.stringify(elem))]


def contents(doc: pf.Doc) -> pf.Div:
    """The contents page: the editorial parts, each essay (title, author) with its sections, the back matter."""
    entries: list[pf.Block] = []

    def entry(kind: str, head: pf.Header, extra: list[pf.Block] = ()) -> pf.Div:
        link = pf.Link(*_link_text(head), url=f"#{head.identifier}", classes=["toc-link"])
        return pf.Div(pf.Plain(link), *extra, classes=["toc-entry", f"toc-{kind}"])

    for block in doc.content:
        kind = design.kind_of(block)
        if kind in (None, "front"):
            continue
        head = design.first_heading(block)
        if head is None or not head.identifier:
            continue
        if kind == "essay":
            author = head.attributes.get("data-author", "")
            extra = [pf.Plain(pf.Span(pf.Str(author), classes=["toc-author"]))] if author else []
            entries.append(entry("essay", head, extra))
            sections = [e for e in descendants(block) if isinstance(e, pf.Header) and e.level == 2
                        and "unlisted" not in e.classes and e.identifier]
            entries.extend(entry("section", h) for h in sections)
        else:
            entries.append(entry("back" if kind == "back" else "matter", head))
    title = pf.Header(pf.Str("Contents"), level=1, identifier="contents-title", classes=["unnumbered", "unlisted"])
    return pf.Div(title, *entries, identifier="contents", classes=["contents"])


def _plain_pnum(elem: pf.Element, doc: pf.Doc):
    """In print a paragraph number is a mark in the margin, not a link to itself."""
    if isinstance(elem, pf.Link) and "pnum" in elem.classes:
        return pf.Span(*elem.content, classes=["pnum"])
    return None


def _index_refs(doc: pf.Doc) -> None:
    """Each reference of the index of names, with the comma before it, becomes a span that knows its target
    and its group (one essay within one name), so that a later pass can drop repeated page numbers."""
    index = next((b for b in doc.content if isinstance(b, pf.Div) and "index" in b.classes), None)
    if index is None:
        return
    n = group = 0
    for para in [b for b in index.content if isinstance(b, (pf.Para, pf.Plain))]:
        out: list[pf.Inline] = []
        items = list(para.content)
        for item in items:
            if isinstance(item, pf.Emph):
                group += 1
            if isinstance(item, pf.Link) and "index-ref" in item.classes:
                n += 1
                lead = []
                if len(out) >= 2 and isinstance(out[-1], pf.Space) and isinstance(out[-2], pf.Str) and out[-2].text == ",":
                    lead = [out.pop(-2), out.pop(-1)]
                out.append(pf.Span(*lead, item, identifier=f"ix-{n}", classes=["ix-ref"],
                                   attributes={"data-target": item.url.lstrip("#"), "data-group": str(group)}))
            else:
                out.append(item)
        para.content = out


def prepare(doc: pf.Doc, edition: Edition) -> pf.Doc:
    doc = design.prepare(doc, edition)
    doc = print_notes.run(doc)
    doc = transform(doc, _plain_pnum)
    for block in doc.content:  # every titled part opens on a recto, on a page without running head
        if design.kind_of(block) in ("essay", "back", "matter") and "chapter" not in block.classes:
            block.classes.append("chapter")
    _index_refs(doc)
    toc = contents(doc)
    after = next((i for i, b in enumerate(doc.content) if isinstance(b, pf.Div) and b.identifier == "colophon"), None)
    if after is None:
        after = max((i for i, b in enumerate(doc.content) if isinstance(b, pf.Div) and "frontmatter" in b.classes),
                    default=-1)
    doc.content.insert(after + 1, toc)
    return doc


# ---- 2-5. WeasyPrint ----------------------------------------------------------------------------------

@dataclass
class Layout:
    """What the passes learned: notes moved to their call's page, notes still astray, overfull pages."""
    passes: int = 0
    fixed: list[str] = field(default_factory=list)
    astray: list[tuple[str, int, int]] = field(default_factory=list)  # (note id, call page, note page)
    overfull: list[int] = field(default_factory=list)  # pages whose notes run past the bottom margin
    pnums_moved: int = 0
    rules: list[str] = field(default_factory=list)  # the CSS the passes added
    index_pages: int = 0  # laid out apart, after the book (with_index)
    mend: footnote_policy.Status | None = None  # WeasyPrint's footnote-policy mend, applied or why not
    reused: int = 0  # placement rules taken from the last build's layout cache


def anchor_pages(document) -> dict[str, int]:
    pages: dict[str, int] = {}
    for i, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, i)
    return pages


def astray_notes(document, note_ids: list[str]) -> list[tuple[str, int, int]]:
    pages = anchor_pages(document)
    out = []
    for ident in note_ids:
        call, note = pages.get(f"{ident}-ref"), pages.get(ident)
        if call is not None and note is not None and call != note:
            out.append((ident, call, note))
    return out


def _walk_boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _walk_boxes(child)


def _body_lines(box, chain=()):
    """The page's line boxes in the text (not in the margins or the footnote area), each with its ancestors."""
    kind = type(box).__name__
    if kind in ("FootnoteAreaBox", "MarginBox"):
        return
    chain = (*chain, box)
    if kind == "LineBox":
        yield chain
        return
    for child in getattr(box, "children", ()) or ():
        yield from _body_lines(child, chain)


def _para_of(chain) -> str | None:
    for b in reversed(chain):
        el = getattr(b, "element", None)
        if el is not None and "para" in (el.get("class") or "").split() and el.get("id"):
            return el.get("id")
    return None


def squeezed_paragraph(document, page_no: int) -> tuple[str, int, bool] | None:
    """The numbered paragraph that ends the text of a page: (its id, its lines on the page, starts there).

    WeasyPrint makes room for the last line of a page by sending the page's last footnote to the next page
    (its call stays): that line's paragraph is the one to move."""
    try:
        lines = list(_body_lines(document.pages[page_no - 1]._page_box))
    except (AttributeError, IndexError):
        return None
    if not lines:
        return None
    ident = _para_of(lines[-1])
    if ident is None:
        return None
    on_page = sum(1 for c in lines if _para_of(c) == ident)
    starts = True
    if page_no > 1:
        try:
            starts = not any(_para_of(c) == ident for c in _body_lines(document.pages[page_no - 2]._page_box))
        except AttributeError:
            pass
    return ident, on_page, starts


_CHAPTER = re.compile(r'<div\b[^>]*\bclass="[^"]*(?<![\w-])chapter(?![\w-])')  # attributes in any order


def first_per_chapter(html: str, astray: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The first astray note of each chapter (by call page, then by place in the text)."""
    import bisect

    starts = [m.start() for m in _CHAPTER.finditer(html)]
    first: dict[int, tuple[int, int, tuple[str, int, int]]] = {}
    for a in astray:
        at = html.find(f'id="{a[0]}"')
        chapter = bisect.bisect_right(starts, at)
        if chapter not in first or (a[1], at) < first[chapter][:2]:
            first[chapter] = (a[1], at, a)
    return [v[2] for _, v in sorted(first.items())]


def placement_css(document, astray: list[tuple[str, int, int]]) -> list[str]:
    """Rules for the next pass: the note may take its call's line along (footnote-policy: line), and the
    paragraph squeezed in at the foot of the call's page goes over to the next page (whole, if it only
    starts there; else one more line of it)."""
    rules = []
    for ident, call, _note in astray:
        rules.append(f"#{ident} {{ footnote-policy: line !important; }}")
        found = squeezed_paragraph(document, call)
        if found is None:
            continue
        para, lines, starts = found
        if starts and lines <= 4:
            rules.append(f"#{para} {{ break-before: page !important; }}")
        else:
            rules.append(f"#{para} p {{ widows: 3 !important; }}")
    return rules


def overfull_pages(document) -> list[int]:
    """Pages whose footnote area starts above its own top or ends below the page's bottom margin."""
    out = []
    for i, page in enumerate(document.pages, 1):
        box = getattr(page, "_page_box", None)
        if box is None:
            continue
        area = next((c for c in box.children if type(c).__name__ == "FootnoteAreaBox"), None)
        if area is None or not area.children:
            continue
        bottom = box.content_box_y() + box.height
        if area.position_y + area.margin_height() > bottom + 0.5 or area.position_y < box.content_box_y():
            out.append(i)
    return out


_IX = re.compile(r'<span id="(ix-\d+)" class="ix-ref" data-target="([^"]+)" data-group="(\d+)">(.*?)</span>', re.S)
_INDEX = re.compile(r'<div id="index" class="[^"]*(?<![\w-])index(?![\w-])[^"]*"[^>]*>')


def split_index(html: str) -> tuple[str, str | None]:
    """The print HTML with the index's entries left out (its heading stays, so that the contents and the
    page count see it), and a document of the index alone, or None for a book without one.

    The index is the book's last part (book.assemble) and opens on a recto: it is laid out on its own once
    the pages it points to are known, with each page written in and given once per name and essay."""
    m = _INDEX.search(html)
    if m is None:
        return html, None
    end = html.index("</main>", m.end())
    index = html[m.start():end]
    entries = re.compile(r"<p>.*?</p>\n?", re.S)  # an index entry is a paragraph, and holds none
    main = html[:m.start()] + entries.sub("", index) + html[end:]
    body = html.index("<main>") + len("<main>\n")
    return main, html[:body] + index + html[end:]


def paged_index(index_html: str, pages: dict[str, int]) -> str:
    """The index with the page of each reference as its text, a page given once per name and essay (the
    reference after the first to the same page goes, with its comma)."""
    last: dict[str, int | None] = {}

    def page_of(m: re.Match) -> str:
        ident, target, group, inner = m.groups()
        page = pages.get(target)
        if page is not None and last.get(group) == page:
            return ""
        last[group] = page
        if page is None:  # not laid out (never so for the book's own index): the paragraph or note still says where
            return m.group(0)
        return m.group(0).replace(inner, re.sub(r"(<a\b[^>]*>).*?(</a>)", rf"\g<1>{page}\2", inner, flags=re.S))

    return _IX.sub(page_of, index_html)


def with_index(document, index_html: str, css: str, fetcher):
    """The book's pages up to its index, then the index laid out as a document of its own, its pages
    numbered on from there (what a second layout of the whole book would give, for the index's cost)."""
    import weasyprint

    pages = anchor_pages(document)
    first = pages.get("index")
    if first != len(document.pages):  # the stub's heading is on the last page, alone
        raise ValueError(f"the index does not open the book's last page ({first} of {len(document.pages)})")
    index = weasyprint.HTML(string=paged_index(index_html, pages), base_url=str(ROOT) + "/", url_fetcher=fetcher)
    numbered = f"\n@page :first {{ counter-set: page {first}; }}"
    tail = index.render(stylesheets=[weasyprint.CSS(string=css + numbered)])
    return document.copy(document.pages[:first - 1] + tail.pages)


def move_pnums_outward(document) -> int:
    """On recto pages, move each paragraph number from the left margin to the right one.

    Uses WeasyPrint's page boxes (pinned version): positions change, nothing is laid out again."""
    moved = 0
    for page in document.pages:
        box = getattr(page, "_page_box", None)
        if box is None or getattr(box.page_type, "side", None) != "right":
            continue
        left, width = box.content_box_x(), box.width
        for b in _walk_boxes(box):
            el = getattr(b, "element", None)
            if (el is None or getattr(b, "element_tag", "") != "span" or "pnum" not in (el.get("class") or "").split()
                    or not b.is_absolutely_positioned()):
                continue
            border_x = b.position_x + b.margin_left
            gap = left - (border_x + b.border_width())  # between the number and the text (its margin)
            b.translate(dx=(left + width + gap) - border_x)
            moved += 1
    return moved


def _metadata(document, about: BookMetadata) -> None:
    from . import pdfmeta  # imports WeasyPrint: only when a PDF is written

    stamp = dt.datetime.fromtimestamp(int(source_date_epoch()), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    pdfmeta.apply(document, about, stamp)


# ---- the layout cache: placement rules that still hold --------------------------------------------------

LAYOUT_CACHE_FORMAT = 2  # 2: the index is laid out apart (no index rules kept)
# The start of a block with an id: a numbered paragraph, a heading, a note of the apparatus, a list item...
_BLOCK_START = re.compile(r'<(?:div|section|p|h[1-6]|li|blockquote)\b[^>]*\bid="')
_RULE_ID = re.compile(r"^#([\w.-]+)")


def _context(html: str, css: str) -> str:
    """What, besides the HTML, decides a layout: the page rule, the linked stylesheets, the fonts, and the
    versions of WeasyPrint, Pango (line breaking) and Pyphen (hyphenation)."""
    import hashlib
    import importlib.metadata

    import weasyprint
    from weasyprint.text.ffi import pango

    versions = (f"{weasyprint.__version__} {footnote_policy.fingerprint()} {pango.pango_version()} "
                f"{importlib.metadata.version('pyphen')}")
    h = hashlib.sha256(f"{LAYOUT_CACHE_FORMAT}\n{versions}\n{pdf.book_face_files()}\n{css}".encode())
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
        m = _RULE_ID.match(rule)
        ident = m.group(1) if m else ""
        page = pages.get(f"{ident}-ref" if ident in notes else ident)
        out.append((rule, _made_of_until(document, html, page) if page else len(html)))
    return out


def _portable(html: str) -> str:
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
    import json

    if cache is None:
        return []
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("context") != context:
            return []
        same = _common_prefix(str(data.get("html", "")), _portable(html))
        return [str(rule) for rule, until in data.get("rules", []) if int(until) <= same]
    except Exception:  # a cache is only a head start: a damaged one is ignored (and rewritten on success)
        return []


def save_rules(cache: Path | None, html: str, context: str, extents: list[tuple[str, int]]) -> None:
    import json

    from ..outputs import write_text

    if cache is None:
        return
    try:
        write_text(cache, json.dumps({"context": context, "rules": extents, "html": _portable(html)},
                                     ensure_ascii=False))
    except OSError:
        pass  # the next build lays the book out from scratch: slower, the same PDF


def render_pdf(html: str, out: Path, target: str, report: Report, meta: BookMetadata, size: str,
               variant: str | None = None, cache: Path | None = None) -> Layout:
    """Lay out the print HTML (with the placement passes) and write the PDF; return what the passes did.

    With `cache` (build/cache/<book>.layout.json), start from the placement rules of the last build that
    still hold, and keep this build's rules there."""
    import weasyprint

    pdf.check_book_face(report, target)
    layout = Layout(mend=footnote_policy.apply())
    page_references.apply()  # the same bytes either way, written faster (render/mends/page_references.py)
    fetcher = pdf.project_fetcher()
    handler = pdf.Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    html, index_html = split_index(html)  # from here on, `html` is the book without its index's entries
    note_ids = re.findall(r'<span id="([^"]+)" class="footnote\b', html)
    try:
        source = weasyprint.HTML(string=html, base_url=str(ROOT) + "/", url_fetcher=fetcher)
        context = _context(html, page_css(size))
        rules = cached_rules(cache, html, context)  # footnote placement, kept from pass to pass
        layout.reused = len(rules)
        notes = set(note_ids)
        # Notes already given a rule (here or by the build that found the cached rules): each note is treated
        # once, so that a note its rule cannot help does not hold up the rest of its chapter.
        treated = [m.group(1) for r in rules if (m := _RULE_ID.match(r)) and m.group(1) in notes]
        settled = False
        while True:
            # Sorted: the same rules give the same stylesheet, whichever pass (or build) found them.
            css = page_css(size) + "\n".join(sorted(rules))
            document = None  # free the last layout first: two layouts at once nearly double the peak
            document = source.render(stylesheets=[weasyprint.CSS(string=css)])
            layout.passes += 1
            astray = astray_notes(document, note_ids)
            pending = [a for a in astray if a[0] not in treated]
            settled = not pending
            if settled or layout.passes >= MAX_PASSES:
                break
            now = first_per_chapter(html, pending)
            rules.extend(r for r in placement_css(document, now) if r not in rules)
            treated.extend(a[0] for a in now if a[0] not in treated)
        layout.fixed = [i for i in treated if i not in {a[0] for a in astray}]
        layout.astray = astray
        layout.rules = rules
        extents = rule_extents(document, _portable(html), rules, note_ids)  # offsets as the cache keeps it
        if index_html is not None:
            book_pages = len(document.pages)  # the last is the index's heading alone, which the index replaces
            document = with_index(document, index_html, css, fetcher)
            layout.index_pages = len(document.pages) - book_pages + 1
        layout.overfull = overfull_pages(document)
        layout.pnums_moved = move_pnums_outward(document)
        _metadata(document, meta)
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
    for msg in handler.messages:
        report.add("TOOL-002", target, detail=f"WeasyPrint: {msg}")
    for ident, call, note in layout.astray:
        report.add("TOOL-002", target, detail=f"footnote {ident} is on page {note}, its call on page {call}")
    for page in layout.overfull:
        report.add("TOOL-002", target, detail=f"the footnotes on page {page} run past the bottom margin")
    return layout


def meta_for(edition: Edition, book_id: str, doc: pf.Doc) -> BookMetadata:
    return metadata.for_book(edition, edition.book(book_id), [str(a) for a in doc.get_metadata("author", [])])


def pdf_variant() -> str | None:
    """The PDF variant (`pdf/ua-1`, `pdf/a-3u`...) set as `variables: pdf-variant:` in edition/defaults/pdf.yaml."""
    import yaml

    try:
        data = yaml.safe_load((design_folder("defaults") / "pdf.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    value = (data.get("variables") or {}).get("pdf-variant")
    return str(value) if value else None


def write_pdf(doc: pf.Doc, edition: Edition, book_id: str, out: Path, target: str, report: Report,
              variant: str | None = None, cache: Path | None = None) -> Layout:
    """The whole print path for one book: prepare, pandoc (print HTML), WeasyPrint with its passes.

    The Doc is used up (prepare changes it, as every format's design step does): once the print HTML is
    made its content is dropped, so that the layout can have its memory (80 MB of 1.45 GB at 20x)."""
    from .. import pandoc

    variant = variant or pdf_variant()
    meta = meta_for(edition, book_id, doc)
    printed = prepare(doc, edition)
    html = pandoc.to_string(printed, "pdf", target)
    # Its elements point to their parents, so the cycle collector frees them, early in the layout's own
    # allocations (a collection called here cost 0.03-0.04 s a book and freed no more: 1373 against 1366 MB).
    printed.content.clear()
    layout = render_pdf(html, out, target, report, meta, page_size(edition, report, target), variant, cache)
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
