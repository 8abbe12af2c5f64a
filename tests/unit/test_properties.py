"""Property tests of the bibliography side: no input makes the bib reader, the lint or the YAML loader crash or hang."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from critedition import config
from critedition.bib import lint
from critedition.bib.lint import syntax
from critedition.bib.library import Library
from critedition.diagnostics import Report

# Pieces of BibTeX syntax, so that generated text reaches the parser's error paths, not just "no @ found".
TOKENS = ["@book{", "@article(", "@string{", "@comment{", "@preamble{", "@", "{", "}", "(", ")", '"', ",", "=", "#",
          "\n", "  ", "%", "\\", "\\'", "\\textsc{", "--", "-", "key2000", "title", "author", "date", "crossref",
          "pages", "12-15", "1996", "and", "Serge, Victor", "é", "<script>", "javascript:", "file:///", "$", "~"]
bibtexish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=80).map("".join)
FAST = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def assert_fast(fn, *args, limit: float = 1.0):
    start = time.perf_counter()
    result = fn(*args)
    assert time.perf_counter() - start < limit
    return result


@FAST
@given(st.one_of(st.text(max_size=400), bibtexish))
def test_the_lint_never_raises_and_reports_positions_inside_the_text(text):
    report = assert_fast(lint.lint_text, text)
    lines = text.count("\n") + 2
    for d in report.items:
        assert d.code.startswith(("BIB-", "CITE-")) and 0 <= d.line <= lines and str(d)


@FAST
@given(bibtexish)
def test_the_bib_reader_never_raises(text):
    library = assert_fast(Library.from_string, text)
    for key in library.keys:
        entry = library[key]
        assert isinstance(entry.titles, tuple) and isinstance(entry.names, list)


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_a_failed_block_is_always_diagnosed(raw):
    offset, detail, fix, code, field = assert_fast(syntax.diagnose, "@book{" + raw)
    assert 0 <= offset <= len(raw) + 6 and code in ("BIB-001", "BIB-007") and detail


@FAST
@given(text=st.lists(st.sampled_from(["a:", " b", "- ", "[", "]", "{", "}", "&x ", "*x", "\n", "  ", "key: value", "#",
                                 '"', "'", ":", "\t", "? "]), max_size=60).map("".join))
def test_the_yaml_loader_never_raises(text, tmp_path_factory):
    path = tmp_path_factory.mktemp("yaml") / "x.yaml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    assert_fast(config.load_yaml, path, report)
    assert all(d.code.startswith("CFG-") for d in report.items)
