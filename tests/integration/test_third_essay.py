"""A third essay needs only a witness, its configuration and bibliography entries: no new code."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_make
from tests.integration.test_pipeline import project_copy

pytestmark = pytest.mark.integration

WITNESS = """Title: Kropotkin and the State
Subtitle: A Reply to My Critics
Author: A. N. Other
Date: May 1, 2020
Source: Retrieved on 1st June 2021 from example.org

      Mutual Aid

      Conclusions

Peter Kropotkin’s Ethics (Ethics[1]) was left unfinished at his death. Its argument is simple (Ethics 12, 30–1) and it was not new.[2]

Mutual Aid

The State, he wrote, “has always been an obstacle” (Ethics, xiv) – a view shared by Goldman.

Conclusions

We can agree with him (quoted, Ethics 7).

[1] Peter Kropotkin, Ethics: Origin and Development (New York: Dial Press, 1924).

[2] See also Ethics, 45.
"""

ENTRY = """
@book{kropotkin1924ethics,
  author    = {Kropotkin, Peter},
  title     = {Ethics},
  subtitle  = {Origin and Development},
  publisher = {Dial Press},
  location  = {New York},
  date      = {1924},
}
"""

CONFIG = """id: other
witness: seeds/other-2020-kropotkin-and-the-state.txt
profile: anarchist-library
short-title: "Kropotkin and the State"
citations:
  style: sigla
"""


def test_a_third_essay_builds_with_data_only(tmp_path):
    d = project_copy(tmp_path / "p")
    (d / "seeds/other-2020-kropotkin-and-the-state.txt").write_text(WITNESS, encoding="utf-8")
    (d / "edition/essays/other.yaml").write_text(CONFIG, encoding="utf-8")
    with open(d / "bibliography.bib", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    ed = (d / "edition/edition.yaml").read_text(encoding="utf-8")
    ed = ed.replace("  price: essays/price.yaml\n", "  price: essays/price.yaml\n  other: essays/other.yaml\n")
    ed += ('  - id: other-kropotkin\n    title: "Kropotkin and the State"\n    subtitle: "A Critical Edition"\n'
           "    essays: [other]\n")
    (d / "edition/edition.yaml").write_text(ed, encoding="utf-8")
    run_make("build/other-kropotkin/other-kropotkin.html", "build/other-kropotkin/other-kropotkin.epub",
             "build/other-kropotkin/other-kropotkin.pdf", cwd=d)
    records = [json.loads(l) for l in (d / "build/audit/other.citations.jsonl").read_text().splitlines()]
    assert [(r["raw"], [c["key"] for c in r["cites"]]) for r in records] == [
        ("(Ethics 12, 30–1)", ["kropotkin1924ethics"]),
        ("(Ethics, xiv)", ["kropotkin1924ethics"]),
        ("(quoted, Ethics 7)", ["kropotkin1924ethics"]),
        ("Peter Kropotkin, Ethics: Origin and Development (New York: Dial Press, 1924)", ["kropotkin1924ethics"]),
        ("See also Ethics, 45", ["kropotkin1924ethics"]),
    ]
    html = (d / "build/other-kropotkin/other-kropotkin.html").read_text(encoding="utf-8")
    assert "Kropotkin 1924" in html and "(Ethics 12" not in html
    # The witness header's Subtitle: is printed under the essay's title (and named in the colophon).
    assert '<div class="essay-subtitle">\n<p>A Reply to My Critics</p>' in html
    assert "Kropotkin and the State: A Reply to My Critics" in html
    assert (d / "build/other-kropotkin/other-kropotkin.pdf").stat().st_size > 10000
