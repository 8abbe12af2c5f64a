"""The bibliography lint: every check with its code and position, the clean bibliographies, the corpus's bib cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from critedition.bib import lint
from critedition.bib.library import Library
from critedition.diagnostics import CATALOGUE, Level, Report

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "bibliography.bib"
ZOTERO = ROOT / "tests" / "fixtures" / "zotero-export.bib"
CORPUS = ROOT / "tests" / "broken"


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in lint.lint_text(text).sorted()]


def only(text: str, code: str) -> list:
    return [d for d in lint.lint_text(text).sorted() if d.code == code]


GOOD = "@book{tester2000good,\n  author = {Tester, Anna},\n  title = {Good},\n  date = {2000},\n}\n"


# -- the edition's own bibliographies --------------------------------------------------------------

@pytest.mark.parametrize("path", [BIB, ZOTERO], ids=["bibliography.bib", "zotero-export.bib"])
def test_the_edition_bibliographies_lint_clean(path):
    report = Report()
    bib = lint.read(path, report, path.name)
    lint.lint(bib, report)
    assert [str(d) for d in report.items] == []


def test_the_zotero_export_holds_the_entries_of_the_bibliography():
    ours = {e.key for e in lint.parse(BIB.read_text(encoding="utf-8")).parsed.entries}
    export = lint.parse(ZOTERO.read_text(encoding="utf-8"))
    keys = {e.key for e in export.parsed.entries}
    assert len(keys) >= 40 and keys <= ours
    assert all(e.entry_type in ("book", "mvbook", "incollection", "inbook", "article", "misc")
               for e in export.parsed.entries)
    assert not any(f.key in ("year", "urldate", "crossref", "subtitle") for e in export.parsed.entries for f in e.fields)


def test_the_message_reads_as_the_editors_see_it():
    text = "% comment\n" * 56 + "  @book{aves1996,\n  author = {Aves, Jonathan},\n  title = {Workers Against Lenin},\n}\n"
    assert [str(d) for d in lint.lint_text(text).items] == [
        'bibliography.bib:57:3: error[BIB-003] entry "aves1996" has no date or year. Hint: add date = {1996} once you '
        'have checked it; if the date cannot be known, leave it out and say so in note, e.g. note = {date not known} '
        '(docs/diagnostics.md#bib-003)']


def test_the_note_the_hint_suggests_answers_the_missing_date():
    """BIB-003's hint and docs/bibliography.md give one way out of an unknown date: the note that says so."""
    text = "@book{aves1996, author = {Aves, Jonathan}, title = {Workers Against Lenin}, note = {date not known}}\n"
    assert codes(text) == []


# -- the lint and its documentation -----------------------------------------------------------------

DOCS = (ROOT / "docs" / "bibliography.md").read_text(encoding="utf-8")
LINT = ROOT / "critedition" / "bib" / "lint"


def test_every_rule_of_the_lint_is_named_in_the_docs_with_its_code():
    emitted = {c for path in LINT.glob("*.py") for c in re.findall(r'"((?:BIB|CITE)-\d{3})"', path.read_text())}
    documented = set(re.findall(r"^\| ((?:BIB|CITE)-\d{3}) \|", DOCS, re.M))
    assert emitted and emitted <= documented, sorted(emitted - documented)
    assert {c for c in CATALOGUE if c.startswith("BIB-")} <= documented
    for code in documented:
        assert code in CATALOGUE and str(CATALOGUE[code].level) in re.search(rf"^\| {code} \| (\w+) \|", DOCS, re.M).group(1)


def test_the_hints_say_what_the_docs_say():
    """An unknown fact is left out and the note says so; a special character is escaped as the docs show."""
    assert "note = {{date not known}}" in CATALOGUE["BIB-003"].hint and "note = {date not known}" in DOCS
    (d,) = only("@book{x, author = {A, B}, title = {Bread & Roses}, date = {2000}}\n", "BIB-020")
    assert "Bread \\& Roses" in DOCS and "write \\&:" in d.hint and "docs/bibliography.md" in d.hint


# -- the corpus's bibliography cases, in process (the CLI runs them all in tests/integration) ------------

def bib_cases():
    for d in sorted(CORPUS.iterdir()):
        expect = d / "expect"
        if not (d / "bibliography.bib.append").is_file() or "generate:" in expect.read_text(encoding="utf-8"):
            continue
        m = re.search(r"^expect: ([A-Z]+-\d+) bibliography\.bib:\+(\d+)(?::(\d+))?", expect.read_text(), re.M)
        if m and not m.group(1).startswith("CITE"):
            yield pytest.param(d, m.group(1), int(m.group(2)), int(m.group(3) or 0), id=d.name)


@pytest.mark.parametrize("case, code, line, col", list(bib_cases()))
def test_corpus_bib_case(case, code, line, col):
    base = BIB.read_text(encoding="utf-8")
    base += "" if base.endswith("\n") else "\n"
    text = base + (case / "bibliography.bib.append").read_text(encoding="utf-8")
    found = [(d.line - base.count("\n"), d.col) for d in lint.lint_text(text).items if d.code == code]
    assert (line, col) in found or (not col and line in [f[0] for f in found]), found


# -- syntax --------------------------------------------------------------------------------------

def test_a_failed_block_names_the_field_whose_brace_is_never_closed():
    text = "@book{a,\n  title = {Foo {Bar},\n  date = {1999},\n}\n" + GOOD
    assert only(text, "BIB-007")[0].line == 2
    assert [d.code for d in lint.lint_text(text).items] == ["BIB-007"]  # the next entry is read normally


def test_a_bare_at_line_start_is_a_syntax_error_but_an_at_in_a_comment_is_not():
    assert codes("% write to me@example.org\n" + GOOD) == []
    assert codes("@book tester,\n}\n")[0][0] == "BIB-001"


def test_duplicate_keys_point_at_the_first_definition():
    (d,) = only(GOOD + "\n" + GOOD, "BIB-002")
    assert (d.line, d.col) == (7, 1) and "first at line 1" in d.message


def test_strings_months_and_concatenation_are_not_undefined_macros():
    text = ('@string{nyrb = {New York Review Books}}\n@book{a, author = {A, B}, title = {T}, date = {2000},'
            ' publisher = nyrb, month = jan, note = nyrb # { reprint}, edition = 2}\n')
    assert codes(text) == []
    assert only(text.replace("publisher = nyrb", "publisher = nybr"), "BIB-019")


# -- required fields ------------------------------------------------------------------------------

def test_crossref_children_inherit_date_and_book_title():
    text = ("@collection{coll2000, editor = {E, F}, title = {C}, date = {2000}}\n"
            "@incollection{part2000, author = {A, B}, title = {P}, crossref = {coll2000}}\n")
    assert codes(text) == []


def test_xref_does_not_inherit():
    text = ("@collection{coll2000, editor = {E, F}, title = {C}, date = {2000}}\n"
            "@incollection{part2000, author = {A, B}, title = {P}, xref = {coll2000}}\n")
    assert {c for c, _, _ in codes(text)} == {"BIB-003", "BIB-004"}


def test_the_child_does_not_take_the_parents_title_as_its_own():
    text = ("@book{book2000, author = {A, B}, title = {Book}, date = {2000}}\n"
            "@inbook{part2000, author = {A, B}, crossref = {book2000}}\n")
    (d,) = only(text, "BIB-004")
    assert "has no title" in d.message


def test_a_gap_the_note_explains_or_a_reconstructed_entry_is_not_an_error():
    assert codes("@book{x, author = {A, B}, title = {T}, note = {the date was not verified}}\n") == []
    assert codes("@misc{x1998, author = {A}, date = {1998}, keywords = {reconstructed}, note = {not identified}}\n") == []
    assert only("@misc{x1998, author = {A}, date = {1998}, note = {not identified}}\n", "BIB-004")


def test_reconstructed_without_a_note_is_a_warning():
    (d,) = only("@book{x, author = {A, B}, title = {T}, date = {2000}, keywords = {reconstructed}}\n", "BIB-016")
    assert d.level == Level.WARNING


# -- values --------------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["1996", "1996-05", "1996-05-14", "1984-21", "1990/1995", "2001?", "1999~", "../2000",
                                  "1990/..", "2000-01-01T10:00:00Z"])
def test_iso_and_edtf_dates_are_dates(date):
    assert codes(f"@book{{x, author = {{A, B}}, title = {{T}}, date = {{{date}}}}}\n") == []


@pytest.mark.parametrize("date", ["c. 2007", "2007a", "Spring 2015", "07", "2007-13", "n.d."])
def test_dates_that_are_not_dates(date):
    assert only(f"@book{{x, author = {{A, B}}, title = {{T}}, date = {{{date}}}}}\n", "BIB-005")


@pytest.mark.parametrize("pages, fixed", [("12-15", "12--15"), ("xi-xv", "xi--xv"), ("12 - 15", "12--15")])
def test_page_ranges_with_one_hyphen(pages, fixed):
    (d,) = only(f"@inbook{{x, author = {{A, B}}, title = {{T}}, booktitle = {{B}}, date = {{2000}}, pages = {{{pages}}}}}\n",
                "BIB-006")
    assert d.hint.endswith(fixed)


@pytest.mark.parametrize("pages", ["12--15", "12–15", "12", "12, 15--17", "A-12"])
def test_good_page_ranges(pages):
    text = f"@inbook{{x, author = {{A, B}}, title = {{T}}, booktitle = {{B}}, date = {{2000}}, pages = {{{pages}}}}}\n"
    assert not only(text, "BIB-006") or pages == "A-12"


def test_escaped_braces_and_ampersands_are_fine():
    assert codes("@book{x, author = {A, B}, title = {Sets \\{ and \\} \\& 50\\% of \\$5}, date = {2000}}\n") == []


def test_escaped_specials_a_tie_and_a_link_address_are_fine():
    title = r"Item \#1: snake\_case, x\^{}2, a~tie, \~{}"
    note = r"see \url{https://example.org/a_b?c=1&d=%20#top}"
    assert codes(f"@book{{x, author = {{A, B}}, title = {{{title}}}, note = {{{note}}}, date = {{2000}}}}\n") == []


@pytest.mark.parametrize("char, escaped", [("&", "\\&"), ("%", "\\%"), ("#", "\\#"), ("_", "\\_"), ("^", "\\^{}")])
def test_bare_specials_are_refused_with_their_escape(char, escaped):
    (d,) = only(f"@book{{x, author = {{A, B}}, title = {{Bread {char} Roses}}, date = {{2000}}}}\n", "BIB-020")
    assert (d.line, d.col) == (1, 27) and f"bare {char}" in d.message and f"write {escaped}:" in d.hint


def test_specials_in_keys_links_and_addresses_are_not_text():
    text = ("@book{x_1, author = {A, B}, title = {T}, date = {2000}, keywords = {further-reading},"
            " ids = {old_key}, url = {https://example.org/a_b&c}, doi = {10.1000/x_y}}\n")
    assert only(text, "BIB-020") == []


def test_a_concatenation_is_not_a_bare_hash():
    assert codes('@string{pub = "Pluto"}\n@book{x, author = {A, B}, title = {T}, publisher = pub # " Press",'
                 ' date = {2000}}\n') == []


def test_unbalanced_braces_inside_a_quoted_value():
    (d,) = only('@book{x, author = {A, B}, title = "T {x", date = {2000}}\n', "BIB-007")
    assert "never closed" in d.hint


@pytest.mark.parametrize("tex, char", [("\\'e", "é"), ("\\'{e}", "é"), ('\\"{o}', "ö"), ("\\c{c}", "ç"), ("\\ss", "ß"),
                                       ("{\\'E}", "É"), ("\\v s", "š")])
def test_latex_accents_ask_for_unicode(tex, char):
    (d,) = only(f"@book{{x, author = {{A, B}}, title = {{Caf{tex}}}, date = {{2000}}}}\n", "BIB-009")
    assert char in d.hint


def test_commands_pandoc_renders_are_accepted_and_others_are_named():
    assert codes("@book{x, author = {A, B}, title = {\\emph{Em} \\textsc{Sc} \\enquote{q}}, date = {2000}}\n") == []
    (d,) = only("@book{x, author = {A, B}, title = {The \\mkbibacro{NATO}}, date = {2000}}\n", "BIB-008")
    assert "\\mkbibacro" in d.message
    assert only("@book{x, author = {A, B}, title = {Costs $5}, date = {2000}}\n", "BIB-008")


@pytest.mark.parametrize("field, value", [
    ("title", "<script>alert(1)</script>"), ("note", "<img src=http://evil.example/x.png>"),
    ("url", "file:///etc/passwd"), ("url", "javascript:alert(1)"), ("title", "\\href{javascript:alert(1)}{x}"),
    ("title", "\\includegraphics{http://evil.example/x.png}"), ("note", "\\input{/etc/passwd}"), ("url", "www.example.org"),
    ("note", "data:text/html,<b>x</b>")])
def test_hostile_values(field, value):
    fields = {"author": "A, B", "title": "T", "date": "2000", field: value}
    text = "@book{x, " + ", ".join(f"{k} = {{{v}}}" for k, v in fields.items()) + "}\n"
    assert only(text, "BIB-013")


@pytest.mark.parametrize("field, value", [("url", "https://example.org/a_b?c=1&d=%20"), ("note", "see \\url{https://x.org}"),
                                          ("doi", "10.1000/xyz_123")])
def test_safe_links(field, value):
    assert codes(f"@book{{x, author = {{A, B}}, title = {{T}}, date = {{2000}}, {field} = {{{value}}}}}\n") == []


def test_bibtex_names_are_a_suggestion():
    (d,) = only("@book{x, author = {A, B}, title = {T}, year = {2000}}\n", "BIB-017")
    assert d.level == Level.SUGGESTION and "date" in d.hint


def test_links_between_entries():
    text = GOOD.replace("}\n", "  crossref = {nowhere},\n  related = {tester2000good, elsewhere},\n}\n", 1)
    targets = sorted(d.message.split("{")[1].split("}")[0] for d in only(text, "BIB-010"))
    assert targets == ["elsewhere", "nowhere"]


def test_one_work_under_two_keys_but_not_two_editions_or_volumes():
    a = "@book{a, author = {A, B}, title = {{Victor Serge}}, subtitle = {A Life}, date = {2001}}\n"
    assert only(a + a.replace("{a,", "{b,").replace("{{Victor Serge}}", "Victor serge"), "BIB-011")
    assert not only(a + a.replace("{a,", "{b,").replace("2001", "2013"), "BIB-011")
    assert not only(a.replace("}\n", ", volume = {1}}\n") + a.replace("{a,", "{b,").replace("}\n", ", volume = {2}}\n"),
                    "BIB-011")


def test_duplicate_detection_folds_titles_as_citation_matching_does():
    """BIB-011 and the citation matcher compare titles through one normaliser (bib/text.py): British -ise and
    American -ize, "&" and "and", a LaTeX accent and its letter are one title to both."""
    a = "@book{a, author = {A, B}, title = {The Organisation of Labour \\& Caf\\'e Life}, date = {2001}}\n"
    b = "@book{b, author = {A, B}, title = {The Organization of Labour and Café Life}, date = {2001}}\n"
    (d,) = only(a + b, "BIB-011")
    assert 'entries "b" and "a"' in d.message
    assert {e.key for e in Library.from_string(a + b).find_titles("the organization of labour & cafe life")} == {"a", "b"}


# -- reading the file ----------------------------------------------------------------------------

def test_an_unreadable_file_is_reported_with_the_position_of_the_bad_byte(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes("@book{x,\n  author = {Gu\xe9rin, D},\n}\n".encode("latin-1"))
    report = Report()
    assert lint.read(path, report, "refs.bib") is None
    (d,) = report.items
    assert (d.code, d.line, d.col) == ("BIB-012", 2, 15)
    report = Report()
    assert lint.read(tmp_path / "missing.bib", report) is None and report.items[0].code == "BIB-012"


def test_a_byte_order_mark_is_not_an_error(tmp_path):
    path = tmp_path / "bom.bib"
    path.write_text("\ufeff" + GOOD, encoding="utf-8")
    report = Report()
    lint.lint(lint.read(path, report), report)
    assert report.items == []


def test_a_process_parses_the_bibliography_once(tmp_path, monkeypatch):
    """The lint and the books' Library share one parse (issue 8), and a CRLF file reads as LF in both."""
    import bibtexparser

    from critedition import config
    from critedition.bib import annotations
    from critedition.cli import common

    path = tmp_path / "refs.bib"
    path.write_bytes(BIB.read_bytes().replace(b"\n", b"\r\n"))
    calls = []
    real = bibtexparser.parse_string
    monkeypatch.setattr(bibtexparser, "parse_string", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(bibtexparser, "parse_file", lambda *a, **k: pytest.fail("parsed a second time"))
    edition = config.load()
    monkeypatch.setattr(type(edition), "bibliography", property(lambda self: path))
    library = common.library(edition, Report())
    assert annotations.library_of(edition) is library and len(calls) == 1
    assert not any("\r" in v for e in library.entries.values() for v in e.fields.values())


def test_the_library_is_built_from_the_same_parse():
    bib = lint.parse(BIB.read_text(encoding="utf-8"))
    library = lint.library(bib)
    assert set(library.keys) == {e.key for e in bib.parsed.entries}


# -- usage ---------------------------------------------------------------------------------------

USAGE = ("@book{book2000, author = {A, B}, title = {B}, date = {2000}, related = {book1990}}\n"
         "@book{book1990, author = {A, B}, title = {B}, date = {1990}}\n"
         "@inbook{part2000, author = {A, B}, title = {P}, crossref = {book2000}}\n"
         "@book{extra2000, author = {C, D}, title = {E}, date = {2000}, keywords = {further-reading}}\n"
         "@book{lonely2000, author = {C, D}, title = {L}, date = {2000}}\n")


def test_unused_entries_exempt_further_reading_and_what_cited_entries_link_to():
    report = Report()
    lint.usage(lint.parse(USAGE), {"part2000": ("seeds/x.txt", 1, 1)}, report)
    assert [(d.code, d.line) for d in report.items] == [("CITE-004", 5)]


def test_no_unused_report_when_an_essay_could_not_be_read():
    report = Report()
    lint.usage(lint.parse(USAGE), {}, report, complete=False)
    assert report.items == []


def test_editorial_citations(tmp_path):
    first = "As @serge2012memoirs shows [see @weissman2013victor, 12; -@aves1996workers]."
    md = tmp_path / "intro.md"
    md.write_text(first + "\nMail me@example.org.\n```\n@notacitation\n```\n[@{odd:key}]\n", encoding="utf-8")
    found = [(k, line, col) for k, _, line, col in lint.editorial_citations([md])]
    assert found == [("serge2012memoirs", 1, first.index("@serge") + 1),
                     ("weissman2013victor", 1, first.index("@weissman") + 1),
                     ("aves1996workers", 1, first.index("-@aves") + 1), ("odd:key", 6, 2)]


def test_a_draft_entry_is_a_warning_and_its_keyword_is_known():
    text = "@book{x2000, author = {A, B}, title = {T}, date = {2000}, keywords = {draft}}\n"
    (d,) = lint.lint_text(text).items
    assert (d.code, d.level, d.line, d.col) == ("BIB-021", Level.WARNING, 1, 59)
    assert d.hint == "review the entry against the work, then remove `draft` from keywords"
