"""The citation audit: every citation found, in one JSON Lines file, and one page an editor can scan with
every citation and every note (what it cites, or why it was judged to cite nothing)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..config import Edition
from ..outputs import write_text

STYLE = """body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f1ea;position:sticky;top:0}
code{font-size:.9em;white-space:pre-wrap}.problem,.unrecognised{background:#fde8e4}.before{color:#777}
.discursive{color:#555}
@media (prefers-color-scheme:dark){body{background:#1d1b19;color:#e8e2d8}th{background:#2c2925}
.problem,.unrecognised{background:#4a2520}.discursive{color:#aaa}}"""


def records(build: Path, edition: Edition, what: str = "citations") -> list[dict]:
    """All essays' audit records (``citations`` or ``notes``), essays in configuration order, each in
    witness order."""
    out = []
    for essay in edition.essays:
        path = build / "audit" / f"{essay}.{what}.jsonl"
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


def _note_row(n: dict, edition: Edition) -> str:
    """One note: where, how it was judged, and what it cites or why nothing."""
    witness = edition.essays[n["essay"]].data["witness"]
    if n["kind"] == "cites":
        what = "<br>".join(f"<code>{html.escape(' '.join(c['raw'].split()))}</code> → {_cites(c)}"
                           for c in n.get("citations") or [])
    else:
        what = html.escape(n.get("why", ""))
        what += "".join(f"<br>{html.escape(e['what'])} at {e['line']}:{e['col']}: <code>{html.escape(e['text'])}</code>"
                        for e in n.get("evidence") or [])
    return (f"<tr class={html.escape(n['kind'])}><td>{html.escape(n['essay'])}</td><td>{html.escape(str(n['note']))}</td>"
            f"<td>{html.escape(witness)}:{n['line']}:{n['col']}</td><td>{html.escape(n['kind'])}</td><td>{what}</td></tr>")


def _notes_section(notes: list[dict], edition: Edition) -> str:
    if not notes:
        return ""
    kinds = {k: sum(1 for n in notes if n["kind"] == k) for k in ("cites", "discursive", "unrecognised")}
    return (f"<h2>Notes</h2><p>{len(notes)} notes: {kinds['cites']} cite, {kinds['discursive']} discursive (they "
            f"cite nothing, and the reason is given), {kinds['unrecognised']} unrecognised (something in them looks "
            f"like a reference that no convention read; make check lists them).</p><table><thead><tr><th>essay</th>"
            f"<th>note</th><th>witness position</th><th>read as</th><th>citations, or why none</th></tr></thead>"
            f"<tbody>{''.join(_note_row(n, edition) for n in notes)}</tbody></table>")


def to_html(recs: list[dict], edition: Edition, notes: list[dict] | None = None) -> str:
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
            f"<th>rule</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{_notes_section(notes or [], edition)}"
            f"</body></html>\n")


def write(build: Path, edition: Edition) -> tuple[Path, Path]:
    recs = records(build, edition)
    jsonl, page = build / "audit" / "citations.jsonl", build / "audit" / "citations.html"
    write_text(jsonl, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    write_text(page, to_html(recs, edition, records(build, edition, "notes")))
    return jsonl, page
