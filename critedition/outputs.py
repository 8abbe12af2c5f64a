"""Write outputs atomically and reproducibly: complete or not at all, with dates from the build date only."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .config import ROOT


@contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside `target`; move it into place only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes private files; books are for sharing
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def staged(target: Path) -> Path:
    """Where `target` is made before it is put in place together with others (all or none): a partial file."""
    return target.with_name(f".{target.name}.staged.part")


def remove_partials(target: Path) -> None:
    """Remove what atomic_path left beside `target` when the process writing it was killed outright."""
    for part in target.parent.glob(f".{target.name}.*.part"):
        part.unlink(missing_ok=True)


def remove_partials_under(folder: Path, since: float) -> None:
    """Remove the partial files (atomic_path's, staged ones) under `folder` written since `since` (a time): what a
    long-running process's children left if they were killed outright, whatever they were writing."""
    for part in folder.rglob(".*.part"):
        try:
            if part.is_file() and part.stat().st_mtime >= since:
                part.unlink()
        except OSError:
            pass  # gone already


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_if_changed(target: Path, text: str) -> bool:
    """Write `target` only if its content would change, and say whether it did.

    A build stage's cache keeps its date when a rerun gives the same content, so make does not remake what
    depends on it (the stage's stamp file records that it ran)."""
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text(target, text)
    return True


def source_date_epoch() -> str:
    """The build date: SOURCE_DATE_EPOCH if set, else the last commit's time, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "1700000000"


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)


def zip_entry(name: str, epoch: int, stored: bool = False) -> zipfile.ZipInfo:
    """A zip entry whose bytes depend on nothing but its name and content: fixed time, mode and host system."""
    info = zipfile.ZipInfo(name, date_time=zip_time(epoch))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def pdf_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("D:%Y%m%d%H%M%S")
