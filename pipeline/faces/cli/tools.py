"""The commands around the index rather than on it: demo (the sample hub crawled and searched),
extract (one page, field by field), sample-hub and serve (the JSON API and the web pages)."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.core.config import CrawlSettings, Settings, site_from_url
from pipeline.core.errors import HubindexError, NotAnArticle
from pipeline.core.urls import split_url
from pipeline.core.workspace import Workspace

from index import Filters, open_index

from pipeline.faces.cli.arguments import check_limit, settings_for
from pipeline.faces.cli.crawling import run_crawl
from pipeline.faces.cli.exits import EXIT_OK, UsageError
from pipeline.faces.cli.output import print_hits, print_json, print_report

log = logging.getLogger("hubindex")


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.samplehub import start_sample_hub

    check_limit(args.limit)
    if args.articles < 0:
        raise UsageError("--articles must be 0 or more")
    server = start_sample_hub(articles=args.articles, style=args.style)
    tmp = None
    try:
        data_dir = Path(args.index) if args.index else Path(tmp := tempfile.mkdtemp(prefix="hubindex-demo-"))
        crawl = CrawlSettings(delay=0.0)
        site = site_from_url(server.hub_url, crawl, name="sample-hub", delay=0.0)
        settings = Settings(path=None, index_dir=data_dir, crawl=crawl, sites={site.name: site})
        if not args.json:
            print(f"sample hub at {server.hub_url}; index in {data_dir}")
        [result] = run_crawl(settings, [site], None, False, args.quiet or args.json)
        if result.report is None:
            raise HubindexError(result.reason or "the crawl failed")
        report = result.report
        store = open_index(Workspace(data_dir).index_path)
        try:
            result = store.search(args.query, Filters(), limit=args.limit)
        finally:
            store.close()
        if args.json:
            print_json({"crawl": report.to_dict(), "search": result.to_dict()})
        else:
            print_report(report)
            print(f'\ntop {len(result.hits)} of {result.total} results for "{args.query}":')
            print_hits(result.hits)
    finally:
        server.shutdown()
        server.server_close()
        if tmp:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extraction.extract import decode_html, extract_html
    from pipeline.crawling.fetch import Fetcher
    from pipeline.crawling.netguard import AddressPolicy
    from pipeline.crawling.robots import RobotsCache

    site, crawl = None, CrawlSettings()
    if args.site or args.config:
        settings = settings_for(args)
        crawl = settings.crawl
        site = settings.site(args.site)[0] if args.site else None
    live = args.source.startswith(("http://", "https://"))
    if live:
        try:
            parts = split_url(args.source)
        except ValueError as exc:
            raise UsageError(f"not a usable URL: {args.source!r} ({exc})") from None
        if not parts.hostname:
            raise UsageError(f"not a usable URL: {args.source!r} (no host)")
        # The crawl's rules: non-public addresses only where the page itself lives (a public page
        # redirecting to 127.0.0.1 is refused), and every hop's own robots.txt read before it.
        policy = AddressPolicy.for_hosts({parts.hostname})
        robots_box: list = []

        def hop_check(url: str) -> str | None:
            refusal = policy.refusal(urlsplit(url).hostname or "")
            if refusal:
                return refusal
            if robots_box and not robots_box[0].allowed(url):
                return f"robots.txt disallows {url}"
            return None

        with Fetcher(crawl, delay=0.0, policy=policy, hop_check=hop_check) as fetcher:
            robots = RobotsCache(fetcher, crawl.user_agent)
            robots_box.append(robots)
            rules = robots.for_url(args.source)
            if not rules.allowed(args.source, crawl.user_agent):
                raise HubindexError(rules.reason if rules.reason else f"robots.txt disallows {args.source}")
            page = fetcher.get(args.source)
        text, url = decode_html(page.content, page.headers.get("content-type")), args.url or page.final_url
    else:
        path = Path(args.source)
        try:
            with open(path, "rb") as f:
                raw = f.read(crawl.max_bytes + 1)       # the same cap as a fetched page's
        except OSError as exc:
            raise HubindexError(f"cannot read {path}: {exc.strerror or exc}") from None
        if len(raw) > crawl.max_bytes:
            raise HubindexError(f"{path} is over the {crawl.max_bytes:,}-byte cap for a page "
                                f"([crawl] max_bytes)")
        text, url = decode_html(raw), args.url or path.resolve().as_uri()
    if not args.url and not live:
        log.info("no --url given: relative links resolve against the file's path")
    verdict = None
    try:
        article = extract_html(text, url, site)
    except NotAnArticle as exc:
        verdict = str(exc)
        article = extract_html(text, url, site, require_article=False)
    if args.json:
        data = article.to_dict()
        data["is_article"], data["not_article_reason"] = verdict is None, verdict
        print_json(data)
        return EXIT_OK
    src = article.sources

    def row(name: str, value: str, key: str | None = None) -> None:
        where = src.get(key or name)
        print(f"{name + ':':<11}{value or '-'}{f'   [{where}]' if where and value else ''}")

    if verdict:
        print(f"not an article: {verdict} (a crawl would not index this page)")
    row("url", article.url)
    row("title", article.title)
    row("author", ", ".join(article.author))
    row("published", article.published.isoformat() if article.published else "")
    row("updated", article.updated.isoformat() if article.updated else "")
    row("tags", "; ".join(f"{t['facet']}={t['slug']} ({t['label']})" for t in article.tags))
    row("summary", article.summary)
    row("related", f"{len(article.related)} link{'s' if len(article.related) > 1 else ''}" if article.related else "")
    for r in article.related:
        print(f"{'':<11}- {r['title']} ({(r['published'] or '')[:10] or 'undated'}) {r['url']}")
    words = len(article.body.split())
    row("body", f"{words} words: {article.body[:300]}{'...' if len(article.body) > 300 else ''}" if words else "")
    return EXIT_OK


def cmd_sample_hub(args: argparse.Namespace) -> int:
    from pipeline.samplehub import SampleHubServer

    if args.articles < 0:
        raise UsageError("--articles must be 0 or more")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 and 65535")
    t0 = time.monotonic()
    try:
        server = SampleHubServer(args.host, args.port, args.articles, args.seed, verbose=args.verbose, style=args.style)
    except OSError as exc:
        raise HubindexError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    print(f"sample hub: {len(server.hub.articles)} articles at {server.hub_url} "
          f"(ready in {time.monotonic() - t0:.1f}s; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline.faces.api.server import serve

    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 and 65535")
    settings = settings_for(args, need_config=False)
    api = settings.api
    if args.processes is not None:
        if not 1 <= args.processes <= 64:
            raise UsageError("--processes must be between 1 and 64")
        api = dataclasses.replace(api, processes=args.processes)
    if args.public_pages:
        api = dataclasses.replace(api, public_pages=True)
    serve(settings.index_dir, api, host=args.host, port=args.port,
          announce=lambda line: print(line, flush=True), sites=tuple(settings.sites), index=settings.index,
          synonyms=settings.search.synonyms)
    return EXIT_OK
