"""The EPUB 3 edition: one chapter file per essay, notes as EPUB footnotes, a generated cover, accessibility
metadata, byte-reproducible.

Steps (write_epub):
1. design.prepare(); notes become noteref/footnote pairs numbered per essay (filters/epub_notes.py).
2. Chapters: pandoc splits a book into chapter files only at top-level headings, and the assembled book
   keeps each essay's title inside the essay's Div. Each part's level-1 heading is lifted out in front of
   its Div (the heading carries the part's language and `epub:type`), so each essay, the textual notes and
   the bibliography become chapter files. The half-title (a print convention) is left out; the title page
   and the colophon become chapters of their own, unlisted in the contents.
3. A cover PNG (critedition/render/cover.py) and accessibility metadata (schema.org properties, summary)
   go to pandoc; pandoc writes the package (SOURCE_DATE_EPOCH and the fixed identifier make it stable).
4. The package document gets its conformance claim (EPUB Accessibility 1.1, WCAG 2.1 AA) and the cover
   page a real description; the container is rewritten with the mimetype first and fixed timestamps.
"""

from __future__ import annotations

import html
import io
import re
import tempfile
import zipfile
from pathlib import Path

import panflute as pf

from filters import epub_notes
from critedition.doc.text import descendants

from ..config import Edition
from ..diagnostics import Report
from ..doc.inlines import words
from ..outputs import zip_entry
from .. import pandoc
from . import cover, design
from ..outputs import source_date_epoch

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
FEATURES = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]


def _lift(div: pf.Div, epub_type: str | None) -> list[pf.Block]:
    """A part whose Div opens with its level-1 heading -> the heading, then the Div's other blocks.

    Pandoc makes a section (and a chapter file) of each top-level heading, moving the heading's
    attributes to it: the part's classes, language and epub:type go on the heading, so that the
    section stands where the Div stood. An empty anchor keeps the Div's identifier."""
    head = next((b for b in div.content if isinstance(b, pf.Header) and b.level == 1), None)
    if head is None:
        return [div]
    body = [b for b in div.content if b is not head]
    if epub_type:
        head.attributes["epub:type"] = epub_type
        if epub_type in DPUB_ROLES:  # the ARIA role that matches the epub:type (DAISY Ace asks for both)
            head.attributes["role"] = f"doc-{epub_type}"
    for key, value in div.attributes.items():
        if key == "lang":
            head.attributes["lang"] = value
    head.classes.extend(c for c in div.classes if c not in head.classes)
    anchor = [pf.Div(identifier=div.identifier, classes=["anchor"])] if div.identifier else []
    return [head, *anchor, *body]


def _title_page(div: pf.Div, title: str) -> list[pf.Block]:
    rest = [b for b in div.content
            if not (isinstance(b, pf.Para) and any(isinstance(i, pf.Span) and "book-title" in i.classes
                                                    for i in b.content))]
    div.content = rest
    head = pf.Header(pf.Str(title), level=1, identifier="title-page-title", classes=["unlisted", "book-title"],
                     attributes={"epub:type": "titlepage"})
    return [head, div]


EPUB_TYPES = {"essay": "chapter", "back": "appendix", "matter": None}
DPUB_ROLES = {"chapter", "introduction", "appendix", "bibliography", "index", "glossary", "foreword", "preface",
              "prologue", "epilogue", "conclusion", "afterword", "acknowledgments", "colophon"}
EPUB_TYPES_BY_ID = {"bibliography-section": "bibliography", "index": "index"}
EPUB_TYPES_BY_CLASS = {"editorial": "introduction"}


def chapters(doc: pf.Doc, title: str) -> pf.Doc:
    out: list[pf.Block] = []
    for block in list(doc.content):
        kind = design.kind_of(block)
        ident = block.identifier if isinstance(block, pf.Div) else ""
        if ident == "half-title":
            continue
        if ident == "title-page":
            out.extend(_title_page(block, title))
        elif ident == "colophon":
            out.extend([pf.Header(*words("About this edition"), level=1, identifier="colophon-title",
                                  classes=["unlisted"], attributes={"epub:type": "copyright-page"}), block])
        elif kind in ("essay", "back", "matter"):
            epub_type = EPUB_TYPES_BY_ID.get(ident) or next(
                (t for c, t in EPUB_TYPES_BY_CLASS.items() if c in block.classes), EPUB_TYPES[kind])
            out.extend(_lift(block, epub_type))
        else:
            out.append(block)
    doc.content = out
    return doc


def summary(edition: Edition, book_id: str, notes: int) -> str:
    book = edition.book(book_id)
    parts = [f"{book.title}: a critical edition in reflowable text, with a navigable table of contents "
             "of essays and their sections, headings in reading order, and language marked per essay."]
    if notes:
        parts.append("The authors' notes are linked footnotes, numbered per essay as in print, each with a "
                     "link back to its call.")
    parts.append("Paragraphs are numbered for reference; editorial emendations are marked in the text and "
                 "listed with the witnesses' readings in the textual notes. The only image is the cover, "
                 "which carries the title and authors also given in the text. No hazards.")
    return " ".join(parts)


def _set_meta(doc: pf.Doc, key: str, value) -> None:
    doc.metadata[key] = pf.MetaList(*[pf.MetaString(v) for v in value]) if isinstance(value, list) \
        else pf.MetaString(value)


def _landmarks(nav: str, files: dict[str, str], marks: list[tuple[str, str, str]]) -> str:
    """Add landmarks (title page, start of the text, notes, bibliography) to pandoc's, which has only
    the cover and the contents."""
    items = []
    for epub_type, ident, label in marks:
        where = files.get(ident)
        if where and f'epub:type="{epub_type}"' not in nav:
            items.append(f'    <li>\n      <a href="{where}#{ident}" epub:type="{epub_type}">{label}</a>\n    </li>\n')
    if not items:
        return nav
    head, sep, tail = nav.partition('<nav epub:type="landmarks"')
    if not sep:
        return nav
    body, end, rest = tail.partition("  </ol>")
    return head + sep + body + "".join(items) + end + rest


def _plain_cover(xhtml: str, alt: str) -> str:
    """Pandoc's cover page wraps the image in inline SVG; an <img> with a description is simpler for
    reading systems and assistive technology, and leaves no SVG (a scriptable format) in the book."""
    m = re.search(r'<div id="cover-image">.*?xlink:href="([^"]+)".*?</div>', xhtml, re.S)
    if not m:
        return xhtml
    img = f'<div id="cover-image">\n<img role="doc-cover" src="{m.group(1)}" alt="{alt}" />\n</div>'
    return xhtml[:m.start()] + img + xhtml[m.end():]


def postprocess(data: bytes, cover_alt: str, marks: list[tuple[str, str, str]] = (), version: str = "") -> bytes:
    """The conformance claim, the edition's version, landmarks and cover description in; the container
    rewritten reproducibly."""
    epoch = int(source_date_epoch())
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    files: dict[str, str] = {}  # identifier -> chapter file, relative to the nav document
    for name in names:
        if name.startswith("EPUB/text/") and name.endswith(".xhtml"):
            for ident in re.findall(r'\bid="([^"]+)"', src.read(name).decode("utf-8")):
                files.setdefault(ident, name[len("EPUB/"):])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        order = ["mimetype"] + [n for n in names if n != "mimetype"]
        for name in order:
            body = src.read(name)
            if name.endswith(".opf"):
                text = body.decode("utf-8")
                # _plain_cover made the cover page a plain image: the package holds no SVG
                text = re.sub(r'(<item id="cover_xhtml"[^>]*?) properties="svg"', r"\1", text)
                if "dcterms:conformsTo" not in text:
                    text = text.replace(
                        "  </metadata>",
                        f'    <meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>\n  </metadata>', 1)
                if version and "schema:version" not in text:  # schema: is a prefix EPUB 3 reserves
                    text = text.replace(
                        "  </metadata>",
                        f'    <meta property="schema:version">{html.escape(version)}</meta>\n  </metadata>', 1)
                body = text.encode("utf-8")
            elif name.endswith("nav.xhtml"):
                body = _landmarks(body.decode("utf-8"), files, list(marks)).encode("utf-8")
            elif name.endswith("cover.xhtml"):
                body = _plain_cover(body.decode("utf-8"), cover_alt).encode("utf-8")
            info = zip_entry(name, epoch, stored=name == "mimetype")
            z.writestr(info, body, compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()


def write_epub(doc: pf.Doc, edition: Edition, book_id: str, out: Path, target: str, report: Report) -> None:
    book = edition.book(book_id)
    doc = design.prepare(doc, edition)
    notes = sum(1 for _ in _notes(doc))
    doc = epub_notes.run(doc)
    doc = chapters(doc, book.title)
    authors = [str(a) for a in doc.get_metadata("author", [])]
    _set_meta(doc, "accessModes", ["textual"])
    _set_meta(doc, "accessModeSufficient", ["textual"])
    _set_meta(doc, "accessibilityFeatures", FEATURES)
    _set_meta(doc, "accessibilityHazards", ["none"])
    _set_meta(doc, "accessibilitySummary", summary(edition, book_id, notes))
    with tempfile.TemporaryDirectory() as tmp:
        png = cover.make_cover(Path(tmp) / "cover.png", book.title, book.settings.subtitle, authors,
                               edition.settings.publisher)
        raw = Path(tmp) / "book.epub"
        pandoc.run([*pandoc.defaults("epub"), "--epub-cover-image", str(png), "--output", str(raw)],
                   pandoc.doc_to_json(doc), "pandoc epub", target)
        data = raw.read_bytes()
    alt = html.escape(f"Cover: {book.title}, by {' and '.join(authors)}", quote=True)
    first = next((b for b in doc.content if isinstance(b, pf.Header) and "essay" in b.classes), None)
    marks = [("titlepage", "title-page-title", "Title page"),
             *([("bodymatter", first.identifier, "Start of the text")] if first is not None else []),
             ("appendix", "textual-notes", "Textual notes"),
             ("bibliography", "bibliography", "Bibliography")]
    out.write_bytes(postprocess(data, alt, marks, edition.settings.version))


def _notes(doc: pf.Doc):
    return [e for e in descendants(doc) if isinstance(e, pf.Note)]
