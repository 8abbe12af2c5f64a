"""Fidelity: the edition's words equal the witness's, once the declared interventions are replayed on it."""

from __future__ import annotations

import panflute as pf
import pytest

from critedition import config
from critedition.build import stages
from critedition.checks import fidelity

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


def test_an_unexplained_change_is_named():
    diffs = fidelity.differences("the revolution was not betrayed".split(), "the revolution was betrayed".split())
    assert [str(d) for d in diffs] == ["word 3: witness 'not' / edition ''"]
