"""Wrapping text ranges of inlines keeps the text and any marked-up element inside intact."""

from __future__ import annotations

import panflute as pf

from filters.text import flatten, wrap


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
