"""Ingest profile for OCR'd text: declared page-block order, reflowed lines, decided end-of-line hyphens."""

from __future__ import annotations

import re

from ..hyphenation import dehyphenate
from ..model import Block, Draft, Intervention, Seg
from ..stages import configured_metadata, emend, number, read_witness
from ..typography import typography


def _range(spec) -> tuple[int, int] | None:
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", str(spec))
    if not m:
        return None
    a = int(m.group(1))
    return a, int(m.group(2) or a)


def blocks(draft: Draft) -> Draft:
    """Check the declared blocks (every line used once, opening words right) and put them in reading order."""
    cfg, file = draft.essay.settings, draft.essay.file
    declared: dict[str, tuple[int, int]] = {}
    owner: dict[int, str] = {}
    last = len(draft.lines)
    for b in cfg.blocks:
        where = b.line_of()
        bid, rng = b.id, _range(b.lines)
        if rng is None or rng[0] > rng[1]:
            draft.report.add("ING-010", file, where, block=bid, lines=b.lines)
            continue
        if rng[0] < 1 or rng[1] > last:
            draft.report.add("ING-004", file, where, block=bid, last=last)
            continue
        for ln in range(rng[0], rng[1] + 1):
            if ln in owner:
                draft.report.add("ING-001", file, where, block=bid, other=owner[ln], lineno=ln)
                break
            owner[ln] = bid
        declared[bid] = rng
        opens = b.opens
        first = next((i for i in range(rng[0], rng[1] + 1) if draft.lines[i - 1].strip()), rng[0])
        if opens and not draft.lines[first - 1].strip().startswith(opens):
            draft.report.add("ING-005", file, where, block=bid, lineno=first, expected=opens)
    missing = [ln for ln in range(1, last + 1) if ln not in owner]
    if missing:
        runs, start = [], missing[0]
        for a, b in zip(missing, missing[1:] + [None]):
            if b != a + 1:
                runs.append(f"{start}-{a}" if a != start else str(start))
                start = b
        draft.report.add("ING-002", file, draft.essay.line_of("blocks"), lines=", ".join(runs))
    used: set[str] = set()
    for o in cfg.order:
        where = o.line_of()
        bid = o.block
        if bid not in declared:
            draft.report.add("ING-009", file, where, block=bid, known=", ".join(declared))
            continue
        if bid in used:
            draft.report.add("ING-003", file, where, block=bid)
            continue
        used.add(bid)
        draft.order.append({"block": bid, "lines": declared[bid], "joins": o.joins})
    for bid in declared:
        if bid not in used:
            draft.report.add("ING-008", file, draft.essay.line_of("order"), block=bid)
    if draft.report.errors:
        draft.stop = True
    return draft


def reflow(draft: Draft) -> Draft:
    """Join hard-wrapped lines into paragraphs, across page blocks where declared; find title and headings."""
    cfg = draft.essay.settings
    headings = set(cfg.headings)
    title_rng = _range(cfg.title_lines) if cfg.title_lines else None
    found: set[str] = set()
    current: list[Seg] | None = None
    title: list[Seg] = []

    def close():
        nonlocal current
        if current:
            text = "".join(s.text for s in current)
            if text in headings:
                draft.blocks.append(Block("heading", current, level=2))
                found.add(text)
            else:
                draft.blocks.append(Block("para", current))
        current = None

    for entry in draft.order:
        if not entry["joins"]:
            close()
        elif current is None and draft.blocks and draft.blocks[-1].kind == "para":
            current = draft.blocks.pop().segs  # a page break fell between two paragraphs' lines
        first, end = entry["lines"]
        for ln in range(first, end + 1):
            raw = draft.lines[ln - 1]
            text = raw.strip()
            if not text:
                close()
                continue
            seg = Seg(text, ln, len(raw) - len(raw.lstrip()) + 1)
            if title_rng and title_rng[0] <= ln <= title_rng[1]:
                if title:
                    title.append(Seg(" ", ln, 0, "\n", "linebreak"))
                title.append(seg)
                if ln == title_rng[1]:
                    draft.blocks.append(Block("title", title))
                continue
            if current:
                prev = current[-1]
                current.append(Seg(" ", prev.line, prev.col + len(prev.text), "\n", "linebreak"))
                current.append(seg)
            else:
                current = [seg]
    close()
    for h in headings - found:
        draft.report.add("ING-007", draft.essay.file, draft.essay.line_of("headings"), title=h)
    pos = 0
    for entry in draft.order:
        draft.interventions.append(Intervention(
            "reorder", entry["lines"][0], 1, f"lines {entry['lines'][0]}-{entry['lines'][1]}",
            f"position {pos + 1}", "joins the paragraph before" if entry["joins"] else ""))
        pos += 1
    return draft


def metadata(draft: Draft) -> Draft:
    """The OCR witness has no header: metadata comes from the configuration; the witness title is kept."""
    draft.meta.update(configured_metadata(draft))
    for b in draft.blocks:
        if b.kind == "title":
            draft.meta["witness-title"] = b.text
    return draft


STAGES = [read_witness, blocks, reflow, emend, dehyphenate, metadata, typography, number]
