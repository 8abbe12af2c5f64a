"""Names filter: every occurrence of a person declared in the names file is marked for the index of names.

Metadata read: `names`: a names file's mapping as in edition/names.yaml (`persons`, a list of {name,
variants}), read through the configuration's schema (Names); the pipeline passes the persons in-process. Marks running text and notes, not citations (a name in a reference is
not a person discussed). Each mark is `Span.name` with attribute `name` (the canonical form) and an id
`<essay>-name-<k>` that the index links to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import panflute as pf

from critedition.config.schema import Names
from critedition.doc.state import state_of
from critedition.doc.text import descendants, flatten, paragraphs, wrap


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    name: str


def compile_names(persons: list[dict]) -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for all variants, longest first, so "Leon Trotsky" wins over "Trotsky"."""
    canon = {v: p["name"] for p in persons for v in p.get("variants") or []}
    alts = "|".join(re.escape(v) for v in sorted(canon, key=len, reverse=True))
    # A variant is a whole word: not inside "Trotskyist", "Leninism" or "Marx-Engels".
    return re.compile(rf"(?<![\w-])({alts})(?=(?:[’']s)?(?![\w-]))"), canon


def find_names(text: str, pattern: re.Pattern, canon: dict[str, str]) -> list[Occurrence]:
    return [Occurrence(m.start(1), m.end(1), canon[m.group(1)]) for m in pattern.finditer(text)] if canon else []


def run(doc: pf.Doc, persons: list[dict] | None = None) -> pf.Doc:
    st = state_of(doc)
    if persons is None:
        persons = [p.model_dump() for p in Names.model_validate(doc.get_metadata("names", {}) or {}).persons]
    pattern, canon = compile_names(persons)
    if not canon:
        return doc
    counter = [0]
    divs = [e for e in descendants(doc) if isinstance(e, pf.Div) and ({"para", "note-body"} & set(e.classes))]
    for div in divs:
        for para in paragraphs(div):
            text, _ = flatten(para.content)
            occ = find_names(text, pattern, canon)

            def mark(els, k, occ=occ):
                counter[0] += 1
                return pf.Span(*els, identifier=f"{st.essay}-name-{counter[0]}", classes=["name"],
                               attributes={"name": occ[k].name})
            para.content, _ = wrap(para.content, [(o.start, o.end) for o in occ], mark)
    return doc


def main(doc: pf.Doc | None = None):
    """As a pandoc filter: the persons come from the document's `names` metadata."""
    return pf.run_filter(lambda elem, doc: None, finalize=run, doc=doc)


if __name__ == "__main__":
    main()
