"""The build's stages, each a function of the edition: ingest an essay, filter it, cite a book, render a format.

Each cached stage rewrites its result only when the content changes, so that make (and the walk) stop there."""

from __future__ import annotations

import dataclasses
import io
import json
import time
from pathlib import Path

import panflute as pf

from .. import pandoc
from ..book.cited import cited_book
from ..config import Edition, relpath
from ..diagnostics import Report
from ..outputs import atomic_path, write_if_changed
from ..witness.model import Draft, draft_from_json, draft_to_json
from .paths import (book_output, cited_cache, essay_audit, essay_cache, fonts_cache, ingest_cache, layout_cache,
                    pages_cache, reading_text)


def log(msg: str) -> None:
    print(msg, flush=True)


def ingested(edition: Edition, essay_id: str, report: Report) -> str:
    """One essay after ingest, as the JSON of its ingest cache."""
    from ..witness import ingest  # here: the book and format stages, which import this module too, never ingest

    draft = ingest(edition.essays[essay_id], report)
    report.raise_errors()
    return draft_to_json(draft)


def ingest_stage(edition: Edition, essay_id: str, report: Report) -> bool:
    """Ingest one essay into build/cache/<essay>.ingest.json, rewritten only when its content changes: an edit of
    bibliography.bib then never ingests a witness again, and an ingest that gives the same Draft stops there."""
    t0 = time.perf_counter()
    changed = write_if_changed(ingest_cache(essay_id), ingested(edition, essay_id, report))
    log(f"  essay {essay_id}: ingest {time.perf_counter() - t0:.2f}s, {'written' if changed else 'unchanged'}")
    return changed


def load_ingested(edition: Edition, essay_id: str, report: Report) -> Draft | None:
    """The Draft in build/cache/<essay>.ingest.json (None if missing or of an older format)."""
    try:
        text = ingest_cache(essay_id).read_text(encoding="utf-8")
    except OSError:
        return None
    return draft_from_json(text, edition.essays[essay_id], report)


def filtered(edition: Edition, essay_id: str, report: Report, library=None, draft: Draft | None = None):
    """One essay through the filters (ingested first, unless its Draft is given): its EssayResult."""
    from ..essay.pipeline import build_essay  # here: the filters and citation rules, for the essay stage only

    result = build_essay(edition, essay_id, report, library, draft)
    report.raise_errors()
    assert result is not None
    return result


def to_json(doc: pf.Doc) -> str:
    """A Doc as the stages' caches hold it: as pandoc is given it, so that a cited book's cache is the very text
    a format hashes to find its pagination (render/digital.py)."""
    return pandoc.doc_to_json(doc).decode("utf-8")


def essay_json(result) -> str:
    """The filtered essay as its cache holds it: the JSON a book is assembled from."""
    return to_json(result.doc)


def write_essay(essay_id: str, result, doc_json: str | None = None) -> bool:
    """An essay's outputs (its reading text and audit files, then its cache), each rewritten only when its
    content changes; whether the cache was."""
    md = pandoc.run(["--sandbox", "--from", "json", "--to", "markdown-smart", "--wrap", "preserve", "--standalone"],
                    pandoc.doc_to_json(result.text), "markdown", relpath(reading_text(essay_id)))
    write_if_changed(reading_text(essay_id), md.decode("utf-8"))
    for what, records in (("citations", result.state.audit), ("notes", result.state.notes)):
        write_if_changed(essay_audit(essay_id, what), "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    interventions = "".join(json.dumps(dataclasses.asdict(i), ensure_ascii=False) + "\n"
                            for i in result.draft.interventions)
    write_if_changed(essay_audit(essay_id, "interventions"), interventions)
    return write_if_changed(essay_cache(essay_id), doc_json if doc_json is not None else essay_json(result))


def essay_stage(edition: Edition, essay_id: str, report: Report, library=None, from_ingested: bool = False) -> pf.Doc:
    """Ingest (or, with from_ingested, read the ingest cache) and filter one essay; write its cache, its reading
    text and its citation audit. The cache is rewritten only when its content changes."""
    t0 = time.perf_counter()
    draft = load_ingested(edition, essay_id, report) if from_ingested else None
    result = filtered(edition, essay_id, report, library, draft)
    changed = write_essay(essay_id, result)
    log(f"  essay {essay_id}: {'filters' if draft else 'ingest + filters'} {time.perf_counter() - t0:.2f}s, "
        f"{'written' if changed else 'unchanged'}")
    return result.doc


def doc_of(text: str) -> pf.Doc:
    """A Doc from its JSON (each reader gets its own: assembly and the formats' design steps change it)."""
    return pf.load(io.StringIO(text))


def _load(path: Path) -> pf.Doc:
    return doc_of(path.read_text(encoding="utf-8"))


def load_essay(essay_id: str) -> pf.Doc:
    return _load(essay_cache(essay_id))


def load_cited(book_id: str) -> pf.Doc:
    return _load(cited_cache(book_id))


def clone(doc: pf.Doc) -> pf.Doc:
    return doc_of(json.dumps(doc.to_json()))


def book_from_cache(edition: Edition, book_id: str, report: Report | None = None) -> pf.Doc:
    """The book cited, from its essays' caches (each book reads its own: assembly changes the essays' trees)."""
    return cited_book(edition, book_id, [load_essay(e) for e in edition.book(book_id).essays], report=report)


def cited_doc(edition: Edition, book_id: str, essays: list[pf.Doc], citeproc=None,
              report: Report | None = None) -> pf.Doc:
    """A book assembled from its essays' Docs (which assembly changes) and cited, as its cache holds it: its
    formats come out the same from this Doc as from its cache read back."""
    doc = cited_book(edition, book_id, essays, citeproc, report)
    for key in ("bibliography", "csl"):  # absolute paths on this machine, which citeproc no longer needs
        if key in doc.metadata.content:
            del doc.metadata[key]
    return doc


def cite_stage(edition: Edition, book_id: str, report: Report | None = None) -> bool:
    """Assemble a book and resolve its citations once for all its formats, in build/cache/<book>.cited.json.

    The file is rewritten only when its content changes: make then rebuilds only the books whose text an
    edit of bibliography.bib changed."""
    t0 = time.perf_counter()
    text = to_json(cited_doc(edition, book_id, [load_essay(e) for e in edition.book(book_id).essays], report=report))
    target = cited_cache(book_id)
    changed = write_if_changed(target, text)
    log(f"  {relpath(target)}: {'written' if changed else 'unchanged'}, {time.perf_counter() - t0:.2f}s")
    return changed


def import_writers(formats) -> None:
    """Import the writers of `formats` now: before a fork, once for every child rather than in each (render
    imports only the writer it needs, for a process that makes one format; the HTML's, with fontTools, takes
    0.1 s, WeasyPrint a third of a book's HTML)."""
    if "html" in formats:
        from ..render import web  # noqa: F401
    if "epub" in formats:
        from ..render import epub  # noqa: F401
    if "pdf" in formats:
        from ..render.pdf import writer  # noqa: F401  (which mends WeasyPrint once)


def render(doc: pf.Doc, edition: Edition, book_id: str, fmt: str, report: Report, copy: bool = True,
           out: Path | None = None, cited: str | None = None) -> Path:
    """One format of one book, written atomically (to `out`, by default its place in build/): a failure leaves
    the previous file untouched. `cited`: the Doc's JSON (to_json), when the caller holds it.

    Each format's design step changes the Doc (notes, contents, front matter), so each works on a copy."""
    target = relpath(book_output(book_id, fmt))
    out = out or book_output(book_id, fmt)
    t0 = time.perf_counter()
    data = cited.encode("utf-8") if cited is not None else None
    if copy:  # the caller may hand over a Doc it no longer needs (the last format): no copy then
        doc = clone(doc)
    with atomic_path(out) as tmp:
        # Each format imports its own writer: WeasyPrint's import alone is a third of an HTML build.
        if fmt == "html":
            from ..render import web

            web.write_html(doc, edition, book_id, tmp, target, report, pages_cache(book_id), fonts_cache(), data)
        elif fmt == "epub":
            from ..render import epub

            epub.write_epub(doc, edition, book_id, tmp, target, report, pages_cache(book_id), fonts_cache(), data)
        elif fmt == "pdf":
            from ..render.pdf import writer as printed

            printed.write_pdf(doc, edition, book_id, tmp, target, report, cache=layout_cache(book_id),
                              pages=pages_cache(book_id), data=data)
        else:
            raise ValueError(fmt)
    log(f"  {target}: {time.perf_counter() - t0:.2f}s")
    return out


def book_stage(edition: Edition, book_id: str, formats, report: Report, from_cited: bool = False) -> list[Path]:
    log(f"book {book_id}")
    formats = sorted(formats, key=lambda f: f != "pdf")  # the PDF first: the others read its pagination
    if from_cited:  # each format's design steps change the Doc: each reads its own (cheaper than a copy)
        text = cited_cache(book_id).read_text(encoding="utf-8")
        return [render(doc_of(text), edition, book_id, fmt, report, copy=False, cited=text) for fmt in formats]
    doc = book_from_cache(edition, book_id, report)
    text = to_json(doc)
    # render copies the Doc for each format, except for the last
    return [render(doc, edition, book_id, fmt, report, copy=i < len(formats) - 1, cited=text)
            for i, fmt in enumerate(formats)]
