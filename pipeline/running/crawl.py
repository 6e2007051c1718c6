"""One crawl of one site: discover, then fetch, extract and hand each page to the run's batch.

A site's crawl runs in one thread, one page after the other, with a second thread fetching
the next page while it extracts the current one; the sites of a run crawl in threads of their
own (runs.py), and all their requests take turns per host (crawling/politeness.py).
Pages go into the run's one batch (batches.py), whose crawl state is written only after the
index commit that holds it: a crawl killed at any point never records what it did not index.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable
from urllib.parse import urlsplit

from pipeline.core.config import CrawlSettings, SiteConfig
from pipeline.core.errors import ExtractError, FetchError, NotAnArticle
from pipeline.core.models import CrawlReport, Page, iso, utcnow
from pipeline.core.urls import canonicalize
from pipeline.crawling.discover import KeptCopies, discover
from pipeline.crawling.fetch import Fetcher
from pipeline.crawling.frontier import Candidate, Frontier
from pipeline.crawling.netguard import AddressPolicy
from pipeline.crawling.politeness import HostSlots
from pipeline.crawling.robots import RobotsCache
from pipeline.crawling.state import StateStore, UrlState
from pipeline.extraction.extract import extract
from pipeline.running.batches import Batcher

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
GONE = (404, 410)
AHEAD = 1       # candidates begun beyond the one being extracted


def crawl_site(site: SiteConfig, crawl: CrawlSettings, state: StateStore, batcher: Batcher,
               max_pages: int | None = None, full: bool = False, progress: Progress | None = None,
               should_stop: Callable[[], bool] | None = None, slots: HostSlots | None = None) -> CrawlReport:
    """One run over one site, its pages added to `batcher` (the caller closes it). `slots`: the
    run's per-host politeness, shared with the other sites crawled meanwhile. `should_stop` is
    polled between pages (and between listing pages during discovery): once it returns True the
    page in hand is finished and the report comes back with `interrupted` set."""
    report = CrawlReport(site=site.name)
    # Non-public addresses are allowed only where the configured site itself lives.
    policy = AddressPolicy.for_hosts({urlsplit(u).hostname or "" for u in (site.start_url, *site.listing_urls,
                                                                            *site.sitemaps)})
    robots_box: list[RobotsCache] = []

    def hop_check(url: str) -> str | None:
        if not site.on_allowed_host(url):
            return "off-site redirect"
        refusal = policy.refusal(urlsplit(url).hostname or "")
        if refusal:
            return refusal
        if robots_box and not robots_box[0].allowed(url):
            return "disallowed by robots.txt"
        return None

    with Fetcher(crawl, delay=site.delay, policy=policy, hop_check=hop_check, slots=slots) as fetcher:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.start_url))
        waiting = state.host_not_before(origin)
        if waiting:
            report.fail(site.start_url, f"host asked to be left alone until {iso(waiting[0])} ({waiting[1]})")
            report.finished_at = utcnow()
            return report
        robots = RobotsCache(fetcher, crawl.user_agent, state)
        robots_box.append(robots)
        rules = robots.for_url(site.start_url)      # (its Crawl-delay goes to the host's slot)
        if rules.reason and not rules.allowed(site.start_url, crawl.user_agent):
            report.fail(site.start_url, rules.reason)
            report.finished_at = utcnow()
            return report
        try:
            candidates = discover(site, fetcher, robots, report, progress=_stop_check(should_stop),
                                  copies=KeptCopies(state, ask=not full))
        except _Stopped:
            candidates, report.interrupted = [], True
        run = _SiteRun(site, state, batcher, fetcher, robots, report, full)
        run.run(candidates, max_pages if max_pages is not None else site.max_pages, progress, should_stop)
        report.paused_hosts = dict(fetcher.paused)
        for host, (wait, why) in fetcher.backoff.items():
            # A host that paused us (or asked for more than the retry cap) is left alone across runs too.
            state.set_host_not_before(f"{urlsplit(site.start_url).scheme}://{host}", utcnow() + timedelta(seconds=wait),
                                      why)
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


@dataclass
class _Job:
    """A candidate on its way: what the state said of it, and its fetch (None: not fetched)."""
    cand: Candidate
    prev: UrlState | None
    lastmod_iso: str | None
    future: Future | None = None


class _SiteRun:
    """One site's frontier and the decisions about each of its pages."""

    def __init__(self, site: SiteConfig, state: StateStore, batcher: Batcher, fetcher: Fetcher,
                 robots: RobotsCache, report: CrawlReport, full: bool) -> None:
        self.site, self.state, self.batcher = site, state, batcher
        self.fetcher, self.robots, self.report, self.full = fetcher, robots, report, full
        self.frontier = Frontier(site)
        self.seen_articles: set[str] = set()

    def run(self, candidates: list[Candidate], limit: int, progress: Progress | None,
            should_stop: Callable[[], bool] | None) -> None:
        for cand in candidates:
            self.frontier.enqueue(cand.url, cand.lastmod, cand.source)
        # Known articles the discovery no longer lists are asked about again (cheap: a
        # conditional GET), so an article deleted from the site is noticed and removed.
        for url in self.state.known_article_urls(self.site.name):
            if self.site.in_scope(url):
                self.frontier.enqueue(url, None, "known")
        fetched = done = 0
        ahead: deque[_Job] = deque()     # candidates begun (their fetch under way), in frontier order
        # The next pages are fetched on a thread of their own while this one extracts: the host
        # still sees one request at a time (its slot), but a fast host never waits for extraction.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hubindex-fetch") as pool:
            try:
                while True:
                    while len(ahead) <= AHEAD and self.frontier.has_pending() and not (limit and fetched >= limit):
                        if should_stop and should_stop():
                            self.report.interrupted = True
                            log.warning("site %s: stopping after %d pages", self.site.name, done)
                            break
                        ahead.append(self._begin(self.frontier.next(), pool))
                        fetched += ahead[-1].future is not None
                    if not ahead or self.report.interrupted:
                        break
                    job = ahead.popleft()
                    if progress:
                        progress(done, done + len(self.frontier) + len(ahead) + 1, job.cand.url)
                    self._finish(job)
                    done += 1
            finally:
                for job in ahead:
                    if job.future is not None:
                        job.future.cancel()   # fetched or not, not recorded: asked again next run
        self.report.refused = dict(self.frontier.refused)
        if progress:
            progress(done, done, "")

    def _begin(self, cand: Candidate, pool: ThreadPoolExecutor) -> "_Job":
        """Decide whether a candidate needs a request; if so, start it on the fetch thread."""
        url, report = cand.url, self.report
        prev = self.state.url(url)
        job = _Job(cand, prev, iso(cand.lastmod))
        lastmod_iso = job.lastmod_iso
        if (not self.full and prev and prev.status == "done" and lastmod_iso and prev.lastmod == lastmod_iso
                and prev.article_url and prev.article_hash):
            report.unchanged += 1          # the sitemap says nothing moved: not even a conditional GET
            return job
        if (not self.full and prev and prev.status == "done" and prev.article_url and prev.article_url != url
                and prev.article_hash and self.frontier.queued(prev.article_url)):
            # An alias (Drupal's /node/N, an old slug) of an article whose own URL this run asks
            # about: that URL decides whether the article changed; the alias is not asked again.
            report.unchanged += 1
            return job
        if not self.full and prev and prev.deferred():
            report.deferred += 1           # failed before; its retry time has not come yet
            return job
        if (not self.full and prev and prev.status == "not-article"
                and (lastmod_iso is None or prev.lastmod == lastmod_iso)):
            report.not_articles += 1       # judged last time, and nothing says it changed
            return job
        if not self.robots.allowed(url):
            report.skipped_robots += 1
            return job
        validators = ({} if self.full or not prev or prev.status != "done"
                      else {"etag": prev.etag, "last_modified": prev.last_modified})
        job.future = pool.submit(self.fetcher.get, url, **validators)
        return job

    def _finish(self, job: "_Job") -> None:
        """Take up a begun candidate: its fetch's outcome into the batch."""
        if job.future is None:
            return
        cand, prev, lastmod_iso, report = job.cand, job.prev, job.lastmod_iso, self.report
        url = cand.url
        try:
            page = job.future.result()
        except FetchError as exc:
            self.batcher.add(self.site.name, self._failed(cand, prev, exc))
            return
        report.fetched += 1
        common = {"url": url, "etag": page.headers.get("etag"), "last_modified": page.headers.get("last-modified"),
                  "lastmod": lastmod_iso}
        if page.status == 304:
            report.not_modified += 1
            report.unchanged += 1
            self.batcher.add(self.site.name, {**common, "status": "done", "etag": prev.etag if prev else None,
                                              "last_modified": prev.last_modified if prev else None})
            return
        self._extracted(cand, page, common)

    def _extracted(self, cand: Candidate, page: Page, common: dict) -> None:
        """Extract a fetched page: its article into the batch, its links into the frontier."""
        report, name = self.report, self.site.name
        links: list[str] = []
        try:
            article = extract(page, self.site, links=links)
        except NotAnArticle as exc:
            report.not_articles += 1
            self.batcher.add(name, {**common, "status": "not-article", "error": str(exc)})
            return
        except ExtractError as exc:
            report.fail(cand.url, f"extraction failed: {exc}")
            self.batcher.add(name, {**common, "status": "failed", "error": str(exc)})
            return
        # Links are followed from articles only: a calendar or a listing that is not an
        # article cannot lead the crawl further from the site's own discovery.
        skip = None if self.full else self._known_dead_end
        for link in set(links):
            self.frontier.enqueue(link, None, "link", cand.depth + 1, skip=skip, base=page.final_url)
        if not self.site.in_scope(article.url):
            article.url = canonicalize(page.final_url)   # a canonical pointing off-site does not rename the article
            article.content_hash = article.compute_hash()
        row = {**common, "status": "done", "article_url": article.url}
        if article.url in self.seen_articles:
            report.unchanged += 1          # another URL of an article this run already handled
            self.batcher.add(name, row)
            return
        self.seen_articles.add(article.url)
        old_hash = self.state.article_hash(article.url)
        if article.post_id and old_hash is None:
            # The same post under a new slug (a 301 from the old one): one article, renamed.
            old_url = self.state.article_url_for_post(name, article.post_id, article.title, fetched_as=cand.url)
            if old_url and old_url != article.url:
                report.updated += 1
                self.batcher.add(name, row, article, deletions=[old_url])
                return
        if old_hash == article.content_hash:
            report.unchanged += 1          # (with --full too: refetched, but nothing to reindex)
            self.batcher.add(name, row)
            return
        if old_hash is None:
            report.new += 1
        else:
            report.updated += 1
        self.batcher.add(name, row, article)

    def _known_dead_end(self, url: str) -> bool:
        """A link that an earlier run found not to be an article: not fetched again each run."""
        known = self.state.url(url)
        return known is not None and known.status in ("not-article", "removed", "broken")

    def _failed(self, cand: Candidate, prev: UrlState | None, exc: FetchError) -> dict:
        """A failed fetch's row. 404/410 twice in a row removes the article; nothing else ever does."""
        url = cand.url
        if exc.status in GONE and prev is not None and prev.article_url:
            if prev.status == "gone":
                self.batcher.add(self.site.name, deletions=[prev.article_url])
                self.report.removed += 1
                log.info("removed (gone twice): %s", url)
                return {"url": url, "status": "removed", "error": exc.reason}
            self.report.fail(url, f"{exc.reason} (removed if still gone next run)")
            return {"url": url, "status": "gone", "error": exc.reason}
        if cand.source == "link" and exc.status in GONE:
            self.report.broken_links += 1       # the site's own broken link, not a failure of the crawl
            return {"url": url, "status": "broken", "error": exc.reason}
        log.warning("fetch failed: %s: %s", url, exc.reason)
        self.report.fail(url, exc.reason)
        return {"url": url, "status": "failed", "error": exc.reason}
