"""Write the citation audit of all essays: build/audit/citations.jsonl and the readable citations.html."""

from __future__ import annotations

from ..checks import audit
from ..build.paths import BUILD
from ..diagnostics import Report
from .common import load


def add_arguments(p) -> None:
    pass


def run(args) -> int:
    edition = load(args, Report())
    jsonl, page = audit.write(BUILD, edition)
    print(f"  {jsonl.relative_to(BUILD.parent)}, {page.relative_to(BUILD.parent)}")
    return 0
