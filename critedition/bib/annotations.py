"""What the edition's bibliography itself says about its entries: further reading, editors' notes, relations."""

from __future__ import annotations

import functools
from pathlib import Path

from ..config import Edition, relpath
from ..diagnostics import Report
from . import lint
from .library import Library
from .text import clean

RELATION = {"origpubas": "first published as", "origpubin": "first published in", "reprintof": "reprint of"}


@functools.lru_cache(maxsize=4)
def _library(path: str, mtime_ns: int) -> Library:
    # The lint's parse (cached by file version and name), so that a process that lints the file too parses
    # it once: the same name as the lint's callers give (config.relpath).
    bib = lint.read(Path(path), Report(), relpath(Path(path)))
    return lint.library(bib) if bib is not None else Library.load(path)


def library_of(edition: Edition) -> Library:
    """The bibliography, parsed once per process however many books and formats ask for it."""
    path = edition.bibliography
    return _library(str(path), path.stat().st_mtime_ns)


def further_reading_keys(edition: Edition) -> set[str]:
    """Entries the editors mark `further-reading`: listed although no essay cites them."""
    lib = library_of(edition)
    return {k for k, e in lib.entries.items() if "further-reading" in e.fields.get("keywords", "")}


# biblatex's language names (langid, origlanguage) as BCP 47 tags.
LANGUAGE_TAGS = {"english": "en", "american": "en-US", "british": "en-GB", "french": "fr", "german": "de",
                 "ngerman": "de", "austrian": "de-AT", "russian": "ru", "ukrainian": "uk", "spanish": "es",
                 "italian": "it", "portuguese": "pt", "brazilian": "pt-BR", "dutch": "nl", "polish": "pl",
                 "czech": "cs", "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "greek": "el",
                 "latin": "la", "catalan": "ca", "hebrew": "he", "yiddish": "yi", "hungarian": "hu", "romanian": "ro",
                 # a title in the `title` field is romanised; its characters are in `titleaddon`
                 "chinese": "zh-Latn", "japanese": "ja-Latn", "korean": "ko-Latn"}


def title_languages(edition: Edition) -> dict[str, list[tuple[str, str]]]:
    """Each entry's titles whose language it declares, as (text, BCP 47 tag): its title in its `langid`, its
    original title (`origtitle`) in its `origlanguage`."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key, e in library_of(edition).entries.items():
        for text, language in (("title", "langid"), ("origtitle", "origlanguage")):
            tag = LANGUAGE_TAGS.get(e.fields.get(language, "").strip().lower())
            if tag and e.fields.get(text):
                out.setdefault(key, []).append((clean(e.fields[text]), tag))
    return out


def entry_annotations(edition: Edition):
    """What the bibliography adds to entries: editors' notes on reconstructed works, and related editions
    (biblatex `related`, both ways: the 2013 Weissman names the 2001 edition and the 2001 names the 2013)."""
    lib = library_of(edition)
    notes = {k: e.fields.get("note", "reconstructed by the editors") for k, e in lib.entries.items()
             if "reconstructed" in e.fields.get("keywords", "")}

    def label(key: str) -> str:
        e = lib.entries[key]
        return " ".join(x for x in ((e.names or [""])[0], e.year or "") if x)

    related: dict[str, list[tuple[str, str, str]]] = {}
    for key, e in lib.entries.items():
        for other in filter(None, (k.strip() for k in e.fields.get("related", "").split(","))):
            if other in lib.entries:
                kind = RELATION.get(e.fields.get("relatedtype", ""), "related to")
                related.setdefault(key, []).append((other, label(other), kind))
                related.setdefault(other, []).append((key, label(key), "later edition"))
    return notes, related
