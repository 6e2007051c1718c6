"""The record of runs on one machine: the `runs` and `schedule` tables of the SQLite crawl state
(schema in pipeline/crawling/state.py), which `status`, the status page and the scheduler read.
With the PostgreSQL backend the same methods keep them in the database (index/postgres/runlog.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any, Iterable

from pipeline.core.models import iso, parse_iso, utcnow

OK, FAILED, ERROR, INTERRUPTED, KILLED, RUNNING = "ok", "failed", "error", "interrupted", "killed", "running"


class RunLog:
    """The `runs` and `schedule` tables of the crawl-state database (schema in state.py). Runs
    may begin and end in several threads at once (one per host crawled)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._lock = threading.Lock()

    def begin(self, site: str, command: str) -> int:
        with self._lock, self.db:
            cur = self.db.execute("INSERT INTO runs (site, command, pid, started_at) VALUES (?, ?, ?, ?)",
                                  (site, command, os.getpid(), iso(utcnow())))
        return int(cur.lastrowid)

    def end(self, run_id: int, result: Any, exit_code: int) -> None:   # result: a runs.RunResult
        report = json.dumps(result.report.to_dict(), ensure_ascii=False) if result.report else None
        with self._lock, self.db:
            self.db.execute("UPDATE runs SET finished_at=?, outcome=?, exit_code=?, reason=?, report=? WHERE id=?",
                            (iso(utcnow()), result.outcome, exit_code, result.reason, report, run_id))

    def close(self) -> None:
        self.db.close()

    def mark_killed(self, sites: Iterable[str] = ()) -> int:
        """Runs still 'running' when we hold the writer lock died without finishing: say so (of
        every site: the lock says no other run is going on)."""
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

    def failures_in_a_row(self, site: str) -> int:
        """How many of the site's last runs failed or erred, counting back from the last one."""
        n = 0
        for (outcome,) in self.db.execute("SELECT outcome FROM runs WHERE site=? ORDER BY id DESC LIMIT 20", (site,)):
            if outcome not in (FAILED, ERROR):
                break
            n += 1
        return n

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
