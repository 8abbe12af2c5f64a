"""Print pages in every format: the words every format counts alike, places, and the page-break markers."""

from __future__ import annotations

import panflute as pf

from critedition.diagnostics import Report
from critedition.render import digital, pages

PRINT = ('<html><head><title>Book</title><style>p { x: "y z" }</style></head><body><main>\n'
         '<div id="half-title"><p>A Book</p></div>\n'
         '<div id="essay" class="essay"><section id="essay-title"><h1>The Title</h1>\n'
         '<div id="essay-p1" class="para"><p><span class="pnum">1</span>One two&nbsp;three '
         '<em>fo</em>ur<span class="fn-call"></span><span class="footnote note-body">a note</span>, five.</p></div>\n'
         '<div id="essay-p2" class="para"><p><span class="pnum">2</span>Six seven eight.</p></div>\n'
         '</section></div>\n</main></body></html>\n')
# The same text as a screen page has it: the number a link, the note a sidenote, a heading of its own.
SCREEN = ('<html><head><title>Book</title></head><body><nav><p>Contents One</p></nav><main>\n'
          '<article id="essay"><h1 id="essay-title">The Title</h1>\n'
          '<h2 class="not-in-print">Only here</h2>\n'
          '<div id="essay-p1" class="para"><p><a class="pnum" href="#essay-p1">1</a> One two&#160;three '
          '<em>fo</em>ur<a class="noteref" href="#n1">1</a><span class="sidenote note-body">1. a note</span>, five.'
          '</p></div>\n'
          '<div id="essay-p2" class="para"><p><a class="pnum" href="#essay-p2">2</a> Six seven eight.</p></div>\n'
          '</article>\n</main></body></html>\n')


def test_the_words_leave_out_numbers_notes_and_what_one_format_adds():
    for source in (PRINT, SCREEN):
        s = pages.read(source)
        words = [w.text for w in s.words]
        assert words[-9:] == ["The", "Title", "One", "two\xa0three", "four,", "five.", "Six", "seven", "eight."]
        assert s.text(s.anchors["essay-p2"][0]) == ["Six", "seven", "eight."]


def test_a_place_is_the_same_word_in_every_format():
    p, s = pages.read(PRINT), pages.read(SCREEN)
    place = p.place(p.anchors["essay-p1"][0] + 2)  # "four,"
    assert place["words"] == ["four,", "five.", "Six"]
    assert place["at"][0] == ["essay-p1", 2] and "essay" in place["in"]
    n, word = pages.locate(place, [s])
    assert s.words[word].text == "four,"


def test_a_marker_goes_before_the_tags_that_open_its_block():
    s = pages.read(SCREEN)
    word = s.words[s.anchors["essay-p2"][0]]
    assert SCREEN[word.insert_at:].lstrip().startswith('<div id="essay-p2"')  # before the paragraph and its number
    inside = pages.read(SCREEN).words[s.anchors["essay-p1"][0] + 1]  # "two": in the middle of a line
    assert SCREEN[inside.insert_at:].startswith("two")


def test_a_marker_stays_inside_a_list_item_and_an_entry_of_a_list():
    source = ('<body><ul><li>Alpha beta</li></ul><div role="list"><div id="ref-a" role="listitem">Gamma</div>'
              '</div></body>')
    s = pages.read(source)
    assert source[s.words[0].insert_at:].startswith("Alpha")
    assert source[s.words[2].insert_at:].startswith("Gamma")


def test_a_place_whose_words_differ_falls_back_on_the_start_of_an_element_the_page_begins_with():
    s = pages.read('<body><div id="title-page"><h1>Title</h1><p>Author</p></div></body>')
    assert pages.locate({"at": [["title-page", 0]], "words": ["Author", "Title"]}, [s]) == (0, 0)
    assert pages.locate({"at": [["title-page", 1]], "words": ["Nothing"]}, [s]) is None
    assert pages.locate({"at": [["elsewhere", 0]], "words": ["Title"]}, [s]) is None


def test_each_page_is_marked_where_it_begins_and_a_blank_page_where_the_next_does():
    p = pages.read(PRINT)
    pagination = {"pages": [
        {"page": 1, **p.place(p.anchors["half-title"][0])},  # a part the screen page has not
        {"page": 2},  # blank
        {"page": 3, **p.place(p.anchors["essay-p1"][0] + 3)},
        {"page": 4, **p.place(p.anchors["essay-p2"][0])}]}
    report = Report()
    (out,), where = digital.place_markers([SCREEN], SCREEN.rindex("</main>"), pagination, report, "t")
    assert report.items == []
    assert where == {1: 0, 2: 0, 3: 0, 4: 0}
    flat = out.replace("\n", "")
    assert (f"{digital.marker(1, False)}{digital.marker(2, False)}{digital.marker(3, False)}five." in flat)
    assert f'{digital.marker(4, False)}<div id="essay-p2"' in flat
    assert pages.read(out).text(0, 100) == pages.read(SCREEN).text(0, 100)  # markers add no words


def test_a_page_that_cannot_be_placed_is_reported():
    pagination = {"pages": [{"page": 7, "at": [["essay-p1", 40]], "in": ["essay"], "words": ["Not", "there"]}]}
    report = Report()
    digital.place_markers([SCREEN], SCREEN.rindex("</main>"), pagination, report, "book.html")
    assert [d.code for d in report.items] == ["TOOL-002"] and "page 7" in report.items[0].message


def test_the_epub_marker_is_an_epub_pagebreak_named_by_its_number():
    assert digital.marker(23, True) == ('<span id="page-23" class="pagebreak" role="doc-pagebreak" '
                                        'epub:type="pagebreak" aria-label="23"></span>')


def test_the_index_gives_a_page_once_per_name_and_essay():
    refs = [("1", "a"), ("1", "b"), ("1", "c"), ("2", "d"), ("2", "e")]
    assert pages.given_pages(refs, {"a": 3, "b": 3, "c": 5, "d": 3}) == [3, None, 5, 3, None]


def _index(*refs) -> pf.Doc:
    spans = [pf.Span(pf.Link(pf.Str(text), url=f"#{target}", classes=["index-ref"]), identifier=f"ix-{n}",
                     classes=["ix-ref"], attributes={"data-target": target, "data-group": "1"})
             for n, (target, text) in enumerate(refs, 1)]
    return pf.Doc(pf.Div(pf.BulletList(pf.ListItem(pf.Plain(*spans))), identifier="index", classes=["index"]))


def test_the_index_links_print_pages_to_their_markers_and_says_what_it_links():
    doc = _index(("n1", "¶ 8"), ("n2", "¶ 9"), ("n3", "n. 2"))
    digital.index_pages(doc, {"targets": {"n1": 12, "n2": 12, "n3": 14}})
    links = [e for e in doc.content[0].content[0].content[0].content[0].content if isinstance(e, pf.Span)]
    assert [(pf.stringify(s), s.content[0].url, s.content[0].attributes["aria-label"]) for s in links] == [
        ("12", "#page-12", "page 12"), ("14", "#page-14", "page 14")]
    plain = _index(("n1", "¶ 8"), ("n3", "n. 2"))
    digital.index_pages(plain, None)  # no pagination: paragraph and note numbers, said in words
    labels = [e.attributes["aria-label"] for e in plain.content[0].content[0].content[0].content[0].content
              for e in [e.content[0]]]
    assert labels == ["paragraph 8", "note 2"]


def test_paragraph_numbers_are_named_and_set_apart_by_a_space():
    para = pf.Para(pf.Link(pf.Str("12"), url="#e-p12", classes=["pnum"], title="Paragraph 12"), pf.Str("Text"))
    doc = pf.Doc(pf.Div(para, identifier="e-p12", classes=["para"]))
    digital.labelled_pnums(doc)
    link = para.content[0]
    assert link.attributes["aria-label"] == "Paragraph 12" and isinstance(para.content[1], pf.Space)
