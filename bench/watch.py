"""The editor's loop (issue 21): from saving a file to the affected books' HTML written by `edition watch`.

Runs `edition watch` in a copy of the project that make has built (so that its EPUB and PDF are up to date and
the background only writes the caches), waits until it is idle, then times three edits, each made `reps` times
(a change, then its undoing, and so on), with a pause between them in which the background starts its EPUB
and PDF (each edit stops them, as an editor's would):

(a) the publisher of an entry that one essay cites (two books to make again: the essay's and the collection);
(b) an entry nobody cites, added and removed (nothing to make again: the lint and the check);
(c) a sentence of a paragraph of the editorial introduction (the collection).

A file is saved as editors' atomic saves do (the new text renamed over the old). A time is from just before
that to the moment the book's HTML is replaced in build/ (its inode changes: the watch renames the finished
file into place), looked at every 2 ms; for (b), to the line in which the watch says it is done. Medians are
printed with every run.

    .venv/bin/python bench/watch.py [--reps 7] [--project .]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {"cited": 1.0, "uncited": 0.5, "editorial": 1.0}
UNCITED = ("\n@book{bench2099uncited,\n  author = {Bench, Ann},\n  title = {An Uncited Book},\n  date = {2099},\n"
           "  publisher = {Nobody},\n  location = {Nowhere},\n}\n")
CLI = "import sys; from critedition.cli import main; sys.exit(main(sys.argv[1:]))"


def cited_by_one(project: Path) -> list[tuple[str, str]]:
    """(key, essay) of each entry exactly one essay cites, by key, from the build's citation audits."""
    cited: dict[str, set[str]] = {}
    for audit in sorted((project / "build" / "audit").glob("*.citations.jsonl")):
        for line in audit.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            for c in r.get("cites", []):
                cited.setdefault(c["key"], set()).add(r["essay"])
    return [(k, next(iter(v))) for k, v in sorted(cited.items()) if len(v) == 1]


def with_publisher(text: str, key: str, prefix: str = "The ") -> str | None:
    """The .bib text with `prefix` added to (or, if there, taken from) entry `key`'s publisher; None if it has
    none. The publisher, not the title: the recognisers match a note's full reference by author, title and
    year, so a changed title can change an essay's text."""
    start = text.index("{" + key + ",")
    end = text.find("\n@", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    m = re.search(r"(\n\s*publisher\s*=\s*\{)", block)
    if m is None:
        return None
    at = m.end()
    block = block[:at] + block[at + len(prefix):] if block.startswith(prefix, at) else block[:at] + prefix + block[at:]
    return text[:start] + block + text[end:]


class Watch:
    """`edition watch` in a project, its output lines timestamped as they come."""

    def __init__(self, project: Path, sde: str, *args: str):
        env = {**os.environ, "EDITION_ROOT": str(project), "SOURCE_DATE_EPOCH": sde, "PYTHONPATH": str(project)}
        self.proc = subprocess.Popen([sys.executable, "-u", "-c", CLI, "watch", "--for", "3600", *args], cwd=project,
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in iter(self.proc.stdout.readline, ""):
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, pattern: str, after: float = 0.0, timeout: float = 300) -> tuple[float, str]:
        """(when, the line) of the first line after `after` that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for t, line in list(self.lines):
                if t >= after and re.search(pattern, line):
                    return t, line
            if self.proc.poll() is not None:
                break
            time.sleep(0.005)
        raise RuntimeError(f"the watch never printed {pattern!r}:\n" + "\n".join(l for _, l in self.lines[-40:]))

    def cpu(self) -> float:
        """CPU seconds of the watch and of its children it has waited for (the forked children, their pandoc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.send_signal(2)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.thread.join(5)


def _replaced(paths: list[Path], t0: float, timeout: float = 120) -> dict[str, float]:
    """Seconds from t0 until each file's inode changes."""
    inodes = {p: p.stat().st_ino for p in paths}
    out: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(out) < len(paths) and time.monotonic() < deadline:
        for p in paths:
            if p.name not in out:
                try:
                    if p.stat().st_ino != inodes[p]:
                        out[p.name] = time.perf_counter() - t0
                except OSError:
                    pass
        time.sleep(0.002)
    if len(out) < len(paths):
        raise RuntimeError(f"not rebuilt within {timeout} s: {[p.name for p in paths if p.name not in out]}")
    return out


def measure(project: Path, sde: str, reps: int = 7, pause: float = 2.0, log=print, html_only: bool = False) -> dict:
    """The three edits' times in `project` (built by make), `reps` runs each. With `html_only` the watch makes
    no EPUB or PDF (`--to html`), so that the CPU it spends on an edit is that edit's alone."""
    bib = project / "bibliography.bib"
    intro = project / "edition" / "editorial" / "introduction.md"
    key, essay = next((k, e) for k, e in cited_by_one(project) if with_publisher(bib.read_text(encoding="utf-8"), k))
    books = {"cited": [b for b in _books_of(project, essay)], "editorial": ["serge-and-the-anarchists"]}
    watch = Watch(project, sde, *(["--to", "html"] if html_only else []))
    res: dict = {"key": key, "essay": essay, "reps": reps, "books": books, "html_only": html_only,
                 "load_before": os.getloadavg()}
    try:
        watch.wait_for(r"^watching ")
        time.sleep(pause * 2)  # the first caches written
        original_intro = intro.read_text(encoding="utf-8")
        for name in ("cited", "uncited", "editorial"):
            runs, first, lines, cpu = [], [], [], []
            for i in range(reps):
                text = bib.read_text(encoding="utf-8")
                if name == "cited":
                    new, target = with_publisher(text, key), bib
                elif name == "uncited":
                    new, target = (text.replace(UNCITED, "") if UNCITED in text else text + UNCITED), bib
                else:
                    extra = " (This sentence is being timed.)"
                    now = intro.read_text(encoding="utf-8")
                    new = now.replace(extra, "") if extra in now else re.sub(r"(\S)\n\n", rf"\1{extra}\n\n", now, 1)
                    target = intro
                paths = [project / "build" / b / f"{b}.html" for b in books.get(name, [])]
                staged = target.with_name(f".{target.name}.bench")
                staged.write_text(new, encoding="utf-8")
                c0 = watch.cpu()
                t0 = time.perf_counter()
                os.replace(staged, target)  # as an editor's atomic save: the watch never sees half a file
                done = _replaced(paths, t0) if paths else {}
                at, line = watch.wait_for(r"^(rebuilt in|rebuild failed)", t0)
                if line.startswith("rebuild failed"):
                    raise RuntimeError(f"{name}: the watch found errors:\n" +
                                       "\n".join(l for _, l in watch.lines[-40:]))
                said = at - t0
                cpu.append(watch.cpu() - c0)
                last = max(done.values()) if done else said
                runs.append(last)
                first.append(min(done.values()) if done else said)
                lines.append(said)
                log(f"    {name} {i + 1}/{reps}: " + (", ".join(f"{n} {s:.2f}s" for n, s in done.items()) or
                                                    f"checked in {said:.2f}s") + f", CPU {cpu[-1]:.2f}s")
                time.sleep(pause)
            res[name] = {"median": statistics.median(runs), "runs": runs, "first_median": statistics.median(first),
                         "done_line_median": statistics.median(lines), "cpu_median": statistics.median(cpu),
                         "cpu": cpu, "target": TARGETS[name],
                         "met": statistics.median(runs) < TARGETS[name]}
        intro.write_text(original_intro, encoding="utf-8")
        res["load_after"] = os.getloadavg()
    finally:
        watch.stop()
    res["log"] = [l for _, l in watch.lines][-200:]
    return res


def _books_of(project: Path, essay: str) -> list[str]:
    import yaml

    data = yaml.safe_load((project / "edition" / "edition.yaml").read_text(encoding="utf-8"))
    return [b["id"] for b in data["books"] if essay in b["essays"]]


def rows(res: dict, cpu: dict | None = None) -> list[tuple[str, str, str]]:
    """The bench table's rows: the medians of `res`, and the CPU of the same edits with --to html (`cpu`)."""
    out = []
    what = {"cited": f"watch: {res['key']}'s publisher (cited by {res['essay']}) -> HTML",
            "uncited": "watch: an entry nobody cites -> checked", "editorial": "watch: an editorial paragraph -> HTML"}
    for name, label in what.items():
        r = res.get(name)
        if r:
            books = res["books"].get(name, [])
            note = (f"first of {len(books)} books {r['first_median']:.2f} s; " if len(books) > 1 else "") + \
                f"runs {', '.join(f'{x:.2f}' for x in r['runs'])}; target < {r['target']} s: " + \
                ("met" if r["met"] else "NOT met")
            if cpu and name in cpu:
                note += f"; CPU {cpu[name]['cpu_median']:.2f} s (--to html, wall {cpu[name]['median']:.2f} s)"
            out.append((label, f"median {r['median']:.2f} s", note))
    if "load_after" in res:
        out.append(("  load average (1 min) before / after", f"{res['load_before'][0]:.1f} / {res['load_after'][0]:.1f}",
                    f"on {os.cpu_count()} cores: other work slows every figure above"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Time edition watch's loop (issue 21).")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--project", default=str(ROOT))
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from critedition.checks.reproducible import project_copy

    sde = os.environ.get("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory(prefix="critedition-bench-watch-") as work:
        project = project_copy(Path(args.project).resolve(), Path(work) / "p")
        env = {**os.environ, "SOURCE_DATE_EPOCH": sde}
        subprocess.run(["make", "-j2", f"VENV={sys.prefix}", "NO_INSTALL=1"], cwd=project, env=env, check=True,
                       capture_output=True)
        say = (lambda m: print(m, file=sys.stderr, flush=True))
        res = measure(project, sde, args.reps, log=say)
        cpu = measure(project, sde, args.reps, log=say, html_only=True)
    for name, value, note in rows(res, cpu):
        print(f"{name}: {value} ({note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
