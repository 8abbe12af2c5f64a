"""The build graph, declared once: each stage with its inputs, outputs and how it runs.

`edition deps` writes it out as make rules (build/deps.mk), and `edition build` walks it level by level. An
input is a path relative to the edition, a `glob:` pattern, or one of the make variables the Makefile itself
defines (the toolchain's code and environment, the bibliography's and the build date's content stamps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from ..config import Edition, design_folder, relpath
from .paths import (FORMATS, audit_page, book_output, cited_cache, essay_cache, essay_outputs, ingest_cache,
                    pages_cache, stamp)

# What make itself knows, and the graph only names: the environment and code, the content stamps.
TOOLCHAIN = ("$(STAMP)", "$(CODE)")
BIBLIOGRAPHY = "$(BIB_STAMP)"
BUILD_DATE = "$(DATE_STAMP)"


def _design(part: str, name: str) -> str:
    """A design file (the edition's own, or the toolchain's for an edition without one), as the rules name it."""
    return relpath(design_folder(part) / name)


def format_inputs(fmt: str) -> tuple[str, ...]:
    """What a format's step reads besides the cited book: its defaults, the template, the CSS and the fonts
    (the books' own, their licences and fontconfig file: render/fonts.py)."""
    css, template, fonts = "glob:" + _design("css", "*.css"), _design("templates", "book.html"), \
        "glob:" + _design("fonts", "*")
    return {"html": (_design("defaults", "html.yaml"), template, css, fonts),
            "epub": (_design("defaults", "epub.yaml"), css, template, fonts),
            "pdf": (_design("defaults", "pdf.yaml"), template, css, fonts)}[fmt]


# The HTML and the EPUB mark the print edition's pages, which the PDF's stage records as it lays the book out:
# they come a level after it (render/pages.py).
PAGINATED = ("html", "epub")


@dataclass(frozen=True)
class Stage:
    """One step of the build: `kind` names its runner (build/walk.py), `args` its subject."""

    kind: str                      # ingest | essay | audit | cite | render
    args: tuple[str, ...]
    outputs: tuple[Path, ...]      # the result first: the one a diagnostic names
    inputs: tuple[str, ...]
    command: str                   # the `edition` subcommand make runs for it
    cached: bool = True            # rewritten only when its content changes, with a stamp beside it
    level: int = 0                 # stages of one level are independent of each other
    gate: bool = False             # a failure at this level stops the build before the next
    after: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # (kind, args) of what it reads

    @property
    def id(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.args)


def _essay_stages(edition: Edition, essay_id: str) -> list[Stage]:
    e = edition.essays[essay_id]
    own = (e.witness_file, e.file)
    names = edition.settings.names  # the index of names' persons, read by the essay's filters
    persons = (relpath(edition.root / "edition" / names),) if names else ()
    return [
        Stage("ingest", (essay_id,), (ingest_cache(essay_id),), (*own, *TOOLCHAIN, "edition/edition.yaml"),
              f"essay --ingest-only {essay_id}", level=0),
        # The filters read the essay's configuration too (citation style, sigla, language, short title) and
        # the witness (source positions): both are inputs here as well as of ingest.
        Stage("essay", (essay_id,), essay_outputs(essay_id),
              (relpath(ingest_cache(essay_id)), *own, *TOOLCHAIN, BIBLIOGRAPHY, "edition/edition.yaml", *persons),
              f"essay --from-ingested {essay_id}", level=1, gate=True, after=(("ingest", (essay_id,)),)),
    ]


def _book_stages(edition: Edition, book_id: str, formats) -> list[Stage]:
    b = edition.book(book_id)
    csl = edition.csl_of(b)
    style = (csl,) if csl.endswith(".csl") else ()  # the book's own CSL file, if any
    editorial = tuple(f"edition/editorial/{name}.md" for name in b.settings.editorial)  # book/matter.py
    cite = Stage("cite", (book_id,), (cited_cache(book_id),),
                 (*(relpath(essay_cache(e)) for e in b.essays), *TOOLCHAIN, BIBLIOGRAPHY, BUILD_DATE,
                  "edition/edition.yaml", _design("defaults", "common.yaml"), *editorial, *style),
                 f"build --cite-only --book {book_id}", level=2, after=tuple(("essay", (e,)) for e in b.essays))
    pages = relpath(pages_cache(book_id))

    def render(fmt: str) -> Stage:
        paged = fmt in PAGINATED
        return Stage("render", (book_id, fmt),
                     (book_output(book_id, fmt), *((pages_cache(book_id),) if fmt == "pdf" else ())),
                     (relpath(cited_cache(book_id)), *TOOLCHAIN, BUILD_DATE, "edition/edition.yaml",
                      *format_inputs(fmt), *((pages,) if paged else ())),
                     f"build --from-cited --book {book_id} --to {fmt}", cached=False, level=4 if paged else 3,
                     after=(("cite", (book_id,)), *((("render", (book_id, "pdf")),) if paged else ())))

    return [cite, *(render(fmt) for fmt in formats)]


def stages(edition: Edition, books=None, formats=FORMATS) -> list[Stage]:
    """The stages that make these books (all by default), in an order that respects what each reads.

    A whole build makes every essay (as the audit wants every essay's stamp); a partial one the books' own."""
    books = list(books or edition.books)
    whole = set(books) == set(edition.books)
    essays = [e for e in edition.essays if whole or any(e in edition.book(b).essays for b in books)]
    out = [s for e in essays for s in _essay_stages(edition, e)]
    if whole:
        out.append(Stage("audit", (), (audit_page(),), tuple(relpath(stamp(essay_cache(e))) for e in essays),
                         "audit", cached=False, level=2, after=tuple(("essay", (e,)) for e in essays)))
    for b in books:
        out += _book_stages(edition, b, formats)
    return sorted(out, key=lambda s: s.level)


def reached(every: list[Stage], edition: Edition, changed: set[str]) -> dict[tuple, set[str]]:
    """The stages that read one of the `changed` files (paths relative to the edition), each with the inputs
    that name them: where a change of the sources enters the graph. The toolchain and the build date are
    no files an editor changes; what the build itself writes (build/) never counts."""
    changed = {c for c in changed if not c.startswith("build/")}
    out: dict[tuple, set[str]] = {}
    for s in every:
        hit = {i for i in s.inputs if _names(i, changed, relpath(edition.bibliography))}
        if hit:
            out[s.id] = hit
    return out


def input_files(stage: Stage, edition: Edition) -> list[Path]:
    """The files a stage reads, as they are now (globs expanded; the toolchain and the build date apart)."""
    out: list[Path] = []
    for value in stage.inputs:
        if value == BIBLIOGRAPHY:
            out.append(edition.bibliography)
        elif value.startswith("glob:"):
            out += sorted(edition.root.glob(value[5:]))
        elif not value.startswith("$("):
            out.append(edition.root / value)
    return out


def _names(value: str, changed: set[str], bibliography: str) -> bool:
    if value == BIBLIOGRAPHY:
        return bibliography in changed
    if value.startswith("glob:"):  # as make's $(wildcard): `*` stays in its folder
        return any(fnmatchcase(c, value[5:]) and c.count("/") == value.count("/") for c in changed)
    return value in changed


def _make_input(value: str) -> str:
    return f"$(wildcard {value[5:]})" if value.startswith("glob:") else value


def makefile(edition: Edition) -> str:
    """The rules of build/deps.mk: each stage's outputs from its inputs, by its `edition` command."""
    lines = ["# Generated by `edition deps` from critedition/build/graph.py: do not edit.",
             f"BOOKS := {' '.join(edition.books)}",
             f"ESSAYS := {' '.join(edition.essays)}",
             f"BIBLIOGRAPHY := {relpath(edition.bibliography)}"]
    every = stages(edition)
    for s in every:
        inputs = " ".join(_make_input(i) for i in s.inputs)
        command = f"$(EDITION) {s.command}"
        result = relpath(s.outputs[0])
        if s.cached:
            # Each cached stage is two files: a stamp that records the run, and the result, which the run
            # rewrites only when its content changes. Make looks at the result's date again after its (empty)
            # rule, so a rerun that changes nothing stops there: touching bibliography.bib, or an edit that
            # changes no book, rebuilds no book.
            name = relpath(stamp(s.outputs[0]))
            lines += [f"{name}: {inputs}", f"\t{command}", "\t@touch $@",
                      f"{result}: {name}", f"\t@test -f $@ || {command}"]
        else:
            lines += [f"{result}: {inputs}", f"\t{command}"]
        # A further output another stage reads (the PDF's pagination): made by this stage's command.
        for extra in s.outputs[1:]:
            if any(relpath(extra) in other.inputs for other in every):
                lines += [f"{relpath(extra)}: {result}", f"\t@test -f $@ || {command}"]
    renders = [s for s in every if s.kind == "render"]
    lines.append("ALL_OUTPUTS := " + " ".join(relpath(s.outputs[0]) for s in every if s.kind in ("audit", "render")))
    for fmt in FORMATS:
        lines.append(f"{fmt.upper()}_OUTPUTS := " + " ".join(relpath(s.outputs[0]) for s in renders if s.args[1] == fmt))
    return "\n".join(lines)
