"""Add an essay: write edition/essays/ID.yaml from what its witness says of itself, and name it in a new book.

`edition new-essay ID --witness FILE [--profile P] [--book BOOK]` tells the witness's profile by its
extension and content (or takes --profile), reads its header or front matter (title, subtitle, author,
date), headings, notes, the abbreviations it defines and the citation convention its notes look like,
and writes the essay's configuration: what was read as keys, every other key commented out with its
default and what it does. A witness outside the project is copied into seeds/ first (byte for byte).
edition/edition.yaml gets the essay under `essays:` and a book of its own under `books:`, by editing its
text (its comments and layout stay). Then run `edition bib draft ID` for the works its notes cite.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

from pydantic_core import PydanticUndefined

from .. import config
from ..config import schema
from ..bib.library import Library
from ..cite.conventions.sigla import detect_sigla
from ..diagnostics import EditionError, Report
from ..outputs import write_text
from ..witness.profiles import PROFILES
from ..witness.stages import slug
from ..witness.survey import Survey, detect_profile, survey_file
from .common import exit_code, load, print_report

# Every key of an essay's configuration, from the schema: (key, default as YAML, what it does). Keys read
# from the witness are written as values; the others as comments.
def _default(field) -> str:
    value = field.default
    if value is PydanticUndefined or value is None:
        return ""
    if isinstance(value, schema.Section):
        return "{}"
    return value if isinstance(value, str) else json.dumps(value)


KEYS: list[tuple[str, str, str]] = [(name.replace("_", "-"), _default(field), field.description or "")
                                    for name, field in schema.Essay.model_fields.items()]
# The citation conventions a witness's notes and text can look like, each with the style names that read it,
# most specific first: the first one the configuration knows is written.
CONVENTIONS = {
    "notes": ("Chicago notes (full references, short forms, Ibid.)", ("chicago", "references")),
    "sigla": ("abbreviations defined in the text and endnotes", ("sigla",)),
    "brackets": ("bracketed references with Op. Cit.", ("brackets",)),
    "author-year": ("author-year references in the text", ("author-year",)),
}


def add_arguments(p) -> None:
    p.add_argument("id", help="the new essay's id (a word: letters, digits, hyphens)")
    p.add_argument("--witness", required=True, help="the witness file")
    p.add_argument("--profile", help=f"how to read it (default: told by its extension and content; {', '.join(PROFILES)})")
    p.add_argument("--book", help="the new book's id (default: author and title)")


def run(args) -> int:
    report = Report()
    edition = load(args, report)
    cfg_path = config.ROOT / edition.file
    target = cfg_path.parent / "essays" / f"{args.id}.yaml"
    if args.id in edition.essays or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.id):
        report.add("EDIT-002", edition.file, essay=args.id, config=edition.file, path=config.relpath(target))
    elif target.exists():
        report.add("EDIT-003", config.relpath(target), path=config.relpath(target),
                   why="remove it or choose another id")
    source = Path(args.witness).resolve()
    if not source.is_file():
        report.add("WIT-001", str(args.witness), path=str(args.witness))
    profile = args.profile or detect_profile(source)
    if profile not in PROFILES:
        report.add("CFG-006", str(args.witness), profile=profile, known=", ".join(PROFILES))
    if report.errors:
        print_report(report)
        return exit_code(report.items)
    made = not (config.ROOT / "seeds" / source.name).exists()  # a copy this command makes, undone on failure
    witness = _in_project(source, report)
    if witness is None:
        print_report(report)
        return exit_code(report.items)
    found = survey_file(witness, profile, Report())
    library = Library.load(edition.bibliography) if edition.bibliography.is_file() else Library([])
    text = essay_yaml(args.id, config.relpath(witness), found, library)
    book = args.book or _book_id(args.id, found, edition)
    old = cfg_path.read_text(encoding="utf-8")
    try:
        new = register(old, args.id, book, found.meta.get("title") or args.id)
    except ValueError as e:
        report.add("EDIT-004", edition.file, essay=args.id, path=edition.file, why=str(e))
        if witness != source and made:  # copied into seeds/ for this essay: the project as it was
            witness.unlink()
        print_report(report)
        return exit_code(report.items)
    write_text(target, text)
    write_text(cfg_path, new)
    try:
        config.load(cfg_path, Report())
    except EditionError as err:  # leave the project as it was
        write_text(cfg_path, old)
        target.unlink()
        if witness != source and made:
            witness.unlink()
        report.merge(err.diagnostics)
        print_report(report)
        return exit_code(report.items)
    print(f"edition new-essay: wrote {config.relpath(target)} and added {args.id} (book {book}) to "
          f"{edition.file}; next: `edition bib draft {args.id}` for the works its notes cite", file=sys.stderr)
    return 0


def _in_project(source: Path, report: Report) -> Path | None:
    """The witness inside the project: as it is, or copied into seeds/ (never over another file)."""
    try:
        source.relative_to(config.ROOT)
        return source
    except ValueError:
        pass
    copy = config.ROOT / "seeds" / source.name
    if copy.exists() and copy.read_bytes() != source.read_bytes():
        report.add("EDIT-003", config.relpath(copy), path=config.relpath(copy),
                   why="another witness has this name: rename the file you are adding")
        return None
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)
    return copy


def _book_id(essay_id: str, found: Survey, edition: config.Edition) -> str:
    author = found.meta.get("author", "").split(" and ")[0].split()
    words = slug(found.meta.get("title", "")).split("-")[:4]
    base = "-".join(w for w in [slug(author[-1]) if author else essay_id, *words] if w) or essay_id
    book, n = base, 2
    while book in edition.books:
        book, n = f"{base}-{n}", n + 1
    return book


def convention(found: Survey) -> tuple[str, str]:
    """(name, what was seen) of the citation convention the witness looks like (``CONVENTIONS``)."""
    notes = found.notes
    full = sum(bool(re.search(r"\([^()]*:[^()]*\b(?:1[5-9]|20)\d\d\)", n.text)) for n in notes)
    ibid = sum(bool(re.match(r"\W*Ibid", n.text)) for n in notes)
    defined = len(re.findall(r"\([A-Z][\w’'-]*(?:[ \t][A-Z][\w’'-]*){0,3}\[\d{1,3}\]\)", found.body))
    brackets = len(re.findall(r"\[[^\[\]]{0,200}\bpp?\.\s*\d", found.body))
    author_year = len(re.findall(r"\b[A-Z][a-z]+(?:,\s*|\s+\()(?:1[5-9]|20)\d\d[a-z]?\b", found.body))
    seen = f"{len(notes)} notes, {full} with a full reference, {ibid} beginning “Ibid.”"
    if defined:
        return "sigla", f"{defined} abbreviations defined in the text; {seen}"
    if brackets > len(notes):
        return "brackets", f"{brackets} bracketed references in the text; {seen}"
    if notes and (full or ibid):
        return "notes", seen
    if author_year:
        return "author-year", f"{author_year} author-year references in the text; {seen}"
    return "sigla", f"no convention recognised; {seen}"


def essay_yaml(essay_id: str, witness: str, found: Survey, library: Library) -> str:
    """The essay's configuration: what the witness gives as values, every other key commented out."""
    meta = found.meta
    name, seen = convention(found)
    styles = CONVENTIONS[name][1]
    style = next((s for s in styles if s in schema.STYLES), "sigla")
    problems: list[str] = []
    sigla = detect_sigla(found.body, {n.n: n.text for n in found.notes}, library, problems) if found.notes else {}
    values = {"id": essay_id, "witness": witness, "profile": found.profile}
    for key in ("title", "subtitle", "author", "date", "lang"):
        if meta.get(key):
            values[key] = meta[key]
    known = {k for k, _, _ in KEYS}
    where = f"{meta.get('author', 'Unknown author')}, “{meta.get('title', essay_id)}”"
    dated = f" ({meta['date']})" if meta.get("date") else ""
    out = [f"# {where}{dated}, witness read as {found.profile}.",
           f"# Written by `edition new-essay {essay_id}`: the keys set below were read from the witness; every",
           "# other key is shown commented out with its default.",
           f"# The witness: {found.lines} lines, {len(found.notes)} notes"
           + (f" (lines {found.notes[0].line}-{found.notes[-1].line})" if found.notes else "") + "."]
    if found.headings:
        out.append(f"# Headings ({len(found.headings)}): " + "; ".join(found.headings[:12])
                   + ("; ..." if len(found.headings) > 12 else "") + ".")
    for key, default, what in KEYS:
        doc = _comment(what)
        if key == "citations":
            out += [*doc, *_comment(f"The notes look like {CONVENTIONS[name][0]}: {seen}."), "citations:",
                    f"  style: {style}"]
            out += ["  sigla:" + ("" if sigla else " {}")] + [f"    {_yaml(s)}: {k}" for s, k in sigla.items()]
            out += [f"  # not found in the bibliography: {p}" for p in problems]
        elif key in values and key in known:
            out += [*doc, f"{key}: {_yaml(values[key])}"]
        elif key in values:  # read from the witness, but not a key the configuration accepts yet
            out += [*doc, f"# Read from the witness; the configuration has no {key} key yet:",
                    f"# {key}: {_yaml(values[key])}"]
        elif key == "drop" and found.undeclared:
            out += [*doc, "# The witness has markup the edition does not print: declare each drop, with the reason",
                    "# the textual notes give readers, or the build stops (ING-011). Found at "
                    + ", ".join(u.split(":", 1)[0] for u in found.undeclared) + ":", "# drop:"]
            out += [f"#   - {d}" for d in dict.fromkeys(u.split(": ", 1)[1] for u in found.undeclared)]
        elif key == "source" and meta.get("source"):
            out += [*doc, "source:", f"  note: {_yaml(meta['source'])}"]
        elif key == "blocks" and found.profile == "ocr" and found.lines:
            out += [*doc, "blocks:", f"  - {{id: p1, lines: 1-{found.lines}}}", "order:", "  - {block: p1}"]
        elif key == "order" and found.profile == "ocr" and found.lines:
            continue
        else:
            out += [*doc, f"# {key}: {default or '...'}"]
    return "\n".join(out) + "\n"


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, 100)]


def _yaml(value: str) -> str:
    """A string as a YAML scalar: plain when safe, else double-quoted."""
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9][\w .,/()-]*", text) and not re.match(r"^(?:\d[\d-]*|true|false|null|yes|no)$",
                                                                      text, re.I):
        return text
    return json.dumps(text, ensure_ascii=False)


def register(text: str, essay_id: str, book: str, title: str) -> str:
    """edition.yaml's text with the essay under `essays:` and a new book at the end of `books:`, its comments
    and layout kept; a new edition's empty `essays: {}` and `books: []` (or the keys missing) become blocks.
    ValueError if either is there in another form."""
    lines = text.rstrip("\n").split("\n")
    i = _top(lines, "essays", "{}")
    last = _block_end(lines, i)
    indent = re.match(r"\s*", lines[last]).group() if last > i else "  "
    if last == i and not _empty(lines[i], "{}"):
        raise ValueError("essays: is not a block of `id: essays/ID.yaml` lines; add the essay by hand")
    lines.insert(last + 1, f"{indent}{essay_id}: essays/{essay_id}.yaml")
    j = _top(lines, "books", "[]")
    end = _block_end(lines, j)
    if end == j and not _empty(lines[j], "[]"):
        raise ValueError("books: is not a block of `- id: ...` items; add the book by hand")
    item = re.match(r"(\s*)-\s", next((ln for ln in lines[j + 1:end + 1] if re.match(r"\s*-\s", ln)), "  - "))
    pad = item.group(1) if item else "  "
    lines[end + 1:end + 1] = [f"{pad}- id: {book}", f"{pad}  title: {_yaml(title)}",
                              f"{pad}  subtitle: \"A Critical Edition\"", f"{pad}  essays: [{essay_id}]"]
    return "\n".join(lines) + "\n"


def _empty(line: str, flow: str) -> bool:
    """Whether a top-level key's line holds no value, or the empty flow collection `flow`."""
    return re.match(rf"^[\w-]+:\s*(?:{re.escape(flow)})?\s*(?:#.*)?$", line) is not None


def _top(lines: list[str], key: str, flow: str) -> int:
    """The line of a top-level key, rewritten as a block's head if it held the empty `flow`; added if missing."""
    for i, line in enumerate(lines):
        if _empty(line, flow) and line.startswith(f"{key}:"):
            lines[i] = f"{key}:"
            return i
    if any(re.match(rf"^{key}:", line) for line in lines):
        raise ValueError(f"{key}: is not a block at the top level; add the lines by hand")
    lines.append(f"{key}:")
    return len(lines) - 1


def _block_end(lines: list[str], start: int) -> int:
    """The last line of the indented block under line ``start`` (``start`` itself if it is empty)."""
    last = start
    for k in range(start + 1, len(lines)):
        if re.match(r"^\S", lines[k]) and not lines[k].startswith("#"):
            break
        if lines[k].strip() and not lines[k].lstrip().startswith("#"):
            last = k
    return last
