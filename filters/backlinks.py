"""Backlinks filter: each bibliography entry lists, and links to, every place that cites it (essay, ¶ or note).

Runs on a whole book after citeproc. Metadata read: none. Reads the essays' `.para` Divs (attribute `n`),
the note bodies (`.note-body`, attribute `n`), the essay Divs (`.essay`, attribute `label`) and the
entries citeproc wrote (`#ref-KEY`). Entries of works the editors reconstructed (`keywords =
{reconstructed}`) also get the entry's note, passed in by the caller.
"""

from __future__ import annotations

import panflute as pf

from critedition.doc.inlines import words
from critedition.doc.text import descendants, transform


def place_of(elem: pf.Element) -> tuple[str, str, str] | None:
    """(essay label, place label, anchor id) of the paragraph or note holding `elem`."""
    essay = label = anchor = None
    node = elem.parent
    while node is not None and not isinstance(node, pf.Doc):
        if isinstance(node, pf.Div):
            if label is None and "note-body" in node.classes:
                label, anchor = f"n. {node.attributes.get('n', '?')}", f"{node.identifier}-call"
            elif label is None and "para" in node.classes:
                label, anchor = f"¶ {node.attributes.get('n', '?')}", node.identifier
            elif "essay" in node.classes:
                essay = node.attributes.get("label") or node.identifier
                break
        node = node.parent
    return (essay or "", label, anchor) if label else None


def collect(doc: pf.Doc) -> dict[str, list[tuple[str, str, str]]]:
    """Key -> citing places, in document order, without repeats."""
    places: dict[str, list[tuple[str, str, str]]] = {}

    def action(elem, _doc):
        if isinstance(elem, pf.Cite):
            where = place_of(elem)
            if where:
                for c in elem.citations:
                    seen = places.setdefault(c.id, [])
                    if where not in seen:
                        seen.append(where)
    transform(doc, action)
    for key, ps in places.items():  # per essay: paragraphs in order, then notes in order
        order = {e: i for i, (e, _, _) in reversed(list(enumerate(ps)))}
        ps.sort(key=lambda p: (order[p[0]], p[1].startswith("n."), int("".join(filter(str.isdigit, p[1])) or 0)))
    return places


def backlinks(places: list[tuple[str, str, str]], several_essays: bool) -> list[pf.Inline]:
    out: list[pf.Inline] = [pf.Str("Cited:")]
    current = None
    for essay, label, anchor in places:
        if several_essays and essay != current:
            out += [pf.Str(";") if current else pf.Str(""), pf.Space(), pf.Emph(pf.Str(essay))]
            current = essay
        elif out[-1] != pf.Str("Cited:"):
            out.append(pf.Str(","))
        out += [pf.Space(), pf.Link(*words(label), url=f"#{anchor}", classes=["backlink"])]
    return [el for el in out if not (isinstance(el, pf.Str) and el.text == "")]


def run(doc: pf.Doc, notes: dict[str, str] | None = None,
        related: dict[str, list[tuple[str, str, str]]] | None = None) -> pf.Doc:
    """Append to each entry of the references list: an editors' note, related editions, backlinks.

    `related` maps a key to (other key, label, relation), e.g. ("weissman2001victor", "Weissman 2001",
    "first published as"); an edition not in this book's list is named without a link.
    """
    places = collect(doc)
    essays = {e for ps in places.values() for e, _, _ in ps}
    listed = {e.identifier[4:] for e in descendants(doc) if isinstance(e, pf.Div) and e.identifier.startswith("ref-")}

    def action(elem, _doc):
        if isinstance(elem, pf.Div) and elem.identifier.startswith("ref-") and "csl-entry" in elem.classes:
            key = elem.identifier[4:]
            extra: list[pf.Inline] = []
            if notes and key in notes:
                extra += [pf.Space(), pf.Span(pf.Str("["), *words(f"Editors: {notes[key]}"), pf.Str("]"),
                                              classes=["editors-note"])]
            for other, label, relation in (related or {}).get(key, []):
                target = pf.Link(*words(label), url=f"#ref-{other}") if other in listed else pf.Span(*words(label))
                extra += [pf.Space(), pf.Span(pf.Str("["), *words(relation.capitalize()), pf.Space(), target,
                                              pf.Str("]"), classes=["related-edition"])]
            if key in places:
                extra += [pf.Space(), pf.Span(*backlinks(places[key], len(essays) > 1), classes=["backlinks"])]
            if extra and elem.content and isinstance(elem.content[-1], (pf.Para, pf.Plain)):
                elem.content[-1].content.extend(extra)
    return transform(doc, action)


def main(doc: pf.Doc | None = None):
    return pf.run_filters([], finalize=run, doc=doc)


if __name__ == "__main__":
    main()
