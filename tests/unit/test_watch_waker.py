"""The watch is woken by the system's file events (preview/notify.py): at once for a write, a move or a removal in a
folder it follows, not for a read, and, where there are no events, after its timeout as a poll."""

from __future__ import annotations

import os
import time

import pytest

from critedition.preview.notify import Waker


@pytest.fixture
def waker():
    w = Waker()
    yield w
    w.close()


def test_a_write_a_move_and_a_removal_wake_it_at_once(waker, tmp_path):
    waker.follow({tmp_path: False})
    assert waker.live
    assert not waker.wait(0.05)
    target = tmp_path / "bibliography.bib"
    for change in (lambda: target.write_text("one"),
                   lambda: (tmp_path / "new.tmp").write_text("two") or os.replace(tmp_path / "new.tmp", target),
                   lambda: target.unlink()):
        waker.quiet(0.05, time.monotonic() + 1)
        t0 = time.monotonic()
        change()
        assert waker.wait(5)
        assert time.monotonic() - t0 < 1


def test_a_read_does_not_wake_it(waker, tmp_path):
    (tmp_path / "witness.txt").write_text("text")
    waker.follow({tmp_path: False})
    waker.quiet(0.05, time.monotonic() + 1)
    assert (tmp_path / "witness.txt").read_text() == "text"
    assert not waker.wait(0.2)


def test_subfolders_only_where_asked(waker, tmp_path):
    (tmp_path / "edition" / "css").mkdir(parents=True)
    (tmp_path / "build").mkdir()
    waker.follow({tmp_path: False, tmp_path / "edition": True})
    (tmp_path / "build" / "book.html").write_text("written by the watch itself")
    assert not waker.wait(0.2)
    (tmp_path / "edition" / "css" / "book.css").write_text("p {}")
    assert waker.wait(5)


@pytest.mark.parametrize("why", ["no folder", "no events"])
def test_without_events_a_wait_is_a_poll(waker, tmp_path, monkeypatch, why):
    if why == "no events":  # as when inotify's limit of watches is reached
        def refused(*args, **kwargs):
            raise OSError(28, "inotify watch limit reached")
        monkeypatch.setattr("watchdog.observers.Observer.schedule", refused)
    waker.follow({tmp_path / "missing" if why == "no folder" else tmp_path: False})
    assert not waker.live
    t0 = time.monotonic()
    assert not waker.wait(0.1)
    assert time.monotonic() - t0 >= 0.09
