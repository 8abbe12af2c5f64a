"""The watch's bibliography shortcuts: the recorded look-ups of an essay's filters, replayed on an edited
bibliography, and the entries a book depends on (bib/recording.py, bib/reach.py)."""

from __future__ import annotations

import json
import re

import pytest

from critedition import config
from critedition.bib import lint
from critedition.bib.library import Entry, Library
from critedition.bib.reach import book_reached, changed_entries, cited_keys, depends
from critedition.bib.recording import MATCHED, RecordingLibrary
from critedition.build.stages import essay_json, filtered
from critedition.diagnostics import Report
from critedition.witness import ingest

BIB = (config.ROOT / "bibliography.bib").read_text(encoding="utf-8")
UNCITED = "\n@book{tester2099uncited,\n  author = {Tester, Ann},\n  title = {An Uncited Book},\n  date = {2099},\n}\n"


def library(text: str) -> Library:
    return lint.library(lint.parse(text))


def entry_text(key: str) -> str:
    """An entry of bibliography.bib as written, from its @ to its closing brace."""
    start = BIB.index("{" + key + ",")
    return BIB[BIB.rindex("@", 0, start):BIB.index("\n}", start) + 2]


@pytest.fixture(scope="module")
def recorded() -> dict[str, tuple[RecordingLibrary, str]]:
    """Each essay filtered with a recording of the edition's bibliography: (the recording, the essay's JSON)."""
    edition = config.load()
    out = {}
    for e in edition.essays:
        asked = RecordingLibrary(library(BIB))
        out[e] = asked, essay_json(filtered(edition, e, Report(), asked, ingest(edition.essays[e], Report())))
    return out


def test_a_recording_library_makes_the_same_essays(recorded):
    edition = config.load()
    for e, (asked, doc) in recorded.items():
        assert asked.asked and asked.seen
        assert essay_json(filtered(edition, e, Report(), library(BIB), ingest(edition.essays[e], Report()))) == doc


class Fields(dict):
    """An entry's fields that remember which were read."""

    read: set[str] = set()

    def get(self, key, default=None):
        Fields.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        Fields.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        Fields.read.add(key)
        return super().__contains__(key)

    def __iter__(self):
        Fields.read.add("*every field*")
        return super().__iter__()

    def items(self):
        Fields.read.add("*every field*")
        return super().items()


def test_the_filters_see_an_entry_through_the_matched_fields_only():
    """What lets a publisher or a note change without any essay being filtered again."""
    base = library(BIB)
    watched = Library([Entry(e.key, e.type, Fields(e.fields), e.line, Fields(e.inherited)) for e in base.entries.values()])
    Fields.read = set()
    edition = config.load()
    for e in edition.essays:
        filtered(edition, e, Report(), RecordingLibrary(watched), ingest(edition.essays[e], Report()))
    assert Fields.read and Fields.read <= set(MATCHED), Fields.read - set(MATCHED)


def _first_cited_with(field: str, recorded) -> str:
    seen = set().union(*(a.seen for a, _ in recorded.values()))
    lib = library(BIB)
    return next(k for k in lib.entries if k in seen and field in lib.entries[k].fields)


def test_the_same_answers_for_edits_the_filters_cannot_see(recorded):
    key = _first_cited_with("publisher", recorded)
    start = BIB.index("{" + key + ",")
    publisher = re.sub(r"(\n\s*publisher\s*=\s*\{)", r"\1The ", BIB[start:], count=1)
    for text in [BIB, BIB + UNCITED, UNCITED + BIB, BIB[:start] + publisher]:
        for asked, _ in recorded.values():
            assert asked.same_answers(library(text))


def test_a_bibliography_the_filters_see_as_before_is_not_asked_again(recorded, monkeypatch):
    # a publisher's change leaves every entry as the filters see it: the answers are the same, without a replay
    key = _first_cited_with("publisher", recorded)
    start = BIB.index("{" + key + ",")
    edited = library(BIB[:start] + re.sub(r"(\n\s*publisher\s*=\s*\{)", r"\1The ", BIB[start:], count=1))
    replays = []
    monkeypatch.setattr(RecordingLibrary, "ask", lambda self, *a: replays.append(a))
    for asked, _ in recorded.values():
        assert asked.same_answers(edited)
    assert replays == []


def test_other_answers_for_edits_the_filters_see(recorded):
    lib = library(BIB)
    asked = recorded["mckay"][0]
    key = next(k for k in asked.seen if lib.entries[k].title and lib.entries[k].names)
    start = BIB.index("{" + key + ",")
    title = BIB[:start] + re.sub(r"(\n\s*title\s*=\s*\{)", r"\1Another ", BIB[start:], count=1)
    for text in [title, BIB.replace(entry_text(key), "")]:
        assert not asked.same_answers(library(text))
    # Price cites by author and year: a second work of an author it cites, in the same year, is a question
    family, year = next(args for (name, args, _), answer in recorded["price"][0].asked.items()
                        if name == "by_name_year" and answer)
    second = BIB + f"\n@book{{tester{year}second,\n  author = {{{family}, A.}},\n  title = {{A Second Work}},\n" \
                   f"  date = {{{year}}},\n}}\n"
    assert not recorded["price"][0].same_answers(library(second))


def test_entries_seen_in_another_order_are_other_answers(recorded):
    lib = library(BIB)
    asked = recorded["mckay"][0]
    a, b = (entry_text(k) for k in [k for k in lib.entries if k in asked.seen][:2])
    swapped = BIB.replace(a, "\0").replace(b, a).replace("\0", b)
    assert set(library(swapped).entries) == set(lib.entries)
    assert not asked.same_answers(library(swapped))


def test_a_lookup_the_recording_does_not_know_is_refused():
    with pytest.raises(AttributeError, match="does not record"):
        RecordingLibrary(library(BIB)).failed_blocks  # noqa: B018


# -- reach ------------------------------------------------------------------------------------------------

SMALL = """@book{parent, editor = {Ed, A.}, title = {The Book}, date = {2000}}
@incollection{child, author = {Au, B.}, title = {A Chapter}, crossref = {parent}, date = {2000}}
@book{first, author = {Au, B.}, title = {First Edition}, date = {1990}}
@book{second, author = {Au, B.}, title = {Second Edition}, date = {2010}, related = {first}}
@book{alone, author = {Al, C.}, title = {Alone}, date = {2001}}
@book{further, author = {Fu, D.}, title = {Further}, date = {2002}, keywords = {further-reading}}
"""


def test_changed_entries():
    old = library(SMALL)
    assert changed_entries(old, library(SMALL)) == set()
    assert changed_entries(old, library(SMALL.replace("{Alone}", "{Alone Again}"))) == {"alone"}
    assert changed_entries(old, library(SMALL + "@book{new, author={N, N.}, title={N}, date={2020}}")) == {"new"}
    assert changed_entries(old, library(SMALL.replace("{The Book}", "{The Big Book}"))) == {"parent", "child"}
    macro = '@string{pub = "Press"}\n'
    with_macro = macro + SMALL.replace("date = {2001}", "date = {2001}, publisher = pub")
    assert changed_entries(library(with_macro), library(with_macro.replace('"Press"', '"Other Press"'))) == {"alone"}


def test_a_book_depends_on_what_it_cites_and_what_links_to_it():
    lib = library(SMALL)
    assert depends(lib, {"child"}) == {"child", "parent"}
    assert depends(lib, {"first"}) == {"first", "second"}  # the later edition's back-link
    assert depends(lib, {"alone"}) == {"alone"}


def test_a_book_is_reached_by_the_entries_it_depends_on_and_by_further_reading():
    old = library(SMALL)
    new = library(SMALL.replace("{Alone}", "{Alone Again}"))
    assert book_reached({"alone"}, old, new, changed_entries(old, new))
    assert not book_reached({"child"}, old, new, changed_entries(old, new))
    listed = library(SMALL.replace("date = {2001}", "date = {2001}, keywords = {further-reading}"))
    assert book_reached({"child"}, old, listed, changed_entries(old, listed))
    later = library(SMALL + "@book{third, author = {Au, B.}, title = {Third}, date = {2020}, related = {second}}")
    assert book_reached({"first"}, old, later, changed_entries(old, later))


def test_cited_keys_in_text_and_metadata():
    cite = {"t": "Cite", "c": [[{"citationId": "a", "citationPrefix": [], "citationSuffix": [],
                                  "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0,
                                  "citationHash": 0}], []]}
    nocite = {"t": "MetaInlines", "c": [{**cite, "c": [[{**cite["c"][0][0], "citationId": "b"}], []]}]}
    doc = {"pandoc-api-version": [1, 23], "meta": {"nocite": nocite}, "blocks": [{"t": "Para", "c": [cite]}]}
    assert cited_keys(json.dumps(doc)) == {"a", "b"}
