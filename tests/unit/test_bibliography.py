"""bibliography.bib: parses (bibtexparser v2 and pandoc), keys follow the one key convention,
links resolve, and the editorial conventions documented at the top of the file hold.

The key convention is Zotero Better BibTeX's  auth.lower + year + veryshorttitle.lower
(legacy syntax [auth:lower][year][veryshorttitle:lower]); critedition/bib/keys.py recomputes it
(tests/unit/test_keys.py checks it against Better BibTeX's rules).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import bibtexparser
import pypandoc
import pytest

from critedition.bib.keys import EDITORS, OTHER_CREATORS, citation_key

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "bibliography.bib"

# Every name field auth can look at (critedition/bib/keys.py).
CREATOR_FIELDS = ("author", *EDITORS, "translator", *sorted(OTHER_CREATORS))
KEYWORDS = frozenset({"reconstructed", "further-reading"})
# biblatex's standard relatedtype values.
RELATED_TYPES = frozenset({"multivolume", "origpubas", "origpubin", "reprint", "reprintas", "reprintfrom",
                           "reprintof", "reviewof", "translationas", "translationfrom", "translationof"})
# Fields that may carry editorial brackets or question marks (never real bibliographic data).
FREE_TEXT_FIELDS = frozenset({"title", "note", "addendum", "annotation"})
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# -- helpers -------------------------------------------------------------------------------------
def field(entry: bibtexparser.model.Entry, name: str, parent=None) -> str:
    """A field's value, or (for crossref children) the parent's, as biblatex would inherit it."""
    if name in entry.fields_dict:
        return entry[name]
    if parent is not None and name in parent.fields_dict and name not in ("title", "subtitle"):
        return parent[name]
    return ""


def expected_key(entry, entries: dict) -> str:
    parent = entries.get(field(entry, "crossref")) if "crossref" in entry.fields_dict else None
    own = {f.key.lower(): str(f.value) for f in entry.fields}
    inherited = {f.key.lower(): str(f.value) for f in parent.fields} if parent is not None else None
    return citation_key(own, inherited, entry.entry_type)


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def library():
    return bibtexparser.parse_file(str(BIB))


@pytest.fixture(scope="module")
def entries(library):
    return {e.key: e for e in library.entries}


@pytest.fixture(scope="module")
def pandoc_run():
    return subprocess.run([pypandoc.get_pandoc_path(), str(BIB), "-f", "biblatex", "-t", "csljson"],
                          capture_output=True, text=True, timeout=60)


def _keys() -> list[str]:
    return [e.key for e in bibtexparser.parse_file(str(BIB)).entries]


KEYS = _keys()


# -- parsing -------------------------------------------------------------------------------------
def test_bibtexparser_parses_without_failed_blocks(library):
    assert library.failed_blocks == [], [type(b).__name__ for b in library.failed_blocks]
    assert len(library.entries) >= 40


def test_no_duplicate_keys_even_ignoring_case(library):
    keys = [e.key.lower() for e in library.entries]
    assert len(keys) == len(set(keys))


def test_pandoc_reads_it_as_biblatex_without_warnings(pandoc_run):
    assert pandoc_run.returncode == 0, pandoc_run.stderr
    assert pandoc_run.stderr.strip() == ""


def test_pandoc_outputs_every_key(pandoc_run, entries):
    ids = {item["id"] for item in json.loads(pandoc_run.stdout)}
    assert ids == set(entries)


def test_braced_publishers_stay_one_name(pandoc_run):
    items = {item["id"]: item for item in json.loads(pandoc_run.stdout)}
    assert items["sontag2007same"]["publisher"] == "Farrar, Straus and Giroux"
    assert items["serge1992year"]["publisher"] == "Bookmarks; Pluto Press; Writers and Readers"
    assert items["proudhon2011property"]["publisher-place"] == "Edinburgh; Oakland"


def test_proper_nouns_survive_sentence_casing(pandoc_run):
    items = {item["id"]: item for item in json.loads(pandoc_run.stdout)}
    assert items["weissman2013victor"]["title"].startswith("Victor Serge")
    assert "Russian Revolution" in items["serge1992year"]["title"]
    assert "Kronstadt" in items["lenin1986exchange"]["title"]


def test_section_of_unknown_authorship_gets_no_author(pandoc_run):
    items = {item["id"]: item for item in json.loads(pandoc_run.stdout)}
    assert "author" not in items["lenin1986exchange"]
    assert items["lenin1986exchange"]["container-title"] == "Kronstadt"


# -- the file's own conventions ------------------------------------------------------------------
def test_every_entry_is_preceded_by_an_evidence_comment():
    lines = BIB.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("@"):
            previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            assert previous.startswith("%"), f"no % comment before line {i + 1}: {line}"


def test_comments_hold_no_at_sign():
    """BibTeX readers start an entry at any @, even inside a % comment."""
    for n, line in enumerate(BIB.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("%"):
            assert "@" not in line, f"line {n}"


def test_header_documents_key_convention_and_keywords():
    head = BIB.read_text(encoding="utf-8")[:6000]
    assert "auth.lower + year + veryshorttitle.lower" in head
    assert "[auth:lower][year][veryshorttitle:lower]" in head
    for keyword in KEYWORDS:
        assert keyword in head


# -- per entry -----------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_key_follows_better_bibtex_formula(key, entries):
    expected = expected_key(entries[key], entries)
    assert re.fullmatch(re.escape(expected) + "[a-z]?", key), f"{key} should be {expected}"


@pytest.mark.parametrize("key", KEYS)
def test_links_resolve(key, entries):
    entry = entries[key]
    for name in ("crossref", "xref", "related"):
        for target in filter(None, (t.strip() for t in field(entry, name).split(","))):
            assert target in entries, f"{key}: {name} = {target} does not exist"
            assert target != key
    if "related" in entry.fields_dict:
        assert field(entry, "relatedtype") in RELATED_TYPES


@pytest.mark.parametrize("key", KEYS)
def test_dates_and_fields(key, entries):
    entry = entries[key]
    assert "year" not in entry.fields_dict, "use date, not year"
    for name in ("date", "origdate"):
        if name in entry.fields_dict:
            assert DATE.match(entry[name]), f"{name} = {entry[name]!r}"
    if "pages" in entry.fields_dict:
        assert re.fullmatch(r"[0-9ivxlc]+(--[0-9ivxlc]+)?", entry["pages"]), entry["pages"]
    for name, value in ((f.key, f.value) for f in entry.fields):
        if name not in FREE_TEXT_FIELDS:
            assert "[" not in value and "?" not in value, f"placeholder in {name}: {value!r}"
        # docs/bibliography.md: Unicode, not LaTeX commands; LaTeX's special characters escaped (BIB-020).
        unescaped = re.sub(r"\\[&%#_$]|\\\^\{\}|\\~\{\}", "", value)
        assert "\\" not in unescaped, f"LaTeX command in {name}: use Unicode"
        assert not set(unescaped) & set("&%#$_^"), f"unescaped LaTeX special character in {name}: {value!r}"
        assert value.count("{") == value.count("}"), f"unbalanced braces in {name}"


@pytest.mark.parametrize("key", KEYS)
def test_keywords_are_documented_and_flagged_entries_explain(key, entries):
    entry = entries[key]
    keywords = {k.strip() for k in field(entry, "keywords").split(",") if k.strip()}
    assert keywords <= KEYWORDS
    if "reconstructed" in keywords:
        assert field(entry, "note"), "a reconstructed entry must say in note what is uncertain"


@pytest.mark.parametrize("key", KEYS)
def test_every_entry_has_a_creator_and_a_title_or_a_note(key, entries):
    entry = entries[key]
    parent = entries.get(field(entry, "crossref")) if "crossref" in entry.fields_dict else None
    assert any(field(entry, f, parent) for f in CREATOR_FIELDS), "no author, editor or other creator"
    assert field(entry, "title") or field(entry, "note"), "an untitled entry must explain itself in note"


def test_two_weissman_editions_are_linked(entries):
    later = entries["weissman2013victor"]
    assert later["related"] == "weissman2001victor"
    assert later["relatedtype"] == "origpubas"
