"""The one Chromium driver: headless Chromium over the DevTools protocol on a pipe (no WebSocket, no package).

Used by `edition validate` (critedition/validators.py), `make proofs` and the design tests to look at the
HTML edition the way a reader's browser does: open the page at a given width, wait for fonts, then measure
(scroll width, broken internal links), read the DOM, collect console errors, exceptions and any request
that leaves the page, and take screenshots. The book itself carries no script; expressions are evaluated
by the harness only.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# A browser that reaches nothing on its own (no updates, sync or background requests, no QUIC) and shows no
# chrome of its own (scrollbars) in what it measures or captures.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
         "--hide-scrollbars", "--mute-audio"]

# Every same-page link (href="#x") whose target does not exist.
BROKEN_LINKS_JS = """
(() => {
  const out = [];
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (id && !document.getElementById(id)) out.push(id);
  }
  return out;
})()
"""
DOM_JS = "document.documentElement.outerHTML"  # the page as its scripts left it
METRICS_JS = """
({scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  innerWidth: window.innerWidth, bodyScrollWidth: document.body.scrollWidth,
  links: document.querySelectorAll('a[href^="#"]').length})
"""


def find_chromium() -> str | None:
    """The first Chromium (or Chrome) on PATH, or None."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    url: str
    width: int
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    metrics: dict = field(default_factory=dict)
    broken_links: list[str] = field(default_factory=list)
    probes: dict = field(default_factory=dict)  # name -> value of each probe expression

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]

    @property
    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
        widest = max(int(self.metrics.get("scrollWidth", 0)), int(self.metrics.get("bodyScrollWidth", 0)))
        return max(0, widest - self.width, widest - int(self.metrics.get("clientWidth", widest)))


class Browser:
    """One headless Chromium; `with Browser() as b: b.visit(url, width)`."""

    def __init__(self, executable: str | None = None, timeout: float = 60.0):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("no Chromium found (Debian: apt-get install chromium)")
        self.timeout = timeout
        self._id = 0
        self._buffer = b""
        self.events: list[dict] = []

    def __enter__(self):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds():  # Chromium reads commands on fd 3 and writes replies on fd 4
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self._profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"critedition-chromium-{os.getpid()}-{id(self)}"
        args = [self.executable, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, pass_fds=(3, 4),
                                     preexec_fn=child_fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        return self

    def __exit__(self, *exc):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol ---------------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise ConnectionError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, session: str, timeout: float | None = None) -> dict:
        deadline = time.monotonic() + (timeout or self.timeout)
        for i, ev in enumerate(self.events):
            if ev.get("method") == method and ev.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            ev = self._read_message(deadline)
            if ev.get("method") == method and ev.get("sessionId") == session:
                return ev
            self.events.append(ev)

    def evaluate(self, session: str, expression: str, await_promise: bool = False):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": await_promise}, session)
        return res.get("result", {}).get("value")

    # -- a page -----------------------------------------------------------------------------------------
    def visit(self, url: str, width: int, height: int = 900, screenshot: Path | None = None,
              full_page: bool = False, probes: dict[str, str] | None = None) -> PageReport:
        """Open `url` at `width` CSS pixels; measure, evaluate `probes` (name -> JS expression, in order,
        after the screenshot), collect errors and requests."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        report = PageReport(url, width)
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable", {}, session)
            self.send("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, session)
            self.send("Page.navigate", {"url": url}, session)
            self.wait_event("Page.loadEventFired", session)
            self.evaluate(session, "document.fonts.ready.then(() => true)", await_promise=True)
            report.metrics = self.evaluate(session, METRICS_JS) or {}
            report.broken_links = self.evaluate(session, BROKEN_LINKS_JS) or []
            if screenshot is not None:
                params = {"format": "png"}
                if full_page:
                    h = self.evaluate(session, "document.documentElement.scrollHeight")
                    params.update(captureBeyondViewport=True,
                                  clip={"x": 0, "y": 0, "width": width, "height": h, "scale": 1})
                data = self.send("Page.captureScreenshot", params, session)["data"]
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(data))
            for name, expression in (probes or {}).items():
                report.probes[name] = self.evaluate(session, expression, await_promise=True)
        finally:
            for ev in [e for e in self.events if e.get("sessionId") == session]:
                self.events.remove(ev)
                _collect(ev, report)
            self.send("Target.closeTarget", {"targetId": target})
        return report


def _collect(ev: dict, report: PageReport) -> None:
    method, params = ev.get("method"), ev.get("params", {})
    if method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        what = (details.get("exception", {}).get("description") or "").split("\n", 1)[0]  # its first line
        report.console_errors.append(" ".join(x for x in (details.get("text", "exception"), what) if x))
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        report.console_errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                              for a in params.get("args", [])))
    elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
        entry = params["entry"]
        report.console_errors.append(entry.get("text", "") + (f" ({entry['url']})" if entry.get("url") else ""))
    elif method == "Network.requestWillBeSent":
        report.requests.append(params.get("request", {}).get("url", ""))
