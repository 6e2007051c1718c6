"""One crawl of one site: discover, fetch, extract, upsert in bounded batches.

Crash safety: a URL's state is written only after the index commit that holds its article,
so a run killed at any point redoes at most one batch and never records what it did not index.
"""

from __future__ import annotations

import logging
from typing import Callable, Protocol

from .config import CrawlSettings, SiteConfig
from .discover import discover
from .urls import canonicalize
from .errors import ExtractError, FetchError, NotAnArticle
from .extract import extract
from .fetch import Fetcher
from .models import Article, CrawlReport, iso, utcnow
from .robots import RobotsCache
from .state import CrawlState

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class ArticleSink(Protocol):
    """Where extracted articles go (the index store): one commit per call."""

    def upsert(self, articles: list[Article]) -> int: ...


def crawl_site(site: SiteConfig, crawl: CrawlSettings, state: CrawlState, sink: ArticleSink,
               max_pages: int | None = None, full: bool = False, progress: Progress | None = None,
               should_stop: Callable[[], bool] | None = None) -> CrawlReport:
    """One run over one site. `should_stop` is polled between pages (and between listing pages
    during discovery): once it returns True the page in hand is finished, the batch committed,
    and the report comes back with `interrupted` set."""
    report = CrawlReport(site=site.name)
    with Fetcher(crawl, delay=site.delay) as fetcher:
        robots = RobotsCache(fetcher, crawl.user_agent)
        rules = robots.for_url(site.start_url)
        if rules.reason and not rules.allowed(site.start_url, crawl.user_agent):
            report.fail(site.start_url, rules.reason)
            report.finished_at = utcnow()
            return report
        try:
            candidates = discover(site, fetcher, robots, report, progress=_stop_check(should_stop))
        except _Stopped:
            candidates, report.interrupted = [], True
        limit = max_pages if max_pages is not None else site.max_pages
        if limit:
            candidates = candidates[:limit]
        batch: list[Article] = []
        rows: list[dict] = []
        seen_articles: set[str] = set()

        def flush() -> None:
            if batch:
                sink.upsert(batch)
                state.store_articles(batch)
            state.record_urls(site.name, rows)
            batch.clear()
            rows.clear()

        for i, cand in enumerate(candidates):
            if should_stop and should_stop():
                report.interrupted = True
                log.warning("site %s: stopping after %d of %d pages", site.name, i, len(candidates))
                break
            if progress:
                progress(i, len(candidates), cand.url)
            row = _visit(cand.url, cand.lastmod, site, fetcher, robots, state, report, full, seen_articles, batch)
            if row:
                rows.append(row)
            if len(batch) >= crawl.batch_size or len(rows) >= crawl.batch_size * 4:
                flush()
        flush()
        if progress:
            progress(len(candidates), len(candidates), "")
    report.finished_at = utcnow()
    return report


class _Stopped(Exception):
    """Raised through discover() (from its progress callback) to end discovery early."""


def _stop_check(should_stop: Callable[[], bool] | None) -> Callable[[str], None] | None:
    if should_stop is None:
        return None

    def check(_what: str) -> None:
        if should_stop():
            raise _Stopped()
    return check


def _visit(url: str, lastmod, site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, state: CrawlState,
           report: CrawlReport, full: bool, seen_articles: set[str], batch: list[Article]) -> dict | None:
    """Fetch and extract one candidate; returns the state row to write after the next commit."""
    prev = state.url(url)
    lastmod_iso = iso(lastmod)
    if (not full and prev and prev.status == "done" and lastmod_iso and prev.lastmod == lastmod_iso
            and prev.article_url and state.article_hash(prev.article_url)):
        report.unchanged += 1          # the sitemap says nothing moved: not even a conditional GET
        return None
    if not robots.allowed(url):
        report.skipped_robots += 1
        return None
    validators = {} if full or not prev or prev.status != "done" else {"etag": prev.etag, "last_modified": prev.last_modified}
    try:
        page = fetcher.get(url, **validators)
    except FetchError as exc:
        log.warning("fetch failed: %s: %s", url, exc.reason)
        report.fail(url, exc.reason)
        return {"url": url, "status": "failed", "error": exc.reason}
    report.fetched += 1
    common = {"url": url, "etag": page.headers.get("etag"), "last_modified": page.headers.get("last-modified"),
              "lastmod": lastmod_iso}
    if page.status == 304:
        report.not_modified += 1
        report.unchanged += 1
        return {**common, "status": "done", "etag": prev.etag if prev else None,
                "last_modified": prev.last_modified if prev else None}
    final = canonicalize(page.final_url)
    if final != url and not site.in_scope(final):
        report.fail(url, "redirected out of scope")
        return {**common, "status": "failed", "error": f"redirected out of scope to {final}"}
    try:
        article = extract(page, site)
    except NotAnArticle as exc:
        report.not_articles += 1
        return {**common, "status": "not-article", "error": str(exc)}
    except ExtractError as exc:
        report.fail(url, f"extraction failed: {exc}")
        return {**common, "status": "failed", "error": str(exc)}
    if not site.in_scope(article.url):
        article.url = final           # a canonical pointing off-site does not get to rename the article
        article.content_hash = article.compute_hash()
    if article.url in seen_articles:
        report.unchanged += 1          # another URL of an article this run already handled
        return {**common, "status": "done", "article_url": article.url}
    seen_articles.add(article.url)
    old_hash = state.article_hash(article.url)
    if old_hash == article.content_hash and not full:
        report.unchanged += 1
    else:
        if old_hash is None:
            report.new += 1
        else:
            report.updated += 1
        batch.append(article)
    return {**common, "status": "done", "article_url": article.url}
