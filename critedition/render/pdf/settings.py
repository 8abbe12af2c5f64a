"""The print settings the edition declares: the trim size (edition.yaml) and the PDF variant (defaults/pdf.yaml)."""

from __future__ import annotations

import yaml

from ...config import Edition, design_folder


def page_size(edition: Edition) -> str:
    """The trim size from edition.yaml (`page-size`): two lengths (`6in 9in`) or a name (`A5`), as the schema
    has checked it (config/schema.py, PageSize: CFG-022 otherwise)."""
    return edition.settings.page_size.strip()


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
