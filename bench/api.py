"""The HTTP API and the HTML pages under load: 20 concurrent clients, a 10,000-article index.

    python bench/api.py [--articles 10000] [--requests 10000] [--page-requests 3000] [--clients 20]
                        [--workers 2] [--processes 0 [1 ...]]
                        [--index DIR]   # reuse (or keep) the built index

1. Builds the index from generated sample-hub articles as Article objects (no crawl, no HTTP),
   with `index.store.rebuild`, unless --index names one that exists.
2. Starts `run.py serve` in its own process on a free loopback port (the clients' Python threads
   must not share the server's GIL).
3. Sends each expensive-looking query (wildcards, ranges, fuzzy terms, deep nesting, 500
   characters) once, alone, and reports the slowest: the "no request over 0.5 s" check.
4. Warms up with 200 requests, then 20 client threads (one keep-alive session each) send
   --requests requests: 60% /search (words and phrases, filters, pages, sorts), 20% /related
   (by URL or id), 20% /facets (with and without filters). Reports throughput, p50/p95/p99/max
   latency overall and per endpoint, and every non-200 answer as an error.
4b. The same for the HTML pages: --page-requests requests, 70% search pages (`/` with words,
   filters, sorts and pages, the way the JSON searches vary), 25% article pages, 5% the status
   page. Besides the clients' latency it reports the server time of each page, from the
   `Server-Timing` header the app sends (its own time for the request, without HTTP or
   queueing), over all answers and over those not served from the response cache; then the
   server time of pages requested one at a time, which no other request delays.
5. Exports all articles as JSON Lines, then one topic's, then none (a filter no article matches),
   each in a fresh process, and reports the peak Python heap (equal peaks: the export streams)
   and the peak RSS (which also counts the index files mapped into memory as they are read).

Latencies are measured by the clients, so they include HTTP and JSON on both sides. The machine
has 2 cores shared by the server, the 20 client threads and anything else running.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.whoosh_engine.schema import article_id  # noqa: E402
from index.whoosh_engine.store import IndexStore, rebuild  # noqa: E402
from pipeline.samplehub.curated import AREAS, TOPICS  # noqa: E402
from pipeline.samplehub.hub import Hub  # noqa: E402
from tests.relevance.corpus import BASE, entry_url, hub_articles  # noqa: E402

WORDS = ["engineering management", "machine learning", "data visualization", "nursing leadership", "scholarship",
         "tuition assistance", "online course", "career pivot", "supply chain", "cybersecurity",
         "statistical modeling", "curriculum design", "public health", "senior roles", "hiring priorities",
         "study group", "federal loan", "admission decision", "software architecture", "graduate degree",
         "salary negotiations", "\"cloud infrastructure\"", "\"remote collaboration\"", "working adults",
         "recommendation letter", "product development", "marketing analytics", "health informatics",
         "enginering managr", "mentor", "promotion plan", "statement of purpose", "hybrid cohort", "", "degree"]
NASTY = ["*a*", "a* b* c* d* e*", "word~5 term~3", "[a TO zzzz]", "{0 TO 9}", "title:x^9 body:y",
         "(" * 2000 + "x" + ")" * 2000, "a OR b OR c OR d " * 30, "\"" + "the " * 120 + "\"",
         "x" * 500, "-a -b -c -d -e", "??????", "%%%%", "a AND NOT b AND NOT c"]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children, from /proc (Linux)."""
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(k)) for k in kids)


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))] if v else float("nan")


def line(name: str, values: list[float]) -> str:
    return (f"{name:<10} n={len(values):>6}  p50 {pct(values, 50) * 1000:6.1f} ms  p95 {pct(values, 95) * 1000:6.1f} ms"
            f"  p99 {pct(values, 99) * 1000:6.1f} ms  max {max(values) * 1000:7.1f} ms")


def build(data_dir: Path, articles: int) -> None:
    root = data_dir / "index"
    try:
        n = IndexStore.open(root).count()
    except Exception:  # noqa: BLE001 - no index (or an unreadable one): build it
        n = 0
    if n >= articles:
        print(f"index: reusing {data_dir} ({n} articles)")
        return
    generated = max(0, articles - len(Hub().curated))
    t0 = time.perf_counter()
    count, _ = rebuild(root, hub_articles(articles=generated), procs=2)
    print(f"index: built {count} articles in {time.perf_counter() - t0:.1f} s")


def start_server(data_dir: Path, workers: int, processes: int) -> tuple[subprocess.Popen, str, Path]:
    config = Path(tempfile.mkdtemp(prefix="hubindex-bench-")) / "config.toml"
    config.write_text(f'[index]\ndir = "{data_dir.as_posix()}"\n\n[api]\nworkers = {workers}\n'
                      f'processes = {processes}\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "--quiet", "--config", str(config), "serve",
                             "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    print(first.strip())
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    if not m:
        proc.kill()
        raise SystemExit(f"the server did not start: {first!r}")
    return proc, f"http://127.0.0.1:{m.group(1)}", config


def request_mix(n: int, urls: list[str], seed: int = 7) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    topics, areas = sorted(TOPICS), sorted(AREAS)
    out: list[tuple[str, dict]] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.6:
            p: dict = {"q": rng.choice(WORDS)}
            if rng.random() < 0.4:
                p["topic"] = rng.choice(topics)
            if rng.random() < 0.3:
                p["area"] = rng.choice(areas)
            if rng.random() < 0.2:
                p["sort"] = rng.choice(["newest", "oldest"])
            if rng.random() < 0.2:
                p["page"] = rng.randint(2, 5)
            out.append(("/search", p))
        elif r < 0.8:
            url = rng.choice(urls)
            p = {"url": url} if rng.random() < 0.5 else {"id": article_id(url)}
            if rng.random() < 0.2:
                p["topic"] = rng.choice(topics)
            out.append(("/related", p))
        else:
            p = {}
            if rng.random() < 0.5:
                p["topic"] = rng.choice(topics)
            out.append(("/facets", p))
    return out


def page_mix(n: int, urls: list[str], seed: int = 11) -> list[tuple[str, dict]]:
    """Requests of the HTML pages: search pages varied like the JSON searches, article pages, status."""
    rng = random.Random(seed)
    out: list[tuple[str, dict]] = []
    for path, params in request_mix(n, urls, seed):
        r = rng.random()
        if r < 0.7:
            q = params if path == "/search" else {"q": rng.choice(WORDS)}
            out.append(("/", q))
        elif r < 0.95:
            out.append(("/articles/{id}", {"id": article_id(rng.choice(urls))}))
        else:
            out.append(("/status", {}))
    return out


def _target(path: str, params: dict) -> str:
    if path == "/articles/{id}":
        return f"/articles/{params['id']}"
    return path + ("?" + urlencode(params, doseq=True) if params else "")


SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)(;desc=\"cached\")?")


def run_load(base: str, work: list[tuple[str, dict]], clients: int, server_times: dict | None = None):
    """`clients` threads, each with one keep-alive connection, take requests from `work` in turn.

    The client is `http.client` with each URL encoded before the clock starts, because the
    clients share the machine's 2 cores with the server: a heavier client (requests) spent a
    millisecond of CPU per request of its own, which the server's answers then waited for."""
    host, port = base.removeprefix("http://").split(":")
    lock = threading.Lock()
    queue = [(path, _target(path, params)) for path, params in reversed(work)]
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while True:
            with lock:
                if not queue:
                    conn.close()
                    return
                path, target = queue.pop()
            t0 = time.perf_counter()
            try:
                conn.request("GET", target)
                r = conn.getresponse()
                body = r.read()
                ok = r.status == 200
                if r.getheader("Content-Type", "").startswith("application/json"):
                    json.loads(body)
                timing = SERVER_TIMING.match(r.getheader("Server-Timing") or "")
                why = r.status
            except (OSError, http.client.HTTPException, ValueError) as exc:
                ok, why = False, exc
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
            took = time.perf_counter() - t0
            with lock:
                latencies[path].append(took)
                if server_times is not None and ok and timing:
                    server_times[path].append((float(timing.group(1)) / 1000, bool(timing.group(2))))
                if not ok:
                    errors.append(f"{target}: {why}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, errors


def export_peak(config: Path, *filters: str) -> tuple[float, float]:
    """Peak Python heap (MB, tracemalloc) and peak RSS (MB) of `run.py export` in a fresh process.
    RSS also counts the index's memory-mapped files as they are read;
    the heap is what the export itself holds."""
    code = ("import os, resource, sys, tracemalloc; sys.path.insert(0, sys.argv[1]); import run; "
            "out, sys.stdout = sys.stdout, open(os.devnull, 'w'); tracemalloc.start(); "
            "code = run.main(['--quiet', '--config', sys.argv[2], 'export', *sys.argv[3:]]); "
            "peak = tracemalloc.get_traced_memory()[1]; sys.stdout = out; "
            "print(code, peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(config), *filters], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"export failed: {out}")
    return int(out[1]) / 2**20, int(out[2]) / 1024


def load(data_dir: Path, urls: list[str], args: argparse.Namespace, processes: int) -> Path:
    proc, base, config = start_server(data_dir, args.workers, processes)
    try:
        print(f"server: {base} ([api] processes = {processes} (0: one per CPU), workers = {args.workers}), "
              f"load avg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        time.sleep(1.0)   # every process up and listening
        nasty = []
        for q in NASTY:
            t0 = time.perf_counter()
            r = requests.get(base + "/search", params={"q": q[:500]}, timeout=30)
            nasty.append((time.perf_counter() - t0, r.status_code, q[:30]))
        worst = max(nasty)
        print(f"expensive-looking queries: {len(nasty)}, all 200: {all(s == 200 for _, s, _ in nasty)}, "
              f"slowest {worst[0] * 1000:.1f} ms ({worst[2]!r})")

        warm_time, warm, warm_errors = run_load(base, request_mix(200, urls, seed=1), args.clients)
        print(f"warm-up: 200 requests in {warm_time:.1f} s, {len(warm_errors)} errors, "
              f"max {max(max(v) for v in warm.values()) * 1000:.1f} ms")

        server0, client0 = cpu_seconds(proc.pid), time.process_time()
        elapsed, lat, errors = run_load(base, request_mix(args.requests, urls), args.clients)
        server_cpu, client_cpu = cpu_seconds(proc.pid) - server0, time.process_time() - client0
        every = [x for v in lat.values() for x in v]
        print(f"load: {len(every)} requests, {args.clients} clients, {elapsed:.1f} s, "
              f"{len(every) / elapsed:.0f} requests/s, errors {len(errors)}; CPU per request: "
              f"server {server_cpu / len(every) * 1000:.2f} ms, clients {client_cpu / len(every) * 1000:.2f} ms")
        print(line("all", every))
        for path in sorted(lat):
            print(line(path, lat[path]))
        print(f"mean {statistics.mean(every) * 1000:.1f} ms; requests over 0.5 s: {sum(x > 0.5 for x in every)}")
        for e in errors[:5]:
            print("  error:", e)
        if args.page_requests:
            pages(base, urls, args)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return config



def pages(base: str, urls: list[str], args: argparse.Namespace) -> None:
    """The HTML pages under the same load: client latency and server time per page."""
    run_load(base, page_mix(200, urls, seed=3), args.clients)          # warm-up
    server_times: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    elapsed, lat, errors = run_load(base, page_mix(args.page_requests, urls), args.clients, server_times)
    every = [x for v in lat.values() for x in v]
    print(f"pages: {len(every)} requests, {args.clients} clients, {elapsed:.1f} s, "
          f"{len(every) / elapsed:.0f} requests/s, errors {len(errors)}")
    for path in sorted(lat):
        print(line(path, lat[path]))
    print("server time (Server-Timing: the app's own time, without HTTP and queueing):")
    for path in sorted(server_times):
        times = server_times[path]
        fresh = [t for t, cached in times if not cached]
        print(line(path, [t for t, _ in times]) + f"  ({len(times) - len(fresh)} from the cache)")
        if fresh:
            print(line("  uncached", fresh))
    for e in errors[:5]:
        print("  error:", e)
    # The same pages one at a time: the server time of a page that waits for no other request
    # (under the load above, two worker threads share a process's interpreter lock and every
    # process shares the 2 cores with the clients, so a page's server time includes their turns).
    server_times = defaultdict(list)
    run_load(base, page_mix(args.page_requests // 5, urls, seed=13), 1, server_times)
    print("server time, one client:")
    for path in sorted(server_times):
        fresh = [t for t, cached in server_times[path] if not cached]
        if fresh:
            print(line(path, fresh) + "  (uncached)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--page-requests", type=int, default=3000, help="requests of the HTML pages (0: none)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--processes", type=int, nargs="+", default=[0],
                    help="[api] processes of each server to load in turn (default 0: one per CPU)")
    ap.add_argument("--index", metavar="DIR", help="data directory to build into or reuse (default: a temp dir)")
    args = ap.parse_args()

    data_dir = Path(args.index) if args.index else Path(tempfile.mkdtemp(prefix="hubindex-bench-data-"))
    build(data_dir, args.articles)
    hub = Hub(articles=max(0, args.articles - len(Hub().curated)))
    urls = [entry_url(hub, e, BASE) for e in hub.articles]
    for processes in args.processes:
        config = load(data_dir, urls, args, processes)

    for label, filters in (("all articles", ()), ("one topic", ("--topic", "career-advancement")),
                           ("no article", ("--facet", "none=none"))):
        heap, rss = export_peak(config, *filters)
        print(f"export jsonl, {label:<12}: peak Python heap {heap:6.1f} MB, peak RSS {rss:6.0f} MB")


if __name__ == "__main__":
    main()
