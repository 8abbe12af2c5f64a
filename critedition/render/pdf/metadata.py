"""The PDF's metadata (Info dictionary and XMP packet) from a book's publication metadata.

WeasyPrint writes title, authors, description, keywords and dates; catalogue software (Calibre's
`ebook-meta`, library systems) reads publisher, language, date, subjects and identifier from the XMP packet's
Dublin Core, so those are added there, in the packet's one `rdf:RDF`, and as Info entries for PDF readers'
"document properties".
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

import panflute as pf
from weasyprint.pdf.metadata import NS, DocumentMetadata

from ...book.metadata import BookMetadata, for_book as book_metadata
from ...config import Edition
from ...outputs import source_date_epoch

RDF, DC, XMP, XMPMM = NS["rdf"], NS["dc"], NS["xmp"], NS["xmpMM"]
XMPIDQ = "http://ns.adobe.com/xmp/Identifier/qual/1.0/"
register_namespace("xmpidq", XMPIDQ)


def _container(parent: Element, tag: str, kind: str, items, lang: bool = False) -> None:
    box = SubElement(SubElement(parent, tag), f"{{{RDF}}}{kind}")
    for item in items:
        li = SubElement(box, f"{{{RDF}}}li")
        if lang:
            li.set("xml:lang", "x-default")
        li.text = item


def _scheme(identifier: str) -> tuple[str, str]:
    """urn:serge-editions:x -> ("serge-editions", "x"), as e-book software splits the EPUB's URN too."""
    parts = identifier.split(":", 2)
    if len(parts) == 3 and parts[0].lower() == "urn":
        return parts[1], parts[2]
    return "URI", identifier


def xmp_description(about: BookMetadata) -> Element:
    """What WeasyPrint's packet lacks: Dublin Core publisher, contributor, language, date, subjects,
    rights and identifier, the identifier again as an xmp:Identifier with its scheme, and the version."""
    d = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    if about.publisher:
        _container(d, f"{{{DC}}}publisher", "Bag", [about.publisher])
    if about.editor:
        _container(d, f"{{{DC}}}contributor", "Bag", [about.editor])
    _container(d, f"{{{DC}}}language", "Bag", [about.lang])
    _container(d, f"{{{DC}}}date", "Seq", [about.date.isoformat()])
    if about.subjects:
        _container(d, f"{{{DC}}}subject", "Bag", about.subjects)
    if about.rights:
        _container(d, f"{{{DC}}}rights", "Alt", [about.rights], lang=True)
    SubElement(d, f"{{{DC}}}identifier").text = about.identifier
    li = SubElement(SubElement(SubElement(d, f"{{{XMP}}}Identifier"), f"{{{RDF}}}Bag"), f"{{{RDF}}}li",
                    {f"{{{RDF}}}parseType": "Resource"})
    scheme, value = _scheme(about.identifier)
    SubElement(li, f"{{{XMPIDQ}}}Scheme").text = scheme
    SubElement(li, f"{{{RDF}}}value").text = value
    if about.version:
        SubElement(d, f"{{{XMPMM}}}VersionID").text = about.version
    return d


class EditionMetadata(DocumentMetadata):
    """WeasyPrint's document metadata, whose XMP packet also carries `xmp_description(about)`."""

    def __init__(self, base: DocumentMetadata, about: BookMetadata):
        super().__init__()
        self.__dict__.update(base.__dict__)
        self.about = about

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        rdf.append(xmp_description(self.about))
        return tostring(rdf, encoding="utf-8")


def for_book(edition: Edition, book_id: str, doc: pf.Doc) -> BookMetadata:
    """The publication metadata of a book, its authors as the cited book's metadata names them."""
    return book_metadata(edition, edition.book(book_id), [str(a) for a in doc.get_metadata("author", [])])


def build_time() -> str:
    """The W3C date-time of the build (SOURCE_DATE_EPOCH, or the last commit's time)."""
    return dt.datetime.fromtimestamp(int(source_date_epoch()), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def apply(document, about: BookMetadata, created: str) -> None:
    """Set a laid-out WeasyPrint document's metadata; `created` is the W3C date-time of the build."""
    md = EditionMetadata(document.metadata, about)
    md.title = about.title
    md.authors = list(about.authors)
    md.description = about.description
    md.keywords = list(about.subjects)
    md.lang = about.lang
    md.generator = "critedition with WeasyPrint"
    md.created = md.modified = created
    # Info entries beyond the standard ones: shown by PDF readers among the document's properties.
    md.custom = {k: v for k, v in (("Subtitle", about.subtitle), ("Editor", about.editor),
                                   ("Publisher", about.publisher), ("Identifier", about.identifier),
                                   ("Version", about.version), ("Language", about.lang)) if v}
    document.metadata = md
