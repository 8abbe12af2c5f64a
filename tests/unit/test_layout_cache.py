"""The PDF layout cache: placement rules are reused only where the print HTML is the same as last time."""

from __future__ import annotations

from critedition.config import ROOT
from critedition.render.pdf import cache, placement

HTML = ('<link rel="stylesheet" href="' + str(ROOT) + '/edition/css/print.css">'
        '<div id="a-p1" class="para">one</div><div id="a-p2" class="para">two</div>'
        '<div id="a-p3" class="para">three</div><span id="ix-1" class="ix-ref">')


def cache_of(tmp_path, rules, context="ctx", html=HTML):
    f = tmp_path / "book.layout.json"
    portable = cache.portable(html)
    cache.save_rules(f, html, context, [(r, portable.index(u) if isinstance(u, str) else u) for r, u in rules])
    return f


def test_common_prefix():
    assert cache._common_prefix("abcdef", "abcxyz") == 3
    assert cache._common_prefix("abc", "abc") == 3
    assert cache._common_prefix("", "abc") == 0
    assert cache._common_prefix("abc", "abcd") == 3


def test_cache_keeps_no_machine_path(tmp_path):
    f = cache_of(tmp_path, [])
    assert str(ROOT) not in f.read_text(encoding="utf-8")


def test_rules_before_the_first_change_are_kept(tmp_path):
    f = cache_of(tmp_path, [("#a-note-1 { footnote-policy: line !important; }", '<div id="a-p2"'),
                            ("#a-p3 { break-before: page !important; }", len(cache.portable(HTML)))])
    assert len(cache.cached_rules(f, HTML, "ctx")) == 2
    changed = HTML.replace("three", "three!")
    assert cache.cached_rules(f, changed, "ctx") == ["#a-note-1 { footnote-policy: line !important; }"]
    assert cache.cached_rules(f, HTML.replace("one", "one!"), "ctx") == []


def test_another_context_or_a_broken_cache_gives_nothing(tmp_path):
    f = cache_of(tmp_path, [("#a-note-1 { footnote-policy: line !important; }", '<div id="a-p2"')])
    assert cache.cached_rules(f, HTML, "other stylesheets") == []
    f.write_text("{not json", encoding="utf-8")
    assert cache.cached_rules(f, HTML, "ctx") == []
    assert cache.cached_rules(tmp_path / "missing.json", HTML, "ctx") == []
    assert cache.cached_rules(None, HTML, "ctx") == []


def test_context_covers_the_linked_stylesheets(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("p { color: black }", encoding="utf-8")
    html = f'<link rel="stylesheet" href="{css}">'
    before = cache.layout_context(html, "@page { size: 6in 9in }")
    css.write_text("p { color: red }", encoding="utf-8")
    assert cache.layout_context(html, "@page { size: 6in 9in }") != before
    assert cache.layout_context(html, "@page { size: A5 }") != cache.layout_context(html, "@page { size: 6in 9in }")


def test_one_astray_note_per_chapter_first_to_last():
    html = ('<div id="a" class="essay chapter"><span id="a-note-1"></span><span id="a-note-2"></span></div>'
            '<div id="b" class="essay chapter"><span id="b-note-1"></span></div>')
    astray = [("a-note-2", 7, 8), ("b-note-1", 20, 21), ("a-note-1", 7, 8)]
    assert placement.first_per_chapter(html, astray) == [("a-note-1", 7, 8), ("b-note-1", 20, 21)]
    assert placement.first_per_chapter(html, [("a-note-2", 5, 6), ("a-note-1", 9, 10)]) == [("a-note-2", 5, 6)]
    assert placement.first_per_chapter(html, []) == []


def test_chapters_are_found_whatever_the_attribute_order():
    html = ('<div class="essay chapter" id="a"><span id="a-note-1"></span></div>'
            '<div data-x="1" class="chapter" id="b"><span id="b-note-1"></span></div>')
    astray = [("a-note-1", 3, 4), ("b-note-1", 9, 10)]
    assert placement.first_per_chapter(html, astray) == astray
