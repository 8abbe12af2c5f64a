"""Decide each end-of-line hyphen of a reflowed witness: join the word or keep the hyphen, on lexical evidence."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .model import Draft, Intervention

LETTERS = r"A-Za-zÀ-ÖØ-öø-ÿ"
LEFT = re.compile(rf"([{LETTERS}]+)-$")
RIGHT = re.compile(rf"^([{LETTERS}]+)")
WORD = re.compile(rf"[{LETTERS}]+(?:-[{LETTERS}]+)*")
# A joined word must be at least this common (Zipf scale, wordfreq) to count as a word.
KNOWN = 1.5


@lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the lexicon is a declared dependency; without it only the vocabulary decides
        return 0.0
    return zipf_frequency(word, "en")


def decide(left: str, right: str, vocabulary: Counter) -> tuple[str, str]:
    """Return ('join'|'keep', evidence) for `left-` at a line end followed by `right`."""
    joined, compound = (left + right).lower(), f"{left}-{right}".lower()
    if vocabulary[compound] > vocabulary[joined]:
        return "keep", f"the text writes “{left}-{right}” elsewhere"
    if vocabulary[joined]:
        return "join", f"the text writes “{left}{right}” elsewhere"
    zj = zipf(joined)
    if zj >= KNOWN:
        return "join", f"“{left}{right}” is a word (Zipf {zj:.1f})"
    zl, zr = zipf(left.lower()), zipf(right.lower())
    if min(zl, zr) >= KNOWN + 1 and len(left) > 2 and len(right) > 2:
        return "keep", f"“{left}” and “{right}” are words, “{left}{right}” is not"
    return "join", f"“{left}{right}” (Zipf {zj:.1f}) over word parts “{left}”/“{right}”"


def vocabulary_of(lines: list[str]) -> Counter:
    """Words of the witness not broken at a line end: the edition's own evidence."""
    counts: Counter = Counter()
    for line in lines:
        words = WORD.findall(line)
        if line.rstrip().endswith("-") and words:
            words = words[:-1]
        counts.update(w.lower() for w in words)
    return counts


def dehyphenate(draft: Draft) -> Draft:
    """Join or keep every line-end hyphen; every decision becomes an intervention for the apparatus."""
    vocabulary = vocabulary_of(draft.lines)
    overrides = {k.lower(): v for k, v in draft.essay.settings.hyphenation.items()}
    used: set[str] = set()
    for block in draft.blocks:
        text_before = ""
        for i, seg in enumerate(block.segs):
            if seg.kind == "linebreak" and i + 1 < len(block.segs):
                m, n = LEFT.search(text_before), RIGHT.match(block.segs[i + 1].text)
                prev = block.segs[i - 1]
                if m and n and prev.text.endswith("-"):
                    left, right = m.group(1), n.group(1)
                    key = f"{left}-{right}".lower()
                    if key in overrides:
                        verdict, why = overrides[key], "editor's decision (configuration)"
                        used.add(key)
                    else:
                        verdict, why = decide(left, right, vocabulary)
                    ref = len(draft.interventions)
                    if verdict == "join":
                        prev.text = prev.text[:-1]
                        seg.text, seg.witness, seg.kind = "", "-\n", "hyphenation"
                        seg.col -= 1
                        edition = left + right
                    else:
                        seg.text, seg.witness, seg.kind = "", "\n", "hyphenation"
                        edition = f"{left}-{right}"
                    seg.ref = ref
                    draft.interventions.append(Intervention(
                        "hyphenation", prev.line, prev.col + len(prev.text) - len(left) - (verdict == "keep"),
                        f"{left}-|{right}", edition, f"{verdict}: {why}"))
            text_before += seg.text
    for key in overrides:
        if key not in used:
            draft.report.add("TXT-003", draft.essay.file, draft.essay.line_of("hyphenation"), word=key)
    return draft
