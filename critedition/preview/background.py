"""After the HTML, the rest, in the background: the stages' caches and audit (as make leaves them), then the PDF
and the EPUB of the books a change reached, one job at a time in a forked child. A new change stops the job being
made; it is made again, from the new state, once that change's HTML is written.

The HTML and the EPUB mark the print edition's pages, which the PDF records as it is laid out (render/pages.py):
the PDF comes first, and when it has paged the book anew, the book's HTML is made again with its pages, so that
once the background is done the HTML and the EPUB in build/ are the ones make writes (tests/integration/
test_watch.py compares them). Until then the page a change rebuilt has no page-break markers."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..build.graph import input_files
from ..build.paths import BUILD, FORMATS, book_output, cited_cache, ingest_cache, pages_cache
from ..build.stages import doc_of, import_writers, log, render, write_essay
from ..checks import audit
from ..diagnostics import Report
from ..outputs import remove_partials, write_if_changed
from .forked import Child
from .session import Outcome, Session

LATER = tuple(f for f in FORMATS if f != "html")
ORDER = ("pdf", "epub", "html")  # the PDF pages the book; the EPUB reads its pages; the HTML again only for them
CACHES = ("", "caches")  # the job that writes the caches: no book, no format


@dataclass
class State:
    state: str  # up to date | queued | building | failed | not built
    detail: str = ""

    def to_json(self) -> dict:
        return {"state": self.state, "detail": self.detail}


class Background:
    """The jobs after the HTML and the state of every book's formats. Driven by the watch's loop: `take` each
    update's outcome, `step` often (it forks from the caller's thread: call it from the main thread only)."""

    def __init__(self, session: Session, formats=FORMATS):
        self.session = session
        self.later = [f for f in LATER if f in formats]
        import_writers(self.later)  # here, not in each child that makes a format (WeasyPrint's, 0.5 s)
        self.formats: dict[tuple[str, str], State] = {}
        self.queue: list[tuple[str, str]] = []
        self.essays: set[str] = set()  # whose caches are to be written
        self.books: set[str] = set()
        self.child: Child | None = None
        self.job: tuple[str, str] | None = None
        self.html_failed = ""
        self.started = 0.0
        self.pages: bytes | None = None  # the pagination of the book whose PDF is being made, as it was
        self.on_html = lambda book_id: None  # called when a book's HTML is made again (with its print pages)
        self._snapshot: tuple[set[str], set[str]] = (set(), set())

    # -- what to do --------------------------------------------------------------------------------------
    def take(self, outcome: Outcome, first: bool = False) -> None:
        """Queue what an update leaves to do. On the first, the formats already up to date in build/ (their
        inputs as old as they are, their book's cited cache the same) are not made again."""
        self.html_failed = f"{len(outcome.report.errors)} error(s) in the sources" if outcome.failed else ""
        if outcome.failed:
            self.step()
            return
        self.essays.update(outcome.essays)
        self.books.update(outcome.books)
        if self.essays or self.books:
            self._queue(CACHES)
        for book in outcome.html:  # made again from the new text: a job for the old one is moot
            if (book, "html") in self.queue:
                self.queue.remove((book, "html"))
            self.formats.pop((book, "html"), None)
        for book, formats in outcome.later.items():
            for fmt in sorted(self.later, key=ORDER.index):
                if fmt not in formats:
                    continue
                if first and self._fresh(book, fmt):
                    self.formats[(book, fmt)] = State("up to date")
                else:
                    self._queue((book, fmt))
        self.step()

    def _queue(self, job: tuple[str, str], first: bool = False) -> None:
        """At the end of the queue, or `first` (after the caches, if they are to be written)."""
        if first:
            if job in self.queue:
                self.queue.remove(job)
            self.queue.insert(1 if self.queue[:1] == [CACHES] else 0, job)
        elif job not in self.queue:
            self.queue.append(job)
        if job != CACHES:
            self.formats[job] = State("queued")

    def _fresh(self, book: str, fmt: str) -> bool:
        out = book_output(book, fmt)
        try:
            if cited_cache(book).read_text(encoding="utf-8") != self.session.books[book].cited:
                return False
            made = out.stat().st_mtime_ns
        except OSError:
            return False
        stage = next(s for s in self.session.graph() if s.id == ("render", (book, fmt)))
        return all(p.stat().st_mtime_ns <= made for p in input_files(stage, self.session.edition) if p.exists())

    # -- running -----------------------------------------------------------------------------------------
    def pause(self) -> None:
        """Stop the job being made (a change came): it goes back to the front of the queue."""
        if self.child is not None:
            self.child.stop()
            self._cleanup(self.job)
            self.queue.insert(0, self.job)
            if self.job != CACHES:
                self.formats[self.job] = State("queued")
            log(f"  {self._name(self.job)}: stopped, made again after this change")
            self.child = self.job = None

    def step(self) -> bool:
        """Collect a finished job, start the next; whether anything changed in the formats' states."""
        moved = False
        if self.child is not None and self.child.done():
            failure, items = self.child.result()
            if self.job == CACHES:
                if not failure:
                    self.essays -= self._snapshot[0]
                    self.books -= self._snapshot[1]
            else:
                self.formats[self.job] = (State("failed", "; ".join(d.message for d in failure)[:300]) if failure
                                          else State("up to date"))
                log(f"  {self._name(self.job)}: {'failed' if failure else 'made'} in the background, "
                    f"{time.perf_counter() - self.started:.1f}s")
                if not failure:
                    self._made(*self.job)
            for d in failure or []:
                log(str(d))
            self.child = self.job = None
            moved = True
        if self.child is None and self.queue and self.session.edition is not None:
            self.job = self.queue.pop(0)
            self.started = time.perf_counter()
            # the pagination as it was before the job starts (a child may write it at once)
            self.pages = _read(pages_cache(self.job[0])) if self.job[1] == "pdf" else None
            self.child = Child(self._task(self.job), self._name(self.job))
            if self.job != CACHES:
                self.formats[self.job] = State("building")
                log(f"  {self._name(self.job)}: making it in the background")
            moved = True
        elif moved and self.child is None:
            log("  the background is done: every format up to date" if self.idle()
                else "  the background is done, with failures")
        return moved

    def idle(self) -> bool:
        """Nothing queued or being made, and nothing failed."""
        return self.child is None and not self.queue and all(s.state == "up to date" for s in self.formats.values())

    def _made(self, book: str, fmt: str) -> None:
        """A job done: a PDF that paged its book anew sends its HTML (and its EPUB) to be made again first."""
        if fmt == "html":
            self.on_html(book)
        if fmt != "pdf" or _read(pages_cache(book)) == self.pages:
            return
        if "epub" in self.later and (book, "epub") not in self.queue:
            self._queue((book, "epub"), first=True)
        self._queue((book, "html"), first=True)

    def stop(self) -> None:
        """Stop for good (the watch ends): no job left running, no partial file."""
        if self.child is not None:
            self.child.stop()
            self._cleanup(self.job)
            self.child = self.job = None

    def _cleanup(self, job) -> None:
        if job == CACHES:
            return
        remove_partials(book_output(*job))

    @staticmethod
    def _name(job) -> str:
        return "the stages' caches" if job == CACHES else str(book_output(*job).relative_to(BUILD.parent))

    def _task(self, job):
        session = self.session
        if job == CACHES:
            self._snapshot = (set(self.essays), set(self.books))
            essays, books = self._snapshot
            whole = not session.only

            def caches():
                for e in sorted(essays):
                    st = session.essays.get(e)
                    if st is not None:
                        write_if_changed(ingest_cache(e), st.ingest)
                        write_essay(e, st.result, st.doc)
                for b in sorted(books):
                    if b in session.books:
                        write_if_changed(cited_cache(b), session.books[b].cited)
                if whole and essays:
                    audit.write(BUILD, session.edition)
                return []
            return caches
        book, fmt = job
        cited = session.books[book].cited

        def make():
            report = Report()
            render(doc_of(cited), session.edition, book, fmt, report, copy=False, cited=cited)
            return report.items
        return make

    # -- the index page ------------------------------------------------------------------------------------
    def status(self, building: list[str] = ()) -> dict[str, dict[str, dict]]:
        """Book -> format -> its state, for the index page; `building`: the books whose HTML a change is making
        (before the first build ends, the only books known)."""
        out: dict[str, dict[str, dict]] = {}
        books = list(self.session.edition.books) if self.session.edition else list(building)
        for book in (b for b in books if not self.session.only or b in self.session.only):
            html = State("building") if book in building \
                else State("failed", f"{self.html_failed}: the page is the last good build") if self.html_failed \
                else self.formats[(book, "html")] if (book, "html") in self.formats \
                else State("up to date") if book in self.session.books else State("not built")
            if html.state in ("queued", "building") and book not in building:
                html = State(html.state, "again, with the print pages of the new PDF")
            out[book] = {"html": html.to_json()}
            for fmt in self.later:
                out[book][fmt] = self.formats.get((book, fmt), State("not built")).to_json()
        return out


def _read(path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
