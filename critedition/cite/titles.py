"""Titles as authors write them when they do not copy them: one word misspelt, or shortened.

Both look only among candidate entries the caller has narrowed (an author's works, or the whole library
for a shortened title of two words or more), and compare folded words (``critedition.bib.library.words``).
"""

from __future__ import annotations

from critedition.bib.library import Entry, words
from critedition.bib.library import within_one_edit

# Words a shortened title may drop (Chicago's short titles drop articles and keep the key words).
_DROPPABLE = frozenset({"the", "a", "an", "of", "and", "in", "on", "to", "for", "at", "by", "with"})


def one_edit(a: str, b: str, swaps: bool = False) -> bool:
    """True if a and b differ by exactly one insertion, deletion or substitution (``swaps``: or by two
    neighbouring letters swapped)."""
    if a == b:
        return False
    if within_one_edit(a, b):
        return True
    diff = [i for i in range(len(a)) if len(a) == len(b) and a[i] != b[i]]
    return swaps and len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])


def near_title(title: str, candidates: list[Entry]) -> tuple[Entry, int] | None:
    """The one candidate with a title that ``title`` writes with one word misspelt by one edit (words of
    four letters or more: "Towards" for "Toward"), and the number of edits; None if none or several."""
    written = words(title)
    if len(written) < 2:
        return None
    found = []
    for entry in dict.fromkeys(candidates):
        for form in entry.own_titles:
            ws = words(form)
            if len(ws) != len(written):
                continue
            diff = [(a, b) for a, b in zip(written, ws) if a != b]
            if len(diff) == 1 and min(len(diff[0][0]), len(diff[0][1])) >= 4 and one_edit(*diff[0]):
                found.append(entry)
                break
    return (found[0], 1) if len(found) == 1 else None


def _shortens(short: tuple[str, ...], title: tuple[str, ...]) -> bool:
    """True if ``short`` is ``title`` shortened: the title's tail left out, a leading article left out,
    leading words left out when two or more words are kept, and otherwise only articles and prepositions
    left out between the words kept ("SWP and European Revolutions" of "The SWP and the European
    Revolutions", "Wartime State" of "Labor and the Wartime State", "Politics, Logic" of "Politics, Logic,
    and Love")."""
    while title and title[0] in ("the", "a", "an"):
        title = title[1:]
    starts = [0] if title[:1] == short[:1] else []
    if len(short) > 1:
        starts = [i for i, w in enumerate(title) if w == short[0]]
    for start in starts:
        i, j = 1, start + 1
        while i < len(short) and j < len(title):
            if title[j] == short[i]:
                i += 1
            elif title[j] not in _DROPPABLE:
                break
            j += 1
        if i == len(short):
            return True
    return False


def shortened(title: str, candidates: list[Entry]) -> list[Entry]:
    """The candidates whose title (with or without subtitle) ``title`` shortens (see ``_shortens``)."""
    short = words(title)
    while short and short[0] in ("the", "a", "an"):
        short = short[1:]
    if not short:
        return []
    return [e for e in dict.fromkeys(candidates) if any(_shortens(short, words(f)) for f in e.own_titles)]
