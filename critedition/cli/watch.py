"""Live preview: rebuild the HTML of just the books a change of the sources reaches, then their EPUB and PDF.

The stages' results stay in memory (critedition/preview/session.py), so an edit of bibliography.bib, an essay's
configuration, a witness or the editorial Markdown makes again only what it reaches; an entry nobody cites
rebuilds nothing. Each change prints its diagnostics; when it has errors nothing in build/ is replaced. With
--serve, build/ is served on http://127.0.0.1:PORT/: each page reloads itself when it is rebuilt (keeping its
scroll position) and shows the errors of a broken change until they are fixed; the index page lists each
book's formats and their state. A page a change rebuilt has its print pages again once the background has
made its PDF (preview/background.py). Ctrl-C stops, leaving no partial file and no process behind.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from .. import config
from ..build.graph import input_files
from ..build.paths import BUILD, FORMATS
from ..diagnostics import make
from ..outputs import remove_partials_under
from ..preview.background import Background
from ..preview.notify import Waker
from ..preview.server import Hub, serve, stop as stop_server, url
from ..preview.session import Outcome, Session
from .check import usage_hook
from .common import EXIT_OUTPUT, print_report

POLL = 0.05  # seconds between looks at the sources' times and sizes (sooner when the system tells of a write)
SETTLE = 0.3  # at most this long for a burst of saves to end before a rebuild starts
QUIET = 0.02  # a burst of writes is over when no other has come for this long (with the system's events)
LIST = 1.0  # seconds between listings of the sources (a new file under edition/): a look is a stat per file


def add_arguments(p) -> None:
    p.add_argument("--book", action="append", help="a book id (repeatable; default: all books)")
    p.add_argument("--serve", action="store_true", help="serve build/ while watching, pages reloading themselves")
    p.add_argument("--port", type=port, default=8000, help="port for --serve (0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address for --serve (default 127.0.0.1: this machine only)")
    p.add_argument("--to", action="append", choices=FORMATS,
                   help="a format to keep up to date (repeatable; default: all; the HTML is always made, "
                        "its print pages only with the PDF)")
    p.add_argument("--jobs", type=int, default=2, help="books cited and rendered at once (default 2)")
    p.add_argument("--for", dest="duration", type=float, metavar="SECONDS", help="stop after SECONDS")


def port(value: str) -> int:
    """A port number, 0 to 65535 (an argument error otherwise, as for any bad option)."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (0-65535; 0: any free port)")
    return number


def run(args) -> int:
    started = time.time() - 1  # a file's time may be a little behind the clock
    stop = threading.Event()
    if args.duration:
        timer = threading.Timer(args.duration, stop.set)
        timer.daemon = True
        timer.start()
    session = Session(Path(args.config) if args.config else None, args.book, max(1, args.jobs),
                      paged="pdf" in (args.to or FORMATS))
    later = Background(session, args.to or FORMATS)
    hub = Hub()
    server = None
    waker = Waker()

    def html_done(book: str) -> None:
        hub.publish("errors", [])  # its sources are good: what the page reloads to has no errors to show
        hub.publish("reload", [f"/{book}/{book}.html"])
    session.on_html = html_done
    session.on_start = lambda books: hub.publish("status", later.status(building=books))
    later.on_html = html_done  # made again in the background, with the print pages of the new PDF
    try:
        if args.serve:
            try:
                server = serve(BUILD, hub, args.port, args.host)
            except (OSError, OverflowError) as err:  # the port is taken, or the address is not this machine's
                print(make("OUT-004", "", host=args.host, port=args.port,
                           detail=getattr(err, "strerror", None) or str(err)), file=sys.stderr, flush=True)
                return EXIT_OUTPUT
            print(f"serving build/ on {url(server)}", flush=True)
        sources = Sources(session)
        seen = sources.signature()
        outcome = session.update(set())
        seen = {**sources.signature(listed=True), **seen}  # what the configuration names besides edition/
        later.take(outcome, first=True)
        _announce(session, outcome, hub, server)
        hub.title = str(session.edition.data.get("title", "Preview")) if session.edition else "Preview"
        hub.publish("status", later.status())
        print(f"watching {', '.join(sources.roots())} (Ctrl-C stops)", flush=True)
        while not stop.is_set():
            waker.follow(sources.folders())
            waker.wait(POLL)
            if stop.is_set():
                break
            now = sources.signature()
            if now != seen:
                now = sources.settled(now, waker)
                changed = {config.relpath(f) for f in set(now) | set(seen) if now.get(f) != seen.get(f)}
                seen = now
                print("changed: " + ", ".join(sorted(changed)), flush=True)
                later.pause()
                outcome = session.update(changed)
                later.take(outcome)
                _announce(session, outcome, hub, server)
                hub.publish("status", later.status())
                # the configuration may name other files now: the update read them as they are
                seen = {**sources.signature(listed=True), **seen}
                print("watching (Ctrl-C stops)", flush=True)
            if later.step():
                hub.publish("status", later.status())
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a preview ends
    finally:
        waker.close()
        later.stop()
        remove_partials_under(BUILD, started)  # a child killed outright (after its grace) leaves its partials
        if server is not None:
            stop_server(server, hub)
    print("watch: stopped", flush=True)
    return 0


class Sources:
    """What the build reads: the files the graph's stages name (as they were when the edition was read), and
    everything under edition/ (a new stylesheet; a new essay or editorial file, which a configuration the next
    update reads names). Listed again every LIST seconds; looked at (a stat each) every POLL."""

    def __init__(self, session: Session):
        self.session = session
        self.files: set[Path] = set()
        self.listed = 0.0
        # (the edition, the files its graph names); first none, not even "no edition" (a broken configuration)
        self._named: tuple[object, set[Path]] = (object(), set())

    def list(self) -> set[Path]:
        if time.monotonic() - self.listed > LIST:
            edition = self.session.edition
            if self._named[0] is not edition:
                named = {edition.bibliography if edition else config.ROOT / "bibliography.bib"}
                if edition is not None:
                    named.update(p for s in self.session.graph() for p in input_files(s, edition)
                                 if BUILD not in p.parents)
                self._named = (edition, named)
            self.files = {p for p in (config.ROOT / "edition").rglob("*") if p.is_file()} | self._named[1]
            self.listed = time.monotonic()
        return self.files

    def roots(self) -> list[str]:
        files = {config.relpath(p) for p in self.list()}
        return sorted({f.split("/")[0] + ("/" if "/" in f else "") for f in files})

    def signature(self, listed: bool = False) -> dict[str, tuple[int, int, int]]:
        """Each source's time, size and inode: an editor's atomic save (a new file renamed over the old)
        counts. `listed`: list the sources again first."""
        if listed:
            self.listed = 0.0
        out = {}
        for p in self.list():
            try:
                st = p.stat()
            except OSError:
                continue  # removed (perhaps to be written again): its absence is the change
            out[str(p)] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return out

    def folders(self) -> dict[Path, bool]:
        """The folders whose files' writes wake the watch: edition/ with its subfolders, and each other source's
        folder without them (so the project's, for bibliography.bib, without build/, which the watch writes)."""
        edition = config.ROOT / "edition"
        out = {p.parent: False for p in self.files if edition not in p.parents}
        return {**out, edition: True}

    def settled(self, now: dict, waker: Waker) -> dict:
        """The sources once a burst of saves is over (no write for QUIET seconds, and the same at two looks), or
        after SETTLE seconds."""
        deadline = time.monotonic() + SETTLE
        while time.monotonic() < deadline:
            waker.quiet(QUIET if waker.live else POLL / 2, deadline)
            again = self.signature()
            if again == now:
                return now
            now = again
        return now


def _announce(session: Session, outcome: Outcome, hub: Hub, server) -> None:
    """Print what an update did and tell the pages."""
    report = outcome.report
    if not outcome.failed and session.edition is not None:
        # an essay the watch does not build (--book) cites what we do not know: then nothing is "never cited"
        audits = {e: session.essays[e].result.state if e in session.essays else None
                  for e in session.edition.essays}
        usage_hook(session.edition, session.library, report, audits)  # the check: entries nobody cites
    print_report(report)
    hub.publish("errors", [d.to_json() for d in report.sorted() if d in report.errors])
    if outcome.failed:
        print("rebuild failed: the previous HTML was left in place", flush=True)
        return
    what = ", ".join(outcome.html) if outcome.html else "no book's text changed"
    print(f"rebuilt in {outcome.seconds:.1f}s: {what}", flush=True)
    if server is not None:
        for b in outcome.html:
            print(f"  {url(server, f'/{b}/{b}.html')}", flush=True)
