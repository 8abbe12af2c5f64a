"""The EPUB's package once pandoc has written it: what pandoc does not do, then the container made reproducible.

- each chapter file's title is its heading (pandoc gives its file name);
- a marker where each page of the print edition begins, a page-list in the navigation document, the index's
  page links pointing into the right file, and the print edition named as the pages' source;
- the edition's fonts, cut down to the book's characters (render/webfonts.py), with their licences, declared
  in the package document and in the stylesheet;
- landmarks, the conformance claim, the version, and a plain cover image with its description;
- the container rewritten with `mimetype` first and stored, and every entry dated from the build date.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..diagnostics import Report
from ..outputs import source_date_epoch, zip_entry
from . import digital, fonts
from .webfonts import Subset, font_face_css

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
FONT_FOLDER = "EPUB/fonts/"


@dataclass
class Package:
    """What the package gets besides pandoc's work."""
    cover_alt: str
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # landmarks: (epub:type, id, label)
    version: str = ""
    source: str = ""  # the print edition the page numbers are of (its identifier)
    pagination: dict | None = None
    subsets: list[Subset] = field(default_factory=list)


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


def _page_list(nav: str, pages: list[tuple[int, str]]) -> str:
    """The navigation document's page-list: each print page, linked to its marker."""
    if not pages:
        return nav
    items = "".join(f'    <li><a href="{where}#{digital.page_id(page)}">{page}</a></li>\n' for page, where in pages)
    block = (f'<nav epub:type="page-list" role="doc-pagelist" id="page-list" aria-labelledby="page-list-title" '
             f'hidden="hidden">\n  <h2 id="page-list-title">Pages of the print edition</h2>\n  <ol>\n{items}  </ol>\n'
             f'</nav>\n')
    at = nav.rindex("</body>")
    return nav[:at] + block + nav[at:]


def _plain_cover(xhtml: str, alt: str) -> str:
    """Pandoc's cover page wraps the image in inline SVG; an <img> with a description is simpler for
    reading systems and assistive technology, and leaves no SVG (a scriptable format) in the book."""
    m = re.search(r'<div id="cover-image">.*?xlink:href="([^"]+)".*?</div>', xhtml, re.S)
    if not m:
        return xhtml
    img = f'<div id="cover-image">\n<img role="doc-cover" src="{m.group(1)}" alt="{alt}" />\n</div>'
    return xhtml[:m.start()] + img + xhtml[m.end():]


def _titled(xhtml: str) -> str:
    """The chapter file's title is its first heading (WCAG 2.4.2), not its file name."""
    m = re.search(r"<h([1-6])\b[^>]*>(.*?)</h\1>", xhtml, re.S)
    if m is None:
        return xhtml
    title = html.escape(" ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).split()), quote=False)
    return re.sub(r"<title>.*?</title>", f"<title>{title}</title>", xhtml, count=1, flags=re.S)


def _opf(text: str, package: Package, added: list[tuple[str, str, str]]) -> str:
    # _plain_cover made the cover page a plain image: the package holds no SVG
    text = re.sub(r'(<item id="cover_xhtml"[^>]*?) properties="svg"', r"\1", text)
    meta = [f'    <meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>\n']
    if package.version:  # schema: is a prefix EPUB 3 reserves
        meta.append(f'    <meta property="schema:version">{html.escape(package.version)}</meta>\n')
    if package.pagination is not None and package.source:
        source = html.escape(package.source)
        # The edition the page numbers are of: dc:source, refined as the source of the pagination (EPUB 3.3,
        # EPUB Accessibility 1.1; the newer a11y:pageBreakSource is not yet a property EPUBCheck knows).
        meta += [f'    <dc:source id="print-edition">{source}</dc:source>\n',
                 '    <meta refines="#print-edition" property="source-of">pagination</meta>\n']
    text = text.replace("  </metadata>", "".join(meta) + "  </metadata>", 1)
    items = "".join(f'    <item id="{ident}" href="{href}" media-type="{kind}" />\n' for ident, href, kind in added)
    return text.replace("  </manifest>", items + "  </manifest>", 1)


def _fonts(package: Package) -> tuple[dict[str, bytes], list[tuple[str, str, str]], str]:
    """The font files and their licences for the container, their manifest items, and their @font-face rules."""
    files: dict[str, bytes] = {}
    items = []
    for sub in package.subsets:
        files[FONT_FOLDER + sub.name] = sub.data
        items.append((f"font-{sub.face.path.stem}", f"fonts/{sub.name}", "font/woff2"))
    for licence in sorted({sub.face.licence for sub in package.subsets}):
        files[FONT_FOLDER + licence] = (fonts.FONTS / licence).read_bytes()
        items.append((f"licence-{licence.split('.')[0]}", f"fonts/{licence}", "text/plain"))
    css = font_face_css([(sub, f"../fonts/{sub.name}") for sub in package.subsets])
    return files, items, css


def postprocess(data: bytes, package: Package, report: Report | None = None, target: str = "") -> bytes:
    """Pandoc's EPUB with all the package gets (see the module's docstring), reproducibly."""
    epoch = int(source_date_epoch())
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    bodies = {n: src.read(n) for n in names}
    chapters = sorted(n for n in names if n.startswith("EPUB/text/ch") and n.endswith(".xhtml"))
    texts = [_titled(bodies[n].decode("utf-8")) for n in chapters]
    pages: list[tuple[int, str]] = []
    if package.pagination is not None and texts:
        texts, where = digital.place_markers(texts, texts[-1].rindex("</body>"), package.pagination,
                                             report or Report(), target, epub=True)
        pages = [(page, chapters[n][len("EPUB/"):]) for page, n in sorted(where.items())]
        home = {digital.page_id(page): f for page, f in pages}
        texts = [re.sub(r'href="(?:[^"#]*)#(page-\d+)"',
                        lambda m, own=chapters[i][len("EPUB/"):]: f'href="{_relative(home.get(m.group(1)), own)}'
                                                                  f'#{m.group(1)}"', t)
                 for i, t in enumerate(texts)]
    bodies.update({n: t.encode("utf-8") for n, t in zip(chapters, texts)})
    files: dict[str, str] = {}  # identifier -> chapter file, relative to the nav document
    for name, text in zip(chapters, texts):
        for ident in re.findall(r'\bid="([^"]+)"', text):
            files.setdefault(ident, name[len("EPUB/"):])
    added, items, css = _fonts(package)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        order = ["mimetype"] + [n for n in names if n != "mimetype"] + sorted(added)
        for name in order:
            body = added[name] if name in added else bodies[name]
            if name.endswith(".opf"):
                body = _opf(body.decode("utf-8"), package, items).encode("utf-8")
            elif name.endswith("nav.xhtml"):
                body = _page_list(_landmarks(body.decode("utf-8"), files, list(package.marks)), pages).encode("utf-8")
            elif name.endswith("cover.xhtml"):
                body = _plain_cover(body.decode("utf-8"), package.cover_alt).encode("utf-8")
            elif name == "EPUB/styles/stylesheet1.css" and css:
                body = css.encode("utf-8") + body
            info = zip_entry(name, epoch, stored=name == "mimetype")
            z.writestr(info, body, compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()


def _relative(target: str | None, own: str) -> str:
    """A chapter's href to a page marker in `target` (both relative to the package's EPUB folder)."""
    if target is None or target == own:
        return ""
    return target.rsplit("/", 1)[-1]  # chapters share the text/ folder
