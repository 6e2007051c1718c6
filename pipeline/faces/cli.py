"""hubindex command line: crawl knowledge hubs into an index (Whoosh, or PostgreSQL) and search them.

Thin by design: parse arguments, call the packages, format output. Errors become one
`error: ...` line with exit code 1 (2 usage errors, 75 writer lock held, 78 configuration
errors; see the README's "Exit codes"). Only this module configures logging.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import logging
import math
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from pipeline.core.config import CrawlSettings, IndexSettings, Settings, load_settings, resolve_config_path, site_from_url
from pipeline.core.errors import ConfigError, HubindexError, IndexDamaged, NotAnArticle, UnknownValue
from pipeline.core.files import atomic_file
from pipeline.core.models import article_id
from pipeline.core.urls import split_url
from pipeline.core.workspace import Workspace
from pipeline.running.lock import LockHeld

from index import SORTS, Filters, Index, migrate_index, open_index, rebuild_index
from index.querytext import shorten
from index.types import HIGHLIGHTS, MAX_PAGE

log = logging.getLogger("hubindex")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_LOCKED, EXIT_CONFIG = 75, 78   # sysexits.h EX_TEMPFAIL (try later) and EX_CONFIG
DEMO_QUERY = "engineering manager skills"
SHRINK_FLOOR = 0.9    # reindex refuses to leave fewer than this share of the live index's articles


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------- argument parsing


def _sample_style(text: str) -> str:
    """A --style value, checked now so that a typo is one line of usage error."""
    from pipeline.samplehub.styles import parse_styles

    try:
        parse_styles(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="run.py", description=("Crawl knowledge-hub articles into an index (Whoosh on this "
                                             "machine, or PostgreSQL shared by many) and search them."))
    p.add_argument("--config", metavar="PATH", help="configuration file (default: $HUBINDEX_CONFIG or ./config.toml)")
    p.add_argument("--index", metavar="PATH", help="data directory holding the index and crawl state "
                                                   "(overrides [index] dir of the config)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every fetch and decision")
    p.add_argument("-q", "--quiet", action="store_true", help="log errors only; no progress bar")
    p.add_argument("--log-format", choices=("text", "json"), default="text",
                   help="log lines as text (default) or one JSON object per line, for log shippers")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def filters(sp: argparse.ArgumentParser, limit: bool = True) -> None:
        sp.add_argument("--topic", action="append", default=[], metavar="SLUG", help="only this topic (repeatable: any of them)")
        sp.add_argument("--area", action="append", default=[], metavar="SLUG", help="only this area of study (repeatable)")
        sp.add_argument("--facet", action="append", default=[], metavar="NAME=SLUG", help="only this value of any facet (repeatable)")
        sp.add_argument("--author", action="append", default=[], metavar="NAME", help="only articles by this author (repeatable)")
        sp.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD)")
        sp.add_argument("--until", metavar="DATE", help="published on or before DATE (YYYY-MM-DD)")
        sp.add_argument("--site", metavar="NAME", help="only articles of this configured site")
        if limit:
            sp.add_argument("--limit", type=int, default=10, metavar="N", help="results per page (1-100, default 10)")
        sp.add_argument("--json", action="store_true", help="print JSON instead of text")

    s = sub.add_parser("search", help="full-text search of the index", description="Search indexed articles.")
    s.add_argument("query", nargs="*", default=[], metavar="QUERY",
                   help='words (quotes optional) or "a phrase"; none lists filtered articles newest first')
    filters(s)
    s.add_argument("--page", type=int, default=1, metavar="N", help="page of results (1-1000, default 1)")
    s.add_argument("--sort", choices=SORTS, default="relevance", metavar="ORDER",
                   help=f"result order: {', '.join(SORTS)}")
    s.add_argument("--highlight", choices=HIGHLIGHTS, default="brackets",
                   help="mark matched words [[like this]] (default) or as escaped HTML with <mark>")

    r = sub.add_parser("related", help="articles related to one article",
                       description="The editors' related links first, then backlinks and content-similar "
                                   "articles by a combined score; each result says why it is there.")
    r.add_argument("url", metavar="URL|ID", help="the article's URL (any variant of it) or its 12-character id")
    filters(r)

    fa = sub.add_parser("facets", help="every topic, area and other facet value with its label and count",
                        description="List every facet value in the index (or among the articles passing the "
                                    "filters) with its label and article count.")
    filters(fa, limit=False)

    sh = sub.add_parser("show", help="one indexed article with every field and the source of each",
                        description="Print one indexed article: every field, and which extraction source gave it.")
    sh.add_argument("url", metavar="URL|ID", help="the article's URL (any variant of it) or its 12-character id")
    sh.add_argument("--json", action="store_true", help="print JSON instead of text")

    mg = sub.add_parser("migrate", help="create or upgrade the PostgreSQL schema ([index] backend = \"postgresql\")",
                        description="Apply the pending schema migrations to the database named by [index] url "
                                    "(or $HUBINDEX_DATABASE_URL); safe to run again and from several machines.")
    mg.add_argument("--import-state", nargs="?", const="", metavar="STATE", dest="import_state",
                    help="then copy a one-machine deployment's crawl state (default: state.sqlite in "
                         "[index] dir) into the empty database and index its articles, so that the next "
                         "crawl asks every page conditionally instead of downloading it again")
    mg.add_argument("--json", action="store_true", help="print the outcome as JSON")

    ri = sub.add_parser("reindex", help="rebuild the index from the stored articles, switching atomically",
                        description="Rebuild the whole index from the articles kept in the crawl state (no "
                                    "refetch) into a new directory, then switch to it atomically.")
    ri.add_argument("--allow-shrink", action="store_true",
                    help=f"rebuild even when the new index would hold under {SHRINK_FLOOR:.0%} of the live one's articles")
    ri.add_argument("--json", action="store_true", help="print the outcome as JSON")

    ck = sub.add_parser("check", help="verify the index and the crawl state; say what is wrong and what fixes it",
                        description="Verify the index (its pointer, version, the checksums of what was committed, "
                                    "every stored article, the search cache), the crawl state (SQLite's integrity "
                                    "check) and that both hold the same articles. Exit 0 only when all is healthy.")
    ck.add_argument("--repair", action="store_true",
                    help="repair what needs no rebuild (a missing or damaged CURRENT, a damaged search cache)")
    ck.add_argument("--json", action="store_true", help="print the findings as JSON")

    c = sub.add_parser("crawl", help="crawl the configured sites into the index",
                       description="Discover, fetch and extract articles, and upsert them into the index.")
    c.add_argument("--site", metavar="NAME", help="crawl only this configured site")
    c.add_argument("--max-pages", type=int, metavar="N", help="fetch at most N article pages per site")
    c.add_argument("--full", action="store_true",
                   help="refetch every page (no validators, no lastmod shortcut); reindex what changed")
    c.add_argument("--url", metavar="URL", help="crawl a hub that is not in the config: default rules, "
                                                "scope = the URL's path, same index")
    c.add_argument("--delay", type=float, metavar="SECONDS", help="with --url: seconds between requests "
                                                                  "(default: [crawl] delay)")
    c.add_argument("--json", action="store_true", help="print the crawl report as JSON")

    d = sub.add_parser("demo", help="offline demo: start the sample hub, crawl it, search it",
                       description="Start the sample hub on a free loopback port, crawl it into a temporary "
                                   "index (or --index PATH) and print the search results for QUERY.")
    d.add_argument("query", nargs="?", default=DEMO_QUERY, help=f'what to search for (default: "{DEMO_QUERY}")')
    d.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add to the curated ones")
    d.add_argument("--limit", type=int, default=5, metavar="N", help="results to show (default 5)")
    d.add_argument("--json", action="store_true", help="print the crawl report and results as JSON")
    d.add_argument("--style", default="wordpress", type=_sample_style, metavar="STYLE",
                   help="the system the sample hub imitates (default wordpress; see sample-hub)")

    x = sub.add_parser("extract", help="show what would be indexed from a saved page or a live URL",
                       description="Extract one page (a saved HTML file or a live URL) and show every field "
                                   "with the source it came from; the way to check a new site before crawling it.")
    x.add_argument("source", metavar="FILE|URL", help="a saved HTML page or an http(s) URL")
    x.add_argument("--url", help="the address of a saved page (for relative links and the canonical URL)")
    x.add_argument("--site", metavar="NAME", help="use this configured site's tag mapping and selectors")
    x.add_argument("--json", action="store_true", help="print the article as the index stores it, with sources")

    sc = sub.add_parser("schedule", help="run every site on its own interval, in the foreground",
                        description="Run each configured site when it is due (`every` / `at` in config.toml), "
                                    "remembering runs in the crawl state so a restart catches up once.")
    sc.add_argument("--once", action="store_true", help="run whatever is due now, then exit (for cron and timers)")

    wk = sub.add_parser("worker", help="crawl due sites with other workers sharing the PostgreSQL database",
                        description="Crawl the configured sites when they are due, sharing the work with every "
                                    "other worker on the same database ([index] backend = \"postgresql\"): hosts "
                                    "are claimed through a job queue, one worker at a time per host, and a dead "
                                    "worker's hosts are taken over after [worker] claim_timeout.")
    wk.add_argument("--once", action="store_true",
                    help="exit once nothing is due, queued or being crawled (for cron and timers)")

    st = sub.add_parser("status", help="last run, next due time and index size per site",
                        description="Show per site the last run, its counts and outcome, the next due time, "
                                    "the articles in the index, and whether a run is in progress.")
    st.add_argument("--history", type=int, default=0, metavar="N", help="also list the last N runs")
    st.add_argument("--json", action="store_true", help="print JSON instead of text")

    h = sub.add_parser("sample-hub", help="serve the sample knowledge hub on loopback",
                       description="Serve a realistic sample knowledge hub (for tests, demos and benchmarks).")
    h.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    h.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    h.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add (default 0)")
    h.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the generated articles (default 1)")
    h.add_argument("--style", default="wordpress", type=_sample_style, metavar="STYLE",
                   help="the system whose markup, URLs, sitemaps and robots.txt the hub imitates: wordpress "
                        "(default), drupal, hubspot, ghost, or a comma list for sections side by side on one host")

    sv = sub.add_parser("serve", help="serve the read-only JSON API and the search pages over HTTP",
                        description="Serve the index as a read-only JSON API (/openapi.json describes it) and "
                                    "as web pages for people (search at /, articles, /status). Binding anything "
                                    "but loopback needs [api] token in the config.")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    sv.add_argument("--processes", type=int, metavar="N",
                    help="server processes (default [api] processes: one per CPU; 1 on Windows)")
    sv.add_argument("--public-pages", action="store_true",
                    help="with a token, let the read-only HTML pages answer without it (the JSON API still "
                         "needs it); same as [api] public_pages = true")

    ex = sub.add_parser("export", help="write every matching article as JSON Lines, CSV or an Atom feed",
                        description="Stream every article matching the filters, with all its fields, "
                                    "to stdout or --output FILE, in constant memory.")
    ex.add_argument("--format", choices=("jsonl", "csv", "atom"), default="jsonl", help="output format (default jsonl)")
    ex.add_argument("--output", metavar="FILE", help="write to FILE (replaced only when the export is complete)")
    ex.add_argument("--topic", action="append", default=[], metavar="SLUG", help="only this topic (repeatable)")
    ex.add_argument("--area", action="append", default=[], metavar="SLUG", help="only this area of study (repeatable)")
    ex.add_argument("--facet", action="append", default=[], metavar="NAME=SLUG", help="only this facet value (repeatable)")
    ex.add_argument("--author", action="append", default=[], metavar="NAME", help="only this author (repeatable)")
    ex.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD)")
    ex.add_argument("--until", metavar="DATE", help="published on or before DATE (YYYY-MM-DD)")
    ex.add_argument("--site", metavar="NAME", help="only articles of this configured site")
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
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except LockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
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
    unattended = args.command in ("schedule", "worker")   # long-running: timestamps, and each run logged
    fmt = ("%(asctime)s " if unattended else "") + "%(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=level, format=fmt, stream=sys.stderr, force=True)
    if args.log_format == "json":
        from pipeline.running.jsonlog import JsonFormatter
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    for name in ("pipeline.running.scheduler", "pipeline.running.runs", "pipeline.running.stop",
                 "pipeline.running.worker"):   # reset on every in-process call
        logging.getLogger(name).setLevel(logging.INFO if unattended and not args.quiet and not args.verbose
                                         else logging.NOTSET)
    if not args.verbose:
        logging.getLogger("urllib3").setLevel(logging.ERROR)


# ---------------------------------------------------------------- helpers


def _settings(args: argparse.Namespace, need_config: bool = True):

    path = resolve_config_path(args.config)
    if not need_config and args.index and not path.exists():
        return Settings(path=None, index_dir=Path(args.index), crawl=CrawlSettings(), sites={})
    return load_settings(path).with_index(args.index)


def _workspace(args: argparse.Namespace):

    return Workspace(_settings(args, need_config=False).index_dir)


def _open_index(args: argparse.Namespace, create: bool = False) -> Index:
    settings = _settings(args, need_config=False)
    return open_index(Workspace(settings.index_dir).index_path, create=create, settings=settings.index)


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} takes a date like 2024-07-25, not {value!r}") from None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def _filters(args: argparse.Namespace) -> Filters:
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


def _print_hits(hits, start: int = 1) -> None:
    for i, h in enumerate(hits, start):
        date = (h.published or "")[:10] or "undated"
        reason = f"  [{', '.join(h.reasons or [h.reason])}]" if h.reason else ""
        print(f"{i:>2}. {h.title}{reason}")
        details = [date] + ([", ".join(h.author)] if h.author else []) + ([_tag_line(h.tags)] if h.tags else [])
        print("    " + " · ".join(details))
        print(f"    {h.url}")
        if h.highlight:
            print(f"    {h.highlight}")


class _ProgressBar:
    """One line on a terminal's stderr for the whole run, whose sites crawl at once: pages done
    of pages known over every site, and the sites still going. Nothing at all when stderr is
    not a terminal."""

    def __init__(self, label: str, enabled: bool, sites: int) -> None:
        import threading

        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.sites = sites
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._last = 0.0

    def for_site(self, name: str):
        def update(done: int, total: int, url: str) -> None:
            if not self.enabled:
                return
            with self._lock:
                self._counts[name] = (done, total)
                if time.monotonic() - self._last >= 0.1 or done >= total:
                    self._draw()
        return update

    def _draw(self) -> None:
        self._last = time.monotonic()
        done = sum(d for d, _ in self._counts.values())
        total = sum(t for _, t in self._counts.values())
        going = [name for name, (d, t) in self._counts.items() if d < t]
        finished = len(self._counts) - len(going)
        width = 30
        filled = int(width * done / total) if total else width
        now = f" now: {', '.join(going[:3])}{', ...' if len(going) > 3 else ''}" if going else ""
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, "
                         f"{finished}/{self.sites} sites{now:<40.40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self._counts:
            with self._lock:
                self._draw()
            sys.stderr.write("\n")


def _print_report(report) -> None:
    r = report
    via = f" (via {', '.join(r.discovery_sources)})" if r.discovery_sources else ""
    print(f"site {r.site}: discovered {r.discovered}{via}, "
          f"fetched {r.fetched}, indexed {r.indexed} ({r.new} new, {r.updated} updated), "
          f"unchanged {r.unchanged}, not articles {r.not_articles}, skipped by robots.txt {r.skipped_robots}, "
          f"failed {r.failed} in {r.seconds:.1f}s")
    extra = [f"{label} {n}" for label, n in (("removed", r.removed), ("broken links", r.broken_links),
                                             ("deferred until their retry time", r.deferred)) if n]
    extra += [f"links not followed ({why}) {n}" for why, n in sorted(r.refused.items())]
    if extra:
        print("  " + ", ".join(extra))
    for host, why in r.paused_hosts.items():
        print(f"  paused {host}: {why}")
    for reason, n in r.failure_reasons().most_common():
        example = next(u for u, why in r.failures if why == reason)
        print(f"  failed x{n}: {reason} (e.g. {example})")


# ---------------------------------------------------------------- commands


def _run_crawl(settings, sites, max_pages, full, quiet, stop=None, heartbeat=None, command="crawl"):
    """Crawl `sites` holding the writer lock (LockHeld if another run has it); each run is
    recorded in the state DB. Returns the RunResults (pipeline/running/runs.py)."""
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import run_sites

    bar = _ProgressBar("crawl", enabled=not quiet, sites=len(sites))
    with WriterLock(Workspace(settings.index_dir).lock_path, command=command):
        if heartbeat:
            heartbeat.start()
        try:
            return run_sites(settings, sites, command, max_pages=max_pages, full=full, should_stop=stop,
                             progress_for=lambda site: bar.for_site(site.name))
        finally:
            bar.close()


def cmd_crawl(args: argparse.Namespace) -> int:
    from pipeline.running.heartbeat import Heartbeat
    from pipeline.running.stop import StopFlag

    if args.max_pages is not None and args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    if args.url:
        settings, sites = _adhoc_site(args)
    else:
        if args.delay is not None:
            raise UsageError("--delay goes with --url (configured sites take their delay from the config)")
        settings = _settings(args)
        sites = settings.site(args.site)
    if not sites:
        raise HubindexError(f"no [sites.NAME] table in {settings.path}: nothing to crawl")
    with StopFlag() as stop, Heartbeat(settings.crawl.heartbeat_url, settings.crawl.full_user_agent) as hb:
        results = _run_crawl(settings, sites, args.max_pages, args.full, args.quiet or args.json, stop, hb,
                             command="crawl --url" if args.url else "crawl")
        failed = [r for r in results if r.exit_code]
        code = stop.exit_code if stop() else EXIT_ERROR if failed else EXIT_OK
        hb.finish(code, "; ".join(r.reason or "" for r in failed))
    if args.json:
        _print_json({"sites": [{**(r.report.to_dict() if r.report else {"site": r.site}),
                                "outcome": r.outcome, "reason": r.reason} for r in results]})
    else:
        for r in results:
            if r.report:
                _print_report(r.report)
    if stop():
        print("error: interrupted; what was crawled is committed and the next run resumes", file=sys.stderr)
    for r in failed:
        print(f"error: {r.reason}", file=sys.stderr)
    return code


def _adhoc_site(args: argparse.Namespace):
    """Settings and the one site for `crawl --url`: the config's [crawl] and index when there is
    a config, built-in defaults otherwise."""

    if args.site:
        raise UsageError("--url and --site cannot be combined")
    if args.delay is not None and not (0 <= args.delay < math.inf):
        raise UsageError("--delay must be a number of seconds, 0 or more")
    try:
        parts = split_url(args.url)
    except ValueError as exc:
        raise UsageError(f"--url takes an http(s) URL, not {args.url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--url takes an http(s) URL, not {args.url!r}")
    path = resolve_config_path(args.config)
    if args.config or path.exists():
        settings = _settings(args)
    else:
        settings = Settings(path=None, index_dir=Path(args.index or "data"), crawl=CrawlSettings(), sites={})
    site = site_from_url(args.url, settings.crawl, name=adhoc_name(args.url), delay=args.delay)
    return settings, [site]


def adhoc_name(url: str) -> str:
    """The site name of `crawl --url URL`: its host, port and path, so two hubs on one host
    (or on two ports of it) keep their own names and crawl state."""
    parts = split_url(url)
    where = parts.hostname + (f"-{parts.port}" if parts.port else "") + parts.path
    return re.sub(r"[^A-Za-z0-9_-]+", "-", where).strip("-")[:100] or "adhoc"


def cmd_schedule(args: argparse.Namespace) -> int:
    from pipeline.running.scheduler import run_schedule

    settings = _settings(args)
    if not settings.sites:
        raise ConfigError(f"no [sites.NAME] table in {settings.path}: nothing to schedule")
    return run_schedule(settings, once=args.once)


def cmd_status(args: argparse.Namespace) -> int:
    from pipeline.running.status import collect_status, format_status

    if args.history < 0:
        raise UsageError("--history must be 0 or more")
    data = collect_status(_settings(args, need_config=False), history=args.history)
    if args.json:
        _print_json(data)
    else:
        print(format_status(data))
    return EXIT_OK


def _unknown_is_usage(call, *args, **kwargs):
    """Run a library call; a filter value no article has is a usage error (exit 2)."""
    try:
        return call(*args, **kwargs)
    except UnknownValue as exc:
        raise UsageError(str(exc)) from None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def cmd_search(args: argparse.Namespace) -> int:
    _check_limit(args.limit)
    if not 1 <= args.page <= MAX_PAGE:
        raise UsageError(f"--page must be between 1 and {MAX_PAGE}")
    filters = _filters(args)
    settings = _settings(args, need_config=False)
    store = _open_index(args)
    try:
        result = _unknown_is_usage(store.search, " ".join(args.query), filters, limit=args.limit, page=args.page,
                                   sort=args.sort, synonyms=settings.search.synonyms, highlight=args.highlight)
    finally:
        store.close()
    if args.json:
        _print_json(result.to_dict())
        return EXIT_OK
    shown = f'"{shorten(result.query)}"' if result.query else "all articles"
    if result.message:
        print(result.message)
        return EXIT_OK
    if result.corrected:
        print(f'no results for {shown}; showing results for "{shorten(result.corrected)}", '
              f'search instead for {shown} (it finds nothing)')
        shown = f'"{shorten(result.corrected)}"'
    elif result.suggestions:
        print("did you mean: " + " | ".join(shorten(s) for s in result.suggestions) + "?")
    if result.total == 0:
        print(f"no results for {shown}")
        return EXIT_OK
    first = (result.page - 1) * result.limit + 1
    note = ""
    if result.matched == "partial":
        note = (f" ({result.all_words} with every word, then the others)" if result.all_words
                else " (none has every word: showing the closest)")
    if not result.hits:
        print(f"{_plural(result.total, 'result')} for {shown}{note}; page {result.page} is past the last one")
        return EXIT_OK
    print(f"{_plural(result.total, 'result')} for {shown}{note}; showing {first}-{first + len(result.hits) - 1}")
    _print_hits(result.hits, start=first)
    for facet, counts in result.facets.items():
        top = ", ".join(f"{slug} ({n})" for slug, n in list(counts.items())[:8])
        print(f"{facet}: {top}")
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    _check_limit(args.limit)
    filters = _filters(args)
    store = _open_index(args)
    try:
        hits = _unknown_is_usage(store.related, args.url, filters, limit=args.limit)
        article = store.get(args.url)
        about = {"id": article_id(article.url), "url": article.url, "title": article.title}
    finally:
        store.close()
    if args.json:
        _print_json({**about, "results": [h.to_dict() for h in hits]})
        return EXIT_OK
    print(f"related to: {about['title']} <{about['url']}>")
    if not hits:
        print("no related articles")
    else:
        _print_hits(hits)
    return EXIT_OK


def cmd_facets(args: argparse.Namespace) -> int:
    filters = _filters(args)
    store = _open_index(args)
    try:
        facets = _unknown_is_usage(store.facets, filters)
    finally:
        store.close()
    if args.json:
        _print_json({"facets": facets})
        return EXIT_OK
    if not facets:
        print("no facets in the index" if filters.is_empty else "no facets among the matching articles")
    for facet, values in facets.items():
        print(f"{facet}:")
        for v in values:
            print(f"  {v['slug']:<36} {v['count']:>7}  {v['label']}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    store = _open_index(args)
    try:
        article = store.show(args.url)
    finally:
        store.close()
    if args.json:
        _print_json(article)
        return EXIT_OK
    sources = article.get("sources") or {}
    for key, value in article.items():
        if key in ("sources", "body", "related", "tags"):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        src = f"  [{sources[key]}]" if key in sources else ""
        print(f"{key + ':':<14}{value if value not in (None, '') else '-'}{src}")
    src = f"  [{sources['tags']}]" if "tags" in sources else ""
    print(f"{'tags:':<14}{_tag_line(article.get('tags') or []) or '-'}{src}")
    src = f"  [{sources['related']}]" if "related" in sources else ""
    print(f"{'related:':<14}{len(article.get('related') or [])} links{src}")
    for link in article.get("related") or []:
        print(f"  - {link.get('title', '')} <{link.get('url', '')}>")
    body = article.get("body") or ""
    src = f"  [{sources['body']}]" if "body" in sources else ""
    print(f"{'body:':<14}{len(body.split())} words{src}")
    print()
    print(body)
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from pipeline.running.worker import run_worker

    return run_worker(_settings(args), once=args.once)


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.index.backend != "postgresql":
        raise ConfigError(f"{settings.path}: migrate applies to [index] backend = \"postgresql\"; "
                          f"the {settings.index.backend} index needs no migration")
    version, applied = migrate_index(settings.index)
    out: dict[str, Any] = {"database": settings.index.display_url, "version": version, "applied": applied}
    if args.import_state is not None:
        out.update(_import_state(settings, args.import_state))
    if args.json:
        _print_json(out)
        return EXIT_OK
    if applied:
        print(f"applied migration{'s' if len(applied) > 1 else ''} {', '.join(map(str, applied))} to "
              f"{settings.index.display_url}; schema version {version}")
    elif args.import_state is None:
        print(f"{settings.index.display_url}: schema version {version} is current; nothing to do")
    if args.import_state is not None:
        counts = out["imported"]
        print(f"imported the crawl state at {out['state']} ({_plural(counts['articles'], 'stored article')}, "
              f"{_plural(counts['urls'], 'URL')}, {_plural(counts['runs'], 'run')}) and indexed "
              f"{out['articles']} articles into {settings.index.display_url} in {out['seconds']:.1f}s")
    return EXIT_OK


def _import_state(settings, path: str) -> dict[str, Any]:
    """`migrate --import-state`: the SQLite crawl state into the database, then the index rebuilt
    from it, under the writer lock of the directory whose runs wrote that state."""
    from index.postgres.importstate import import_state
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import close_stores, open_stores

    ws = Workspace(settings.index_dir)
    source = Path(path) if path else ws.state_path
    t0 = time.monotonic()
    with WriterLock(ws.lock_path, command="migrate --import-state"):
        counts = import_state(settings.index.url, source)
        state, runlog = open_stores(settings)
        try:
            n = rebuild_index(ws.index_path, state.articles(), settings=settings.index)
        finally:
            close_stores(state, runlog)
    return {"state": str(source), "imported": counts, "articles": n, "seconds": round(time.monotonic() - t0, 3)}


def cmd_reindex(args: argparse.Namespace) -> int:
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import close_stores, open_stores

    settings = _settings(args, need_config=False)
    ws = Workspace(settings.index_dir)
    if settings.index.backend == "whoosh" and not ws.state_path.exists():
        raise HubindexError(f"no crawl state at {ws.state_path}: nothing to rebuild from; crawl first")
    t0 = time.monotonic()
    with WriterLock(ws.lock_path, command="reindex"):
        state, runlog = open_stores(settings)
        try:
            if not args.allow_shrink:
                _refuse_shrinking(ws, state.article_count(), settings.index)
            n = rebuild_index(ws.index_path, state.articles(), settings=settings.index)
            path = ws.index_path if settings.index.backend == "whoosh" else settings.index.display_url
        finally:
            close_stores(state, runlog)
    seconds = time.monotonic() - t0
    if args.json:
        _print_json({"articles": n, "index": str(path), "seconds": round(seconds, 3)})
    else:
        print(f"reindexed {n} articles into {path} in {seconds:.1f}s")
    return EXIT_OK


def _refuse_shrinking(ws, stored: int, settings: IndexSettings | None = None) -> None:
    """A rebuild from a crawl state that lost its articles must not empty a good index."""
    try:
        live = open_index(ws.index_path, settings=settings)
    except HubindexError:
        return                           # no readable index to protect: rebuilding is the repair
    try:
        indexed = live.stats().articles
    except IndexDamaged:
        return                           # a damaged index is what reindexing repairs
    finally:
        live.close()
    if stored < indexed * SHRINK_FLOOR:
        raise HubindexError(f"the crawl state holds {stored} articles and the index {indexed}: reindexing would "
                            f"drop {indexed - stored}; check the crawl state (`run.py check`), or pass "
                            f"--allow-shrink to rebuild anyway")


def cmd_check(args: argparse.Namespace) -> int:
    from pipeline.running.check import check
    from pipeline.running.lock import WriterLock

    ws = _workspace(args)
    if args.repair:
        with WriterLock(ws.lock_path, command="check --repair"):
            health = check(ws, repair=True)
    else:
        health = check(ws)
    if args.json:
        _print_json(health.to_dict())
    elif health.healthy:
        print(f"healthy: {health.index_articles} articles in the index, {health.state_articles} in the crawl state")
    else:
        for p in health.problems:
            print(f"{p.part}: {p.what}\n  fix: {p.fix}")
    return EXIT_OK if health.healthy else EXIT_ERROR


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.samplehub import start_sample_hub

    _check_limit(args.limit)
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
        [result] = _run_crawl(settings, [site], None, False, args.quiet or args.json)
        if result.report is None:
            raise HubindexError(result.reason or "the crawl failed")
        report = result.report
        store = open_index(Workspace(data_dir).index_path)
        try:
            result = store.search(args.query, Filters(), limit=args.limit)
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
    from pipeline.extraction.extract import decode_html, extract_html
    from pipeline.crawling.fetch import Fetcher
    from pipeline.crawling.netguard import AddressPolicy
    from pipeline.crawling.robots import RobotsCache

    site, crawl = None, CrawlSettings()
    if args.site or args.config:
        settings = _settings(args)
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
    settings = _settings(args, need_config=False)
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


def cmd_export(args: argparse.Namespace) -> int:

    from pipeline.faces.api.export import export

    filters = _filters(args)
    store = _open_index(args)
    try:
        if not args.output:
            n = export(store, args.format, sys.stdout, filters)
            sys.stdout.flush()
        else:
            target = Path(args.output)
            try:
                with atomic_file(target, newline="") as f:
                    n = export(store, args.format, f, filters)
            except OSError as exc:
                raise HubindexError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        store.close()
    log.info("exported %d articles", n)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
