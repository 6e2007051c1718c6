"""Run one benchmark script on an earlier revision and on the working tree, alternating.

    python bench/compare.py REV SCRIPT [ARGS...]
    python bench/compare.py 8b70de1 bench/search.py --sizes 50000 --runs 3

The earlier revision is checked out into a temporary git worktree (removed afterwards); each
side runs the script from its own tree, which puts that tree first on `sys.path`, so each
measures its own code. Sides alternate (`--rounds`, default 1: earlier revision first), and
each side's output is printed under a heading, to read side by side: these machines are noisy,
so only figures from one run are compared.

`--busy N` keeps N busy-looping processes running for the whole comparison, at the scripts'
priority: on this 2-core machine, 2 of them make every process get about half a core, as on a
machine half as fast or shared with a crawl. That is how to see what depends on the machine's
speed (a time limit, a timeout) rather than on the code alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", help="the earlier revision (any git revision)")
    ap.add_argument("script", help="the benchmark script, relative to the project root")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script")
    ap.add_argument("--rounds", type=int, default=1, help="pairs of runs, alternating which side goes first")
    ap.add_argument("--busy", type=int, default=0, metavar="N",
                    help="keep N busy-looping processes running meanwhile (a slower machine)")
    ns = ap.parse_args()
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(ns.busy)]
    try:
        return compare(ns)
    finally:
        for p in busy:
            p.kill()
            p.wait()


def compare(ns) -> int:
    with tempfile.TemporaryDirectory(prefix="hubindex-compare-") as tmp:
        earlier = Path(tmp) / "earlier"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(earlier), ns.rev],
                       check=True)
        try:
            sides = [(f"earlier ({ns.rev})", earlier), ("working tree", ROOT)]
            for r in range(ns.rounds):
                for label, tree in (sides if r % 2 == 0 else sides[::-1]):
                    script = tree / ns.script
                    if not script.exists():
                        print(f"== {label}: no {ns.script} there", flush=True)
                        continue
                    print(f"== round {r + 1}, {label}", flush=True)
                    subprocess.run([sys.executable, str(script), *ns.args], cwd=tree, check=False)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(earlier)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
