"""Fidelity: replay the declared interventions on the witness and compare its words with the edition's."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import panflute as pf

from ..config import Essay

CITE = "⟨CITE⟩"
MARKER = re.compile(r" ?\[\d{1,3}\]")
NOTE_DEF = re.compile(r"^\[\d{1,3}\]\s*")


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def _cut(lines: list[str], line: int, col: int, raw: str, token: str, joins: set[int]) -> None:
    """Replace `raw`, starting at (line, col) of the witness and possibly running over line ends, by `token`."""
    parts = raw.split("\n")
    i, c = line - 1, col - 1
    if lines[i][c:c + len(parts[0])] != parts[0]:
        raise ValueError(f"line {line}:{col}: {parts[0]!r} not in the witness")
    if len(parts) == 1:
        lines[i] = lines[i][:c] + token + lines[i][c + len(raw):]
        return
    lines[i] = lines[i][:c] + token
    for k, part in enumerate(parts[1:], start=1):
        joins.add(i + k - 1)  # the line end inside the citation disappears with it
        if k < len(parts) - 1:
            lines[i + k] = ""
        else:
            lines[i + k] = lines[i + k][len(part):]


def witness_words(essay: Essay, interventions: list[dict], audit: list[dict]) -> list[str]:
    """The witness's words in reading order, with the declared interventions replayed on them."""
    body, notes = witness_parts(essay, interventions, audit)
    return body + [w for note in notes for w in note]


def witness_parts(essay: Essay, interventions: list[dict], audit: list[dict]) -> tuple[list[str], list[list[str]]]:
    """The witness's words with the declared interventions replayed on them: the running text's, and each
    note's (in the witness's order), each citation the audit records as one ``CITE`` token."""
    lines = essay.witness.read_text(encoding="utf-8").split("\n")
    joins: set[int] = set()  # 0-based lines whose line end vanishes
    cut = [(a["line"], a["col"], a["raw"]) for a in audit if a.get("cites")]

    def in_citation(line: int, col: int) -> bool:
        """An emendation inside a normalised citation is absorbed by it (the citation replaces the text)."""
        for l, c, raw in cut:
            end_line = l + raw.count("\n")
            end_col = (c + len(raw)) if l == end_line else len(raw.rsplit("\n", 1)[1]) + 1
            if (l, c) <= (line, col) < (end_line, end_col):
                return True
        return False

    interventions = [i for i in interventions if not (i["kind"] == "emendation" and in_citation(i["line"], i["col"]))]
    for a in sorted(audit, key=lambda a: (a["line"], a["col"]), reverse=True):  # right to left keeps columns valid
        if a.get("cites"):
            _cut(lines, a["line"], a["col"], a["raw"], CITE, joins)
    # Emendations, right to left within a line so that columns stay valid.
    for iv in sorted((i for i in interventions if i["kind"] == "emendation"), key=lambda i: (i["line"], -i["col"])):
        i, c = iv["line"] - 1, iv["col"] - 1
        assert lines[i][c:c + len(iv["witness"])] == iv["witness"], iv
        lines[i] = lines[i][:c] + iv["edition"] + lines[i][c + len(iv["witness"]):]
    hyphen = {iv["line"] - 1: iv["reason"].split(":")[0] for iv in interventions if iv["kind"] == "hyphenation"}
    if essay.profile == "anarchist-library":
        body, notes = [], []
        k = 0
        while k < len(lines) and re.match(r"^\w+:", lines[k]):  # header
            k += 1
        while k < len(lines) and (not lines[k].strip() or lines[k][:1] in " \u00a0\t"):  # contents
            k += 1
        for i in range(k, len(lines)):
            if NOTE_DEF.match(lines[i]):
                notes.append(NOTE_DEF.sub("", lines[i]).split())
            else:
                body.append(MARKER.sub("", lines[i]))
        return " ".join(body).split(), notes
    order = [iv for iv in interventions if iv["kind"] == "reorder"]
    title = essay.settings.title_lines
    skip = set()
    if title:
        a, _, b = title.partition("-")
        skip = set(range(int(a) - 1, int(b or a)))
    out: list[str] = []
    for iv in order:
        a, b = map(int, re.findall(r"\d+", iv["witness"]))
        for i in range(a - 1, b):
            if i in skip:
                continue
            text = lines[i].strip()
            if i in hyphen and text.endswith("-"):
                out.append(text[:-1] if hyphen[i] == "join" else text)
            elif i in joins:
                out.append(text)
            else:
                out.append(text + " ")
    return "".join(out).split(), []


def edition_words(essay_div: pf.Div) -> list[str]:
    """The edition's words for one essay: running text, then the notes in order (as the witness has them)."""
    body: list[str] = []
    notes: list[list[str]] = []

    def walk(el, sink):
        if isinstance(el, pf.Note):
            notes.append([])
            for b in el.content:
                walk(b, notes[-1])
            sink_space(notes[-1])
            return
        if isinstance(el, pf.Cite):
            sink.append(CITE)
            return
        if isinstance(el, pf.Link) and "pnum" in el.classes:
            return
        if isinstance(el, pf.Div) and ({"headnote", "byline", "essay-subtitle"} & set(el.classes)):
            return
        if isinstance(el, pf.Header) and "essay-title" in el.classes:
            return
        if isinstance(el, pf.Str):
            sink.append(el.text)
        elif isinstance(el, (pf.Space, pf.SoftBreak, pf.LineBreak)):
            sink.append(" ")
        elif hasattr(el, "content"):
            for c in el.content:
                walk(c, sink)
            if isinstance(el, pf.Block):
                sink_space(sink)

    def sink_space(sink):
        sink.append(" ")

    walk(essay_div, body)
    return ("".join(body) + " " + " ".join("".join(n) for n in notes)).split()


@dataclass
class Difference:
    witness: str
    edition: str
    at: int  # index in the witness's word sequence

    def __str__(self) -> str:
        return f"word {self.at}: witness {self.witness!r} / edition {self.edition!r}"


def differences(witness: list[str], edition: list[str]) -> list[Difference]:
    sm = difflib.SequenceMatcher(a=witness, b=edition, autojunk=False)
    return [Difference(" ".join(witness[i1:i2]), " ".join(edition[j1:j2]), i1)
            for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def unfound(witness: list[str], printed: str, near: int = 400, window: int = 6000) -> list[Difference]:
    """The witness's words (citations aside) that a text printing more than the essay, in an order of its
    own (a PDF's running heads, page numbers and footnotes among the words), does not print in their order.

    Compared by letters alone, since a PDF's text joins words at line-end hyphens and glues note numbers to
    them. The text is found where its first words are together (anywhere); then each word must come
    ``near`` the one before, or, if a page's footnotes come between, within ``window`` letters with the
    next words near it; a word a page break cuts in two ("Trot-" ... "skyist") may have them between its
    halves."""
    stream, out = _letters(printed), []
    words = [[p for p in (_letters(x) for x in re.split(r"[-‐–—]", w.replace(CITE, ""))) if p] for w in witness]
    flat = ["".join(w) for w in words]
    at = next((f for k in (5, 4, 3, 2, 1) if (f := stream.find("".join(flat[:k]))) >= 0), 0)
    for i, parts in enumerate(words):
        end = at
        for part in parts:
            end = _next(stream, part, end, near, window, flat[i + 1:i + 3])
            if end is None:
                out.append(Difference(witness[i], "", i))
                break
        else:
            at = end
    return out


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalpha())


def _next(stream: str, part: str, at: int, near: int, window: int, following: list[str]) -> int | None:
    """Where ``part`` ends when found after ``at`` (see ``unfound``), or None: the nearest of the word
    whole and the word cut by a page break."""
    found = []
    whole = stream.find(part, at, at + near + len(part))
    if whole >= 0:
        found.append((whole, whole + len(part)))
    for k in range(2, len(part) - 1):  # cut by a page break: the rest comes after what the page adds
        head = stream.find(part[:k], at, whole if whole >= 0 else at + near + k)
        tail = stream.find(part[k:], head + k, head + k + window) if head >= 0 else -1
        if tail >= 0 and all(stream.find(f, tail, tail + near + len(f)) >= 0 for f in following[:1]):
            found.append((head, tail + len(part) - k))
    if found:
        return min(found)[1]
    far = stream.find(part, at, at + window + len(part))
    if far >= 0 and all(stream.find(f, far, far + near + len(f)) >= 0 for f in following):
        return far + len(part)
    return None
