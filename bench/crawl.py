"""Crawl throughput: hubindex against Scrapy on the sample hub, same machine, same run.

    python -m pip install -e '.[bench]'
    python bench/crawl.py [--articles 2000 10000] [--rounds 3]
    python bench/crawl.py --hubs 8 50 [--hub-articles 0] [--delay 0.5] [--rounds 3]

Many hubs (`--hubs N ...`): N sample hubs (47 curated articles each, plus --hub-articles
generated ones) on N loopback addresses (127.0.0.2, 127.0.0.3, ...; Linux routes all of
127.0.0.0/8 to loopback), served by one process; one config names them all, and hubindex crawls
them in one `crawl` while Scrapy crawls them with the same politeness: one request at a time
per host (CONCURRENT_REQUESTS_PER_DOMAIN 1), the same delay (DOWNLOAD_DELAY, not randomised:
hubindex never goes below its delay either), the same number of hosts at once (max_hosts =
CONCURRENT_REQUESTS = N unless --max-hosts says otherwise). Rounds alternate which goes first;
the summary gives medians and each round's ratio of wall times, and checks that every article
was indexed exactly once.

One hub at delay 0 (`--articles`):

For each size the sample hub runs in its own process on a free loopback port (warmed up with
an untimed pass over its sitemaps and first pages), and each round has hubindex crawl it into
a fresh index (politeness delay 0) and recrawl it unchanged, and Scrapy crawl it from the same
sitemap with an equivalent spider that extracts title, date and tags (no index). The two first
crawls alternate which goes first from one round to the next, and the summary gives medians
over the rounds and the ratio of each round: on a small machine shared with other work one
crawl can take a fifth longer than the same crawl a minute later. Each crawler runs in its own
process; wall time and peak memory are reported (for hubindex, the peak RSS of the crawl
process and of its biggest child, the index writer, and the peak of the summed PSS of all its
processes: their memory use at its highest, shared pages counted once).

Both crawlers run from byte-compiled modules: Scrapy's were compiled when pip installed it, and
hubindex's are compiled here first. An editable install compiles nothing, and where
PYTHONDONTWRITEBYTECODE is set (as in many containers) Python never writes the cache itself:
each hubindex process (the crawl, its index writer and its extraction process) would otherwise
compile its own source again, about 30 ms each.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def child(cmd: list[str]) -> tuple[float, dict]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - t0, json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- children


def _pss_mb(pid: int) -> float:
    """A process's proportional set size (its share of pages shared with others), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def run_hubindex(config: str) -> None:
    sys.path.insert(0, str(ROOT))
    import contextlib
    import io
    import threading

    import run

    # The memory of the whole crawl at its peak: the sum of the PSS of this process and its
    # children (index writer, extraction process), sampled every 100 ms. Adding up each
    # process's own peak RSS overstates it: pages shared between processes (the interpreter,
    # libraries) count once per process, and the peaks do not coincide.
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            me = os.getpid()
            peak[0] = max(peak[0], sum(_pss_mb(p) for p in [me, *_children(me)]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            code = run.main(["--quiet", "--config", config, "crawl", "--json"])
    finally:
        done.set()
        sampler.join()
    sites = json.loads(buf.getvalue())["sites"]
    report = sites[0] if len(sites) == 1 else {
        key: sum(r.get(key, 0) for r in sites) for key in ("new", "updated", "unchanged", "failed", "fetched",
                                                           "not_modified")}
    report["sites_ok"] = sum(r["outcome"] == "ok" for r in sites)
    report["exit"] = code
    from index.whoosh_engine.store import IndexStore
    from pipeline.core.config import load_settings
    from pipeline.core.workspace import Workspace

    store = IndexStore.open(Workspace(load_settings(config).index_dir).index_path)
    try:
        with store.searcher() as s:
            urls = [f["url"] for f in s.all_stored_fields()]
    finally:
        store.close()
    report["docs"], report["distinct_urls"] = len(urls), len(set(urls))
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["writer_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # the index writer
    report["all_pss_mb"] = peak[0]
    print(json.dumps(report))


def run_scrapy(base: str) -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    items: list[dict] = []

    class HubSpider(SitemapSpider):
        name = "hub"
        sitemap_urls = [base + "/robots.txt"]
        sitemap_rules = [(r"/knowledge-hub/[a-z0-9-]+/$", "parse_article")]

        def parse_article(self, response):
            yield {
                "url": response.url,
                "title": response.css("h1::text").get() or response.css('meta[property="og:title"]::attr(content)').get(),
                "date": response.css('meta[property="article:published_time"]::attr(content)').get(),
                "tags": response.css(".article-tags a::text").getall(),
            }

    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "TELNETCONSOLE_ENABLED": False, "HTTPCACHE_ENABLED": False,
        "COOKIES_ENABLED": False, "RETRY_ENABLED": True,
    })
    crawler = process.create_crawler(HubSpider)
    def collect(item, **_):
        items.append(item)

    crawler.signals.connect(collect, signal=signals.item_scraped)   # weakly held: `collect` must stay named
    process.crawl(crawler)
    process.start()
    complete = sum(1 for i in items if i["title"] and i["date"] and i["tags"] is not None)
    print(json.dumps({"items": len(items), "complete": complete,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def serve_hubs(n: int, articles: int) -> None:
    """Serve n sample hubs on 127.0.0.2, 127.0.0.3, ...; print their base URLs; run until killed."""
    sys.path.insert(0, str(ROOT))
    from pipeline.samplehub import start_sample_hub

    hubs = [start_sample_hub(host=f"127.0.0.{2 + i}", articles=articles, seed=i + 1) for i in range(n)]
    print(json.dumps([h.base_url for h in hubs]), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def run_scrapy_hubs(bases: list[str], delay: float, concurrency: int) -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    items: list[dict] = []

    class HubsSpider(SitemapSpider):
        name = "hubs"
        sitemap_urls = [base + "/robots.txt" for base in bases]
        sitemap_rules = [(r"/knowledge-hub/[a-z0-9-]+/$", "parse_article")]

        def parse_article(self, response):
            yield {
                "url": response.url,
                "title": response.css("h1::text").get() or response.css('meta[property="og:title"]::attr(content)').get(),
                "date": response.css('meta[property="article:published_time"]::attr(content)').get(),
                "tags": response.css(".article-tags a::text").getall(),
            }

    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": delay, "RANDOMIZE_DOWNLOAD_DELAY": False,
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "TELNETCONSOLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False, "COOKIES_ENABLED": False, "RETRY_ENABLED": True,
    })
    crawler = process.create_crawler(HubsSpider)

    def collect(item, **_):
        items.append(item)

    crawler.signals.connect(collect, signal=signals.item_scraped)   # weakly held: `collect` must stay named
    process.crawl(crawler)
    process.start()
    print(json.dumps({"items": len(items), "distinct": len({i["url"] for i in items}),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def bench_hubs(n: int, articles: int, delay: float, rounds: int, max_hosts: int | None) -> None:
    me = [sys.executable, str(Path(__file__).resolve())]
    hubs = subprocess.Popen(me + ["--child-hubs", str(n), str(articles)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    bases = json.loads(hubs.stdout.readline())
    for base in bases:
        warm_up(base, pages=5)
    per_hub = 47 + articles
    hosts = max_hosts or n
    print(f"\n{n} hubs x {per_hub} articles on {n} loopback hosts, delay {delay} s, up to {hosts} hosts at once, "
          "wall time of each crawler's process")
    ours, theirs = [], []
    try:
        for r in range(rounds):
            tmp = Path(tempfile.mkdtemp(prefix="hubindex-hubsbench-"))
            try:
                config = tmp / "config.toml"
                text = f'[index]\ndir = "data"\n[crawl]\ndelay = {delay}\nmax_hosts = {hosts}\n'
                for i, base in enumerate(bases):
                    text += (f'[sites.hub{i}]\nstart_url = "{base}/knowledge-hub/"\n'
                             "exclude = ['/knowledge-hub/all-articles/', '/knowledge-hub/author/']\n")
                config.write_text(text)
                scrapy_cmd = me + ["--child-scrapy-hubs", json.dumps(bases), str(delay), str(hosts)]
                if r % 2:         # Scrapy first in every other round
                    scrapy_s, scrapy = child(scrapy_cmd)
                first_s, first = child(me + ["--child-hubindex", str(config)])
                if not r % 2:
                    scrapy_s, scrapy = child(scrapy_cmd)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            ours.append(first_s)
            theirs.append(scrapy_s)
            once = first["docs"] == first["distinct_urls"] == n * per_hub
            print(f"  round {r + 1}{' (Scrapy first)' if r % 2 else ''}")
            print(f"    hubindex   {first_s:7.1f} s  (indexed {first['new']}, in the index {first['docs']} documents, "
                  f"{first['distinct_urls']} distinct URLs{': every article once' if once else ': NOT every article once'}, "
                  f"failed {first['failed']}, sites ok {first['sites_ok']}/{n}; peak {first['all_pss_mb']:.0f} MB PSS "
                  "of all processes)")
            print(f"    scrapy     {scrapy_s:7.1f} s  (items {scrapy['items']}, distinct {scrapy['distinct']}, "
                  f"peak {scrapy['peak_mb']:.0f} MB, no index)")
    finally:
        hubs.terminate()
        hubs.wait()
    ratios = [a / b for a, b in zip(ours, theirs)]
    print(f"  median of {rounds} round{'s' if rounds > 1 else ''}: hubindex {statistics.median(ours):.1f} s, "
          f"scrapy {statistics.median(theirs):.1f} s; hubindex/scrapy wall time {statistics.median(ratios):.2f}x "
          f"(rounds: {', '.join(f'{x:.2f}' for x in ratios)})")


# ---------------------------------------------------------------- the benchmark


def compile_project() -> None:
    import compileall

    for package in ("pipeline", "index"):
        compileall.compile_dir(ROOT / package, quiet=1)
    compileall.compile_file(ROOT / "run.py", quiet=1)


def warm_up(base: str, pages: int = 100) -> None:
    """Fetch robots.txt, the sitemaps and the first `pages` articles once, untimed: the hub's
    first requests cost it more CPU than later ones (a first sitemap about twice as much),
    which counted against whichever crawler went first after the hub started."""
    import re
    import urllib.request

    def get(url: str) -> str:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.read().decode("utf-8", "replace")

    get(base + "/robots.txt")
    articles: list[str] = []
    for sitemap in re.findall(r"<loc>([^<]+)</loc>", get(base + "/sitemap_index.xml")):
        articles += re.findall(r"<loc>([^<]+)</loc>", get(sitemap))
    for url in articles[:pages]:
        get(url)


def bench(n: int, rounds: int) -> None:
    port = free_port()
    hub = subprocess.Popen([sys.executable, "run.py", "sample-hub", "--port", str(port), "--articles", str(n)],
                           cwd=ROOT, stdout=subprocess.PIPE, text=True)
    hub.stdout.readline()
    base = f"http://127.0.0.1:{port}"
    warm_up(base)
    me = [sys.executable, str(Path(__file__).resolve())]
    total = n + 47
    print(f"\n{total} articles (sample hub with --articles {n}), wall time of each crawler's process")
    ours, theirs, recrawls = [], [], []
    try:
        for r in range(rounds):
            tmp = Path(tempfile.mkdtemp(prefix="hubindex-crawlbench-"))
            try:
                config = tmp / "config.toml"
                config.write_text(f'[index]\ndir = "data"\n[crawl]\ndelay = 0.0\n[sites.hub]\n'
                                  f'start_url = "{base}/knowledge-hub/"\n'
                                  "exclude = ['/knowledge-hub/all-articles/', '/knowledge-hub/author/']\n")
                if r % 2:         # Scrapy first in every other round
                    scrapy_s, scrapy = child(me + ["--child-scrapy", base])
                first_s, first = child(me + ["--child-hubindex", str(config)])
                again_s, again = child(me + ["--child-hubindex", str(config)])
                if not r % 2:
                    scrapy_s, scrapy = child(me + ["--child-scrapy", base])
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            ours.append(first["new"] / first_s)
            theirs.append(scrapy["items"] / scrapy_s)
            recrawls.append(100 * again_s / first_s)
            print(f"  round {r + 1}{' (Scrapy first)' if r % 2 else ''}")
            print(f"    hubindex first crawl   {first_s:7.1f} s  {ours[-1]:6.1f} articles/s  "
                  f"(indexed {first['new']}, failed {first['failed']}, peak RSS {first['peak_mb']:.0f} MB crawl, "
                  f"{first['writer_peak_mb']:.0f} MB index writer; all processes {first['all_pss_mb']:.0f} MB PSS)")
            print(f"    hubindex recrawl       {again_s:7.1f} s  = {recrawls[-1]:.1f}% of the first  "
                  f"(article bodies downloaded: {again['fetched'] - again['not_modified']}, "
                  f"unchanged {again['unchanged']}, peak {again['peak_mb']:.0f} MB)")
            print(f"    scrapy first crawl     {scrapy_s:7.1f} s  {theirs[-1]:6.1f} articles/s  "
                  f"(items {scrapy['items']}, complete {scrapy['complete']}, peak {scrapy['peak_mb']:.0f} MB, "
                  "no index)")
    finally:
        hub.terminate()
        hub.wait()
    ratios = [a / b for a, b in zip(ours, theirs)]
    print(f"  median of {rounds} round{'s' if rounds > 1 else ''}: hubindex {statistics.median(ours):.1f} "
          f"articles/s, scrapy {statistics.median(theirs):.1f} articles/s; hubindex/scrapy "
          f"{statistics.median(ratios):.2f}x (rounds: {', '.join(f'{x:.2f}' for x in ratios)}); "
          f"recrawl {statistics.median(recrawls):.1f}% of the first")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[2000, 10000], help="generated articles per run")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per size, alternating which crawler goes first")
    ap.add_argument("--hubs", type=int, nargs="+", metavar="N", help="many-hubs mode: N hubs on N loopback hosts")
    ap.add_argument("--hub-articles", type=int, default=0, metavar="N", help="generated articles per hub, "
                                                                             "beyond its 47 curated ones")
    ap.add_argument("--delay", type=float, default=0.5, help="many-hubs mode: seconds between requests to a host")
    ap.add_argument("--max-hosts", type=int, help="many-hubs mode: hosts at once (default: all of them)")
    ap.add_argument("--child-hubindex", metavar="CONFIG", help=argparse.SUPPRESS)
    ap.add_argument("--child-scrapy", metavar="BASE", help=argparse.SUPPRESS)
    ap.add_argument("--child-hubs", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-scrapy-hubs", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_hubindex:
        return run_hubindex(args.child_hubindex)
    if args.child_scrapy:
        return run_scrapy(args.child_scrapy)
    if args.child_hubs:
        return serve_hubs(*args.child_hubs)
    if args.child_scrapy_hubs:
        bases, delay, hosts = args.child_scrapy_hubs
        return run_scrapy_hubs(json.loads(bases), float(delay), int(hosts))
    compile_project()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if args.hubs:
        for n in args.hubs:
            if not 1 <= n <= 250:
                ap.error("--hubs takes 1 to 250 (one loopback address each, from 127.0.0.2)")
            bench_hubs(n, args.hub_articles, args.delay, args.rounds, args.max_hosts)
        return
    for n in args.articles:
        bench(n, args.rounds)


if __name__ == "__main__":
    main()
