"""The preview server: build/ on 127.0.0.1 (nothing outside it), each HTML page sent with the live-reload client
added (the file itself untouched), Server-Sent Events to the pages, and an index of the books' formats."""

from __future__ import annotations

import http.server
import ipaddress
import json
import mimetypes
import os
import socket
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .client import CLIENT_JS, CLIENT_PATH, EVENTS_PATH, STATUS_PATH, index_page, inject

KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream, so that a dead connection is noticed


class Hub:
    """What the pages are told: numbered events, the current errors (sent to each page as it connects) and the
    formats' states (the index page)."""

    def __init__(self, title: str = "Preview"):
        self.title = title
        self._cond = threading.Condition()
        self._events: list[tuple[int, str, str]] = []
        self._seq = 0
        self.errors: list[dict] = []
        self.status: dict[str, dict[str, dict]] = {}
        self.closed = False

    def publish(self, event: str, data) -> None:
        with self._cond:
            if event == "errors":
                self.errors = data
            elif event == "status":
                if data == self.status:
                    return
                self.status = data
            self._seq += 1
            self._events = self._events[-63:] + [(self._seq, event, json.dumps(data, ensure_ascii=False))]
            self._cond.notify_all()

    def since(self, seq: int, timeout: float) -> tuple[int, list[tuple[str, str]]]:
        """The events after number `seq`, waiting up to `timeout` for one; (the last number, the events)."""
        with self._cond:
            self._cond.wait_for(lambda: self._seq > seq or self.closed, timeout)
            return self._seq, [(e, d) for n, e, d in self._events if n > seq]

    def current(self) -> tuple[int, str]:
        with self._cond:
            return self._seq, json.dumps(self.errors, ensure_ascii=False)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def resolve(root: Path, raw: str) -> Path | int:
    """The file under `root` a request path names, or an HTTP status: 403 for what could leave root (`..`,
    encoded slashes or backslashes, a symlink out, a folder's index.html among them), 404 for what is not there,
    hidden (.part files) or cannot be looked up (a symlink loop, a name too long)."""
    path = urlsplit(raw).path
    lowered = path.lower()
    if "%2f" in lowered or "%5c" in lowered or "\\" in path or "%00" in lowered:
        return 403
    parts = unquote(path).split("/")
    if any(p in ("..", ".") for p in parts) or any("\0" in p for p in parts):
        return 403
    parts = [p for p in parts if p]
    if any(p.startswith(".") for p in parts):
        return 404
    try:
        base = root.resolve()
        target = _inside(base, base.joinpath(*parts))
        if isinstance(target, Path) and target.is_dir():
            target = _inside(base, target / "index.html")
        if isinstance(target, int):
            return target
        return target if target.is_file() else 404
    except (OSError, RuntimeError):
        return 404


def _inside(base: Path, path: Path) -> Path | int:
    """`path` with every symlink followed, or 403 if that is outside `base`."""
    real = path.resolve()
    return real if real == base or base in real.parents else 403


def _read(target: Path) -> bytes:
    """A resolved file's bytes, refused if it was made a symlink since it was resolved."""
    fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        return f.read()


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "edition-watch"
    root: Path
    hub: Hub

    def log_message(self, *args) -> None:
        pass  # the watch's own messages are the diagnostics

    def do_HEAD(self) -> None:
        self._get(body=False)

    def do_GET(self) -> None:
        self._get(body=True)

    def _get(self, body: bool) -> None:
        if not self._host_allowed():
            return self._send(403, "text/plain; charset=utf-8",
                              b"refused: this preview answers to localhost and 127.0.0.1 only\n", body)
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            return self._events() if body else self._send(200, "text/event-stream", b"", body)
        if path == CLIENT_PATH:
            return self._send(200, "text/javascript; charset=utf-8", CLIENT_JS.encode(), body)
        if path == STATUS_PATH:
            data = {"errors": self.hub.errors, "status": self.hub.status}
            return self._send(200, "application/json", json.dumps(data).encode(), body)
        if path in ("/", "/index.html") and not (self.root / "index.html").is_file():
            return self._send(200, "text/html; charset=utf-8", index_page(self.hub.title, self.hub.status), body)
        target = resolve(self.root, self.path)
        if isinstance(target, int):
            return self._send(target, "text/plain; charset=utf-8", b"not here\n" if target == 404 else b"refused\n",
                              body)
        try:
            data = _read(target)
        except OSError:
            return self._send(404, "text/plain; charset=utf-8", b"not here\n", body)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._send(200, "text/html; charset=utf-8", inject(data), body)
        self._send(200, kind, data, body)

    def _host_allowed(self) -> bool:
        """On this machine only, a request must name it (localhost, 127.0.0.1): a page of another site whose name
        was pointed at 127.0.0.1 (DNS rebinding) is refused. Served to a network, any name goes."""
        if not _loopback(self.server.server_address[0]):
            return True
        host = urlsplit(f"//{self.headers.get('Host', '')}").hostname or ""
        return host in LOOPBACK

    def _send(self, code: int, kind: str, data: bytes, body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seq, errors = self.hub.current()
        try:
            self.wfile.write(f"retry: 500\nevent: errors\ndata: {errors}\n\n".encode())
            self.wfile.flush()
            while not self.hub.closed:
                seq, events = self.hub.since(seq, KEEP_ALIVE)
                chunk = "".join(f"event: {e}\ndata: {d}\n\n" for e, d in events) or ": keep-alive\n\n"
                self.wfile.write(chunk.encode())
                self.wfile.flush()
        except OSError:
            pass  # the page went away
        self.close_connection = True


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def serve(root: Path, hub: Hub, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """Serve `root` from a background thread (on 127.0.0.1 unless `host` says otherwise, an IPv6 address too)."""
    handler = type("BoundHandler", (Handler,), {"root": root, "hub": hub})
    root.mkdir(parents=True, exist_ok=True)
    kind = _Server6 if ":" in host else http.server.ThreadingHTTPServer
    server = kind((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


def url(server: http.server.ThreadingHTTPServer, path: str = "/") -> str:
    """The address a browser opens for `path` (an IPv6 address in brackets)."""
    host, port = server.server_address[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}{path}"


def stop(server: http.server.ThreadingHTTPServer, hub: Hub) -> None:
    hub.close()
    server.shutdown()
    server.server_close()
