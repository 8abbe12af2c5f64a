"""`edition watch`: only the books a change reaches, byte for byte what make writes; rapid, atomic and
half-written saves; the background formats and the index page; Ctrl-C; a real browser following along."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.watch import cited_by_one, with_publisher
from critedition.checks import reproducible
from tests.conftest import EPOCH, ROOT, run_make
from tests.integration.test_robustness import CLI, Output, fetch

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
UNCITED = "\n@book{tester2099uncited,\n  author = {Tester, Ann},\n  title = {An Uncited Book},\n  date = {2099},\n}\n"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A copy of the project that make has built."""
    project = reproducible.project_copy(ROOT, tmp_path_factory.mktemp("made"), skip=("tests/",))
    run_make("-j2", cwd=project)
    return project


def copy_of(made: Path, dest: Path) -> Path:
    shutil.copytree(made, dest, symlinks=True)
    return dest


class Watch:
    """`edition watch ARGS` in a project, its output read as it comes."""

    def __init__(self, project: Path, *args: str):
        env = {**os.environ, "EDITION_ROOT": str(project), "SOURCE_DATE_EPOCH": EPOCH,  # make's, to compare
               "PYTHONPATH": str(project)}
        self.proc = subprocess.Popen([sys.executable, "-u", "-c", CLI, "watch", "--for", "900", *args], cwd=project,
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.out = Output(self.proc)
        self.at = self.out.wait_for(r"^watching ", timeout=300)

    def after(self, pattern: str, timeout: float = 180) -> str:
        """The next line matching `pattern`, from where the last one was found."""
        self.at = self.out.wait_for(pattern, self.at, timeout)
        return self.out.lines[self.at - 1]

    def quiet(self, still: float = 2.0, timeout: float = 180) -> None:
        """Wait until the watch is back to watching and no change has come for `still` seconds; later waits
        look only at what it prints after this, so a line left from an earlier rebuild cannot answer them."""
        deadline = time.monotonic() + timeout
        seen, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            lines = list(self.out.lines)
            changed = max((i for i, line in enumerate(lines) if line.startswith("changed: ")), default=-1)
            watching = max((i for i, line in enumerate(lines) if line.startswith("watching ")), default=-1)
            if changed != seen:
                seen, since = changed, time.monotonic()
            if watching > changed and time.monotonic() - since >= still:
                self.at = len(lines)
                return
            time.sleep(0.1)
        raise AssertionError("the watch did not go quiet:\n" + "".join(self.out.lines))

    def since(self, start: int) -> str:
        return "".join(self.out.lines[start:])

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=60)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.out.thread.join(10)
        self.proc.stdout.close()


def html(project: Path, book: str) -> Path:
    return project / "build" / book / f"{book}.html"


def book_output(project: Path, book: str, fmt: str) -> Path:
    return project / "build" / book / f"{book}.{fmt}"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inodes(project: Path) -> dict[str, int]:
    return {b: html(project, b).stat().st_ino for b in BOOKS}


def replaced(before: dict[str, int], project: Path) -> set[str]:
    return {b for b, n in inodes(project).items() if n != before[b]}


def test_watch_makes_only_the_books_a_change_reaches_and_makes_them_as_make_does(made, tmp_path):
    project = copy_of(made, tmp_path / "p")
    by_make = {b: sha(html(project, b)) for b in BOOKS}
    bib = project / "bibliography.bib"
    intro = project / "edition" / "editorial" / "introduction.md"
    watch = Watch(project)
    try:
        assert {b: sha(html(project, b)) for b in BOOKS} == by_make  # its first build: make's bytes
        done = r"^  the background is done"
        key = next(k for k, essay in cited_by_one(project) if essay == "mckay" and with_publisher(bib.read_text(), k))
        before, start = inodes(project), watch.at
        bib.write_text(with_publisher(bib.read_text(encoding="utf-8"), key), encoding="utf-8")
        watch.after(r"^changed: bibliography\.bib$")
        assert "rebuilt in" in watch.after(r"^(rebuilt in|rebuild failed)")
        assert replaced(before, project) == {"mckay-worst-of-the-anarchists", "serge-and-the-anarchists"}
        # the PDFs, then the pages again with their print pages (render/pages.py), then the EPUBs
        assert watch.after(done).endswith("every format up to date\n")
        for b in ("mckay-worst-of-the-anarchists", "serge-and-the-anarchists"):
            assert f"build/{b}/{b}.html: made in the background" in watch.since(start)

        before, start = inodes(project), watch.at
        with bib.open("a", encoding="utf-8") as f:
            f.write(UNCITED)
        assert watch.after(r"^(rebuilt in|rebuild failed)").endswith("no book's text changed\n")
        assert "warning[CITE-004] bibliography entry 'tester2099uncited' is never cited" in watch.since(start)
        assert replaced(before, project) == set()

        before, start = inodes(project), watch.at
        text = intro.read_text(encoding="utf-8")
        intro.write_text(re.sub(r"(\S)\n\n", r"\1 A sentence the editors added.\n\n", text, count=1), encoding="utf-8")
        assert "rebuilt in" in watch.after(r"^(rebuilt in|rebuild failed)")
        assert replaced(before, project) == {"serge-and-the-anarchists"}
        # its citations as before: citeproc's last answer for the collection, reused (book/citeproc.py)
        assert "serge-and-the-anarchists: cited" in watch.since(start) and "(citations as before)" in watch.since(start)
        assert "A sentence the editors added." in html(project, "serge-and-the-anarchists").read_text(encoding="utf-8")
        assert watch.after(done).endswith("every format up to date\n")

        # one change that alters McKay's book and breaks the collection: neither page is replaced (all or none)
        conf = project / "edition" / "edition.yaml"
        conf_text, intro_text = conf.read_text(encoding="utf-8"), intro.read_text(encoding="utf-8")
        title = 'title: "Victor Serge: The Worst of the Anarchists"'
        assert conf_text.count(title) == 1
        before, start, pages = inodes(project), watch.at, {b: sha(html(project, b)) for b in BOOKS}
        intro.write_text(intro_text + "\nSee also [see @price ¶ 9999].\n", encoding="utf-8")
        conf.write_text(conf_text.replace(title, title[:-1] + ' (Revised)"'), encoding="utf-8")
        assert "rebuild failed" in watch.after(r"^(rebuilt in|rebuild failed)")
        watch.quiet()
        assert "error[CITE-006]" in watch.since(start) and "rebuilt in" not in watch.since(start)
        assert replaced(before, project) == set()
        assert not [p for p in (project / "build").rglob("*.part")]
        conf.write_text(conf_text, encoding="utf-8")  # the other way round, a half-mended change fails
        intro.write_text(intro_text, encoding="utf-8")
        watch.after(r"^rebuilt in")
        watch.quiet()
        assert {b: sha(html(project, b)) for b in BOOKS} == pages  # the sources as they were, the pages too
        assert watch.stop() == 0
    finally:
        watch.close()
    assert "Traceback" not in "".join(watch.out.lines)
    assert "OUT-003" not in "".join(watch.out.lines)  # the pages made before their PDF: made again after it
    # make, from nothing, on the same sources
    fresh = reproducible.project_copy(project, tmp_path / "fresh")
    run_make("html", "epub", cwd=fresh)
    for fmt in ("html", "epub"):
        assert {b: sha(book_output(fresh, b, fmt)) for b in BOOKS} == {b: sha(book_output(project, b, fmt))
                                                                        for b in BOOKS}, fmt


def test_a_watch_started_on_a_broken_configuration_builds_once_it_is_mended(made, tmp_path):
    """It watches the bibliography meanwhile, and the files the mended configuration names are taken as they
    are, not as a second change."""
    project = copy_of(made, tmp_path / "p")
    conf = project / "edition" / "edition.yaml"
    good = conf.read_text(encoding="utf-8")
    conf.write_text(good.replace("books:", "books: [", 1), encoding="utf-8")
    watch = Watch(project, "--to", "html", "--book", "price-what-can-anarchists-learn")
    try:
        assert "error[CFG-001]" in watch.since(0)
        assert "bibliography.bib" in watch.out.lines[watch.at - 1]  # what it watches
        conf.write_text(good, encoding="utf-8")
        watch.after(r"^rebuilt in")
        watch.quiet()
        assert watch.since(0).count("changed: ") == 1, watch.since(0)
        assert watch.stop() == 0
    finally:
        watch.close()
    assert "Traceback" not in "".join(watch.out.lines)


def index_says(base: str, pattern: str, timeout: float = 30) -> bool:
    """Whether the served index page comes to match `pattern`: the watch tells it a format's state just after
    printing the line about it."""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, fetch(base).decode()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def background_idle(base: str, timeout: float = 180) -> bool:
    """Whether the served index page comes to show no format queued or being made."""
    deadline = time.monotonic() + timeout
    while re.search(r"</a>: (queued|building)", fetch(base).decode()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in out:
                out.add(child)
                todo.append(child)
    return out


def test_watch_takes_rapid_atomic_and_half_written_saves_and_stops_clean(made, tmp_path):
    project = copy_of(made, tmp_path / "p")
    bib = project / "bibliography.bib"
    essay = project / "edition" / "essays" / "price.yaml"
    page = html(project, "price-what-can-anarchists-learn")
    good = bib.read_text(encoding="utf-8")
    key = next(k for k, e in cited_by_one(project) if e == "price" and with_publisher(good, k))

    def publisher(n: int) -> str:
        return with_publisher(good, key, f"Press {n} ")

    watch = Watch(project, "--book", "price-what-can-anarchists-learn", "--serve", "--port", "0")
    base = re.search(r"http://127\.0\.0\.1:\d+/", "".join(watch.out.lines)).group()
    try:
        # make's, still current: once the background has looked (on a busy machine it may still be looking)
        deadline = time.monotonic() + 120
        while True:
            status = fetch(base).decode()
            settled = ">EPUB</a>: up to date" in status and ">PDF</a>: up to date" in status
            if settled or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert settled, status
        # an editor's auto-save, five times in a second: a rebuild or two, the last text in the page
        start = watch.at
        for n in range(1, 6):
            bib.write_text(publisher(n), encoding="utf-8")
            time.sleep(0.2)
        deadline = time.monotonic() + 180
        while "Press 5 " not in page.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Press 5 " in page.read_text(encoding="utf-8")
        assert watch.since(start).count("changed: bibliography.bib") <= 3
        # the background makes the PDF again (then the page with its print pages, then the EPUB); the index says
        # so once the watch has told it (just after its line)
        watch.after(r"price-what-can-anarchists-learn\.pdf: making it in the background")
        assert index_says(base, r">PDF</a>: (building|up to date)")
        watch.quiet()

        # an atomic save (a new file renamed over the old), then a delete and a new file a moment later
        tmp = bib.with_name(".bibliography.bib.swp")
        tmp.write_text(publisher(6), encoding="utf-8")
        os.replace(tmp, bib)
        watch.after(r"^rebuilt in")
        watch.quiet()
        bib.unlink()
        time.sleep(0.5)
        bib.write_text(publisher(7), encoding="utf-8")
        deadline = time.monotonic() + 180
        while "Press 7 " not in page.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Press 7 " in page.read_text(encoding="utf-8")
        watch.after(r"^rebuilt in")

        # half-written files: diagnostics, the page untouched, then the whole file again
        text = essay.read_text(encoding="utf-8")
        for path, cut in ((bib, len(good) * 3 // 5), (essay, len(text) * 3 // 5), (essay, text.index('"') + 1)):
            whole = path.read_text(encoding="utf-8")
            watch.quiet()
            # the background's page with the print pages of the last good text may still be coming: wait for it
            assert background_idle(base), fetch(base).decode()
            kept, start = page.read_bytes(), watch.at
            path.write_text(whole[:cut], encoding="utf-8")
            assert "rebuild failed" in watch.after(r"^(rebuilt in|rebuild failed)")
            assert re.search(r"^\S+:\d+(:\d+)?: error\[[A-Z]+-\d{3}\]", watch.since(start), re.M), watch.since(start)
            assert page.read_bytes() == kept
            path.write_text(whole, encoding="utf-8")
            assert "rebuilt in" in watch.after(r"^(rebuilt in|rebuild failed)")
        assert "error[CFG-001]" in watch.since(0)  # the last cut: a quoted value never closed

        # a change while the background makes the PDF stops it; it is made again after the change's HTML
        watch.quiet()
        bib.write_text(publisher(8), encoding="utf-8")
        watch.after(r"price-what-can-anarchists-learn\.pdf: making it in the background")
        assert index_says(base, r">PDF</a>: building")
        bib.write_text(publisher(9), encoding="utf-8")
        watch.after(r"price-what-can-anarchists-learn\.pdf: stopped, made again after this change")
        watch.after(r"price-what-can-anarchists-learn\.pdf: making it in the background")

        # Ctrl-C while the background makes the PDF: no process left, no partial file
        time.sleep(1.0)
        below = descendants(watch.proc.pid)
        assert below, "the PDF is made in a child of the watch"
        assert watch.stop() == 0
    finally:
        watch.close()
    out = "".join(watch.out.lines)
    assert "watch: stopped" in out and "Traceback" not in out
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{p}").exists() for p in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in below if Path(f"/proc/{p}").exists()]
    assert not [p for p in (project / "build").rglob("*.part")]


# -- a browser following the watch -------------------------------------------------------------------------

OVERLAY = "(() => { const h = document.getElementById('critedition-live-errors'); " \
          "return h ? h.shadowRoot.textContent : ''; })()"


def until(browser, session: str, expression: str, timeout: float = 180):
    """The value of `expression` in the page once it is truthy (the page may reload meanwhile)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = browser.evaluate(session, expression)
        except RuntimeError:  # evaluated while the page was being replaced
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never true in the page: {expression}")


def test_a_browser_page_follows_the_watch(made, tmp_path):
    """Chromium on `edition watch --serve`: the page reloads with the new text where the reader was, shows a
    broken change's errors over the page, and drops them once fixed."""
    from critedition.render import chromium

    if not chromium.find_chromium():
        pytest.skip("no Chromium")
    project = copy_of(made, tmp_path / "p")
    bib = project / "bibliography.bib"
    book = "price-what-can-anarchists-learn"
    watch = Watch(project, "--book", book, "--serve", "--port", "0", "--to", "html")
    base = re.search(r"http://127\.0\.0\.1:\d+/", "".join(watch.out.lines)).group()
    try:
        with chromium.Browser() as b:
            target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime"):
                b.send(f"{domain}.enable", {}, session)
            b.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
            b.send("Page.navigate", {"url": f"{base}{book}/{book}.html"}, session)
            b.wait_event("Page.loadEventFired", session)
            assert b.evaluate(session, "document.body.innerText.includes('Course Is Set on Hope')")
            assert not b.evaluate(session, "document.body.innerText.includes('Course Is Set on Hope Again')")
            y = b.evaluate(session, "window.scrollTo(0, 2400); window.__before = true; window.scrollY")
            assert y > 1000
            time.sleep(1)  # the page's event stream is open

            good = bib.read_text(encoding="utf-8")
            bib.write_text(good.replace("Course Is Set on Hope", "Course Is Set on Hope Again"), encoding="utf-8")
            until(b, session, "document.body.innerText.includes('Course Is Set on Hope Again')")
            assert b.evaluate(session, "window.__before") is None  # a new page, not the old one edited
            assert abs(until(b, session, "window.scrollY") - y) <= 2

            fixed = bib.read_text(encoding="utf-8")
            bib.write_text(fixed + "\n@book{broken2000,\n  title = {Unclosed,\n}\n", encoding="utf-8")
            text = until(b, session, OVERLAY)
            assert "bibliography.bib:" in text and "BIB-001" in text and "Hint: " in text, text
            assert b.evaluate(session, "document.body.innerText.includes('Course Is Set on Hope Again')")

            bib.write_text(fixed, encoding="utf-8")
            until(b, session, f"!{OVERLAY}")
            errors = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
            assert not errors, errors
        assert watch.stop() == 0
    finally:
        watch.close()
