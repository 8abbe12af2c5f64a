"""The witnesses in seeds/ are byte-for-byte the shared originals and are never written to."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from critedition import config

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "seeds"


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def witnesses():
    ed = config.load(ROOT / "edition" / "edition.yaml")
    return [pytest.param(e.witness, id=e.id) for e in ed.essays.values()]


@pytest.mark.parametrize("witness", witnesses())
def test_witness_matches_a_shared_original(witness: Path):
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    originals = {sha256(p) for p in SHARED.iterdir() if p.is_file()}
    assert sha256(witness) in originals


def test_every_shared_witness_is_in_seeds():
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    ours = {sha256(p) for p in (ROOT / "seeds").iterdir()}
    assert {sha256(p) for p in SHARED.iterdir() if p.is_file()} <= ours
