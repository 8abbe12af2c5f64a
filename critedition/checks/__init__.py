"""Checks over what was built: the citation audit, fidelity to the witness, reproducibility, validators, proofs."""
