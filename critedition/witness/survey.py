"""What a witness says of itself before it is configured: its profile, metadata, headings, notes and running text.

The profile is told by the file's extension and content, under the names of the witness registry
(``profiles.PROFILES``). A witness whose profile is registered is read by that profile's ingest, as the build
reads it; a Markdown witness whose profile is not registered yet by the small readers here (YAML front
matter, ATX headings, ``[^n]:`` footnotes, ``bib.draft.notes.markdown_footnotes``), which that profile's
ingest replaces once it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..bib.draft.notes import NoteText, markdown_footnotes
from ..config import Essay, Located, relpath
from ..diagnostics import Report
from . import ingest
from .model import Draft
from .profiles import PROFILES

# The declaration an ING-011 hint gives: "under drop: - {shortcode: figure, reason: ...}".
_DECLARE = re.compile(r"drop: - (\{[^}]*\})")
# Extension -> profile name; a name need not be registered (the caller says so when it is not).
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
_HEADER = re.compile(r"^(Title|Author|Date|Source):\s*\S")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.S)


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
    """What a witness not yet configured says of itself: read by ``profile`` when it is registered, else (a
    Markdown witness) by the readers here."""
    if profile in PROFILES:
        return survey(transient_essay(witness.stem, witness, profile), report)
    try:
        text = witness.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        report.add("CFG-001", relpath(witness), detail=str(e))
        return Survey(profile)
    return markdown_survey(profile, text)


def _from_draft(profile: str, draft: Draft) -> Survey:
    meta = {k: str(v) for k, v in draft.meta.items() if not k.startswith("_")}
    body = "\n\n".join(b.text for b in draft.blocks if b.kind in ("para", "quote"))
    notes = [NoteText(b.n, b.line, b.segs[0].col if b.segs else 1, b.text) for b in draft.blocks if b.kind == "note"]
    headings = [b.text for b in draft.blocks if b.kind == "heading"]
    return Survey(profile, meta, headings, notes, body, len(draft.lines))


def markdown_survey(profile: str, text: str) -> Survey:
    """Front matter, headings, footnotes and running text of a Pandoc Markdown witness."""
    meta: dict[str, str] = {}
    front = _FRONT.match(text)
    if front:
        try:
            data = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            meta = _front_matter(data)
    rest = text[front.end():] if front else text
    headings, paragraphs = [], []
    for line in rest.split("\n"):
        m = _HEADING.match(line)
        if m:
            headings.append(m.group(2))
        elif not line.startswith("[^") and not line.startswith("    "):
            paragraphs.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(paragraphs)).strip()
    return Survey(profile, meta, headings, markdown_footnotes(text), body, text.count("\n") + 1)


def _front_matter(data: dict) -> dict[str, str]:
    meta = {}
    for key in ("title", "subtitle", "date", "lang", "source"):
        if data.get(key) not in (None, ""):
            meta[key] = str(data[key])
    authors = data.get("author", data.get("authors"))
    if isinstance(authors, list):
        authors = " and ".join(str(a) for a in authors)
    if authors:
        meta["author"] = str(authors)
    return meta
