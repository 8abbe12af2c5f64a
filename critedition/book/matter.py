"""Editorial matter of a book: the editors' Markdown, the list of abbreviations and the index of names."""

from __future__ import annotations

import re
import unicodedata

import panflute as pf

from critedition.doc.text import descendants, transform

from ..config import Book, Edition
from ..diagnostics import Report
from ..doc.inlines import words
from .. import pandoc

XREF_PLACE = re.compile(r"^\s*(¶|n\.)\s*(\d+)\s*$")


def _label(essay_div: pf.Div) -> str:
    return essay_div.attributes.get("label") or essay_div.identifier


def cross_references(doc: pf.Doc, essays: dict[str, str], ids: set[str], report: Report, file: str) -> pf.Doc:
    """`[see @price ¶ 12]` in editorial Markdown becomes a link to that paragraph (or `n. 3` to a note)."""

    def action(elem, _doc):
        if not isinstance(elem, pf.Cite) or not all(c.id in essays for c in elem.citations):
            return None
        out: list[pf.Inline] = []
        for c in elem.citations:
            m = XREF_PLACE.match(pf.stringify(pf.Para(*c.suffix)).lstrip(", ")) if c.suffix else None
            if not m:
                report.add("CITE-006", file, ref=pf.stringify(elem), detail="write it as [see @essay ¶ 12]")
                return None
            target = f"{c.id}-p{m.group(2)}" if m.group(1) == "¶" else f"{c.id}-note-{m.group(2)}-call"
            if target not in ids:
                report.add("CITE-006", file, ref=pf.stringify(elem), detail=f"there is no {m.group(1)} {m.group(2)}")
                return None
            text = [*c.prefix, pf.Space()] if c.prefix else []
            text += [pf.Str(essays[c.id]), pf.Space(), pf.Str(m.group(1)), pf.Space(), pf.Str(m.group(2))]
            if out:
                out += [pf.Str(";"), pf.Space()]
            out.append(pf.Link(*text, url=f"#{target}", classes=["xref"]))
        return out
    return transform(doc, action)


def ids_of(blocks) -> set[str]:
    return {e.identifier for b in blocks for e in descendants(b) if getattr(e, "identifier", "")}


def editorial(edition: Edition, book: Book, essay_divs: list[pf.Div], report: Report) -> list[pf.Block]:
    """The book's editorial Markdown files, each a titled section, with cross-references resolved."""
    out: list[pf.Block] = []
    labels = {d.identifier: _label(d) for d in essay_divs}
    ids = ids_of(essay_divs)
    for name in book.settings.editorial:
        path = edition.root / "edition" / "editorial" / f"{name}.md"
        rel = f"edition/editorial/{name}.md"
        data = pandoc.run(["--sandbox", "--from", "markdown", "--to", "json", str(path)], b"", "read editorial", rel)
        doc = cross_references(pandoc.json_to_doc(data), labels, ids, report, rel)
        title = doc.get_metadata("title", name.replace("-", " ").title())
        out.append(pf.Div(pf.Header(*words(str(title)), level=1, identifier=f"editorial-{name}"),
                          *doc.content, identifier=f"{name}", classes=["editorial", "frontmatter-text"]))
    return out


def abbreviations(sigla: dict[str, str]) -> pf.Div | None:
    """The list of abbreviations; definitions are filled from the rendered bibliography after citeproc."""
    if not sigla:
        return None
    items = [(pf.Link(pf.Emph(*words(s)), url=f"#ref-{k}", classes=["siglum"]),
              [pf.Plain(pf.Span(pf.Str(k), classes=["abbrev-entry"], attributes={"key": k}))])
             for s, k in sorted(sigla.items(), key=lambda sk: sk[0].lower())]
    dl = pf.DefinitionList(*[pf.DefinitionItem([term], [pf.Definition(*defn)]) for term, defn in items])
    return pf.Div(pf.Header(*words("Abbreviations"), level=1, identifier="abbreviations-title"),
                  pf.Para(*words("Works the essays cite by a short title. Each links to its full entry in the bibliography.")),
                  dl, identifier="abbreviations", classes=["abbreviations"])


def fill_abbreviations(doc: pf.Doc) -> pf.Doc:
    """After citeproc: each abbreviation's definition becomes its bibliography entry's text."""
    entries: dict[str, list[pf.Inline]] = {}

    def grab(elem, _doc):
        if isinstance(elem, pf.Div) and elem.identifier.startswith("ref-") and elem.content:
            first = elem.content[0]
            if isinstance(first, (pf.Para, pf.Plain)):
                entries[elem.identifier[4:]] = [e for e in first.content if not (
                    isinstance(e, pf.Span) and ({"backlinks", "editors-note"} & set(e.classes)))]
    transform(doc, grab)

    def fill(elem, _doc):
        if isinstance(elem, pf.Span) and "abbrev-entry" in elem.classes:
            key = elem.attributes.get("key", "")
            if key in entries:
                return pf.Span(*_copy(entries[key]), classes=["abbrev-entry"])
        return None
    return transform(doc, fill)


def _copy(inlines: list[pf.Inline]) -> list[pf.Inline]:
    """Independent copies (deepcopy would follow the parent links up through the whole book)."""
    import io
    import json

    data = {"pandoc-api-version": list(pf.Doc().api_version), "meta": {},
            "blocks": [{"t": "Plain", "c": [e.to_json() for e in inlines]}]}
    block = pf.load(io.StringIO(json.dumps(data))).content[0]
    return list(block.content)


def _sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def index_of_names(essay_divs: list[pf.Div]) -> pf.Div | None:
    """Persons, each with links to the paragraphs and notes where they occur (page numbers in print)."""
    places: dict[str, list[tuple[str, str, str]]] = {}
    for div in essay_divs:
        label = _label(div)

        def action(elem, _doc, label=label):
            if isinstance(elem, pf.Span) and "name" in elem.classes:
                where = _place(elem)
                if where and all((label, where) != (l, p) for l, p, _ in places.get(elem.attributes["name"], [])):
                    places.setdefault(elem.attributes["name"], []).append((label, where, elem.identifier))
        transform(div, action)
    if not places:
        return None
    entries = []
    for name in sorted(places, key=_sort_key):
        inl: list[pf.Inline] = [pf.Span(*words(name), classes=["index-name"]), pf.Str(":")]
        current = None
        for label, where, anchor in places[name]:
            if label != current:
                inl += ([pf.Str(";")] if current else []) + [pf.Space(), pf.Emph(pf.Str(label))]
                current = label
            else:
                inl.append(pf.Str(","))
            inl += [pf.Space(), pf.Link(*words(where), url=f"#{anchor}", classes=["index-ref"])]
        entries.append(pf.ListItem(pf.Plain(*inl)))
    # A list, one item per name: assistive technology says how many names there are and moves by name.
    return pf.Div(pf.Header(*words("Index of Names"), level=1, identifier="index-of-names"), pf.BulletList(*entries),
                  identifier="index", classes=["index", "backmatter"])


def _place(elem: pf.Element) -> str | None:
    node = elem.parent
    while node is not None and not isinstance(node, pf.Doc):
        if isinstance(node, pf.Div) and "note-body" in node.classes:
            return f"n. {node.attributes.get('n', '?')}"
        if isinstance(node, pf.Div) and "para" in node.classes:
            return f"¶ {node.attributes.get('n', '?')}"
        node = node.parent
    return None


def further_reading(doc: pf.Doc, keys: set[str]) -> pf.Doc:
    """After citeproc: entries the editors mark `further-reading` (listed with nocite, not cited by the
    essays) move from the works cited into a section of their own after the bibliography."""
    if not keys:
        return doc
    moved: list[pf.Block] = []

    def take(elem, _doc):
        if isinstance(elem, pf.Div) and elem.identifier.startswith("ref-") and elem.identifier[4:] in keys:
            moved.append(elem)
            return []
        return None
    doc = transform(doc, take)
    if moved:
        section = pf.Div(pf.Header(*words("Further Reading"), level=1, identifier="further-reading-title"),
                         pf.Div(*moved, classes=["references", "csl-bib-body"]),
                         identifier="further-reading", classes=["backmatter"])
        at = next((i for i, b in enumerate(doc.content) if getattr(b, "identifier", "") == "bibliography-section"),
                  len(doc.content) - 1)
        doc.content.insert(at + 1, section)
    return doc
