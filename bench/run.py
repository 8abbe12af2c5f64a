"""The build benchmark (`make bench`): every figure of issue 8 in one run, printed as a table and written as
JSON (build/bench/results.json).

Everything runs on fresh copies of the project in a temporary folder (the files a clone would have: git's
tracked and untracked-but-not-ignored files), with this environment's virtualenv and `NO_INSTALL=1`, a fixed
SOURCE_DATE_EPOCH, and bench/trace/sitecustomize.py on PYTHONPATH so that every Python process of the build
reports where its time went (pandoc, WeasyPrint, ingest, filter passes...). Wall times are single runs
(the no-op build: the median of three); the machine is noisy, so read them as orders of magnitude.

1. cold: `make` from clean, serially (-j1), then from clean again with -j2;
2. floor: bare pandoc (one run per format, with citeproc and the writer's options) and bare WeasyPrint (one
   layout pass) on the very book JSON and print HTML that the cold build made (bench/floor.py);
3. no-op `make`;  4. `touch bibliography.bib` then `make -j2`, adding an entry no essay cites, and editing
   the publisher of an entry that one essay cites (the books with that essay are made again); then, under
   `edition watch`, the time from saving a file to the affected books' HTML (bench/watch.py);
5. Typst route (pandoc -t typst + PyPI typst) on the same Markdown and bibliography, per PDF page, and on
   the books the cited edit makes again, beside bare WeasyPrint on those (the least CPU that edit can take);
6. scale: synthetic editions of 1x, 5x, 20x the essays as one book (bench/synth.py), `make -j2` from clean:
   wall, cost per PDF page, pandoc's own time against the toolchain's Python (ingest, filters, JSON),
   peak memory (the largest process: resource.getrusage(RUSAGE_CHILDREN).ru_maxrss);
`--quick` skips the 20x collection.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.floor import pdf_pages  # noqa: E402
from bench.table import TARGETS, table  # noqa: E402
from bench.synth import make_synthetic  # noqa: E402
from bench import watch as editors_loop  # noqa: E402
from critedition.checks.reproducible import project_copy  # noqa: E402

VENV = Path(sys.prefix)


# ---- running builds -----------------------------------------------------------------------------------

def source_date_epoch(src: Path) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=src, capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except OSError:
        pass
    return "1700000000"


class Runner:
    def __init__(self, work: Path, sde: str, verbose: bool):
        self.work, self.sde, self.verbose = work, sde, verbose

    def make(self, project: Path, *args: str, jobs: int = 1, trace: str | None = None,
             capture: Path | None = None) -> dict:
        """Run make in `project` in a child process of its own, so that its rusage is this step's alone."""
        trace_file = self.work / f"{trace}.jsonl" if trace else None
        if trace_file and trace_file.exists():
            trace_file.unlink()
        env = {**os.environ, "SOURCE_DATE_EPOCH": self.sde,
               "PYTHONPATH": os.pathsep.join([str(project), str(HERE / "trace")]),
               "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("CRIT_BENCH_TRACE", None)
        env.pop("CRIT_BENCH_CAPTURE", None)
        if trace_file:
            env["CRIT_BENCH_TRACE"] = str(trace_file)
        if capture:
            env["CRIT_BENCH_CAPTURE"] = str(capture)
        cmd = ["make", f"-j{jobs}", f"VENV={VENV}", "NO_INSTALL=1", *args]
        probe = ("import json, resource, subprocess, sys, time\n"
                 "t = time.perf_counter()\n"
                 "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
                 "dt = time.perf_counter() - t\n"
                 "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                 "print(json.dumps({'rc': p.returncode, 'wall': dt, 'cpu': r.ru_utime + r.ru_stime,"
                 " 'maxrss_kb': r.ru_maxrss, 'out': p.stdout[-3000:], 'err': p.stderr[-3000:]}))\n")
        res = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=project, env={**env, "CRIT_BENCH_SKIP": "1"},
                             capture_output=True, text=True)
        data = json.loads(res.stdout)
        if data["rc"] != 0:
            raise RuntimeError(f"make {' '.join(args)} in {project} failed:\n{data['out']}\n{data['err']}")
        data["trace"] = read_trace(trace_file) if trace_file else []
        if self.verbose:
            print(f"    make -j{jobs} {' '.join(args)}: {data['wall']:.2f}s", file=sys.stderr)
        return data


def read_trace(path: Path | None) -> list[dict]:
    if not path or not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def breakdown(trace: list[dict]) -> dict:
    """Where a build's time went, summed over its processes (seconds of each process, not wall time)."""
    out = {"processes": len(trace), "process_seconds": 0.0, "pandoc_citeproc": 0.0, "pandoc_write": 0.0,
           "pandoc_other": 0.0, "citeproc_runs": 0, "weasyprint_layout": 0.0, "weasyprint_first_layout": 0.0,
           "weasyprint_write": 0.0, "weasyprint_layout_passes": 0, "weasyprint_index_layouts": 0, "ingest": 0.0, "filter_passes": 0.0,
           "essay_stage": 0.0, "essay_processes": 0, "peak_process_mb": 0.0, "stages": {}, "passes": {}}
    for r in trace:
        seconds = r.get("seconds", 0.0)
        if r.get("forks"):  # it waited for forked workers (edition build --jobs), whose own records count
            seconds -= r.get("stages", {}).get("gather", 0.0)
        if r.get("forked"):  # a worker, forked early: its tasks, not its wait for them
            seconds = r.get("stages", {}).get("_in_worker", seconds)
        out["process_seconds"] += seconds
        out["peak_process_mb"] = max(out["peak_process_mb"], r.get("maxrss_kb", 0) / 1024)
        if len(r.get("argv", [])) > 1 and r["argv"][1] == "essay":
            out["essay_processes"] += 1
        for p in r.get("pandoc", []):
            if "common.yaml" in p["defaults"]:
                out["pandoc_citeproc"] += p["seconds"]
                out["citeproc_runs"] += 1
            elif p["defaults"]:
                out["pandoc_write"] += p["seconds"]
            else:
                out["pandoc_other"] += p["seconds"]
        renders = r.get("weasy_render", [])
        out["weasyprint_layout"] += sum(x["seconds"] for x in renders)
        out["weasyprint_first_layout"] += sum(x["seconds"] for x in renders
                                              if x.get("first", True) and x.get("part") != "print.index")
        # layouts of a whole book (one per placement pass), and of an index alone (render/pdf/index.py)
        out["weasyprint_index_layouts"] += sum(x.get("part") == "print.index" for x in renders)
        out["weasyprint_layout_passes"] += sum(x.get("part") != "print.index" for x in renders)
        out["weasyprint_write"] += sum(x["seconds"] for x in r.get("weasy_write", []))
        for table in ("stages", "passes"):
            for k, v in r.get(table, {}).items():
                out[table][k] = out[table].get(k, 0.0) + v
    out["ingest"] = out["stages"].get("ingest", 0.0) + out["stages"].get("to_panflute", 0.0)
    out["filter_passes"] = sum(out["passes"].values())
    out["essay_stage"] = out["stages"].get("essay_stage", 0.0)
    out["pandoc"] = out["pandoc_citeproc"] + out["pandoc_write"] + out["pandoc_other"]
    out["weasyprint"] = out["weasyprint_layout"] + out["weasyprint_write"]
    # Everything that is neither pandoc nor WeasyPrint: interpreter start-up and imports, configuration and
    # bibliography loading, ingest, filters, JSON (de)serialisation, the design steps, file writes.
    out["python"] = out["process_seconds"] - out["pandoc"] - out["weasyprint"]
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items()}


def rebuilt(trace: list[dict]) -> list[str]:
    return [" ".join(r["argv"][1:]) for r in trace if len(r.get("argv", [])) > 1]


def floor(project: Path, capture: Path, out: Path, sde: str, books=None, **flags) -> dict:
    cmd = [sys.executable, str(HERE / "floor.py"), str(capture), str(project), str(out)]
    if books:
        cmd += ["--books", *books]
    cmd += [f"--no-{k}" for k, v in flags.items() if v is False]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=project, env={**os.environ, "SOURCE_DATE_EPOCH": sde})
    if res.returncode != 0:
        raise RuntimeError(f"floor failed: {res.stderr[-3000:]}")
    return json.loads(res.stdout)


def edit_cited_entry(project: Path) -> tuple[str, str]:
    """Correct the publisher of the first entry (by key) that exactly one essay cites and that has one; return
    (key, essay). (Why the publisher: bench/watch.with_publisher.)"""
    bib = project / "bibliography.bib"
    text = bib.read_text(encoding="utf-8")
    for key, essay in editors_loop.cited_by_one(project):
        edited = editors_loop.with_publisher(text, key)
        if edited:
            bib.write_text(edited, encoding="utf-8")
            return key, essay
    raise RuntimeError("no entry cited by one essay only has a publisher")


def book_pdfs(project: Path) -> dict[str, int | None]:
    return {p.parent.name: pdf_pages(p) for p in sorted((project / "build").glob("*/*.pdf"))}


# ---- the benchmark ------------------------------------------------------------------------------------

def run(args) -> dict:
    src = Path(args.project).resolve()
    work = Path(tempfile.mkdtemp(prefix="critedition-bench-"))
    sde = source_date_epoch(src)
    runner = Runner(work, sde, args.verbose)
    t_start = time.perf_counter()
    res: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "platform": platform.platform()},
                 "project": str(src), "source_date_epoch": sde, "targets": TARGETS}

    def step(msg: str) -> None:
        print(f"[{time.perf_counter() - t_start:6.1f}s] {msg}", file=sys.stderr, flush=True)

    try:
        # 1. cold, serial, traced and captured
        step("cold build (-j1)")
        cold_dir = project_copy(src, work / "cold")
        capture = work / "capture"
        cold = runner.make(cold_dir, jobs=1, trace="cold", capture=capture)
        pages = book_pdfs(cold_dir)
        res["cold"] = {"wall": cold["wall"], "cpu": cold["cpu"], "peak_mb": cold["maxrss_kb"] / 1024,
                       "pdf_pages": pages, "breakdown": breakdown(cold["trace"])}

        # 2. the floor, and the Typst route on the same books
        step("floor: bare pandoc + bare WeasyPrint, and the Typst route")
        fl = floor(cold_dir, capture, work / "floor", sde)
        res["floor"] = fl
        res["floor_total"] = {k: sum(sum(p[k] for p in b["pandoc"].values()) + b["weasyprint"][k] for b in fl.values())
                              for k in ("wall", "cpu")}
        floor_total = res["floor_total"]["wall"]
        res["cold"]["floor_ratio"] = cold["wall"] / floor_total
        res["cold"]["floor_ratio_cpu"] = cold["cpu"] / res["floor_total"]["cpu"]

        # 3. no-op
        step("no-op make")
        noops = [runner.make(cold_dir, jobs=1)["wall"] for _ in range(3)]
        res["noop"] = {"wall": statistics.median(noops), "runs": noops}

        # 4. bibliography touched
        step("touch bibliography.bib; make -j2")
        (cold_dir / "bibliography.bib").touch()
        bib = runner.make(cold_dir, jobs=2, trace="bib")
        res["bib_touch"] = {"wall": bib["wall"], "rebuilt": rebuilt(bib["trace"]),
                            "breakdown": breakdown(bib["trace"])}

        # 4b. a new entry that no essay cites (what "Adding a work to the bibliography" does first)
        step("add an uncited entry to bibliography.bib; make -j2")
        with open(cold_dir / "bibliography.bib", "a", encoding="utf-8") as f:
            f.write("\n@book{bench2099uncited,\n  author = {Bench, Ann},\n  title = {An Uncited Book},\n"
                    "  date = {2099},\n  publisher = {Nobody},\n  location = {Nowhere},\n}\n")
        add = runner.make(cold_dir, jobs=2, trace="bib-add")
        res["bib_add"] = {"wall": add["wall"], "rebuilt": rebuilt(add["trace"]), "breakdown": breakdown(add["trace"])}

        # 4c. an edit that changes some books: the rebuild an editor waits for most often
        key, essay = edit_cited_entry(cold_dir)
        step(f"edit the publisher of {key} (cited by {essay} only); make -j2")
        edit = runner.make(cold_dir, jobs=2, trace="bib-edit")
        books = sorted({r["argv"][r["argv"].index("--book") + 1] for r in edit["trace"]
                        if "--to" in r.get("argv", []) and "--book" in r["argv"]})
        res["bib_edit"] = {"wall": edit["wall"], "cpu": edit["cpu"], "key": key, "essay": essay, "books": books,
                           "rebuilt": rebuilt(edit["trace"]), "breakdown": breakdown(edit["trace"])}

        # 4d. the editor's loop (issue 21): edition watch on the same built copy, timed edits
        if not args.no_watch:
            step("edition watch: three edits, timed (bench/watch.py), then again with --to html for the CPU")
            say = (lambda m: print(m, file=sys.stderr, flush=True)) if args.verbose else (lambda m: None)
            res["watch"] = editors_loop.measure(cold_dir, sde, args.watch_reps, log=say)
            res["watch_cpu"] = editors_loop.measure(cold_dir, sde, args.watch_reps, log=say, html_only=True)

        # 1b. cold with -j2
        if not args.no_parallel:
            step("cold build (-j2)")
            par_dir = project_copy(src, work / "cold-j2")
            par = runner.make(par_dir, jobs=2, trace="cold-j2")
            res["cold_j2"] = {"wall": par["wall"], "cpu": par["cpu"], "cores_used": par["cpu"] / par["wall"],
                              "floor_ratio": par["wall"] / floor_total, "peak_mb": par["maxrss_kb"] / 1024}
            shutil.rmtree(par_dir, ignore_errors=True)

        # 5. scale
        res["scale"] = {}
        for n in args.scales:
            step(f"scale {n}x: synthetic edition, make -j2")
            d = project_copy(src, work / f"scale-{n}")
            book = make_synthetic(d, n)
            cap = work / f"capture-{n}"
            b = runner.make(d, jobs=2, trace=f"scale-{n}", capture=cap)
            pg = book_pdfs(d).get(book)
            bd = breakdown(b["trace"])
            ty = floor(d, cap, work / f"floor-{n}", sde, books=[book], pandoc=False, weasyprint=False)[book]["typst"]
            res["scale"][str(n)] = {
                "wall": b["wall"], "cpu": b["cpu"], "peak_mb": b["maxrss_kb"] / 1024, "pdf_pages": pg,
                "wall_per_page": b["wall"] / pg if pg else None, "cpu_per_page": b["cpu"] / pg if pg else None,
                "breakdown": bd,
                "filter_overhead": bd["filter_passes"] / bd["pandoc"] if bd["pandoc"] else None,
                "python_overhead": bd["python"] / bd["pandoc"] if bd["pandoc"] else None,
                "typst": ty}
            shutil.rmtree(d, ignore_errors=True)
        res["seconds"] = time.perf_counter() - t_start
        derive(res)
        return res
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def derive(res: dict) -> None:
    """The ratios the issue sets targets for."""
    d: dict = {}
    d["cold_over_floor"] = res["cold"]["floor_ratio"]
    d["cold_over_floor_cpu"] = res["cold"]["floor_ratio_cpu"]
    if "cold_j2" in res:
        d["cold_j2_over_floor"] = res["cold_j2"]["floor_ratio"]
    pages = sum(p or 0 for p in res["cold"]["pdf_pages"].values())
    ty = [b.get("typst", {}) for b in res["floor"].values()]
    ty_ok = [t for t in ty if "wall" in t and t.get("pages")]
    if pages and ty_ok:
        ty_per_page = sum(t["wall"] for t in ty_ok) / sum(t["pages"] for t in ty_ok)
        bd = res["cold"]["breakdown"]
        d["cold_per_pdf_page"] = res["cold"]["wall"] / pages
        d["weasyprint_per_page"] = bd["weasyprint"] / pages
        d["floor_weasyprint_per_page"] = (sum(b["weasyprint"]["wall"] for b in res["floor"].values())
                                          / sum(b["weasyprint"]["pages"] or 0 for b in res["floor"].values()))
        d["typst_per_page"] = ty_per_page
        d["cold_per_page_over_typst"] = d["cold_per_pdf_page"] / ty_per_page
        d["floor_weasyprint_per_page_over_typst"] = d["floor_weasyprint_per_page"] / ty_per_page
        d["typst_all_books"] = sum(t["wall"] for t in ty_ok)
        d["bib_touch_over_typst_cold"] = res["bib_touch"]["wall"] / d["typst_all_books"]
        if "bib_add" in res:
            d["bib_edit_over_typst_cold"] = res["bib_add"]["wall"] / d["typst_all_books"]
        if res.get("bib_edit", {}).get("books"):
            same = [res["floor"][b]["typst"]["wall"] for b in res["bib_edit"]["books"]
                    if "wall" in res["floor"].get(b, {}).get("typst", {})]
            if same:
                d["typst_same_books"] = sum(same)
                d["bib_cited_edit_over_typst_same_books"] = res["bib_edit"]["wall"] / sum(same)
            # What no rebuild that lays those books out again can go below: bare WeasyPrint on them alone.
            floors = [res["floor"].get(b, {}) for b in res["bib_edit"]["books"]]
            if all("cpu" in f.get("weasyprint", {}) and "cpu" in f.get("typst", {}) for f in floors):
                bare = sum(f["weasyprint"]["cpu"] for f in floors)
                d["bare_weasyprint_same_books_cpu"] = bare
                d["bare_weasyprint_over_typst_same_books_cpu"] = bare / sum(f["typst"]["cpu"] for f in floors)
    sc = res.get("scale", {})
    if "1" in sc:
        for n, s in sc.items():
            s["over_1x"] = s["wall"] / sc["1"]["wall"]
            s["cpu_over_1x"] = s["cpu"] / sc["1"]["cpu"]
            if s.get("wall_per_page") and sc["1"].get("wall_per_page"):
                s["per_page_over_1x"] = s["wall_per_page"] / sc["1"]["wall_per_page"]
            t = s.get("typst", {})
            if t.get("pages") and s.get("pdf_pages"):
                s["per_page_over_typst"] = (s["wall"] / s["pdf_pages"]) / (t["wall"] / t["pages"])
    big = sc.get("20") or (sc[max(sc, key=int)] if sc else None)
    d["peak_mb"] = max([res["cold"]["peak_mb"], *[s["peak_mb"] for s in sc.values()]])
    if big:
        d["filter_overhead_largest"] = big["filter_overhead"]
        d["python_overhead_largest"] = big["python_overhead"]
        d["largest_over_1x"] = big.get("over_1x")
    res["derived"] = d


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the build (issue 8).")
    ap.add_argument("--quick", action="store_true", help="skip the 20x collection")
    ap.add_argument("--scales", type=lambda s: [int(x) for x in s.split(",")], default=None,
                    help="comma-separated synthetic sizes (default 1,5,20; --quick: 1,5)")
    ap.add_argument("--no-parallel", action="store_true", help="skip the cold -j2 build")
    ap.add_argument("--no-watch", action="store_true", help="skip the timed edits under edition watch")
    ap.add_argument("--watch-reps", type=int, default=7, help="runs of each timed edit (default 7)")
    ap.add_argument("--project", default=str(ROOT), help="the project to benchmark (default: this checkout)")
    ap.add_argument("--out", default=None, help="JSON output (default: <project>/build/bench/results.json)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.scales is None:
        args.scales = [1, 5] if args.quick else [1, 5, 20]
    res = run(args)
    out = Path(args.out) if args.out else Path(args.project).resolve() / "build" / "bench" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1), encoding="utf-8")
    print(table(res))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
