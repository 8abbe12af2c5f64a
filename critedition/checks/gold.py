"""Citations found against a gold list made by hand: recall and precision of the right work and locator.

A gold list (``tests/editions/corpus/gold/<essay>.yaml``, see its README) names, for every note of a
witness, the citations it makes, and the citations of the running text in order. The citations found are
given in the audit's shapes: one record per note (``<essay>.notes.jsonl``: ``note`` and its ``citations``),
and the records of the running text (``<essay>.citations.jsonl``), each with ``cites`` as the audit writes
them. A citation found counts when its key, locator and volume are the gold's (the locator's dashes and
list commas normalised, a label other than page written before it: "part 13").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_DASHES = re.compile(r"\s*(?:--?|–|—)\s*")
_VOLUME = re.compile(r"(?P<vol>[^,\s]+)(?:,\s*(?:pp?\.\s*)?(?P<rest>.*))?")


@dataclass(frozen=True)
class Item:
    """One citation, gold or found, in the terms compared."""

    key: str
    locator: str
    volume: str
    where: str  # "n. 12" or "text" (with the text as written, for the report)
    text: str = ""

    def __str__(self) -> str:
        vol = f" vol. {self.volume}" if self.volume else ""
        loc = f", {self.locator}" if self.locator else ""
        return f"{self.where}: @{self.key}{vol}{loc}  ← {' '.join(self.text.split())[:90]}"


@dataclass
class Score:
    essay: str
    gold: int = 0
    found: int = 0
    right: int = 0
    misses: list[Item] = field(default_factory=list)  # gold citations not found
    wrong: list[Item] = field(default_factory=list)  # citations found that the gold list does not have

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    def report(self) -> str:
        lines = [f"{self.essay}: recall {self.recall:.3f} ({self.right}/{self.gold}), "
                 f"precision {self.precision:.3f} ({self.right}/{self.found})"]
        lines += [f"  missed  {m}" for m in self.misses]
        lines += [f"  wrong   {w}" for w in self.wrong]
        return "\n".join(lines)


def locator(text: str, label: str = "page") -> str:
    """A locator in the compared form: "191--92" -> "191-92", "p. 5" -> "5", ("13", "part") -> "part 13"."""
    text = _DASHES.sub("-", " ".join(str(text).split()))
    text = re.sub(r"^pp?\.\s*", "", text).lower()
    return f"{label} {text}" if label not in ("page", "") and text else text


def found_item(cite: dict, where: str, text: str, volumes: dict[str, str]) -> Item:
    """An audit cite in the compared terms: a "volume" locator ("3, p. 195") is split into volume and page;
    otherwise the volume is the entry's own, if it has one (``volumes``: key -> volume)."""
    loc, label = cite.get("locator", ""), cite.get("label", "page")
    volume = volumes.get(cite["key"], "")
    if label == "volume" and loc:
        m = _VOLUME.fullmatch(loc)
        volume, loc, label = m.group("vol"), m.group("rest") or "", "page"
    return Item(cite["key"], locator(loc, label), volume, where, text)


def _same(gold: Item, found: Item) -> bool:
    return gold.key == found.key and gold.locator == found.locator and (gold.volume or "") in ("", found.volume)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def gold_items(gold: dict) -> tuple[dict[str, list[Item]], list[Item]]:
    """The gold list's citations: by note (its label as a string), and those of the running text in order."""
    notes = {}
    for note in gold.get("notes") or []:
        notes[str(note["note"])] = [Item(c["key"], locator(c.get("locator", "")), str(c.get("volume") or ""),
                                         f"n. {note['note']}", c.get("text", ""))
                                    for c in note.get("citations") or []]
    text = [Item(c["key"], locator(c.get("locator", "")), str(c.get("volume") or ""), "text", t.get("text", ""))
            for t in gold.get("in-text") or [] for c in t.get("citations") or []]
    return notes, text


def found_items(notes: list[dict], text_records: list[dict], volumes: dict[str, str]):
    """The citations found, from the audit's note records and running-text records."""
    by_note: dict[str, list[Item]] = {}
    for note in notes:
        items = by_note.setdefault(str(note["note"]), [])
        for r in note.get("citations") or []:
            items += [found_item(c, f"n. {note['note']}", r.get("raw", ""), volumes) for c in r.get("cites") or []]
    text = [found_item(c, "text", r.get("raw", ""), volumes) for r in text_records for c in r.get("cites") or []]
    return by_note, text


def from_audit(audit: Path, essay: str) -> tuple[list[dict], list[dict]]:
    """(note records, running-text records) of an essay from a build's audit folder: its notes.jsonl, and
    the records of its citations.jsonl that are not in a note."""
    def read(what: str) -> list[dict]:
        path = audit / f"{essay}.{what}.jsonl"
        return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()] if path.exists() else []

    notes = read("notes")
    in_notes = {(r["line"], r["col"]) for n in notes for r in n.get("citations") or []}
    return notes, [r for r in read("citations") if (r["line"], r["col"]) not in in_notes]


def _align(gold: list[Item], found: list[Item]) -> list[tuple[int, int]]:
    """The longest run of pairs (gold, found) that agree, in order (running text: positions are compared
    by order, since a Markdown witness read without source positions has none)."""
    n, m = len(gold), len(found)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if _same(gold[i], found[j]) else 0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if _same(gold[i], found[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def score(essay: str, gold: dict, notes: list[dict], text_records: list[dict], volumes: dict[str, str]) -> Score:
    """Recall and precision of what was found (audit shapes) against the gold list."""
    gold_notes, gold_text = gold_items(gold)
    found_notes, found_text = found_items(notes, text_records, volumes)
    out = Score(essay)
    for label in list(gold_notes) + [n for n in found_notes if n not in gold_notes]:
        g, f = gold_notes.get(label, []), found_notes.get(label, [])
        pairs = _align(g, f)
        out.misses += [x for i, x in enumerate(g) if i not in {a for a, _ in pairs}]
        out.wrong += [x for j, x in enumerate(f) if j not in {b for _, b in pairs}]
        out.gold, out.found, out.right = out.gold + len(g), out.found + len(f), out.right + len(pairs)
    pairs = _align(gold_text, found_text)
    out.misses += [x for i, x in enumerate(gold_text) if i not in {a for a, _ in pairs}]
    out.wrong += [x for j, x in enumerate(found_text) if j not in {b for _, b in pairs}]
    out.gold, out.found, out.right = out.gold + len(gold_text), out.found + len(found_text), out.right + len(pairs)
    return out
