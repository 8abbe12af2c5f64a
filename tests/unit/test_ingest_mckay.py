"""Ingest of McKay's Anarchist Library text: header to metadata, contents to headings, paragraphs intact."""

from __future__ import annotations

import panflute as pf
import pytest

from critedition import config
from critedition.book import assemble
from critedition.diagnostics import Report
from critedition.witness.profiles import anarchist_library as al
from critedition.witness import ingest, to_panflute
from critedition.witness.model import Draft


@pytest.fixture(scope="module")
def draft() -> Draft:
    report = Report()
    d = ingest(config.load().essays["mckay"], report)
    assert not report.errors, report.format()
    return d


def test_header_becomes_metadata_not_text(draft):
    assert draft.meta["title"] == "Victor Serge: The Worst of the Anarchists"
    assert draft.meta["author"] == "Iain McKay"
    assert draft.meta["date"] == "November 25, 2013"
    assert draft.meta["source"].startswith("Retrieved on 24th April 2021")
    assert all("Title:" not in b.text and "Retrieved on" not in b.text for b in draft.blocks)


def test_contents_become_the_five_headings_and_are_not_repeated(draft):
    headings = [b.text for b in draft.blocks if b.kind == "heading"]
    assert headings == ["The Anarchists", "The Bolsheviks", "The Opposition", "The Alternative", "Conclusions"]
    assert [b.line for b in draft.blocks if b.kind == "heading"] == [28, 66, 126, 148, 160]


def test_paragraphs_quotes_and_notes(draft):
    kinds = [b.kind for b in draft.blocks]
    assert kinds.count("note") == 46
    assert [b.n for b in draft.blocks if b.kind == "note"] == list(range(1, 47))
    assert [b.line for b in draft.blocks if b.kind == "quote"] == [48, 54, 88]
    assert draft.blocks[0].text.startswith("Victor Serge (1890–1947) is experiencing")


def test_typography_is_preserved(draft):
    text = "".join(b.text for b in draft.blocks)
    for ch in "“”’–…":
        assert ch in text


def test_paragraphs_are_numbered_in_order(draft):
    numbers = [b.number for b in draft.blocks if b.kind in ("para", "quote")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert draft.blocks[0].id == "mckay-p1"


def test_source_positions_point_into_the_witness(draft):
    lines = draft.witness_path.read_text(encoding="utf-8").split("\n")
    for b in draft.blocks:
        for seg in b.segs:
            if seg.kind == "witness" and seg.text:
                assert lines[seg.line - 1][seg.col - 1:].startswith(seg.text), (seg.line, seg.col)


def test_emendations_are_recorded_with_their_witness_reading(draft):
    ems = [(i.line, i.witness, i.edition) for i in draft.interventions if i.kind == "emendation"]
    assert (60, "Wiessman", "Weissman") in ems
    assert (140, "Weisman", "Weissman") in ems


@pytest.mark.parametrize("lines, field", [
    (["Author: X", "Date: 1", "Source: s", "", "Text."], "Title"),
    (["Title: T", "Date: 1", "Source: s", "", "Text."], "Author"),
], ids=["no-title", "no-author"])
def test_missing_header_field_is_a_diagnostic(lines, field):
    essay = config.load().essays["mckay"]
    d = Draft.start(essay, Report())
    d.lines = lines
    al.header(d)
    assert [x.code for x in d.report.items] == ["WIT-004"]
    assert field in d.report.items[0].message


def _subtitled(tmp_path, **config_keys):
    """An Anarchist Library witness whose header has a Subtitle: line (and a Topics: line the edition does
    not print), ingested and made into the essay's opening as a book prints it."""
    witness = tmp_path / "w.txt"
    witness.write_text("Title: Kropotkin and the State\nSubtitle: A Reply to My Critics\nAuthor: A. N. Other\n"
                       "Date: 2020\nSource: example.org\nTopics: anarchism, the state\n\nThe text.\n", encoding="utf-8")
    data = config.Located(id="w", witness=str(witness), profile="anarchist-library", **config_keys)
    report = Report()
    doc = to_panflute(ingest(config.Essay("w", data, "edition/essays/w.yaml"), report))
    opening = assemble.essay_section(doc)[0].content
    return report, [(type(b).__name__, b.classes, pf.stringify(b).strip()) for b in opening[:3]]


def test_the_witness_subtitle_is_printed_under_the_title(tmp_path):
    report, opening = _subtitled(tmp_path)
    assert opening == [("Header", ["essay-title"], "Kropotkin and the State"),
                       ("Div", ["essay-subtitle"], "A Reply to My Critics"),
                       ("Div", ["byline"], "A. N. Other (2020)")]
    # Header lines the edition prints nowhere are named, not dropped in silence.
    assert [(d.code, d.line, d.level.name) for d in report.items] == [("WIT-005", 6, "SUGGESTION")]
    assert "Topics" in report.items[0].message


def test_the_configuration_overrides_the_witness_subtitle(tmp_path):
    _, opening = _subtitled(tmp_path, subtitle="Second Thoughts")
    assert opening[1] == ("Div", ["essay-subtitle"], "Second Thoughts")
