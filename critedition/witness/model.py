"""The ingest document model: blocks made of segments that remember where in the witness they came from."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Essay
from ..diagnostics import Report


@dataclass
class Seg:
    """A run of edition text; `witness` is set when it differs from the witness text at (line, col)."""

    text: str
    line: int
    col: int
    witness: str | None = None
    # witness | emendation | hyphenation | linebreak | supplied | normalisation | drop (markup dropped as
    # declared: no text) | call (a note call: no text, `note` its number) | break (a line or paragraph break
    # kept inside a block: printed as a line break)
    kind: str = "witness"
    ref: int | None = None  # index into Draft.interventions
    # The inline markup around the run, outermost first: emph, strong, smallcaps, superscript, subscript,
    # strikeout, underline, code, or "link URL".
    marks: list[str] = field(default_factory=list)
    note: int | None = None  # the note a call calls


@dataclass
class Block:
    # title | heading | para | quote | note | item (of a list: `level` its depth, `n` its number in an ordered
    # list, 0 in a bulleted one) | rule (a section break) | dropped (markup dropped as declared: not printed)
    kind: str
    segs: list[Seg]
    level: int = 0
    n: int = 0  # note number, for notes
    id: str = ""
    number: int = 0  # paragraph number, for para and quote

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def marked(self) -> str:
        """The text with each note call as `[n]`, as a plain-text witness writes it (what reads markers, such as
        the sigla's definitions "(Memoirs[1])", reads every witness alike)."""
        return "".join(f"[{s.note}]" if s.kind == "call" else s.text for s in self.segs)

    @property
    def line(self) -> int:
        return self.segs[0].line if self.segs else 0

    def anchors(self) -> list[tuple[int, int, int]]:
        """(edition offset, witness line, witness column) at each segment start: a source map."""
        out, off = [], 0
        for s in self.segs:
            out.append((off, s.line, s.col))
            off += len(s.text)
        return out


@dataclass
class Intervention:
    kind: str  # emendation | hyphenation | reorder | supplied | normalisation | drop
    line: int
    col: int
    witness: str
    edition: str
    reason: str = ""
    block: str = ""  # id of the edition block it falls in, filled when numbering


@dataclass
class Draft:
    essay: Essay
    report: Report
    file: str
    lines: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    order: list[dict] = field(default_factory=list)  # declared block order, for the apparatus
    stop: bool = False

    @classmethod
    def start(cls, essay: Essay, report: Report) -> "Draft":
        return cls(essay=essay, report=report, file=essay.witness_file)

    @property
    def id(self) -> str:
        return self.essay.id

    @property
    def witness_path(self) -> Path:
        return self.essay.witness

    def error(self, code: str, line: int = 0, col: int = 0, **values) -> None:
        self.report.add(code, self.file, line, col, **values)

    def config_error(self, code: str, key: str, **values) -> None:
        self.report.add(code, self.essay.file, self.essay.line_of(key), **values)


def shown(file: str) -> str:
    """A witness's path as a book prints it: as the edition names it, or its file name when it lies outside
    the edition's folder (../shared/corpus/...), where the rest of the path means nothing to a reader."""
    return Path(file).name if file.startswith("..") else file


# ---- the ingest stage's cache ---------------------------------------------------------------------------

DRAFT_FORMAT = 1  # bump when the fields below change: an older cache is then ingested again
# Fields added since: written only when set, so that a cache without them is still of this format.
OPTIONAL = {"marks": [], "note": None}


def _block_json(block: Block) -> dict:
    data = asdict(block)
    data["segs"] = [{k: v for k, v in s.items() if k not in OPTIONAL or v != OPTIONAL[k]} for s in data["segs"]]
    return data


def draft_to_json(draft: Draft) -> str:
    """The ingest result as JSON (build/cache/<essay>.ingest.json), without the witness lines, which no stage
    after ingest reads. Diagnostics are not kept: ingest reported them when it ran."""
    data = {"format": DRAFT_FORMAT, "file": draft.file, "meta": draft.meta, "contents": draft.contents,
            "order": draft.order, "stop": draft.stop,
            "blocks": [_block_json(b) for b in draft.blocks],
            "interventions": [asdict(i) for i in draft.interventions]}
    return json.dumps(data, ensure_ascii=False, indent=0)


def draft_from_json(text: str, essay: Essay, report: Report) -> Draft | None:
    """The Draft draft_to_json wrote, or None if the cache is of another format or damaged (ingest again then)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            return None
        blocks = [Block(**{**b, "segs": [Seg(**s) for s in b["segs"]]}) for b in data["blocks"]]
        return Draft(essay=essay, report=report, file=data["file"], meta=data["meta"], blocks=blocks,
                     interventions=[Intervention(**i) for i in data["interventions"]], contents=data["contents"],
                     order=data["order"], stop=data["stop"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
