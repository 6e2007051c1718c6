"""hubindex command line: crawl knowledge hubs into a Whoosh index and search them.

Thin by design: parse arguments, call the packages, format output. Errors become one
`error: ...` line with exit code 1 (2 for usage errors). Only this module configures logging.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from pipeline.errors import HubindexError

log = logging.getLogger("hubindex")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
DEMO_QUERY = "engineering manager skills"


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------- argument parsing


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="run.py", description="Crawl knowledge-hub articles into a Whoosh index and search them.")
    p.add_argument("--config", metavar="PATH", help="configuration file (default: $HUBINDEX_CONFIG or ./config.toml)")
    p.add_argument("--index", metavar="PATH", help="data directory holding the index and crawl state "
                                                   "(overrides [index] dir of the config)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every fetch and decision")
    p.add_argument("-q", "--quiet", action="store_true", help="log errors only; no progress bar")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def filters(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--topic", action="append", default=[], metavar="SLUG", help="only this topic (repeatable: any of them)")
        sp.add_argument("--area", action="append", default=[], metavar="SLUG", help="only this area of study (repeatable)")
        sp.add_argument("--facet", action="append", default=[], metavar="NAME=SLUG", help="only this value of any facet (repeatable)")
        sp.add_argument("--author", action="append", default=[], metavar="NAME", help="only articles by this author (repeatable)")
        sp.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD)")
        sp.add_argument("--until", metavar="DATE", help="published on or before DATE (YYYY-MM-DD)")
        sp.add_argument("--site", metavar="NAME", help="only articles of this configured site")
        sp.add_argument("--limit", type=int, default=10, metavar="N", help="results per page (1-100, default 10)")
        sp.add_argument("--json", action="store_true", help="print JSON instead of text")

    s = sub.add_parser("search", help="full-text search of the index", description="Search indexed articles.")
    s.add_argument("query", nargs="?", default="", help='words or "a phrase"; empty lists filtered articles newest first')
    filters(s)
    s.add_argument("--page", type=int, default=1, metavar="N", help="page of results (default 1)")
    s.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="result order")

    r = sub.add_parser("related", help="articles related to one article",
                       description="The editors' related links first, then content-similar articles.")
    r.add_argument("url", help="the article's URL (any variant of it)")
    filters(r)

    c = sub.add_parser("crawl", help="crawl the configured sites into the index",
                       description="Discover, fetch and extract articles, and upsert them into the index.")
    c.add_argument("--site", metavar="NAME", help="crawl only this configured site")
    c.add_argument("--max-pages", type=int, metavar="N", help="fetch at most N article pages per site")
    c.add_argument("--full", action="store_true", help="refetch and reindex everything, ignoring crawl state")
    c.add_argument("--json", action="store_true", help="print the crawl report as JSON")

    d = sub.add_parser("demo", help="offline demo: start the sample hub, crawl it, search it",
                       description="Start the sample hub on a free loopback port, crawl it into a temporary "
                                   "index (or --index PATH) and print the search results for QUERY.")
    d.add_argument("query", nargs="?", default=DEMO_QUERY, help=f'what to search for (default: "{DEMO_QUERY}")')
    d.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add to the curated ones")
    d.add_argument("--limit", type=int, default=5, metavar="N", help="results to show (default 5)")
    d.add_argument("--json", action="store_true", help="print the crawl report and results as JSON")

    x = sub.add_parser("extract", help="show what would be indexed from a saved page or a live URL",
                       description="Extract one page (a saved HTML file or a live URL) and show every field "
                                   "with the source it came from; the way to check a new site before crawling it.")
    x.add_argument("source", metavar="FILE|URL", help="a saved HTML page or an http(s) URL")
    x.add_argument("--url", help="the address of a saved page (for relative links and the canonical URL)")
    x.add_argument("--site", metavar="NAME", help="use this configured site's tag mapping and selectors")
    x.add_argument("--json", action="store_true", help="print the article as the index stores it, with sources")

    h = sub.add_parser("sample-hub", help="serve the sample knowledge hub on loopback",
                       description="Serve a realistic sample knowledge hub (for tests, demos and benchmarks).")
    h.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    h.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    h.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add (default 0)")
    h.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the generated articles (default 1)")
    return p


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (so tests and programs can call it in-process)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _configure_logging(args)
    handler = globals()[f"cmd_{args.command.replace('-', '_')}"]
    try:
        return handler(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except HubindexError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: keep the traceback out of the user's way
        log.debug("unexpected error", exc_info=True)
        print(f"error: unexpected {type(exc).__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return EXIT_ERROR


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    if not args.verbose:
        logging.getLogger("urllib3").setLevel(logging.ERROR)


# ---------------------------------------------------------------- helpers


def _settings(args: argparse.Namespace, need_config: bool = True):
    from pipeline.config import CrawlSettings, Settings, load_settings, resolve_config_path

    path = resolve_config_path(args.config)
    if not need_config and args.index and not path.exists():
        return Settings(path=None, index_dir=Path(args.index), crawl=CrawlSettings(), sites={})
    return load_settings(path).with_index(args.index)


def _workspace(args: argparse.Namespace):
    from pipeline.workspace import Workspace

    return Workspace(_settings(args, need_config=False).index_dir)


def _open_index(args: argparse.Namespace, create: bool = False):
    from index.store import IndexStore

    return IndexStore.open(_workspace(args).index_path, create=create)


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} takes a date like 2024-07-25, not {value!r}") from None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def _filters(args: argparse.Namespace):
    from index.search import Filters

    facets: dict[str, list[str]] = {}
    if args.topic:
        facets["topic"] = [t.lower() for t in args.topic]
    if args.area:
        facets["area_of_study"] = [a.lower() for a in args.area]
    for item in args.facet:
        name, sep, slug = item.partition("=")
        if not sep or not name or not slug:
            raise UsageError(f"--facet takes NAME=SLUG, not {item!r}")
        facets.setdefault(name, []).append(slug.lower())
    until = _date(args.until, "--until")
    if until and len(args.until) == 10:
        until = until.replace(hour=23, minute=59, second=59)
    return Filters(facets=facets, authors=args.author, since=_date(args.since, "--since"), until=until, site=args.site)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= 100:
        raise UsageError("--limit must be between 1 and 100")


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _tag_line(tags: list[dict]) -> str:
    by_facet: dict[str, list[str]] = {}
    for t in tags:
        by_facet.setdefault(t["facet"], []).append(t["label"])
    return " | ".join(", ".join(v) for v in by_facet.values())


def _print_hits(hits, numbered: bool = True) -> None:
    for i, h in enumerate(hits, 1):
        date = (h.published or "")[:10] or "undated"
        reason = f"  [{h.reason}]" if h.reason else ""
        print(f"{i:>2}. {h.title}{reason}")
        details = [date] + ([", ".join(h.author)] if h.author else []) + ([_tag_line(h.tags)] if h.tags else [])
        print("    " + " · ".join(details))
        print(f"    {h.url}")
        if h.highlight:
            print(f"    {h.highlight}")


class _ProgressBar:
    """A one-line bar on a terminal's stderr; nothing at all when stderr is not a terminal."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, url: str) -> None:
        if not self.enabled or (time.monotonic() - self._last < 0.1 and done < total):
            return
        self._last = time.monotonic()
        width = 30
        filled = int(width * done / total) if total else width
        tail = url[-40:] if url else ""
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {tail:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _print_report(report) -> None:
    r = report
    via = f" (via {', '.join(r.discovery_sources)})" if r.discovery_sources else ""
    print(f"site {r.site}: discovered {r.discovered}{via}, "
          f"fetched {r.fetched}, indexed {r.indexed} ({r.new} new, {r.updated} updated), "
          f"unchanged {r.unchanged}, not articles {r.not_articles}, skipped by robots.txt {r.skipped_robots}, "
          f"failed {r.failed} in {r.seconds:.1f}s")
    for reason, n in r.failure_reasons().most_common():
        example = next(u for u, why in r.failures if why == reason)
        print(f"  failed x{n}: {reason} (e.g. {example})")


# ---------------------------------------------------------------- commands


def _run_crawl(settings, sites, max_pages, full, quiet):
    from index.store import IndexStore
    from pipeline.crawl import crawl_site
    from pipeline.state import CrawlState
    from pipeline.workspace import Workspace

    ws = Workspace(settings.index_dir)
    store = IndexStore.open(ws.index_path, create=True)
    state = CrawlState(ws.state_path)
    reports = []
    try:
        for site in sites:
            bar = _ProgressBar(f"crawl {site.name}", enabled=not quiet)
            reports.append(crawl_site(site, settings.crawl, state, store, max_pages=max_pages, full=full, progress=bar))
    finally:
        state.close()
        store.close()
    return reports


def cmd_crawl(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.max_pages is not None and args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    sites = settings.site(args.site)
    if not sites:
        raise HubindexError(f"no [sites.NAME] table in {settings.path}: nothing to crawl")
    reports = _run_crawl(settings, sites, args.max_pages, args.full, args.quiet or args.json)
    if args.json:
        _print_json({"sites": [r.to_dict() for r in reports]})
    else:
        for r in reports:
            _print_report(r)
    if any(r.indexed == 0 and r.unchanged == 0 and r.failed for r in reports):
        failed = next(r for r in reports if r.indexed == 0 and r.unchanged == 0 and r.failed)
        print(f"error: nothing could be crawled from site {failed.site}: {failed.failures[0][1]}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from index.search import search

    _check_limit(args.limit)
    if args.page < 1:
        raise UsageError("--page must be at least 1")
    filters = _filters(args)
    store = _open_index(args)
    try:
        result = search(store, args.query, filters, limit=args.limit, page=args.page, sort=args.sort)
    finally:
        store.close()
    if args.json:
        _print_json(result.to_dict())
        return EXIT_OK
    shown = f'"{result.query}"' if result.query else "all articles"
    if result.total == 0:
        print(f"no results for {shown}")
        return EXIT_OK
    first = (result.page - 1) * result.limit + 1
    note = " (no article has every word; showing partial matches)" if result.matched == "any" else ""
    print(f"{result.total} results for {shown}{note}; showing {first}-{first + len(result.hits) - 1}")
    _print_hits(result.hits)
    for facet, counts in result.facets.items():
        top = ", ".join(f"{slug} ({n})" for slug, n in list(counts.items())[:8])
        print(f"{facet}: {top}")
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    from index.related import related

    _check_limit(args.limit)
    filters = _filters(args)
    store = _open_index(args)
    try:
        hits = related(store, args.url, filters, limit=args.limit)
    finally:
        store.close()
    if args.json:
        _print_json({"url": args.url, "results": [h.to_dict() for h in hits]})
    elif not hits:
        print("no related articles")
    else:
        _print_hits(hits)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from index.search import Filters, search
    from index.store import IndexStore
    from pipeline.config import CrawlSettings, Settings, site_from_url
    from pipeline.workspace import Workspace
    from samplehub import start_sample_hub

    _check_limit(args.limit)
    if args.articles < 0:
        raise UsageError("--articles must be 0 or more")
    server = start_sample_hub(articles=args.articles)
    tmp = None
    try:
        data_dir = Path(args.index) if args.index else Path(tmp := tempfile.mkdtemp(prefix="hubindex-demo-"))
        crawl = CrawlSettings(delay=0.0)
        site = site_from_url(server.hub_url, crawl, name="sample-hub", delay=0.0)
        settings = Settings(path=None, index_dir=data_dir, crawl=crawl, sites={site.name: site})
        if not args.json:
            print(f"sample hub at {server.hub_url}; index in {data_dir}")
        [report] = _run_crawl(settings, [site], None, False, args.quiet or args.json)
        store = IndexStore.open(Workspace(data_dir).index_path)
        try:
            result = search(store, args.query, Filters(), limit=args.limit)
        finally:
            store.close()
        if args.json:
            _print_json({"crawl": report.to_dict(), "search": result.to_dict()})
        else:
            _print_report(report)
            print(f'\ntop {len(result.hits)} of {result.total} results for "{args.query}":')
            _print_hits(result.hits)
    finally:
        server.shutdown()
        server.server_close()
        if tmp:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.config import CrawlSettings
    from pipeline.errors import ConfigError, NotAnArticle
    from pipeline.extract import decode_html, extract_html
    from pipeline.fetch import Fetcher
    from pipeline.robots import RobotsCache

    site, crawl = None, CrawlSettings()
    if args.site or args.config:
        settings = _settings(args)
        crawl = settings.crawl
        site = settings.site(args.site)[0] if args.site else None
    live = args.source.startswith(("http://", "https://"))
    if live:
        with Fetcher(crawl, delay=0.0) as fetcher:
            if not RobotsCache(fetcher, crawl.user_agent).allowed(args.source):
                raise HubindexError(f"robots.txt disallows {args.source}")
            page = fetcher.get(args.source)
        text, url = decode_html(page.content, page.headers.get("content-type")), args.url or page.final_url
    else:
        path = Path(args.source)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise HubindexError(f"cannot read {path}: {exc.strerror or exc}") from None
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
        _print_json(data)
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
    from samplehub import SampleHubServer

    if args.articles < 0:
        raise UsageError("--articles must be 0 or more")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 and 65535")
    t0 = time.monotonic()
    try:
        server = SampleHubServer(args.host, args.port, args.articles, args.seed, verbose=args.verbose)
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


if __name__ == "__main__":
    sys.exit(main())
