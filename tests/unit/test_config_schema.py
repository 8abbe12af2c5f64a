"""The configuration's schema: every key typed and defaulted in one place, checked at any depth with its line."""

from __future__ import annotations

from critedition.cite.conventions import REGISTRY

from critedition import config
from critedition.config import schema
from critedition.config.validate import validate
from critedition.diagnostics import Report
from critedition.witness.profiles import PROFILES


def check(tmp_path, text: str, model=schema.Essay) -> list[tuple[str, int]]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    validate(model, config.load_yaml(path, report), "x.yaml", "essay x", report)
    return [(d.code, d.line) for d in report.sorted()]


ESSAY = "id: x\nwitness: seeds/x.txt\nprofile: {profile}\n"


def test_the_schema_names_the_registered_profiles_and_styles():
    assert set(schema.PROFILES) == set(PROFILES)
    assert set(schema.STYLES) == set(REGISTRY)


def test_unknown_keys_are_found_at_any_depth(tmp_path):
    text = ESSAY.format(profile="ocr") + ("source:\n  library: The Anarchist Library\n  note: n\n"
                                          "citations:\n  style: sigla\n  sigla: {M: k}\n  siglum: {}\n"
                                          "blocks:\n  - {id: a, lines: 1-3, page: 1}\nnotes: {}\n")
    assert check(tmp_path, text) == [("CFG-002", 5), ("CFG-002", 10), ("CFG-002", 12), ("CFG-002", 13)]


def test_keys_nothing_would_read_are_refused(tmp_path):
    text = ESSAY.format(profile="anarchist-library") + ("blocks:\n  - {id: a, lines: 1-3}\nblock-quotes: [12]\n"
                                                        "citations:\n  aliases: {Serge 2013: k}\n")
    assert check(tmp_path, text) == [("CFG-023", 4), ("CFG-023", 8)]
    text = ESSAY.format(profile="ocr") + "block-quotes: [12]\ncitations:\n  style: author-year\n  aliases: {A 1: k}\n"
    assert check(tmp_path, text) == [("CFG-023", 4)]


def test_bad_values_report_their_own_codes(tmp_path):
    text = ESSAY.format(profile="scan") + ("lang: en_GB\ncitations: {style: harvard}\nhyphenation: {Un-done: maybe}\n"
                                           "emendations:\n  - {line: 3, reading: a, edition: b, occurrence: first}\n")
    assert check(tmp_path, text) == [("CFG-006", 3), ("CFG-018", 4), ("CFG-013", 5), ("TXT-004", 6), ("CFG-003", 8)]


def test_numbers_and_dates_yaml_reads_are_taken_as_text(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(ESSAY.format(profile="ocr") + "date: 2007\nsource: {retrieved: 2021-04-24}\n"
                    "blocks: [{id: a, lines: 12}]\n", encoding="utf-8")
    essay = config.Essay("x", config.load_yaml(path, Report()), "x.yaml")
    assert (essay.settings.date, essay.settings.source.retrieved, essay.settings.blocks[0].lines) == \
        ("2007", "2021-04-24", "12")


def test_defaults_come_from_the_schema_and_lines_from_the_file():
    edition = config.load()
    price = edition.essays["price"].settings
    assert edition.settings.page_size == "6in 9in" and edition.settings.identifier_base == "urn:serge-editions:"
    assert edition.essays["mckay"].settings.title is None  # from the witness header
    assert price.citations.style == "author-year" and price.block_quotes == []
    assert price.blocks[2].line_of() == price.line_of("blocks", 2) == 23
    assert price.citations.line_of("aliases", "Sontag 2001") == 61
    assert edition.csl_of(edition.book("price-what-can-anarchists-learn")) == "chicago-author-date"
    assert edition.names.persons[0].name == "Serge, Victor"


def test_a_names_file_is_checked_when_the_edition_is_loaded(tmp_path):
    assert check(tmp_path, "persons:\n  - {name: A, variant: [B]}\n  - {variants: [C]}\ncandidates: D\n",
                 schema.Names) == [("CFG-002", 2), ("CFG-004", 3), ("CFG-003", 4)]
