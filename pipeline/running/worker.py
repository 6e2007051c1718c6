"""`run.py worker [--once]`: crawl workers on any number of machines sharing one PostgreSQL database.

The queue is procrastinate (a PostgreSQL-backed job queue; its schema is migration 5 of
index/postgres/migrations.py). One job crawls one host: the due sites whose start URL is on it,
one after the other, exactly as `crawl` does (runs.Session: the shared crawl state, one batch,
the host turns). Jobs carry the host as procrastinate's `lock`, so a host is crawled by one
worker at a time, and as its `queueing_lock`, so it waits in the queue at most once.

Every `[worker] poll` seconds a worker looks for due sites (the `hub_schedule` table: never run,
or their next due time passed) and queues their hosts, and retries the jobs of workers whose
heartbeat is older than `[worker] claim_timeout` (procrastinate's stalled jobs: a worker killed
mid-crawl). The worker that takes such a host over resumes from the shared crawl state, and its
first request waits for the host's delay as the database's host turns record it
(crawling/politeness.py), including a request the dead worker had in flight.

Each worker runs up to `[crawl] max_hosts` jobs at once, each in a thread, as `crawl` crawls
that many hosts at once. A site's next due time is saved once its run's pages are committed.
"""

from __future__ import annotations

import asyncio
import logging
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.config import Settings, SiteConfig
from pipeline.core.errors import ConfigError, HubindexError, StoreError
from pipeline.core.models import utcnow
from pipeline.running.runlog import ERROR, FAILED, INTERRUPTED
from pipeline.running.runs import RunResult, Session
from pipeline.running.scheduler import retry_wait, spec_of
from pipeline.running.stop import StopFlag

log = logging.getLogger(__name__)

QUEUE = "hubindex"
TASK = "hubindex.crawl_host"


def host_of(site: SiteConfig) -> str:
    return (urlsplit(site.start_url).hostname or "").lower()


def next_due(site: SiteConfig, result: RunResult, failures: int, now: datetime,
             rng: random.Random) -> datetime:
    """When a site is due again after a run that ended `now`: at once when interrupted; after
    the scheduler's backoff when it failed; else after its interval, or at its next daily time."""
    if result.outcome == INTERRUPTED:
        return now
    if result.outcome in (FAILED, ERROR):
        return now + timedelta(seconds=retry_wait(max(1, failures), site))
    if site.at:
        local = now.astimezone()
        hour, minute, *second = (int(x) for x in site.at.split(":"))
        due = local.replace(hour=hour, minute=minute, second=second[0] if second else 0, microsecond=0)
        if due <= local:
            due += timedelta(days=1)
        due = due.astimezone(timezone.utc)
    else:
        due = now + timedelta(seconds=site.every)
    return due + timedelta(seconds=rng.uniform(0, site.jitter)) if site.jitter else due


class Worker:
    """One worker process: the queue (a procrastinate App), the crawl session its jobs share."""

    def __init__(self, settings: Settings, stop: StopFlag, once: bool) -> None:
        if settings.index.backend != "postgresql":
            raise ConfigError('`worker` needs [index] backend = "postgresql": the workers share its database')
        if not settings.sites:
            raise ConfigError("no sites configured: add a [sites.NAME] table to crawl")
        self.settings, self.stop, self.once = settings, stop, once
        self.hosts: dict[str, list[SiteConfig]] = {}
        for site in settings.sites.values():
            self.hosts.setdefault(host_of(site), []).append(site)
        self.rng = random.Random()
        self.session = Session(settings, "worker")      # StoreError: no server, schema behind
        self.fatal: BaseException | None = None
        self.jobs = 0
        self.failed = 0                                 # runs of this worker that failed or erred

    # ---- one job: the due sites of one host

    def crawl_host(self, host: str) -> None:
        """The job: run the due sites of `host`; their next due times are saved after the commit."""
        sites = self.hosts.get(host, [])
        runlog = self.session.runlog
        due = set(runlog.due_sites([s.name for s in sites]))
        if not due or self.stop():
            return
        runlog.mark_killed(sorted(due))           # a run of these left 'running' died with its worker
        self.jobs += 1
        for site in sites:
            if site.name not in due or self.stop():
                continue
            started = utcnow()

            def finished(result: RunResult, site: SiteConfig = site, started: datetime = started) -> None:
                now = utcnow()
                due_at = next_due(site, result, runlog.failures_in_a_row(site.name), now, self.rng)
                runlog.save_schedule(site.name, spec_of(site), last_start=started, last_finish=now,
                                     outcome=result.outcome, next_due=due_at, add_run=1,
                                     add_error=int(result.outcome == ERROR))
                if result.exit_code:
                    self.failed += 1
                    log.error("site %s: run %s: %s", site.name, result.outcome, result.reason,
                              extra={"site": site.name, "event": "run-failed", "outcome": result.outcome,
                                     "reason": result.reason})

            self.session.run_site(site, should_stop=self.stop, finished=finished)
        try:
            self.session.settle()                # this host's pages are committed before the job ends
        except HubindexError as exc:
            self.fatal = exc                     # the index writer failed: this worker stops
            self.stop.request()
            raise

    # ---- the loop around procrastinate's worker

    async def run(self) -> int:
        import procrastinate                    # the queue library: only for `worker`

        url = self.settings.index.url
        app = procrastinate.App(connector=procrastinate.PsycopgConnector(
            conninfo=url, min_size=1, max_size=3, kwargs={"connect_timeout": 5}))
        task = app.task(name=TASK, queue=QUEUE)(self.crawl_host)
        concurrency = max(1, min(self.settings.crawl.max_hosts, len(self.hosts)))
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=concurrency + 2, thread_name_prefix="hubindex-host"))
        timeout = self.settings.worker.claim_timeout
        async with app.open_async():
            worker = asyncio.create_task(app.run_worker_async(
                queues=[QUEUE], name="hubindex-worker", concurrency=concurrency, wait=True,
                install_signal_handlers=False, update_heartbeat_interval=max(0.2, timeout / 4),
                stalled_worker_timeout=timeout, delete_jobs="successful",
                fetch_job_polling_interval=min(5.0, self.settings.worker.poll)))
            try:
                while not worker.done():
                    pending = await self._tend(app, task, timeout)
                    if self.stop() or (self.once and not pending):
                        break
                    await self._sleep(self.settings.worker.poll if not self.once else min(1.0, self.settings.worker.poll))
            finally:
                if not worker.done():
                    worker.cancel()              # procrastinate stops fetching, lets the running jobs end
                try:
                    await worker
                except asyncio.CancelledError:
                    pass
        if self.fatal is not None:
            raise self.fatal
        if self.stop():
            return self.stop.exit_code
        return 1 if self.once and self.failed else 0

    async def _tend(self, app: Any, task: Any, timeout: float) -> int:
        """Retry stalled jobs, queue the due hosts; returns how many jobs are queued or running."""
        import procrastinate

        manager = app.job_manager
        for job in await manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=timeout):
            try:
                await manager.retry_job(job)
                log.warning("host %s: its worker stopped answering; the host is taken over", job.lock,
                            extra={"event": "takeover"})
            except procrastinate.exceptions.UniqueViolation:
                # The host was queued again meanwhile (a worker saw it neither waiting nor running
                # in the instant the dead worker took it): that job does the work once this one,
                # which holds the host's lock, is ended.
                try:
                    await manager.finish_job_by_id_async(job.id, status=procrastinate.jobs.Status.ABORTED,
                                                         delete_job=False)
                    log.warning("host %s: its worker stopped answering; the host is taken over", job.lock,
                                extra={"event": "takeover"})
                except procrastinate.exceptions.ConnectorException as exc:   # another worker ended it first
                    log.debug("stalled job %s: %s", job.id, exc)
            except procrastinate.exceptions.ConnectorException as exc:    # another worker retried it first
                log.debug("stalled job %s: %s", job.id, exc)
        busy = {job.lock for status in ("todo", "doing")
                for job in await manager.list_jobs_async(queue=QUEUE, status=status)}
        runlog = self.session.runlog
        names = [s.name for sites in self.hosts.values() for s in sites]
        due = set(await asyncio.to_thread(runlog.due_sites, names))
        for host, sites in self.hosts.items():
            if host in busy or not any(s.name in due for s in sites):
                continue
            try:
                await task.configure(lock=host, queueing_lock=host).defer_async(host=host)
                busy.add(host)
            except procrastinate.exceptions.AlreadyEnqueued:
                busy.add(host)
        return len(busy)

    async def _sleep(self, seconds: float) -> None:
        end = asyncio.get_running_loop().time() + seconds
        while not self.stop() and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(0.1)

    def close(self) -> None:
        self.session.close()


def run_worker(settings: Settings, once: bool = False) -> int:
    """`run.py worker [--once]`: returns the exit code (0; with --once 1 when a run of this worker
    failed; 128 + the signal that stopped it)."""
    with StopFlag() as stop:
        worker = Worker(settings, stop, once)
        try:
            code = asyncio.run(worker.run())
        except ImportError as exc:
            raise StoreError(f"`worker` needs the queue library: pip install -e '.[postgresql]' ({exc})") from None
        finally:
            worker.close()
        log.info("worker stopped after %d jobs", worker.jobs, extra={"event": "stopped"})
        return code
