"""The `edition` command's entry point: `--root DIR` names the edition before anything reads its configuration."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def root_of(argv: list[str]) -> str | None:
    """The DIR of `--root DIR` or `--root=DIR` before the subcommand, if given."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--root" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--root="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            return None  # the subcommand: its own arguments follow
        i += 2 if arg == "--config" else 1  # the one other option before the subcommand takes a value
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    root = root_of(argv)
    if root is not None and "critedition.config" not in sys.modules:
        # The edition's folder is read once, when the configuration module is first imported (below).
        os.environ["EDITION_ROOT"] = str(Path(root).resolve())
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
