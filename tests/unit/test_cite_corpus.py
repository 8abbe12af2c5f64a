"""The citation conventions measured on the corpus essays against gold lists made by hand.

Each witness (../shared/corpus/) is read with the bundled pandoc, its running text and its footnotes in
order, with the conventions its essay is configured with; the citations found, in the audit's shapes, are
scored by critedition.checks.gold (recall: the right work with the right locator; precision). Run with
``-s`` to see each essay's figures and every miss.
"""

from __future__ import annotations

import json
from pathlib import Path

import panflute as pf
import pytest

from critedition import pandoc
from critedition.bib.library import Library
from critedition.checks import gold
from critedition.cite import conventions
from critedition.config.schema import Citations
from critedition.cite.model import cite_json
from critedition.doc.text import flatten
from filters.citations import italics

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "editions" / "corpus" / "gold"
# The essays' citation configuration, as the corpus edition declares it.
ESSAYS = {
    "gamberg": {"conventions": ["chicago"]},
    "biehl": {"conventions": ["chicago"]},
    "afaq-h4": {"conventions": ["brackets"]},
}
TARGETS = {"recall": 0.97, "precision": 0.98}


def _paragraphs(blocks) -> list[pf.Para]:
    """Paragraphs in reading order, those of block quotations and lists included (notes are read apart)."""
    out = []
    for block in blocks:
        if isinstance(block, (pf.Para, pf.Plain)):
            out.append(block)
        elif isinstance(block, (pf.BlockQuote, pf.Div)):
            out += _paragraphs(block.content)
        elif isinstance(block, (pf.BulletList, pf.OrderedList)):
            out += [p for item in block.content for p in _paragraphs(item.content)]
    return out


def _notes(para: pf.Para) -> list[pf.Note]:
    found = []
    para.walk(lambda el, doc: found.append(el) if isinstance(el, pf.Note) else None)
    return found


def read(essay: str, cfg: dict, library: Library, path: Path | None = None) -> tuple[list[dict], list[dict]]:
    """(note records, running-text records) of one witness (a corpus essay's, unless ``path``), as the audit
    writes them."""
    path = path or CORPUS / gold.load(GOLD / f"{essay}.yaml")["witness"]
    data = pandoc.run(["-f", "markdown", "-t", "json"], path.read_bytes(), "read", str(path))
    doc = pandoc.json_to_doc(data)
    settings = Citations.model_validate(cfg)
    reading = conventions.reading(settings)
    ctx = conventions.context(settings, library, {})
    text_records, notes = [], []

    def records(block, note=None):
        text, spans = flatten(block.content)
        return [{"raw": m.raw, "rule": m.rule, "cites": [cite_json(c) for c in m.cites] if m.resolved else [],
                 **({"problem": m.problem} if not m.resolved else {})}
                for m in reading.read(text, ctx, note, italics(list(block.content), spans))]

    paras = _paragraphs(doc.content)
    for para in paras:
        text_records += records(para)
    for para in paras:  # notes after the running text, in the order of their calls, as the pipeline reads them
        for note in _notes(para):
            n = str(len(notes) + 1)
            notes.append({"note": n, "citations": [r for p in _paragraphs(note.content) for r in records(p, n)]})
    return notes, text_records


@pytest.mark.parametrize("essay", list(ESSAYS))
def test_the_corpus_essays_citations_against_their_gold_lists(essay):
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    library = Library.load(GOLD / f"{essay}.bib")
    notes, text = read(essay, ESSAYS[essay], library)
    volumes = {k: e.volume for k, e in library.entries.items() if e.volume}
    result = gold.score(essay, gold.load(GOLD / f"{essay}.yaml"), notes, text, volumes)
    print("\n" + result.report())
    assert result.recall >= TARGETS["recall"] and result.precision >= TARGETS["precision"], result.report()


# Real essays beyond the corpus (tests/fixtures/real-essays/README.md): their conventions, and the figures
# measured when they were added, as floors.
REAL = ROOT / "tests" / "fixtures" / "real-essays"
REAL_ESSAYS = {"toward-deep-map": ({"conventions": ["chicago"]}, {"recall": 0.97, "precision": 1.0})}


@pytest.mark.parametrize("essay", list(REAL_ESSAYS))
def test_real_essays_beyond_the_corpus_against_their_gold_lists(essay):
    folder = REAL / essay
    library = Library.load(folder / "bibliography.bib")
    the_gold = gold.load(folder / "gold.yaml")
    cfg, targets = REAL_ESSAYS[essay]
    notes, text = read(essay, cfg, library, folder / the_gold["witness"])
    volumes = {k: e.volume for k, e in library.entries.items() if e.volume}
    result = gold.score(essay, the_gold, notes, text, volumes)
    print("\n" + result.report())
    assert result.recall >= targets["recall"] and result.precision >= targets["precision"], result.report()


def test_the_measure_reads_an_edition_audit_too(tmp_path):
    note = {"essay": "x", "note": "1", "line": 5, "col": 5, "kind": "cites", "citations": [
        {"line": 5, "col": 5, "raw": "Carr, Michael Bakunin, 437", "cites": [{"key": "carr", "locator": "437", "label": "page"}]}]}
    text = {"line": 2, "col": 9, "raw": "[Op. Cit., p. 9]", "cites": [{"key": "tucker", "locator": "9", "label": "page"}]}
    (tmp_path / "x.notes.jsonl").write_text(json.dumps(note) + "\n")
    (tmp_path / "x.citations.jsonl").write_text(json.dumps(text) + "\n" + json.dumps(note["citations"][0]) + "\n")
    notes, records = gold.from_audit(tmp_path, "x")
    the_gold = {"notes": [{"note": 1, "citations": [{"key": "carr", "locator": "437"}]}],
                "in-text": [{"citations": [{"key": "tucker", "locator": "9"}, {"key": "bakunin", "locator": "3"}]}]}
    score = gold.score("x", the_gold, notes, records, {})
    assert (score.right, score.gold, score.found) == (2, 3, 2)
    assert [str(m).split(":")[0] for m in score.misses] == ["text"]
