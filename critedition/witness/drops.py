"""Declared drops: markup of a witness the edition does not print, named in the essay's `drop` list with a reason.

Each drop the ingest makes is an intervention, listed in the textual notes; markup no drop declares is a
diagnostic (ING-011), never dropped in silence, and a drop that matches nothing is one too (ING-012)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

import panflute as pf

from .model import Draft, Intervention

# What a drop can name, with what its value means.
SELECTORS = {
    "shortcode": "a Hugo shortcode's name ({{% figure ... %}}, {{< name >}})",
    "image": "an image's address (a pattern), or all",
    "raw": "the format of raw markup pandoc kept (html, tex), or all",
    "class": "a class of HTML or Pandoc divisions and spans (a site's share buttons)",
    "link": "relative (links into the witness's own site: the words stay, the link goes) or an address pattern",
    "lines": "a range of witness lines (for a DOCX witness, paragraphs), FIRST-LAST: every block in it",
}
OPENS = r"\{\{[%<]\s*/?\s*"  # how a shortcode opens: {{< name, {{% /name, {{<name
SHORTCODE = re.compile(OPENS + r"([\w-]+).*?[%>]\}\}", re.S)
EXTERNAL = re.compile(r"(?:https?|ftp|mailto):", re.I)  # links a book can keep: to the web, to an address


@dataclass
class Drop:
    selector: str
    value: str
    reason: str
    line: int  # of the declaration, in the essay's configuration
    used: int = 0

    def matches(self, selector: str, value: str) -> bool:
        if selector != self.selector:
            return False
        if self.selector == "lines":
            first, _, last = self.value.partition("-")
            bounds = [b.strip() for b in (first, last or first)]
            return all(b.isdigit() for b in bounds) and int(bounds[0]) <= int(value) <= int(bounds[1])
        if self.selector == "link" and self.value == "relative":
            return not EXTERNAL.match(value)
        return self.value == "all" or self.value == value or fnmatchcase(value, self.value)


class Drops:
    """The essay's declared drops; `take` finds the one that covers a construct and records the intervention."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.items: list[Drop] = []
        file = draft.essay.file
        for item in draft.essay.data.get("drop") or []:
            if not isinstance(item, dict):
                continue  # the configuration lint reports it
            where = getattr(item, "lines", {}).get("", 0)
            named = [k for k in SELECTORS if k in item]
            if len(named) != 1 or not isinstance(item.get("reason"), str):
                draft.report.add("CFG-024", file, where, count=len(named), known=", ".join(SELECTORS))
                continue
            self.items.append(Drop(named[0], str(item[named[0]]), item["reason"], where))

    def find(self, selector: str, value: str) -> Drop | None:
        return next((d for d in self.items if d.matches(selector, value)), None)

    def take(self, selector: str, value: str, line: int, col: int, witness: str, edition: str = "") -> int | None:
        """The intervention recorded for a drop of this construct at (line, col), or None when no drop (nor a
        `lines` drop over the line) declares it."""
        drop = self.find(selector, value) or self.find("lines", str(line))
        if drop is None:
            return None
        drop.used += 1
        self.draft.interventions.append(Intervention("drop", line, col, witness, edition, drop.reason))
        return len(self.draft.interventions) - 1

    def unknown(self, what: str, selector: str, value: str, line: int, col: int) -> None:
        """ING-011: markup the edition does not print and no drop declares, with the declaration that would."""
        self.draft.error("ING-011", line, col, what=what, declare=f"{{{selector}: {value}, reason: ...}}")

    def report_unused(self) -> None:
        for d in self.items:
            if not d.used:
                self.draft.report.add("ING-012", self.draft.essay.file, d.line, selector=d.selector, value=d.value)


def shortcodes_as_text(inlines: list[pf.Inline]) -> list[pf.Inline]:
    """Pandoc reads a shortcode written without a space, `{{<wrap class="x">}}`, as an HTML tag between "{{"
    and "}}": it is given back as the shortcode's text, which the shortcode drops then read."""
    out, i = inlines, 0
    while i + 2 < len(out):
        a, raw, b = out[i:i + 3]
        if (isinstance(a, pf.Str) and a.text.endswith("{{") and isinstance(raw, pf.RawInline)
                and raw.format == "html" and isinstance(b, pf.Str) and b.text.startswith("}}")):
            out = [*out[:i], pf.Str(a.text + raw.text + b.text), *out[i + 3:]]
        else:
            i += 1
    return out


def shortcode_pattern(name: str) -> re.Pattern[str]:
    """Where a shortcode of that name opens in a witness's text: `{{< name`, `{{% /name`, `{{<name`."""
    return re.compile(OPENS + re.escape(name) + r"\b")
