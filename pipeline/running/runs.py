"""Runs of the crawl, as `crawl` and `schedule` both perform them, and their record in the state DB.

A *run* is one crawl of one site. `run_sites` performs runs (the caller holds the writer lock,
pipeline/running/lock.py), judges each one (ok, failed, error, interrupted) and writes a row with its
CrawlReport into the `runs` table of the crawl-state database, where `status` reads it.
One site's failure, even an exception, is that site's failed run: the next site still runs.

This module ties the pipeline to the index store (it opens both); crawl.py itself stays
unaware of Whoosh.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from pipeline.core.config import Settings, SiteConfig
from pipeline.running.crawl import Progress, crawl_site
from pipeline.core.errors import HubindexError, IndexDamaged
from pipeline.core.models import CrawlReport, iso, parse_iso, utcnow
from pipeline.crawling.state import CrawlState
from pipeline.core.workspace import Workspace

from index import check_index, open_index

log = logging.getLogger(__name__)

OK, FAILED, ERROR, INTERRUPTED, KILLED, RUNNING = "ok", "failed", "error", "interrupted", "killed", "running"
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
    ratio = failure_ratio(report)
    if ratio > max_failure_ratio:
        handled = report.indexed + report.unchanged + report.not_articles + report.failed
        return FAILED, (f"site {report.site}: {report.failed} of {handled} pages failed ({ratio:.0%}), "
                        f"more than crawl.max_failure_ratio {max_failure_ratio:g}")
    return OK, None


class RunLog:
    """The `runs` and `schedule` tables of the crawl-state database (schema in state.py)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def begin(self, site: str, command: str) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO runs (site, command, pid, started_at) VALUES (?, ?, ?, ?)",
                                  (site, command, os.getpid(), iso(utcnow())))
        return int(cur.lastrowid)

    def end(self, run_id: int, result: RunResult, exit_code: int) -> None:
        report = json.dumps(result.report.to_dict(), ensure_ascii=False) if result.report else None
        with self.db:
            self.db.execute("UPDATE runs SET finished_at=?, outcome=?, exit_code=?, reason=?, report=? WHERE id=?",
                            (iso(utcnow()), result.outcome, exit_code, result.reason, report, run_id))

    def mark_killed(self) -> int:
        """Runs still 'running' when we hold the writer lock died without finishing: say so."""
        with self.db:
            cur = self.db.execute("UPDATE runs SET outcome=?, reason=? WHERE outcome=?",
                                  (KILLED, "the process ended before the run finished", RUNNING))
        return cur.rowcount

    def last(self, site: str) -> dict[str, Any] | None:
        rows = self._select("WHERE site=? ORDER BY id DESC LIMIT 1", (site,))
        return rows[0] if rows else None

    def history(self, limit: int, site: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE site=? " if site else ""
        return self._select(where + "ORDER BY id DESC LIMIT ?", ((site,) if site else ()) + (limit,))

    def sites(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT site FROM runs UNION SELECT site FROM schedule")]

    def _select(self, tail: str, params: tuple) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT id, site, command, pid, started_at, finished_at, outcome, exit_code, reason, "
                              "report FROM runs " + tail, params)
        out = []
        for row in cur.fetchall():
            r = dict(zip([d[0] for d in cur.description], row))
            r["report"] = json.loads(r["report"]) if r["report"] else None
            start, end = parse_iso(r["started_at"]), parse_iso(r["finished_at"])
            r["seconds"] = round((end - start).total_seconds(), 3) if start and end else None
            out.append(r)
        return out

    # ---- the scheduler's rows

    def schedule_row(self, site: str) -> dict[str, Any] | None:
        cur = self.db.execute("SELECT site, spec, last_start, last_finish, outcome, next_due, runs, errors "
                              "FROM schedule WHERE site=?", (site,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    def save_schedule(self, site: str, spec: str, **fields: Any) -> None:
        """Upsert the site's row; `fields` among last_start, last_finish, outcome, next_due;
        `add_run`/`add_error` bump the counters."""
        add_run, add_error = int(fields.pop("add_run", 0)), int(fields.pop("add_error", 0))
        cols = {k: iso(v) if hasattr(v, "isoformat") else v for k, v in fields.items()}
        sets = "".join(f", {k}=excluded.{k}" for k in cols)
        with self.db:
            self.db.execute(
                f"INSERT INTO schedule (site, spec, runs, errors{''.join(', ' + k for k in cols)}) "
                f"VALUES (?, ?, ?, ?{', ?' * len(cols)}) "
                f"ON CONFLICT(site) DO UPDATE SET spec=excluded.spec, runs=schedule.runs + excluded.runs, "
                f"errors=schedule.errors + excluded.errors{sets}",
                (site, spec, add_run, add_error, *cols.values()))


ProgressFor = Callable[[SiteConfig], Progress | None]


def run_sites(settings: Settings, sites: Iterable[SiteConfig], command: str, *, max_pages: int | None = None,
              full: bool = False, should_stop: Callable[[], bool] | None = None,
              progress_for: ProgressFor | None = None) -> list[RunResult]:
    """Crawl each site in turn into the index, recording every run. The caller holds the lock.

    Raises only when the stores cannot be opened; a site that fails or raises becomes a
    failed or erred RunResult and the next site runs.
    """
    ws = Workspace(settings.index_dir)
    state = CrawlState(ws.state_path)
    try:
        store = _open_sink(settings, ws)
    except BaseException:
        state.close()
        raise
    runlog = RunLog(state.db)
    results: list[RunResult] = []
    try:
        if runlog.mark_killed():
            log.warning("an earlier run was killed before it finished; its pages are redone")
        for site in sites:
            if should_stop and should_stop():
                break
            run_id = runlog.begin(site.name, command)
            log.info("site %s: run started", site.name, extra={"site": site.name, "event": "run-start"})
            result = _run_one(site, settings, state, store, max_pages, full, should_stop,
                              progress_for(site) if progress_for else None)
            result.run_id = run_id
            runlog.end(run_id, result, result.exit_code)
            _log_result(result)
            results.append(result)
    finally:
        store.close()
        state.close()
    return results


def _open_sink(settings: Settings, ws: Workspace):
    """Where the crawl's articles go: the database (PostgreSQL: each batch one transaction), or
    the Whoosh index through its background writer (commits on the other core)."""
    if settings.index.backend == "postgresql":
        return open_index(ws.index_path, settings=settings.index)
    from index.whoosh_engine.background import BackgroundWriter   # the one place the pipeline reaches into the index
    from index.whoosh_engine.layout import is_current

    if not is_current(ws.index_path):
        from index.whoosh_engine.store import IndexStore

        IndexStore.open(ws.index_path, create=True).close()   # create it, or say why it cannot be used
    damage = check_index(ws.index_path, deep=False).problems   # never crawl into a damaged index
    if damage:
        raise IndexDamaged(damage[0].what, damage[0].fix)
    return BackgroundWriter(ws.index_path)


def _run_one(site: SiteConfig, settings: Settings, state: CrawlState, store, max_pages: int | None, full: bool,
             should_stop: Callable[[], bool] | None, progress: Progress | None) -> RunResult:
    try:
        report = crawl_site(site, settings.crawl, state, store, max_pages=max_pages, full=full,
                            progress=progress, should_stop=should_stop)
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
