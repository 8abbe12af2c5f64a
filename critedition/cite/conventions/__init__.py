"""The registry of citation conventions, one module each, chosen per essay by name in its configuration.

An essay names its conventions under ``citations: conventions:`` (or one under the older ``style:``),
several where it mixes them (abbreviations in the running text, Chicago notes). Where several read the same
part, they read it in the order named and the earlier one's citation wins where two overlap. Notes are
read with ``DEFAULT_NOTES`` when none of the named conventions reads notes. A new convention is a module
with a ``CONVENTION`` and one line below; shared code never asks which convention is in use.
"""

from __future__ import annotations

from collections.abc import Mapping

from critedition.bib.library import Library
from critedition.diagnostics import Report
from critedition.cite.conventions import authoryear, brackets, chicago, references, sigla
from critedition.cite.conventions.base import Convention, Reading, combine
from critedition.cite.model import BARE_PAGE_SOURCES, Context

REGISTRY: dict[str, Convention] = {c.name: c for c in (sigla.CONVENTION, authoryear.CONVENTION,
                                                        references.CONVENTION, chicago.CONVENTION,
                                                        brackets.CONVENTION)}
DEFAULT = "sigla"
DEFAULT_NOTES = "references"


def names_of(cfg: Mapping) -> list[str]:
    """The conventions an essay's ``citations`` mapping names, in order."""
    names = cfg.get("conventions")
    if names is None:
        names = [cfg.get("style") or DEFAULT]
    return list(names) if isinstance(names, list) else [names]


def unknown(cfg: Mapping) -> list[str]:
    """Names of conventions that are not in the registry."""
    return [n for n in names_of(cfg) if isinstance(n, str) and n not in REGISTRY]


def reading(cfg: Mapping) -> Reading:
    """The Reading of an essay's known conventions (unknown names are left out: see ``unknown``)."""
    chosen = tuple(REGISTRY[n] for n in names_of(cfg) if isinstance(n, str) and n in REGISTRY)
    notes = [c.notes for c in chosen if c.notes] or [REGISTRY[DEFAULT_NOTES].notes]
    return Reading(chosen, combine([c.text for c in chosen if c.text]), combine(notes))


def context(cfg: Mapping, library: Library, sigla: dict[str, str]) -> Context:
    """The reading state for one essay, with the options its ``citations`` mapping sets (defaults: McKay's
    usage): ``bare-pages: {from: named | abbreviation | any, within: paragraphs (0: no limit)}``,
    ``single-digit-pages: false``, and ``aliases``. Values that came through document metadata as text
    ("0", "true") are read as what they say."""
    bare = cfg.get("bare-pages") or {}
    source, within = str(bare.get("from", "named")), str(bare.get("within", 1))
    single = str(cfg.get("single-digit-pages", False)).lower() in ("true", "yes", "1")
    return Context(library=library, sigla=sigla, aliases=dict(cfg.get("aliases") or {}),
                   bare_page_window=int(within) if within.isdigit() else 1,
                   bare_page_from=source if source in BARE_PAGE_SOURCES else "named",
                   single_digit_pages=single)


def lint(cfg: Mapping, file: str, report: Report) -> None:
    """Unknown convention names (CFG-013) and option values the reading cannot use (CFG-003), at their lines
    (the configuration lint checks only the keys' types: it does not load the conventions)."""
    lines = getattr(cfg, "lines", {})
    where = lines.get("conventions", lines.get("style", lines.get("", 0)))
    for name in unknown(cfg):
        report.add("CFG-013", file, where, style=name, known=", ".join(REGISTRY))
    bare = cfg.get("bare-pages")
    if not isinstance(bare, Mapping):
        return
    at = getattr(bare, "lines", {})
    source, within = bare.get("from", "named"), bare.get("within", 1)
    if source not in BARE_PAGE_SOURCES:
        report.add("CFG-003", file, at.get("from", 0), key="from", where="citations bare-pages",
                   expected=" or ".join(BARE_PAGE_SOURCES), actual=repr(source))
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        report.add("CFG-003", file, at.get("within", 0), key="within", where="citations bare-pages",
                   expected="a number of paragraphs (0: no limit)", actual=repr(within))
