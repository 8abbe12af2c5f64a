"""Wrapping text ranges of inlines keeps the text and any marked-up element inside intact."""

from __future__ import annotations

import panflute as pf

from critedition.doc.text import flatten, wrap


def test_wrap_splits_words_and_keeps_spans():
    em = pf.Span(pf.Str("Weissman"), classes=["emendation"])
    inl = [pf.Str("As"), pf.Space(), em, pf.Str("’s"), pf.Space(), pf.Str("Trotsky’s.")]
    out, done = wrap(inl, [(3, 13), (14, 21)], lambda els, k: pf.Span(*els, classes=["name"]))
    assert done == [0, 1]
    assert flatten(out)[0] == flatten(inl)[0]
    names = [e for e in out if isinstance(e, pf.Span) and "name" in e.classes]
    assert [pf.stringify(n) for n in names] == ["Weissman’s", "Trotsky"]
    assert names[0].content[0] is em


def test_range_cutting_a_span_is_skipped():
    inl = [pf.Span(pf.Str("abc"), classes=["emendation"]), pf.Str("def")]
    out, done = wrap(inl, [(1, 4)], lambda els, k: pf.Span(*els))
    assert done == [] and flatten(out)[0] == "abcdef"


def test_descendants_visits_what_walk_visits_in_the_same_order():
    from critedition.doc.text import descendants

    doc = pf.Doc(pf.Div(pf.Para(pf.Str("a"), pf.Note(pf.Para(pf.Emph(pf.Str("n"))))), classes=["para"]),
                 pf.BulletList(pf.ListItem(pf.Plain(pf.Str("b")))),
                 pf.DefinitionList(pf.DefinitionItem([pf.Str("t")], [pf.Definition(pf.Plain(pf.Str("d")))])),
                 metadata={"x": pf.MetaInlines(pf.Str("m"))})
    def seen(e):  # walk may re-create a container it assigns back (the metadata's MetaMap): compare by content
        return type(e).__name__, pf.stringify(e)

    walked: list = []
    doc.walk(lambda e, d: walked.append(seen(e)))
    assert [seen(e) for e in descendants(doc)] == walked
