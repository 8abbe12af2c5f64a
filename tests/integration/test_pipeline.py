"""End to end: make builds the nine files from a fresh copy, does nothing the second time, and fails safely."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_make

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
NINE = [f"build/{b}/{b}.{f}" for b in BOOKS for f in ("html", "epub", "pdf")]


def project_copy(dest: Path) -> Path:
    """The project's files as a fresh clone would have them (tracked and new, not ignored)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    return dest


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    d = project_copy(tmp_path_factory.mktemp("clone"))
    run_make(cwd=d)
    return d


def test_make_produces_the_nine_files(fresh):
    for f in NINE:
        assert (fresh / f).stat().st_size > 1000, f


def test_second_make_does_nothing(fresh):
    res = run_make("-q", cwd=fresh, check=False)
    assert res.returncode == 0, "make -q says something is out of date"
    assert "Nothing to be done" in run_make(cwd=fresh).stdout


def test_changing_one_witness_rebuilds_only_its_books(fresh):
    res = run_make("-n", "-W", "seeds/price-2007-what-can-anarchists-learn.txt", cwd=fresh)
    rebuilt = set(re.findall(r"--book (\S+)", res.stdout))
    assert rebuilt == {"serge-and-the-anarchists", "price-what-can-anarchists-learn"}
    assert "essay price" in res.stdout and "essay mckay" not in res.stdout


def test_reading_text_is_written_as_markdown(fresh):
    md = (fresh / "build/text/mckay.md").read_text(encoding="utf-8")
    assert "Victor Serge (1890–1947) is experiencing" in md
    assert md.count("[^") >= 92  # 46 calls and 46 note texts
    assert "srcmap" not in md and "::: " not in md


def test_broken_witness_gives_diagnostic_and_keeps_previous_books(fresh, tmp_path):
    d = project_copy(tmp_path / "broken")
    shutil.copytree(fresh / "build", d / "build")
    before = {f: (d / f).read_bytes() for f in NINE}
    witness = d / "seeds/mckay-2013-worst-of-the-anarchists.txt"
    witness.chmod(0o644)
    lines = witness.read_text(encoding="utf-8").split("\n")
    lines[17] = lines[17].replace("Bolshevik.[6]", "Bolshevik.[47]")  # a marker with no note
    lines.append("[12] A second note twelve.")  # a duplicated note number
    witness.write_text("\n".join(lines), encoding="utf-8")
    res = run_make(cwd=d, check=False)
    assert res.returncode != 0
    assert re.search(r"seeds/mckay-2013-worst-of-the-anarchists\.txt:18:\d+: error\[NOTE-001\] note marker \[47\]",
                     res.stderr), res.stderr
    assert re.search(r"seeds/mckay-2013-worst-of-the-anarchists\.txt:\d+:1: error\[NOTE-003\]", res.stderr)
    assert "Traceback" not in res.stderr
    for f, data in before.items():
        assert (d / f).read_bytes() == data, f"{f} was touched by a failed build"
