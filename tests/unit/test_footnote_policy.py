"""WeasyPrint's footnote-policy mend: the bug it mends, reproduced on one small page, and the mend's guard."""

import inspect
import os
import subprocess
import sys

import pytest

from critedition.render.mends import footnote_policy
from tests.conftest import mend_kept

# A 300 px page: a note called on its first line, a gap, then a long paragraph of which one line fits at
# the foot. Breaking before the second line would leave an orphan, so WeasyPrint 70 makes room by sending
# the page's last note to the next page, away from its call.
PAGE = """<html><style>
@page {{ size: 300px 300px; margin: 20px; }}
body {{ font: 10px/12px serif; margin: 0 }}
p {{ margin: 0; orphans: 2; widows: 2 }}
.fn {{ float: footnote; footnote-policy: line; }}
</style><body>
<p>Call here<span id="call"></span><span class="fn" id="note">A note long enough to take two lines of the
footnote area at this width, surely it does.</span> and more.</p>
<div style="height: {gap}px"></div>
<p id="long">{words}</p>
</body></html>"""
WORDS = " ".join(f"word{i}" for i in range(90))


def pages_of(gap: int) -> dict[str, int]:
    import weasyprint

    doc = weasyprint.HTML(string=PAGE.format(gap=gap, words=WORDS)).render()
    out: dict[str, int] = {}
    for i, page in enumerate(doc.pages, 1):
        for name in page.anchors:
            out.setdefault(name, i)
    return out


process_state_kept = mend_kept(footnote_policy.MEND)


@pytest.fixture
def unmended():
    footnote_policy.remove()
    yield


def astray_gaps() -> list[int]:
    return [gap for gap in range(150, 200, 4) if (p := pages_of(gap))["note"] != p["call"]]


def test_weasyprint_as_released_parts_a_line_policy_note_from_its_call(unmended):
    # If this fails, WeasyPrint keeps such notes by itself now: the mend (and its guard) can go.
    assert astray_gaps(), "no gap parts the note from its call"


def test_mended_the_note_stays_and_the_orphan_line_goes_over(unmended):
    before = astray_gaps()
    status = footnote_policy.apply()
    assert status.applied, status.reason
    assert footnote_policy.fingerprint() == "mended"
    assert astray_gaps() == []
    assert all(pages_of(gap)["long"] == 2 for gap in before)  # the paragraph opens the next page instead
    assert footnote_policy.apply().applied  # twice is once


def test_the_mend_is_made_only_to_the_function_it_was_written_for():
    from weasyprint.layout import block

    footnote_policy.remove()
    source = inspect.getsource(block._linebox_layout)
    mended = footnote_policy.mended_source(source)
    assert mended.count(footnote_policy.MENDED) == 1 and len(mended) == len(source) + len(footnote_policy.MENDED) \
        - len(footnote_policy.BRANCH)
    assert footnote_policy.mended_source(source.replace("needed = max(0, needed)", "needed = max(1, needed)")) is None
    assert footnote_policy.mended_source("") is None


def test_it_can_be_turned_off(unmended, monkeypatch):
    assert footnote_policy.apply().applied  # turned off later in the same process: taken back
    monkeypatch.setenv("CRIT_WEASYPRINT_FIX", "0")
    status = footnote_policy.apply()
    assert not status.applied and "CRIT_WEASYPRINT_FIX=0" in status.reason
    assert footnote_policy.fingerprint() == "as released"


@pytest.mark.parametrize("switch,expected", [("1", "mended True"), ("0", "as released False")])
def test_the_pdf_writer_mends_the_process_once_when_it_is_imported(switch, expected):
    code = ("from critedition.render.mends import footnote_policy, page_references\n"
            "assert footnote_policy.fingerprint() == 'as released'\n"
            "from critedition.render.pdf import writer\n"
            "print(footnote_policy.fingerprint(), page_references.status().applied)\n")
    env = {**os.environ, "CRIT_WEASYPRINT_FIX": switch}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == expected
