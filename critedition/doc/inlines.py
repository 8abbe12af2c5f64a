"""Text as Pandoc inlines, and the compact source map that ties a block's text to witness positions."""

from __future__ import annotations

import re

import panflute as pf

TOKEN = re.compile(r"\s+|[^\s]+")


def encode_anchors(anchors: list[tuple[int, int, int]]) -> str:
    """A compact source map: 'offset:line:col' per segment, merged where columns simply run on."""
    out: list[tuple[int, int, int]] = []
    for off, line, col in anchors:
        if out and out[-1][1] == line and out[-1][2] + (off - out[-1][0]) == col:
            continue
        out.append((off, line, col))
    return " ".join(f"{o}:{l}:{c}" for o, l, c in out)


def decode_anchors(text: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, a.split(":"))) for a in text.split()] if text else []


def words(text: str) -> list[pf.Inline]:
    """Text as Str and Space inlines (a run of white space is one Space)."""
    return [pf.Space() if t.isspace() else pf.Str(t) for t in TOKEN.findall(text)]
