"""Whether an exception is a stop request (Ctrl-C, or SIGTERM turned into one), even when Python wrapped it."""

from __future__ import annotations


def caused_by_interrupt(err: BaseException | None) -> bool:
    """True for a KeyboardInterrupt, or for an exception it caused: Python wraps what some hooks raise (a
    dataclass field's `__set_name__` while a module is imported), so a Ctrl-C arriving there comes out as a
    RuntimeError whose cause is the KeyboardInterrupt."""
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, KeyboardInterrupt):
            return True
        seen.add(id(err))
        err = err.__cause__ or err.__context__
    return False
