"""Mends to WeasyPrint 70.0 and its PDF writer pydyf 0.13.0, applied in the build process only, each only to
the one function whose source it was written against (by sha256): with any other release they stay off and
the build does without them. `CRIT_WEASYPRINT_FIX=0` turns them all off (to compare, or to rule them out).

- footnote_policy: a footnote whose policy is `line` stays on its call's page (a layout mend: the PDF is
  the one the placement passes of render/pdf/placement.py would make, with one layout instead of several);
- page_references: pydyf's list of page references is made once per page count, not on every call (a
  speed mend: the same bytes, the write of a long tagged book no longer quadratic in its pages).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    applied: bool
    reason: str  # why not, or what


OFF = Status(False, "turned off (CRIT_WEASYPRINT_FIX=0)")


def enabled() -> bool:
    return os.environ.get("CRIT_WEASYPRINT_FIX", "1") != "0"
