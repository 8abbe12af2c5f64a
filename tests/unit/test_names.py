"""Index of names: declared persons are found in the essays, whole words only, and indexed by place."""

from __future__ import annotations

import collections

import panflute as pf
import pytest

from critedition import config
from critedition.book import matter
from critedition.cli.common import library
from critedition.diagnostics import Report
from critedition.doc.state import EditionState
from critedition.essay.pipeline import build_essay, persons_of
from filters import names


@pytest.fixture(scope="module")
def essays():
    ed = config.load()
    report = Report()
    lib = library(ed, report)
    out = {e: build_essay(ed, e, report, lib).doc for e in ("mckay", "price")}
    assert not report.errors, report.format()
    return out


def counts(doc) -> collections.Counter:
    c = collections.Counter()
    doc.walk(lambda e, d: c.update([e.attributes["name"]]) if isinstance(e, pf.Span) and "name" in e.classes else None)
    return c


@pytest.mark.parametrize("essay, name, expected", [
    ("mckay", "Trotsky, Leon", 18), ("mckay", "Goldman, Emma", 6), ("mckay", "Kropotkin, Peter", 10),
    ("mckay", "Zinoviev, Grigory", 4), ("price", "Trotsky, Leon", 17), ("price", "Macdonald, Dwight", 4),
    # McKay: 112, with the name in the title that note 6 names in passing ("The Unhappy Elitist: Victor Serge’s ...").
    ("price", "Serge, Victor", 40), ("mckay", "Serge, Victor", 112),
])
def test_golden_counts(essays, essay, name, expected):
    assert counts(essays[essay])[name] == expected


@pytest.mark.parametrize("text, found", [
    pytest.param("Trotsky’s Left Opposition", ["Trotsky"], id="possessive"),
    pytest.param("Trotskyist and Trotskyism and Trotsky-Fascists", [], id="not-inside-words"),
    pytest.param("Leon Trotsky wrote", ["Leon Trotsky"], id="longest-variant"),
    pytest.param("Dwight and Nancy Macdonald", ["Dwight", "Nancy Macdonald"], id="two-persons"),
])
def test_find_names(text, found):
    persons = persons_of(config.load())
    pattern, canon = names.compile_names(persons)
    assert [text[o.start:o.end] for o in names.find_names(text, pattern, canon)] == found


def test_index_links_each_place_once(essays):
    div = next(b for b in essays["mckay"].content if isinstance(b, pf.Div) and "essay" in b.classes)
    index = matter.index_of_names([div])
    names = next(b for b in index.content if isinstance(b, pf.BulletList))  # a list, one item per name
    entry = next(i for i in names.content if pf.stringify(i).startswith("Bakunin"))
    assert pf.stringify(entry).strip() == "Bakunin, Michael: mckay ¶ 8, ¶ 9, ¶ 10, ¶ 20"


def test_abbreviations_come_from_the_sigla(essays):
    sigla = essays["mckay"].get_metadata("sigla")
    assert sigla == {"Memoirs": "serge2012memoirs", "Danger": "serge1997revolution",
                     "Papers": "cotterill1994sergetrotsky", "Year One": "serge1992year", "Serge": "weissman2013victor"}
    div = matter.abbreviations(sigla)
    links = []
    div.walk(lambda e, d: links.append(e.url) if isinstance(e, pf.Link) else None)
    assert sorted(links) == sorted(f"#ref-{k}" for k in sigla.values())


def test_cross_reference_to_a_missing_paragraph_is_an_error(essays):
    doc = pf.Doc(pf.Para(pf.Cite(pf.Str("x"), citations=[pf.Citation("price", suffix=[pf.Str("¶"), pf.Space(), pf.Str("99")])])))
    report = Report()
    div = next(b for b in essays["price"].content if isinstance(b, pf.Div) and "essay" in b.classes)
    matter.cross_references(doc, {"price": "Price"}, matter.ids_of([div]), report, "intro.md")
    assert [d.code for d in report.items] == ["CITE-006"]
    ok = pf.Doc(pf.Para(pf.Cite(pf.Str("x"), citations=[pf.Citation("price", prefix=[pf.Str("see")],
                                                                     suffix=[pf.Str("¶"), pf.Space(), pf.Str("7")])])))
    out = matter.cross_references(ok, {"price": "Price"}, matter.ids_of([div]), Report(), "intro.md")
    assert pf.stringify(out).strip() == "see Price ¶ 7"


def test_check_suggests_candidates_that_occur_in_a_witness():
    from critedition.cli.check import names_hook

    report = Report()
    names_hook(config.load(), None, report, {})
    found = {(d.message.split("'")[1], d.file, d.line, d.col) for d in report.items if d.code == "CFG-019"}
    assert ("Durruti", "seeds/price-2007-what-can-anarchists-learn.txt", 136, 30) in found
    indexed = {v for p in persons_of(config.load()) for v in p.get("variants") or []}
    assert not {f[0] for f in found} & indexed
    assert all(d.level.name == "SUGGESTION" for d in report.items)


def test_check_does_not_suggest_a_name_inside_a_citation():
    from critedition.cli.check import names_hook

    audits = {"price": EditionState(audit=[{"raw": "(see Durruti\n1936)", "line": 136, "col": 26}])}
    report = Report()
    names_hook(config.load(), None, report, audits)
    assert not any("Durruti" in d.message for d in report.items)
