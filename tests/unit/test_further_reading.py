"""Further reading: entries marked by the editors get a section of their own after the works cited."""

from __future__ import annotations

import json
import subprocess

import panflute as pf

from critedition.book import matter
from critedition.pandoc import pandoc_path


def test_marked_entries_move_to_their_own_section():
    refs = pf.Div(pf.Div(pf.Para(pf.Str("A.")), identifier="ref-a", classes=["csl-entry"]),
                  pf.Div(pf.Para(pf.Str("B.")), identifier="ref-b", classes=["csl-entry"]), identifier="refs")
    doc = pf.Doc(pf.Div(refs, identifier="bibliography-section"), pf.Div(identifier="index"))
    doc = matter.further_reading(doc, {"b"})
    assert [b.identifier for b in doc.content] == ["bibliography-section", "further-reading", "index"]
    assert pf.stringify(doc.content[0]).strip() == "A."
    assert "B." in pf.stringify(doc.content[1])


def test_nocite_metadata_lists_uncited_entries(tmp_path):
    bib = tmp_path / "b.bib"
    bib.write_text("@book{x2000y, author={X, Y}, title={Why}, date={2000}}\n", encoding="utf-8")
    doc = pf.Doc(pf.Para(pf.Str("Text.")), metadata={
        "bibliography": str(bib), "nocite": [pf.Cite(pf.Str("@x2000y"), citations=[pf.Citation("x2000y")])]})
    out = subprocess.run([pandoc_path(), "-f", "json", "-t", "plain", "--citeproc"], input=json.dumps(doc.to_json()),
                         capture_output=True, text=True, check=True).stdout
    assert "X, Y. 2000. Why." in out
