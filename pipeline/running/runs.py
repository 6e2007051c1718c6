"""Runs of the crawl, as `crawl` and `schedule` both perform them, and their record in the state DB.

A *run* is one crawl of one site. `run_sites` performs the runs of several sites at once (the
caller holds the writer lock, pipeline/running/lock.py), judges each one (ok, failed, error,
interrupted) and writes a row with its CrawlReport into the `runs` table of the crawl-state
database, where `status` reads it. One site's failure, even an exception, is that site's failed
run: the other sites still run.

This module ties the pipeline to the index store (it opens both); crawl.py itself stays
unaware of Whoosh.
"""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from pipeline.core.config import Settings, SiteConfig
from pipeline.core.errors import HubindexError, IndexDamaged
from pipeline.core.models import CrawlReport
from pipeline.core.workspace import Workspace
from pipeline.crawling.politeness import HostSlots
from pipeline.crawling.state import CrawlState, StateStore
from pipeline.running.batches import Batcher
from pipeline.running.crawl import Progress, crawl_site
from pipeline.running.runlog import ERROR, FAILED, INTERRUPTED, OK, RunLog

from index import check_index, open_writer

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED = 0, 1


@dataclass
class RunResult:
    """How one run of one site ended."""

    site: str
    outcome: str                      # ok | failed | error | interrupted
    reason: str | None = None         # why it failed, erred or stopped
    report: CrawlReport | None = None
    run_id: int | None = None

    @property
    def exit_code(self) -> int:
        """0 ok, 1 failed or error; an interrupted run's code is the signal's (see StopFlag)."""
        return EXIT_OK if self.outcome in (OK, INTERRUPTED) else EXIT_FAILED


def failure_ratio(report: CrawlReport) -> float:
    """Failed pages over pages with an outcome (indexed, unchanged, not articles, failed)."""
    handled = report.indexed + report.unchanged + report.not_articles + report.failed
    return report.failed / handled if handled else 0.0


def judge(report: CrawlReport, max_failure_ratio: float) -> tuple[str, str | None]:
    """The outcome of a finished crawl and, unless it is ok, why."""
    if report.interrupted:
        return INTERRUPTED, "stopped by a signal"
    if report.failed and report.indexed == 0 and report.unchanged == 0:
        return FAILED, f"nothing could be crawled from site {report.site}: {report.failures[0][1]}"
    if report.discovered == 0 and report.indexed == 0 and report.unchanged == 0 and report.fetched == 0:
        return FAILED, (f"site {report.site}: no article found to crawl (no sitemap, listing page or feed "
                        f"listed a URL in the site's scope); check its start_url, include and exclude")
    ratio = failure_ratio(report)
    if ratio > max_failure_ratio:
        handled = report.indexed + report.unchanged + report.not_articles + report.failed
        return FAILED, (f"site {report.site}: {report.failed} of {handled} pages failed ({ratio:.0%}), "
                        f"more than crawl.max_failure_ratio {max_failure_ratio:g}")
    return OK, None


ProgressFor = Callable[[SiteConfig], Progress | None]


def open_stores(settings: Settings) -> tuple[StateStore, Any]:
    """The crawl state and the run log the [index] settings name: the SQLite file in the data
    directory (Whoosh backend), or the database's tables, shared by every machine (PostgreSQL)."""
    if settings.index.backend == "postgresql":
        from index.postgres.crawlstate import PostgresCrawlState   # the driver: only when asked for
        from index.postgres.runlog import PostgresRunLog

        state = PostgresCrawlState(settings.index.url)
        return state, PostgresRunLog(settings.index.url, pool=state.pool)
    ws = Workspace(settings.index_dir)
    state = CrawlState(ws.state_path)
    try:
        # The run log has a connection of its own: the sites' threads record runs while the
        # crawl state is written by whichever thread settles a batch.
        return state, RunLog(sqlite3.connect(str(ws.state_path), timeout=30, check_same_thread=False))
    except BaseException:
        state.close()
        raise


def open_runlog(settings: Settings) -> Any:
    """The database's run log alone (PostgreSQL backend), for reading: `status`."""
    from index.postgres.runlog import PostgresRunLog

    return PostgresRunLog(settings.index.url)


def close_stores(state: StateStore, runlog: Any) -> None:
    try:
        runlog.close()
    finally:
        state.close()


class Session:
    """What the runs of one process share: the crawl state, the run log, the index writer with
    the run's one batch, and the per-host politeness slots (with the database's host turns when
    the crawl state is shared by several machines). `run_site` may be called from many threads."""

    def __init__(self, settings: Settings, command: str) -> None:
        self.settings, self.command = settings, command
        ws = Workspace(settings.index_dir)
        self.state, self.runlog = open_stores(settings)
        try:
            self.sink = open_writer(ws.index_path, settings.index)   # creates the index, or says why it cannot be used
            whoosh = settings.index.backend == "whoosh"
            damage = check_index(ws.index_path, deep=False).problems if whoosh else []   # never into a damaged index
            if damage:
                self.sink.close()
                raise IndexDamaged(damage[0].what, damage[0].fix)
        except BaseException:
            close_stores(self.state, self.runlog)
            raise
        self.batcher = Batcher(self.sink, self.state, settings.crawl.batch_size)
        # (a request lasts at most its connect timeout, then `timeout` per read and for the body)
        self.slots = HostSlots(ledger=None if whoosh else self.state, longest_request=3 * settings.crawl.timeout)
        self.results: dict[int, RunResult] = {}      # by run id
        self.ended: set[int] = set()                 # run ids recorded as ended

    def run_site(self, site: SiteConfig, max_pages: int | None = None, full: bool = False,
                 should_stop: Callable[[], bool] | None = None, progress: Progress | None = None,
                 finished: Callable[[RunResult], None] | None = None) -> RunResult:
        """One run of one site, recorded as ended once its pages are committed (then `finished`)."""
        run_id = self.runlog.begin(site.name, self.command)
        log.info("site %s: run started", site.name, extra={"site": site.name, "event": "run-start"})
        result = _run_one(site, self.settings, self.state, self.batcher, self.slots, max_pages, full, should_stop,
                          progress)
        result.run_id = run_id
        self.results[run_id] = result

        def ended(result: RunResult = result) -> None:
            self.runlog.end(result.run_id, result, result.exit_code)   # once its pages are committed
            self.ended.add(result.run_id)
            _log_result(result)
            if finished is not None:
                finished(result)

        self.batcher.after_commit(ended)
        try:
            self.batcher.flush()
        except HubindexError:
            pass                       # the index writer failed: every run says so (close raises it)
        return result

    def settle(self) -> None:
        """Commit what was added and record it (the runs so far end). Raises when the writer failed."""
        self.batcher.close()

    def close(self) -> None:
        """Commit what is left; runs whose pages the writer could not commit become erred runs."""
        try:
            try:
                self.batcher.close()
            except HubindexError as exc:
                for result in self.results.values():
                    if result.run_id not in self.ended:
                        result.outcome, result.reason = ERROR, f"site {result.site}: {exc}"
                        self.runlog.end(result.run_id, result, result.exit_code)
                        _log_result(result)
        finally:
            try:
                self.sink.close()
            finally:
                close_stores(self.state, self.runlog)


def run_sites(settings: Settings, sites: Iterable[SiteConfig], command: str, *, max_pages: int | None = None,
              full: bool = False, should_stop: Callable[[], bool] | None = None,
              progress_for: ProgressFor | None = None) -> list[RunResult]:
    """Crawl the sites into the index, recording every run; the caller holds the lock. Returns
    the results in the order of `sites`.

    Sites are grouped by the host of their start URL; up to `[crawl] max_hosts` hosts are
    crawled at once, each in a thread of its own that runs its sites one after the other. Every
    request of the run takes its host's turn (crawling/politeness.py), so a host sees one request
    at a time and its delay before each, even when a redirect leads a site to another's host.
    All sites feed one batch and one index writer (batches.py). Raises only when the stores
    cannot be opened; a site that fails or raises becomes a failed or erred RunResult and the
    other sites go on.
    """
    sites = list(sites)
    session = Session(settings, command)
    results: dict[int, RunResult] = {}
    groups: dict[str, list[int]] = {}
    for i, site in enumerate(sites):
        groups.setdefault((urlsplit(site.start_url).hostname or "").lower(), []).append(i)

    def crawl_host(indexes: list[int]) -> None:
        for i in indexes:
            if should_stop and should_stop():
                return
            results[i] = session.run_site(sites[i], max_pages, full, should_stop,
                                          progress_for(sites[i]) if progress_for else None)

    try:
        if session.runlog.mark_killed([s.name for s in sites]):
            log.warning("an earlier run was killed before it finished; its pages are redone")
        with ThreadPoolExecutor(max_workers=max(1, min(settings.crawl.max_hosts, len(groups))),
                                thread_name_prefix="hubindex-host") as pool:
            for future in [pool.submit(crawl_host, indexes) for indexes in groups.values()]:
                future.result()
    finally:
        session.close()
    return [results[i] for i in sorted(results)]


def _run_one(site: SiteConfig, settings: Settings, state: StateStore, batcher: Batcher, slots: HostSlots,
             max_pages: int | None, full: bool, should_stop: Callable[[], bool] | None,
             progress: Progress | None) -> RunResult:
    try:
        report = crawl_site(site, settings.crawl, state, batcher, max_pages=max_pages, full=full,
                            progress=progress, should_stop=should_stop, slots=slots)
    except HubindexError as exc:
        return RunResult(site.name, ERROR, f"site {site.name}: {exc}")
    except Exception as exc:  # a bug in one site's run must not take the other sites down
        log.debug("site %s: unexpected error", site.name, exc_info=True)
        return RunResult(site.name, ERROR, f"site {site.name}: unexpected {type(exc).__name__}: {exc}")
    outcome, reason = judge(report, settings.crawl.max_failure_ratio)
    return RunResult(site.name, outcome, reason, report)


def _log_result(result: RunResult) -> None:
    r = result.report
    counts = {k: getattr(r, k) for k in ("new", "updated", "unchanged", "failed")} if r else {}
    extra = {"site": result.site, "event": "run-end", "outcome": result.outcome, "reason": result.reason,
             "seconds": round(r.seconds, 3) if r else None, "counts": counts}
    text = ", ".join(f"{k} {v}" for k, v in counts.items())
    took = f" in {r.seconds:.1f}s" if r else ""
    why = f": {result.reason}" if result.reason else ""
    # INFO even for failures: `crawl` prints its own error line, `schedule` logs failures at ERROR.
    log.info("site %s: run %s%s%s%s", result.site, result.outcome, took, f" ({text})" if text else "", why,
             extra=extra)
