"""Witness profiles: each module reads one kind of witness, as a list of ingest stages; the registry names them."""

from __future__ import annotations

from . import anarchist_library, ocr

# The `profile` key of an essay's configuration chooses one of these.
PROFILES = {"anarchist-library": anarchist_library.STAGES, "ocr": ocr.STAGES}
