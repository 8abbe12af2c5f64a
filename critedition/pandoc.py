"""Run the bundled pandoc binary (never a system one) with the edition's stacked defaults files."""

from __future__ import annotations

import io
import json
import os
import subprocess
from functools import lru_cache
from pathlib import Path

import panflute as pf
import pypandoc
import yaml

from .config import ROOT, design_folder
from .outputs import source_date_epoch
from .diagnostics import EditionError, make

DEFAULTS = design_folder("defaults")


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def run(args: list[str], data: bytes, step: str, target: str, known: tuple[str, ...] = ()) -> bytes:
    """pandoc ARGS < data; a failure or any warning on stderr is an error naming the step, but for the warnings
    that begin with one of `known` (which the caller finds and reports itself)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch()}
    proc = subprocess.run([pandoc_path(), *args], input=data, capture_output=True, cwd=ROOT, env=env)
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    err = "\n".join(x for x in lines if not x.startswith(known)).strip()
    if proc.returncode != 0 or err:
        raise EditionError([make("OUT-001", target, step=step, target=target, detail=err or f"exit {proc.returncode}")])
    return proc.stdout


# A witness is read within a memory and a time limit: a reader can take exponential time and memory on some
# inputs (pandoc 3.9's commonmark reader grew past 14 GB on one corpus essay), which must end as a diagnostic.
READ_LIMITS = ["+RTS", "-M2g", "-RTS"]
READ_TIMEOUT = 120


def read(data: bytes, reader: str) -> tuple[pf.Doc | None, str]:
    """A witness read by one of pandoc's readers (`markdown-smart`, `html`, `docx`...): its Doc, or None and
    what pandoc said. Sandboxed: a witness makes pandoc read nothing else."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch()}
    args = [pandoc_path(), *READ_LIMITS, "--sandbox", "--quiet", "--from", reader, "--to", "json"]
    try:
        proc = subprocess.run(args, input=data, capture_output=True, cwd=ROOT, env=env, timeout=READ_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"no result within {READ_TIMEOUT} s"
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        return None, " ".join(err.split()) or f"exit {proc.returncode}"
    return json_to_doc(proc.stdout), ""


def defaults(*names: str) -> list[str]:
    return [a for n in names for a in ("--defaults", str(DEFAULTS / f"{n}.yaml"))]


def doc_to_json(doc: pf.Doc) -> bytes:
    return dumps(doc.to_json())


def dumps(data) -> bytes:
    """A document's JSON data as pandoc is given it (compact, UTF-8): the stages' caches hold it so too."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def writer_json(doc: pf.Doc, fmt: str) -> bytes:
    """The Doc's JSON for pandoc's writer of `fmt` (defaults <fmt>.yaml). Where that writer never breaks a line at
    a Space (wrap: none or preserve), it writes a Space as a space whatever is around it, so each run of words
    and spaces is given as one Str: the same page, from half the JSON, which pandoc reads in half the time."""
    data = doc.to_json()
    if not _breaks_lines(fmt):
        joined_words(data)
    return dumps(data)


@lru_cache(maxsize=None)
def _breaks_lines(fmt: str) -> bool:
    """Whether the format's writer may break a line at a Space: wrap: auto, pandoc's default."""
    settings = yaml.safe_load((DEFAULTS / f"{fmt}.yaml").read_text(encoding="utf-8")) or {}
    return settings.get("wrap", "auto") not in ("none", "preserve")


def joined_words(data) -> None:
    """In a document's JSON data, each run of Str and Space elements of an inline list made one Str (in place).
    Only inline lists hold Str and Space elements; a SoftBreak is left as it is (the wrap option decides it)."""
    if type(data) is dict:
        for value in data.values():
            if type(value) is list or type(value) is dict:
                joined_words(value)
        return
    out: list | None = None  # the list as it will be, from the first Str or Space on
    run = -1  # where in `out` the Str being extended is, or -1
    for i, item in enumerate(data):
        kind = item.get("t") if type(item) is dict else None
        if kind == "Str" or kind == "Space":
            text = item["c"] if kind == "Str" else " "
            if out is None:
                out = data[:i]
            if run >= 0:
                out[run] = {"t": "Str", "c": out[run]["c"] + text}
            else:
                run = len(out)
                out.append({"t": "Str", "c": text})
            continue
        if type(item) is list or type(item) is dict:
            joined_words(item)
        run = -1
        if out is not None:
            out.append(item)
    if out is not None:
        data[:] = out


def json_to_doc(data: bytes) -> pf.Doc:
    return pf.load(io.StringIO(data.decode("utf-8")))


# A style may print no bibliography entry for a work it cites (Chicago's notes styles leave out letters,
# interviews and manuscripts nobody can consult): book/cited.py finds those entries and reports them.
UNPRINTED = "[WARNING] Citeproc: Bibliography entry with no printed form: "


def citeproc(data: bytes, target: str) -> bytes:
    """Resolve citations with citeproc (defaults: common.yaml): a document's JSON in, its JSON out."""
    # --sandbox: citeproc may read the bibliography and the style, and nothing else, nor the network.
    return run([*defaults("common"), "--sandbox", "--to", "json"], data, "citeproc", target, known=(UNPRINTED,))


def cite(doc: pf.Doc, target: str) -> pf.Doc:
    return json_to_doc(citeproc(doc_to_json(doc), target))


def write(doc: pf.Doc, fmt: str, out: Path, target: str) -> None:
    """Write a cited Doc in a format (defaults: <fmt>.yaml) to `out`."""
    run([*defaults(fmt), "--output", str(out)], writer_json(doc, fmt), f"pandoc {fmt}", target)


def to_string(doc: pf.Doc, fmt: str, target: str) -> str:
    """The format as text (the print HTML): sandboxed, since nothing is embedded at this step."""
    return run([*defaults(fmt), "--sandbox"], writer_json(doc, fmt), f"pandoc {fmt}", target).decode("utf-8")
