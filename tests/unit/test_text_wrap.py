"""Wrapping text ranges of inlines keeps the text and any marked-up element inside intact."""

from __future__ import annotations

import panflute as pf

from critedition.doc.text import flatten, replace, wrap


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


def test_a_replaced_range_keeps_the_note_called_inside_it():
    # a citation read across a note's call ("Memoirs,[3] 23"): the text becomes the citation, the note stays
    call, note = pf.Span(identifier="n3-call", classes=["note-call"]), pf.Note(pf.Para(pf.Str("A note.")))
    inl = [pf.Str("See"), pf.Space(), pf.Str("Memoirs,"), call, note, pf.Space(), pf.Str("23.")]
    out, applied = replace(inl, [(4, 15, lambda text: [pf.Cite(pf.Str(text), citations=[pf.Citation("serge")])])])
    assert [type(e).__name__ for e in out] == ["Str", "Space", "Cite", "Span", "Note", "Str"]
    assert out[3] is call and out[4] is note and out[5].text == "."
    assert applied == [(4, 15, 0)]  # a citation has no text of its own


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
