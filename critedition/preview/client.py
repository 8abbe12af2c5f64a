"""What the preview server adds to the pages it sends: the live-reload client (a script the books never carry in
build/), and the index page with the state of each book's formats."""

from __future__ import annotations

import html
import re

CLIENT_PATH = "/__live/client.js"
EVENTS_PATH = "/__live/events"
STATUS_PATH = "/__live/status.json"
TAG = f'<script src="{CLIENT_PATH}" defer></script>'

# Server-Sent Events: `reload` (the pages rebuilt), `errors` (the last change's, [] once fixed), `status` (the
# formats' states). A reloaded page goes back to where the reader was; the errors stay on top until fixed.
CLIENT_JS = r"""(() => {
  "use strict";
  const here = location.pathname;
  const key = "critedition-live-scroll:" + here;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    const put = () => window.scrollTo(x, y);
    put();
    if (document.readyState !== "complete") window.addEventListener("load", put, {once: true});
    if (document.fonts) document.fonts.ready.then(put);  // the book's own faces can move the text once loaded
  }
  let host = null;
  const style = `:host{all:initial}
.box{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,20,18,.93);color:#f6efe6;
 font:15px/1.45 system-ui,sans-serif;padding:2em}
h2{font-size:1.2em;margin:0 0 1em;color:#ffb4a2}
li{margin:0 0 1em}.where{font-family:ui-monospace,monospace;color:#ffd58a}.code{font-weight:bold;color:#ff8c75}
.hint{color:#c9c1b6}`;
  function field(parent, cls, text) {
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    parent.append(span);
    return span;
  }
  function overlay(items) {
    if (!items.length) {
      if (host) host.remove();
      host = null;
      return;
    }
    if (!host) {
      host = document.createElement("div");
      host.id = "critedition-live-errors";
      host.attachShadow({mode: "open"});
      document.documentElement.append(host);
    }
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.textContent = `The last change has ${items.length} error${items.length > 1 ? "s" : ""}: ` +
      "this page is the last good build, until they are fixed.";
    const list = document.createElement("ol");
    for (const d of items) {
      const li = document.createElement("li");
      field(li, "where", d.file + (d.line ? ":" + d.line : "") + (d.col ? ":" + d.col : ""));
      li.append(" ");
      field(li, "code", d.code);
      li.append(" ");
      field(li, "message", d.message);
      if (d.hint) {
        li.append(document.createElement("br"));
        field(li, "hint", "Hint: " + d.hint);
      }
      list.append(li);
    }
    box.append(title, list);
    host.shadowRoot.replaceChildren(Object.assign(document.createElement("style"), {textContent: style}), box);
  }
  function reload() {
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }
  const events = new EventSource("/__live/events");
  events.addEventListener("errors", e => overlay(JSON.parse(e.data)));
  events.addEventListener("reload", e => { if (JSON.parse(e.data).includes(here)) reload(); });
  events.addEventListener("status", () => { if (document.documentElement.hasAttribute("data-live-index")) reload(); });
})();
"""

_BODY_END = re.compile(rb"</body\s*>", re.I)


def inject(page: bytes) -> bytes:
    """The page with the client's script tag before its last </body> (at its end if it has none)."""
    ends = list(_BODY_END.finditer(page))
    tag = TAG.encode()
    if not ends:
        return page + tag
    at = ends[-1].start()
    return page[:at] + tag + page[at:]


INDEX_STYLE = """body{font:16px/1.45 system-ui,sans-serif;margin:2em auto;max-width:56em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em .6em;text-align:left}
.up-to-date{color:#2f6b2f}.building,.queued{color:#8a5a00}.failed{color:#a3261c}.detail{display:block;font-size:.85em}"""


def index_page(title: str, status: dict[str, dict[str, dict]]) -> bytes:
    """Every book with the state of each of its formats (up to date, queued, building, failed and why)."""
    rows = []
    for book, formats in status.items():
        cells = []
        for fmt, st in formats.items():
            name = f"/{book}/{book}.{fmt}"
            state = st.get("state", "")
            detail = f'<span class="detail">{html.escape(st["detail"])}</span>' if st.get("detail") else ""
            cells.append(f'<td class="{html.escape(state.replace(" ", "-"))}"><a href="{html.escape(name)}">'
                         f'{fmt.upper()}</a>: {html.escape(state)}{detail}</td>')
        rows.append(f"<tr><th>{html.escape(book)}</th>{''.join(cells)}</tr>")
    page = (f'<!DOCTYPE html>\n<html lang="en" data-live-index><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}: preview</title><style>{INDEX_STYLE}</style></head><body>'
            f"<h1>{html.escape(title)}</h1><p>The books as <code>edition watch</code> builds them: the HTML first, "
            f"then the EPUB and the PDF in the background.</p><table>{''.join(rows)}</table>"
            f"<p><a href=\"/audit/citations.html\">Citation audit</a></p></body></html>\n")
    return inject(page.encode())
