"""Print the Makefile rules that tie each book to the witnesses and files it is made from (build/deps.mk)."""

from __future__ import annotations

from ..build.graph import makefile
from ..diagnostics import Report
from .common import load


def add_arguments(p) -> None:
    pass


def run(args) -> int:
    print(makefile(load(args, Report())))
    return 0
