"""The OPDS 1.2 acquisition feed (dist/catalog.xml) listing the released books and their files.

Reading apps and library sites that speak OPDS pick the books up from it: one Atom entry per book with its
Dublin Core metadata, its summary, an open-access acquisition link per reading format, related links to the
booklets, and its cover. Links are relative, so the catalogue works wherever dist/ is published.
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from ..config import Edition
from ..book.metadata import identifier_base
from .package import ReleasedBook

ATOM = "http://www.w3.org/2005/Atom"
DCTERMS = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
# The books are free to read and share (CC BY-SA): no purchase or borrowing step.
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
IMAGE = "http://opds-spec.org/image"
# Prefixes are written literally, not through ElementTree's process-wide namespace registry: WeasyPrint
# registers "dc" for Dublin Core 1.1 there, and the feed's bytes must not depend on what ran before.
NAMESPACES = {"xmlns": ATOM, "xmlns:dc": DCTERMS, "xmlns:opds": OPDS}


def _el(parent: Element, tag: str, text: str | None = None, **attrs) -> Element:
    e = SubElement(parent, tag, attrs)
    if text is not None:
        e.text = text
    return e


def feed(edition: Edition, books: list[ReleasedBook], updated: dt.datetime, name: str = "catalog.xml") -> bytes:
    """The feed's bytes; `updated` is the build time (SOURCE_DATE_EPOCH), `name` the feed's own file name."""
    ed = edition.settings
    stamp = updated.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = Element("feed", NAMESPACES)
    _el(root, "id", f"{identifier_base(edition)}catalog")
    _el(root, "title", ed.title)
    if ed.subtitle:
        _el(root, "subtitle", ed.subtitle)
    _el(root, "updated", stamp)
    _el(_el(root, "author"), "name", ed.publisher or ed.editor)
    _el(root, "link", rel="self", href=name, type=ACQUISITION_FEED)
    _el(root, "link", rel="start", href=name, type=ACQUISITION_FEED)
    for book in books:
        about = book.about
        entry = _el(root, "entry")
        _el(entry, "title", about.full_title)
        # The entry is the book, whatever its version (a new release updates it); dc:identifier is the release's.
        _el(entry, "id", about.work_identifier)
        _el(entry, "updated", stamp)
        for author in about.authors:
            _el(_el(entry, "author"), "name", author)
        _el(_el(entry, "contributor"), "name", about.editor)
        _el(entry, "dc:identifier", about.identifier)
        _el(entry, "dc:language", about.lang)
        _el(entry, "dc:issued", about.date.isoformat())
        if about.publisher:
            _el(entry, "dc:publisher", about.publisher)
        for subject in about.subjects:
            _el(entry, "category", term=subject, label=subject)
        if about.rights:
            _el(entry, "rights", about.rights)
        _el(entry, "summary", about.description, type="text")
        # Atom requires content or an alternate link in an entry (RFC 4287, 4.1.1), and OPDS keeps Atom's rules.
        _el(entry, "content", about.description, type="text")
        for f in book.files:
            if f.role == "image":
                _el(entry, "link", rel=IMAGE, href=f.name, type=f.media_type)
            elif f.role == "booklet":  # the same type as the reading PDF: an app must not take it for that
                _el(entry, "link", rel="related", href=f.name, type=f.media_type, title=f.label)
            else:
                link = _el(entry, "link", rel=OPEN_ACCESS, href=f.name, type=f.media_type, title=f.label)
                if f.contains:
                    _el(link, "opds:indirectAcquisition", type=f.contains)
    indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8") + b"\n"
