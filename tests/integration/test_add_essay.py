"""An essay added from nothing with the editors' commands alone, and built with no error (issue 19).

As an editor following the manual would: `edition new-essay` writes the essay's configuration and names it
in a book, `edition bib draft` drafts the works its notes cite, the editor reviews each draft (here: takes it
as it is and removes `draft` from its keywords) and adds it to bibliography.bib, `edition check` finds no
error, and make builds the book in every format. The corpus essay is Gamberg's, read by the Markdown
profile once one is registered (issue 17), and meanwhile in the Anarchist Library's plain-text form.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from critedition.witness.profiles import PROFILES
from tests.conftest import SHARED, run_make
from tests.integration.test_dist import edition
from tests.integration.test_pipeline import project_copy

pytestmark = pytest.mark.integration

GAMBERG = SHARED / "corpus" / "gamberg-2014-anarchism-through-bakunin.md"
needs_corpus = pytest.mark.skipif(not GAMBERG.is_file(), reason=f"the development corpus is not at {GAMBERG.parent}")


def to_anarchist_library(markdown: str, source: str) -> str:
    """A Markdown witness (front matter, footnotes) in The Anarchist Library's plain-text form: the header,
    the contents list, one paragraph a line with [n] markers, the notes at the end, no emphasis."""
    front = re.match(r"\A---\n(.*?)\n---\n", markdown, re.S)
    meta = dict(re.findall(r"^(title|date): *'?(.*?)'?$", front.group(1), re.M))
    author = re.search(r"^authors:\n- (.*)$", front.group(1), re.M).group(1)
    body = markdown[front.end():]
    notes = re.findall(r"^\[\^(\d+)\]: (.*)$", body, re.M)
    body = re.sub(r"^(?:\[\^\d+\]: .*|\{\{%.*%\}\})\n?", "", body, flags=re.M)

    def plain(text: str) -> str:
        return re.sub(r"\[\^(\d+)\]", r"[\1]", text.replace("*", "").replace("--", "–"))

    paragraphs = [plain(re.sub(r"^(?:#+|>) ", "", p.strip()).replace("\n", " "))
                  for p in re.split(r"\n\s*\n", body) if p.strip()]
    lines = [f"Title: {meta['title']}", f"Author: {author}", f"Date: {meta['date']}", f"Source: {source}", ""]
    lines += [f"      {plain(h)}" for h in re.findall(r"^#+ (.*)$", body, re.M)] + [""]
    lines += [line for p in paragraphs for line in (p, "")]
    lines += [line for n, text in notes for line in (f"[{n}] {plain(text)}", "")]
    return "\n".join(lines)


def declare_drops(config: Path) -> None:
    """The manual's step after new-essay: each drop it lists is declared, with the reason readers will see."""
    text = config.read_text(encoding="utf-8")
    listed = re.search(r"^# drop:\n((?:#   - .*\n)+)", text, re.M)
    if listed:
        items = [line[2:].replace("reason: ...", "reason: \"the site's illustration, not carried by the edition\"")
                 for line in listed.group(1).splitlines()]
        text = text.replace(listed.group(0), "drop:\n" + "\n".join(items) + "\n")
        config.write_text(text, encoding="utf-8")


def add_from_nothing(project: Path, essay: str, witness: Path) -> str:
    """Add the essay with the commands alone, review its drafts, check, build; the new book's id."""
    res = edition(project, "new-essay", essay, "--witness", str(witness))
    assert res.returncode == 0, res.stderr
    book = re.search(r"\(book ([\w-]+)\)", res.stderr).group(1)
    declare_drops(project / "edition" / "essays" / f"{essay}.yaml")
    drafts = project.parent / f"{essay}-drafts.bib"
    res = edition(project, "bib", "draft", essay, "--out", str(drafts))
    assert res.returncode == 0, res.stderr
    text = drafts.read_text(encoding="utf-8")
    assert len(re.findall(r"^@", text, re.M)) == text.count("= {draft},") > 0
    reviewed = re.sub(r"(?m)^  keywords *= \{draft\},\n", "", text)
    with open(project / "bibliography.bib", "a", encoding="utf-8") as f:
        f.write("\n" + reviewed)
    res = edition(project, "check")
    assert res.returncode == 0 and "error[" not in res.stderr and "BIB-021" not in res.stderr, res.stderr
    run_make(*(f"build/{book}/{book}.{fmt}" for fmt in ("html", "epub", "pdf")), cwd=project)
    return book


@needs_corpus
@pytest.mark.skipif("markdown" not in PROFILES,
                    reason="the Markdown witness profile (issue 17) is not registered in witness/profiles PROFILES yet")
def test_a_markdown_corpus_essay_from_nothing(tmp_path):
    project = project_copy(tmp_path / "p")
    book = add_from_nothing(project, "gamberg", GAMBERG)
    assert "Anarchism through Bakunin" in (project / "build" / book / f"{book}.html").read_text(encoding="utf-8")


@needs_corpus
def test_a_corpus_essay_in_the_anarchist_library_form_from_nothing(tmp_path):
    project = project_copy(tmp_path / "p")
    witness = tmp_path / "gamberg-2014-anarchism-through-bakunin.txt"
    witness.write_text(to_anarchist_library(GAMBERG.read_text(encoding="utf-8"), "Platypus Review 64"),
                       encoding="utf-8")
    book = add_from_nothing(project, "gamberg", witness)
    assert (project / "seeds" / witness.name).read_bytes() == witness.read_bytes()  # copied as it is
    config = (project / "edition" / "essays" / "gamberg.yaml").read_text(encoding="utf-8")
    assert "profile: anarchist-library" in config and "title: Anarchism through Bakunin" in config
    html = (project / "build" / book / f"{book}.html").read_text(encoding="utf-8")
    assert "Anarchism through Bakunin" in html and "A History of Anarchism" in html
    cited = (project / "build" / "audit" / "gamberg.citations.jsonl").read_text(encoding="utf-8")
    assert "bose1967history" in cited and "carr1937michael" in cited


def test_new_essay_refuses_and_leaves_the_project_as_it_was(tmp_path):
    project = project_copy(tmp_path / "p")
    before = {p: p.read_bytes() for p in (project / "edition").rglob("*") if p.is_file()}
    witness = project / "seeds" / "mckay-2013-worst-of-the-anarchists.txt"
    for args, code, rc in [(["mckay", "--witness", str(witness)], "EDIT-002", 1),
                           (["other", "--witness", str(tmp_path / "missing.txt")], "WIT-001", 1),
                           (["other", "--witness", str(witness), "--profile", "nosuch"], "CFG-006", 3)]:
        res = edition(project, "new-essay", *args)
        assert res.returncode == rc and code in res.stderr, res.stderr
    assert {p: p.read_bytes() for p in (project / "edition").rglob("*") if p.is_file()} == before
