"""`edition new-essay`: the essay's configuration from its witness, and edition.yaml edited as text."""

from __future__ import annotations

import difflib
import re

import pytest
import yaml

from critedition.bib.draft.notes import NoteText
from critedition.bib.library import Library
from critedition.cli.new_essay import KEYS, convention, essay_yaml, register
from critedition.diagnostics import Report
from critedition.witness.survey import Survey, detect_profile, survey_file
from tests.conftest import ROOT

EDITION = (ROOT / "edition" / "edition.yaml").read_text(encoding="utf-8")
LIBRARY = Library.load(ROOT / "bibliography.bib")


def test_register_adds_the_essay_and_a_book_and_keeps_every_line():
    new = register(EDITION, "other", "other-kropotkin", "Kropotkin: the State")
    data = yaml.safe_load(new)
    assert data["essays"]["other"] == "essays/other.yaml" and list(data["essays"])[-1] == "other"
    assert data["books"][-1] == {"id": "other-kropotkin", "title": "Kropotkin: the State",
                                 "subtitle": "A Critical Edition", "essays": ["other"]}
    # Only insertions: every line of the file (comments, layout) is kept.
    ops = difflib.SequenceMatcher(None, EDITION.splitlines(), new.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}


def test_register_refuses_what_it_cannot_edit_as_text():
    with pytest.raises(ValueError, match="essays:"):
        register(EDITION.replace("essays:\n  mckay: essays/mckay.yaml\n  price: essays/price.yaml\n",
                                 "essays: {mckay: essays/mckay.yaml, price: essays/price.yaml}\n"), "x", "x", "X")


WITNESS = Survey(
    "anarchist-library",
    {"title": "Kropotkin and the State", "author": "A. N. Other", "date": "May 1, 2020",
     "source": "Retrieved on 1st June 2021 from example.org", "subtitle": "An Essay"},
    ["Mutual Aid", "Conclusions"],
    [NoteText(1, 20, 5, "Victor Serge, Memoirs of a Revolutionary (New York: New York Review Book, 2012)."),
     NoteText(2, 22, 5, "See also Ethics, 45.")],
    "Serge’s Memoirs of a Revolutionary (Memoirs[1]) was finished. Its argument (Memoirs 12).", 23)


def test_the_configuration_holds_what_the_witness_gives_and_every_other_key_as_a_comment():
    text = essay_yaml("other", "seeds/other.txt", WITNESS, LIBRARY)
    data = yaml.safe_load(text)
    assert data == {"id": "other", "witness": "seeds/other.txt", "profile": "anarchist-library",
                    "title": "Kropotkin and the State", "subtitle": "An Essay", "author": "A. N. Other",
                    "date": "May 1, 2020", "source": {"note": "Retrieved on 1st June 2021 from example.org"},
                    "citations": {"style": "sigla", "sigla": {"Memoirs": "serge2012memoirs"}}}
    for key, _, _ in KEYS:
        assert re.search(rf"^(?:# )?{key}:", text, re.M), key
    assert "# The witness: 23 lines, 2 notes (lines 20-22)." in text and "# Headings (2): Mutual Aid; Conclusions." in text
    assert all(len(line) <= 110 for line in text.splitlines())


def test_an_ocr_witness_gets_one_block_for_all_its_lines():
    data = yaml.safe_load(essay_yaml("o", "seeds/o.txt", Survey("ocr", lines=40), LIBRARY))
    assert data["blocks"] == [{"id": "p1", "lines": "1-40"}] and data["order"] == [{"block": "p1"}]


@pytest.mark.parametrize("survey, name", [
    (WITNESS, "sigla"),
    (Survey("markdown", notes=[NoteText(1, 1, 1, "A, *B* (London: C, 1990), 4."), NoteText(2, 2, 1, "Ibid.")]),
     "notes"),
    (Survey("ocr", body="As Wald (1992) says, and Sontag, 2001, agrees."), "author-year"),
    (Survey("markdown", body="He wrote [ **Bakunin on Anarchism** , p. 277] and [Malatesta, p. 83]."), "brackets"),
])
def test_the_citation_convention_the_witness_looks_like(survey, name):
    assert convention(survey)[0] == name


def test_profiles_are_told_by_extension_and_header(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title: T\nAuthor: A\nDate: 2000\n\nText.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("raw OCR text\n", encoding="utf-8")
    assert [detect_profile(tmp_path / n) for n in ("a.md", "b.txt", "c.txt")] == ["markdown", "anarchist-library", "ocr"]


def test_markdown_front_matter_headings_and_footnotes(tmp_path):
    witness = tmp_path / "w.md"
    witness.write_text("---\ntitle: T\nsubtitle: S\nauthors:\n- A B\ndate: 2014-03-02\n---\n\n"
                       "Text.[^1]\n\n## Part One\n\nMore.\n\n[^1]: A note.\n", encoding="utf-8")
    found = survey_file(witness, "markdown", Report())
    assert found.meta == {"title": "T", "subtitle": "S", "date": "2014-03-02", "author": "A B"}
    assert found.headings == ["Part One"] and found.notes == [NoteText(1, 15, 7, "A note.")]
    assert "[^1]:" not in found.body and "More." in found.body


def test_a_witness_of_no_registered_profile_is_a_diagnostic(tmp_path):
    witness = tmp_path / "w.tex"
    witness.write_text("\\section{x}\n", encoding="utf-8")
    report = Report()
    assert survey_file(witness, "latex", report) == Survey("latex")
    assert [d.code for d in report.items] == ["CFG-006"]


NEW_EDITION = 'title: "Essays"\nbibliography: bibliography.bib\nessays: {}  # none yet\nbooks: []\n'


@pytest.mark.parametrize("text", [NEW_EDITION, NEW_EDITION.replace("essays: {}  # none yet", "essays:"),
                                  'title: "Essays"\nbibliography: bibliography.bib\n'],
                         ids=["empty-flow", "empty-key", "no-keys"])
def test_register_starts_a_new_edition(text):
    data = yaml.safe_load(register(text, "budak", "budak-unnatural", "An Unnatural Language"))
    assert data["essays"] == {"budak": "essays/budak.yaml"}
    assert data["books"] == [{"id": "budak-unnatural", "title": "An Unnatural Language",
                              "subtitle": "A Critical Edition", "essays": ["budak"]}]
    assert data["title"] == "Essays"
