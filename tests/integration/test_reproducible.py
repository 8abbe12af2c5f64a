"""Two clean builds of the same sources give byte-identical books (issue 8).

The second build differs from the first in everything that must not matter: the folder (another name and
length), the time zone, the locale, the hash seed, the umask, the files' modification times (as after a
fresh clone) and `make -j2` against `-j1`. Both use the same SOURCE_DATE_EPOCH, as two builds of one
commit do, and both run `make dist` (which builds the books first). Every file under build/ and dist/
(issue 9) must be identical, the EPUB containers and PDF dates must come from
SOURCE_DATE_EPOCH, and no output may contain the build folder, the virtualenv or a temporary path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from critedition.checks import reproducible
from tests.conftest import VENV
from tests.integration.test_pipeline import NINE, project_copy

pytestmark = pytest.mark.integration

EPOCH = 1700000000


def build(dest: Path, *, jobs: int, env: dict[str, str], umask: int, fresh_mtimes: bool) -> Path:
    if fresh_mtimes:  # as a fresh clone has them: every file "now", in no particular order
        for p in sorted(dest.rglob("*"), reverse=True):
            os.utime(p)
    run_env = {**os.environ, **env, "SOURCE_DATE_EPOCH": str(EPOCH),
               # the copy's own code (the shared environment's editable install points at the checkout)
               "PYTHONPATH": str(dest)}
    old = os.umask(umask)
    try:
        res = subprocess.run(["make", f"-j{jobs}", f"VENV={VENV}", "NO_INSTALL=1", "dist"], cwd=dest, env=run_env,
                             capture_output=True, text=True, timeout=1800)
    finally:
        os.umask(old)
    assert res.returncode == 0, f"make failed in {dest}:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return dest / "build"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("repro")
    # One snapshot of the sources for both builds (the checkout may change while the tests run).
    project_copy(base / "a")
    shutil.copytree(base / "a", base / "a-second-build-in-a-longer-folder")
    a = build(base / "a", jobs=1, umask=0o022, fresh_mtimes=False,
              env={"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"})
    b = build(base / "a-second-build-in-a-longer-folder", jobs=2, umask=0o077, fresh_mtimes=True,
              env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "4242"})
    return a, b


def test_every_output_is_byte_identical(two_builds):
    a, b = two_builds
    da, db = reproducible.digests(a), reproducible.digests(b)
    assert sorted(da) == sorted(db), "the two builds wrote different files"
    for f in NINE:
        assert f.removeprefix("build/") in da, f"{f} was not built"
    differ = {f: reproducible.explain(a / f, b / f) for f in da if da[f] != db[f]}
    assert not differ, "\n".join(f"{f}: {why}" for f, why in differ.items())


def test_two_make_dist_runs_give_the_same_release(two_builds):
    a, b = (build.parent / "dist" for build in two_builds)
    da, db = reproducible.digests(a), reproducible.digests(b)
    assert len(da) > 3 and sorted(da) == sorted(db), "the two releases hold different files"
    differ = {f: reproducible.explain(a / f, b / f) for f in da if da[f] != db[f]}
    assert not differ, "\n".join(f"{f}: {why}" for f, why in differ.items())


def test_epub_containers_are_normalised(two_builds):
    a, _ = two_builds
    for epub in sorted(a.glob("*/*.epub")):
        assert reproducible.epub_problems(epub, EPOCH) == [], epub.name


def test_pdf_dates_come_from_source_date_epoch(two_builds):
    a, _ = two_builds
    for pdf in sorted(a.glob("*/*.pdf")):
        dates = reproducible.pdf_dates(pdf.read_bytes())
        assert all(d.startswith(reproducible.pdf_date(EPOCH)) for d in dates), (pdf.name, dates)


def test_no_machine_paths_in_the_books(two_builds):
    a, b = two_builds
    needles = [str(a.parent), str(b.parent), str(VENV), sys.prefix, "/tmp/"]
    found = [hit for out in [*a.glob("*/*.*"), *a.glob("text/*.md"), *(a.parent / "dist").glob("*")]
             for hit in reproducible.leaks(out, needles)]
    assert not found, "\n".join(found)
