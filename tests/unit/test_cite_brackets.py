"""Bracketed references (An Anarchist FAQ): titles, pages, volumes, Op. Cit., and brackets that are not references."""

from __future__ import annotations

import pytest

from critedition.bib.library import Library
from critedition.config.schema import Citations
from critedition.cite import conventions
from critedition.cite.model import to_markdown

BIB = """
@collection{tucker1978marxengels, editor = {Tucker, Robert C.}, title = {The Marx-Engels Reader}, date = {1978}}
@book{bakunin1953political, author = {Bakunin, Mikhail}, title = {The Political Philosophy of Bakunin}, date = {1953}}
@book{malatesta2001anarchy, author = {Malatesta, Errico}, title = {Anarchy}, date = {2001}}
@book{malatesta1993errico, author = {Malatesta, Errico}, title = {Errico Malatesta}, subtitle = {His Life and Ideas},
  date = {1993}}
@book{bookchin1980ecological, author = {Bookchin, Murray}, title = {Toward an Ecological Society}, date = {1980}}
@book{leninessential, author = {Lenin, V. I.}, title = {Collected Works}, volume = {27}, date = {1965}}
@book{castoriadis1988political, author = {Castoriadis, Cornelius}, title = {Political and Social Writings},
  date = {1988}}
"""
LIB = Library.from_string(BIB)


def read(*paragraphs: str) -> list[tuple[str, str]]:
    cfg = Citations.model_validate({"conventions": ["brackets"]})
    reading, ctx = conventions.reading(cfg), conventions.context(cfg, LIB, {})
    return [(m.raw, to_markdown(m) if m.resolved else f"problem: {m.problem}")
            for p in paragraphs for m in reading.read(p, ctx)]


@pytest.mark.parametrize("text, markdown", [
    pytest.param("[ Marx-Engels Reader , p. 731 and p. 730]", "[@tucker1978marxengels, 731, 730]", id="and-pages"),
    pytest.param("[ Collected Works , vol. 27, pp. 267-9]", "[@leninessential, 267-9]", id="volume-of-the-entry"),
    pytest.param("[ Political and Social Writings , vol. 2, p. 68]", "[@castoriadis1988political, vol. 2, p. 68]",
                 id="volume-not-in-the-entry"),
    pytest.param("[Murray Bookchin, Towards an Ecological Society , pp. 126-7]", "[@bookchin1980ecological, 126-7]",
                 id="one-word-one-edit"),
    pytest.param("[quoted by Lenin, Anarchy , p. 3]", "[Lenin, quoted by @malatesta2001anarchy, 3]",
                 id="quoted-by-someone-else"),
])
def test_a_bracketed_reference(text, markdown):
    [(raw, found)] = read(f"He said so. {text} And more.")
    assert (raw, found) == (text, markdown)


def test_op_cit_is_the_work_last_cited_for_the_author_named_before_it():
    got = read("For Engels, “whoever mentions combined action speaks of organisation.” [ Marx-Engels Reader , p. 731]",
               "Malatesta argued it was “association.” [ Anarchy , pp. 30-1]",
               "Engels argued that factories needed authority. [ Op. Cit. , p. 732]",
               "“Government means the delegation of power.” [ Op. Cit. , pp. 41-2]",
               "Again he wrote so. [Malatesta, Op. Cit. , p. 9]")
    assert [m for _, m in got] == ["[@tucker1978marxengels, 731]", "[@malatesta2001anarchy, 30-1]",
                                   "[@tucker1978marxengels, 732]", "[@tucker1978marxengels, 41-2]",
                                   "[@malatesta2001anarchy, 9]"]


@pytest.mark.parametrize("text", ["[w]hoever", "[sic!]", "[the anarchists]", "[as opposed to a ‘realm of freedom’]",
                                  "[and women]", "[Socialist Review, no. 246]"])
def test_editorial_brackets_are_not_references(text):
    assert read(f"They said “{text} was right.”") == []


def test_a_work_the_bibliography_lacks_is_reported():
    [(raw, found)] = read("[Statism and Anarchy, p. 206, pp. 209-10]")
    assert found == 'problem: unknown work "Statism and Anarchy"'
