"""The JSON pandoc's writers are given (pandoc.writer_json): each run of words and spaces one Str where the format
never breaks a line at a space, and the same HTML, EPUB and print HTML from it, through the real pandoc."""

from __future__ import annotations

import json
from pathlib import Path

import panflute as pf
import pytest

from critedition import pandoc

ROOT = Path(__file__).resolve().parents[2]
WITNESS = ROOT / "tests" / "fixtures" / "markdown-seed" / "mckay.md"


def test_runs_of_words_and_spaces_become_one_str_and_nothing_else_changes():
    data = {"pandoc-api-version": [1, 23, 1],
            "meta": {"title": {"t": "MetaInlines", "c": [{"t": "Str", "c": "A"}, {"t": "Space"}, {"t": "Str", "c": "b"}]},
                     "n": {"t": "MetaMap", "c": {"x": {"t": "MetaInlines", "c": [{"t": "Space"}]}}}},
            "blocks": [{"t": "Para", "c": [
                {"t": "Space"}, {"t": "Str", "c": "One"}, {"t": "Space"}, {"t": "Str", "c": "two"},
                {"t": "SoftBreak"}, {"t": "Str", "c": "three"}, {"t": "Space"},
                {"t": "Emph", "c": [{"t": "Str", "c": "in"}, {"t": "Space"}, {"t": "Str", "c": "italics"}]},
                {"t": "Str", "c": "."},
                {"t": "Cite", "c": [[{"citationId": "k", "citationPrefix": [{"t": "Str", "c": "see"}, {"t": "Space"}],
                                      "citationSuffix": [], "citationMode": {"t": "NormalCitation"},
                                      "citationNoteNum": 1, "citationHash": 0}], [{"t": "Str", "c": "[@k]"}]]}]},
                {"t": "CodeBlock", "c": [["", [], []], "code  stays"]},
                {"t": "BulletList", "c": [[{"t": "Plain", "c": [{"t": "Str", "c": "a"}, {"t": "Space"}]}]]}]}
    pandoc.joined_words(data)
    para = data["blocks"][0]["c"]
    assert para[:4] == [{"t": "Str", "c": " One two"}, {"t": "SoftBreak"}, {"t": "Str", "c": "three "},
                        {"t": "Emph", "c": [{"t": "Str", "c": "in italics"}]}]
    assert para[4] == {"t": "Str", "c": "."}
    assert para[5]["c"][0][0]["citationPrefix"] == [{"t": "Str", "c": "see "}]
    assert para[5]["c"][1] == [{"t": "Str", "c": "[@k]"}]
    assert data["blocks"][1] == {"t": "CodeBlock", "c": [["", [], []], "code  stays"]}
    assert data["blocks"][2]["c"][0][0]["c"] == [{"t": "Str", "c": "a "}]
    assert data["meta"]["title"]["c"] == [{"t": "Str", "c": "A b"}]
    assert data["meta"]["n"]["c"]["x"]["c"] == [{"t": "Str", "c": " "}]


@pytest.fixture(scope="module")
def essay() -> pf.Doc:
    """A real essay, as pandoc reads it: McKay's, with its 46 notes, italics, quotations and links."""
    doc, said = pandoc.read(WITNESS.read_bytes(), "markdown-smart")
    assert doc is not None, said
    doc.metadata["identifier"] = "urn:uuid:00000000-0000-4000-8000-000000000000"  # else the EPUB's is random
    doc.content.append(pf.LineBlock(pf.LineItem(pf.Str("a"), pf.Space(), pf.Str("line")), pf.LineItem(pf.Str("b"))))
    return doc


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
def test_the_formats_never_break_lines_at_a_space_and_are_the_same_from_the_joined_json(essay, fmt, tmp_path):
    assert not pandoc._breaks_lines(fmt)
    joined = pandoc.writer_json(essay, fmt)
    plain = pandoc.doc_to_json(essay)
    assert len(joined) < 0.7 * len(plain)
    assert json.loads(joined)["blocks"] != json.loads(plain)["blocks"]
    out = {}
    for name, data in (("joined", joined), ("plain", plain)):
        target = tmp_path / f"{name}.{fmt}"
        args = [*pandoc.defaults(fmt), "--output", str(target)] if fmt != "pdf" else [*pandoc.defaults(fmt)]
        text = pandoc.run(args, data, f"pandoc {fmt}", "test")
        out[name] = target.read_bytes() if fmt != "pdf" else text
    assert out["joined"] == out["plain"]


def test_a_format_that_may_break_lines_at_a_space_gets_every_space(essay, tmp_path, monkeypatch):
    (tmp_path / "wrapped.yaml").write_text("to: html5\n", encoding="utf-8")
    (tmp_path / "preserved.yaml").write_text("to: html5\nwrap: preserve\n", encoding="utf-8")
    monkeypatch.setattr(pandoc, "DEFAULTS", tmp_path)
    pandoc._breaks_lines.cache_clear()
    try:
        assert pandoc.writer_json(essay, "wrapped") == pandoc.doc_to_json(essay)
        assert pandoc.writer_json(essay, "preserved") != pandoc.doc_to_json(essay)
    finally:
        pandoc._breaks_lines.cache_clear()
