"""The citation audit: every citation found, in one JSON Lines file and one page an editor can scan."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..config import Edition
from ..outputs import write_text

STYLE = """body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f1ea;position:sticky;top:0}
code{font-size:.9em;white-space:pre-wrap}.problem{background:#fde8e4}.before{color:#777}
@media (prefers-color-scheme:dark){body{background:#1d1b19;color:#e8e2d8}th{background:#2c2925}.problem{background:#4a2520}}"""


def records(build: Path, edition: Edition) -> list[dict]:
    """All essays' audit records, essays in configuration order, each in witness order."""
    out = []
    for essay in edition.essays:
        path = build / "audit" / f"{essay}.citations.jsonl"
        if path.exists():
            out += [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    return out


def _cites(r: dict) -> str:
    if not r["cites"]:
        return f"<strong>unresolved</strong>: {html.escape(r.get('problem', ''))}"
    parts = []
    for c in r["cites"]:
        loc = f", {c['label'] + ' ' if c['label'] != 'page' else ''}{c['locator']}" if c["locator"] else ""
        pre = f"{c['prefix']} " if c["prefix"] else ""
        parts.append(html.escape(f"{pre}@{c['key']}{loc}{c['suffix']}"))
    mode = f" <em>({html.escape(r['mode'])})</em>" if r.get("mode") else ""
    return "; ".join(parts) + mode


def to_html(recs: list[dict], edition: Edition) -> str:
    rows = []
    for r in recs:
        witness = edition.essays[r["essay"]].settings.witness
        cls = ' class="problem"' if not r["cites"] else ""
        notes = "<br>" + "; ".join(map(html.escape, r["notes"])) if r.get("notes") else ""
        rows.append(
            f"<tr{cls}><td>{html.escape(r['essay'])}</td><td>{html.escape(witness)}:{r['line']}:{r['col']}</td>"
            f"<td><code class=before>…{html.escape(r['before'][-40:])}</code><code>{html.escape(r['raw'])}</code></td>"
            f"<td>{_cites(r)}{notes}</td><td>{html.escape(r['rule'])}</td></tr>")
    unresolved = sum(1 for r in recs if not r["cites"])
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>Citation audit</title><style>{STYLE}</style></head><body><h1>Citation audit</h1>"
            f"<p>{len(recs)} citations found, {unresolved} unresolved. Each row: where in the witness, the exact "
            f"witness text (after the 40 characters before it), what the edition cites, and the rule that fired.</p>"
            f"<table><thead><tr><th>essay</th><th>witness position</th><th>witness text</th><th>edition cites</th>"
            f"<th>rule</th></tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>\n")


def write(build: Path, edition: Edition) -> tuple[Path, Path]:
    recs = records(build, edition)
    jsonl, page = build / "audit" / "citations.jsonl", build / "audit" / "citations.html"
    write_text(jsonl, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    write_text(page, to_html(recs, edition))
    return jsonl, page
