"""A Ctrl-C that Python wrapped (raised inside a class's `__set_name__` while a module is imported) still ends the
command as an interruption: exit 130 and one line, no traceback."""

from __future__ import annotations

import pytest

from critedition import cli
from critedition.interrupts import caused_by_interrupt


class _Interrupting:
    def __set_name__(self, owner, name):
        raise KeyboardInterrupt


def _wrapped() -> BaseException:
    try:
        type("Layout", (), {"fixed": _Interrupting()})
    except BaseException as err:  # noqa: BLE001 - the point is what Python made of it
        return err
    raise AssertionError("no exception")


def test_python_wraps_an_interrupt_raised_in_set_name():
    err = _wrapped()
    assert isinstance(err, RuntimeError) and isinstance(err.__cause__, KeyboardInterrupt)


def test_a_wrapped_interrupt_is_recognised_and_other_errors_are_not():
    assert caused_by_interrupt(KeyboardInterrupt())
    assert caused_by_interrupt(_wrapped())
    assert not caused_by_interrupt(RuntimeError("a bug"))
    assert not caused_by_interrupt(None)
    loop = ValueError("loop")
    loop.__context__ = loop
    assert not caused_by_interrupt(loop)


def test_the_command_ends_as_interrupted(monkeypatch, capsys):
    def run(args):
        raise _wrapped()
    monkeypatch.setattr(cli.COMMANDS["check"], "run", run)
    assert cli.main(["check"]) == 130
    assert capsys.readouterr().err == "edition: interrupted; no output was left half-written\n"


def test_a_bug_still_shows_its_traceback(monkeypatch):
    def run(args):
        raise RuntimeError("a bug")
    monkeypatch.setattr(cli.COMMANDS["check"], "run", run)
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["check"])

