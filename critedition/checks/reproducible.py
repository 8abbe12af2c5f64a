"""Checks that a build is reproducible, and explanations when it is not.

Two clean builds of one commit must give the same bytes (issue 8). What makes bytes differ, and where each
is fixed in this toolchain:

- dates: pandoc writes the EPUB's `dcterms:modified` and zip entry times from SOURCE_DATE_EPOCH (render/
  pandoc.run always sets it); the colophon's "Built" date and the PDF's CreationDate/ModDate come from
  `source_date_epoch()` too, in UTC (the time zone never matters). The Makefile takes it from the last
  commit, or 1700000000 outside git;
- identifiers: the EPUB's `dc:identifier` is the book's URN (pandoc would otherwise write a random UUID);
  WeasyPrint writes a PDF /ID only for PDF/A and PDF/UA variants, as an MD5 of the content (stable);
  PDF/X-4 would add a random XMP DocumentID (not used);
- the EPUB container: render/epub_package.postprocess rewrites it with `mimetype` first and stored, fixed entry
  times, modes and host system;
- paths: the book's metadata holds absolute paths of the bibliography and the CSL style; they reach no
  output, which `leaks()` checks (the builds are made in folders of different names);
- process state: hash seeds, locale, umask, input mtimes and `make -j` change nothing (tested).

What is not covered: other versions of pandoc, WeasyPrint, zlib, fontconfig or the fonts themselves.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from pathlib import Path

from ..outputs import pdf_date, zip_entry, zip_time  # noqa: F401  (what the checks compare against)


def digests(build: Path) -> dict[str, str]:
    """SHA-256 of every file under a build folder, by path relative to it."""
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.is_file()}


def epub_problems(path: Path, epoch: int) -> list[str]:
    """What in an EPUB's container is not reproducible (or not valid): entry order, compression, times."""
    out = []
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if not infos or infos[0].filename != "mimetype" or infos[0].compress_type != zipfile.ZIP_STORED:
            out.append("mimetype is not the first entry, stored")
        want = zip_time(epoch)
        for i in infos:
            if i.date_time != want:
                out.append(f"{i.filename}: time {i.date_time}, not SOURCE_DATE_EPOCH {want}")
    return out


def pdf_dates(data: bytes) -> list[str]:
    """The /CreationDate and /ModDate values of a PDF (in its plain or compressed objects)."""
    return sorted({m.decode("latin-1") for chunk in _pdf_chunks(data)
                   for m in re.findall(rb"/(?:CreationDate|ModDate)\s*\(([^)]*)\)", chunk)})


def _pdf_chunks(data: bytes):
    yield data
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            yield zlib.decompressobj().decompress(data[m.end():m.end() + 8_000_000])
        except zlib.error:
            continue


def _contents(path: Path):
    """The bytes a search for leaks must see: the file, its zip entries, its decompressed PDF streams."""
    data = path.read_bytes()
    if path.suffix in (".epub", ".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                yield f"{path.name}:{name}", z.read(name)
    elif path.suffix == ".pdf":
        for i, chunk in enumerate(_pdf_chunks(data)):
            yield f"{path.name}:stream{i}", chunk
    else:
        yield path.name, data


def leaks(path: Path, needles: list[str]) -> list[str]:
    """Where any of `needles` (e.g. the build folder, the virtualenv, /tmp/) occurs in an output."""
    found = []
    for where, data in _contents(path):
        for n in needles:
            if n and n.encode() in data:
                found.append(f"{where} contains {n!r}")
    return found


def explain(a: Path, b: Path) -> str:
    """Why two builds of one output differ: the first differing zip entries or bytes, with context."""
    da, db = a.read_bytes(), b.read_bytes()
    if da == db:
        return "identical"
    if a.suffix == ".epub":
        za, zb = zipfile.ZipFile(io.BytesIO(da)), zipfile.ZipFile(io.BytesIO(db))
        out = []
        if za.namelist() != zb.namelist():
            out.append(f"entries differ: {za.namelist()} / {zb.namelist()}")
        for ia in za.infolist():
            try:
                ib = zb.getinfo(ia.filename)
            except KeyError:
                continue
            if (ia.date_time, ia.external_attr, ia.compress_type) != (ib.date_time, ib.external_attr, ib.compress_type):
                out.append(f"{ia.filename}: entry header differs ({ia.date_time} / {ib.date_time})")
            ca, cb = za.read(ia.filename), zb.read(ia.filename)
            if ca != cb:
                out.append(f"{ia.filename}: {_first_difference(ca, cb)}")
        return "; ".join(out[:5]) or "zip container differs (compression or order)"
    if a.suffix == ".pdf":
        ca, cb = list(_pdf_chunks(da)), list(_pdf_chunks(db))
        for i, (x, y) in enumerate(zip(ca[1:], cb[1:]), 1):
            if x != y:
                return f"PDF stream {i}: {_first_difference(x, y)}"
    return _first_difference(da, db)


def _first_difference(x: bytes, y: bytes) -> str:
    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
    return (f"first difference at byte {i} (sizes {len(x)} / {len(y)}): "
            f"{x[max(0, i - 60):i + 60]!r} / {y[max(0, i - 60):i + 60]!r}")


def project_copy(src: Path, dest: Path, skip: tuple[str, ...] = ()) -> Path:
    """Copy the project's files as a fresh clone would have them (git's tracked and untracked-but-not-ignored
    files; without git, everything but .venv, build and .git), except paths starting with one of `skip`.
    Two builds compared byte for byte, the tests' project copies and the benchmark all start from this."""
    import shutil
    import subprocess

    try:
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=src, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        files = [str(p.relative_to(src)) for p in src.rglob("*")  # the edition's own build/, not the package's
                 if p.is_file() and p.relative_to(src).parts[0] not in {".venv", "build", ".git"}
                 and "__pycache__" not in p.relative_to(src).parts]
    for f in files:
        s = src / f
        if s.is_file() and not (skip and f.startswith(skip)):
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, dest / f)
    return dest
