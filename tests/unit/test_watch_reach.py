"""Where a change of the sources enters the build graph (build/graph.reached), as the watch uses it."""

from __future__ import annotations

from critedition import config
from critedition.build.graph import BIBLIOGRAPHY, input_files, makefile, reached, stages

EDITION = config.load()
EVERY = stages(EDITION)
BOOKS = list(EDITION.books)


def kinds(changed: set[str]) -> set[tuple]:
    return set(reached(EVERY, EDITION, changed))


def test_the_bibliography_reaches_the_essays_filters_and_the_books_citations():
    hit = reached(EVERY, EDITION, {"bibliography.bib"})
    assert set(hit) == {("essay", (e,)) for e in EDITION.essays} | {("cite", (b,)) for b in BOOKS}
    assert all(inputs == {BIBLIOGRAPHY} for inputs in hit.values())


def test_an_essay_configuration_reaches_its_own_essay_only():
    assert kinds({"edition/essays/price.yaml"}) == {("ingest", ("price",)), ("essay", ("price",))}


def test_the_editorial_markdown_reaches_the_books_that_print_it():
    printing = [b for b in BOOKS if "introduction" in (EDITION.book(b).data.get("editorial") or [])]
    assert printing == ["serge-and-the-anarchists"]
    assert kinds({"edition/editorial/introduction.md"}) == {("cite", (b,)) for b in printing}
    assert "edition/editorial/introduction.md" in makefile(EDITION)
    assert "$(wildcard edition/editorial" not in makefile(EDITION)


def test_a_stylesheet_reaches_every_format_and_the_build_folder_nothing():
    assert kinds({"edition/css/screen.css"}) == {("render", (b, f)) for b in BOOKS for f in ("html", "epub", "pdf")}
    assert kinds({"edition/css/new.css"}) == kinds({"edition/css/screen.css"})
    assert kinds({"edition/css/sub/screen.css", "build/cache/mckay.json", "README.md"}) == set()


def test_the_edition_configuration_reaches_every_stage_but_the_audit():
    assert kinds({"edition/edition.yaml"}) == {s.id for s in EVERY if s.kind != "audit"}


def test_input_files_are_the_files_a_stage_reads_now():
    cite = next(s for s in EVERY if s.id == ("cite", ("serge-and-the-anarchists",)))
    files = input_files(cite, EDITION)
    assert EDITION.bibliography in files and config.ROOT / "edition" / "editorial" / "introduction.md" in files
    assert not any("$(" in str(p) for p in files)
    html = next(s for s in EVERY if s.id == ("render", ("price-what-can-anarchists-learn", "html")))
    assert set(input_files(html, EDITION)) >= set((config.ROOT / "edition" / "css").glob("*.css"))
