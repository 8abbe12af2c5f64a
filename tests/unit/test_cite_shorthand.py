"""Shorthand citations in McKay's running text, on passages copied from the witness."""

import re
from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.conventions.sigla import parse_shorthand
from critedition.cite.model import Context, to_markdown
ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.bib"
MCKAY = ROOT / "seeds" / "mckay-2013-worst-of-the-anarchists.txt"
SIGLA = {
    "Memoirs": "serge2012memoirs",
    "Danger": "serge1997revolution",
    "Papers": "cotterill1994serge",
    "Year One": "serge1992year",
    "Serge": "weissman2013victor",
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(MINI)


def found(text, lib, ctx=None):
    ctx = ctx or Context(lib, dict(SIGLA))
    return [(m.raw, to_markdown(m), m.rule) for m in parse_shorthand(text, ctx)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "For example, Serge claimed that the Left Opposition supporting workers’ democracy (Memoirs 293, 300) "
            "yet this was not the case.",
            [("(Memoirs 293, 300)", "[@serge2012memoirs, 293, 300]", "shorthand.siglum")],
            id="memoirs-two-pages",
        ),
        pytest.param(
            "most anarchists had “advocated for many years class warfare, direct action” (Danger, 96)[10] – although",
            [("(Danger, 96)", "[@serge1997revolution, 96]", "shorthand.siglum")],
            id="danger-comma-then-note-marker",
        ),
        pytest.param(
            "Civil war simply “compelled them to get on with the job faster.” (Year One, 374, 359–60)",
            [("(Year One, 374, 359–60)", "[@serge1992year, 374, 359–60]", "shorthand.siglum")],
            id="year-one-two-word-siglum",
        ),
        pytest.param(
            "in the interests of efficiency? (Serge xi, xvi-xvii) That Lenin’s policy",
            [("(Serge xi, xvi-xvii)", "[@weissman2013victor, xi, xvi-xvii]", "shorthand.siglum")],
            id="roman-numerals-and-range",
        ),
        pytest.param(
            "fails to note how well he hid it from the public reading his works. (Serge 4,13)",
            [("(Serge 4,13)", "[@weissman2013victor, 4, 13]", "shorthand.siglum")],
            id="list-without-space",
        ),
        pytest.param(
            "Serge asked who “represented the higher interests of the toilers” (quoted, Serge 45) – the party or",
            [("(quoted, Serge 45)", "[quoted in @weissman2013victor, 45]", "shorthand.quoted")],
            id="quoted-read-as-quoted-in",
        ),
        pytest.param(
            "The same observations hold true of the party, and of the relations between party and masses.” "
            "(Papers 17–18)",
            [("(Papers 17–18)", "[@cotterill1994serge, 17–18]", "shorthand.siglum")],
            id="papers-en-dash-range",
        ),
        pytest.param(
            "and it would, inevitably, produce a counter-revolutionary dictatorship. (Memoirs 150–1) Weissman suggests",
            [("(Memoirs 150–1)", "[@serge2012memoirs, 150–1]", "shorthand.siglum")],
            id="abbreviated-range",
        ),
        pytest.param(
            "regardless of Weissman’s claims, “[a]uthentic democracy” is not just “control from below.” "
            "(Serge xviii)[24] It is important",
            [("(Serge xviii)", "[@weissman2013victor, xviii]", "shorthand.siglum")],
            id="note-marker-not-in-span",
        ),
        pytest.param(
            "This downward spiral was finally arrested by the NEP (it soon gave “marvellous results” (Memoirs 172)), "
            "which unlike",
            [("(Memoirs 172)", "[@serge2012memoirs, 172]", "shorthand.siglum")],
            id="nested-in-aside",
        ),
        pytest.param(
            "“positively berserk with lies” during Kronstadt. (Memoirs, 143, 148) Nor was he not above distorting "
            "Kronstadt’s programme to defend the regime. (Papers, 18)",
            [
                ("(Memoirs, 143, 148)", "[@serge2012memoirs, 143, 148]", "shorthand.siglum"),
                ("(Papers, 18)", "[@cotterill1994serge, 18]", "shorthand.siglum"),
            ],
            id="two-in-one-paragraph",
        ),
        pytest.param(
            "“with the masses over institutions and people” (Year One 218) and (Serge 19, xvii)",
            [
                ("(Year One 218)", "[@serge1992year, 218]", "shorthand.siglum"),
                ("(Serge 19, xvii)", "[@weissman2013victor, 19, xvii]", "shorthand.siglum"),
            ],
            id="no-comma-and-mixed-numerals",
        ),
        # Not in the witness: the grammar's ";" form, as a third essay might use it.
        pytest.param(
            "a general strike (Memoirs 146, 152; quoted, Serge 20)",
            [("(Memoirs 146, 152; quoted, Serge 20)",
              "[@serge2012memoirs, 146, 152; quoted in @weissman2013victor, 20]", "shorthand.quoted")],
            id="several-works",
        ),
        pytest.param(
            "“the organisational principle” of Marxism is “to proceed from the top downward.” "
            "(Collected Works 7: 396–7)",
            [("(Collected Works 7: 396–7)", "[@lenin1961collected7, 396–7]", "shorthand.title")],
            id="library-title-with-volume",
        ),
    ],
)
def test_golden(lib, text, expected):
    assert found(text, lib) == expected


# Goldman's My Disillusionment in Russia is named once and then cited by bare pages over three paragraphs.
GOLDMAN = [
    "Compared to Serge’s Memoirs, Goldman’s My Disillusionment in Russia is by far the better work to learn "
    "lessons from the Russian Revolution. That “Serge continued to grapple with the difficult theoretical problems "
    "caused by the continuing evolution of Soviet society” (Serge 203) says far more about the theoretical "
    "limitations of Marxism than Serge. Goldman had no such trouble recognising it was “State Capitalism” (247), "
    "nor did the Russian anarchists who drew that obvious conclusion in 1918.",
    "Rather, she hoped “to find in Russia at least the beginnings of the social changes for which the Revolution "
    "had been fought.” (xlvii) Instead she found a regime which was going away from that",
    "Like Serge, Goldman admitted “the failure” of the Russian anarchists but unlike him recognised this “does by "
    "no means argue the defeat of the libertarian idea.” (252) Goldman, unlike Serge, was not an elitist",
]


def test_bare_pages_follow_the_work_named_in_running_text(lib):
    ctx = Context(lib, dict(SIGLA))
    got = [found(p, lib, ctx) for p in GOLDMAN]
    assert got == [
        [("(Serge 203)", "[@weissman2013victor, 203]", "shorthand.siglum"),
         ("(247)", "[@goldman1970my, 247]", "shorthand.bare-page")],
        [("(xlvii)", "[@goldman1970my, xlvii]", "shorthand.bare-page")],
        [("(252)", "[@goldman1970my, 252]", "shorthand.bare-page")],
    ]


def test_bare_page_after_the_window_is_reported_not_cited(lib):
    ctx = Context(lib, dict(SIGLA))
    parse_shorthand(GOLDMAN[0], ctx)
    parse_shorthand("An unrelated paragraph.", ctx)
    [match] = parse_shorthand(GOLDMAN[2], ctx)
    assert match.cites == () and "no work named" in match.problem
    assert to_markdown(match) == "(252)"


def test_bare_page_without_a_named_work_is_not_a_citation(lib):
    [match] = parse_shorthand("Goldman had no such trouble recognising it was “State Capitalism” (247)", Context(lib))
    assert not match.resolved


TRAPS = [
    pytest.param("Victor Serge (1890–1947) is experiencing something of a revival.", id="life-dates"),
    pytest.param("to defend genuine (democratic) socialism from Stalinism.", id="democratic"),
    pytest.param("Now the (updated) paperback version of Susan Weissman’s much praised biography", id="updated"),
    pytest.param("to seize state power (e.g., Lenin’s 1917 pamphlet Can the Bolsheviks Retain State Power?).[22]",
                 id="eg-aside-with-year"),
    pytest.param("A complete translation of his Memoirs of a Revolutionary (Memoirs[1]) was published in 2012",
                 id="siglum-definition"),
    pytest.param("See section H.2.2 of An Anarchist FAQ (Edinburgh/Oakland: AK Press, 2012) volume 2.",
                 id="publisher-block"),
    pytest.param("during the 1905 revolution (and rejected at the time by all Marxists) and that", id="aside"),
    pytest.param("in favour of the state-managed capitalism (in 1918 and in 1921 with the NEP)", id="aside-years"),
    pytest.param("(History Workshop: A Journal of Socialist and Feminist Historians, Issue 17, Spring 1984)",
                 id="journal-block"),
    pytest.param("The Challenge of the Left Opposition (1926–7) and (1917) and (1921–1923)", id="years-alone"),
    pytest.param("(as theoretically defended in his infamous 1920 book Terrorism and Communism)", id="aside-title"),
    pytest.param("the points are (2) and (iv) and (Issue 17)", id="enumerations"),
]


@pytest.mark.parametrize("trap", TRAPS)
def test_not_citations_even_with_a_work_in_view(lib, trap):
    ctx = Context(lib, dict(SIGLA))
    text = "Goldman’s My Disillusionment in Russia is by far the better work. " + trap
    assert found(text, lib, ctx) == []


def test_unknown_work_is_reported(lib):
    [match] = parse_shorthand("as Spinoza argued (Ethics 12)", Context(lib, dict(SIGLA)))
    assert match.cites == () and match.problem == 'unknown work "Ethics"'
    assert match.rule == "shorthand.unknown-work"


def test_whole_mckay_body(lib):
    lines = MCKAY.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[5:] if line.strip() and not re.match(r"\[\d+\] ", line)]
    ctx = Context(lib, dict(SIGLA))
    matches = [m for p in body for m in parse_shorthand(p, ctx)]
    assert len(matches) == 84
    assert [m for m in matches if not m.resolved] == []
    assert [m.raw for m in matches if m.rule == "shorthand.bare-page"] == ["(247)", "(xlvii)", "(252)"]
    assert sum(m.rule == "shorthand.quoted" for m in matches) == 4


# The third essay: two abbreviations the author never defines, then bare pages that continue the
# abbreviation last used however many paragraphs back, and a postscript's lone "(3)".
ABBREVIATED = [
    "The Left Opposition wanted workers’ democracy (Memoirs 293) and said so (300).",
    "Weissman’s Victor Serge: A Political Biography is named here in passing.",
    "A paragraph later he is still quoting it (301).",
    "Then the other book (Danger 96), and three paragraphs on:",
    "One.", "Two.",
    "the page continues it (102), as does the postscript’s (3).",
]


def test_by_default_bare_pages_follow_the_work_named_not_the_abbreviation(lib):
    ctx = Context(lib, dict(SIGLA))
    first = found(ABBREVIATED[0], lib, ctx)
    assert first[1][:2] == ("(300)", "(300)")  # no work named: reported, not cited
    assert found(ABBREVIATED[1], lib, ctx) == []
    assert found(ABBREVIATED[2], lib, ctx)[0][1] == "[@weissman2013victor, 301]"  # the work named


def test_bare_pages_may_continue_the_abbreviation_last_used(lib):
    ctx = Context(lib, dict(SIGLA), bare_page_from="abbreviation", bare_page_window=0)
    got = [found(p, lib, ctx) for p in ABBREVIATED]
    assert [m[1] for ms in got for m in ms] == [
        "[@serge2012memoirs, 293]", "[@serge2012memoirs, 300]", "[@serge2012memoirs, 301]",
        "[@serge1997revolution, 96]", "[@serge1997revolution, 102]"]  # "(3)" reads as an enumeration


def test_a_lone_single_digit_may_be_a_page(lib):
    ctx = Context(lib, dict(SIGLA), bare_page_from="abbreviation", bare_page_window=0, single_digit_pages=True)
    got = [m for p in ABBREVIATED for m in found(p, lib, ctx)]
    assert got[-1][:2] == ("(3)", "[@serge1997revolution, 3]")


def test_bare_pages_from_the_last_citation_of_any_kind_within_a_window(lib):
    ctx = Context(lib, dict(SIGLA), bare_page_from="any", bare_page_window=2)
    got = [[m[1] for m in found(p, lib, ctx)] for p in ABBREVIATED]
    assert got[0] == ["[@serge2012memoirs, 293]", "[@serge2012memoirs, 300]"]
    assert got[2] == ["[@serge2012memoirs, 301]"]  # the passing mention is not a citation
    assert got[6] == ["(102)"]  # three paragraphs after the last citation: out of the window
