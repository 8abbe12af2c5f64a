"""Markdown witnesses: front matter, positions, footnotes as notes, declared drops, typographic normalisation."""

from __future__ import annotations

import re
from pathlib import Path

import panflute as pf
import pytest

from critedition.config import Essay, Located
from critedition.diagnostics import EditionError, Report
from critedition.doc.state import EditionState
from critedition.essay import apparatus
from critedition.witness import ingest, to_panflute
from critedition.witness.locate import Cursor, tolerant
from filters import notes

ESSAY = """---
title: "A Test Essay"
subtitle: 'With a "Subtitle"'
authors:
- Anne Writer
- Bob Other
date: 2020-05-01
---

The first paragraph cites *Mutual Aid* and calls a note.[^1] It goes on -- with "quotes" and ... dots.

## A Section

> A quotation, with a note.[^2]

- one item
- two *items*

Last paragraph with a [link](https://example.org/page), `code` and an escaped \\*star\\*.

[^1]: Peter Kropotkin, *Mutual Aid* (London: Heinemann, 1902), 12.

[^2]: The second note.
"""


def essay_of(path: Path, profile: str = "markdown", **cfg) -> Essay:
    data = Located({"id": "t", "witness": str(path), "profile": profile, **cfg})
    data.lines = {k: 1 for k in data}
    for k, v in cfg.items():
        if isinstance(v, list):
            for i, item in enumerate(v):
                if isinstance(item, dict):
                    v[i] = Located(item)
                    v[i].lines = {"": 20 + i}
    return Essay("t", data, "edition/essays/t.yaml")


def read(tmp_path: Path, text: str, profile: str = "markdown", name: str = "t.md", **cfg):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = Report()
    return ingest(essay_of(path, profile, **cfg), report), report


def codes(report: Report) -> list[str]:
    return [f"{d.code} {d.line}:{d.col}" for d in report.sorted()]


def notes_of(draft) -> pf.Doc:
    """The essay's Doc after the notes filter, as the pipeline makes it."""
    doc = to_panflute(draft)
    doc.edition = EditionState(essay=draft.id, witness=draft.file, report=draft.report)
    return notes.run(doc)


def test_front_matter_is_the_essays_metadata_not_its_text(tmp_path):
    draft, report = read(tmp_path, ESSAY)
    assert not report.items, codes(report)
    assert draft.meta["title"] == "A Test Essay"
    assert draft.meta["subtitle"] == 'With a "Subtitle"'
    assert draft.meta["author"] == "Anne Writer and Bob Other"
    assert draft.meta["date"] == "2020-05-01"
    assert all("title:" not in b.text for b in draft.blocks)


def test_structure_is_kept_headings_quotations_lists_notes(tmp_path):
    draft, _ = read(tmp_path, ESSAY)
    kinds = [(b.kind, b.number or b.n) for b in draft.blocks]
    assert kinds == [("para", 1), ("heading", 0), ("quote", 2), ("item", 3), ("item", 4), ("para", 5),
                     ("note", 1), ("note", 2)]
    emph = [s.text for b in draft.blocks for s in b.segs if "emph" in s.marks]
    assert emph == ["Mutual Aid", "items", "Mutual Aid"]
    assert any(m.startswith("link https://example.org/page") for b in draft.blocks for s in b.segs for m in s.marks)


def test_every_word_keeps_its_file_line_and_column(tmp_path):
    draft, _ = read(tmp_path, ESSAY)
    lines = ESSAY.split("\n")
    for b in draft.blocks:
        for s in b.segs:
            if s.kind == "witness" and s.text.strip() and "star" not in s.text:
                assert lines[s.line - 1][s.col - 1:].startswith(s.text), (s, lines[s.line - 1])
    first = draft.blocks[0].segs[0]
    assert (first.line, first.col) == (10, 1)
    call = next(s for s in draft.blocks[0].segs if s.kind == "call")
    assert (call.line, call.col, call.witness, call.note) == (10, 57, "[^1]", 1)
    note = draft.blocks[-2].segs[0]
    assert (note.line, note.col, note.text) == (21, 7, "Peter Kropotkin, ")


def test_emphasis_across_a_line_end_stays_one_emphasis(tmp_path):
    draft, _ = read(tmp_path, "He wrote _\"whoever mentions\ncombined action\"_ and more.\n")
    found = []
    to_panflute(draft).walk(lambda e, d: found.append(pf.stringify(e)) if isinstance(e, pf.Emph) else None)
    assert found == ['"whoever mentions combined action"']


def test_footnotes_become_pandoc_notes_with_their_markup(tmp_path):
    draft, report = read(tmp_path, ESSAY)
    doc = notes_of(draft)
    found = []
    doc.walk(lambda e, d: found.append(e) if isinstance(e, pf.Note) else None)
    assert len(found) == 2 and not report.items, codes(report)
    assert pf.stringify(found[0]).startswith("Peter Kropotkin, Mutual Aid")
    assert any(isinstance(e, pf.Emph) for e in found[0].content[0].content[0].content)
    calls = []
    doc.walk(lambda e, d: calls.append(e.identifier) if isinstance(e, pf.Span) and "note-call" in e.classes else None)
    assert calls == ["t-note-1-call", "t-note-2-call"]


@pytest.mark.parametrize("text, expected", [
    ("A.[^1] B.[^2]\n\n[^1]: one\n\n[^2]: two\n\n[^1]: again\n", ["NOTE-003 7:1"]),
    ("A.[^1]\n\n[^1]: one\n\n[^2]: never called\n", ["NOTE-002 5:1"]),
    ("A.[^1] and B.[^x]\n\n[^1]: one\n", ["NOTE-001 1:14"]),
    ("A.[^1] and B.[^1]\n\n[^1]: one\n", ["NOTE-004 1:14"]),
], ids=["defined-twice", "never-called", "no-definition", "called-twice"])
def test_footnote_problems_are_diagnostics_at_their_position(tmp_path, text, expected):
    _, report = read(tmp_path, text)
    assert codes(report) == expected
    assert all(d.file.endswith("t.md") for d in report.items)


def test_an_unclosed_front_matter_and_bad_yaml_stop_the_ingest(tmp_path):
    draft, report = read(tmp_path, "---\ntitle: A\n\nText.\n")
    assert draft.stop and codes(report) == ["WIT-007 1:1"]
    draft, report = read(tmp_path, "---\ntitle: [unclosed\n---\n\nText.\n")
    assert draft.stop and [d.code for d in report.items] == ["WIT-008"] and report.items[0].line >= 2


SHORTCODES = """Text before.

{{% figure src="/img/a.png" caption="A picture" %}}

Text after {{< ref "other" >}} and [a page](other.md) and ![an image](b.png).
"""


def test_markup_is_dropped_only_as_declared_and_listed_in_the_apparatus(tmp_path):
    drop = [{"shortcode": "figure", "reason": "the site's pictures"}, {"shortcode": "ref", "reason": "site links"},
            {"link": "relative", "reason": "another page"}, {"image": "all", "reason": "not carried"}]
    draft, report = read(tmp_path, SHORTCODES, drop=drop)
    assert not report.items, codes(report)
    assert [b.kind for b in draft.blocks] == ["para", "dropped", "para"]
    assert draft.blocks[2].text == "Text after  and a page and ."
    drops = [(iv.line, iv.witness, iv.edition, iv.reason) for iv in draft.interventions if iv.kind == "drop"]
    assert drops == [(3, '{{% figure src="/img/a.png" caption="A picture" %}}', "", "the site's pictures"),
                     (5, "other.md", "a page", "another page"), (5, "image b.png", "", "not carried"),
                     (5, '{{< ref "other" >}}', "", "site links")]
    notes_div = apparatus.textual_notes(draft, "T")
    text = pf.stringify(notes_div)
    assert "after ¶ 1/3: om. ] {{% figure" in text and "the site's pictures" in text
    assert "¶ 2/5: a page ] other.md" in text


def test_undeclared_markup_is_a_diagnostic_never_a_silent_drop(tmp_path):
    _, report = read(tmp_path, SHORTCODES, drop=[{"shortcode": "unused", "reason": "x"}])
    found = {(d.code, d.line) for d in report.items}
    assert found == {("ING-011", 3), ("ING-011", 5), ("ING-012", 20)}
    hints = " ".join(d.hint for d in report.items if d.code == "ING-011")
    assert "{shortcode: figure" in hints and "{link: relative" in hints and "{image: b.png" in hints


def test_raw_html_and_page_furniture_are_diagnostics(tmp_path):
    text = ("Text.\n\n<div class=\"share-buttons\">\n<a href=\"https://x.org\">Tweet</a>\n</div>\n\n"
            "More <span>x</span>.\n")
    _, report = read(tmp_path, text)
    assert [d.code for d in report.sorted()] == ["ING-011"]
    _, report = read(tmp_path, text, drop=[{"class": "share-buttons", "reason": "the site's share buttons"}])
    assert not report.items


def test_typography_is_a_declared_counted_intervention_and_the_witness_is_kept(tmp_path):
    text = "He said \"it's -- not --- that...\" and 'so'; the '90s.\n"
    draft, report = read(tmp_path, text, typography=["dashes", "quotes", "ellipsis"])
    assert not report.items
    assert draft.blocks[0].text == "He said “it’s – not — that…” and ‘so’; the ’90s."
    ivs = [iv for iv in draft.interventions if iv.kind == "normalisation"]
    assert {iv.reason for iv in ivs} == {"dashes", "quotes", "ellipsis"} and len(ivs) == 9
    assert [(iv.line, iv.col, iv.witness) for iv in ivs[:2]] == [(1, 9, '"'), (1, 12, "'")]
    assert (tmp_path / "t.md").read_text(encoding="utf-8") == text
    summary = pf.stringify(apparatus.textual_notes(draft, "T"))
    assert "as an en dash (–): 2 (-- → –, --- → —)" in summary and ": 6 (" in summary
    head = pf.stringify(apparatus.headnote(draft))
    assert "9 typewriter characters set as the typesetter’s" in head
    undeclared, _ = read(tmp_path, text)
    assert undeclared.blocks[0].text == text.strip()


def test_an_unknown_typographic_rule_is_a_configuration_error(tmp_path):
    with pytest.raises(EditionError) as err:  # the schema refuses it when the configuration is read
        read(tmp_path, "Text.\n", typography=["dashes", "smallcaps"])
    assert [d.code for d in err.value.diagnostics] == ["CFG-025"]


def test_words_are_found_through_escapes_and_entities():
    assert re.fullmatch(tolerant("a*b&c"), r"a\*b&amp;c")
    cursor = Cursor("x \\*star\\* y")
    assert cursor.find("*star*") == (2, 10, False)
    assert cursor.find("y") == (11, 12, True)


def test_an_escaped_word_is_found_where_it_is_not_where_it_comes_plain_later():
    """Startwords' "\\*\\[rˤ\\]awk" in a paragraph and "*[rˤ]awk" in a figure's HTML 30 lines on: the nearer one."""
    cursor = Cursor("read as \\*\\[rˤ\\]awk here.\n" + "filler\n" * 30 + "<td>*[rˤ]awk</td>\n")
    assert cursor.find("*[rˤ]awk") == (8, 19, False)
    assert cursor.find("here.") == (20, 25, True)
    escaped = Cursor("a \\- b")  # an escaped hyphen: the hyphen itself, exact
    assert escaped.find("-") == (3, 4, True)


STARTWORDS = """Text before.

{{<wrap class="interlude" id="fig2">}}
<p>
  <b>Figure 2,</b> a caption.
</p>
        <table>
          <tr><td>東</td></tr>
        </table>

{{</wrap>}}

Text after.
"""


def test_a_shortcode_without_a_space_and_an_indented_html_figure_are_where_they_are(tmp_path):
    """Hugo's `{{<wrap ...>}}` is a shortcode (pandoc reads `<wrap ...>` as an HTML tag), and the HTML a figure
    indents is a code block at its own lines, which a `lines` drop names."""
    _, report = read(tmp_path, STARTWORDS, drop=[{"raw": "html", "reason": "the figures' HTML"}])
    assert {(d.code, d.line, d.col) for d in report.items} == {
        ("ING-011", 3, 1), ("ING-011", 7, 1), ("ING-011", 11, 1)}, codes(report)
    hints = " ".join(d.hint for d in report.items)
    assert "{shortcode: wrap" in hints and "{lines: 7-9" in hints
    drop = [{"raw": "html", "reason": "the figures' HTML"}, {"shortcode": "wrap", "reason": "the site's boxes"},
            {"lines": "7-9", "reason": "figure 2's table"}]
    draft, report = read(tmp_path, STARTWORDS, drop=drop)
    assert not report.items, codes(report)
    assert [b.text for b in draft.blocks if b.kind == "para"] == ["Text before.", "Figure 2, a caption.",
                                                                  "Text after."]


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.parametrize("name", ["gamberg-2014-anarchism-through-bakunin", "biehl-2012-bookchins-trotskyist-decade",
                                  "afaq-h4-engels-on-authority"])
def test_corpus_witnesses_every_footnote_a_note_every_word_where_it_is(name):
    path = CORPUS / f"{name}.md"
    if not path.is_file():
        pytest.skip("../shared/corpus is not beside the repository")
    report = Report()
    draft = ingest(essay_of(path, drop=[{"shortcode": "figure", "reason": "x"}, {"link": "relative", "reason": "x"},
                                        {"lines": "1169-1171", "reason": "x"}]), report)
    assert not report.errors, codes(report)
    source = path.read_text(encoding="utf-8")
    assert len([b for b in draft.blocks if b.kind == "note"]) == len(re.findall(r"^\[\^\d+\]:", source, re.M))
    lines = source.split("\n")
    segs = [s for b in draft.blocks for s in b.segs if s.kind == "witness" and s.text.strip()]
    exact = [s for s in segs if lines[s.line - 1][s.col - 1:].startswith(s.text)]
    assert len(exact) == len(segs), [s for s in segs if s not in exact][:5]
    italic = re.findall(r"(?<![*\w])\*([^*\n]+)\*(?!\*)|(?<!\w)_([^_\n]+)_(?!\w)", source)
    kept = [s.text for b in draft.blocks for s in b.segs if "emph" in s.marks]
    assert len(kept) >= len(italic) > 0


def test_a_quotation_inside_a_quotation_opens_with_its_quote(tmp_path):
    draft, report = read(tmp_path, "The \"'Xi Shuai' ode\" and '\"so\"' it's.\n", typography=["quotes"])
    assert not report.items and draft.blocks[0].text == "The “‘Xi Shuai’ ode” and ‘“so”’ it’s."


REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real-essays"


def test_a_shortcode_holding_code_does_not_send_the_words_after_it_astray(tmp_path):
    """`{{<pullquote left `...`>}}` (no space) once matched the HTML-tag mask, so its `>}}` was found 3,000
    characters on and every word and note after it was placed too far: each note now at its definition."""
    text = ("Before.[^1]\n\n{{<pullquote left `During the building, many.`>}}\n\n"
            + "Filler words here. " * 30 + "\n\nAfter.[^2]\n\n{{< pullquote right `Again.` >}}\n\n"
            "[^1]: First.\n\n[^2]: Second.\n")
    draft, report = read(tmp_path, text, drop=[{"shortcode": "pullquote", "reason": "the site's pull quotes"}])
    assert not report.items, codes(report)
    assert [(b.n, b.segs[0].line) for b in draft.blocks if b.kind == "note"] == [(1, 11), (2, 13)]
    lines = text.split("\n")
    segs = [s for b in draft.blocks for s in b.segs if s.kind == "witness" and s.text.strip()]
    assert all(lines[s.line - 1][s.col - 1:].startswith(s.text) for s in segs)


def test_a_real_essay_every_note_at_its_definition_every_word_where_it_is():
    path = REAL / "toward-deep-map" / "index.md"
    drop = [{"shortcode": name, "reason": "the site's markup"} for name in ("figure", "pullquote", "table", "wrap")]
    report = Report()
    draft = ingest(essay_of(path, drop=drop + [{"raw": "html", "reason": "the figures' HTML"}]), report)
    assert not report.errors, codes(report)
    source = path.read_text(encoding="utf-8")
    definitions = [i for i, line in enumerate(source.split("\n"), 1) if re.match(r"\[\^\d+\]:", line)]
    assert [b.segs[0].line for b in draft.blocks if b.kind == "note"] == definitions
    lines = source.split("\n")
    segs = [s for b in draft.blocks for s in b.segs if s.kind == "witness" and s.text.strip()]
    # the words where they are, through Markdown's escapes ("\\[areas\\]")
    exact = [s for s in segs if re.compile(tolerant(s.text)).match(lines[s.line - 1], s.col - 1)]
    assert len(exact) == len(segs), [s for s in segs if s not in exact][:5]
