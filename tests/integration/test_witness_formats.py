"""A Word document and a web page, made with the bundled pandoc from one Markdown text, become a book like any
witness: notes in every format, citations audited at their own positions, the page's furniture dropped as
declared."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest

from critedition import pandoc
from critedition.checks.validators import pdf_destinations
from critedition.witness import source_text
from tests.conftest import run_make
from tests.integration.test_pipeline import project_copy
from tests.integration.test_third_essay import ENTRY

pytestmark = pytest.mark.integration

SOURCE = """---
title: "Kropotkin and the State"
subtitle: "A Note on the Ethics"
author: A. N. Other
date: "2020"
---

Peter Kropotkin's *Ethics* was left unfinished at his death.[^1] Its argument is simple and it was not new.[^2]

## Mutual Aid

> The State, he wrote, "has always been an obstacle".

[^1]: Peter Kropotkin, *Ethics: Origin and Development* (New York: Dial Press, 1924), 12.

[^2]: See also *Ethics*, 45.
"""
CONFIG = """id: {id}
witness: seeds/{file}
profile: {profile}
short-title: "Kropotkin and the State"
typography: [quotes]
citations:
  style: sigla
"""
SHARE = '<div class="share-buttons"><a href="https://example.org/share">Share</a></div>\n'


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    d = project_copy(tmp_path_factory.mktemp("formats"))
    src = d / "source.md"
    src.write_text(SOURCE, encoding="utf-8")
    for fmt, name in (("docx", "word.docx"), ("html", "page.html")):
        subprocess.run([pandoc.pandoc_path(), str(src), "-o", str(d / "seeds" / name), "--to", fmt], check=True)
    page = d / "seeds" / "page.html"
    page.write_text("<html><head><title>Kropotkin and the State</title></head><body>\n"
                    + page.read_text(encoding="utf-8") + SHARE + "</body></html>\n", encoding="utf-8")
    (d / "edition/essays/word.yaml").write_text(CONFIG.format(id="word", file="word.docx", profile="docx"),
                                                encoding="utf-8")
    (d / "edition/essays/page.yaml").write_text(
        CONFIG.format(id="page", file="page.html", profile="html")
        + 'author: "A. N. Other"\ndrop:\n  - class: share-buttons\n    reason: "the site\'s share button"\n',
        encoding="utf-8")
    with open(d / "bibliography.bib", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    ed = (d / "edition/edition.yaml").read_text(encoding="utf-8")
    ed = ed.replace("  price: essays/price.yaml\n", "  price: essays/price.yaml\n  word: essays/word.yaml\n"
                    "  page: essays/page.yaml\n")
    ed += '  - id: formats\n    title: "Two Formats"\n    essays: [word, page]\n'
    (d / "edition/edition.yaml").write_text(ed, encoding="utf-8")
    run_make(*(f"build/formats/formats.{fmt}" for fmt in ("html", "epub", "pdf")), cwd=d)
    return d


def test_every_note_of_both_witnesses_is_a_note_in_every_format(book):
    web = (book / "build/formats/formats.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(book / "build/formats/formats.epub") as z:
        epub = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    dests = pdf_destinations(book / "build/formats/formats.pdf")
    for essay in ("word", "page"):
        assert len(re.findall(rf'<a href="#{essay}-note-\d+"[^>]*role="doc-noteref"', web)) == 2
        assert len(re.findall(rf'epub:type="noteref"[^>]*href="#{essay}-note-\d+"', epub)) == 2
        assert len([x for x in dests if re.fullmatch(rf"{essay}-note-\d+", x)]) == 2
    # the subtitle the DOCX gives, printed under the essay's title (book/assemble.py's essay-subtitle block)
    subtitle = re.search(r'<div class="essay-subtitle">\s*<p>([^<]*)</p>', web)
    assert subtitle and subtitle.group(1) == "A Note on the Ethics" and "Share</a>" not in web
    assert "<em>Ethics</em>" in web and "“has always been an obstacle”" in web


def test_citations_are_audited_at_each_witnesss_own_positions(book):
    def records(essay):
        return [json.loads(l) for l in (book / f"build/audit/{essay}.citations.jsonl").read_text().splitlines()]

    word, page = records("word"), records("page")
    assert [[c["key"] for c in r["cites"]] for r in word] == [["kropotkin1924ethics"]] * 2
    paragraphs = source_text(book / "seeds/word.docx").split("\n")
    assert [r["line"] for r in word] == [len(paragraphs) - 1, len(paragraphs)]  # the footnotes, after the text
    lines = (book / "seeds/page.html").read_text(encoding="utf-8").split("\n")
    for r, text in [(r, paragraphs) for r in word] + [(r, lines) for r in page]:
        assert text[r["line"] - 1][r["col"] - 1:].startswith(r["raw"].split("\n")[0]), r
    drops = [json.loads(l) for l in (book / "build/audit/page.interventions.jsonl").read_text().splitlines()]
    assert [d["reason"] for d in drops if d["kind"] == "drop"] == ["the site's share button"]
