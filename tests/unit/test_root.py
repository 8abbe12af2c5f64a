"""`edition --root DIR`: the command works on the edition in DIR, read before anything imports its configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys

from critedition import config
from critedition.__main__ import root_of
from critedition.cli import main
from tests.conftest import ROOT


def test_root_is_read_before_the_subcommand_only():
    assert root_of(["--root", "x", "build"]) == "x"
    assert root_of(["--root=x", "check"]) == "x"
    assert root_of(["build", "--root", "x"]) is None
    assert root_of(["--config", "c.yaml", "--root", "y", "check"]) == "y"


def test_another_editions_folder_is_checked_and_this_one_is_not_touched(tmp_path, capfd):
    mini = shutil.copytree(ROOT / "tests" / "broken" / "_mini", tmp_path / "mini")
    res = subprocess.run([sys.executable, "-m", "critedition", "--root", str(mini), "check"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert res.returncode == 0 and "edition check: no errors" in res.stdout, res.stderr
    # In a process that has read this checkout's edition already, the command runs in a fresh interpreter.
    assert config.ROOT != mini
    assert main(["--root", str(mini), "deps"]) == 0
    assert "ESSAYS := mini" in capfd.readouterr().out
    assert not (mini / "build").exists()


def test_an_edition_without_its_own_design_uses_the_toolchains(tmp_path):
    assert config.design_folder("defaults") == ROOT / "edition" / "defaults"
