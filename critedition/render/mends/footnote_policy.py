"""A mend to WeasyPrint 70's line breaking: a footnote whose policy is `line` stays on its call's page.

When a paragraph's second line does not fit at the foot of a page (breaking before it would leave an orphan),
WeasyPrint 70 sends the page's last footnote to the next page to make room, whatever that note's
`footnote-policy` says (`weasyprint/layout/block.py`, `_linebox_layout`, the "report footnotes" branch;
cf. Kozea/WeasyPrint#2432); the call stays behind. CSS GCPM says of `footnote-policy: line` that the
call's line moves to the next page with its note instead, which is what WeasyPrint does when that branch
is skipped. Our print CSS gives every note that policy.

Without the mend the placement passes of render/pdf/placement.py find such notes after a layout and move the
squeezed paragraph, one whole layout per note; with it, notes land on their call's page in the first
layout and the passes only check. The mend is applied to the one function it was written against: any
other WeasyPrint (or a changed function) is left alone, and the passes do the work.
`CRIT_WEASYPRINT_FIX=0` turns it off (see the package's docstring). The same change as a diff, for
upstream: bench/patches/weasyprint-70-footnote-policy-line.diff.
"""

from __future__ import annotations

import hashlib
import inspect

from weasyprint.layout import block

from . import Mend, Status

# weasyprint.layout.block._linebox_layout as WeasyPrint 70.0 ships it (inspect.getsource)
SOURCE_SHA256 = "e07bbe000974787ee370be1f419a01a21b327a1a1e3025a65afd47589060883d"
BRANCH = "            report = not context.in_column and can_break_now and not could_break_before\n"
MENDED = BRANCH + (
    "            if report and context.current_page_footnotes and (\n"
    "                    context.current_page_footnotes[-1].style['footnote_policy'] == 'line'):\n"
    "                report = False  # critedition.render.mends.footnote_policy: the note stays with its call\n")


def mended_source(source: str) -> str | None:
    """The function's source with the branch mended, or None if it is not the source the mend was made for."""
    if hashlib.sha256(source.encode()).hexdigest() != SOURCE_SHA256 or source.count(BRANCH) != 1:
        return None
    return source.replace(BRANCH, MENDED)


def _install():
    try:
        lines, first = inspect.getsourcelines(block._linebox_layout)
        source = "".join(lines)
    except (AttributeError, OSError, TypeError):
        return None, Status(False, "this WeasyPrint has no _linebox_layout source to mend")
    mended = mended_source(source)
    if mended is None:
        return None, Status(False, "this WeasyPrint's _linebox_layout is not the one the mend was made for")
    namespace: dict = {}
    # Compiled in the module's own globals, so that the function sees the helpers it always did, and at its
    # own line numbers, so that a traceback points into block.py where it should.
    exec(compile("\n" * (first - 1) + mended, block.__file__, "exec"), block.__dict__, namespace)
    original = block._linebox_layout
    block._linebox_layout = namespace["_linebox_layout"]
    return original, Status(True, "footnote-policy: line honoured")


def _uninstall(original) -> None:
    block._linebox_layout = original


MEND = Mend(_install, _uninstall)
apply, remove, status = MEND.apply, MEND.remove, MEND.status  # WeasyPrint's _linebox_layout, in this process


def fingerprint() -> str:
    """What the layout cache must know: whether this process lays out with the mend."""
    return "mended" if MEND.original is not None and block._linebox_layout is not MEND.original else "as released"
