"""Warming a new generation completely, on every core it is given.

Whoever writes a generation computes the impact lists of its common terms (rank.warm), so that
no reader pays for them on a word's first use. The work is the same on every machine: all the
common terms, most common first, up to WARM_POSTINGS postings in all (rank.common_terms). A
wall-clock limit would make it depend on the machine: a machine twice as slow would leave the
rarer half of the common terms to its readers' first searches (40-200 ms each at 50,000
articles, where a saved list loads in a millisecond). Only a single commit through the Python
API (store.py, `cache_on_commit`) keeps a time limit, because it runs inside the caller's
write.

With `procs` > 1 the terms are shared out: helper processes (`python -m
index.whoosh_engine.warming`, fed the list on stdin) warm every n-th term from the i-th while
this process warms its own share, then this process computes whatever a helper left undone (a
helper that failed or was killed costs time, never a missing list). A helper exits as soon as
the process that started it is gone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from index.whoosh_engine import rank

ROOT = Path(__file__).resolve().parents[2]      # the directory that holds the `index` package
MIN_SHARED = 16       # fewer common terms than this are warmed in this process alone


def warm_generation(searcher, cache, path: Path, procs: int = 2, max_seconds: float | None = None,
                    terms: list[str] | None = None) -> int:
    """Compute and save the impact lists of the common terms of the generation at `path` (whose
    search cache is `cache`, already saved there), with `procs` processes in all. Returns how
    many lists were computed."""
    if terms is None:
        terms = rank.common_terms(searcher)
    helpers = []
    if procs > 1 and len(terms) >= MIN_SHARED and max_seconds is None:
        for i in range(1, procs):
            helper = _start(path, terms, (i, procs))
            if helper is not None:
                helpers.append(helper)
    share = (0, procs) if helpers else (0, 1)      # a helper that did not start: the sweep below
    done = rank.warm(searcher, cache, max_seconds=max_seconds, part=share, terms=terms)
    for helper in helpers:
        try:
            helper.wait()
        except BaseException:
            helper.kill()
            raise
    if helpers:
        done += rank.warm(searcher, cache, terms=terms)     # whatever a helper left undone
    return done


def _start(path: Path, terms: list[str], part: tuple[int, int]) -> "subprocess.Popen | None":
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    job = {"path": str(path), "terms": terms, "part": list(part), "parent": os.getpid(),
           "persist_min": rank.PERSIST_MIN}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "index.whoosh_engine.warming"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=str(ROOT))
    except OSError:
        return None                      # no helper: this process warms everything
    try:
        proc.stdin.write(json.dumps(job).encode("utf-8"))
        proc.stdin.close()
    except OSError:
        proc.kill()
        proc.wait()
        return None
    return proc


def _helper() -> int:
    """A helper's work: its share of the terms of one generation, read from stdin."""
    from index.whoosh_engine.cache import SearchCache
    from index.whoosh_engine.mapped import MappedStorage

    job = json.loads(sys.stdin.buffer.read())
    path, parent = Path(job["path"]), job["parent"]
    rank.PERSIST_MIN = job["persist_min"]
    ix = MappedStorage(str(path)).open_index()
    try:
        with ix.searcher() as s:
            cache = SearchCache.for_searcher(s, path)
            rank.warm(s, cache, part=tuple(job["part"]), terms=job["terms"],
                      keep_going=lambda: os.getppid() == parent)
    finally:
        ix.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_helper())
    except Exception:  # noqa: BLE001 - the parent computes what a failed helper left undone
        sys.exit(1)
