"""The build benchmark's table (bench/run.py): each measure with its value and what it is held against."""

from __future__ import annotations

from bench import watch as editors_loop

TARGETS = {"floor_ratio": 1.3, "filter_overhead": 0.15, "scale_20x": 22.0, "peak_mb": 1536}


def layouts(bd: dict) -> str:
    index = bd.get("weasyprint_index_layouts", 0)
    return f"{bd['weasyprint_layout_passes']} WeasyPrint layouts" + (f" (+{index} of an index alone)" if index else "")


def table(res: dict) -> str:
    d = res["derived"]
    rows: list[tuple[str, str, str]] = []

    def row(name, value, note=""):
        rows.append((name, value, note))

    def ok(flag):
        return "met" if flag else "NOT met"

    c = res["cold"]
    bd = c["breakdown"]
    row("cold make -j1 (3 books x 3 formats)", f"{c['wall']:.1f} s (CPU {c['cpu']:.1f} s)",
        f"{bd['processes']} processes, {bd['citeproc_runs']} citeproc runs, "
        f"{layouts(bd)}")
    row("  pandoc / WeasyPrint / Python", f"{bd['pandoc']:.1f} / {bd['weasyprint']:.1f} / {bd['python']:.1f} s",
        "summed over processes")
    ft = res["floor_total"]
    row("floor: bare pandoc + WeasyPrint", f"{ft['wall']:.1f} s (CPU {ft['cpu']:.1f} s)",
        "one pandoc per format, one layout per PDF")
    row("cold -j1 / floor", f"{d['cold_over_floor']:.2f}x (CPU {d['cold_over_floor_cpu']:.2f}x)",
        f"target <= {TARGETS['floor_ratio']}x: {ok(d['cold_over_floor'] <= TARGETS['floor_ratio'])}")
    if "cold_j2" in res:
        row("cold make -j2", f"{res['cold_j2']['wall']:.1f} s", f"{res['cold_j2']['cores_used']:.2f} cores busy")
        row("cold -j2 / floor", f"{d['cold_j2_over_floor']:.2f}x", f"target <= {TARGETS['floor_ratio']}x: "
            f"{ok(d['cold_j2_over_floor'] <= TARGETS['floor_ratio'])}")
    row("no-op make", f"{res['noop']['wall']:.2f} s", f"target < 1 s: {ok(res['noop']['wall'] < 1)}")
    bt = res["bib_touch"]
    row("touch bibliography.bib; make -j2", f"{bt['wall']:.1f} s", f"{len(bt['rebuilt'])} processes rerun")
    if "bib_add" in res:
        ba = res["bib_add"]
        row("add an uncited entry; make -j2", f"{ba['wall']:.1f} s", f"{len(ba['rebuilt'])} processes rerun, "
            f"{layouts(ba['breakdown'])}")
    if "bib_edit" in res:
        be = res["bib_edit"]
        row(f"edit {be['key']}'s publisher (cited by {be['essay']}); make -j2", f"{be['wall']:.1f} s (CPU {be['cpu']:.1f} s)",
            f"books made again: {', '.join(be['books']) or 'none'}; "
            f"{layouts(be['breakdown'])}")
    if "typst_per_page" in d:
        edit = d.get("bib_edit_over_typst_cold", d["bib_touch_over_typst_cold"])
        row("Typst route, all books", f"{d['typst_all_books']:.1f} s",
            f"uncited entry added / Typst cold = {edit:.2f}x (target < 1: {ok(edit < 1)})")
        if "bib_cited_edit_over_typst_same_books" in d:
            r = d["bib_cited_edit_over_typst_same_books"]
            row("  Typst route, the same books", f"{d['typst_same_books']:.1f} s",
                f"cited entry edited / Typst cold = {r:.2f}x (target < 1: {ok(r < 1)})")
        if "bare_weasyprint_over_typst_same_books_cpu" in d:
            row("  bare WeasyPrint alone, the same books", f"CPU {d['bare_weasyprint_same_books_cpu']:.1f} s",
                f"{d['bare_weasyprint_over_typst_same_books_cpu']:.2f}x the Typst route's CPU on them: the least "
                "CPU a rebuild that lays them out again can take")
        row("per PDF page: cold build / Typst", f"{d['cold_per_pdf_page']:.3f} / {d['typst_per_page']:.3f} s",
            f"{d['cold_per_page_over_typst']:.1f}x")
        row("per page: bare WeasyPrint / Typst", f"{d['floor_weasyprint_per_page']:.3f} / {d['typst_per_page']:.3f} s",
            f"{d['floor_weasyprint_per_page_over_typst']:.1f}x (WeasyPrint's own share)")
    for n, s in res.get("scale", {}).items():
        b = s["breakdown"]
        t = s.get("typst", {})
        row(f"scale {n}x make -j2", f"{s['wall']:.1f} s, {s['pdf_pages']} pp",
            f"{s.get('over_1x', 1):.1f}x 1x; {s['wall_per_page']:.3f} s/page; peak {s['peak_mb']:.0f} MB; "
            f"filters/pandoc {s['filter_overhead']:.0%}; Python/pandoc {s['python_overhead']:.0%}; "
            f"{layouts(b)}; "
            + (f"Typst {t['wall']:.1f} s {t['pages']} pp" if "wall" in t else "Typst failed"))
    largest = max(res.get("scale", {"1": None}), key=int)
    if "largest_over_1x" in d and d["largest_over_1x"] is not None and largest != "1":
        row(f"{largest}x / 1x", f"{d['largest_over_1x']:.1f}x", f"target <= {TARGETS['scale_20x']}x (20x): "
            f"{ok(d['largest_over_1x'] <= TARGETS['scale_20x'])}")
    if d.get("filter_overhead_largest") is not None:
        row(f"filter passes / pandoc ({largest}x)", f"{d['filter_overhead_largest']:.0%}",
            f"target <= {TARGETS['filter_overhead']:.0%}: {ok(d['filter_overhead_largest'] <= TARGETS['filter_overhead'])}")
    if "watch" in res:
        rows += editors_loop.rows(res["watch"], res.get("watch_cpu"))
    row("peak memory (largest process)", f"{d['peak_mb']:.0f} MB",
        f"target < {TARGETS['peak_mb']} MB: {ok(d['peak_mb'] < TARGETS['peak_mb'])}")
    w = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"{'measure'.ljust(w[0])}  {'value'.ljust(w[1])}  notes", "-" * (w[0] + w[1] + 40)]
    lines += [f"{a.ljust(w[0])}  {b.ljust(w[1])}  {c}" for a, b, c in rows]
    lines.append(f"(bench took {res['seconds']:.0f} s on {res['machine']['cpus']} cores)")
    return "\n".join(lines)
