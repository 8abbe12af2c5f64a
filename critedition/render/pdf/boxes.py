"""Reading WeasyPrint's laid-out pages: where each anchor, each line of the text and each footnote area is.

These read WeasyPrint's page boxes (`page._page_box`, its children, their classes' names): not a public API,
which is why WeasyPrint is pinned.
"""

from __future__ import annotations


def anchor_pages(document) -> dict[str, int]:
    """The page (counted from 1) of each anchor (element with an id): the first, for one that spans pages."""
    pages: dict[str, int] = {}
    for i, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, i)
    return pages


def walk_boxes(box):
    """The box and every box inside it, parents first."""
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from walk_boxes(child)


def _body_lines(box, chain=()):
    """The page's line boxes in the text (not in the margins or the footnote area), each with its ancestors."""
    kind = type(box).__name__
    if kind in ("FootnoteAreaBox", "MarginBox"):
        return
    chain = (*chain, box)
    if kind == "LineBox":
        yield chain
        return
    for child in getattr(box, "children", ()) or ():
        yield from _body_lines(child, chain)


def _para_of(chain) -> str | None:
    for b in reversed(chain):
        el = getattr(b, "element", None)
        if el is not None and "para" in (el.get("class") or "").split() and el.get("id"):
            return el.get("id")
    return None


def squeezed_paragraph(document, page_no: int) -> tuple[str, int, bool] | None:
    """The numbered paragraph that ends the text of a page: (its id, its lines on the page, starts there).

    WeasyPrint makes room for the last line of a page by sending the page's last footnote to the next page
    (its call stays): that line's paragraph is the one to move."""
    try:
        lines = list(_body_lines(document.pages[page_no - 1]._page_box))
    except (AttributeError, IndexError):
        return None
    if not lines:
        return None
    ident = _para_of(lines[-1])
    if ident is None:
        return None
    on_page = sum(1 for c in lines if _para_of(c) == ident)
    starts = True
    if page_no > 1:
        try:
            starts = not any(_para_of(c) == ident for c in _body_lines(document.pages[page_no - 2]._page_box))
        except AttributeError:
            pass
    return ident, on_page, starts


def overfull_pages(document) -> list[int]:
    """Pages whose footnote area starts above its own top or ends below the page's bottom margin."""
    out = []
    for i, page in enumerate(document.pages, 1):
        box = getattr(page, "_page_box", None)
        if box is None:
            continue
        area = next((c for c in box.children if type(c).__name__ == "FootnoteAreaBox"), None)
        if area is None or not area.children:
            continue
        bottom = box.content_box_y() + box.height
        if area.position_y + area.margin_height() > bottom + 0.5 or area.position_y < box.content_box_y():
            out.append(i)
    return out
