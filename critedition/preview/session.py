"""The editor's loop in memory: every stage's last good result, and for a change of the sources, the stages it
reaches (by the build graph's declared inputs) run again until their results stop changing, then the HTML of
just the books whose text changed; a failed change replaces nothing in build/.

What a stage makes here is what make's stage makes: the same functions (build/stages.py) on the same JSON, so
the HTML is byte for byte make's. Two refinements of the graph, for the bibliography, which every essay and
book reads: an essay is filtered again only if the edited bibliography answers one of the look-ups its filters
made differently (bib/recording.py), and a book is cited again only if an entry its text depends on changed
(bib/reach.py); a cited book whose JSON comes out the same is not rendered again. And a book whose citations
are as they were (an edit of the editorial text) takes citeproc's last answer for them: citeproc is given the
citations alone (book/citeproc.py), so the same citations are the same question."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from .. import config, pandoc
from ..bib import lint, reach
from ..bib.library import Library
from ..bib.recording import RecordingLibrary
from ..build.graph import BIBLIOGRAPHY, Stage, reached, stages
from ..build.paths import FORMATS, book_output
from ..build.stages import cited_doc, doc_of, essay_json, filtered, import_writers, ingested, log, render, to_json
from ..diagnostics import Diagnostic, EditionError, Report
from ..outputs import staged
from ..witness.model import draft_from_json
from ..book import citeproc as skeleton
from .forked import run_all, tell


@dataclass
class EssayState:
    ingest: str  # the Draft's JSON, as build/cache/<essay>.ingest.json
    doc: str  # the essay after the filters, as build/cache/<essay>.json
    result: object  # its EssayResult: the reading text and audit records, written after the HTML
    asked: RecordingLibrary  # what its filters asked of the bibliography
    # `doc` read back, never changed here: a forked child assembles a book from its own copy of it
    tree: pf.Doc | None = None

    def __post_init__(self):
        if self.tree is None:
            self.tree = doc_of(self.doc)


@dataclass
class BookState:
    cited: str  # the book cited, as build/cache/<book>.cited.json
    keys: set[str]  # the entries it cites (and lists as further reading)
    citeproc: tuple[bytes, bytes] | None = None  # citeproc's last question and answer, while the citations hold


@dataclass
class Outcome:
    """What one update did: its diagnostics, the books whose HTML it wrote, the books and formats to make again
    in the background, and the essays and books whose caches are to be written."""

    report: Report
    html: list[str] = field(default_factory=list)
    later: dict[str, set[str]] = field(default_factory=dict)  # book -> formats (epub, pdf)
    essays: list[str] = field(default_factory=list)
    books: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.report.errors)


class Session:
    """`update(changed)` with the paths (relative to the edition) of the files that changed since the last
    call; the first call builds everything. A failed update changes nothing, here or in build/: its changes
    are taken again with the next one."""

    def __init__(self, config_path: Path | None = None, books: list[str] | None = None, jobs: int = 2,
                 paged: bool = False):
        self.config_path, self.only, self.jobs = config_path, books, jobs
        self.paged = paged  # the PDF is made after the HTML (preview/background.py), then the HTML with its pages
        self.edition: config.Edition | None = None
        self.library: Library | None = None
        self.essays: dict[str, EssayState] = {}
        self.books: dict[str, BookState] = {}
        self.pending: set[str] | None = None  # None: nothing built yet, everything to do
        self.on_html = lambda book_id: None  # called as each book's HTML is put in place
        self.on_start = lambda books: None  # called with the books whose HTML a change is about to make
        import_writers(["html"])  # here, not in each child that makes a page

    def graph(self) -> list[Stage]:
        return stages(self.edition, self.only) if self.edition else []

    def update(self, changed: set[str]) -> Outcome:
        t0 = time.perf_counter()
        self.pending = None if self.pending is None else self.pending | changed
        out = Outcome(Report())
        try:
            self._update(out)
            self.pending = set()
        except EditionError as err:
            out.report.merge(err.diagnostics)
        out.seconds = time.perf_counter() - t0
        return out

    # -- the update ---------------------------------------------------------------------------------------
    def _update(self, out: Outcome) -> None:
        report = out.report
        everything = self.pending is None
        pending = self.pending or set()
        edition = self.edition
        if everything or any(p.endswith((".yaml", ".yml")) for p in pending) or edition is None:
            edition = config.load(self.config_path, report)
            for b in self.only or []:
                if b not in edition.books:
                    report.add("CFG-008", edition.file, book=b, known=", ".join(edition.books))
            report.raise_errors()
        if everything:
            self.on_start([b for b in edition.books if not self.only or b in self.only])
        bib_file = config.relpath(edition.bibliography)
        library = self.library
        if everything or bib_file in pending or library is None or edition.bibliography != self.edition.bibliography:
            bib = lint.read(edition.bibliography, report, bib_file)
            if bib is not None:
                lint.lint(bib, report)
            report.raise_errors()
            library = lint.library(bib)
        every = stages(edition, self.only)
        hits = {} if everything else reached(every, edition, pending)
        entries = reach.changed_entries(self.library, library) if self.library is not None else None

        def due(s: Stage, new: bool) -> bool:
            """Whether a stage must run: new, or reached by a change other than the bibliography's, or by that
            one where it counts (see the module's docstring)."""
            inputs = hits.get(s.id, set())
            if everything or new or inputs - {BIBLIOGRAPHY}:
                return True
            if BIBLIOGRAPHY not in inputs:
                return False
            if s.kind == "essay":
                return not self.essays[s.args[0]].asked.same_answers(library)
            return entries is None or reach.book_reached(self.books[s.args[0]].keys, self.library, library, entries)

        essays, retexted, failures = self._essays(edition, library, every, due, out)
        if failures:
            raise EditionError(failures)
        books = self._books(edition, every, essays, retexted, due, hits, everything, out)
        self.edition, self.library = edition, library
        self.essays = {e: essays[e] for e in edition.essays if e in essays}
        self.books.update(books)
        self.books = {b: self.books[b] for b in edition.books if b in self.books}

    def _essays(self, edition, library, every, due, out: Outcome):
        """Ingest and filter the essays the change reaches: (every essay's state, the essays whose filtered text
        changed, the errors)."""
        essays = dict(self.essays)
        retexted: set[str] = set()
        failures: list[Diagnostic] = []
        for s in (s for s in every if s.kind == "ingest"):
            e = s.args[0]
            old = self.essays.get(e)
            new_ingest = due(s, old is None)
            refilter = due(next(x for x in every if x.id == ("essay", (e,))), old is None)
            if not new_ingest and not refilter:
                continue
            report = Report()
            t0 = time.perf_counter()
            try:
                ingest = ingested(edition, e, report) if new_ingest else old.ingest
                if old is not None and ingest == old.ingest and not refilter:
                    log(f"  essay {e}: ingest {time.perf_counter() - t0:.2f}s, unchanged")
                    continue
                draft = draft_from_json(ingest, edition.essays[e], report)
                asked = RecordingLibrary(library)
                result = filtered(edition, e, report, asked, draft)
            except EditionError as err:
                failures += err.diagnostics
                out.report.merge(report.items)
                continue
            doc = essay_json(result)
            changed = old is None or doc != old.doc
            log(f"  essay {e}: filters {time.perf_counter() - t0:.2f}s, {'changed' if changed else 'unchanged'}")
            essays[e] = EssayState(ingest, doc, result, asked, None if changed else old.tree)
            out.report.merge(report.items)
            if changed or ingest != old.ingest:
                out.essays.append(e)
            if changed:
                retexted.add(e)
        return essays, retexted, failures

    def _books(self, edition, every, essays, retexted, due, hits, everything, out: Outcome) -> dict[str, BookState]:
        """Cite the books the change reaches and render the HTML of those whose text changed, each in a forked
        child (as many at once as `jobs`); their HTML is put in place once all are made, none if one failed."""
        tasks, names = [], []
        for s in (s for s in every if s.kind == "cite"):
            b = s.args[0]
            old = self.books.get(b)
            cite = due(s, old is None) or bool(retexted & set(edition.book(b).essays))
            renders = {r.args[1] for r in every if r.kind == "render" and r.args[0] == b and due(r, old is None)}
            if not cite and not renders:
                continue
            # citeproc's last result holds unless the bibliography, the style or the defaults changed
            reuse = not everything and all(i.startswith("edition/editorial/") for i in hits.get(s.id, ()))
            tasks.append((config.relpath(book_output(b, "html")),
                          _book_task(edition, b, essays, old, cite, "html" in renders, reuse)))
            names.append((b, renders))
        books: dict[str, BookState] = {}
        failures: list[Diagnostic] = []

        def done(i: int, result) -> None:
            """A book as soon as it is made."""
            (b, renders), (failure, value) = names[i], result
            if failure:
                failures.extend(failure)
                return
            cited, keys, citeproc, items = value
            # a page made before its PDF has no print pages; when the background makes the PDF, it is made again
            out.report.merge([d for d in items if not (self.paged and d.code == "OUT-003")])
            if cited is not None:
                books[b] = BookState(cited, keys, citeproc)
                out.books.append(b)
            later = {f for f in FORMATS if f != "html" and (cited is not None or f in renders)}
            if later:
                out.later[b] = later

        made: list[str] = []
        if tasks:
            self.on_start([b for b, _ in names])
            run_all(tasks, self.jobs, done, lambda i, book_id: made.append(book_id))
        if failures:
            for b in made:
                staged(book_output(b, "html")).unlink(missing_ok=True)
            raise EditionError(failures)
        for b in made:
            os.replace(staged(book_output(b, "html")), book_output(b, "html"))
            out.html.append(b)
            self.on_html(b)
        return books


def _book_task(edition, book_id: str, essays: dict[str, EssayState], old: BookState | None, cite: bool,
               html: bool, reuse: bool):
    """In the child: (the book's new cited JSON or None if unchanged, its keys, its citeproc run to reuse,
    diagnostics); it tells the parent when its HTML is written, which replaces the one in build/ only whole."""
    def task():
        report = Report()
        cited, doc, text, ran = None, None, None, []

        def run(given: bytes, target: str) -> bytes:
            if reuse and old is not None and old.citeproc is not None and old.citeproc[0] == given:
                return old.citeproc[1]
            answer = pandoc.citeproc(given, target)
            ran.append((given, answer))
            return answer

        def citeproc(book: pf.Doc, target: str) -> pf.Doc:
            return skeleton.cite(book, target, run)

        if cite:
            t0 = time.perf_counter()
            doc = cited_doc(edition, book_id, [essays[e].tree for e in edition.book(book_id).essays], citeproc, report)
            text = to_json(doc)
            if old is None or text != old.cited:
                cited = text
            log(f"  {book_id}: cited {time.perf_counter() - t0:.2f}s{'' if ran else ' (citations as before)'}, "
                f"{'changed' if cited else 'unchanged'}")
        if cited is None and not html:
            return None, None, None, report.items
        if doc is None:  # not cited again: the last cited text
            text = old.cited
            doc = doc_of(text)
        # beside its place: put there with the others' once every book of the change is made (all or none)
        render(doc, edition, book_id, "html", report, copy=False, cited=text, out=staged(book_output(book_id, "html")))
        tell(book_id)  # made: what follows is for the next change
        keys = reach.cited_keys(cited) if cited is not None else None
        kept = ran[0] if ran else old.citeproc if old else None  # the first: a book cited whole is not reused
        return cited, keys, kept, report.items
    return task
