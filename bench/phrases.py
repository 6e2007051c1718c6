"""Quoted phrases on their first use in a fresh process, this tree beside an earlier revision.

    python bench/phrases.py [--articles 50000] [--rounds 2] [--rev REV] [--keep DIR]

Builds an index of generated sample-hub articles (`--keep DIR` keeps it there and reuses it),
then, in fresh processes, runs each query of PHRASES once (the first use of its phrase, as a
`run.py search` does) and reports its time. With `--rev`, the same index is searched by that
revision's code too (checked out into a temporary git worktree), the two alternating per round,
with a digest of each query's results so that a change of answers shows. The index format must
be the same in both.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHRASES = ['"supply chain pressure" budgets', '"remote collaboration"', '"cloud infrastructure"',
           '"graduate degree"', '"engineering manager"', '"nursing leadership" trends', '"time zones"']

# run in a fresh process with the measured tree first on sys.path
PROBE = """
import hashlib, json, sys, time
from pathlib import Path
from index.whoosh_engine.store import IndexStore
from index.whoosh_engine.search import search
store = IndexStore.open(Path(sys.argv[1]))
search(store, "warm up the process")
out = {}
for q in json.loads(sys.argv[2]):
    t0 = time.perf_counter()
    r = search(store, q, limit=10)
    elapsed = time.perf_counter() - t0
    digest = hashlib.md5(repr([(h.url, h.score) for h in r.hits] + [r.total]).encode()).hexdigest()[:8]
    out[q] = [elapsed, digest]
print(json.dumps(out))
"""


def probe(tree: Path, index: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", PROBE, str(index), json.dumps(PHRASES)], cwd=tree, env=env,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--rev", help="an earlier revision to compare with")
    ap.add_argument("--keep", metavar="DIR", help="build the index in DIR and keep it (reused when there)")
    args = ap.parse_args()
    from index.whoosh_engine.layout import live_dir
    from index.whoosh_engine.store import rebuild
    from tests.relevance.corpus import hub_articles

    tmp = Path(tempfile.mkdtemp(prefix="hubindex-bench-phrases-"))
    base = Path(args.keep) if args.keep else tmp
    index = base / f"index-{args.articles}"
    trees = [("now", ROOT)]
    try:
        if live_dir(index) is None:
            rebuild(index, list(hub_articles(args.articles))[:args.articles], procs=2)
        if args.rev:
            earlier = tmp / "earlier"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(earlier), args.rev],
                           check=True)
            trees.insert(0, (args.rev, earlier))
        times: dict[str, dict[str, list[float]]] = {label: {q: [] for q in PHRASES} for label, _ in trees}
        digests: dict[str, dict[str, str]] = {label: {} for label, _ in trees}
        for r in range(args.rounds):
            for label, tree in (trees if r % 2 == 0 else trees[::-1]):
                for q, (elapsed, digest) in probe(tree, index).items():
                    times[label][q].append(elapsed)
                    digests[label][q] = digest
        print(f"{args.articles} articles; first use of each phrase in a fresh process, median of {args.rounds}")
        print("  ".join(f"{label:>14}" for label, _ in trees) + "  query")
        for q in PHRASES:
            cells = [f"{statistics.median(times[label][q]) * 1000:8.1f} ms {digests[label][q][:3]}"
                     for label, _ in trees]
            print("  ".join(f"{c:>14}" for c in cells) + f"  {q}")
        if len(trees) == 2:
            same = all(digests[trees[0][0]][q] == digests[trees[1][0]][q] for q in PHRASES)
            print("results: " + ("the same in both" if same else "DIFFERENT (see the digests)"))
    finally:
        if args.rev:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "earlier")],
                           check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
