"""Ingest profile for a Word document (.docx): pandoc's DOCX reader; positions are paragraph:character.

A DOCX has no lines. Its paragraphs (word/document.xml), then its footnotes' paragraphs (word/footnotes.xml),
are numbered from 1 in that order, and each stands for a line of the witness: `essay.docx:12:5` is the fifth
character of paragraph 12 (diagnostics say so). Each word pandoc reads is found again in that text."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from ..locate import Cursor, Source
from ..model import Draft
from ..reading import SearchNotes, from_doc, metadata, read_doc, to_blocks
from ..stages import emend, number, witness_bytes
from ..typography import typography

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT, FOOTNOTES = "word/document.xml", "word/footnotes.xml"


def _paragraph_text(p: ElementTree.Element) -> str:
    out = []
    for el in p.iter():
        if el.tag == f"{W}t" and el.text:
            out.append(el.text)
        elif el.tag == f"{W}tab":
            out.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            out.append(" ")
        elif el.tag == f"{W}noBreakHyphen":
            out.append("\u2011")
    return "".join(out)


def paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of a Word document, the body's, then the footnotes' (not the separators)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        body = ElementTree.fromstring(z.read(DOCUMENT))
        out = [_paragraph_text(p) for p in body.iter(f"{W}p")]
        if FOOTNOTES in names:
            for note in ElementTree.fromstring(z.read(FOOTNOTES)).iter(f"{W}footnote"):
                if note.get(f"{W}type") in (None, "normal"):
                    out += [_paragraph_text(p) for p in note.iter(f"{W}p")]
    return out


def read_docx(draft: Draft) -> Draft:
    """Check that the witness is a Word document: a ZIP archive with word/document.xml. It is never written to."""
    data = witness_bytes(draft)
    if data is None:
        return draft
    if not zipfile.is_zipfile(io.BytesIO(data)):
        draft.error("WIT-009", 0, 0, detail="it is not a ZIP archive")
        draft.stop = True
        return draft
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if DOCUMENT not in names:
        shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
        draft.error("WIT-009", 0, 0, detail=f"a ZIP archive without {DOCUMENT} (it holds {shown or 'nothing'})")
        draft.stop = True
    return draft


def structure(draft: Draft) -> Draft:
    """pandoc reads the document (its properties and Title, Subtitle, Author paragraphs give the metadata); its
    paragraphs, read from its XML, are the lines positions count."""
    data = draft.witness_path.read_bytes()
    doc = read_doc(draft, data, "docx", "DOCX")
    if doc is None:
        return draft
    try:
        draft.lines = paragraphs(data)
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile) as e:
        draft.error("WIT-006", 0, 0, format="DOCX", detail=f"its XML cannot be read ({e})")
        draft.stop = True
        return draft
    text = "\n".join(draft.lines)
    to_blocks(draft, doc, Source(text), Cursor(text), SearchNotes(text))
    from_doc(draft, doc)
    return draft


STAGES = [read_docx, structure, metadata, emend, typography, number]
