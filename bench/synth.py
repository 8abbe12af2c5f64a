"""A synthetic collection for the scale test: N copies of every essay of the edition, as one book.

Each copy is a witness of its own (`seeds/synthetic/<essay>-sNN.txt`, the original's bytes, so that ingest,
its line-based declarations and the citations behave exactly as for the original) with an essay
configuration that differs only in `id` and `witness`. The edition's configuration is replaced by one
that has these essays and a single book, `synthetic-<N>x`, holding them all in order. Only ever run on a
copy of the project.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml


def make_synthetic(project: Path, copies: int) -> str:
    """Turn the project copy at `project` into a synthetic edition of `copies` x its essays; return the book id."""
    edition_file = project / "edition" / "edition.yaml"
    data = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    essays: dict[str, str] = data["essays"]
    seeds = project / "seeds" / "synthetic"
    seeds.mkdir(parents=True, exist_ok=True)
    new_essays: dict[str, str] = {}
    for k in range(1, copies + 1):
        for eid, rel in essays.items():
            src_cfg = edition_file.parent / rel
            cfg = src_cfg.read_text(encoding="utf-8")
            witness = re.search(r"(?m)^witness:\s*(\S+)\s*$", cfg).group(1)
            new_id = f"{eid}-s{k:02d}"
            new_witness = f"seeds/synthetic/{new_id}{Path(witness).suffix}"
            shutil.copyfile(project / witness, project / new_witness)
            cfg = re.sub(r"(?m)^id:\s*\S+\s*$", f"id: {new_id}", cfg, count=1)
            cfg = re.sub(r"(?m)^witness:\s*\S+\s*$", f"witness: {new_witness}", cfg, count=1)
            dest = src_cfg.parent / f"{new_id}.yaml"
            dest.write_text(cfg, encoding="utf-8")
            new_essays[new_id] = str(dest.relative_to(edition_file.parent))
    book = f"synthetic-{copies}x"
    # Keep every other setting (bibliography, CSL, page size...); replace only the essays and the books.
    data["essays"] = new_essays
    data["books"] = [{"id": book, "title": f"Synthetic collection ({copies}x)", "subtitle": "A benchmark",
                      "essays": list(new_essays)}]
    edition_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return book
