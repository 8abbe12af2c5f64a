"""Orchestrates the two build stages: essays (ingest + filters) and books (assembly, citeproc, formats)."""

from __future__ import annotations

import dataclasses
import io
import json
import time
from pathlib import Path

import panflute as pf

from filters import print_notes

from . import book as bookmod
from .config import ROOT, Edition
from .diagnostics import EditionError, Report
from .outputs import atomic_path, write_text
from .pipeline import build_essay
from .render import pandoc, pdf

BUILD = ROOT / "build"
FORMATS = ("html", "epub", "pdf")


def essay_cache(essay_id: str) -> Path:
    return BUILD / "cache" / f"{essay_id}.json"


def book_output(book_id: str, fmt: str) -> Path:
    return BUILD / book_id / f"{book_id}.{fmt}"


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT)) if ROOT in p.parents else str(p)


def log(msg: str) -> None:
    print(msg, flush=True)


def essay_stage(edition: Edition, essay_id: str, report: Report, library=None) -> pf.Doc:
    """Ingest and filter one essay; write its cache, its reading text and its citation audit."""
    t0 = time.perf_counter()
    result = build_essay(edition, essay_id, report, library)
    report.raise_errors()
    assert result is not None
    md = pandoc.run(["--from", "json", "--to", "markdown-smart", "--wrap", "preserve", "--standalone"],
                    pandoc.doc_to_json(result.text), "markdown", f"build/text/{essay_id}.md")
    write_text(BUILD / "text" / f"{essay_id}.md", md.decode("utf-8"))
    audit = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.state.audit)
    write_text(BUILD / "audit" / f"{essay_id}.citations.jsonl", audit)
    interventions = "".join(json.dumps(dataclasses.asdict(i), ensure_ascii=False) + "\n"
                            for i in result.draft.interventions)
    write_text(BUILD / "audit" / f"{essay_id}.interventions.jsonl", interventions)
    write_text(essay_cache(essay_id), json.dumps(result.doc.to_json(), ensure_ascii=False))
    log(f"  essay {essay_id}: ingest + filters {time.perf_counter() - t0:.2f}s")
    return result.doc


def load_essay(essay_id: str) -> pf.Doc:
    return pf.load(io.StringIO(essay_cache(essay_id).read_text(encoding="utf-8")))


def clone(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def cited_book(edition: Edition, book_id: str, essays: dict[str, pf.Doc] | None = None) -> pf.Doc:
    book = edition.book(book_id)
    # Assembly changes the essays' trees, and one essay may go into several books: work on copies.
    docs = [clone(essays[e]) if essays and e in essays else load_essay(e) for e in book.essays]
    doc = bookmod.assemble(edition, book, docs)
    return pandoc.cite(doc, f"build/{book_id}")


def render(doc: pf.Doc, edition: Edition, book_id: str, fmt: str, report: Report) -> Path:
    """One format of one book, written atomically: a failure leaves the previous file untouched."""
    out = book_output(book_id, fmt)
    target = rel(out)
    t0 = time.perf_counter()
    with atomic_path(out) as tmp:
        if fmt == "html":
            pandoc.write(doc, "html", tmp, target)
        elif fmt == "epub":
            pandoc.write(doc, "epub", tmp, target)
        elif fmt == "pdf":
            printed = doc.walk(print_notes.action) or doc
            html = pandoc.to_string(printed, "pdf", target)
            meta = {"title": edition.book(book_id).title,
                    "authors": [str(a) for a in doc.get_metadata("author", [])],
                    "description": edition.book(book_id).data.get("subtitle", ""),
                    "keywords": [k.strip() for k in edition.data.get("subject", "").split(";") if k.strip()],
                    "lang": edition.data.get("lang")}
            pdf.html_to_pdf(html, tmp, target, report, meta)
        else:
            raise ValueError(fmt)
    log(f"  {target}: {time.perf_counter() - t0:.2f}s")
    return out


def book_stage(edition: Edition, book_id: str, formats, report: Report,
               essays: dict[str, pf.Doc] | None = None) -> list[Path]:
    log(f"book {book_id}")
    doc = cited_book(edition, book_id, essays)
    out = []
    for fmt in formats:
        # The walk in the print filter changes the Doc, so each format gets its own copy.
        out.append(render(clone(doc) if fmt == "pdf" else doc, edition, book_id, fmt, report))
    return out


def build_all(edition: Edition, report: Report, books=None, formats=FORMATS, library=None) -> None:
    """Every essay once, then every book in every format (what `make` does, in one process)."""
    books = books or list(edition.books)
    needed = {e for b in books for e in edition.book(b).essays}
    essays = {e: essay_stage(edition, e, report, library) for e in edition.essays if e in needed}
    failures = []
    for b in books:
        try:
            book_stage(edition, b, formats, report, essays)
        except EditionError as err:
            failures.extend(err.diagnostics)
    if failures:
        raise EditionError(failures)
