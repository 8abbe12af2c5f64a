"""Fidelity: the edition's words equal the witness's, once the declared interventions are replayed on it."""

from __future__ import annotations

import json

import panflute as pf
import pytest

from critedition import config
from critedition.build import stages
from critedition.checks import fidelity, formats

pytestmark = pytest.mark.integration

CASES = [pytest.param("mckay", "mckay-worst-of-the-anarchists", id="mckay"),
         pytest.param("price", "price-what-can-anarchists-learn", id="price"),
         pytest.param("mckay", "serge-and-the-anarchists", id="mckay-in-volume"),
         pytest.param("price", "serge-and-the-anarchists", id="price-in-volume")]


@pytest.fixture(scope="module")
def edition():
    return config.load()


@pytest.mark.parametrize("essay, book", CASES)
def test_every_witness_word_is_in_the_edition_in_order(built, edition, essay, book):
    doc = stages.book_from_cache(edition, book)
    div = next(b for b in doc.content if isinstance(b, pf.Div) and b.identifier == essay)
    audit = built / "audit"
    ivs = fidelity.read_jsonl(audit / f"{essay}.interventions.jsonl")
    cites = fidelity.read_jsonl(audit / f"{essay}.citations.jsonl")
    witness = fidelity.witness_words(edition.essays[essay], ivs, cites)
    edition_text = fidelity.edition_words(div)
    assert len(witness) > 2500
    diffs = fidelity.differences(witness, edition_text)
    assert not diffs, "unexplained differences:\n" + "\n".join(map(str, diffs[:20]))


def _witness(built, edition, essay):
    audit = built / "audit"
    ivs = fidelity.read_jsonl(audit / f"{essay}.interventions.jsonl")
    cites = fidelity.read_jsonl(audit / f"{essay}.citations.jsonl")
    return fidelity.witness_parts(edition.essays[essay], ivs, cites)


def _print_html(built, book):
    """The print HTML the PDF was laid out from (kept with the layout's placement rules)."""
    return json.loads((built / "cache" / f"{book}.layout.json").read_text(encoding="utf-8"))["html"]


@pytest.mark.parametrize("essay, book", CASES)
@pytest.mark.parametrize("fmt", ["html", "epub", "print-html"])
def test_the_words_outside_citations_are_the_witness_s_in_every_format(built, edition, essay, book, fmt):
    body, notes = _witness(built, edition, essay)
    path = built / book / f"{book}.{fmt}"
    printed = (formats.markup_parts(_print_html(built, book), essay) if fmt == "print-html"
               else formats.html_parts(path, essay) if fmt == "html" else formats.epub_parts(path, essay))
    assert len(printed[1]) == len(notes)
    diffs = fidelity.differences(body, printed[0])
    diffs += [d for i, (w, e) in enumerate(zip(notes, printed[1])) for d in fidelity.differences(w, e)]
    assert not diffs, f"{fmt}: unexplained differences:\n" + "\n".join(map(str, diffs[:20]))


@pytest.mark.parametrize("essay, book", CASES)
def test_the_pdf_prints_every_witness_word_in_order(built, edition, essay, book):
    body, notes = _witness(built, edition, essay)
    text = formats.pdf_text(built / book / f"{book}.pdf")
    missing = fidelity.unfound(body, text) + [d for note in notes for d in fidelity.unfound(note, text)]
    assert not missing, "not in the PDF:\n" + "\n".join(map(str, missing[:20]))


def test_a_lost_title_is_found_in_every_format():
    """What the checks above would report of a title eaten by a citation (the failure of issue 18)."""
    witness = ["published", "“The", "Unhappy", "Elitist”", fidelity.CITE]
    printed = ["published", fidelity.CITE]
    assert [str(d) for d in fidelity.differences(witness, printed)] == ["word 1: witness '“The Unhappy Elitist”' / edition ''"]
    assert [d.witness for d in fidelity.unfound(witness, "published (Sedgwick 1984)")] == ["“The", "Unhappy", "Elitist”"]


def test_an_unexplained_change_is_named():
    diffs = fidelity.differences("the revolution was not betrayed".split(), "the revolution was betrayed".split())
    assert [str(d) for d in diffs] == ["word 3: witness 'not' / edition ''"]
