"""The benchmark's and the reproducibility check's helpers, without building anything."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pydyf
import yaml

from bench.floor import pdf_pages
from bench.run import breakdown, derive
from bench.synth import make_synthetic
from critedition.checks import reproducible
from tests.conftest import ROOT

EPOCH = 1700000000


def _epub(path: Path, times: tuple, mimetype_first: bool = True, body: bytes = b"<p/>") -> Path:
    with zipfile.ZipFile(path, "w") as z:
        entries = [("mimetype", b"application/epub+zip"), ("EPUB/text/ch001.xhtml", body)]
        if not mimetype_first:
            entries.reverse()
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=times)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return path


def _pdf(path: Path, pages: int, info: dict | None = None) -> Path:
    doc = pydyf.PDF()
    for _ in range(pages):
        doc.add_page(pydyf.Dictionary({"Type": "/Page", "MediaBox": pydyf.Array([0, 0, 432, 648])}))
    for k, v in (info or {}).items():
        doc.info[k] = pydyf.String(v)
    out = io.BytesIO()
    doc.write(out, compress=True)
    path.write_bytes(out.getvalue())
    return path


def test_epub_problems_flag_times_and_order(tmp_path):
    good = _epub(tmp_path / "good.epub", reproducible.zip_time(EPOCH))
    assert reproducible.epub_problems(good, EPOCH) == []
    late = _epub(tmp_path / "late.epub", (2030, 1, 1, 0, 0, 0))
    assert any("time" in p for p in reproducible.epub_problems(late, EPOCH))
    disordered = _epub(tmp_path / "dis.epub", reproducible.zip_time(EPOCH), mimetype_first=False)
    assert any("mimetype" in p for p in reproducible.epub_problems(disordered, EPOCH))


def test_explain_names_the_entry_that_differs(tmp_path):
    a = _epub(tmp_path / "a.epub", reproducible.zip_time(EPOCH), body=b"<p>built 2023</p>")
    b = _epub(tmp_path / "b.epub", reproducible.zip_time(EPOCH), body=b"<p>built 2026</p>")
    why = reproducible.explain(a, b)
    assert "EPUB/text/ch001.xhtml" in why and "2023" in why
    assert reproducible.explain(a, a) == "identical"


def test_leaks_are_found_inside_compressed_entries_and_streams(tmp_path):
    epub = _epub(tmp_path / "x.epub", reproducible.zip_time(EPOCH), body=b"<p>/tmp/build-1234/bibliography.bib</p>")
    assert reproducible.leaks(epub, ["/tmp/build-1234"]) == ["x.epub:EPUB/text/ch001.xhtml contains '/tmp/build-1234'"]
    pdf = _pdf(tmp_path / "x.pdf", 1, {"Subject": "/tmp/build-1234"})
    assert reproducible.leaks(pdf, ["/tmp/build-1234"])
    assert reproducible.leaks(pdf, ["/elsewhere"]) == []


def test_pdf_dates_and_pages(tmp_path):
    pdf = _pdf(tmp_path / "d.pdf", 3, {"CreationDate": reproducible.pdf_date(EPOCH) + "Z"})
    assert reproducible.pdf_dates(pdf.read_bytes()) == ["D:20231114221320Z"]
    assert pdf_pages(pdf) == 3


def test_synthetic_edition_has_n_copies_of_every_essay_in_one_book(tmp_path):
    for part in ("edition", "seeds"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "bibliography.bib").write_text("", encoding="utf-8")
    original = yaml.safe_load((ROOT / "edition" / "edition.yaml").read_text(encoding="utf-8"))
    book = make_synthetic(tmp_path, 3)
    data = yaml.safe_load((tmp_path / "edition" / "edition.yaml").read_text(encoding="utf-8"))
    assert [b["id"] for b in data["books"]] == [book] == ["synthetic-3x"]
    assert len(data["essays"]) == 3 * len(original["essays"]) == len(data["books"][0]["essays"])
    assert data["bibliography"] == original["bibliography"]
    for eid, rel in data["essays"].items():
        cfg = yaml.safe_load((tmp_path / "edition" / rel).read_text(encoding="utf-8"))
        assert cfg["id"] == eid
        src = original["essays"][eid.rsplit("-s", 1)[0]]
        original_witness = yaml.safe_load((ROOT / "edition" / src).read_text(encoding="utf-8"))["witness"]
        assert (tmp_path / cfg["witness"]).read_bytes() == (ROOT / original_witness).read_bytes()


def test_breakdown_separates_pandoc_weasyprint_and_python():
    trace = [
        {"argv": ["edition", "essay", "mckay"], "seconds": 1.0, "maxrss_kb": 50_000,
         "pandoc": [{"defaults": [], "seconds": 0.2}], "weasy_render": [], "weasy_write": [],
         "stages": {"ingest": 0.3, "essay_stage": 0.8}, "passes": {"filters.notes.run": 0.1}},
        {"argv": ["edition", "build", "--book", "b", "--to", "pdf"], "seconds": 5.0, "maxrss_kb": 200_000,
         "pandoc": [{"defaults": ["common.yaml"], "seconds": 0.5}, {"defaults": ["pdf.yaml"], "seconds": 0.3}],
         "weasy_render": [{"seconds": 1.5, "pages": 10, "part": "print", "first": True},
                          {"seconds": 1.4, "pages": 10, "part": "print", "first": False},
                          {"seconds": 0.2, "pages": 1, "part": "print.index", "first": True}],
         "weasy_write": [{"seconds": 0.3, "pages": 10}], "stages": {}, "passes": {}},
    ]
    b = breakdown(trace)
    assert b["pandoc"] == 1.0 and b["citeproc_runs"] == 1 and b["essay_processes"] == 1
    assert b["weasyprint"] == 3.4 and b["weasyprint_first_layout"] == 1.5
    assert b["weasyprint_layout_passes"] == 2 and b["weasyprint_index_layouts"] == 1
    assert b["python"] == round(6.0 - 1.0 - 3.4, 3) and b["filter_passes"] == 0.1
    assert round(b["peak_process_mb"]) == 195


def test_breakdown_counts_forked_workers_not_the_wait_for_them():
    parent = {"argv": ["edition", "build", "--jobs", "make"], "seconds": 10.0, "forks": 2, "pandoc": [],
              "weasy_render": [], "weasy_write": [], "stages": {"gather": 7.0}, "passes": {}}
    workers = [{"argv": ["edition", "build", "(forked worker)"], "seconds": 9.5, "forked": True, "pandoc": [],
                "weasy_render": [], "weasy_write": [], "stages": {"_in_worker": s}, "passes": {}}
               for s in (6.0, 5.0)]  # forked at the start, busy for their tasks only
    assert breakdown([parent, *workers])["process_seconds"] == 3.0 + 6.0 + 5.0


def test_derive_ratios():
    res = {"cold": {"wall": 13.0, "floor_ratio": 1.3, "floor_ratio_cpu": 1.2, "peak_mb": 200, "pdf_pages": {"b": 10},
                    "breakdown": {"weasyprint": 4.0}},
           "floor": {"b": {"weasyprint": {"wall": 3.0, "pages": 10}, "typst": {"wall": 1.0, "pages": 5}}},
           "bib_touch": {"wall": 2.0},
           "scale": {"1": {"wall": 10.0, "cpu": 12.0, "pdf_pages": 10, "wall_per_page": 1.0, "peak_mb": 300,
                           "filter_overhead": 0.1, "python_overhead": 0.5, "typst": {"wall": 1.0, "pages": 5}},
                     "20": {"wall": 200.0, "cpu": 240.0, "pdf_pages": 200, "wall_per_page": 1.0, "peak_mb": 900,
                            "filter_overhead": 0.12, "python_overhead": 0.4, "typst": {"wall": 20.0, "pages": 100}}}}
    derive(res)
    d = res["derived"]
    assert d["typst_per_page"] == 0.2 and d["cold_per_page_over_typst"] == 6.5
    assert d["bib_touch_over_typst_cold"] == 2.0 and d["largest_over_1x"] == 20.0 and d["peak_mb"] == 900
    assert res["scale"]["20"]["per_page_over_typst"] == 5.0


def test_derive_the_least_cpu_a_cited_edit_can_take_against_typst():
    res = {"cold": {"wall": 13.0, "floor_ratio": 1.3, "floor_ratio_cpu": 1.2, "peak_mb": 200, "pdf_pages": {"a": 10},
                    "breakdown": {"weasyprint": 4.0}},
           "floor": {"a": {"weasyprint": {"wall": 3.0, "cpu": 3.0, "pages": 10},
                           "typst": {"wall": 1.0, "cpu": 1.0, "pages": 5}},
                     "b": {"weasyprint": {"wall": 2.0, "cpu": 2.0, "pages": 8},
                           "typst": {"wall": 1.5, "cpu": 1.5, "pages": 4}}},
           "bib_touch": {"wall": 0.1},
           "bib_edit": {"wall": 6.0, "cpu": 9.0, "books": ["a"]}}
    derive(res)
    d = res["derived"]
    assert d["typst_same_books"] == 1.0 and d["bib_cited_edit_over_typst_same_books"] == 6.0
    assert d["bare_weasyprint_same_books_cpu"] == 3.0 and d["bare_weasyprint_over_typst_same_books_cpu"] == 3.0
