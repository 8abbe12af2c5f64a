"""What a witness says of itself before it is configured: its profile, metadata, headings, notes and running text.

The profile is told by the file's extension and content, under the names of the witness registry
(``profiles.PROFILES``), and the witness is read by that profile's ingest, as the build reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..bib.draft.notes import NoteText
from ..config import Essay, Located, relpath
from ..diagnostics import Report
from . import ingest
from .model import Block, Draft
from .profiles import PROFILES

# The declaration an ING-011 hint gives: "under drop: - {shortcode: figure, reason: ...}".
_DECLARE = re.compile(r"drop: - (\{[^}]*\})")
# Extension -> profile name; a name need not be registered (the caller says so when it is not).
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
_HEADER = re.compile(r"^(Title|Author|Date|Source):\s*\S")


@dataclass
class Survey:
    profile: str
    meta: dict[str, str] = field(default_factory=dict)  # title, subtitle, author, date, source, lang
    headings: list[str] = field(default_factory=list)
    notes: list[NoteText] = field(default_factory=list)
    body: str = ""  # the running text, paragraphs separated by blank lines
    lines: int = 0
    # Markup the edition does not print and no drop declares yet (ING-011 in a build): "line N: {shortcode:
    # figure, reason: ...}", the declaration each needs, its reason to be written by the editor.
    undeclared: list[str] = field(default_factory=list)


def detect_profile(path: Path) -> str:
    """The profile a witness looks like: by extension, else an Anarchist Library header, else OCR text."""
    if path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    try:
        head = path.read_text(encoding="utf-8", errors="replace").split("\n")[:4]
    except OSError:
        return "ocr"
    return "anarchist-library" if sum(bool(_HEADER.match(line)) for line in head) >= 2 else "ocr"


def transient_essay(essay_id: str, witness: Path, profile: str) -> Essay:
    """An essay configuration that names only its witness and profile (for reading a witness not yet configured)."""
    data = Located({"id": essay_id, "witness": str(witness), "profile": profile})
    data.lines = {}
    return Essay(essay_id, data, relpath(witness))


def survey(essay: Essay, report: Report) -> Survey:
    """What a configured essay's witness says of itself, read by its profile's ingest as the build reads it.

    Markup no drop declares yet (ING-011 in a build) is what the survey reports as the drops to declare, not
    an error of the survey: notes can be drafted from before the drops are."""
    own = Report()
    found = _from_draft(essay.profile, ingest(essay, own))
    report.merge([d for d in own.items if d.code != "ING-011"])
    found.undeclared = [f"line {d.line}: {m.group(1)}" for d in own.items if d.code == "ING-011"
                        for m in [_DECLARE.search(d.hint)] if m]
    return found


def survey_file(witness: Path, profile: str, report: Report) -> Survey:
    """What a witness not yet configured says of itself, read by ``profile`` (a registered one: CFG-006
    otherwise)."""
    if profile not in PROFILES:
        report.add("CFG-006", relpath(witness), profile=profile, known=", ".join(PROFILES))
        return Survey(profile)
    return survey(transient_essay(witness.stem, witness, profile), report)


def _with_italics(block: Block) -> str:
    """A note's text with its italic runs between asterisks, as Markdown writes them: the drafter takes an
    italic run for a title (bib/draft)."""
    out, italic = [], False
    for seg in block.segs:
        emph = "emph" in seg.marks
        if emph != italic and seg.text:
            out.append("*")
            italic = emph
        out.append(seg.text)
    if italic:
        out.append("*")
    return " ".join("".join(out).split())


def _from_draft(profile: str, draft: Draft) -> Survey:
    meta = {k: str(v) for k, v in draft.meta.items() if not k.startswith("_")}
    body = "\n\n".join(b.text for b in draft.blocks if b.kind in ("para", "quote"))
    notes = [NoteText(b.n, b.line, b.segs[0].col if b.segs else 1, _with_italics(b)) for b in draft.blocks
             if b.kind == "note"]
    headings = [b.text for b in draft.blocks if b.kind == "heading"]
    return Survey(profile, meta, headings, notes, body, len(draft.lines))
