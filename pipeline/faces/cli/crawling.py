"""The crawling commands: crawl (configured sites, or one hub by --url), schedule, worker and status."""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from pipeline.core.config import CrawlSettings, Settings, resolve_config_path, site_from_url
from pipeline.core.errors import ConfigError, HubindexError
from pipeline.core.urls import split_url
from pipeline.core.workspace import Workspace

from pipeline.faces.cli.arguments import settings_for
from pipeline.faces.cli.exits import EXIT_ERROR, EXIT_OK, UsageError
from pipeline.faces.cli.output import ProgressBar, print_json, print_report


def run_crawl(settings, sites, max_pages, full, quiet, stop=None, heartbeat=None, command="crawl"):
    """Crawl `sites` holding the writer lock (LockHeld if another run has it); each run is
    recorded in the state DB. Returns the RunResults (pipeline/running/runs.py)."""
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import run_sites

    bar = ProgressBar("crawl", enabled=not quiet, sites=len(sites))
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
        settings = settings_for(args)
        sites = settings.site(args.site)
    if not sites:
        raise HubindexError(f"no [sites.NAME] table in {settings.path}: nothing to crawl")
    with StopFlag() as stop, Heartbeat(settings.crawl.heartbeat_url, settings.crawl.full_user_agent) as hb:
        results = run_crawl(settings, sites, args.max_pages, args.full, args.quiet or args.json, stop, hb,
                            command="crawl --url" if args.url else "crawl")
        failed = [r for r in results if r.exit_code]
        code = stop.exit_code if stop() else EXIT_ERROR if failed else EXIT_OK
        hb.finish(code, "; ".join(r.reason or "" for r in failed))
    if args.json:
        print_json({"sites": [{**(r.report.to_dict() if r.report else {"site": r.site}),
                               "outcome": r.outcome, "reason": r.reason} for r in results]})
    else:
        for r in results:
            if r.report:
                print_report(r.report)
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
        settings = settings_for(args)
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

    settings = settings_for(args)
    if not settings.sites:
        raise ConfigError(f"no [sites.NAME] table in {settings.path}: nothing to schedule")
    return run_schedule(settings, once=args.once)


def cmd_worker(args: argparse.Namespace) -> int:
    from pipeline.running.worker import run_worker

    return run_worker(settings_for(args), once=args.once)


def cmd_status(args: argparse.Namespace) -> int:
    from pipeline.running.status import collect_status, format_status

    if args.history < 0:
        raise UsageError("--history must be 0 or more")
    data = collect_status(settings_for(args, need_config=False), history=args.history)
    if args.json:
        print_json(data)
    else:
        print(format_status(data))
    return EXIT_OK
