"""End to end: make builds the nine files from a fresh copy, does nothing the second time, and fails safely."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from critedition.checks import reproducible
from tests.conftest import ROOT, run_make

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
NINE = [f"build/{b}/{b}.{f}" for b in BOOKS for f in ("html", "epub", "pdf")]


def project_copy(dest: Path) -> Path:
    """The project's files as a fresh clone would have them (tracked and new, not ignored)."""
    return reproducible.project_copy(ROOT, dest)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    d = project_copy(tmp_path_factory.mktemp("clone"))
    res = run_make(cwd=d)
    assert "edition build --jobs make" in res.stdout, res.stdout  # from nothing: every stage in one process
    return d


def test_make_produces_the_nine_files(fresh):
    for f in NINE:
        assert (fresh / f).stat().st_size > 1000, f


def test_from_nothing_one_process_leaves_what_the_stages_leave(fresh, tmp_path):
    """`make` from nothing runs `edition build` (every stage, one process); `make html epub pdf ...` runs each
    stage as its own process: the same books, caches, audit and stamps."""
    staged = project_copy(tmp_path / "staged")
    res = run_make("html", "epub", "pdf", "build/audit/citations.html", cwd=staged)
    assert "--from-cited" in res.stdout and "build --jobs" not in res.stdout, res.stdout

    def files(d: Path) -> dict[str, bytes]:
        return {str(f.relative_to(d)): f.read_bytes() for f in sorted((d / "build").rglob("*"))
                if f.is_file() and f.name != "results.json"}

    one, stages = files(fresh), files(staged)
    assert sorted(one) == sorted(stages)
    assert [f for f in one if one[f] != stages[f]] == []


def _outputs(d: Path) -> dict[str, int]:
    return {str(f.relative_to(d)): f.stat().st_mtime_ns for f in (d / "build").rglob("*") if f.is_file()}


def _commands(res) -> list[str]:
    return [line for line in res.stdout.splitlines() if "bin/edition " in line]


def test_second_make_does_nothing(fresh):
    before = _outputs(fresh)
    res = run_make(cwd=fresh)
    assert _commands(res) == [], res.stdout
    assert _outputs(fresh) == before


@pytest.fixture
def incremental(fresh, tmp_path) -> Path:
    d = project_copy(tmp_path / "incremental")
    shutil.copytree(fresh / "build", d / "build")  # copytree keeps the dates: as built
    run_make(cwd=d)
    return d


def test_bibliography_counts_by_content(incremental):
    bib = incremental / "bibliography.bib"
    bib.touch()
    before = _outputs(incremental)
    assert _commands(run_make(cwd=incremental)) == []
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@book{nobody2020test,\n  author = {Nobody, Anne},\n"
                   "  title = {A Test},\n  date = {2020},\n  publisher = {Nowhere},\n}\n", encoding="utf-8")
    commands = _commands(run_make(cwd=incremental))
    # An entry nobody cites: the essays' citations are resolved again, but no witness is ingested and no
    # book's text changes, so no format is made again.
    assert not any("--ingest-only" in c or "--to" in c for c in commands), commands
    assert any("--from-ingested" in c for c in commands)
    after = _outputs(incremental)  # the books and the stages' results keep their dates (the audit is rewritten)
    assert all(after[f] == t for f, t in before.items()
               if f.endswith((".pdf", ".epub", ".html", ".json")) and not f.startswith("build/audit/"))


def test_editing_an_entry_rebuilds_only_the_books_citing_it(incremental, tmp_path):
    bib = incremental / "bibliography.bib"
    text = bib.read_text(encoding="utf-8")  # Wald's 1987 book: Price cites it, McKay does not
    assert "Anti-{Stalinist} Left from" in text
    bib.write_text(text.replace("Anti-{Stalinist} Left from", "Anti-{Stalinist} Left, from"), encoding="utf-8")
    res = run_make(cwd=incremental)
    commands = _commands(res)
    rebuilt = {re.search(r"--book (\S+)", c).group(1) for c in commands if "--to" in c}
    assert rebuilt == {"serge-and-the-anarchists", "price-what-can-anarchists-learn"}, commands
    assert not any("--ingest-only" in c for c in commands)
    # One layout of the book (WeasyPrint mended: render/mends/footnote_policy.py), which gives the PDF a build from
    # clean gives.
    assert re.search(r"serge-and-the-anarchists\.pdf: 1 layout pass\b", res.stdout), res.stdout
    clean = reproducible.project_copy(incremental, tmp_path / "clean")
    pdf = "build/serge-and-the-anarchists/serge-and-the-anarchists.pdf"
    run_make(pdf, cwd=clean)
    assert (clean / pdf).read_bytes() == (incremental / pdf).read_bytes()


def test_unmended_the_passes_place_the_notes_and_their_cache_lays_out_once(fresh, tmp_path):
    """With WeasyPrint as released (the mend off, or another WeasyPrint) the placement passes do the work:
    the same book, in more layouts; and the layout cache gives a rebuild that book in one."""
    d = project_copy(tmp_path / "unmended")
    shutil.copytree(fresh / "build", d / "build")
    pdf = "build/serge-and-the-anarchists/serge-and-the-anarchists.pdf"
    (d / pdf).unlink()
    (d / "build/cache/serge-and-the-anarchists.layout.json").unlink()
    off = {"CRIT_WEASYPRINT_FIX": "0"}
    res = run_make(pdf, cwd=d, env=off)
    assert re.search(r"serge-and-the-anarchists\.pdf: [2-8] layout passes .*\d note\(s\) brought to their call page",
                     res.stdout), res.stdout
    assert "WeasyPrint not mended: turned off" in res.stdout
    # The passes and the mend place this edition's notes alike: the very same PDF.
    assert (d / pdf).read_bytes() == (fresh / pdf).read_bytes()
    (d / pdf).unlink()
    res = run_make(pdf, cwd=d, env=off)
    assert re.search(r"1 layout pass .*\d+ placement rule\(s\) from the last build", res.stdout), res.stdout
    assert (d / pdf).read_bytes() == (fresh / pdf).read_bytes()


def test_changing_one_witness_rebuilds_only_its_books(incremental):
    witness = incremental / "seeds/price-2007-what-can-anarchists-learn.txt"
    witness.touch()  # a new date and the same text: the essay's stages run and find nothing new
    commands = _commands(run_make(cwd=incremental))
    assert any(c.endswith("essay --ingest-only price") for c in commands), commands
    assert not any("--book" in c or "mckay" in c for c in commands), commands
    witness.chmod(0o644)
    text = witness.read_text(encoding="utf-8")
    witness.write_text(text.replace("was no saint or hero", "was no saint nor hero"), encoding="utf-8")
    commands = _commands(run_make(cwd=incremental))
    rebuilt = {re.search(r"--book (\S+)", c).group(1) for c in commands if "--book" in c}
    assert rebuilt == {"serge-and-the-anarchists", "price-what-can-anarchists-learn"}, commands
    assert any("essay --from-ingested price" in c for c in commands)
    assert not any("mckay" in c.split("--book")[0] for c in commands), commands


def test_reading_text_is_written_as_markdown(fresh):
    md = (fresh / "build/text/mckay.md").read_text(encoding="utf-8")
    assert "Victor Serge (1890–1947) is experiencing" in md
    assert md.count("[^") >= 92  # 46 calls and 46 note texts
    assert "srcmap" not in md and "::: " not in md


def test_broken_witness_gives_diagnostic_and_keeps_previous_books(fresh, tmp_path):
    d = project_copy(tmp_path / "broken")
    shutil.copytree(fresh / "build", d / "build")
    before = {f: (d / f).read_bytes() for f in NINE}
    witness = d / "seeds/mckay-2013-worst-of-the-anarchists.txt"
    witness.chmod(0o644)
    lines = witness.read_text(encoding="utf-8").split("\n")
    lines[17] = lines[17].replace("Bolshevik.[6]", "Bolshevik.[47]")  # a marker with no note
    lines.append("[12] A second note twelve.")  # a duplicated note number
    witness.write_text("\n".join(lines), encoding="utf-8")
    res = run_make(cwd=d, check=False)
    assert res.returncode != 0
    assert re.search(r"seeds/mckay-2013-worst-of-the-anarchists\.txt:18:\d+: error\[NOTE-001\] note marker \[47\]",
                     res.stderr), res.stderr
    assert re.search(r"seeds/mckay-2013-worst-of-the-anarchists\.txt:\d+:1: error\[NOTE-003\]", res.stderr)
    assert "Traceback" not in res.stderr
    for f, data in before.items():
        assert (d / f).read_bytes() == data, f"{f} was touched by a failed build"
