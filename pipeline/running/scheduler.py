"""Timed runs: every configured site on its own interval, built on the `schedule` library.

`schedule` supplies the timing (intervals, daily times, run_pending, idle_seconds). It has four
gaps for a process that must run for months, each closed here:

- no persistence: each site's last start, last finish, outcome and next due time live in the
  `schedule` table of the crawl-state DB, and the jobs' `next_run` is restored from it at start;
- no replay of missed runs: a restored due time in the past makes the job due now, and
  `run_pending` then runs it once (not once per missed slot) before rescheduling from now;
- an exception in a job escapes `run_pending` and leaves the job due forever: our job function
  never raises; it logs the reason, counts it (`schedule.errors`) and returns;
- no jitter for daily times and no stop: jitter is added to `next_run` after each run, and the
  loop sleeps in short slices on a StopFlag, so SIGTERM ends it between or within runs.

Each due job takes the writer lock for its run only (so a manual `crawl` can run between two
scheduled ones); when the lock is held by another process the job retries `LOCK_RETRY` later.
A run that failed (or erred) is retried with backoff (`retry_wait`), not at the next regular
slot: the due time saved in the DB is the retry's, so `schedule --once` from cron sees it too.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable

import schedule

from pipeline.core.config import Settings, SiteConfig
from pipeline.core.errors import HubindexError
from pipeline.running.heartbeat import Heartbeat
from pipeline.running.lock import LockHeld, WriterLock
from pipeline.core.models import iso, parse_iso, utcnow
from pipeline.running.runlog import ERROR, FAILED, INTERRUPTED, RunLog
from pipeline.running.runs import RunResult, close_stores, open_stores, run_sites
from pipeline.crawling.state import CrawlState
from pipeline.running.stop import StopFlag
from pipeline.core.timespec import format_duration
from pipeline.core.workspace import Workspace

log = logging.getLogger(__name__)

Runner = Callable[[SiteConfig], RunResult]

LOCK_RETRY = 60.0    # seconds before a job that found the writer lock held tries again
RETRY_FIRST = 300.0  # seconds before a failed run is tried again; doubled after each failure in a row
MAX_SLEEP = 60.0     # the loop wakes at least this often (a changed clock is noticed)


def spec_of(site: SiteConfig) -> str:
    """How a site is scheduled, in words; stored to notice a changed config."""
    return f"daily at {site.at}" if site.at else f"every {format_duration(site.every)}"


def retry_wait(failures: int, site: SiteConfig) -> float:
    """Seconds before a site whose last `failures` runs failed is tried again: 5 minutes, then
    10, 20, ... and never longer than its own interval (a day for a daily time), so a retry
    never comes later than the next regular run would."""
    interval = 24 * 3600.0 if site.at else site.every
    return min(RETRY_FIRST * 2 ** min(failures - 1, 20), interval)


def _local(dt: datetime) -> datetime:
    """`schedule` works in naive local time; we store aware UTC."""
    return dt.astimezone().replace(tzinfo=None)


def _utc(naive_local: datetime) -> datetime:
    return naive_local.astimezone(timezone.utc)


class SiteScheduler:
    """The configured sites as `schedule` jobs whose state survives restarts.

    `runner(site)` performs one run and returns its RunResult; it may raise (LockHeld is
    retried later, anything else is logged and counted). Tests pass their own runner.
    """

    def __init__(self, sites: Iterable[SiteConfig], state_path, runner: Runner, stop: StopFlag | None = None,
                 lock_retry: float = LOCK_RETRY, rng: random.Random | None = None, runlog: Any = None) -> None:
        self.runner = runner
        self.stop = stop or StopFlag()
        self.lock_retry = lock_retry
        self.rng = rng or random.Random()
        self.sites = {s.name: s for s in sites}
        # `runlog`: the run log of the stores the settings name (runs.open_stores); else the
        # SQLite crawl state at `state_path`.
        self.state = CrawlState(state_path) if runlog is None else None
        self.runlog = runlog if runlog is not None else RunLog(self.state.db)
        self.results: list[RunResult] = []
        self.errors = 0
        self._sched = schedule.Scheduler()
        self.jobs: dict[str, schedule.Job] = {}
        self._after: dict[str, datetime | None] = {}   # job name -> next_run forced after its run
        for site in self.sites.values():
            job = self._sched.every().day.at(site.at) if site.at else self._sched.every(max(1, round(site.every))).seconds
            self.jobs[site.name] = job.do(self._job, site)
        self._restore()

    def close(self) -> None:
        if self.state is not None:
            self.state.close()

    # ---- persistence

    def _restore(self) -> None:
        """Set each job's next run from the DB: overdue or never run means due now."""
        now = datetime.now()
        for name, job in self.jobs.items():
            site, row = self.sites[name], self.runlog.schedule_row(name)
            if row is None or not row["last_start"]:
                due = now
            elif row["spec"] != spec_of(site):      # the config changed: reschedule from the last run
                last = parse_iso(row["last_finish"] or row["last_start"])
                due = job.next_run if site.at else min(job.next_run, _local(last + timedelta(seconds=site.every)))
            else:
                due = _local(parse_iso(row["next_due"])) if row["next_due"] else now
            job.next_run = due
            self.runlog.save_schedule(name, spec_of(site), next_due=_utc(job.next_run))
            state = "overdue" if due < now - timedelta(seconds=1) else "due" if due <= now else "next"
            log.info("site %s (%s): %s %s", name, spec_of(site), state, _utc(job.next_run).isoformat(timespec="seconds"),
                     extra={"site": name, "event": "scheduled", "next_due": iso(_utc(job.next_run))})

    # ---- the job and the loop

    def _job(self, site: SiteConfig) -> None:
        """Run one site; never raises (a raising job would stop `schedule`'s loop)."""
        if self.stop():
            self._after[site.name] = datetime.now()   # stays due: the next start runs it
            return
        started = utcnow()
        try:
            result = self.runner(site)
        except LockHeld as exc:
            log.warning("site %s: %s; retrying in %s", site.name, exc, format_duration(self.lock_retry),
                        extra={"site": site.name, "event": "lock-held"})
            self._after[site.name] = datetime.now() + timedelta(seconds=self.lock_retry)
            return
        except Exception as exc:  # any failure of one job: log its reason, count it, keep going
            reason = str(exc) if isinstance(exc, HubindexError) else f"unexpected {type(exc).__name__}: {exc}"
            log.error("site %s: job failed: %s", site.name, reason, exc_info=log.isEnabledFor(logging.DEBUG),
                      extra={"site": site.name, "event": "job-error", "reason": reason})
            result = RunResult(site.name, ERROR, reason)
            result.run_id = self.runlog.begin(site.name, "schedule")   # so `status` shows it as the last run
            self.runlog.end(result.run_id, result, result.exit_code)
        else:
            if result.exit_code:
                log.error("site %s: run %s: %s", site.name, result.outcome, result.reason,
                          extra={"site": site.name, "event": "run-failed", "outcome": result.outcome,
                                 "reason": result.reason})
        self.results.append(result)
        self.errors += result.outcome == ERROR
        if result.outcome == INTERRUPTED:
            self._after[site.name] = datetime.now()    # resume at the next start
        elif result.outcome in (FAILED, ERROR):
            # An outage of minutes must not cost a day: retried soon, then less and less often.
            wait = retry_wait(max(1, self.runlog.failures_in_a_row(site.name)), site)
            log.warning("site %s: retrying in %s", site.name, format_duration(wait),
                        extra={"site": site.name, "event": "retry"})
            self._after[site.name] = datetime.now() + timedelta(seconds=wait)
        self.runlog.save_schedule(site.name, spec_of(site), last_start=started, last_finish=utcnow(),
                                  outcome=result.outcome, add_run=1, add_error=int(result.outcome == ERROR))

    def _reschedule(self, ran: list[str]) -> None:
        """After `run_pending`: apply forced times and jitter, and persist every next due time."""
        for name in ran:
            job, site = self.jobs[name], self.sites[name]
            forced = self._after.pop(name, None)
            if forced is not None:
                job.next_run = forced
            elif site.jitter:
                job.next_run += timedelta(seconds=self.rng.uniform(0, site.jitter))
            self.runlog.save_schedule(name, spec_of(site), next_due=_utc(job.next_run))
            log.info("site %s: next run %s", name, _utc(job.next_run).isoformat(timespec="seconds"),
                     extra={"site": name, "event": "scheduled", "next_due": iso(_utc(job.next_run))})

    def tick(self) -> int:
        """Run whatever is due now; returns how many jobs ran."""
        before = {name: job.last_run for name, job in self.jobs.items()}
        self._sched.run_pending()
        ran = [name for name, job in self.jobs.items() if job.last_run != before[name]]
        self._reschedule(ran)
        return len(ran)

    def run(self, once: bool = False, until: float | None = None) -> list[RunResult]:
        """Loop until stopped (or, with `once`, run what is due and return). `until`: seconds to
        run at most (for tests)."""
        deadline = None if until is None else datetime.now() + timedelta(seconds=until)
        while True:
            if not self.tick() and once:
                log.info("nothing due", extra={"event": "idle"})
            if once or self.stop() or (deadline and datetime.now() >= deadline):
                return self.results
            idle = self._sched.idle_seconds
            wait = MAX_SLEEP if idle is None else min(max(idle, 0.0), MAX_SLEEP)
            if deadline:
                wait = min(wait, max(0.0, (deadline - datetime.now()).total_seconds()))
            self.stop.sleep(wait)

    def next_due(self) -> dict[str, datetime]:
        return {name: _utc(job.next_run) for name, job in self.jobs.items()}


def crawl_runner(settings: Settings, stop: StopFlag, outer_lock: WriterLock | None = None,
                 heartbeat: bool = True) -> Runner:
    """The production runner: take the writer lock (unless `outer_lock` already holds it),
    ping the heartbeat, crawl the site and record the run."""
    ws = Workspace(settings.index_dir)

    def run(site: SiteConfig) -> RunResult:
        lock = outer_lock or WriterLock(ws.lock_path, command="schedule")
        own = not lock.held
        lock.acquire()
        try:
            with Heartbeat(settings.crawl.heartbeat_url if heartbeat else "", settings.crawl.full_user_agent) as hb:
                hb.start(f"site {site.name}")
                results = run_sites(settings, [site], "schedule", should_stop=stop)
                result = results[0] if results else RunResult(site.name, INTERRUPTED, "stopped before it started")
                hb.finish(stop.exit_code if stop() else result.exit_code, result.reason or "")
        finally:
            if own:
                lock.release()
        return result

    return run


def run_schedule(settings: Settings, once: bool = False, until: float | None = None) -> int:
    """`run.py schedule [--once]`: returns the exit code.

    --once holds the writer lock for the whole invocation (LockHeld -> 75 at once) and pings the
    heartbeat once; the long-running loop takes the lock and pings per run.
    """
    ws = Workspace(settings.index_dir)
    with StopFlag() as stop:
        if once:
            with WriterLock(ws.lock_path, command="schedule --once") as lock, \
                    Heartbeat(settings.crawl.heartbeat_url, settings.crawl.full_user_agent) as hb:
                hb.start("schedule --once")
                results = _loop(settings, stop, crawl_runner(settings, stop, lock, heartbeat=False), once=True)
                code = stop.exit_code if stop() else max((r.exit_code for r in results), default=0)
                hb.finish(code)
            return code
        _loop(settings, stop, crawl_runner(settings, stop), once=False, until=until)
        log.info("scheduler stopped", extra={"event": "stopped"})
        return 0


def _loop(settings: Settings, stop: StopFlag, runner: Runner, once: bool, until: float | None = None) -> list[RunResult]:
    state, runlog = open_stores(settings)
    try:
        sched = SiteScheduler(settings.sites.values(), None, runner, stop, runlog=runlog)
        return sched.run(once=once, until=until)
    finally:
        close_stores(state, runlog)
