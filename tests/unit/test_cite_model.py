"""The citation model: Pandoc Markdown for each mode, and the reading state carried across paragraphs."""

from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.model import Cite, Context, Match, to_markdown

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.bib"


def _match(*cites, mode="normal", problem=None, raw="(raw)"):
    return Match(0, len(raw), raw, tuple(cites), "test", mode, problem)


@pytest.mark.parametrize(
    "match, markdown",
    [
        pytest.param(_match(Cite("k", "293, 300")), "[@k, 293, 300]", id="pages"),
        pytest.param(_match(Cite("k", "xvi-xvii")), "[@k, xvi-xvii]", id="roman-range-kept"),
        pytest.param(_match(Cite("k")), "[@k]", id="no-locator"),
        pytest.param(_match(Cite("k", "45", prefix="quoted in")), "[quoted in @k, 45]", id="prefix"),
        pytest.param(_match(Cite("a", "1"), Cite("b", "2")), "[@a, 1; @b, 2]", id="two-works"),
        pytest.param(_match(Cite("k", "H.2.2", "section", "see")), "[see @k, sec. H.2.2]", id="section"),
        pytest.param(_match(Cite("k", "42, p. 170", "volume")), "[@k, vol. 42, p. 170]", id="volume"),
        pytest.param(_match(Cite("k", "51"), mode="suppress-author"), "[-@k, 51]", id="suppress-author"),
        pytest.param(_match(Cite("k"), mode="author-in-text"), "@k", id="author-in-text"),
        pytest.param(_match(Cite("k", "63"), mode="author-in-text"), "@k [63]", id="author-in-text-locator"),
        pytest.param(_match(problem="unknown work", raw="(Ethics 12)"), "(Ethics 12)", id="unresolved-unchanged"),
    ],
)
def test_to_markdown(match, markdown):
    assert to_markdown(match) == markdown


def test_a_mention_does_not_displace_a_work_cited_in_the_same_paragraph():
    ctx = Context(Library.load(MINI))
    ctx.next_paragraph()
    ctx.set_work("cited", cited=True)
    ctx.set_work("mentioned", cited=False)
    assert ctx.work_in_scope() == "cited"
    ctx.next_paragraph()
    ctx.set_work("mentioned", cited=False)
    assert ctx.work_in_scope() == "mentioned"


def test_work_in_scope_expires_after_the_window():
    ctx = Context(Library.load(MINI))
    ctx.next_paragraph()
    ctx.set_work("k", cited=False)
    ctx.next_paragraph()
    assert ctx.work_in_scope() == "k"
    ctx.next_paragraph()
    assert ctx.work_in_scope() is None
