"""The print settings the edition declares: the trim size (edition.yaml) and the PDF variant (defaults/pdf.yaml)."""

from __future__ import annotations

import re

import yaml

from ...config import Edition, design_folder
from ...diagnostics import Report

DEFAULT_SIZE = "6in 9in"
_LENGTH = r"\d+(\.\d+)?(in|mm|cm|pt|pc|px)"
_SIZE = re.compile(rf"^(?:(?:A[3-6]|B[4-5]|letter|legal|JIS-B5)(?:\s+(?:portrait|landscape))?|{_LENGTH}\s+{_LENGTH})$",
                   re.I)


def page_size(edition: Edition, report: Report | None = None, target: str = "") -> str:
    """The trim size from edition.yaml (`page-size`): two lengths (`6in 9in`) or a name (`A5`)."""
    size = edition.settings.page_size.strip()
    if not _SIZE.match(size):
        if report is not None:
            report.add("TOOL-002", edition.file, detail=f"page-size {size!r} is not a page size "
                       f"(use two lengths such as '6in 9in', or A5); using {DEFAULT_SIZE}")
        size = DEFAULT_SIZE
    return size


def page_css(size: str) -> str:
    """WeasyPrint takes extra stylesheets as *user* stylesheets: the passes' rules are !important so that
    they win over the author's print.css."""
    return f"@page {{ size: {size} !important; }}\n"


def pdf_variant() -> str | None:
    """The PDF variant (`pdf/ua-1`, `pdf/a-3u`...) set as `variables: pdf-variant:` in edition/defaults/pdf.yaml."""
    try:
        data = yaml.safe_load((design_folder("defaults") / "pdf.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    value = (data.get("variables") or {}).get("pdf-variant")
    return str(value) if value else None
