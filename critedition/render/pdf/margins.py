"""Paragraph numbers moved into the outer margin: on recto pages, from the left margin to the right one."""

from __future__ import annotations

from .boxes import walk_boxes


def move_pnums_outward(document) -> int:
    """On recto pages, move each paragraph number from the left margin to the right one; return how many.

    Uses WeasyPrint's page boxes (pinned version): positions change, nothing is laid out again."""
    moved = 0
    for page in document.pages:
        box = getattr(page, "_page_box", None)
        if box is None or getattr(box.page_type, "side", None) != "right":
            continue
        left, width = box.content_box_x(), box.width
        for b in walk_boxes(box):
            el = getattr(b, "element", None)
            if (el is None or getattr(b, "element_tag", "") != "span" or "pnum" not in (el.get("class") or "").split()
                    or not b.is_absolutely_positioned()):
                continue
            border_x = b.position_x + b.margin_left
            gap = left - (border_x + b.border_width())  # between the number and the text (its margin)
            b.translate(dx=(left + width + gap) - border_x)
            moved += 1
    return moved
