"""Benchmark tracer, loaded by every Python process of a benchmarked build (bench/run.py puts this folder on
PYTHONPATH and sets CRIT_BENCH_TRACE). It changes no result: it only times the boundaries of the toolchain
(pandoc subprocesses, WeasyPrint layout and writing, ingest and the filter passes, the build stages) and,
with CRIT_BENCH_CAPTURE set, saves what pandoc and WeasyPrint were given, for the floor measurements.

At exit each process appends one JSON line to $CRIT_BENCH_TRACE. Every hook is defensive: if the
toolchain's code changes shape, the hook is skipped and the build runs untraced.
"""

from __future__ import annotations

import os

if os.environ.get("CRIT_BENCH_TRACE") and not os.environ.pop("CRIT_BENCH_SKIP", None):
    import atexit
    import functools
    import importlib.abc
    import importlib.util
    import json
    import resource
    import sys
    import time

    _T0 = time.perf_counter()
    _REC: dict = {"argv": sys.argv[:], "pid": os.getpid(), "pandoc": [], "weasy_render": [], "weasy_write": [],
                  "stages": {}, "passes": {}}
    _CAPTURE = os.environ.get("CRIT_BENCH_CAPTURE")

    _CURRENT: list[tuple[str, str]] = []  # (book, format) a one-process build is working on (_patch_builder)

    def _book_fmt() -> tuple[str, str]:
        if _CURRENT:
            return _CURRENT[-1]
        argv = sys.argv
        book = argv[argv.index("--book") + 1] if "--book" in argv else "all"
        fmt = argv[argv.index("--to") + 1] if "--to" in argv else "all"
        return book, fmt

    def _add(table: str, name: str, dt: float) -> None:
        d = _REC[table]
        d[name] = d.get(name, 0.0) + dt

    def _timed(table: str, name: str, fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                _add(table, name, time.perf_counter() - t)
        wrapper.__bench_wrapped__ = True
        return wrapper

    # ---- pandoc subprocesses ----------------------------------------------------------------------------
    import subprocess

    _run = subprocess.run

    def _pandoc_run(args, *a, **k):
        argv = list(args) if isinstance(args, (list, tuple)) else [args]
        if not (argv and str(argv[0]).endswith("pandoc")):
            return _run(args, *a, **k)
        t = time.perf_counter()
        res = _run(args, *a, **k)
        dt = time.perf_counter() - t
        flat = [str(x) for x in argv[1:]]
        defaults = [os.path.basename(flat[i + 1]) for i, x in enumerate(flat[:-1]) if x == "--defaults"]
        data = k.get("input") or b""
        _REC["pandoc"].append({"defaults": defaults, "to": flat[flat.index("--to") + 1] if "--to" in flat else None,
                               "seconds": dt, "input_bytes": len(data)})
        if _CAPTURE:
            try:
                _capture_pandoc(flat, defaults, data)
            except Exception as e:  # a capture failure must never fail the build
                _REC.setdefault("capture_errors", []).append(repr(e))
        return res

    def _capture_pandoc(flat: list[str], defaults: list[str], data: bytes) -> None:
        book, fmt = _book_fmt()
        if book == "all":
            return
        os.makedirs(_CAPTURE, exist_ok=True)
        if "common.yaml" in defaults and "json" in flat:  # citeproc: JSON in, JSON out; its input is the book
            with open(os.path.join(_CAPTURE, f"{book}.uncited.json"), "wb") as f:
                f.write(data)
        elif fmt in ("html", "epub", "pdf") and any(d.startswith(fmt) for d in defaults):
            args, skip = [], False  # the writer's options, without its output file
            for x in flat:
                if skip:
                    skip = False
                    continue
                if x in ("--output", "-o"):
                    skip = True
                    continue
                if x.startswith("--output="):
                    continue
                args.append(_keep_file(x, book, fmt))
            with open(os.path.join(_CAPTURE, f"{book}.{fmt}.args.json"), "w") as f:
                json.dump(args, f)

    def _keep_file(arg: str, book: str, fmt: str) -> str:
        """A file the writer reads from outside the project (a cover made in a temporary folder): keep a copy."""
        import shutil

        prefix, path = "", arg
        if arg.startswith("--") and "=" in arg:
            prefix, path = arg.split("=", 1)
            prefix += "="
        if not os.path.isabs(path) or not os.path.isfile(path) or path.startswith(os.getcwd() + os.sep):
            return arg
        dest = os.path.join(_CAPTURE, f"{book}.{fmt}.files", os.path.basename(path))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(path, dest)
        return prefix + dest

    subprocess.run = _pandoc_run

    # ---- post-import patches ----------------------------------------------------------------------------
    def _patch_weasyprint(mod) -> None:
        HTML, CSS = mod.HTML, mod.CSS
        css_init, html_init, render = CSS.__init__, HTML.__init__, HTML.render

        def css_init_(self, *a, **k):
            self._bench_src = k.get("string")
            return css_init(self, *a, **k)

        def html_init_(self, *a, **k):
            self._bench_src = (k.get("string"), k.get("base_url"))
            return html_init(self, *a, **k)

        def render_(self, *a, **k):
            t = time.perf_counter()
            doc = render(self, *a, **k)
            dt = time.perf_counter() - t
            # A book (laid out once per placement pass), or its index alone, laid out apart once the book's
            # pages are known (render/pdf/index.py): a document whose text opens with the index.
            first = not hasattr(self, "_bench_part")
            if first:
                html = (getattr(self, "_bench_src", None) or ("",))[0] or ""
                alone = html.split("<main>", 1)[-1].lstrip().startswith('<div id="index"')
                self._bench_part = "print.index" if alone else "print"
            part = self._bench_part
            _REC["weasy_render"].append({"seconds": dt, "pages": len(doc.pages), "part": part, "first": first})
            if _CAPTURE and not getattr(self, "_bench_saved", False):
                self._bench_saved = True
                try:
                    book, _ = _book_fmt()
                    html, base = getattr(self, "_bench_src", (None, None))
                    sheets = [getattr(s, "_bench_src", None) for s in (k.get("stylesheets") or [])]
                    if book != "all" and html is not None:
                        os.makedirs(_CAPTURE, exist_ok=True)
                        with open(os.path.join(_CAPTURE, f"{book}.{part}.html"), "w", encoding="utf-8") as f:
                            f.write(html)
                        with open(os.path.join(_CAPTURE, f"{book}.{part}.json"), "w") as f:
                            json.dump({"base_url": base, "stylesheets": [s for s in sheets if s is not None],
                                       "uncaptured_stylesheets": sum(s is None for s in sheets)}, f)
                except Exception as e:
                    _REC.setdefault("capture_errors", []).append(repr(e))
            return doc

        CSS.__init__, HTML.__init__, HTML.render = css_init_, html_init_, render_
        Document = mod.document.Document
        write = Document.write_pdf

        def write_(self, *a, **k):
            t = time.perf_counter()
            try:
                return write(self, *a, **k)
            finally:
                _REC["weasy_write"].append({"seconds": time.perf_counter() - t, "pages": len(self.pages)})

        Document.write_pdf = write_

    def _patch_pipeline(mod) -> None:
        for name in ("ingest", "to_panflute"):
            if callable(getattr(mod, name, None)):
                setattr(mod, name, _timed("stages", name, getattr(mod, name)))
        passes = getattr(mod, "PASSES", None)
        if isinstance(passes, list):
            for i, fn in enumerate(passes):
                label = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__name__', '?')}"
                passes[i] = _timed("passes", label, fn)

    def _working_on(fn, book_at: int, fmt_at: int | None):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            try:
                _CURRENT.append((str(a[book_at]), str(a[fmt_at]) if fmt_at is not None else "all"))
            except IndexError:  # called another way than this tracer knows: untraced, unharmed
                _CURRENT.append(("all", "all"))
            try:
                return fn(*a, **k)
            finally:
                _CURRENT.pop()
        return wrapper

    def _patch_builder(mod) -> None:
        for name in ("essay_stage", "cited_book", "render", "render_all", "gather", "_in_worker", "load_essay",
                     "clone"):
            if callable(getattr(mod, name, None)):
                setattr(mod, name, _timed("stages", name, getattr(mod, name)))
        # which book (and format) the pandoc runs and layouts are for, when one process builds them all
        for name, book_at, fmt_at in (("cite_stage", 1, None), ("render", 2, 3)):
            if callable(getattr(mod, name, None)):
                setattr(mod, name, _working_on(getattr(mod, name), book_at, fmt_at))

    def _patch_pandoc(mod) -> None:
        for name in ("cite", "doc_to_json", "json_to_doc"):
            if callable(getattr(mod, name, None)):
                setattr(mod, name, _timed("stages", f"pandoc.{name}", getattr(mod, name)))

    _PATCHES = {"weasyprint": _patch_weasyprint, "critedition.essay.pipeline": _patch_pipeline,
                "critedition.build.stages": _patch_builder, "critedition.build.pool": _patch_builder,
                "critedition.book.cited": _patch_builder, "critedition.pandoc": _patch_pandoc}

    class _Loader(importlib.abc.Loader):
        def __init__(self, inner, name):
            self.inner, self.name = inner, name

        def __getattr__(self, attr):  # resource readers, get_source...: the real loader's
            return getattr(self.inner, attr)

        def create_module(self, spec):
            return self.inner.create_module(spec)

        def exec_module(self, module):
            self.inner.exec_module(module)
            try:
                _PATCHES[self.name](module)
            except Exception as e:
                _REC.setdefault("patch_errors", []).append(f"{self.name}: {e!r}")

    class _Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name not in _PATCHES:
                return None
            sys.meta_path.remove(self)
            try:
                spec = importlib.util.find_spec(name)
            finally:
                sys.meta_path.insert(0, self)
            if spec is None or spec.loader is None:
                return None
            spec.loader = _Loader(spec.loader, name)
            return spec

    sys.meta_path.insert(0, _Finder())

    def _forked() -> None:
        """A forked worker (edition build --jobs) records its own work, and ends in os._exit, not atexit."""
        global _T0
        _T0 = time.perf_counter()
        for key in ("pandoc", "weasy_render", "weasy_write"):
            _REC[key] = []
        _REC["stages"], _REC["passes"] = {}, {}
        _REC["argv"] = sys.argv[:] + ["(forked worker)"]
        _REC["pid"] = os.getpid()
        _REC["forked"] = True
        _REC.pop("forks", None)  # the parent's, copied
        _exit = os._exit

        def _exit_dumping(code):
            _dump()
            _exit(code)

        os._exit = _exit_dumping

    def _forking() -> None:
        _REC["forks"] = _REC.get("forks", 0) + 1  # its workers report their work: see bench/run.py breakdown

    os.register_at_fork(after_in_child=_forked, after_in_parent=_forking)

    @atexit.register
    def _dump() -> None:
        _REC["seconds"] = time.perf_counter() - _T0
        _REC["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        _REC["children_maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        line = json.dumps(_REC) + "\n"
        fd = os.open(os.environ["CRIT_BENCH_TRACE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)
