"""Ingest of Price's OCR text: declared block order, reflow, headings, hyphenation and emendations."""

from __future__ import annotations

import copy
import re

import pytest

from critedition import config
from critedition.diagnostics import EditionError, Report
from critedition.witness import ingest
from critedition.witness.hyphenation import decide, vocabulary_of


@pytest.fixture(scope="module")
def essay():
    return config.load().essays["price"]


@pytest.fixture(scope="module")
def draft(essay):
    report = Report()
    d = ingest(essay, report)
    assert not report.items, report.format()
    return d


def test_reading_order_introduction_first_admiration_last(draft):
    paras = [b.text for b in draft.blocks if b.kind == "para"]
    assert paras[0].startswith("Victor Serge is admired for his writings and his life")
    assert paras[-1].endswith("but as a person, I admire him very much.")
    assert draft.blocks[0].kind == "title"
    assert draft.blocks[0].text == "What Can Anarchists Learn From His Revolutionary Life?"


def test_headings_are_recognised_in_order(draft):
    assert [b.text for b in draft.blocks if b.kind == "heading"] == [
        "Criticisms of the Bolsheviks", "His Authoritarian Defense of Leninism", "Serge Moves Right",
        "The Life of Victor Serge"]


@pytest.mark.parametrize("start, end", [
    pytest.param("barely managed to escape with the help of", "Dwight and Nancy Macdonald from the U.S.", id="p4-p7"),
    pytest.param("a needless crime had just", "been committed against the proletariat", id="p7-p8"),
    pytest.param("socialist parties (maybe", "anarchists). These, he believed", id="p8-p9"),
    pytest.param("So Serge’s predictions might", "have eventually come true.", id="p9-p6"),
    pytest.param("that is, U.S.", "imperialism. That was the path", id="p5-p2"),
])
def test_paragraphs_split_by_page_breaks_are_joined(draft, start, end):
    text = "\n".join(b.text for b in draft.blocks)
    assert f"{start} {end}" in text


def test_no_line_end_hyphen_artefact_and_compounds_kept(draft):
    text = " ".join(b.text for b in draft.blocks)
    assert not re.search(r"\w- \w", text.replace("left- and", "")), re.findall(r"\w+- \w+", text)
    for word in ("intellectuals", "Bolshevism", "Trotsky", "revolutionary", "Unextinguished"):
        assert word in text
    for compound in ("individualist-anarchist", "post-civil", "left- and right-wing"):
        assert compound in text


def test_every_line_end_hyphen_is_decided_once(draft):
    witness_hyphens = [i + 1 for i, l in enumerate(draft.lines) if l.rstrip().endswith("-")]
    decided = sorted(i.line for i in draft.interventions if i.kind == "hyphenation")
    assert decided == witness_hyphens


@pytest.mark.parametrize("left, right, verdict", [
    ("intel", "lectuals", "join"), ("simulta", "neously", "join"), ("individualist", "anarchist", "keep"),
    ("theo", "retician", "join"), ("revolution", "ary", "join"),
])
def test_hyphen_decisions_on_lexical_evidence(left, right, verdict):
    assert decide(left, right, vocabulary_of([]))[0] == verdict


def test_vocabulary_of_the_text_decides_first():
    vocab = vocabulary_of(["a post-civil war", "the postcivil"])
    assert vocab["post-civil"] == 1


@pytest.mark.parametrize("line, witness, edition", [
    (14, "s0,", "so,"), (168, "anarchists,they", "anarchists, they"), (194, "Tthere", "There"),
    (234, "bae", "base"), (229, "Leninsts", "Leninists"), (186, "withTrot", "with Trot"),
])
def test_emendations_applied_and_recorded(draft, line, witness, edition):
    assert any(i.kind == "emendation" and (i.line, i.witness, i.edition) == (line, witness, edition)
               for i in draft.interventions)
    text = " ".join(b.text for b in draft.blocks)
    assert witness not in text.replace("Leninists", "")


def _broken(essay, **changes):
    """The codes of an ingest of `essay` with `changes` to its configuration (checked by the schema first,
    as a real configuration is)."""
    data = copy.deepcopy(essay.data)
    data.lines = essay.data.lines
    data.update(changes)
    try:
        e = config.Essay(essay.id, data, essay.file)
    except EditionError as err:
        return [d.code for d in err.diagnostics]
    report = Report()
    ingest(e, report)
    return [d.code for d in report.items]


def test_block_used_twice(essay):
    order = list(essay.data["order"]) + [{"block": "p1"}]
    assert "ING-003" in _broken(essay, order=order)


def test_block_missing_from_order(essay):
    assert "ING-008" in _broken(essay, order=essay.data["order"][:-1])


def test_overlapping_and_uncovered_blocks(essay):
    blocks = [dict(b) for b in essay.data["blocks"]]
    blocks[1]["lines"] = "3-41"
    blocks[2]["lines"] = "44-82"
    codes = _broken(essay, blocks=blocks)
    assert "ING-001" in codes and "ING-002" in codes


def test_opening_words_checked(essay):
    blocks = [dict(b) for b in essay.data["blocks"]]
    blocks[0]["opens"] = "Something else"
    assert "ING-005" in _broken(essay, blocks=blocks)


def test_emendation_not_found_at_its_line(essay):
    ems = list(essay.data["emendations"]) + [{"line": 15, "reading": "Tthere", "edition": "There"}]
    assert "TXT-001" in _broken(essay, emendations=ems)


def test_unknown_hyphenation_override(essay):
    assert "TXT-003" in _broken(essay, hyphenation={"Foo-bar": "join"})
    assert "TXT-004" in _broken(essay, hyphenation={"Un-extinguished": "maybe"})
