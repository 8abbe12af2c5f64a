"""The bibliography library: parsing once, names, years, title forms and look-ups."""

from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.bib.names import Name, parse, parse_name, split_names
from critedition.bib.text import clean, fold

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.bib"


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(MINI)


def test_entries_keep_fields_lowercased_without_outer_braces(lib):
    entry = lib["cotterill1994serge"]
    assert entry.type == "collection"
    assert entry.fields["title"] == "The {Serge--Trotsky} Papers"
    assert entry.title == "The Serge–Trotsky Papers"
    assert set(entry.fields) == {"editor", "title", "publisher", "location", "date"}


def test_entry_line_is_the_line_of_its_at_sign(lib):
    lines = MINI.read_text(encoding="utf-8").splitlines()
    for key in ("serge2012memoirs", "desolre1997chapter"):
        assert lines[lib[key].line - 1].startswith("@") and key in lines[lib[key].line - 1]


def test_keys_and_membership(lib):
    assert "serge2012memoirs" in lib.keys
    assert "nosuchkey" not in lib
    assert len(lib) == len(lib.keys)


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("Serge, Victor", ("Victor", "Serge"), id="family-comma-given"),
        pytest.param("Victor Serge", ("Victor", "Serge"), id="given-family"),
        pytest.param("{Communist International}", ("", "Communist International"), id="corporate"),
        pytest.param("Spencer", ("", "Spencer"), id="family-only"),
        pytest.param("Guérin, Daniel", ("Daniel", "Guérin"), id="accented"),
        pytest.param("van Heijenoort, Jean", ("Jean", "van Heijenoort"), id="particle-comma"),
        pytest.param("Jean van Heijenoort", ("Jean", "van Heijenoort"), id="particle-given-first"),
        pytest.param("Charles Louis de la Vallée Poussin", ("Charles Louis", "de la Vallée Poussin"), id="two-particles"),
        pytest.param("King, Jr., Martin Luther", ("Martin Luther", "King"), id="junior"),
        pytest.param("{Socialist Workers Party}", ("", "Socialist Workers Party"), id="corporate-words"),
        pytest.param("", ("", ""), id="empty"),
    ],
)
def test_parse_name(raw, expected):
    assert parse_name(raw) == expected


def test_name_parts_follow_bibtex():
    """The von part is the lowercase words before the last name; a braced group is one word, of no case."""
    assert parse("Ludwig von Mises") == Name(given="Ludwig", von="von", last="Mises")
    assert parse("de Cleyre, Voltairine") == Name(given="Voltairine", von="de", last="Cleyre")
    assert parse("King, Jr., Martin Luther").junior == "Jr."
    assert parse("Jean {van Heijenoort}") == Name(given="Jean", last="van Heijenoort")
    assert parse("{Farrar, Straus and Giroux}") == Name(last="Farrar, Straus and Giroux", corporate=True)
    assert parse(r'Kurt G{\"o}del').last == "Gödel"
    assert parse(r'{\"U}ber van Dam').von == "van"  # a special character's letter decides the case: Über is not von


def test_split_names_respects_braces():
    assert split_names("Marx, Karl and Engels, Friedrich") == ["Marx, Karl", "Engels, Friedrich"]
    assert split_names("{Farrar and Giroux} and Doe, J.") == ["{Farrar and Giroux}", "Doe, J."]


def test_names_are_authors_else_editors(lib):
    assert lib["marx1978manifesto"].names == ["Marx", "Engels"]
    assert lib["cotterill1994serge"].names == ["Cotterill"]
    assert lib["proudhon2011property"].names == ["Proudhon"]  # the editor is not an author


def test_year_from_date_year_or_crossref_parent(lib):
    assert lib["serge2012memoirs"].year == "2012"
    assert lib["lenin1966collected42"].year is None
    assert lib["spencer1997chapter"].year == "1997"  # inherited from weissman1997ideas


def test_title_forms(lib):
    entry = lib["proudhon2011property"]
    assert entry.title == "Property Is Theft!"
    assert "Property Is Theft! A Pierre-Joseph Proudhon Anthology" in entry.titles
    assert lib["trotsky1980challenge"].own_titles[-1] == "The Challenge of the Left Opposition"
    assert lib["kronstadt1979exchange"].container_titles == ("Kronstadt",)  # from the crossref parent


def test_fold_ignores_case_accents_and_british_spelling():
    assert fold("Guérin") == fold("guerin")
    assert fold("Organisation") == fold("organization")
    assert fold("&") == "and"
    assert clean(r"Writings from Russia, 1919--1921 \& {More}") == "Writings from Russia, 1919–1921 & More"


def test_by_name_year_prefers_authors_to_editors(lib):
    assert [e.key for e in lib.by_name_year("Weissman", 1997)] == ["weissman1997chapter"]
    assert [e.key for e in lib.by_name_year("Cotterill", "1994")] == ["cotterill1994serge"]
    assert [e.key for e in lib.by_name_year("weissman", 2001)] == ["weissman2001victor"]
    assert lib.by_name_year("Nobody", 1990) == []


@pytest.mark.parametrize(
    "written, expected",
    [
        pytest.param("Sedgwick", ("sedgwick", 0), id="exact"),
        pytest.param("Sedgewick", ("sedgwick", 1), id="one-insertion"),
        pytest.param("Guerin", ("guerin", 0), id="accent-folded"),
        pytest.param("Wold", None, id="short-names-are-not-fuzzy"),
        pytest.param("Seagwack", None, id="two-edits"),
    ],
)
def test_resolve_family(lib, written, expected):
    assert lib.resolve_family(written) == expected


@pytest.mark.parametrize(
    "text, key",
    [
        pytest.param("My Disillusionment in Russia", "goldman1970my", id="exact"),
        pytest.param("property is theft", "proudhon2011property", id="case-and-bang-optional"),
        pytest.param(
            "Property is Theft! A Pierre-Joseph Proudhon Anthology", "proudhon2011property", id="with-subtitle"
        ),
        pytest.param("The Serge-Trotsky Papers", "cotterill1994serge", id="hyphen-vs-en-dash"),
        pytest.param("Serge–Trotsky Papers", "cotterill1994serge", id="article-optional"),
        pytest.param("“Marx’s Vision of Communism”", "ollman1978marx", id="curly-quotes"),
        pytest.param("Goldman’s My Disillusionment in Russia is better", "goldman1970my", id="containment"),
        pytest.param("Workers Against", "aves1996workers", id="prefix-of-title"),
        pytest.param("Kropotkin & the Rise of Revolutionary Anarchism 1872-1886", "cahm1989kropotkin", id="ampersand"),
        pytest.param("The Marx-Engels Reader", "marx1978manifesto", id="container-title"),
        pytest.param("The Economic Organization of War Communism, 1918–1921", "malle1985economic", id="organisation"),
        pytest.param("Victor Serge", None, id="ambiguous-two-entries"),
        pytest.param("Collected Works", None, id="ambiguous-volumes"),
        pytest.param("The", None, id="too-short"),
    ],
)
def test_match_title(lib, text, key):
    entry = lib.match_title(text)
    assert (entry.key if entry else None) == key


def test_find_titles_returns_all_tied_entries(lib):
    assert {e.key for e in lib.find_titles("Collected Works")} == {"lenin1966collected42", "lenin1961collected7"}


def test_scan_titles_is_leftmost_longest(lib):
    text = "Victor Serge: A Political Biography and Memoirs of a Revolutionary"
    hits = lib.scan_titles(text)
    assert [(text[h.start : h.end], [e.key for e in h.entries]) for h in hits] == [
        ("Victor Serge: A Political Biography", ["weissman2013victor"]),
        ("Memoirs of a Revolutionary", ["serge2012memoirs"]),
    ]


def test_prefer_parts_drops_crossref_parents(lib):
    both = [lib["weissman1997ideas"], lib["weissman1997chapter"]]
    assert [e.key for e in Library.prefer_parts(both)] == ["weissman1997chapter"]


def test_failed_blocks_are_kept_for_lint():
    lib = Library.from_string("@book{ok, title={Fine}}\n@book{broken,\n  title = {oops\n@misc{y, title={Y}}\n")
    assert "ok" in lib and "y" in lib
    assert len(lib.failed_blocks) == 1


def test_is_person_name(lib):
    assert lib.is_person_name("Victor Serge")
    assert not lib.is_person_name("My Disillusionment in Russia")
