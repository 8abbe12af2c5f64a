"""Properties of every recogniser: any text is safe, results are sorted, disjoint and in bounds, and
the cost is linear (a megabyte of citation-like noise is read in a few seconds)."""

import random
import string
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from critedition.bib.library import Library
from critedition.cite.conventions.authoryear import parse_author_year
from critedition.cite.conventions.references import parse_note_refs
from critedition.cite.conventions.sigla import detect_sigla, parse_shorthand
from critedition.cite.model import Context, to_markdown
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.bib"
LIB = Library.load(MINI)
SIGLA = {"Memoirs": "serge2012memoirs", "Serge": "weissman2013victor", "Year One": "serge1992year"}
RECOGNISERS = [
    pytest.param(parse_shorthand, id="shorthand"),
    pytest.param(parse_note_refs, id="notes"),
    pytest.param(parse_author_year, id="authoryear"),
]
# Pieces of the grammars, so that generated texts come close to citations as well as far from them.
PIECES = [
    "(", ")", "[", "]", ";", ",", ":", " ", "\n", "\n\n", "“", "”", "’s", "–", "-", "p.", "pp.", "12", "xvi",
    "1890", "1997", "42: 170", "[1]", "Memoirs", "Serge", "Year One", "quoted", "in", "Wald", "Alan",
    "Sedgewick", "Property is Theft!", "See section H.2 of", "An Anarchist FAQ", "volume 2", "Collected Works",
    "Aves", "Lenin & Trotsky", "(Ed.)", "Victor Serge", "My Disillusionment in Russia", "Kronstadt",
    "Exchange of Views on Kronstadt", "(London: Verso, 2013)",
]
TEXTS = st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=300))


def check(text, matches):
    last = 0
    for m in matches:
        assert 0 <= last <= m.start < m.end <= len(text)
        assert m.raw == text[m.start : m.end]
        assert m.mode in ("normal", "author-in-text", "suppress-author")
        assert m.resolved or m.problem or not m.cites
        to_markdown(m)
        last = m.end


@pytest.mark.parametrize("recognise", RECOGNISERS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_gives_sorted_disjoint_matches(recognise, text):
    check(text, recognise(text, Context(LIB, dict(SIGLA))))


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_sigla_detection_never_raises(text):
    sigla = detect_sigla(text, {1: text, 2: "Victor Serge, Memoirs of a Revolutionary (New York: NYRB, 2012)."}, LIB)
    assert all(key in LIB for key in sigla.values())


def noise(size: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    words = PIECES + ["".join(rnd.choice(string.ascii_letters) for _ in range(rnd.randint(1, 9))) for _ in range(300)]
    out, n = [], 0
    while n < size:
        w = rnd.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


@pytest.mark.parametrize("recognise", RECOGNISERS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(noise(1_000_000), id="1MB-noise"),
        pytest.param("(" * 200_000 + "(1, " * 50_000, id="open-parentheses"),
        pytest.param("Aaaaa Bbbbb, " * 60_000, id="capitalised-names"),
        pytest.param("“" * 100_000 + " Memoirs of a Revolutionary, 12", id="quotes-before-title"),
    ],
)
def test_linear_time(recognise, text):
    started = time.perf_counter()
    check(text, recognise(text, Context(LIB, dict(SIGLA))))
    assert time.perf_counter() - started < 8
