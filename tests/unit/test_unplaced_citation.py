"""A citation whose words run into a link of the witness (a DOI after the pages) cannot be put in the text:
the words stay, the audit says it was not placed, and CITE-011 says so. No citation is dropped in silence."""

from __future__ import annotations

import panflute as pf

from critedition.cite.model import Cite, Context, Match
from critedition.doc.state import EditionState
from critedition.doc.text import SourceMap, flatten
from filters.citations import process


class _Reading:
    """A convention that reads one citation, from `start` to `end`."""

    def __init__(self, start: int, end: int, key: str):
        self.match = (start, end, key)

    def read(self, text, ctx, note, italics):
        start, end, key = self.match
        return [Match(start, end, text[start:end], (Cite(key, "145–151"),), "chicago.full")]


def paragraph() -> pf.Para:
    return pf.Para(pf.Str("Dao"), pf.Space(), pf.Str("22"), pf.Space(), pf.Str("(2023):"), pf.Space(),
                   pf.Str("145–151,"), pf.Space(), pf.Link(pf.Str("10.1007/x"), url="https://doi.org/10.1007/x"))


def run(start: int, end: int) -> tuple[pf.Para, EditionState]:
    para, st = paragraph(), EditionState(essay="e")
    process(para, SourceMap([(0, 516, 1)]), _Reading(start, end, "goldin2023problem"), Context(None), st, note="6")
    return para, st


def test_a_citation_that_runs_into_a_link_is_reported_and_its_words_kept():
    text = flatten(paragraph().content)[0]
    para, st = run(0, text.index("10.1007") + 2)
    assert not any(isinstance(e, pf.Cite) for e in para.content)
    assert flatten(para.content)[0] == text  # the words are kept
    [record] = st.audit
    assert record["cites"] == [] and record["unplaced"][0]["key"] == "goldin2023problem"
    assert record["problem"].startswith("not placed")
    assert [d.code for d in st.report.items] == ["CITE-011"]


def test_one_that_ends_before_the_link_is_placed():
    text = flatten(paragraph().content)[0]
    para, st = run(0, text.index(",") + 1)
    assert isinstance(para.content[0], pf.Cite)
    assert st.audit[0]["cites"][0]["key"] == "goldin2023problem" and not st.report.items


def test_a_citation_of_no_words_after_a_title_is_set_off_by_a_space():
    """"in *Unser Wort*" (Biehl, n. 27): the title's words stay, the citation comes after them, not glued."""
    para = pf.Para(pf.Str("in"), pf.Space(), pf.Emph(pf.Str("Unser"), pf.Space(), pf.Str("Wort")), pf.Str("."))
    at = len("in Unser Wort")
    st = EditionState(essay="e")
    process(para, SourceMap([(0, 286, 1)]), _Reading(at, at, "unserwort"), Context(None), st, note="27")
    kinds = [type(e).__name__ for e in para.content]
    assert kinds == ["Str", "Space", "Emph", "Space", "Cite", "Str"], kinds
