"""The build stages' caches: the ingest Draft survives its JSON form, and a cache keeps its date when unchanged."""

from __future__ import annotations

import json
import os

import pytest

from critedition import config
from critedition.diagnostics import Report
from critedition.witness import ingest, to_panflute
from critedition.witness.model import draft_from_json, draft_to_json
from critedition.outputs import write_if_changed


@pytest.mark.parametrize("essay_id", ["mckay", "price"])
def test_draft_round_trip_gives_the_same_document(essay_id):
    essay = config.load().essays[essay_id]
    draft = ingest(essay, Report())
    again = draft_from_json(draft_to_json(draft), essay, Report())
    assert again is not None
    assert again.blocks == draft.blocks and again.interventions == draft.interventions
    assert json.dumps(to_panflute(again).to_json()) == json.dumps(to_panflute(draft).to_json())


def test_draft_cache_of_another_format_is_ingested_again():
    essay = config.load().essays["price"]
    data = json.loads(draft_to_json(ingest(essay, Report())))
    data["format"] = 0
    assert draft_from_json(json.dumps(data), essay, Report()) is None


def test_write_if_changed_keeps_the_date_of_the_same_content(tmp_path):
    f = tmp_path / "cache" / "x.json"
    assert write_if_changed(f, "one") is True
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(f, "one") is False
    assert f.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(f, "two") is True
    assert f.read_text(encoding="utf-8") == "two" and f.stat().st_mtime_ns != 1_000_000_000


def test_a_damaged_draft_cache_is_ingested_again():
    essay = config.load().essays["price"]
    good = json.loads(draft_to_json(ingest(essay, Report())))
    for bad in ["{not json", "[]", json.dumps({**good, "blocks": [{"kind": "para"}]}),
                json.dumps({**good, "interventions": [{"unknown": 1}]})]:
        assert draft_from_json(bad, essay, Report()) is None, bad[:40]


@pytest.mark.parametrize("makeflags,expected", [("", 1), ("s", 1), ("s -j2 --jobserver-auth=3,4", 2), ("-j4", 4),
                                                ("s -j", os.cpu_count() or 1), ("--jobserver-auth=3,4 -j3 -k", 3)],
                         ids=["no flags", "silent", "-j2 with a jobserver", "-j4", "-j alone", "-j3 among others"])
def test_jobs_follow_make(makeflags, expected):
    from critedition.cli.build import jobs

    assert jobs("make", makeflags) == expected
    assert jobs("3", makeflags) == 3 and jobs("0", makeflags) == 1


def test_the_one_process_build_touches_the_stamps_build_deps_names(capsys):
    """`edition build` leaves the stamps make's rules leave, so that make goes on from them (build_all)."""
    from critedition.build import paths
    from critedition.cli import main

    assert main(["deps"]) == 0
    targets = {t for line in capsys.readouterr().out.splitlines() if not line.startswith("\t")
               for t in [line.split(":")[0]] if t.endswith(".stamp")}
    edition = config.load()
    ours = {paths.stamp(paths.ingest_cache(e)) for e in edition.essays} | \
           {paths.stamp(paths.essay_cache(e)) for e in edition.essays} | \
           {paths.stamp(paths.cited_cache(b)) for b in edition.books}
    assert {config.relpath(p) for p in ours} == targets


def test_stages_whose_worker_died_fail_with_out_001_and_leave_no_partial_file(tmp_path):
    """A worker killed outright breaks the pool: the stage it ran, and every stage given to the pool after
    that, fail with a diagnostic (no traceback), and a partial file left beside an output goes."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from critedition.build.pool import gather

    class Broken:  # a pool whose first task's worker died; it refuses what comes after
        def __init__(self):
            self.submitted = 0

        def submit(self, fn, *args):
            self.submitted += 1
            if self.submitted > 1:
                raise BrokenProcessPool("a child process terminated abruptly")
            future = Future()
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return future

    outputs = [(tmp_path / "a.json", tmp_path / "a.md"), (tmp_path / "b.epub",)]
    partials = [tmp_path / ".a.json.x1y2.part", tmp_path / ".a.md.x3y4.part"]
    for partial in partials:
        partial.write_text("half")
    results = gather(Broken(), [("essay", "a"), ("render", "b", "epub")], outputs)
    assert [[(d.code, d.file) for d in failed] for _, failed in results] == \
        [[("OUT-001", str(outputs[0][0]))], [("OUT-001", str(outputs[1][0]))]]
    assert not any(p.exists() for p in partials)


def test_a_cited_cache_is_the_text_a_format_hashes_for_its_pagination():
    """The watch and make hand a format the cached JSON instead of serialising the Doc again: the two agree."""
    import panflute as pf

    from critedition import pandoc
    from critedition.build.stages import doc_of, to_json
    from critedition.render import digital

    doc = pf.Doc(pf.Para(pf.Str("Serge’s"), pf.Space(), pf.Emph(pf.Str("Memoirs")), pf.Note(pf.Para(pf.Str("n")))),
                 metadata={"title": "Ä book"})
    text = to_json(doc)
    assert to_json(doc_of(text)) == text and pandoc.doc_to_json(doc_of(text)) == text.encode("utf-8")
    given = digital.book_of(doc_of(text), None, Report(), "t", text.encode("utf-8"))
    assert given == digital.book_of(doc_of(text), None, Report(), "t")


def test_a_format_made_without_a_pagination_of_its_text_says_so(tmp_path):
    import panflute as pf

    from critedition.render import digital

    report = Report()
    book = digital.book_of(pf.Doc(pf.Para(pf.Str("x"))), tmp_path / "book.pages.json", report, "build/b/b.html")
    assert book.pagination is None and [d.code for d in report.items] == ["OUT-003"]
    assert "build the PDF first" in report.items[0].hint
