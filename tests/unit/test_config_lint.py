"""The configuration lint: YAML traps, list items, nested mappings, ids, languages, and names of entries and styles."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from critedition import config
from critedition.config import schema
from critedition.cli import check
from critedition.diagnostics import Report


def load(tmp_path, text: str, name: str = "x.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = Report()
    return config.load_yaml(path, report), report


def found(report: Report) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in report.sorted()]


def essay_report(data_text: str, tmp_path, eid: str = "mini") -> Report:
    """The essay lint of `data_text`, completed at its end (its lines unchanged) with the required keys it lacks."""
    for key, value in (("id", eid), ("witness", "seeds/mini.txt"), ("profile", "ocr")):
        if f"\n{key}:" not in "\n" + data_text:
            data_text += f"{key}: {value}\n"
    data, report = load(tmp_path, data_text)
    config.lint_essay(data, eid, "edition/essays/mini.yaml", report)
    return report


def test_the_edition_configuration_has_no_diagnostics():
    report = Report()
    config.load(report=report)
    assert [str(d) for d in report.items] == []


def test_a_key_given_twice_is_reported_with_the_first_line(tmp_path):
    data, report = load(tmp_path, "id: a\nlang: en\nblocks:\n  - {id: p1, id: p2}\nlang: fr\n")
    assert found(report) == [("CFG-010", 4), ("CFG-010", 5)]
    assert "first at line 2" in report.sorted()[1].message


def test_aliases_are_refused_before_they_are_expanded(tmp_path):
    levels = "\n".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(2, 30))
    start = time.perf_counter()
    data, report = load(tmp_path, "l1: &l1 [x, x]\n" + levels + "\n")
    assert time.perf_counter() - start < 2
    assert data is None and found(report) == [("CFG-011", 2)]


def test_a_syntax_error_names_what_was_left_open(tmp_path):
    _, report = load(tmp_path, "blocks:\n  - {id: a, lines: 1-3\n  - {id: b}\n")
    (d,) = report.items
    assert d.code == "CFG-001" and "flow mapping at line 2" in d.message


def test_list_items_are_checked_with_their_own_lines(tmp_path):
    report = essay_report("blocks:\n  - {id: a, lines: 1-3}\n  - b\n  - {id: c, lines: 4-5, colour: red}\n"
                          "order:\n  - {block: a, joins: yes}\n  - {blok: c}\n"
                          "emendations:\n  - {line: '2', reading: x, edition: y}\n", tmp_path)
    assert found(report) == [("CFG-003", 3), ("CFG-002", 4), ("CFG-002", 7), ("CFG-004", 7), ("CFG-003", 9)]


def test_duplicate_block_ids(tmp_path):
    report = essay_report("blocks:\n  - {id: a, lines: 1-3}\n  - {id: a, lines: 4-5}\n", tmp_path)
    assert found(report) == [("CFG-015", 3)]
    assert "first at line 2" in report.items[0].message


def citations_report(data_text: str, tmp_path) -> Report:
    """The configuration lint of an essay: the schema checks the conventions' names and options too."""
    return essay_report(data_text, tmp_path)


def test_citations_mapping(tmp_path):
    report = citations_report("citations:\n  style: harvard\n  sigla:\n    Memoirs: [serge2012memoirs]\n"
                              "  alias: {}\n", tmp_path)
    assert found(report) == [("CFG-013", 2), ("CFG-003", 4), ("CFG-002", 5)]


def test_citation_conventions_and_options(tmp_path):
    report = citations_report("citations:\n  conventions: [sigla, 3, harvard]\n  single-digit-pages: 'yes'\n"
                              "  bare-pages:\n    from: somewhere\n    within: -1\n    upto: 3\n", tmp_path)
    assert found(report) == [("CFG-003", 2), ("CFG-013", 2), ("CFG-003", 3), ("CFG-022", 5),
                             ("CFG-022", 6), ("CFG-002", 7)]


def test_essay_id_and_language(tmp_path):
    report = essay_report("id: maxi\nlang: English\nheadings: [One, 2]\n", tmp_path)
    assert found(report) == [("CFG-016", 1), ("CFG-018", 2), ("CFG-003", 3)]


@pytest.mark.parametrize("tag", ["en", "en-GB", "en-US", "fr", "sr-Latn-RS", "es-419", "de-CH-1996"])
def test_good_language_tags(tag, tmp_path):
    assert essay_report(f"lang: {tag}\n", tmp_path).items == []


EDITION = "title: t\neditor: e\nbibliography: nowhere.bib\nlang: en-GB\nessays:\n  a: a.yaml\n  b: b.yaml\nbooks:\n"


def test_the_edition_file(tmp_path):
    """What the schema cannot say, once the file matches it: the bibliography's file, unique book ids,
    essays in books, essays in no book."""
    data, report = load(tmp_path, EDITION + "  - {id: one, title: t, essays: [a]}\n"
                                            "  - {id: one, title: t, essays: [a, c]}\n")
    config.lint_edition(data, {"a": None, "b": None}, "edition/edition.yaml", report)
    assert found(report) == [("CFG-012", 3), ("CFG-017", 5), ("CFG-005", 10), ("CFG-015", 10)]


def test_the_edition_files_values(tmp_path):
    """Values the schema refuses, each at its line; page-size is checked here, not only when a PDF is laid out."""
    data, report = load(tmp_path, EDITION.replace("en-GB", "en_GB") + "  - {id: one, title: t, essays: [a], pages: 3}\n"
                                  "page-size: 6x9\nversion: '1.0'\nidentifier-base: 3\n")
    config.lint_edition(data, {"a": None, "b": None}, "edition/edition.yaml", report)
    assert found(report) == [("CFG-018", 4), ("CFG-002", 9), ("CFG-022", 10), ("CFG-020", 11), ("CFG-003", 12)]
    assert "'page-size' in edition must be a page size" in report.sorted()[2].message


def test_load_survives_wrong_shapes(tmp_path):
    (tmp_path / "edition.yaml").write_text("title: t\neditor: e\nbibliography: bibliography.bib\n"
                                           "essays: [a, b]\nbooks:\n  - {id: [x], title: t, essays: z}\n  - 3\n",
                                           encoding="utf-8")
    report = Report()
    with pytest.raises(config.EditionError):
        config.load(tmp_path / "edition.yaml", report)
    assert {d.code for d in report.items} == {"CFG-003"}


# -- names the configuration gives to bibliography entries and styles (the check hook) -------------------

def fake_edition(tmp_path, citations: str, csl: str = "chicago-author-date"):
    essay, _ = load(tmp_path, "id: mini\nwitness: seeds/mini.txt\nprofile: ocr\ncitations:\n" + citations, "mini.yaml")
    top, _ = load(tmp_path, f"title: t\neditor: e\nbibliography: b.bib\ncsl: {csl}\nessays: {{mini: m.yaml}}\n"
                            "books: []\n", "edition.yaml")
    return SimpleNamespace(essays={"mini": config.Essay("mini", essay, "edition/essays/mini.yaml")}, books={},
                           settings=schema.Edition.model_validate(top), file="edition/edition.yaml")


def test_sigla_and_aliases_must_name_entries_and_the_style_must_exist(tmp_path):
    library = SimpleNamespace(entries={"serge2012memoirs": object()})
    edition = fake_edition(tmp_path, "  style: author-year\n  sigla:\n    Memoirs: serge2012memoirs\n"
                                     "    Danger: serge1997danger\n  aliases:\n    Serge 2013: serge2013memoirs\n",
                           csl="chicago-authr-date")
    report = Report()
    check.references_hook(edition, library, report)
    assert found(report) == [("CFG-009", 4), ("CFG-007", 8), ("CFG-014", 10)]
