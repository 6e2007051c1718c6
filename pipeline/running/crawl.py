"""One crawl of one site: discover, fetch, extract, upsert in bounded batches.

Crash safety: a URL's state is written only after the index commit that holds its article,
so a run killed at any point redoes only the batches not yet committed (at most MAX_IN_FLIGHT
articles, and the batch being filled: usually a few seconds of work) and never records what it
did not index.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Callable, Iterable, Protocol
from urllib.parse import urlsplit

from pipeline.core.config import CrawlSettings, SiteConfig
from pipeline.crawling.discover import discover
from pipeline.core.errors import FetchError
from pipeline.crawling.fetch import Fetcher
from pipeline.crawling.frontier import Candidate, Frontier
from pipeline.core.models import Article, CrawlReport, iso, utcnow
from pipeline.crawling.netguard import AddressPolicy
from pipeline.crawling.robots import RobotsCache
from pipeline.crawling.state import CrawlState
from pipeline.core.urls import canonicalize

if TYPE_CHECKING:
    from pipeline.running.extractproc import ExtractWorker

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
GONE = (404, 410)
MAX_IN_FLIGHT = 2000 # articles (and deletions) handed to the background writer and not yet committed...
MAX_BATCHES = 64     # ...in at most this many batches
WORKER_MIN = 200     # pages waiting in the frontier for extraction to get its own process
EXTRACT_WINDOW = 256 # pages handed to the extraction process and not yet taken up, at most
COMMIT_SECONDS = 5.0 # a full batch waits for this long after the last commit...
GROWTH = 4           # ...unless it has grown to this many batches
SHARE_AT = 16        # pages queued in the extraction process beyond which the crawl extracts too
AHEAD = 2            # fetches queued on the fetch thread beyond the page being taken up
ASIDE_AFTER = 0      # batches in the writer's hands beyond which the last batch is written aside
TAKE_BACK_MIN = 50   # articles left to write aside below which none go back to an idle writer


class ArticleSink(Protocol):
    """Where extracted articles go (the index store): one commit per call. A sink may also
    pipeline its commits (`submit`, `wait`, `ready`, `in_flight`: index.background) and take a
    batch's segment written by the crawl process itself (`submit_aside`)."""

    def upsert(self, articles: list[Article]) -> int: ...

    def delete(self, urls: Iterable[str]) -> int: ...


def crawl_site(site: SiteConfig, crawl: CrawlSettings, state: CrawlState, sink: ArticleSink,
               max_pages: int | None = None, full: bool = False, progress: Progress | None = None,
               should_stop: Callable[[], bool] | None = None) -> CrawlReport:
    """One run over one site. `should_stop` is polled between pages (and between listing pages
    during discovery): once it returns True the page in hand is finished, the batch committed,
    and the report comes back with `interrupted` set."""
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

    with Fetcher(crawl, delay=site.delay, policy=policy, hop_check=hop_check) as fetcher:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.start_url))
        waiting = state.host_not_before(origin)
        if waiting:
            report.fail(site.start_url, f"host asked to be left alone until {iso(waiting[0])} ({waiting[1]})")
            report.finished_at = utcnow()
            return report
        robots = RobotsCache(fetcher, crawl.user_agent, state)
        robots_box.append(robots)
        rules = robots.for_url(site.start_url)
        if rules.reason and not rules.allowed(site.start_url, crawl.user_agent):
            report.fail(site.start_url, rules.reason)
            report.finished_at = utcnow()
            return report
        delay = rules.crawl_delay(crawl.user_agent)
        if delay:
            fetcher.set_host_delay(urlsplit(site.start_url).hostname or "", delay)
        try:
            candidates = discover(site, fetcher, robots, report, progress=_stop_check(should_stop))
        except _Stopped:
            candidates, report.interrupted = [], True
        run = _Run(site, crawl, state, sink, fetcher, robots, report, full)
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
class _Fetch:
    """A candidate on its way: what the state said of it, and its fetch (None: not fetched)."""
    cand: Candidate
    prev: object
    lastmod_iso: str | None
    future: Future | None = None


@dataclass
class _Extracting:
    """A fetched page on its way through extraction (outcome None: still in the worker).
    The page itself is not kept: up to EXTRACT_WINDOW of them may be under way."""
    cand: Candidate
    final_url: str
    common: dict
    outcome: tuple | None = None


class _Run:
    """The state of one crawl of one site: frontier, pending batch and state rows."""

    def __init__(self, site: SiteConfig, crawl: CrawlSettings, state: CrawlState, sink: ArticleSink,
                 fetcher: Fetcher, robots: RobotsCache, report: CrawlReport, full: bool) -> None:
        self.site, self.crawl, self.state, self.sink = site, crawl, state, sink
        self.fetcher, self.robots, self.report, self.full = fetcher, robots, report, full
        self.aside = hasattr(sink, "submit_aside")   # the sink takes segments the crawl writes itself
        self.frontier = Frontier(site)
        self.batch: list[Article] = []
        self.rows: list[dict] = []
        self.deletions: list[str] = []
        self.seen_articles: set[str] = set()
        # An article's row for the crawl state, encoded when it joins the batch: recording a
        # batch's state waits for its commit, and at the end of a crawl nothing else is left.
        self.encoded: dict[str, str] = {}
        # (batch, rows, deletions, submitted) in flush order, their state not yet written
        self.in_flight: deque[tuple[list[Article], list[dict], list[str], bool]] = deque()
        self.in_flight_items = 0   # articles and deletions of the submitted batches in self.in_flight
        self.committed: deque[tuple[list[Article], list[dict], list[str]]] = deque()  # state not yet written
        self.last_flush = time.monotonic()
        self.extractor: "ExtractWorker | None" = None
        self.extracting: deque[_Extracting] = deque()   # fetched pages whose outcome is not taken up yet

    def run(self, candidates: list[Candidate], limit: int, progress: Progress | None,
              should_stop: Callable[[], bool] | None) -> None:
        for cand in candidates:
            self.frontier.enqueue(cand.url, cand.lastmod, cand.source)
        # Known articles the discovery no longer lists are asked about again (cheap: a
        # conditional GET), so an article deleted from the site is noticed and removed.
        for url in self.state.known_article_urls(self.site.name):
            if self.site.in_scope(url):
                self.frontier.enqueue(url, None, "known")
        # The next pages are fetched (by one fetch thread: still one request at a time) while
        # the current one is extracted; the fetch waits on the server, extraction on the CPU.
        # AHEAD fetches are queued on that thread, so it goes from one request to the next
        # without waiting for this thread to take up a page.
        fetched = done = 0
        ahead: deque[_Fetch] = deque()     # candidates begun, in frontier order...
        fetching = 0                       # ...of which this many are fetches
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hubindex-fetch") as pool:
            try:
                while True:
                    if not ahead:
                        if not self.frontier.has_pending() and self.extracting:
                            # pages still being extracted may link to more: take them up first
                            self._settle_extractions(wait=True, every=True)
                        if not self._more(fetched, limit, done, should_stop):
                            break
                        ahead.append(self._begin(self.frontier.next(), pool))
                        fetched += ahead[-1].future is not None
                        fetching += ahead[-1].future is not None
                    current = ahead.popleft()
                    fetching -= current.future is not None
                    # (candidates that need no request are begun too, but only a few ahead)
                    while (fetching < AHEAD and len(ahead) < 2 * AHEAD
                           and self._more(fetched, limit, done, should_stop, quiet=True)):
                        nxt = self.frontier.next()
                        if not self.robots.known(nxt.url):
                            # a new origin's robots.txt is fetched once nothing is in flight
                            self.frontier.push_front(nxt)
                            break
                        ahead.append(self._begin(nxt, pool))
                        if ahead[-1].future is not None:
                            fetched += 1
                            fetching += 1
                    if progress:
                        progress(done, done + len(self.frontier) + 1 + len(ahead), current.cand.url)
                    row = self._finish(current)
                    done += 1
                    if isinstance(row, _Extracting):
                        self.extracting.append(row)
                        self._settle_extractions(wait=len(self.extracting) > EXTRACT_WINDOW)
                    elif row:
                        self.rows.append(row)
                    if self._batch_due():
                        self.flush()
                self._settle_extractions(wait=True, every=True)
            finally:
                for job in ahead:
                    if job.future is not None:
                        job.future.cancel()   # fetched but not recorded: asked again next run
                if self.extractor is not None:
                    self.extractor.close()    # pages still in it are not recorded: fetched again next run
                    self.extractor = None
        self.flush(final=True)
        self.report.refused = dict(self.frontier.refused)
        if progress:
            progress(done, done, "")

    def _worker(self) -> "ExtractWorker | None":
        """The extraction process, started on the first page to extract once the frontier is
        big enough for it to pay (None: extract here)."""
        if self.extractor is None and len(self.frontier) >= WORKER_MIN:
            from pipeline.running.extractproc import ExtractWorker

            log.info("site %s: %d pages waiting; extracting in a separate process", self.site.name, len(self.frontier))
            self.extractor = ExtractWorker(self.site)
            start_writer = getattr(self.sink, "start", None)
            if start_writer is not None:
                start_writer()     # a batch will follow: the writer starts up meanwhile
        return self.extractor

    def _settle_extractions(self, wait: bool, every: bool = False) -> None:
        """Take up extracted pages in fetch order: those whose outcome is there; with `wait`,
        the oldest (or with `every`, all) even if that means waiting for the worker."""
        while self.extracting:
            pending = self.extracting[0]
            if pending.outcome is None:
                if not (wait or self.extractor.ready()):
                    return
                pending.outcome = self.extractor.result()
                wait = every
            self.extracting.popleft()
            row = self._extracted(pending)
            if row:
                self.rows.append(row)

    def _batch_due(self) -> bool:
        """A full batch is committed once COMMIT_SECONDS have passed since the last commit; a
        fast crawl thus makes fewer, bigger commits (up to GROWTH batches), which saves most of
        the merging of small segments, while a polite one (seconds between requests) commits
        every batch as before. Either way a killed crawl redoes little: a few seconds of work."""
        size = self.crawl.batch_size
        batch, rows = len(self.batch), len(self.rows)
        if batch >= size * GROWTH or rows >= size * 4 * GROWTH:
            return True
        if batch < size and rows < size * 4:
            return False
        if not self._near_end():
            return time.monotonic() - self.last_flush >= COMMIT_SECONDS
        # Near the end, every full batch: what is not committed when the last page is fetched
        # is the crawl's tail. But while the writer is busy, or once the pages left are fewer
        # than the batch holds, the batch grows instead: at the end the crawl process writes it
        # itself, sharing it with the writer (flush), and the two finish together.
        if not self.aside:
            return True
        return not self._writer_busy() and len(self.frontier) >= batch

    def _writer_busy(self) -> bool:
        """Whether the sink can take a segment written aside and still has more than
        ASIDE_AFTER batches to commit (those already committed are recorded first)."""
        if not self.aside:
            return False
        self._settle(wait_all=False)
        return self.sink.in_flight > ASIDE_AFTER

    def _near_end(self) -> bool:
        """Fewer than GROWTH batches of pages left: what the writer still has to do now is the
        crawl's tail (so every full batch is committed, and big merges wait for the next crawl)."""
        return len(self.frontier) < self.crawl.batch_size * GROWTH

    def _more(self, fetched: int, limit: int, done: int, should_stop, quiet: bool = False) -> bool:
        if not self.frontier.has_pending():
            return False
        if should_stop and should_stop():
            if not quiet:
                self.report.interrupted = True
                log.warning("site %s: stopping after %d pages", self.site.name, done)
            return False
        return not (limit and fetched >= limit)

    def flush(self, final: bool = False) -> None:
        """Commit the batch to the index, then (only then) the crawl state that describes it.

        With a sink that can `submit` (the background writer), the commits of up to
        MAX_IN_FLIGHT articles overlap the fetching and extraction of the next; each flush's
        state is written, in flush order, only once its batch (and every earlier one) is
        committed."""
        self.last_flush = time.monotonic()
        batch, rows, deletions = list(self.batch), list(self.rows), list(self.deletions)
        self.batch.clear()
        self.rows.clear()
        self.deletions.clear()
        if not hasattr(self.sink, "submit"):
            if batch:
                self.sink.upsert(batch)
            if deletions:
                self.sink.delete(deletions)
            self._record(batch, rows, deletions)
            return
        submitted = bool(batch or deletions)
        if submitted:
            # Near the end a big merge waits for the next crawl (store.merge_light).
            near_end = final or self._near_end()
            if final and batch and self.aside and (len(batch) >= 2 * TAKE_BACK_MIN or self._writer_busy()):
                # The crawl has nothing left to do but wait: it writes the last batch's segment
                # itself while the writer commits the others (and then takes a share of this
                # one: _take_back), and the writer adopts it.
                written = self.sink.submit_aside(batch, deletions, near_end=near_end, take_back=self._take_back,
                                                 last=True)
                del batch[written:]            # the rest went to the writer (_take_back)
            else:
                self.sink.submit(batch, deletions, near_end=near_end, last=final)
            self.in_flight_items += len(batch) + len(deletions)
        self.in_flight.append((batch, rows, deletions, submitted))
        self._settle(wait_all=final)

    def _take_back(self, written: int, remaining: list[Article]) -> int:
        """While the crawl writes its last batch aside: record the batches the writer has
        committed meanwhile (their state is then not left for the end), and once the writer has
        nothing left to commit, hand it a share of the articles not written yet, so that both
        finish at about the same time; returns how many (from the end of `remaining`)."""
        self._settle(wait_all=False, record=False)
        if self.sink.in_flight or len(remaining) < TAKE_BACK_MIN:
            self._record_committed()
            return 0
        # An article written aside costs about 2/3 of its share of a commit when added, the
        # rest when the segment is written: the writer takes a little over half of what is left.
        share = min(len(remaining), (len(remaining) + written // 3) // 2)
        part = remaining[len(remaining) - share:]
        self.sink.submit(part, [], near_end=True)
        self.in_flight_items += share
        self.in_flight.append((part, [], [], True))
        self._record_committed()           # while the writer commits that share
        return share

    def _settle(self, wait_all: bool, record: bool = True) -> None:
        """Write the state of flushes whose commits are done, oldest first; wait for commits only
        while more than MAX_IN_FLIGHT articles (in more than one batch) or MAX_BATCHES batches
        are outstanding, or for all of them at the end. Counting articles, not batches, keeps a
        crawl going while the writer commits several batches gathered into one: waiting there
        left one core idle. With `record` False, the state of the flushes found committed is
        written by the next call that records."""
        if record:
            self._record_committed()
        while self.in_flight:
            batch, rows, deletions, submitted = self.in_flight[0]
            if submitted:
                pending = self.sink.in_flight
                if not wait_all and (self.in_flight_items <= MAX_IN_FLIGHT or pending <= 1) \
                        and pending <= MAX_BATCHES and not self.sink.ready():
                    return
                self.sink.wait()
                self.in_flight_items -= len(batch) + len(deletions)
            self.in_flight.popleft()
            self.committed.append((batch, rows, deletions))
            if record:
                self._record_committed()

    def _record_committed(self) -> None:
        while self.committed:
            self._record(*self.committed.popleft())

    def _record(self, batch: list[Article], rows: list[dict], deletions: list[str]) -> None:
        if batch:
            self.state.store_articles(batch, self.encoded)
            for article in batch:
                self.encoded.pop(article.url, None)
        if deletions:
            self.state.delete_articles(deletions)
        self.state.record_urls(self.site.name, rows)

    def _begin(self, cand: Candidate, pool: ThreadPoolExecutor) -> "_Fetch":
        """Decide whether a candidate needs a request; if so, start it on the fetch thread."""
        url, report, state = cand.url, self.report, self.state
        prev = state.url(url)
        lastmod_iso = iso(cand.lastmod)
        job = _Fetch(cand, prev, lastmod_iso)
        if (not self.full and prev and prev.status == "done" and lastmod_iso and prev.lastmod == lastmod_iso
                and prev.article_url and prev.article_hash):
            report.unchanged += 1          # the sitemap says nothing moved: not even a conditional GET
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

    def _finish(self, job: "_Fetch") -> "dict | _Extracting | None":
        """Take up a fetch: the state row to write after the next commit, or for a page to
        extract, its extraction (done here, or under way in the extraction process)."""
        if job.future is None:
            return None
        cand, prev, lastmod_iso = job.cand, job.prev, job.lastmod_iso
        url, report, state = cand.url, self.report, self.state
        try:
            page = job.future.result()
        except FetchError as exc:
            return self._failed(cand, prev, exc)
        report.fetched += 1
        common = {"url": url, "etag": page.headers.get("etag"), "last_modified": page.headers.get("last-modified"),
                  "lastmod": lastmod_iso}
        if page.status == 304:
            report.not_modified += 1
            report.unchanged += 1
            return {**common, "status": "done", "etag": prev.etag if prev else None,
                    "last_modified": prev.last_modified if prev else None}
        pending = _Extracting(cand, page.final_url, common)
        worker = self._worker()
        if worker is not None and worker.in_flight < SHARE_AT:
            worker.submit(page)                # its outcome is taken up by _settle_extractions
        else:
            # No worker, or one with a backlog: this process extracts the page itself rather
            # than wait (its own work is mostly waiting on the network).
            from pipeline.running.extractproc import outcome   # here: a recrawl answered by 304s needs no parser

            pending.outcome = outcome(page, self.site)
        return pending

    def _extracted(self, pending: "_Extracting") -> dict | None:
        """Take up an extracted page: its article into the batch, its links into the frontier;
        returns the state row to write after the next commit."""
        cand, page_url, common, result = pending.cand, pending.final_url, pending.common, pending.outcome
        url, report, state = cand.url, self.report, self.state
        if result[0] == "not-article":
            report.not_articles += 1
            return {**common, "status": "not-article", "error": result[1]}
        if result[0] == "failed":
            report.fail(url, f"extraction failed: {result[1]}")
            return {**common, "status": "failed", "error": result[1]}
        _, article, links = result
        final = canonicalize(page_url)
        # Links are followed from articles only: a calendar or a listing that is not an
        # article cannot lead the crawl further from the site's own discovery.
        skip = None if self.full else self._known_dead_end
        for link in set(links):
            self.frontier.enqueue(link, None, "link", cand.depth + 1, skip=skip, base=page_url)
        if not self.site.in_scope(article.url):
            article.url = final           # a canonical pointing off-site does not get to rename the article
            article.content_hash = article.compute_hash()
        row = {**common, "status": "done", "article_url": article.url}
        if article.url in self.seen_articles:
            report.unchanged += 1          # another URL of an article this run already handled
            return row
        self.seen_articles.add(article.url)
        old_hash = state.article_hash(article.url)
        if article.post_id and old_hash is None:
            # The same post under a new slug (a 301 from the old one): one article, renamed.
            old_url = state.article_url_for_post(self.site.name, article.post_id, article.title, fetched_as=cand.url)
            if old_url and old_url != article.url:
                self.deletions.append(old_url)
                report.updated += 1
                self._add(article)
                return row
        if old_hash == article.content_hash and not self.full:
            report.unchanged += 1
        else:
            if old_hash is None:
                report.new += 1
            else:
                report.updated += 1
            self._add(article)
        return row

    def _add(self, article: Article) -> None:
        self.batch.append(article)
        self.encoded[article.url] = CrawlState.encode(article)

    def _known_dead_end(self, url: str) -> bool:
        """A link that an earlier run found not to be an article: not fetched again each run."""
        known = self.state.url(url)
        return known is not None and known.status in ("not-article", "removed", "broken")

    def _failed(self, cand: Candidate, prev, exc: FetchError) -> dict:
        """A failed fetch. 404/410 twice in a row removes the article; nothing else ever does."""
        url = cand.url
        if exc.status in GONE and prev is not None and prev.article_url:
            if prev.status == "gone":
                self.deletions.append(prev.article_url)
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

