"""Typographic normalisation, a declared intervention: the typewriter's `--`, `"` and `...` as the typesetter's
dashes, curly quotes and ellipsis, by the rules the essay's configuration names (`typography`).

Every replacement is recorded (build/audit/<essay>.interventions.jsonl); the textual notes give each rule once,
with its count. The witness is never changed."""

from __future__ import annotations

import re

from .model import Block, Draft, Intervention, Seg

RULES = {
    "dashes": ("---|--", "--- as an em dash (—) and -- as an en dash (–)"),
    "quotes": ("[\"']", "straight quotation marks and apostrophes as curly ones (“ ” ‘ ’)"),
    "ellipsis": (r"\.\.\.", "... as an ellipsis (…)"),
}
OPENERS = set(" \t\n\u00a0([{<—–-/“‘\"'")  # a straight quote too: "'a quotation in a quotation'


def _curly(mark: str, before: str, after: str) -> str:
    """The curly form of a straight quote, from the characters around it."""
    if mark == "'" and (before.isalnum() or (before in OPENERS or not before) and after.isdigit()):
        return "’"  # an apostrophe: don't, the '90s
    opening = (not before or before in OPENERS) and after not in ("", " ", "\t", "\n")
    if mark == '"':
        return "“" if opening else "”"
    return "‘" if opening else "’"


def replacement(rule: str, text: str, before: str, after: str) -> str:
    if rule == "dashes":
        return "—" if text == "---" else "–"
    if rule == "ellipsis":
        return "…"
    return _curly(text, before, after)


def rules_of(draft: Draft) -> list[str]:
    """The rules the essay names (the schema has checked them: CFG-025)."""
    return list(draft.essay.settings.typography)


def _normalise(draft: Draft, block: Block, pattern: re.Pattern[str], rule_of: dict[str, str]) -> None:
    out: list[Seg] = []
    text = block.text
    off = 0
    for seg in block.segs:
        start, off = off, off + len(seg.text)
        if seg.kind != "witness" or "code" in seg.marks:
            out.append(seg)
            continue
        at = 0
        for m in pattern.finditer(seg.text):
            rule = rule_of[m.group(0)[0]]
            before = text[start + m.start() - 1] if start + m.start() else ""
            after = text[start + m.end()] if start + m.end() < len(text) else ""
            new = replacement(rule, m.group(0), before, after)
            if m.start() > at:
                out.append(Seg(seg.text[at:m.start()], seg.line, seg.col + at, marks=list(seg.marks)))
            ref = len(draft.interventions)
            draft.interventions.append(Intervention("normalisation", seg.line, seg.col + m.start(), m.group(0), new,
                                                    rule))
            out.append(Seg(new, seg.line, seg.col + m.start(), m.group(0), "normalisation", ref, list(seg.marks)))
            at = m.end()
        if at == 0:
            out.append(seg)
        elif at < len(seg.text):
            out.append(Seg(seg.text[at:], seg.line, seg.col + at, marks=list(seg.marks)))
    block.segs = out


def typography(draft: Draft) -> Draft:
    """Apply the essay's typographic rules to its text and to its title and subtitle."""
    rules = rules_of(draft)
    if not rules:
        return draft
    pattern = re.compile("|".join(RULES[r][0] for r in rules))
    rule_of = {"-": "dashes", '"': "quotes", "'": "quotes", ".": "ellipsis"}
    for block in draft.blocks:
        _normalise(draft, block, pattern, rule_of)
    for key in ("title", "subtitle"):
        value = draft.meta.get(key)
        if isinstance(value, str) and pattern.search(value):
            probe = Block("title", [Seg(value, 0, 0)])
            _normalise(draft, probe, pattern, rule_of)
            draft.meta[key] = probe.text
    return draft


def summary(interventions: list[Intervention]) -> list[tuple[str, int, list[str]]]:
    """Per rule applied: its name, how many replacements, and which (`-- → –`)."""
    out = []
    for rule in RULES:
        mine = [iv for iv in interventions if iv.kind == "normalisation" and iv.reason == rule]
        if mine:
            pairs = sorted({f"{iv.witness} → {iv.edition}" for iv in mine})
            out.append((rule, len(mine), pairs))
    return out
