"""Which entries an edit of the bibliography changed, and which entries a book's cited text depends on."""

from __future__ import annotations

import json

from .library import Library

# Fields that name other entries: a cited chapter takes fields from its book (crossref, xdata), an entry's
# back-link names its other editions (related), `ids` gives a key more names.
LINKS = ("crossref", "xref", "xdata", "related", "ids")


def changed_entries(old: Library, new: Library) -> set[str]:
    """Keys added, removed or changed in any field (with @string macros resolved: bibtexparser's parse does)."""
    def state(lib: Library, key: str):
        e = lib.entries.get(key)
        return None if e is None else (e.type, e.fields, e.inherited)
    return {k for k in old.entries.keys() | new.entries.keys() if state(old, k) != state(new, k)}


def further_reading(lib: Library) -> set[str]:
    """Entries every book lists (as in bib/annotations.further_reading_keys)."""
    return {k for k, e in lib.entries.items() if "further-reading" in e.fields.get("keywords", "")}


def _links(lib: Library, key: str) -> set[str]:
    e = lib.entries.get(key)
    if e is None:
        return set()
    return {t.strip() for f in LINKS for t in e.fields.get(f, "").split(",") if t.strip()}


def depends(lib: Library, cited: set[str]) -> set[str]:
    """The entries whose text can reach a book citing `cited`: those, every entry they link to, and every entry
    linking to one of them (a later edition's `related` gives the cited one a back-link with its name and
    year), until nothing more is added."""
    out = set(cited)
    todo = list(out)
    linking: dict[str, set[str]] = {}
    for key in lib.entries:
        for target in _links(lib, key):
            linking.setdefault(target, set()).add(key)
    while todo:
        key = todo.pop()
        for other in _links(lib, key) | linking.get(key, set()):
            if other not in out:
                out.add(other)
                todo.append(other)
    return out


def cited_keys(doc_json: str) -> set[str]:
    """Every key a Pandoc document (its JSON) cites, in its text and its metadata (nocite)."""
    keys: set[str] = set()

    def hook(node: dict) -> dict:
        if node.get("t") == "Cite":
            keys.update(c["citationId"] for c in node["c"][0])
        return node
    json.loads(doc_json, object_hook=hook)
    return keys


def book_reached(cited: set[str], old: Library, new: Library, changed: set[str]) -> bool:
    """Whether changing `changed` (between two versions of the bibliography) can change a book citing `cited`:
    an entry it depends on in either version, with the entries every book lists as further reading in either."""
    keys = cited | further_reading(old) | further_reading(new)
    return bool(changed & (depends(old, keys) | depends(new, keys)))
