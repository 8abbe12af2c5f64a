"""The floor and the Typst route, measured on what the toolchain gave pandoc and WeasyPrint in a build.

A traced build (bench/trace/sitecustomize.py with CRIT_BENCH_CAPTURE) leaves, per book, the assembled book
as Pandoc JSON before citeproc (`<book>.uncited.json`), the options of each format's pandoc writer
(`<book>.<fmt>.args.json`) and the print HTML and stylesheets WeasyPrint laid out (`<book>.print.*`).
From these, as an editor would run the bare tools by hand, one process each:

- pandoc floor: for each format, one pandoc run with citeproc and the writer's options on that JSON;
- WeasyPrint floor: one `python -m weasyprint` run on that HTML with those stylesheets (one layout pass);
- Typst route (what Quarto does): the JSON as Pandoc Markdown (not timed: it is the "same normalised
  Markdown"), then pandoc with citeproc to Typst, then the PyPI `typst` compiler to PDF, on a 6 x 9 in page
  in EB Garamond 10.5 pt like the print CSS (internal links are kept as plain text: see _INTERNAL_LINK).

Usage: python bench/floor.py CAPTURE_DIR PROJECT_DIR OUT_DIR [--books B ...] [--no-pandoc] [--no-weasyprint]
[--no-typst]; prints one JSON object on stdout: per book and step, wall and CPU seconds (and pages).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

TYPST_META = """\
papersize: us-trade
mainfont: {font}
fontsize: 10.5pt
margin:
  x: 0.75in
  top: 0.8in
  bottom: 0.85in
"""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pdf_pages(path: Path) -> int | None:
    """Pages of a PDF: pdfinfo if installed, else the largest /Count of a page tree (object streams too)."""
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if m:
            return int(m.group(1))
    except (OSError, subprocess.TimeoutExpired):
        pass
    data = path.read_bytes()
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[m.end():m.end() + 4_000_000]))
        except zlib.error:
            continue
    counts = [int(c) for ch in chunks for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", ch)]
    counts += [int(c) for ch in chunks for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", ch)]
    return max(counts) if counts else None


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], **kw) -> dict:
    """Run one process; its wall time and its CPU time (user + system, its children included)."""
    c, t = _cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, **kw)
    dt, dc = time.perf_counter() - t, _cpu() - c
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))}... failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    return {"wall": dt, "cpu": dc}


def _sum(*parts: dict) -> dict:
    return {"wall": sum(p["wall"] for p in parts), "cpu": sum(p["cpu"] for p in parts)}


def writer_args(capture: Path, book: str, fmt: str) -> list[str]:
    f = capture / f"{book}.{fmt}.args.json"
    if f.is_file():
        return json.loads(f.read_text())
    return ["--defaults", f"edition/defaults/{fmt}.yaml"]


def pandoc_floor(capture: Path, project: Path, out: Path, book: str) -> dict:
    src = capture / f"{book}.uncited.json"
    data = src.read_bytes()
    res = {}
    for fmt in ("html", "epub", "pdf"):
        target = out / (f"{book}.print.html" if fmt == "pdf" else f"{book}.{fmt}")
        cmd = [pandoc_path(), "--defaults", str(project / "edition/defaults/common.yaml"),
               *writer_args(capture, book, fmt), "--output", str(target)]
        res[fmt] = timed(cmd, input=data, cwd=project,
                         env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")})
    return res


def whole_book(capture: Path, out: Path, book: str) -> Path:
    """The print HTML as one document. The build lays the index out apart, once the book's pages are known
    (render/pdf/index.py): its captured document, pages written in, takes the place of the book's stub."""
    html = capture / f"{book}.print.html"
    index = capture / f"{book}.print.index.html"
    if not index.exists():
        return html

    def part(h: str) -> tuple[int, int]:
        start = h.index('<div id="index"')
        return start, h.index("</main>", start)

    book_html, index_html = html.read_text(encoding="utf-8"), index.read_text(encoding="utf-8")
    (a, b), (c, d) = part(book_html), part(index_html)
    whole = out / f"{book}.whole.html"
    whole.write_text(book_html[:a] + index_html[c:d] + book_html[b:], encoding="utf-8")
    return whole


def weasyprint_floor(capture: Path, project: Path, out: Path, book: str) -> dict:
    html = whole_book(capture, out, book)
    info = json.loads((capture / f"{book}.print.json").read_text())
    sheets = []
    for i, css in enumerate(info.get("stylesheets", [])):
        p = out / f"{book}.extra{i}.css"
        p.write_text(css, encoding="utf-8")
        sheets += ["-s", str(p)]
    pdf = out / f"{book}.floor.pdf"
    base = info.get("base_url") or str(project) + "/"
    t = timed([sys.executable, "-m", "weasyprint", "-q", "-u", base, *sheets, str(html), str(pdf)], cwd=project)
    return {**t, "pages": pdf_pages(pdf)}


def typst_font() -> str:
    """The book face under the name Typst knows it by (Debian's EB Garamond is 'EB Garamond 12')."""
    try:
        import typst

        fams = typst.Fonts(True, False, []).families()
        for name in ("EB Garamond", "EB Garamond 12"):
            if name in fams:
                return name
    except Exception:
        pass
    return "EB Garamond"


# Internal links: pandoc writes some anchors as labels Typst cannot attach (an emendation's span inside a
# note, say), and a link to one fails the whole compile. The route keeps each link's text, not the link.
_INTERNAL_LINK = re.compile(r"link\(<[^<>]+>\)")


def typst_route(capture: Path, project: Path, out: Path, book: str) -> dict:
    md = out / f"{book}.md"
    subprocess.run([pandoc_path(), "-f", "json", "-t", "markdown", "-s", "-o", str(md), str(capture / f"{book}.uncited.json")],
                   check=True, cwd=project)
    meta = out / "typst-meta.yaml"
    meta.write_text(TYPST_META.format(font=typst_font()), encoding="utf-8")
    typ = out / f"{book}.typ"
    t_pandoc = timed([pandoc_path(), str(md), "--citeproc", "-t", "typst", "-s", "--metadata-file", str(meta),
                      "-o", str(typ)], cwd=project)
    typ.write_text(_INTERNAL_LINK.sub("", typ.read_text(encoding="utf-8")), encoding="utf-8")
    pdf = out / f"{book}.typst.pdf"
    t_compile = timed([sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
                       str(typ), str(pdf)], cwd=project)
    return {**_sum(t_pandoc, t_compile), "pandoc": t_pandoc, "compile": t_compile, "pages": pdf_pages(pdf)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("capture", type=Path)
    ap.add_argument("project", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--books", nargs="*")
    ap.add_argument("--no-pandoc", action="store_true")
    ap.add_argument("--no-weasyprint", action="store_true")
    ap.add_argument("--no-typst", action="store_true")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    books = a.books or sorted(p.name[:-len(".uncited.json")] for p in a.capture.glob("*.uncited.json"))
    result = {}
    for b in books:
        r: dict = {}
        if not a.no_pandoc:
            r["pandoc"] = pandoc_floor(a.capture, a.project, a.out, b)
        if not a.no_weasyprint:
            r["weasyprint"] = weasyprint_floor(a.capture, a.project, a.out, b)
        if not a.no_typst:
            try:
                r["typst"] = typst_route(a.capture, a.project, a.out, b)
            except Exception as e:  # the route is a comparison: report its failure, do not stop the bench
                r["typst"] = {"error": str(e)[-500:]}
        result[b] = r
    json.dump(result, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
