"""Sigla detected from an essay's own definitions ("Memoirs of a Revolutionary (Memoirs[1])")."""

from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.conventions.sigla import detect_sigla, parse_shorthand
from critedition.cite.model import Context, to_markdown
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.bib"

# McKay's first paragraph and notes 1-5, as in the witness.
MCKAY_P1 = (
    "Victor Serge (1890–1947) is experiencing something of a revival. This is understandable, given the "
    "power of Serge’s prose and the events and people he wrote about. A complete translation of his Memoirs "
    "of a Revolutionary (Memoirs[1]) was published in 2012 while collections of his earliest pro-Bolshevik "
    "writings (Danger[2]) and discussions with Trotsky (Papers[3]) appeared in the 1990s to supplement "
    "Serge’s Year One of the Russian Revolution (Year One[4]) which has been available since the 1970s. Now "
    "the (updated) paperback version of Susan Weissman’s much praised biography of Serge has appeared. (Serge[5])"
)
MCKAY_NOTES = {
    1: "Victor Serge, Memoirs of a Revolutionary (New York: New York Review Book, 2012).",
    2: "Revolution in Danger: Writings from Russia, 1919–1921 (London: Redwords, 1997).",
    3: "The Serge-Trotsky Papers, D. J. Cotterill (Ed.) (London: Pluto Press, 1994).",
    4: "Year One of the Russian Revolution (London/New York: Bookmarks, Pluto Press and Writers and Readers, 1992).",
    5: "Victor Serge: A Political Biography (London: Verso, 2013). The book was first published in 2001 as "
    "Victor Serge: The course is set on hope.",
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(MINI)


def test_mckay_sigla(lib):
    assert detect_sigla(MCKAY_P1, MCKAY_NOTES, lib) == {
        "Memoirs": "serge2012memoirs",
        "Danger": "serge1997revolution",
        "Papers": "cotterill1994serge",
        "Year One": "serge1992year",
        "Serge": "weissman2013victor",  # note 5's title, not the 2001 edition it mentions
    }


def test_title_before_the_definition_when_the_note_cites_nothing(lib):
    notes = {1: "A note without a reference."}
    assert detect_sigla("his Memoirs of a Revolutionary (Memoirs[1])", notes, lib) == {"Memoirs": "serge2012memoirs"}


def test_unresolved_definitions_are_reported(lib):
    problems: list[str] = []
    assert detect_sigla("the Ethics (Ethics[7])", {7: "Nothing here."}, lib, problems) == {}
    assert problems == ['siglum "Ethics" (note 7): no bibliography entry found']


def test_a_third_essay_needs_only_its_bibliography():
    lib = Library.from_string(
        "@book{doe1990collected, author={Doe, Jane}, title={Collected Essays}, date={1990}}"
    )
    body = "Her Collected Essays (Essays[1]) say so. Later she repeats it (Essays 12, xiv)."
    sigla = detect_sigla(body, {1: "Jane Doe, Collected Essays (Oxford: Clarendon, 1990)."}, lib)
    assert sigla == {"Essays": "doe1990collected"}
    matches = parse_shorthand(body, Context(lib, sigla))
    assert [to_markdown(m) for m in matches] == ["[@doe1990collected, 12, xiv]"]


def test_configuration_overrides_detection(lib):
    detected = detect_sigla(MCKAY_P1, MCKAY_NOTES, lib)
    sigla = {**detected, **{"Serge": "weissman2001victor"}}
    [match] = parse_shorthand("(Serge 4)", Context(lib, sigla))
    assert match.cites[0].key == "weissman2001victor"
