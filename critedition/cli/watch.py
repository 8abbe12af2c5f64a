"""Live preview: rebuild the books' HTML whenever bibliography.bib or anything under edition/ changes.

Each rebuild prints its diagnostics. When the bibliography or the configuration has errors, nothing is
rebuilt and the previous HTML stays. With --serve, build/ is served on http://127.0.0.1:PORT/ (Ctrl-C stops).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from .. import config
from ..bib import lint
from ..build.walk import build_all
from ..diagnostics import EditionError, Report
from .common import exit_code, load, print_report


def add_arguments(p) -> None:
    p.add_argument("--book", action="append", help="a book id (repeatable; default: all books)")
    p.add_argument("--serve", action="store_true", help="serve build/ on 127.0.0.1 while watching")
    p.add_argument("--port", type=int, default=8000, help="port for --serve (0: any free port)")
    p.add_argument("--for", dest="duration", type=float, metavar="SECONDS", help="stop after SECONDS")


def run(args) -> int:
    try:
        import watchfiles
    except ImportError:
        report = Report()
        report.add("TOOL-001", "", tool="watchfiles", detail="the watch extra is not installed",
                   hint="pip install -e '.[watch]' (make does this)")
        print_report(report)
        return exit_code(report.items)
    stop = threading.Event()
    if args.duration:
        timer = threading.Timer(args.duration, stop.set)
        timer.daemon = True
        timer.start()
    server = serve(args.port) if args.serve else None
    paths = [config.ROOT / "edition", _bibliography(args)]
    try:
        seen = _signature(paths)
        rebuild(args, server)
        print(f"watching {', '.join(config.relpath(p) for p in paths)} (Ctrl-C stops)", flush=True)
        # The project folder is watched, not the .bib file itself: an editor that saves by writing a new file
        # and renaming it over the old one would leave a watch on the old file. The watcher only wakes us up
        # (on a change, or every second): what changed is read from the files' times, so a change made while
        # the watcher starts or while a rebuild runs is not lost.
        for _ in watchfiles.watch(config.ROOT, watch_filter=_sources(paths), stop_event=stop, debounce=300,
                                  rust_timeout=1000, yield_on_timeout=True):
            now = _signature(paths)
            if now == seen or stop.is_set():
                continue
            changed = sorted(config.relpath(f) for f in set(now) | set(seen) if now.get(f) != seen.get(f))
            print("changed: " + ", ".join(changed), flush=True)
            seen = now
            rebuild(args, server)
            print("watching (Ctrl-C stops)", flush=True)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a preview ends
    finally:
        if server:
            server.shutdown()
            server.server_close()
    print("watch: stopped", flush=True)
    return 0


def _bibliography(args) -> Path:
    """The bibliography edition.yaml names (bibliography.bib while the configuration cannot be read)."""
    try:
        return load(args, Report()).bibliography
    except EditionError:
        return config.ROOT / "bibliography.bib"


def _sources(paths: list[Path]):
    """A watchfiles filter: the bibliography and files under edition/, without editors' temporary files."""
    import watchfiles

    default = watchfiles.DefaultFilter()
    files = {str(p) for p in paths if p.suffix}
    folders = tuple(str(p) + "/" for p in paths if not p.suffix)
    return lambda change, path: default(change, path) and (path in files or path.startswith(folders))


def _signature(paths: list[Path]) -> dict[str, tuple[int, int]]:
    files = [p for base in paths for p in ([base] if base.is_file() else base.rglob("*")) if p.is_file()]
    out = {}
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue  # removed while we looked
        out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


def rebuild(args, server=None) -> Report:
    """One HTML build of the books, unless the configuration or the bibliography has errors; prints the report."""
    report = Report()
    t0 = time.perf_counter()
    try:
        edition = load(args, report)
        bib = lint.read(edition.bibliography, report, config.relpath(edition.bibliography))
        if bib is not None:
            lint.lint(bib, report)
        for b in args.book or []:
            if b not in edition.books:
                report.add("CFG-008", edition.file, book=b, known=", ".join(edition.books))
        report.raise_errors()
        books = args.book or list(edition.books)
        build_all(edition, report, books, ["html"], lint.library(bib))
    except EditionError as err:
        report.merge(err.diagnostics)
    print_report(report)
    if report.errors:
        print("rebuild failed: the previous HTML was left in place", flush=True)
    else:
        print(f"rebuilt in {time.perf_counter() - t0:.1f}s", flush=True)
        if server:
            for b in books:
                print(f"  http://127.0.0.1:{server.server_address[1]}/{b}/{b}.html", flush=True)
    return report


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass  # the preview's own messages are the diagnostics


def serve(port: int) -> http.server.ThreadingHTTPServer:
    """Serve build/ on 127.0.0.1 only (never on other interfaces) from a background thread."""
    handler = functools.partial(_Quiet, directory=str(config.ROOT / "build"))
    (config.ROOT / "build").mkdir(exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving build/ on http://127.0.0.1:{server.server_address[1]}/", flush=True)
    return server
