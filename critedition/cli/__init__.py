"""The `edition` command: build, check and inspect the edition; `main(argv) -> int` for in-process tests."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from .. import config
from ..diagnostics import EditionError
from ..interrupts import caused_by_interrupt
from . import audit, bib, build, check, deps, dist, docs, essay, new_essay, validate, watch
from .common import EXIT_OK, EXIT_USAGE, exit_code

COMMANDS = {"build": build, "essay": essay, "audit": audit, "check": check, "deps": deps, "validate": validate,
            "watch": watch, "dist": dist, "docs": docs, "new-essay": new_essay, "bib": bib}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="edition",
        description="Build the critical edition: witnesses -> ingest -> filters -> pandoc -> HTML, EPUB, PDF.",
        epilog="Exit codes: 0 ok, 1 errors in the texts or bibliography, 2 usage, 3 configuration, 4 output or tool failure (or books to rebuild before `dist`).")
    p.add_argument("--root", metavar="DIR",
                   help="work on the edition in DIR: DIR/edition/, DIR/seeds/, DIR/bibliography.bib; writes DIR/build/ "
                        "and DIR/dist/ (default: the working directory's edition, else this checkout's)")
    p.add_argument("--config", help="edition configuration (default: edition/edition.yaml)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, mod in COMMANDS.items():
        mod.add_arguments(sub.add_parser(name, help=mod.__doc__.splitlines()[0], description=mod.__doc__))
    return p


def _terminate(signum, frame):
    raise KeyboardInterrupt  # so that a killed build cleans up its temporary files like Ctrl-C does


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # under nohup it stays ignored
            signal.signal(signal.SIGHUP, _terminate)  # the terminal closed: stop as on Ctrl-C
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    if args.root and Path(args.root).resolve() != config.ROOT:
        # This process read another edition's folder already (a caller that imported the package): the command
        # runs in a fresh interpreter, which reads DIR first.
        argv = sys.argv[1:] if argv is None else argv
        env = {**os.environ, "EDITION_ROOT": str(Path(args.root).resolve())}
        return subprocess.call([sys.executable, "-m", "critedition", *argv], env=env)
    try:
        return COMMANDS[args.command].run(args)
    except EditionError as err:
        for d in sorted(set(err.diagnostics)):
            print(d, file=sys.stderr)
        return exit_code(err.diagnostics)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as err:
        if not caused_by_interrupt(err):
            raise
        return _interrupted()


def _interrupted() -> int:
    print("edition: interrupted; no output was left half-written", file=sys.stderr)
    return 130



if __name__ == "__main__":
    sys.exit(main())
