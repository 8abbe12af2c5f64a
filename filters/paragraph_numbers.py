"""Paragraph-numbers filter: each numbered paragraph shows its number, a link to itself for citing (¶ 12).

Metadata read: none; the numbers were given at ingest (`n` on each `.para` Div), so they agree in every format.
"""

from __future__ import annotations

import panflute as pf


def action(elem: pf.Element, doc: pf.Doc):
    if isinstance(elem, pf.Div) and "para" in elem.classes and elem.identifier and "n" in elem.attributes:
        target = elem.content[0]
        if isinstance(target, pf.BlockQuote):
            target = target.content[0] if target.content else target
        elif isinstance(target, (pf.BulletList, pf.OrderedList)):  # a list item: its number opens its text
            target = target.content[0].content[0]
        if isinstance(target, (pf.Para, pf.Plain)):
            n = elem.attributes["n"]
            mark = pf.Link(pf.Str(n), url=f"#{elem.identifier}", classes=["pnum"],
                           title=f"Paragraph {n}")
            target.content.insert(0, mark)
    return None


def main(doc: pf.Doc | None = None):
    return pf.run_filter(action, doc=doc)


if __name__ == "__main__":
    main()
