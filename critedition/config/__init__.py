"""The edition's configuration: edition.yaml, essays/*.yaml and names.yaml, read with the line of every key,
checked against one schema (schema.py) and given back typed, with every default filled in."""

from __future__ import annotations

from ..diagnostics import EditionError
from .edition import Book, Edition, Essay, lint_edition, lint_essay, load
from .files import ROOT, TOOLCHAIN, Located, LocatedList, design_folder, load_yaml, relpath
from .schema import PROFILES, VERSION

__all__ = ["Book", "Edition", "EditionError", "Essay", "Located", "LocatedList", "PROFILES", "ROOT", "TOOLCHAIN",
           "VERSION", "design_folder",
           "lint_edition", "lint_essay", "load", "load_yaml", "relpath"]
