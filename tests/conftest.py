"""Shared fixtures: the project root, and the books built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VENV = Path(sys.prefix)
# The build date of the tests' builds: `make test` exports the last commit's (Makefile), a bare pytest has none.
EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1700000000")


def run_make(*args: str, cwd: Path = ROOT, check: bool = True, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess:
    """Run make with this test run's virtualenv as it is: a copy of the project neither installs its own
    nor repoints this one at itself. `env` adds to the environment."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    res = subprocess.run(["make", f"VENV={VENV}", "NO_INSTALL=1", *args], cwd=cwd, capture_output=True, text=True, env=env,
                         timeout=900)
    if check and res.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return res


def mend_kept(mend):
    """An autouse fixture for a module that puts a mend (critedition/render/mends) in place or takes it back:
    the PDF writer mends once per process, so each test leaves the mend as it found it."""

    @pytest.fixture(autouse=True)
    def kept():
        was = mend.status().applied
        yield
        mend.remove()
        if was:
            assert mend.apply().applied

    return kept


@pytest.fixture(scope="session")
def built() -> Path:
    """All books of the edition, built with make in the project (only what is out of date)."""
    run_make("books")
    return ROOT / "build"


def render_twice(write, book: str, suffix: str, tmp_path: Path) -> list[str]:
    """SHA-256 of two renderings of one cited book by a format writer (`epub.write_epub`,
    `writer.write_pdf`), each from a fresh assembly and citeproc run: a byte-reproducibility check."""
    import hashlib

    from critedition import config
    from critedition.build.stages import book_from_cache as cited_book
    from critedition.diagnostics import Report

    edition = config.load()
    digests = []
    for i in range(2):
        out = tmp_path / f"{i}{suffix}"
        write(cited_book(edition, book), edition, book, out, str(out), Report())
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    return digests
