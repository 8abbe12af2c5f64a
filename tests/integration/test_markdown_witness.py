"""A seed essay from a Markdown witness: the same reading text and audit as from its plain text, but for what
the two formats really differ in.

tests/fixtures/markdown-seed/mckay.md is McKay's Anarchist Library text made into pandoc Markdown with the
bundled pandoc (make_witness.py there): front matter for the header, `[^n]` footnotes for the `[n]` markers and
endnotes. Expected differences, and only these:
- every position (line, column, and the 40 characters before a citation) is one of its own witness;
- the Markdown escapes square brackets inside text (`\\[`), so the exact witness text of the three citations that
  hold a bracket has a backslash before it;
- the reading text names its witness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.test_pipeline import project_copy
from tests.integration.test_robustness import edition

pytestmark = pytest.mark.integration

FIXTURE = ROOT / "tests" / "fixtures" / "markdown-seed"
POSITIONS = ("line", "col", "before")


def outputs(project: Path) -> dict[str, list[str]]:
    res = edition(project, "essay", "mckay")
    assert res.returncode == 0, res.stderr
    build = project / "build"
    return {"text": (build / "text" / "mckay.md").read_text(encoding="utf-8").split("\n"),
            "citations": (build / "audit" / "mckay.citations.jsonl").read_text(encoding="utf-8").splitlines(),
            "interventions": (build / "audit" / "mckay.interventions.jsonl").read_text(encoding="utf-8").splitlines()}


def without(records: list[str], keys=POSITIONS) -> list[dict]:
    return [{k: v for k, v in json.loads(r).items() if k not in keys} for r in records]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("seed"))
    plain = outputs(project)
    shutil.rmtree(project / "build")
    shutil.copyfile(FIXTURE / "mckay.yaml", project / "edition" / "essays" / "mckay.yaml")
    return plain, outputs(project), project


def test_the_reading_text_is_the_same_but_for_the_witness_it_names(both):
    plain, markdown, _ = both
    differ = [(a, b) for a, b in zip(plain["text"], markdown["text"]) if a != b]
    assert len(plain["text"]) == len(markdown["text"]) > 200
    assert differ == [("witness: seeds/mckay-2013-worst-of-the-anarchists.txt",
                       "witness: tests/fixtures/markdown-seed/mckay.md")]


def test_the_interventions_are_the_same_at_their_own_positions(both):
    plain, markdown, _ = both
    assert len(plain["interventions"]) == 4
    assert without(plain["interventions"]) == without(markdown["interventions"])


def test_the_citations_are_the_same_but_for_positions_and_escaped_brackets(both):
    plain, markdown, project = both
    a, b = without(plain["citations"]), without(markdown["citations"])
    assert len(a) == len(b) > 100
    escaped = [(x["raw"], y["raw"]) for x, y in zip(a, b) if x != y]
    assert len(escaped) == 3
    assert all(y.replace("\\[", "[").replace("\\]", "]") == x and "\\[" in y for x, y in escaped)
    assert without(plain["citations"], POSITIONS + ("raw",)) == without(markdown["citations"], POSITIONS + ("raw",))
    lines = (FIXTURE / "mckay.md").read_text(encoding="utf-8").split("\n")
    for r in map(json.loads, markdown["citations"]):  # every position is the Markdown file's own
        assert lines[r["line"] - 1][r["col"] - 1:].startswith(r["raw"].split("\n")[0]), r
