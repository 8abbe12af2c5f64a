"""One task in a forked process: it sees this process's memory as it was at the fork (the watch's stage results),
sends its result back through a pipe (and, with `tell`, news before it), and can be stopped at any time
without leaving a partial file."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import traceback
from typing import Callable

from ..diagnostics import Diagnostic, EditionError, make
from ..interrupts import caused_by_interrupt

_SEND = None  # in a child: where `tell` sends


class Child:
    """`Child(task)` runs `task()` in a forked process at once; `result()` is (diagnostics of its failure or [],
    its value). Fork only from the main thread: a lock another thread holds at the fork stays held in the child."""

    def __init__(self, task: Callable[[], object], name: str):
        ctx = multiprocessing.get_context("fork")
        self.name = name  # what a failure names: the output it was making
        self._recv, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_main, args=(task, send, os.getpid()), daemon=True)
        # The child's collector leaves what it inherits alone (the watch's stage results): it neither walks those
        # objects nor writes to their pages, each a copy-on-write fault (bench/README.md: 25% of a book's CPU).
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        _own_group(self.process.pid)  # the child does it too: whichever comes first
        send.close()
        self._result: tuple[list[Diagnostic], object] | None = None
        self.news: list = []  # what the task told, not yet taken

    @property
    def connection(self):
        return self._recv

    def done(self) -> bool:
        while self._result is None and self._recv.poll():
            self._collect()
        return self._result is not None

    def result(self) -> tuple[list[Diagnostic], object]:
        """Wait for the task (Ctrl-C stops it, then goes on up)."""
        try:
            while not self.done():
                multiprocessing.connection.wait([self._recv], timeout=1)
        except KeyboardInterrupt:
            self.stop()
            raise
        assert self._result is not None
        return self._result

    def stop(self) -> None:
        """Stop the task now, with what it started (pandoc): SIGTERM to its process group, which the edition's
        commands turn into KeyboardInterrupt, so that the file being written is removed; SIGKILL if it has not
        stopped within 2 s."""
        if self.process.is_alive():
            _signal_group(self.process.pid, signal.SIGTERM)
            self.process.join(2)
            if self.process.is_alive():
                _signal_group(self.process.pid, signal.SIGKILL)
        self.process.join()
        self._recv.close()
        if self._result is None:
            self._result = ([_killed(self.name, "stopped")], None)

    def _collect(self) -> None:
        try:
            kind, message = self._recv.recv()
        except (EOFError, OSError):
            kind, message = "done", ([_killed(self.name, "its process stopped before it was done (killed?)")], None)
        if kind == "news":
            self.news.append(message)
            return
        self.process.join()
        self._recv.close()
        self._result = message


def _killed(name: str, detail: str) -> Diagnostic:
    return make("OUT-001", name, step="the watch's worker", target=name, detail=detail)


def _own_group(pid: int) -> None:
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # already done by the other side, or the child is gone


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except OSError:  # not (yet) a group of its own
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def tell(news) -> None:
    """In a task: send `news` to the parent now (it goes on with the task)."""
    assert _SEND is not None, "tell() is for a task in a Child"
    _SEND.send(("news", news))


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Be sent SIGTERM when `parent` dies, however it dies (SIGKILL, a closed terminal), so that no child outlives
    the watch with a partial file (Linux; elsewhere the watch's own stop is all there is)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the line above
        raise KeyboardInterrupt


def _main(task: Callable[[], object], send, parent: int) -> None:
    global _SEND
    _SEND = send
    _own_group(0)  # a group of its own: stopped with its pandoc, and Ctrl-C reaches the watch alone
    try:
        _die_with(parent)
        out: tuple = ([], task())
    except EditionError as err:
        out = (err.diagnostics, None)
    except KeyboardInterrupt:  # stopped: the output being written has removed its partial file
        os._exit(130)
    except Exception as err:  # a bug, not a diagnostic: show where, and keep the watch running
        if caused_by_interrupt(err):
            os._exit(130)
        out = ([make("OUT-001", "", step="the watch's worker", target="", detail=traceback.format_exc())], None)
    send.send(("done", out))
    send.close()


def run_all(tasks: list[tuple[str, Callable[[], object]]], jobs: int,
            each: Callable[[int, tuple[list[Diagnostic], object]], None] = lambda i, result: None,
            news: Callable[[int, object], None] = lambda i, told: None) -> list[tuple[list[Diagnostic], object]]:
    """Each (name, task) in a child of its own, `jobs` at once; the results in order, each also given to
    `each(its index, it)` as soon as it is there, and what a task tells to `news(its index, it)`. Ctrl-C
    stops them all."""
    results: dict[int, tuple] = {}
    running: dict[int, Child] = {}
    waiting = list(enumerate(tasks))
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                i, (name, task) = waiting.pop(0)
                running[i] = Child(task, name)
            multiprocessing.connection.wait([c.connection for c in running.values()], timeout=1)
            for i, child in list(running.items()):
                finished = child.done()
                for told in child.news:
                    news(i, told)
                child.news.clear()
                if finished:
                    results[i] = child.result()
                    del running[i]
                    each(i, results[i])
    except KeyboardInterrupt:
        for child in running.values():
            child.stop()
        raise
    return [results[i] for i in range(len(tasks))]
