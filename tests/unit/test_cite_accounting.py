"""Every note accounted for: cites, discursive (with why), or unrecognised (with what looks like a reference)."""

from __future__ import annotations

import pytest

from critedition.bib import lint
from critedition.bib.library import Library
from critedition.config.schema import Citations
from critedition.cite import accounting, conventions
from critedition.diagnostics import Report

BIB = """
@book{carr1937michael, author = {Carr, E. H.}, title = {Michael Bakunin}, location = {London},
  publisher = {Macmillan}, date = {1937}}
@book{bose1967history, author = {Bose, Atindranath}, title = {A History of Anarchism}, location = {Calcutta},
  publisher = {The World Press}, date = {1967}}
@misc{bookchin1995murray, author = {Bookchin, Murray}, title = {Murray Bookchin Video Biography},
  shorthand = {MBVB}, date = {1995}}
"""
LIB = Library.from_string(BIB)


def note(text: str, names=("chicago",)) -> tuple[str, str, list]:
    cfg = Citations.model_validate({"conventions": list(names)})
    matches = conventions.reading(cfg).read(text, conventions.context(cfg, LIB, {}), "1")
    return accounting.classify_note([(text, matches)], LIB)


def test_a_note_that_cites_says_how_many():
    assert note("E. H. Carr, Michael Bakunin (London: Macmillan, 1937), 5.")[:2] == ("cites", "1 citation read")


def test_a_discursive_note_says_why():
    kind, why, found = note("Bayonne foundries in 1939–43 included the Bergen Point Iron Works. I don’t know which.")
    assert kind == "discursive" and found == []
    assert "no title or abbreviation of the bibliography, no year in parentheses, no page locator, no Ibid." in why


@pytest.mark.parametrize("text, what, words", [
    pytest.param("See his A History of Anarchism on this.", "a title of a bibliography entry",
                 "A History of Anarchism", id="title"),
    pytest.param("Harold Brown, Anarchism Today (London: Pluto, 1972).", "a year in parentheses",
                 "(London: Pluto, 1972)", id="year-in-parentheses"),
    pytest.param("Dolgoff, Bakunin on Anarchy, 232.", "a page locator", "232", id="page"),
    pytest.param("As Bose says, ibid.", "Ibid.", "ibid", id="ibid-with-no-work-before"),
])
def test_an_unrecognised_note_says_what_looks_like_a_reference(text, what, words):
    kind, why, found = note(text, ("sigla",))
    assert kind == "unrecognised"
    assert any(e.what == what and e.text == words for _, e in found), found


def test_an_abbreviation_of_the_bibliography_is_a_mention():
    [found] = accounting.mentions("As MBVB shows, he left.", LIB)
    assert (found.key, found.text, found.what) == ("bookchin1995murray", "MBVB", "an abbreviation of a bibliography entry")


def test_a_work_never_cited_but_named_is_reported_where_it_is_named(tmp_path):
    path = tmp_path / "b.bib"
    path.write_text(BIB, encoding="utf-8")
    report = Report()
    bib = lint.read(path, report, "b.bib")
    named = {"bose1967history": ("gamberg", "w.md", 12, 5, "A History of Anarchism")}
    lint.usage(bib, {"bookchin1995murray": ("w.md", 1, 1)}, report, named=named)
    found = {d.code: d for d in report.items}
    assert (found["CITE-008"].file, found["CITE-008"].line, found["CITE-008"].col) == ("w.md", 12, 5)
    assert "gamberg names it here ('A History of Anarchism')" in found["CITE-008"].message
    assert found["CITE-004"].message == "bibliography entry 'carr1937michael' is never cited, and no essay names it"
