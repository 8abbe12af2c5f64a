"""Run the bundled pandoc binary (never a system one) with the edition's stacked defaults files."""

from __future__ import annotations

import json
import os
import subprocess
from functools import lru_cache
from pathlib import Path

import panflute as pf

from .config import ROOT
from .outputs import source_date_epoch
from .diagnostics import EditionError, make

DEFAULTS = ROOT / "edition" / "defaults"


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run(args: list[str], data: bytes, step: str, target: str) -> bytes:
    """pandoc ARGS < data; a failure or any warning on stderr is an error naming the step."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch()}
    proc = subprocess.run([pandoc_path(), *args], input=data, capture_output=True, cwd=ROOT, env=env)
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or err:
        raise EditionError([make("OUT-001", target, step=step, target=target, detail=err or f"exit {proc.returncode}")])
    return proc.stdout


def defaults(*names: str) -> list[str]:
    return [a for n in names for a in ("--defaults", str(DEFAULTS / f"{n}.yaml"))]


def doc_to_json(doc: pf.Doc) -> bytes:
    return json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_to_doc(data: bytes) -> pf.Doc:
    return pf.load(__import__("io").StringIO(data.decode("utf-8")))


def citeproc(data: bytes, target: str) -> bytes:
    """Resolve citations with citeproc (defaults: common.yaml): a document's JSON in, its JSON out."""
    # --sandbox: citeproc may read the bibliography and the style, and nothing else, nor the network.
    return run([*defaults("common"), "--sandbox", "--to", "json"], data, "citeproc", target)


def cite(doc: pf.Doc, target: str) -> pf.Doc:
    return json_to_doc(citeproc(doc_to_json(doc), target))


def write(doc: pf.Doc, fmt: str, out: Path, target: str) -> None:
    """Write a cited Doc in a format (defaults: <fmt>.yaml) to `out`."""
    run([*defaults(fmt), "--output", str(out)], doc_to_json(doc), f"pandoc {fmt}", target)


def to_string(doc: pf.Doc, fmt: str, target: str) -> str:
    """The format as text (the print HTML): sandboxed, since nothing is embedded at this step."""
    return run([*defaults(fmt), "--sandbox"], doc_to_json(doc), f"pandoc {fmt}", target).decode("utf-8")
