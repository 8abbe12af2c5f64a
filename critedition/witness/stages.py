"""Ingest stages shared by every profile: reading the witness, applying emendations, numbering blocks."""

from __future__ import annotations

import re

from .model import Block, Draft, Intervention, Seg


def witness_bytes(draft: Draft) -> bytes | None:
    """The witness's bytes, or None (WIT-001, and the ingest stops) if it is not there; never writes to it."""
    try:
        return draft.witness_path.read_bytes()
    except FileNotFoundError:
        draft.config_error("WIT-001", "witness", path=draft.essay.settings.witness)
        draft.stop = True
        return None


def read_witness(draft: Draft) -> Draft:
    """Decode the witness as UTF-8 and split it into lines; never writes to it."""
    raw = witness_bytes(draft)
    if raw is None:
        return draft
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        draft.error("WIT-002", line, col, byte=f"0x{raw[e.start]:02x}", offset=e.start)
        draft.stop = True
        return draft
    if not text.strip():
        draft.error("WIT-003", 1)
        draft.stop = True
        return draft
    draft.lines = text.split("\n")
    if draft.lines and draft.lines[-1] == "":
        draft.lines.pop()
    return draft


def emend(draft: Draft) -> Draft:
    """Apply the configured emendations; a reading not found exactly at its line is an error."""
    by_line: dict[int, list[tuple[Block, Seg]]] = {}
    for block in draft.blocks:
        for seg in block.segs:
            if seg.kind == "witness":
                by_line.setdefault(seg.line, []).append((block, seg))
    file = draft.essay.file
    for em in draft.essay.settings.emendations:
        line, reading, edition, where = em.line, em.reading, em.edition, em.line_of()
        hits = []
        for block, seg in by_line.get(line, []):
            for m in re.finditer(re.escape(reading), seg.text):
                hits.append((block, seg, m.start()))
        occurrence = em.occurrence
        if not hits:
            draft.report.add("TXT-001", file, where, lineno=line, reading=reading)
            continue
        if len(hits) > 1 and not occurrence:
            draft.report.add("TXT-002", file, where, lineno=line, reading=reading, count=len(hits))
            continue
        block, seg, start = hits[(occurrence or 1) - 1]
        ref = len(draft.interventions)
        draft.interventions.append(
            Intervention("emendation", seg.line, seg.col + start, reading, edition, em.reason))
        i = block.segs.index(seg)
        pieces = []
        if start:
            pieces.append(Seg(seg.text[:start], seg.line, seg.col))
        pieces.append(Seg(edition, seg.line, seg.col + start, reading, "emendation", ref))
        rest = start + len(reading)
        if rest < len(seg.text):
            pieces.append(Seg(seg.text[rest:], seg.line, seg.col + rest))
        block.segs[i:i + 1] = pieces
        by_line[line].remove((block, seg))
        by_line[line].extend((block, p) for p in pieces if p.kind == "witness")
    return draft


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def number(draft: Draft) -> Draft:
    """Give blocks stable ids and paragraphs their numbers, the edition's citable units."""
    n = 0
    seen: set[str] = set()
    last = ""  # the last numbered paragraph: what markup dropped after it is listed at
    for block in draft.blocks:
        if block.kind in ("para", "quote", "item"):
            n += 1
            block.number = n
            block.id = last = f"{draft.id}-p{n}"
        elif block.kind == "heading":
            base = f"{draft.id}-{slug(block.text)}"
            block.id = base if base not in seen else f"{base}-{len(seen)}"
        elif block.kind == "note":
            block.id = f"{draft.id}-note-{block.n}"
        elif block.kind == "title":
            block.id = f"{draft.id}-title"
        seen.add(block.id)
        for seg in block.segs:
            if seg.ref is not None:
                draft.interventions[seg.ref].block = block.id if block.kind != "dropped" else last
    return draft


# The essay's metadata that the configuration may give, overriding what the witness says.
METADATA = ("title", "subtitle", "author", "date")


def configured_metadata(draft: Draft) -> dict[str, str]:
    """The title, subtitle, author and date the essay's configuration gives (each overrides the witness's)."""
    return {k: v for k in METADATA if (v := getattr(draft.essay.settings, k)) is not None}
