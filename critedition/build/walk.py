"""`edition build` from nothing: walk the build graph level by level, in this process or in forked workers.

It leaves the caches and stamps the rules of build/deps.mk leave, so that make goes on stage by stage from
there; what it saves is a process per stage, each with its start-up and imports."""

from __future__ import annotations

from pathlib import Path

from ..checks import audit
from ..config import Edition
from ..diagnostics import EditionError, Report
from .graph import Stage, stages
from .paths import BUILD, FORMATS, cited_cache, stamp
from .pool import gather, workers
from .stages import book_stage, cite_stage, essay_stage, import_writers, ingest_stage

_LIBRARY = None  # the bibliography the essays are filtered with: set by build_all before any worker forks

RUNNERS = {
    "ingest": lambda edition, report, essay_id: ingest_stage(edition, essay_id, report),
    "essay": lambda edition, report, essay_id: essay_stage(edition, essay_id, report, _LIBRARY, from_ingested=True),
    "audit": lambda edition, report: audit.write(BUILD, edition),
    "cite": lambda edition, report, book_id: cite_stage(edition, book_id, report),
    # several formats of one book at once: its cited cache is read for each
    "render": lambda edition, report, book_id, *formats: book_stage(edition, book_id, formats, report, True),
}


def run_stage(edition: Edition, kind: str, args: tuple, stamped: Path | None) -> tuple[list, list]:
    """One stage, then its stamp (if it has one): (its diagnostics, its failure's)."""
    report = Report()
    try:
        RUNNERS[kind](edition, report, *args)
        if stamped is not None:
            stamp(stamped).touch()
    except EditionError as err:
        return report.items, err.diagnostics
    return report.items, []


def _tasks(level: list[Stage], pool) -> list[tuple[tuple, list[Stage]]]:
    """The level's stages as (task, the stages it runs). In turn, a book's formats go together (its cited cache
    is read once for all); in workers, the longest first (PDFs, then EPUBs, then HTML, bigger books first), so
    that the workers finish together."""
    renders = [s for s in level if s.kind == "render"]
    out = [((s.kind, s.args, s.outputs[0] if s.cached else None), [s]) for s in level if s.kind != "render"]
    if pool is None:
        for b in dict.fromkeys(s.args[0] for s in renders):
            mine = [s for s in renders if s.args[0] == b]
            out.append((("render", (b, *[s.args[1] for s in mine]), None), mine))
    else:
        cost = {"pdf": 0, "epub": 1, "html": 2}
        renders.sort(key=lambda s: (cost.get(s.args[1], 3), -cited_cache(s.args[0]).stat().st_size))
        out += [(("render", s.args, None), [s]) for s in renders]
    return out


def build_all(edition: Edition, report: Report, books=None, formats=FORMATS, library=None, jobs: int = 1) -> None:
    """Every stage make would run for these books, level by level: the essays' ingest, their filters (any
    essay's error stops the build there, once every essay is made), the audit and the books' citations, then
    the formats. With `jobs` > 1 a level's stages go to as many forked workers (the audit, one small file,
    stays here); a stage whose input failed is not run."""
    global _LIBRARY
    levels: dict[int, list[Stage]] = {}
    for s in stages(edition, books, formats):
        levels.setdefault(s.level, []).append(s)
    widest = max(len(level) for level in levels.values())
    failed: set[tuple] = set()
    failures: list = []
    _LIBRARY = library
    try:
        with workers(min(jobs, widest), lambda *task: run_stage(edition, *task), _preload(formats)) as pool:
            for n in sorted(levels):
                ready = [s for s in levels[n] if not failed.intersection(s.after)]
                failed |= {s.id for s in levels[n] if s not in ready}
                tasks = _tasks(ready, pool)
                here = [t for t in tasks if pool is None or t[0][0] == "audit"]
                there = [t for t in tasks if t not in here]
                results = [run_stage(edition, *task) for task, _ in here]
                if there:
                    results += gather(pool, [task for task, _ in there],
                                      [tuple(o for s in covered for o in s.outputs) for _, covered in there])
                for (_, covered), (items, failure) in zip(here + there, results):
                    report.merge(items)
                    if failure:
                        failures += failure
                        failed |= {s.id for s in covered}
                if failures and any(s.gate for s in levels[n]):
                    raise EditionError(failures)
    finally:
        _LIBRARY = None
    if failures:
        raise EditionError(failures)


def _preload(formats):
    def preload() -> None:
        from ..essay import pipeline  # noqa: F401  (imported once, before the fork, rather than in each worker)

        import_writers(formats)
    return preload
