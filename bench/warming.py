"""How long warming a new generation takes, on one process and on two.

    python bench/warming.py [--articles 50000] [--rounds 2] [--keep DIR]

Builds an index of generated sample-hub articles (`index.store.rebuild`, as bench/search.py
does; `--keep DIR` keeps it there and reuses it next time), then, alternating, removes the saved
impact lists and warms the generation again (`warming.warm_generation`) with one process and with
two (a helper process takes every other term). Reports the wall time of each, how many lists this
process computed itself and how many were saved in all (every common term, both ways).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.whoosh_engine.cache import TERMS_PREFIX, SearchCache  # noqa: E402
from index.whoosh_engine.layout import live_dir  # noqa: E402
from index.whoosh_engine.mapped import MappedStorage  # noqa: E402
from index.whoosh_engine.rank import common_terms  # noqa: E402
from index.whoosh_engine.store import rebuild  # noqa: E402
from index.whoosh_engine.warming import warm_generation  # noqa: E402
from tests.relevance.corpus import hub_articles  # noqa: E402


def warm_once(path: Path, procs: int) -> tuple[float, int, int]:
    for d in path.glob(f"{TERMS_PREFIX}*"):
        shutil.rmtree(d)
    ix = MappedStorage(str(path)).open_index()
    try:
        with ix.searcher() as s:
            t0 = time.perf_counter()
            own = warm_generation(s, SearchCache.for_searcher(s, path), path, procs=procs)
            elapsed = time.perf_counter() - t0
    finally:
        ix.close()
    return elapsed, own, len(list(path.glob(f"{TERMS_PREFIX}*/*.pickle")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="build the index in DIR and keep it (reused when there)")
    args = ap.parse_args()
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hubindex-bench-warming-"))
    root = tmp / f"index-{args.articles}"
    try:
        if live_dir(root) is None:
            t0 = time.perf_counter()
            articles = list(hub_articles(args.articles))[:args.articles]
            rebuild(root, articles, procs=2)
            print(f"built {len(articles)} articles in {time.perf_counter() - t0:.0f} s")
        path = live_dir(root)
        ix = MappedStorage(str(path)).open_index()
        with ix.searcher() as s:
            terms = common_terms(s)
        ix.close()
        print(f"{len(terms)} common terms")
        times: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.rounds):
            for procs in ((1, 2) if r % 2 == 0 else (2, 1)):
                elapsed, own, saved = warm_once(path, procs)
                times[procs].append(elapsed)
                print(f"  round {r + 1}, {procs} process{'es' if procs > 1 else ''}: {elapsed:5.1f} s, "
                      f"this process computed {own}, {saved} saved")
        for procs, t in times.items():
            print(f"{procs} process{'es' if procs > 1 else ''}: median {statistics.median(t):.1f} s")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
