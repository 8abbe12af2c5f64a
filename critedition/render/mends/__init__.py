"""Mends to WeasyPrint 70.0 and its PDF writer pydyf 0.13.0, each only to the function it was written against.

Each mend checks the source of the one function it changes (by sha256): with any other release it stays off
and the build does without it. They change code shared by the whole process, so they are applied once per
process, when the PDF writer (render/pdf/writer.py) is first imported; a build with workers imports it before
it forks them. `CRIT_WEASYPRINT_FIX=0` at that moment keeps them off (to compare, or to rule them out), and
`apply()` called again with it takes them back.

- footnote_policy: a footnote whose policy is `line` stays on its call's page (a layout mend: the PDF is
  the one the placement passes of render/pdf/placement.py would make, with one layout instead of several);
- page_references: pydyf's list of page references is made once per page count, not on every read (a
  speed mend: the same bytes, written in time linear, not quadratic, in a tagged book's pages).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Status:
    """Whether a mend is in place in this process, and what it does or why it is not."""
    applied: bool
    reason: str  # why not, or what


OFF = Status(False, "turned off (CRIT_WEASYPRINT_FIX=0)")


def enabled() -> bool:
    """False when CRIT_WEASYPRINT_FIX=0 asks for WeasyPrint and pydyf as released."""
    return os.environ.get("CRIT_WEASYPRINT_FIX", "1") != "0"


class Mend:
    """One mend's state in this process: `install` puts it in place, returning what it replaced (or None)
    and a Status; `uninstall` puts back what it replaced."""

    def __init__(self, install: Callable[[], tuple[Any, Status]], uninstall: Callable[[Any], None]):
        self._install, self._uninstall = install, uninstall
        self.original: Any = None  # what the mend replaced, while it is in place
        self._done = Status(False, "not applied in this process")  # the last apply()'s Status

    def apply(self) -> Status:
        """Put the mend in place in this process (idempotent); with CRIT_WEASYPRINT_FIX=0, take it back."""
        if not enabled():
            self.remove()
            self._done = OFF
        elif self.original is None:
            self.original, self._done = self._install()
        return self._done

    def remove(self) -> None:
        """Put back what the mend replaced (for tests that compare)."""
        if self.original is not None:
            self._uninstall(self.original)
            self.original = None
            self._done = Status(False, "taken back in this process")

    def status(self) -> Status:
        """Whether the mend is in place in this process, and if not, why."""
        return self._done
