"""Crawl throughput: hubindex against Scrapy on the sample hub, same machine, same run.

    python -m pip install -e '.[bench]'
    python bench/crawl.py [--articles 2000 10000] [--rounds 3]

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
    report = json.loads(buf.getvalue())["sites"][0]
    report["exit"] = code
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
    ap.add_argument("--child-hubindex", metavar="CONFIG", help=argparse.SUPPRESS)
    ap.add_argument("--child-scrapy", metavar="BASE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_hubindex:
        return run_hubindex(args.child_hubindex)
    if args.child_scrapy:
        return run_scrapy(args.child_scrapy)
    compile_project()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    for n in args.articles:
        bench(n, args.rounds)


if __name__ == "__main__":
    main()
