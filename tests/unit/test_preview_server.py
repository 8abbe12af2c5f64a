"""The preview server: build/ only, on 127.0.0.1, pages sent with the live-reload client (the files untouched),
events to the pages, the index of the books' formats; and the forked children the watch runs its work in."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from critedition.diagnostics import EditionError, make
from critedition.preview.client import TAG, inject
from critedition.preview.forked import Child, run_all
from critedition.preview.server import Hub, resolve, serve, stop

PAGE = b"<!DOCTYPE html><html><body><p>The book.</p></body>\n</html>\n"


@pytest.fixture
def site(tmp_path):
    build = tmp_path / "build"
    (build / "book").mkdir(parents=True)
    (build / "book" / "book.html").write_bytes(PAGE)
    (build / "book" / "book.pdf").write_bytes(b"%PDF-1.7\n")
    (build / "book" / ".book.html.x.part").write_bytes(b"half")
    (tmp_path / "secret.txt").write_text("outside build/")
    (build / "out").symlink_to(tmp_path)
    (build / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (build / "dir").mkdir()
    (build / "dir" / "index.html").symlink_to(tmp_path / "secret.txt")  # a folder's index that leads out
    (build / "loop1").symlink_to(build / "loop2")
    (build / "loop2").symlink_to(build / "loop1")
    hub = Hub("An Edition")
    server = serve(build, hub, 0)
    yield build, hub, server.server_address[1]
    stop(server, hub)


def get(port: int, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict, bytes]:
    """A request sent as written (http.client does not normalise the path)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers={"Host": host} if host else {})
    res = conn.getresponse()
    out = res.status, dict(res.getheaders()), res.read()
    conn.close()
    return out


def test_it_listens_on_this_machine_only(site):
    _, hub, port = site
    assert serve.__defaults__ == ("127.0.0.1",)
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


def test_a_page_is_sent_with_the_client_and_the_file_is_untouched(site):
    build, _, port = site
    status, headers, body = get(port, "/book/book.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body == inject(PAGE) and body.count(TAG.encode()) == 1
    assert body.index(TAG.encode()) < body.index(b"</body>")
    assert (build / "book" / "book.html").read_bytes() == PAGE
    assert get(port, "/book/book.pdf")[2] == b"%PDF-1.7\n"
    status, _, script = get(port, "/__live/client.js")
    assert status == 200 and b"EventSource" in script


@pytest.mark.parametrize("path,code", [
    ("/../secret.txt", 403), ("/book/../../secret.txt", 403), ("/%2e%2e/secret.txt", 403),
    ("/book%2f..%2f..%2fsecret.txt", 403), ("/book%2F..%2F..%2Fsecret.txt", 403), ("/book\\..\\secret.txt", 403),
    ("/%5c..%5csecret.txt", 403), ("/out/secret.txt", 403), ("/secret.txt", 403), ("/book/book.html%00", 403),
    ("/book/.book.html.x.part", 404), ("/book/none.html", 404), ("/%252e%252e/secret.txt", 404),
    ("/dir/", 403), ("/dir", 403), ("/dir/index.html", 403), ("/loop1", 404), ("/" + "a" * 300, 404),
    ("/a" * 3000, 404),
])
def test_nothing_outside_build_is_served(site, path, code):
    status, _, body = get(site[2], path)
    assert status == code, (path, body)
    assert b"outside build/" not in body


def test_a_request_that_cannot_be_looked_up_leaves_the_server_serving(site):
    port = site[2]
    for path in ("/loop1", "/" + "a" * 300, "/a" * 3000):
        assert get(port, path)[0] == 404
    assert get(port, "/book/book.html")[0] == 200


def test_the_index_of_build_itself_cannot_lead_out(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (tmp_path / "secret.txt").write_text("outside build/")
    (build / "index.html").symlink_to(tmp_path / "secret.txt")
    hub = Hub()
    server = serve(build, hub, 0)
    try:
        for path in ("/", "/index.html"):
            status, _, body = get(server.server_address[1], path)
            assert status == 403 and b"outside build/" not in body
    finally:
        stop(server, hub)


def test_only_this_machine_s_names_are_answered(site):
    """A page of another site whose name points at 127.0.0.1 (DNS rebinding) reads nothing."""
    port = site[2]
    assert get(port, "/book/book.html", host="evil.example:80")[0] == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert get(port, "/book/book.html", host=host)[0] == 200
    assert get(port, "/__live/events", method="HEAD")[0] == 200


def test_resolve_stays_in_its_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x")
    assert resolve(tmp_path, "/a/") == tmp_path / "a" / "index.html"
    assert resolve(tmp_path, "/a/index.html?x=1#y") == tmp_path / "a" / "index.html"
    assert resolve(tmp_path, "/..") == 403


def test_the_index_lists_every_book_with_the_state_of_each_format(site):
    _, hub, port = site
    hub.publish("status", {"book": {"html": {"state": "up to date", "detail": ""},
                                    "epub": {"state": "building", "detail": ""},
                                    "pdf": {"state": "failed", "detail": "WeasyPrint failed for build/book/book.pdf"}}})
    status, _, body = get(port, "/")
    text = body.decode()
    assert status == 200 and "An Edition" in text and TAG in text
    assert 'href="/book/book.html">HTML</a>: up to date' in text
    assert ">EPUB</a>: building" in text and ">PDF</a>: failed" in text and "WeasyPrint failed" in text
    assert json.loads(get(port, "/__live/status.json")[2])["status"]["book"]["epub"]["state"] == "building"


def test_pages_hear_the_errors_at_once_then_each_event(site):
    _, hub, port = site
    hub.publish("errors", [make("BIB-001", "bibliography.bib", 3, 1, entry='entry "x"', detail="never closed",
                                fix="close it").to_json()])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET /__live/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    got = b""
    while b"BIB-001" not in got:
        chunk = sock.recv(65536)
        assert chunk, got  # the server answered and closed
        got += chunk
    assert b"text/event-stream" in got and b"event: errors" in got and b'"line": 3' in got
    hub.publish("reload", ["/book/book.html"])
    while b"event: reload" not in got:
        chunk = sock.recv(65536)
        assert chunk, got
        got += chunk
    assert b'data: ["/book/book.html"]' in got
    sock.close()


def test_the_client_goes_before_the_last_body_end():
    assert inject(b"<body>a</body><!-- </BODY> --></body >") == b"<body>a</body><!-- </BODY> -->" + TAG.encode() + b"</body >"
    assert inject(b"<p>no body</p>") == b"<p>no body</p>" + TAG.encode()


# -- forked children -----------------------------------------------------------------------------------

def _raise():
    raise EditionError([make("OUT-001", "x", step="s", target="x", detail="d")])


def test_a_child_sends_back_its_value_its_diagnostics_or_its_crash():
    state = {"seen": "in the parent's memory"}
    assert Child(lambda: state["seen"], "a").result() == ([], "in the parent's memory")
    failure, value = Child(_raise, "b").result()
    assert value is None and [d.code for d in failure] == ["OUT-001"]
    failure, _ = Child(lambda: 1 / 0, "c").result()
    assert "ZeroDivisionError" in failure[0].message


def test_a_child_stopped_or_killed_fails_with_a_diagnostic():
    child = Child(lambda: time.sleep(60), "build/x.pdf")
    t0 = time.monotonic()
    child.stop()
    assert time.monotonic() - t0 < 5 and not child.process.is_alive()
    assert child.result()[0][0].file == "build/x.pdf"
    killed = Child(lambda: time.sleep(60), "build/y.pdf")
    time.sleep(0.2)
    os.kill(killed.process.pid, signal.SIGKILL)
    failure, _ = killed.result()
    assert failure[0].code == "OUT-001" and "killed" in failure[0].message


def test_run_all_gives_the_results_in_order_and_each_as_it_comes():
    seen = []
    tasks = [(f"t{i}", lambda i=i: (time.sleep(0.3 - 0.1 * i), i)[1]) for i in range(3)]
    results = run_all(tasks, 3, lambda i, result: seen.append(i))
    assert [v for _, v in results] == [0, 1, 2]
    assert seen == [2, 1, 0]


def _telling():
    from critedition.preview.forked import tell

    tell("halfway")
    time.sleep(0.5)
    return "done"


def test_a_child_tells_before_it_is_done():
    heard = []
    results = run_all([("t", _telling)], 1, lambda i, r: heard.append(("result", r[1])),
                      lambda i, told: heard.append(("news", told)))
    assert heard == [("news", "halfway"), ("result", "done")] and results == [([], "done")]


# -- the background formats --------------------------------------------------------------------------------

class _Book:
    def __init__(self, book_id):
        self.id, self.essays, self.data = book_id, [], {}


class _Edition:
    books = {"book": _Book("book")}
    data = {"title": "An Edition"}


class _Session:
    """What Background reads of a watch session."""

    edition = _Edition()
    only = None
    essays: dict = {}
    books = {"book": None}

    def graph(self):
        return []


def test_a_format_that_fails_in_the_background_says_why(monkeypatch):
    from critedition.preview import background
    from critedition.preview.session import Outcome
    from critedition.diagnostics import Report

    later = background.Background(_Session(), ("html", "pdf"))
    monkeypatch.setattr(later, "_task", lambda job: _raise)
    later.take(Outcome(Report(), later={"book": {"epub", "pdf"}}))
    assert later.status()["book"]["pdf"]["state"] == "building" and "epub" not in later.status()["book"]
    deadline = time.monotonic() + 30
    while later.child is not None and time.monotonic() < deadline:
        later.step()
        time.sleep(0.05)
    pdf = later.status()["book"]["pdf"]
    assert pdf["state"] == "failed" and pdf["detail"].startswith("s failed for x: d")
    assert later.status()["book"]["html"]["state"] == "up to date"


def test_a_port_already_taken_is_a_diagnostic(capsys):
    from critedition.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["watch", "--serve", "--port", str(port), "--for", "1"]) == 4
    assert f"error[OUT-004] cannot serve build/ on 127.0.0.1 port {port}" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(capsys, port):
    from critedition.cli import main

    assert main(["watch", "--serve", "--port", port, "--for", "1"]) == 2
    err = capsys.readouterr().err
    assert "is not a port (0-65535" in err and "Traceback" not in err


def _run_out(later, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while (later.child is not None or later.queue) and time.monotonic() < end:
        later.step()
        time.sleep(0.05)


@pytest.mark.parametrize("repaged", [True, False], ids=["pages-changed", "pages-same"])
def test_a_pdf_that_pages_its_book_anew_sends_its_html_to_be_made_again(monkeypatch, tmp_path, repaged):
    from critedition.preview import background
    from critedition.preview.session import Outcome
    from critedition.diagnostics import Report

    pages = tmp_path / "book.pages.json"
    pages.write_text("old", encoding="utf-8")
    monkeypatch.setattr(background, "pages_cache", lambda book: pages)
    made: list = []

    def task(job):
        def run():
            if job[1] == "pdf" and repaged:
                pages.write_text("new", encoding="utf-8")
            return []
        made.append(job[1])
        return run

    later = background.Background(_Session(), ("html", "epub", "pdf"))
    monkeypatch.setattr(later, "_task", task)
    reloaded: list = []
    later.on_html = reloaded.append
    later.take(Outcome(Report(), html=["book"], later={"book": {"epub", "pdf"}}))
    _run_out(later)
    # the PDF first (it pages the book), then, if it paged it anew, the HTML with those pages, then the EPUB
    assert made == (["pdf", "html", "epub"] if repaged else ["pdf", "epub"])
    assert reloaded == (["book"] if repaged else [])
    assert later.idle() and all(s["state"] == "up to date" for s in later.status()["book"].values())


def test_a_new_text_drops_the_html_still_to_be_made_for_the_old(monkeypatch):
    from critedition.preview import background
    from critedition.preview.session import Outcome
    from critedition.diagnostics import Report

    later = background.Background(_Session(), ("html", "pdf"))
    monkeypatch.setattr(later, "step", lambda: False)  # nothing starts: the queue alone is looked at
    later._queue(("book", "html"), first=True)
    assert later.status()["book"]["html"]["state"] == "queued"
    later.take(Outcome(Report(), html=["book"], later={"book": {"pdf"}}))
    assert later.queue == [("book", "pdf")] and later.status()["book"]["html"]["state"] == "up to date"


class _Starting(_Session):
    """A session before its first build: no edition read yet."""

    edition = None
    books: dict = {}


def test_the_index_lists_the_books_being_made_before_the_first_build_ends():
    from critedition.preview.background import Background

    later = Background(_Starting(), ["html"])
    assert later.status() == {}
    assert later.status(building=["a", "b"]) == {"a": {"html": {"state": "building", "detail": ""}},
                                                 "b": {"html": {"state": "building", "detail": ""}}}
    later = Background(_Session(), ["html"])
    assert later.status(building=["book"])["book"]["html"]["state"] == "building"
    assert later.status()["book"]["html"]["state"] == "up to date"


OUTLIVED = """
import sys, time
from critedition.preview.forked import Child
child = Child(lambda: time.sleep(60), "x")
print(child.process.pid, flush=True)
time.sleep(60)
"""


def test_no_child_outlives_a_watch_killed_outright():
    """SIGKILL (or a closed terminal) leaves the watch no time to stop its children: they stop themselves."""
    import subprocess
    import sys

    watch = subprocess.Popen([sys.executable, "-c", OUTLIVED], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(watch.stdout.readline())
        assert os.path.exists(f"/proc/{pid}")
        watch.kill()
        watch.wait()
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                os.waitpid(pid, os.WNOHANG)  # not ours to reap: init's, once its parent is gone
            except ChildProcessError:
                pass
        state = Path(f"/proc/{pid}/stat").read_text().split()[2] if os.path.exists(f"/proc/{pid}") else "gone"
        assert state in ("gone", "Z"), state
    finally:
        if watch.poll() is None:
            watch.kill()
        watch.stdout.close()
