"""Forked workers for the build's stages: started before the essays fill memory, stopped cleanly on a signal,
and a worker killed outright fails its stage with a diagnostic rather than a traceback."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

from ..config import relpath
from ..diagnostics import make
from ..interrupts import caused_by_interrupt
from ..outputs import remove_partials

# What a forked worker runs its tasks with: set in the parent just before the fork, inherited by the workers.
_RUN: Callable[..., tuple[list, list]] | None = None
_IN_TASK = False  # in a worker: whether it is running a stage (see _quiet_when_idle)


@contextlib.contextmanager
def workers(jobs: int, run: Callable[..., tuple[list, list]], preload: Callable[[], None] = lambda: None):
    """Forked workers (None for one job) that run `run(*task)`, started at once: before the essays and citations
    fill this process's memory, which each worker would carry too (resident pages it inherits count in its
    peak). `preload` imports, before the fork, what every worker needs."""
    global _RUN
    if jobs <= 1:
        yield None
        return
    preload()
    _RUN = run
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_when_idle) as pool:
            pool.submit(int).result()  # with fork, the first task starts every worker
            try:
                yield pool
            except BaseException:
                # Interrupted (Ctrl-C, make killed) or failed: the stages being run stop now, each removing
                # its partial file (SIGTERM is KeyboardInterrupt here, see cli.main), and the pool, broken,
                # starts none of those waiting. (Not by cancelling them: Python 3.11's pool then fails on a
                # cancelled future when it finds its workers gone, and prints a traceback.)
                stopping = multiprocessing.active_children()
                for worker in stopping:
                    worker.terminate()
                for worker in stopping:  # one caught waiting on the pool's queue lock may not stop: kill it
                    worker.join(timeout=2)
                    if worker.is_alive():
                        worker.kill()
                raise
    finally:
        _RUN = None


def _stop(signum, frame):
    if _IN_TASK:
        raise KeyboardInterrupt  # the stage being run removes its partial file, then the worker exits
    os._exit(130)  # idle, or handing a result back: nothing to clean, and no traceback from the pool's loop


def _quiet_when_idle() -> None:
    """A worker stops on Ctrl-C or terminate() (SIGTERM) at once and quietly: the pool's own loop would print
    a traceback for an interrupt while it waits, and could be stopped while it holds the queue's lock."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)


def _in_worker(*task) -> tuple[list, list]:
    """One stage in a forked worker, by the runner the pool was forked with."""
    global _IN_TASK
    assert _RUN is not None
    _IN_TASK = True
    try:
        return _RUN(*task)
    except KeyboardInterrupt:  # the partial file is gone: stop here rather than take the next stage
        os._exit(130)
    except Exception as err:
        if caused_by_interrupt(err):
            os._exit(130)
        raise
    finally:
        _IN_TASK = False


def gather(pool, tasks: list[tuple], outputs: list[tuple[Path, ...]]) -> list[tuple[list, list]]:
    """Run the tasks in the pool and wait for them: their results in order. A task whose worker was killed
    (the OOM killer, a signal to it alone) fails with OUT-001, named after its first output, and leaves no
    partial file of any of its outputs."""
    futures = []
    for t in tasks:  # not map: see workers()
        try:
            futures.append(pool.submit(_in_worker, *t))
        except BrokenProcessPool:  # a worker was killed in an earlier step: the pool takes no more
            futures.append(None)
    results = []
    for out, future in zip(outputs, futures):
        try:
            if future is None:
                raise BrokenProcessPool
            results.append(future.result())
        except BrokenProcessPool:
            for path in out:
                remove_partials(path)
            target = relpath(out[0])
            results.append(([], [make("OUT-001", target, step="the build worker", target=target,
                                      detail="its process stopped before it was done (killed?)")]))
    return results
