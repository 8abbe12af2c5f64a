"""Both witnesses resolved against the edition's own bibliography.bib (skipped until it exists)."""

import re
from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.conventions.authoryear import parse_author_year
from critedition.cite.conventions.references import parse_note_refs
from critedition.cite.conventions.sigla import detect_sigla, parse_shorthand
from critedition.cite.model import Context, to_markdown

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "bibliography.bib"
MCKAY = ROOT / "seeds" / "mckay-2013-worst-of-the-anarchists.txt"
PRICE = ROOT / "seeds" / "price-2007-what-can-anarchists-learn.txt"

pytestmark = pytest.mark.skipif(not BIB.exists(), reason="bibliography.bib not written yet")

AFAQ = "mckay2012anarchist"
# note -> keys cited, in order (every one of McKay's 46 notes).
NOTE_KEYS = {
    1: ["serge2012memoirs"], 2: ["serge1997revolution"], 3: ["cotterill1994sergetrotsky"], 4: ["serge1992year"],
    5: ["weissman2013victor"], 6: ["sedgwick1984unhappy", "sedgwick1984unhappy"], 7: ["serge2012memoirs"],
    8: ["weissman2013victor"], 9: ["cahm1989kropotkin"], 10: [AFAQ], 11: ["proudhon2011property"],
    12: ["bakunin1980bakunin"], 13: ["avrich2005russian"], 14: ["proudhon2011property"], 15: ["lenincollected"],
    16: [AFAQ], 17: ["proudhon2011property"], 18: [AFAQ], 19: ["serge1992year"], 20: [AFAQ],
    21: ["aves1996workers"], 22: [AFAQ], 23: ["proudhon2011property"], 24: ["lenin1964collected", AFAQ],
    25: ["proudhon2011property"], 26: ["aves1996workers"], 27: ["riddell1991workers"], 28: ["serge2012memoirs"],
    29: [AFAQ], 30: [AFAQ], 31: ["schapiro1965origin"], 32: ["malle1985economic"], 33: ["kropotkin1985conquest"],
    34: ["brinton2004bolsheviks"], 35: ["ollman1978marxs"], 36: ["proudhon2011property", "proudhon2011property"],
    37: ["marx1978manifesto"], 38: ["aves1996workers"], 39: ["guerin1970anarchism", "weissman2013victor"],
    40: ["trotsky1980challenge"], 41: ["sakwa1987soviet"], 42: ["trotsky1978writings", "weissman2013victor"],
    43: ["trotsky1973moralists"], 44: ["trotsky1972leon"], 45: ["lenin1986exchange"], 46: [AFAQ],
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(BIB)


@pytest.fixture(scope="module")
def mckay() -> tuple[list[str], dict[int, str]]:
    body, notes = [], {}
    for line in MCKAY.read_text(encoding="utf-8").splitlines()[5:]:
        m = re.match(r"\[(\d+)\] (.*)", line)
        if m:
            notes[int(m.group(1))] = m.group(2)
        elif line.strip():
            body.append(line)
    return body, notes


@pytest.fixture(scope="module")
def sigla(lib, mckay) -> dict[str, str]:
    body, notes = mckay
    return detect_sigla("\n\n".join(body), notes, lib)


def test_bibliography_parses_cleanly(lib):
    assert lib.failed_blocks == []
    lines = BIB.read_text(encoding="utf-8").splitlines()
    assert all(lines[e.line - 1].lstrip().startswith("@") and e.key in lines[e.line - 1] for e in lib.entries.values())


def test_mckay_sigla(sigla):
    assert sigla == {
        "Memoirs": "serge2012memoirs",
        "Danger": "serge1997revolution",
        "Papers": "cotterill1994sergetrotsky",
        "Year One": "serge1992year",
        "Serge": "weissman2013victor",
    }


def test_mckay_body(lib, mckay, sigla):
    ctx = Context(lib, sigla)
    matches = [m for p in mckay[0] for m in parse_shorthand(p, ctx)]
    assert len(matches) == 84 and all(m.resolved for m in matches)
    assert [to_markdown(m) for m in matches if m.rule == "shorthand.bare-page"] == [
        "[@goldman1970my, 247]", "[@goldman1970my, xlvii]", "[@goldman1970my, 252]"
    ]


@pytest.mark.parametrize("number", [pytest.param(n, id=f"note-{n}") for n in sorted(NOTE_KEYS)])
def test_mckay_note(lib, mckay, sigla, number):
    matches = parse_note_refs(mckay[1][number], Context(lib, sigla))
    assert all(m.resolved for m in matches)
    assert [c.key for m in matches for c in m.cites] == NOTE_KEYS[number]


@pytest.mark.parametrize(
    "number, markdown",
    [
        pytest.param(6, ["[@sedgwick1984unhappy]", "[@sedgwick1984unhappy, 151]"], id="journal-in-parenthesis"),
        pytest.param(15, ["[@lenincollected, 170]"], id="collected-works-volume-entry"),
        pytest.param(27, ["[@riddell1991workers, 152]"], id="short-title-and-volume"),
        pytest.param(45, ["[@lenin1986exchange, 140–1]"], id="chapter-in-booktitle"),
    ],
)
def test_mckay_note_markdown(lib, mckay, sigla, number, markdown):
    assert [to_markdown(m) for m in parse_note_refs(mckay[1][number], Context(lib, sigla))] == markdown


def test_price(lib):
    text = PRICE.read_text(encoding="utf-8")
    paragraphs = [" ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", p).split()) for p in re.split(r"\n\s*\n", text)]
    ctx = Context(lib)
    matches = [m for p in paragraphs if p for m in parse_author_year(p, ctx)]
    assert [to_markdown(m) for m in matches] == [
        "[@wald1987new]",
        "Sontag (2001)",  # no Sontag 2001 in the bibliography: reported
        "(p. 63)",  # its page: reported
        "@wald1992victor",  # the chapter, not the book it is in (same author and year)
        "[-@wald1992victor, 51]",
        "@sontag2007unextinguished",
        "[-@sedgwick1997, 183]",  # "Sedgewick"
        "[@weissman1997]",
        "[@spencer1997]",
        "[@sreenan1998]",
        "[@weissman2001victor]",
        "[-@wald1992victor, 47]",
        "[@weissman2001victor]",
        "[@desolre1997, 197]",
        "[quoted in @weissman2001victor, 7]",
        "[@serge1979, 137]",  # Serge's part of Lenin & Trotsky's Kronstadt
        "[@serge1979, 138-9]",
        "[quoted in @weissman2001victor, 46]",
    ]
    assert [m.problem for m in matches if m.problem] == [
        "no bibliography entry for Sontag 2001 (Sontag has: 2007)",
        "page of the unresolved narrative citation Sontag 2001",
    ]
