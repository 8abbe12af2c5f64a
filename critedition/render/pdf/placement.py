"""The footnote placement passes: lay the book out until each note is on its call's page, or say which are not.

A note is astray when its page differs from its call's (read from the layout's anchors). In each chapter the
first astray note gets `footnote-policy: line` (the call's line moves over with its note), the paragraph
squeezed in at the foot of the call's page goes over, and the book is laid out again, at most MAX_PASSES
times. One note per chapter and pass, first to last (chapters open on rectos, so they lay out
independently): every rule is then decided on the final layout of the pages before it, and the rules of a
book are a function of its text alone, which is what lets the layout cache (cache.py) give the next build
the PDF a build from clean makes. With WeasyPrint mended (render/mends/footnote_policy.py) no note goes
astray and one layout is enough: the passes only check.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import weasyprint

from ..mends import Status
from .boxes import anchor_pages, squeezed_paragraph
from .settings import page_css

MAX_PASSES = 8
RULE_ID = re.compile(r"^#([\w.-]+)")  # the id a placement rule is for
_CHAPTER = re.compile(r'<div\b[^>]*\bclass="[^"]*(?<![\w-])chapter(?![\w-])')  # attributes in any order


@dataclass
class Layout:
    """What the passes learned: notes moved to their call's page, notes still astray, overfull pages."""
    passes: int = 0
    fixed: list[str] = field(default_factory=list)
    astray: list[tuple[str, int, int]] = field(default_factory=list)  # (note id, call page, note page)
    overfull: list[int] = field(default_factory=list)  # pages whose notes run past the bottom margin
    pnums_moved: int = 0
    rules: list[str] = field(default_factory=list)  # the CSS the passes added
    index_pages: int = 0  # laid out apart, after the book (index.with_index)
    mend: Status | None = None  # WeasyPrint's footnote-policy mend, applied or why not
    reused: int = 0  # placement rules taken from the last build's layout cache


def astray_notes(document, note_ids: list[str]) -> list[tuple[str, int, int]]:
    """The notes not on their call's page: (note id, call page, note page)."""
    pages = anchor_pages(document)
    out = []
    for ident in note_ids:
        call, note = pages.get(f"{ident}-ref"), pages.get(ident)
        if call is not None and note is not None and call != note:
            out.append((ident, call, note))
    return out


def first_per_chapter(html: str, astray: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The first astray note of each chapter (by call page, then by place in the text)."""
    starts = [m.start() for m in _CHAPTER.finditer(html)]
    first: dict[int, tuple[int, int, tuple[str, int, int]]] = {}
    for a in astray:
        at = html.find(f'id="{a[0]}"')
        chapter = bisect.bisect_right(starts, at)
        if chapter not in first or (a[1], at) < first[chapter][:2]:
            first[chapter] = (a[1], at, a)
    return [v[2] for _, v in sorted(first.items())]


def placement_css(document, astray: list[tuple[str, int, int]]) -> list[str]:
    """Rules for the next pass: the note may take its call's line along (footnote-policy: line), and the
    paragraph squeezed in at the foot of the call's page goes over to the next page (whole, if it only
    starts there; else one more line of it)."""
    rules = []
    for ident, call, _note in astray:
        rules.append(f"#{ident} {{ footnote-policy: line !important; }}")
        found = squeezed_paragraph(document, call)
        if found is None:
            continue
        para, lines, starts = found
        if starts and lines <= 4:
            rules.append(f"#{para} {{ break-before: page !important; }}")
        else:
            rules.append(f"#{para} p {{ widows: 3 !important; }}")
    return rules


def stylesheet(size: str, rules: list[str]) -> str:
    """The user stylesheet of a pass: the page rule and the placement rules, sorted so that the same rules
    give the same stylesheet, whichever pass (or build) found them."""
    return page_css(size) + "\n".join(sorted(rules))


def place(source: weasyprint.HTML, html: str, note_ids: list[str], size: str, rules: list[str], layout: Layout):
    """Lay `source` out with `rules` (the cache's, or none), adding rules pass by pass while a note is astray
    that no rule was made for yet; return the last layout and whether it settled (no such note left).

    `layout` gets the passes made, the notes brought back, the notes still astray and the rules."""
    notes = set(note_ids)
    # Notes already given a rule (here or by the build that found the cached rules): each note is treated
    # once, so that a note its rule cannot help does not hold up the rest of its chapter.
    treated = [m.group(1) for r in rules if (m := RULE_ID.match(r)) and m.group(1) in notes]
    while True:
        document = None  # free the last layout first: two layouts at once nearly double the peak
        document = source.render(stylesheets=[weasyprint.CSS(string=stylesheet(size, rules))])
        layout.passes += 1
        astray = astray_notes(document, note_ids)
        pending = [a for a in astray if a[0] not in treated]
        settled = not pending
        if settled or layout.passes >= MAX_PASSES:
            break
        now = first_per_chapter(html, pending)
        rules.extend(r for r in placement_css(document, now) if r not in rules)
        treated.extend(a[0] for a in now if a[0] not in treated)
    layout.fixed = [i for i in treated if i not in {a[0] for a in astray}]
    layout.astray = astray
    layout.rules = rules
    return document, settled
