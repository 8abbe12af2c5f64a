"""Orchestrates the two build stages: essays (ingest + filters) and books (assembly, citeproc, formats)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import time
from pathlib import Path

import panflute as pf

from filters import backlinks
from filters.text import transform

from . import audit, matter
from . import book as bookmod
from .config import ROOT, Edition, relpath
from .diagnostics import EditionError, Report
from .ingest.model import Draft, draft_from_json, draft_to_json
from .outputs import atomic_path, remove_partials, write_if_changed
from .render import pandoc

BUILD = ROOT / "build"
FORMATS = ("html", "epub", "pdf")


def essay_cache(essay_id: str) -> Path:
    return BUILD / "cache" / f"{essay_id}.json"


def ingest_cache(essay_id: str) -> Path:
    return BUILD / "cache" / f"{essay_id}.ingest.json"


def reading_text(essay_id: str) -> Path:
    return BUILD / "text" / f"{essay_id}.md"


def essay_audit(essay_id: str, what: str) -> Path:
    """build/audit/<essay>.<what>.jsonl: `citations` or `interventions`."""
    return BUILD / "audit" / f"{essay_id}.{what}.jsonl"


def book_output(book_id: str, fmt: str) -> Path:
    return BUILD / book_id / f"{book_id}.{fmt}"


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT)) if ROOT in p.parents else str(p)


def log(msg: str) -> None:
    print(msg, flush=True)


def ingest_stage(edition: Edition, essay_id: str, report: Report) -> bool:
    """Ingest one essay into build/cache/<essay>.ingest.json, rewritten only when its content changes: an edit of
    bibliography.bib then never ingests a witness again, and an ingest that gives the same Draft stops there."""
    t0 = time.perf_counter()
    from .ingest import ingest  # here: the book and format stages, which import this module too, never ingest

    draft = ingest(edition.essays[essay_id], report)
    report.raise_errors()
    changed = write_if_changed(ingest_cache(essay_id), draft_to_json(draft))
    log(f"  essay {essay_id}: ingest {time.perf_counter() - t0:.2f}s, {'written' if changed else 'unchanged'}")
    return changed


def load_ingested(edition: Edition, essay_id: str, report: Report) -> Draft | None:
    """The Draft in build/cache/<essay>.ingest.json (None if missing or of an older format)."""
    try:
        text = ingest_cache(essay_id).read_text(encoding="utf-8")
    except OSError:
        return None
    return draft_from_json(text, edition.essays[essay_id], report)


def essay_stage(edition: Edition, essay_id: str, report: Report, library=None, from_ingested: bool = False) -> pf.Doc:
    """Ingest (or, with from_ingested, read the ingest cache) and filter one essay; write its cache, its reading
    text and its citation audit. The cache is rewritten only when its content changes."""
    t0 = time.perf_counter()
    draft = load_ingested(edition, essay_id, report) if from_ingested else None
    from .pipeline import build_essay  # here: the filters and citation rules, for the essay stage only

    result = build_essay(edition, essay_id, report, library, draft)
    report.raise_errors()
    assert result is not None
    md = pandoc.run(["--sandbox", "--from", "json", "--to", "markdown-smart", "--wrap", "preserve", "--standalone"],
                    pandoc.doc_to_json(result.text), "markdown", rel(reading_text(essay_id)))
    write_if_changed(reading_text(essay_id), md.decode("utf-8"))
    cites = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.state.audit)
    write_if_changed(essay_audit(essay_id, "citations"), cites)
    interventions = "".join(json.dumps(dataclasses.asdict(i), ensure_ascii=False) + "\n"
                            for i in result.draft.interventions)
    write_if_changed(essay_audit(essay_id, "interventions"), interventions)
    changed = write_if_changed(essay_cache(essay_id), json.dumps(result.doc.to_json(), ensure_ascii=False))
    log(f"  essay {essay_id}: {'filters' if draft else 'ingest + filters'} {time.perf_counter() - t0:.2f}s, "
        f"{'written' if changed else 'unchanged'}")
    return result.doc


def load_essay(essay_id: str) -> pf.Doc:
    return pf.load(io.StringIO(essay_cache(essay_id).read_text(encoding="utf-8")))


def clone(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def cited_cache(book_id: str) -> Path:
    return BUILD / "cache" / f"{book_id}.cited.json"


def layout_cache(book_id: str) -> Path:
    return BUILD / "cache" / f"{book_id}.layout.json"


def cite_stage(edition: Edition, book_id: str) -> bool:
    """Assemble a book and resolve its citations once for all its formats, in build/cache/<book>.cited.json.

    The file is rewritten only when its content changes: make then rebuilds only the books whose text an
    edit of bibliography.bib changed."""
    t0 = time.perf_counter()
    doc = cited_book(edition, book_id)
    for key in ("bibliography", "csl"):  # absolute paths on this machine, which citeproc no longer needs
        if key in doc.metadata.content:
            del doc.metadata[key]
    target = cited_cache(book_id)
    changed = write_if_changed(target, json.dumps(doc.to_json(), ensure_ascii=False))
    log(f"  {rel(target)}: {'written' if changed else 'unchanged'}, {time.perf_counter() - t0:.2f}s")
    return changed


def load_cited(book_id: str) -> pf.Doc:
    return pf.load(io.StringIO(cited_cache(book_id).read_text(encoding="utf-8")))


def cited_book(edition: Edition, book_id: str) -> pf.Doc:
    book = edition.book(book_id)
    # Assembly changes the essays' trees, and one essay may go into several books: each book reads its own.
    docs = [load_essay(e) for e in book.essays]
    doc = bookmod.assemble(edition, book, docs)
    doc = pandoc.cite(doc, f"build/{book_id}")
    doc = transform(doc, _safe_links)
    notes, related = entry_annotations(edition)
    doc = backlinks.run(doc, notes, related)
    doc = matter.further_reading(doc, further_reading_keys(edition))
    return matter.fill_abbreviations(doc)


def further_reading_keys(edition: Edition) -> set[str]:
    lib = library_of(edition)
    return {k for k, e in lib.entries.items() if "further-reading" in e.fields.get("keywords", "")}


RELATION = {"origpubas": "first published as", "origpubin": "first published in", "reprintof": "reprint of"}


SAFE_URL = ("#", "http://", "https://", "mailto:")


def _safe_links(elem: pf.Element, doc: pf.Doc):
    """Text from bibliography.bib (a LaTeX \\href or \\includegraphics) may carry links and images: keep only
    web, mail and internal links, and no images at all (an image would be fetched at build time)."""
    if isinstance(elem, pf.Link) and not elem.url.startswith(SAFE_URL):
        return pf.Span(*elem.content)
    if isinstance(elem, pf.Image):
        return pf.Span(*elem.content)
    return None


@functools.lru_cache(maxsize=4)
def _library(path: str, mtime_ns: int):
    from .bib import lint
    from .bib.library import Library

    # The lint's parse (cached by file version and name), so that a process that lints the file too parses
    # it once: the same name as the lint's callers give (config.relpath).
    bib = lint.read(Path(path), Report(), relpath(Path(path)))
    return lint.library(bib) if bib is not None else Library.load(path)


def library_of(edition: Edition):
    """The bibliography, parsed once per process however many books and formats ask for it."""
    path = edition.bibliography
    return _library(str(path), path.stat().st_mtime_ns)


def entry_annotations(edition: Edition):
    """What the bibliography adds to entries: editors' notes on reconstructed works, and related editions
    (biblatex `related`, both ways: the 2013 Weissman names the 2001 edition and the 2001 names the 2013)."""
    lib = library_of(edition)
    notes = {k: e.fields.get("note", "reconstructed by the editors") for k, e in lib.entries.items()
             if "reconstructed" in e.fields.get("keywords", "")}

    def label(key: str) -> str:
        e = lib.entries[key]
        return " ".join(x for x in ((e.names or [""])[0], e.year or "") if x)

    related: dict[str, list[tuple[str, str, str]]] = {}
    for key, e in lib.entries.items():
        for other in filter(None, (k.strip() for k in e.fields.get("related", "").split(","))):
            if other in lib.entries:
                kind = RELATION.get(e.fields.get("relatedtype", ""), "related to")
                related.setdefault(key, []).append((other, label(other), kind))
                related.setdefault(other, []).append((key, label(key), "later edition"))
    return notes, related


def render(doc: pf.Doc, edition: Edition, book_id: str, fmt: str, report: Report, copy: bool = True) -> Path:
    """One format of one book, written atomically: a failure leaves the previous file untouched.

    Each format's design step changes the Doc (notes, contents, front matter), so each works on a copy."""
    out = book_output(book_id, fmt)
    target = rel(out)
    t0 = time.perf_counter()
    if copy:  # the caller may hand over a Doc it no longer needs (the last format): no copy then
        doc = clone(doc)
    with atomic_path(out) as tmp:
        # Each format imports its own writer: WeasyPrint's import alone (~0.5 s) is a third of an HTML build.
        if fmt == "html":
            from .render import web

            web.write_html(doc, edition, book_id, tmp, target, report)
        elif fmt == "epub":
            from .render import epub

            epub.write_epub(doc, edition, book_id, tmp, target, report)
        elif fmt == "pdf":
            from .render.pdf import writer as printed

            printed.write_pdf(doc, edition, book_id, tmp, target, report, cache=layout_cache(book_id))
        else:
            raise ValueError(fmt)
    log(f"  {target}: {time.perf_counter() - t0:.2f}s")
    return out


def book_stage(edition: Edition, book_id: str, formats, report: Report, from_cited: bool = False) -> list[Path]:
    log(f"book {book_id}")
    if from_cited:  # each format's design steps change the Doc: each reads its own (cheaper than a copy)
        return [render(load_cited(book_id), edition, book_id, fmt, report, copy=False) for fmt in formats]
    doc = cited_book(edition, book_id)
    # render copies the Doc for each format, except for the last
    return [render(doc, edition, book_id, fmt, report, copy=i < len(formats) - 1) for i, fmt in enumerate(formats)]


def stamp(result: Path) -> Path:
    """The stamp beside a stage's result (<name>.json -> <name>.stamp), as build/deps.mk names it: make
    touches it when the stage has run, and the result keeps its date when the run changed nothing."""
    return result.with_suffix(".stamp")


def build_all(edition: Edition, report: Report, books=None, formats=FORMATS, library=None, jobs: int = 1) -> None:
    """Every stage make would run for these books, in one process: each essay's ingest and filters, the
    audit, each book's citations, then each format. The caches and stamps are the ones the rules of
    build/deps.mk leave, so that make goes on stage by stage from here; what this saves is a process per
    stage, each with its start-up and imports (`make` from nothing runs this). With `jobs` > 1 the stages go
    to as many forked workers: the essays side by side, then the books' citations, then the formats."""
    # every essay for a whole build (as make's audit rule wants each essay's stamp), else those the books hold
    needed = list(edition.essays) if not books else \
        [e for e in edition.essays if any(e in edition.book(b).essays for b in books)]
    books = books or list(edition.books)
    with workers(edition, library, min(jobs, max(len(needed), len(books) * len(formats))), formats) as pool:
        # Every essay is made (side by side with a pool), then any essay's error stops the build before any book.
        failed = absorb(run_stages(pool, edition, library, [("essay", e) for e in needed],
                                   [essay_outputs(e) for e in needed]), report)
        if failed:
            raise EditionError(failed)
        audit.write(BUILD, edition)
        cites = run_stages(pool, edition, library, [("cite", b) for b in books], [(cited_cache(b),) for b in books])
        failures = absorb(cites, report)
        cited = [b for b, (_, failed) in zip(books, cites) if not failed]
        failures += render_all(edition, [(b, f) for b in cited for f in formats], report, pool)
    if failures:
        raise EditionError(failures)


def essay_outputs(essay_id: str) -> tuple[Path, ...]:
    """What an essay's stages write (its cache first, the one a diagnostic names)."""
    return (essay_cache(essay_id), ingest_cache(essay_id), reading_text(essay_id),
            essay_audit(essay_id, "citations"), essay_audit(essay_id, "interventions"))


def essay_one(edition: Edition, library, essay_id: str) -> tuple[list, list]:
    """An essay's ingest and filters, with their stamps: (the report's diagnostics, the failure's)."""
    report = Report()
    try:
        ingest_stage(edition, essay_id, report)
        stamp(ingest_cache(essay_id)).touch()
        essay_stage(edition, essay_id, report, library, from_ingested=True)
        stamp(essay_cache(essay_id)).touch()
    except EditionError as err:
        return report.items, err.diagnostics
    return report.items, []


def cite_one(edition: Edition, book_id: str) -> tuple[list, list]:
    """A book's citations, with its stamp: ([], the failure's diagnostics)."""
    try:
        cite_stage(edition, book_id)
        stamp(cited_cache(book_id)).touch()
    except EditionError as err:
        return [], err.diagnostics
    return [], []


_FORK: tuple[Edition, object] | None = None  # what a forked worker builds from: the edition, the Library


@contextlib.contextmanager
def workers(edition: Edition, library, jobs: int, formats):
    """Forked workers (None for one job), started at once: before the essays and citations fill this
    process's memory, which each worker would carry too (resident pages it inherits count in its peak)."""
    global _FORK
    if jobs <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import pipeline  # noqa: F401  (imported once, before the fork, rather than in each worker)

    if "pdf" in formats:
        from .render.pdf import writer  # noqa: F401  (WeasyPrint, mended once, before the fork)
    _FORK = (edition, library)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_when_idle) as pool:
            pool.submit(int).result()  # with fork, the first task starts every worker
            try:
                yield pool
            except BaseException:
                # Interrupted (Ctrl-C, make killed) or failed: the stages being run stop now, each removing
                # its partial file (SIGTERM is KeyboardInterrupt here, see cli.main), and the pool, broken,
                # starts none of those waiting. (Not by cancelling them: Python 3.11's pool then fails on a
                # cancelled future when it finds its workers gone, and prints a traceback.)
                stopping = multiprocessing.active_children()
                for worker in stopping:
                    worker.terminate()
                for worker in stopping:  # one caught waiting on the pool's queue lock may not stop: kill it
                    worker.join(timeout=2)
                    if worker.is_alive():
                        worker.kill()
                raise
    finally:
        _FORK = None


def _render_one(edition: Edition, book_id: str, formats: list[str]) -> tuple[list, list]:
    """Formats of one book from its cited cache: (the report's diagnostics, the failure's)."""
    report = Report()
    try:
        book_stage(edition, book_id, formats, report, from_cited=True)
    except EditionError as err:
        return report.items, err.diagnostics
    return report.items, []


_IN_TASK = False  # in a worker: whether it is running a stage (see _quiet_when_idle)


def _stop(signum, frame):
    import os

    if _IN_TASK:
        raise KeyboardInterrupt  # the stage being run removes its partial file, then the worker exits
    os._exit(130)  # idle, or handing a result back: nothing to clean, and no traceback from the pool's loop


def _quiet_when_idle() -> None:
    """A worker stops on Ctrl-C or terminate() (SIGTERM) at once and quietly: the pool's own loop would print
    a traceback for an interrupt while it waits, and could be stopped while it holds the queue's lock."""
    import signal

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)


def _stage(edition: Edition, library, kind: str, *args) -> tuple[list, list]:
    """One stage: an essay ("essay", id), a book's citations ("cite", id) or a format ("render", book, format)."""
    if kind == "essay":
        return essay_one(edition, library, *args)
    if kind == "cite":
        return cite_one(edition, *args)
    book_id, fmt = args
    return _render_one(edition, book_id, [fmt])


def _in_worker(*task) -> tuple[list, list]:
    """One stage in a forked worker, from the edition and Library the pool was forked with."""
    import os

    global _IN_TASK
    assert _FORK is not None
    _IN_TASK = True
    try:
        return _stage(*_FORK, *task)
    except KeyboardInterrupt:  # the partial file is gone: stop here rather than take the next stage
        os._exit(130)
    finally:
        _IN_TASK = False


def run_stages(pool, edition: Edition, library, tasks: list[tuple], outputs: list[tuple[Path, ...]]) -> list:
    """The stages' results in order: in turn in this process, or side by side in the forked `pool`."""
    if pool is None:
        return [_stage(edition, library, *t) for t in tasks]
    return gather(pool, tasks, outputs)


def absorb(results: list[tuple[list, list]], report: Report) -> list:
    """Stages' (diagnostics, failure) results: the diagnostics join the report; the failures are returned."""
    failures = []
    for items, failed in results:
        report.merge(items)
        failures += failed
    return failures


def gather(pool, tasks: list[tuple], outputs: list[tuple[Path, ...]]) -> list[tuple[list, list]]:
    """Run the tasks in the pool and wait for them: their results in order. A task whose worker was killed
    (the OOM killer, a signal to it alone) fails with OUT-001, named after its first output, and leaves no
    partial file of any of its outputs."""
    from concurrent.futures.process import BrokenProcessPool

    from .diagnostics import make

    futures = []
    for t in tasks:  # not map: see workers()
        try:
            futures.append(pool.submit(_in_worker, *t))
        except BrokenProcessPool:  # a worker was killed in an earlier step: the pool takes no more
            futures.append(None)
    results = []
    for out, future in zip(outputs, futures):
        try:
            if future is None:
                raise BrokenProcessPool
            results.append(future.result())
        except BrokenProcessPool:
            for path in out:
                remove_partials(path)
            target = rel(out[0])
            results.append(([], [make("OUT-001", target, step="the build worker", target=target,
                                      detail="its process stopped before it was done (killed?)")]))
    return results


def render_all(edition: Edition, tasks: list[tuple[str, str]], report: Report, pool=None) -> list:
    """Render (book, format) pairs from their cited caches, each as `edition build --from-cited` would, in
    this process or in the forked `pool`. Returns the failures; the other diagnostics join the report."""
    if pool is None:
        # In turn, a book at a time: its cited cache is read once for all its formats (as --from-cited does)
        results = [_render_one(edition, b, [f for x, f in tasks if x == b]) for b in dict.fromkeys(b for b, _ in tasks)]
    else:
        # Longest first, so that the workers finish together: PDFs, then EPUBs, then HTML, bigger books first.
        cost = {"pdf": 0, "epub": 1, "html": 2}
        tasks = sorted(tasks, key=lambda t: (cost.get(t[1], 3), -cited_cache(t[0]).stat().st_size))
        results = gather(pool, [("render", b, f) for b, f in tasks], [(book_output(b, f),) for b, f in tasks])
    return absorb(results, report)
