"""The registry of citation conventions, one module each, chosen per essay by name in its configuration.

An essay names its conventions under ``citations: conventions:`` (or one under ``style:``),
several where it mixes them (abbreviations in the running text, Chicago notes). Where several read the same
part, they read it in the order named and the earlier one's citation wins where two overlap. Notes are
read with ``DEFAULT_NOTES`` when none of the named conventions reads notes. A new convention is a module
with a ``CONVENTION`` and one line below; shared code never asks which convention is in use.
"""

from __future__ import annotations

from critedition.bib.library import Library
from critedition.config.schema import Citations
from critedition.cite.conventions import authoryear, brackets, chicago, references, sigla
from critedition.cite.conventions.base import Convention, Reading, combine
from critedition.cite.model import Context

REGISTRY: dict[str, Convention] = {c.name: c for c in (sigla.CONVENTION, authoryear.CONVENTION,
                                                        references.CONVENTION, chicago.CONVENTION,
                                                        brackets.CONVENTION)}
DEFAULT_NOTES = "references"


def names_of(cfg: Citations) -> list[str]:
    """The conventions an essay's `citations` settings name, in order."""
    return list(cfg.conventions) or [cfg.style]


def reading(cfg: Citations) -> Reading:
    """The Reading of an essay's conventions (the schema has checked their names against the registry)."""
    chosen = tuple(REGISTRY[n] for n in names_of(cfg))
    notes = [c.notes for c in chosen if c.notes] or [REGISTRY[DEFAULT_NOTES].notes]
    return Reading(chosen, combine([c.text for c in chosen if c.text]), combine(notes))


def context(cfg: Citations, library: Library, sigla: dict[str, str]) -> Context:
    """The reading state for one essay, with the options its `citations` settings give (the schema's
    defaults are McKay's usage: a bare page goes to the work last named, in this paragraph or the one
    before; "(3)" is no page)."""
    return Context(library=library, sigla=sigla, aliases=dict(cfg.aliases),
                   bare_page_window=cfg.bare_pages.within, bare_page_from=cfg.bare_pages.source,
                   single_digit_pages=cfg.single_digit_pages)
