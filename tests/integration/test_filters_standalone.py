"""Each filter runs on its own as `pandoc --filter filters/X.py`, through the real pandoc, on a document that
carries the metadata its docstring lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from critedition.pandoc import pandoc_path

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
DOC = """---
essay: e
names:
  persons:
  - name: Victor Serge
    variants: [Victor Serge, Serge]
---

::: {#e-p1 .para n="1"}
Victor Serge wrote *Memoirs*.[^1]
:::

[^1]: A note on Serge.
"""
# What each filter leaves in the HTML that pandoc alone would not.
EXPECTED = {
    "paragraph_numbers": 'class="pnum"',
    "names": 'class="name"',
    "print_notes": 'class="footnote note-body"',
    "sidenotes": 'class="noteref"',
    "epub_notes": 'epub:type="noteref"',
    "notes": "A note on Serge.",
    "citations": "A note on Serge.",
    "backlinks": "A note on Serge.",
}


def test_every_filter_is_listed():
    found = {p.stem for p in (ROOT / "filters").glob("*.py") if p.stem != "__init__"}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_filter_runs_under_pandoc(tmp_path, name):
    src = tmp_path / "in.md"
    src.write_text(DOC, encoding="utf-8")
    # pandoc runs a .py filter with the `python` on PATH: this environment's, which has the packages.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([pandoc_path(), str(src), "--filter", str(ROOT / "filters" / f"{name}.py"), "-t", "html"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert EXPECTED[name] in proc.stdout
