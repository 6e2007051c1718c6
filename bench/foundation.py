"""Foundation numbers: crawl of the curated sample hub and cold `run.py search`, in real processes.

    python bench/foundation.py [--runs 5]

Starts the sample hub in its own process on a free loopback port, then times (median of --runs):
a first crawl into a fresh index, an unchanged recrawl, and `run.py search` from a cold start;
`python -c pass` is measured in the same run as the floor every command pays.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    port = free_port()
    hub = subprocess.Popen([sys.executable, "run.py", "sample-hub", "--port", str(port)], cwd=ROOT,
                           stdout=subprocess.PIPE, text=True)
    hub.stdout.readline()
    tmp = Path(tempfile.mkdtemp(prefix="hubindex-bench-"))
    try:
        config = tmp / "config.toml"
        config.write_text(f'[index]\ndir = "data"\n[crawl]\ndelay = 0.0\n'
                          f'[sites.sample-hub]\nstart_url = "http://127.0.0.1:{port}/knowledge-hub/"\n')
        py = sys.executable
        first, again = [], []
        for _ in range(args.runs):
            shutil.rmtree(tmp / "data", ignore_errors=True)
            first.append(timed([py, "run.py", "-q", "--config", str(config), "crawl"]))
            again.append(timed([py, "run.py", "-q", "--config", str(config), "crawl"]))
        search = [timed([py, "run.py", "--config", str(config), "search", "engineering manager skills"])
                  for _ in range(args.runs)]
        search_topic = [timed([py, "run.py", "--config", str(config), "search", "engineering manager skills",
                               "--topic", "career-advancement"]) for _ in range(args.runs)]
        floor = [timed([py, "-c", "pass"]) for _ in range(args.runs)]
        out = subprocess.run([py, "run.py", "--config", str(config), "crawl", "--json"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        import json
        articles = json.loads(out)["sites"][0]["unchanged"]
    finally:
        hub.terminate()
        hub.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median
    print(f"curated sample hub: {articles} articles, median of {args.runs} runs (wall time of the whole process)")
    print(f"  first crawl            {med(first):6.2f} s   ({articles / med(first):.0f} articles/s)")
    print(f"  unchanged recrawl      {med(again):6.2f} s")
    print(f"  cold run.py search     {med(search):6.3f} s")
    print(f"  cold search --topic    {med(search_topic):6.3f} s")
    print(f"  python -c pass (floor) {med(floor):6.3f} s")


if __name__ == "__main__":
    main()
