"""critedition.doc.text.transform gives what panflute's walk gives, for the kinds of action the toolchain uses."""

import io
import json

import panflute as pf
import pytest

from critedition import config
from critedition.bib.annotations import library_of
from critedition.book.cited import _safe_links
from critedition.essay import pipeline
from critedition.book.assemble import _strip_internal
from critedition.diagnostics import Report
from critedition.render.pdf.prepare import _plain_pnum
from critedition.render.web import _witness
from filters import paragraph_numbers
from critedition.doc.text import descendants, transform


@pytest.fixture(scope="module")
def essays():
    edition = config.load()
    lib = library_of(edition)
    return {e: pipeline.build_essay(edition, e, Report(), lib).doc for e in ("mckay", "price")}


def copy(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def split_serge(elem, doc):  # one element becomes two
    if isinstance(elem, pf.Str) and elem.text.startswith("Serge"):
        return [pf.Str("Ser"), pf.Str(elem.text[3:])]


def drop_emphasis_spaces(elem, doc):  # elements go
    if isinstance(elem, pf.Space) and isinstance(elem.parent, pf.Emph):
        return []


def numbered_to_header(elem, doc):  # a block replaced by another kind
    if isinstance(elem, pf.Div) and "para" in elem.classes and elem.attributes.get("n") == "3":
        return pf.Header(pf.Str("three"), level=2)


def count_links(elem, doc):  # looks at its parent chain, changes nothing
    if isinstance(elem, pf.Link):
        doc.seen = getattr(doc, "seen", 0) + (elem.ancestor(2) is not None)


ACTIONS = {f.__name__: f for f in (pipeline._plain, paragraph_numbers.action, _safe_links, _strip_internal,
                                   _plain_pnum, _witness, split_serge, drop_emphasis_spaces, numbered_to_header,
                                   count_links)}


@pytest.mark.parametrize("essay", ["mckay", "price"])
@pytest.mark.parametrize("action", ACTIONS.values(), ids=ACTIONS.keys())
def test_transform_is_walk(essays, essay, action):
    walked, transformed = copy(essays[essay]), copy(essays[essay])
    walked = walked.walk(action) or walked
    transformed = transform(transformed, action)
    assert json.dumps(transformed.to_json()) == json.dumps(walked.to_json())
    assert getattr(transformed, "seen", None) == getattr(walked, "seen", None)


def test_an_action_that_replaces_the_root_returns_its_result():
    doc = pf.Doc(pf.Para(pf.Str("a")))
    assert transform(doc, lambda e, d: pf.Doc() if isinstance(e, pf.Doc) else None).content == pf.Doc().content


def notes_everywhere() -> pf.Doc:
    """Notes where pandoc allows them: a paragraph, inside another note, a citation's prefix, a term."""
    cite = pf.Cite(pf.Str("[see"), pf.Str("x]"),
                   citations=[pf.Citation("key", prefix=[pf.Str("see"), pf.Note(pf.Para(pf.Str("in a prefix")))])])
    term = pf.DefinitionItem([pf.Str("Term"), pf.Note(pf.Para(pf.Str("in a term")))],
                             [pf.Definition(pf.Para(pf.Str("Def")))])
    nested = pf.Note(pf.Para(pf.Str("outer"), pf.Note(pf.Para(pf.Str("inner")))))
    return pf.Doc(pf.Para(pf.Str("a"), nested), pf.Para(cite), pf.DefinitionList(term),
                  metadata={"keep": pf.MetaString("k"), "drop": pf.MetaString("d")})


@pytest.mark.parametrize("filter_name", ["print_notes", "sidenotes", "epub_notes"])
def test_notes_are_replaced_wherever_they_sit_inner_first(filter_name):
    import importlib

    from critedition.doc import note_series

    run = importlib.import_module(f"filters.{filter_name}").run
    ours = run(notes_everywhere())
    assert not any(isinstance(e, pf.Note) for e in descendants(ours))  # none left, nested or in a prefix

    # the same as a walk would give, with the same numbering
    def walked(doc, infos, make):
        by_id = {id(i.note): i for i in infos}
        return doc.walk(lambda e, d: make(by_id[id(e)]) if isinstance(e, pf.Note) and id(e) in by_id else None)

    original = note_series.replace_notes
    note_series.replace_notes = walked
    try:
        reference = run(notes_everywhere())
    finally:
        note_series.replace_notes = original
    assert json.dumps(ours.to_json()) == json.dumps(reference.to_json())


def test_dropping_a_metadata_value_drops_its_key_as_a_walk_does():
    def drop(elem, doc):
        if isinstance(elem, pf.MetaString) and elem.text == "d":
            return []

    walked = notes_everywhere()
    walked = walked.walk(drop) or walked
    assert json.dumps(transform(notes_everywhere(), drop).to_json()) == json.dumps(walked.to_json())
