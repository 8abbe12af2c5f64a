"""A third essay needs only a witness, its configuration and bibliography entries: no new code, in each of
the citation conventions (sigla, author-year, Chicago notes, bracketed references, and a mix of them)."""

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


HEADER = """Title: Mutual Aid and the State
Author: A. N. Author
Date: May 1, 2020
Source: Retrieved on 1st June 2021 from example.org

      Mutual Aid

Mutual Aid

"""
ENTRIES = """
@book{kropotkin1972mutual, author = {Kropotkin, Peter}, title = {Mutual Aid}, subtitle = {A Factor of Evolution},
  editor = {Avrich, Paul}, location = {New York}, publisher = {New York University Press}, date = {1972}}
@book{kropotkin1924ethicsb, author = {Kropotkin, Peter}, title = {Ethics}, subtitle = {Origin and Development},
  translator = {Friedland, Louis S.}, location = {New York}, publisher = {Dial Press}, date = {1924}}
@article{smith1999kropotkin, author = {Smith, Ann}, title = {Kropotkin and the Biologists},
  journaltitle = {Review of Politics}, volume = {12}, number = {3}, date = {1999}, pages = {101--120}}
@book{nettlau1996short, author = {Nettlau, Max}, title = {A Short History of Anarchism}, location = {London},
  publisher = {Freedom Press}, date = {1996}}
"""
CONVENTIONS = {
    "chicago": (
        "Kropotkin argued that cooperation was a factor of evolution.[1] He did not deny conflict.[2] His ethics "
        "followed from it.[3] The journals took it up.[4] Nobody answered him in print.[5] He returned to it.[6] "
        "The last word was his.[7]\n\n"
        "[1] Peter Kropotkin, Mutual Aid: A Factor of Evolution, ed. Paul Avrich (New York: New York University "
        "Press, 1972), 12.\n\n[2] Ibid., 14.\n\n"
        "[3] Peter Kropotkin, Ethics: Origin and Development, trans. Louis S. Friedland (New York: Dial Press, "
        "1924), 45.\n\n"
        "[4] Ann Smith, “Kropotkin and the Biologists,” Review of Politics 12, no. 3 (1999): 101-120.\n\n"
        "[5] The question was never settled in his lifetime, as far as we know.\n\n"
        "[6] Kropotkin, Mutual Aid, 30; see also Max Nettlau, A Short History of Anarchism (London: Freedom Press, "
        "1996), 80.\n\n[7] See the excellent Harbinger of Hope (London: Pluto, 1990) on this.\n",
        "citations:\n  conventions: [chicago]\n",
        [("kropotkin1972mutual", "12"), ("kropotkin1972mutual", "14"), ("kropotkin1924ethicsb", "45"),
         ("smith1999kropotkin", "101-120"), ("kropotkin1972mutual", "30"), ("nettlau1996short", "80")],
        ["cites", "cites", "cites", "cites", "discursive", "cites", "unrecognised"],
    ),
    "author-year": (
        "Kropotkin (1924) set out an ethics of mutual aid (p. 12). Others agreed (Smith, 1999; p. 110).\n",
        "citations:\n  style: author-year\n",
        [("kropotkin1924ethicsb", ""), ("kropotkin1924ethicsb", "12"), ("smith1999kropotkin", "110")],
        [],
    ),
    "brackets": (
        "Kropotkin put it plainly: “mutual aid is a factor of evolution.” [Mutual Aid, p. 12] Elsewhere he went "
        "further. [Op. Cit., p. 14 and p. 15] Smith disagreed [Smith, Kropotkin and the Biologists, p. 110] and "
        "he answered her in a book [w]ritten late. [Ethics, vol. 2, p. 45]\n",
        "citations:\n  conventions: [brackets]\n",
        [("kropotkin1972mutual", "12"), ("kropotkin1972mutual", "14, 15"), ("smith1999kropotkin", "110"),
         ("kropotkin1924ethicsb", "2, p. 45")],
        [],
    ),
    "sigla-and-chicago": (
        "Kropotkin’s Mutual Aid (MA[1]) is the book. Its thesis is simple (MA 12) and argued at length (30).\n\n"
        "Two paragraphs later the same book is still in view.\n\n"
        "Its last chapter (301) sums up.[2] A postscript adds (3).\n\n"
        "[1] Peter Kropotkin, Mutual Aid: A Factor of Evolution (New York: New York University Press, 1972).\n\n"
        "[2] Ibid., 302.\n",
        "citations:\n  conventions: [sigla, chicago]\n  bare-pages: {from: abbreviation, within: 0}\n"
        "  single-digit-pages: true\n",
        [("kropotkin1972mutual", "12"), ("kropotkin1972mutual", "30"), ("kropotkin1972mutual", "301"),
         ("kropotkin1972mutual", "3"), ("kropotkin1972mutual", ""), ("kropotkin1972mutual", "302")],
        ["cites", "cites"],
    ),
}


@pytest.mark.parametrize("convention", list(CONVENTIONS))
def test_an_essay_in_each_convention_builds_with_data_only(tmp_path, convention):
    text, citations, cited, notes = CONVENTIONS[convention]
    d = project_copy(tmp_path / "p")
    (d / "seeds/third.txt").write_text(HEADER + text, encoding="utf-8")
    (d / "edition/essays/third.yaml").write_text(
        f"id: third\nwitness: seeds/third.txt\nprofile: anarchist-library\nshort-title: Mutual Aid\n{citations}",
        encoding="utf-8")
    with open(d / "bibliography.bib", "a", encoding="utf-8") as f:
        f.write(ENTRIES)
    ed = (d / "edition/edition.yaml").read_text(encoding="utf-8")
    ed = ed.replace("  price: essays/price.yaml\n", "  price: essays/price.yaml\n  third: essays/third.yaml\n")
    ed += '  - id: third-book\n    title: "Mutual Aid and the State"\n    essays: [third]\n'
    (d / "edition/edition.yaml").write_text(ed, encoding="utf-8")
    run_make("build/third-book/third-book.html", cwd=d)
    records = [json.loads(l) for l in (d / "build/audit/third.citations.jsonl").read_text().splitlines()]
    assert [(c["key"], c["locator"]) for r in records for c in r["cites"]] == cited
    assert not [r for r in records if not r["cites"]]
    kinds = [json.loads(l)["kind"] for l in (d / "build/audit/third.notes.jsonl").read_text().splitlines()]
    assert kinds == notes
    lint = run_make("lint", cwd=d, check=False)
    assert ("warning[CITE-007] note 7 cites nothing" in lint.stdout + lint.stderr) == ("unrecognised" in notes)
    html = (d / "build/third-book/third-book.html").read_text(encoding="utf-8")
    assert all(f'data-cites="{key}"' in html for key, _ in cited)
