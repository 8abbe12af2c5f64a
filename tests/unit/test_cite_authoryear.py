"""Author-year citations in Price's essay, on passages copied from the witness (reflowed, and raw)."""

import re
from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.conventions.authoryear import parse_author_year
from critedition.cite.model import Context, to_markdown
ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.bib"
PRICE = ROOT / "seeds" / "price-2007-what-can-anarchists-learn.txt"


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(MINI)


def found(text, lib, ctx=None):
    ctx = ctx or Context(lib)
    return [(m.raw, to_markdown(m), m.rule) for m in parse_author_year(text, ctx)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "some of whom became moderate social democrats and a few eventually became rabid neoconservatives "
            "(Wald, 1987). Very few radicals continued to reject both sides (what was sometimes called a "
            "“Third Camp” position).",
            [("(Wald, 1987)", "[@wald1987new]", "authoryear.parenthetical")],
            id="author-comma-year",
        ),
        pytest.param(
            "He wrote that the revolution died a “self-inflicted death in 1918 with the establishment of the "
            "Cheka” (quoted in Weissman, 2001; p. 7). This set the stage",
            [("(quoted in Weissman, 2001; p. 7)", "[quoted in @weissman2001victor, 7]", "authoryear.parenthetical")],
            id="quoted-in-with-page",
        ),
        pytest.param(
            "“A scathing article by Trotsky . . . was totally unjustified and unjust” (Desolre, 1997; p 197).",
            [("(Desolre, 1997; p 197)", "[@desolre1997chapter, 197]", "authoryear.parenthetical")],
            id="page-label-without-period",
        ),
        pytest.param(
            "“Out of inhumanity, a needless crime had just been committed against the proletariat and the "
            "peasants” (Serge, in Lenin & Trotsky, 1979; p. 137). Serge considered resigning from the party.",
            [("(Serge, in Lenin & Trotsky, 1979; p. 137)", "[Serge, in @lenin1979kronstadt, 137]",
              "authoryear.parenthetical")],
            id="in-collection-prefix",
        ),
        pytest.param(
            "what remains outside isn’t worth much for the social transformation” (Serge, in Lenin & Trotsky, "
            "1979; pp. 138-9). Given the chance,",
            [("(Serge, in Lenin & Trotsky, 1979; pp. 138-9)", "[Serge, in @lenin1979kronstadt, 138-9]",
              "authoryear.parenthetical")],
            id="pp-range",
        ),
        pytest.param(
            "Serge has been called an “anarcho-Bolshevik” (Weissman, 1997) and a “libertarian Leninist” "
            "(Spencer, 1997) — with some reason.",
            [("(Weissman, 1997)", "[@weissman1997chapter]", "authoryear.parenthetical"),
             ("(Spencer, 1997)", "[@spencer1997chapter]", "authoryear.parenthetical")],
            id="author-not-editor",
        ),
        pytest.param(
            "Wald (1992) asks, “Would Serge have become one of these apostates? There is no certain answer” "
            "(p. 51). He notes that",
            [("Wald (1992)", "@wald1992victor", "authoryear.narrative"),
             ("(p. 51)", "[-@wald1992victor, 51]", "authoryear.page-only")],
            id="narrative-then-page",
        ),
        pytest.param(
            "In her posthumous book, Susan Sontag (2007) has an essay, “Unextinguished: The Case of Victor Serge.”",
            [("Sontag (2007)", "@sontag2007unextinguished", "authoryear.narrative")],
            id="narrative-given-name-stays-text",
        ),
        pytest.param(
            "The Trotskyist Alan Wald summarizes Serge’s writings in this period, “Although formally a supporter "
            "of Lenin and a defender of the legacy of the October 1917 Bolshevik Revolution, Serge’s practical "
            "politics in the 1940s wobbled between left- and right-wing social democracy” (1992; p. 47).",
            [("(1992; p. 47)", "[-@wald1992victor, 47]", "authoryear.year-only")],
            id="year-only-after-full-name",
        ),
    ],
)
def test_golden(lib, text, expected):
    assert found(text, lib) == expected


def test_misspelt_author_matches_with_a_note(lib):
    text = (
        "She is one of many who have admired Serge’s work and life, such as George Orwell. Peter Sedgewick (of "
        "the British Socialist Workers Party) called Serge “one of the most outstanding socialist authors who "
        "has ever lived” (1997; p. 183)."
    )
    [match] = parse_author_year(text, Context(lib))
    assert (match.raw, to_markdown(match), match.mode) == ("(1997; p. 183)", "[-@sedgwick1997chapter, 183]",
                                                           "suppress-author")
    assert match.notes == ("author “Sedgewick” matched “Sedgwick” (1 edit)",)


def test_missing_work_is_reported_with_its_page(lib):
    text = (
        "Susan Sontag (2001) speculates that if Serge had lived for another decade or so, he would “probably” "
        "have realized (as she came to believe) that the revolution was not so much betrayed but was “a "
        "catastrophe for the Russian people from the beginning” (p. 63) and that all revolutions are bad."
    )
    narrative, page = parse_author_year(text, Context(lib))
    assert (narrative.raw, narrative.cites) == ("Sontag (2001)", ())
    assert narrative.problem == "no bibliography entry for Sontag 2001 (Sontag has: 2007)"
    assert (page.raw, page.cites) == ("(p. 63)", ())
    assert page.problem == "page of the unresolved narrative citation Sontag 2001"


def test_configured_alias_resolves_a_slip(lib):
    ctx = Context(lib, aliases={"Sontag 2001": "sontag2007unextinguished"})
    narrative, page = parse_author_year("Susan Sontag (2001) speculates ... beginning” (p. 63) and", ctx)
    assert to_markdown(narrative) == "@sontag2007unextinguished"
    assert to_markdown(page) == "[-@sontag2007unextinguished, 63]"


def test_unknown_author_is_reported(lib):
    [match] = parse_author_year("the Bolsheviks’ pet anarchist” (Sreenan, 1998) — also", Context(lib))
    assert match.cites == () and match.problem == "no bibliography entry for Sreenan 1998"


def test_collection_part_is_preferred_when_the_library_has_it():
    lib = Library.from_string(
        "@book{lenin1979kronstadt, author={Lenin, V. I. and Trotsky, Leon}, title={Kronstadt}, date={1979}}\n"
        "@inbook{serge1979, author={Serge, Victor}, crossref={lenin1979kronstadt}}\n"
    )
    assert found("peasants” (Serge, in\nLenin & Trotsky, 1979; p. 137). Serge", lib) == [
        ("(Serge, in\nLenin & Trotsky, 1979; p. 137)", "[@serge1979, 137]", "authoryear.parenthetical")
    ]


TRAPS = [
    pytest.param("“a catastrophe for the Russian people from the beginning” (p. 63) and that", id="page-no-narrative"),
    pytest.param("rather than a “Third Camp” (what was sometimes called a “Third Camp” position).", id="aside"),
    pytest.param("Victor Lvovich Kibalchich (pen name Serge) was born in Belgium", id="pen-name"),
    pytest.param("support to the Spanish POUM (Workers’ Party of Marxist Unification). It had", id="acronym"),
    pytest.param("French intellectuals (André Gide, Romain Rolland, André Malraux,\netc.), persuaded Stalin",
                 id="names-list"),
    pytest.param("Alan Wald was born in a small town (1890) and later moved", id="year-in-aside"),
    pytest.param("Serge was born in Belgium (in 1890) of two Russian political émigrés", id="year-phrase"),
]


@pytest.mark.parametrize("trap", TRAPS)
def test_not_citations(lib, trap):
    assert found(trap, lib) == []


def test_year_only_without_an_author_is_reported(lib):
    [match] = parse_author_year("called Serge “one of the most outstanding” (1997; p. 183).", Context(lib))
    assert match.cites == () and "no author named" in match.problem


def reflow(text: str) -> list[str]:
    """Paragraphs of the OCR witness with line-end hyphens joined (as the ingest stage does)."""
    paras = re.split(r"\n\s*\n", text)
    return [" ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", p).split()) for p in paras if p.strip()]


@pytest.mark.parametrize("prepare", [pytest.param(reflow, id="reflowed"), pytest.param(lambda t: [t], id="raw")])
def test_whole_price_essay(lib, prepare):
    ctx = Context(lib)
    matches = [m for p in prepare(PRICE.read_text(encoding="utf-8")) for m in parse_author_year(p, ctx)]
    assert len(matches) == 18
    assert [(m.raw, m.rule) for m in matches if not m.resolved] == [
        ("Sontag (2001)", "authoryear.narrative"),
        ("(p. 63)", "authoryear.page-only"),
        ("(Sreenan, 1998)", "authoryear.parenthetical"),  # the fixture has no Sreenan
    ]
