"""Crawl workers on one machine: 1, 2 and 4 `run.py worker --once` processes sharing the crawl of
many sample hubs through PostgreSQL, in the regime the per-host delay limits.

    python bench/workers.py [--hubs 50] [--delay 0.2] [--max-hosts 3] [--workers 1 2 4] [--rounds 1]
                            [--url postgresql://...]

N sample hubs (47 curated articles each) are served on N loopback addresses (127.0.0.2,
127.0.0.3, ...) by one child process (bench/crawl.py --child-hubs); one config names them all,
with the PostgreSQL backend, the delay and the same `max_hosts` for every worker. For each
worker count, in a fresh schema (migrated first, dropped after), that many worker processes are
started at once and the wall time until the last one exits is taken (all of them, from start:
process start-up, queueing, crawling, committing). Then the index is checked: every article of
every hub in it exactly once, every site's run ok. The 1-worker run is the reference; the
report gives each count's wall time and its speed-up over one worker.

With the delay as the limit, one worker crawls `max_hosts` hosts at a time, so 50 hosts take
ceil(50 / max_hosts) host-crawls one after the other; k workers share them, k * max_hosts at a time.
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
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.pgserver import with_search_path  # noqa: E402

DEFAULT_URL = os.environ.get("HUBINDEX_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
CURATED = 47


def write_config(path: Path, url: str, bases: list[str], delay: float, max_hosts: int) -> None:
    text = (f'[index]\ndir = "{(path.parent / "data").as_posix()}"\nbackend = "postgresql"\nurl = "{url}"\n'
            f'[crawl]\ndelay = {delay}\nmax_hosts = {max_hosts}\n[worker]\npoll = 1\n')
    for i, base in enumerate(bases):
        text += (f'[sites.hub{i}]\nstart_url = "{base}/knowledge-hub/"\n'
                 "exclude = ['/knowledge-hub/all-articles/', '/knowledge-hub/author/']\n")
    path.write_text(text)


def one_run(base_url: str, bases: list[str], workers: int, delay: float, max_hosts: int) -> dict:
    schema = f"hubbench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = with_search_path(base_url, schema)
    tmp = Path(tempfile.mkdtemp(prefix="hubindex-workersbench-"))
    try:
        config = tmp / "config.toml"
        write_config(config, url, bases, delay, max_hosts)
        cmd = [sys.executable, "run.py", "--quiet", "--config", str(config)]
        subprocess.run(cmd + ["migrate"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        t0 = time.monotonic()
        procs = [subprocess.Popen(cmd + ["worker", "--once"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(workers)]
        codes = [p.wait() for p in procs]
        wall = time.monotonic() - t0
        errors = [p.stderr.read().strip() for p in procs if p.returncode]
        with psycopg.connect(url) as conn:
            docs, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM hub_articles").fetchone()
            per_host = dict(conn.execute("SELECT split_part(url, '/', 3), count(*) FROM hub_articles GROUP BY 1"))
            ok = conn.execute("SELECT count(*) FROM hub_schedule WHERE outcome = 'ok'").fetchone()[0]
            pids = conn.execute("SELECT count(DISTINCT pid) FROM hub_runs").fetchone()[0]
            # the database's bytes for this crawl: index, crawl state and run log (hub_* tables, with indexes)
            size = conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                                "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r' "
                                "AND c.relname LIKE 'hub%%'", (schema,)).fetchone()[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    expected = {b.split("/", 3)[2]: CURATED for b in bases}
    return {"wall": wall, "codes": codes, "errors": errors, "docs": docs, "distinct": distinct,
            "once": docs == distinct == len(bases) * CURATED and per_host == expected,
            "sites_ok": ok, "workers_with_runs": pids, "bytes": int(size or 0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hubs", type=int, default=50)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--max-hosts", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL database to make schemas in")
    args = ap.parse_args()
    if not 1 <= args.hubs <= 250:
        ap.error("--hubs takes 1 to 250 (one loopback address each, from 127.0.0.2)")
    hubs = subprocess.Popen([sys.executable, str(ROOT / "bench" / "crawl.py"), "--child-hubs", str(args.hubs), "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        bases = json.loads(hubs.stdout.readline())
        print(f"{args.hubs} hubs x {CURATED} articles on {args.hubs} loopback hosts, delay {args.delay} s, "
              f"max_hosts {args.max_hosts} per worker; load average at start {os.getloadavg()[0]:.1f}")
        walls: dict[int, list[float]] = {n: [] for n in args.workers}
        for r in range(args.rounds):
            order = args.workers if r % 2 == 0 else list(reversed(args.workers))
            for n in order:
                res = one_run(args.url, bases, n, args.delay, args.max_hosts)
                walls[n].append(res["wall"])
                state = "every article once" if res["once"] else "NOT every article once"
                print(f"  round {r + 1}: {n} worker{'s' if n > 1 else ' '} {res['wall']:7.1f} s  "
                      f"({res['docs']} documents, {res['distinct']} distinct URLs: {state}; sites ok "
                      f"{res['sites_ok']}/{args.hubs}; {res['workers_with_runs']} workers crawled; exit codes "
                      f"{res['codes']}; {res['bytes'] / max(1, res['docs']) / 1024:.1f} KB of tables per article; "
                      f"load {os.getloadavg()[0]:.1f})" + "".join(f"\n    {e}" for e in res["errors"]))
        ref = statistics.median(walls[args.workers[0]])
        print(f"  medians of {args.rounds} round{'s' if args.rounds > 1 else ''}:")
        for n in args.workers:
            med = statistics.median(walls[n])
            print(f"    {n} worker{'s' if n > 1 else ' '} {med:7.1f} s  {ref / med:5.2f}x the speed of "
                  f"{args.workers[0]} worker{'s' if args.workers[0] > 1 else ''}")
    finally:
        hubs.terminate()
        hubs.wait()


if __name__ == "__main__":
    main()
