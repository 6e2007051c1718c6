"""The run log and the schedule in PostgreSQL (`hub_runs`, `hub_schedule`, migration 4): every
method of the SQLite `RunLog` (pipeline/running/runlog.py), shared by every machine that crawls.
Times are the database's `timestamptz`; they come back as ISO 8601 text, as SQLite keeps them.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from typing import Any, Iterable

from psycopg_pool import ConnectionPool

from pipeline.core.models import iso

from index.postgres.crawlstate import open_state_pool


def _iso(value: Any) -> Any:
    return iso(value) if isinstance(value, datetime) else value


class PostgresRunLog:
    """The `hub_runs` and `hub_schedule` tables: the SQLite RunLog's methods on the database."""

    def __init__(self, url: str, pool: ConnectionPool | None = None) -> None:
        self._own = pool is None
        self.pool = pool or open_state_pool(url, 2)
        self.machine = socket.gethostname()

    def close(self) -> None:
        if self._own:
            self.pool.close()

    def begin(self, site: str, command: str) -> int:
        with self.pool.connection() as conn:
            return conn.execute("INSERT INTO hub_runs (site, command, pid, machine, started_at) "
                                "VALUES (%s, %s, %s, %s, now()) RETURNING id",
                                (site, command, os.getpid(), self.machine)).fetchone()[0]

    def end(self, run_id: int, result: Any, exit_code: int) -> None:
        report = json.dumps(result.report.to_dict(), ensure_ascii=False) if result.report else None
        with self.pool.connection() as conn:
            conn.execute("UPDATE hub_runs SET finished_at = now(), outcome = %s, exit_code = %s, reason = %s, "
                         "report = %s WHERE id = %s", (result.outcome, exit_code, result.reason, report, run_id))

    def mark_killed(self, sites: Iterable[str] = ()) -> int:
        """Runs of these sites still 'running': their process ended before they finished (the
        caller holds the sites now, so nobody else is running them)."""
        with self.pool.connection() as conn:
            return conn.execute("UPDATE hub_runs SET outcome = 'killed', reason = %s "
                                "WHERE outcome = 'running' AND site = ANY(%s)",
                                ("the process ended before the run finished", list(sites))).rowcount

    def last(self, site: str) -> dict[str, Any] | None:
        rows = self._select("WHERE site = %s ORDER BY id DESC LIMIT 1", (site,))
        return rows[0] if rows else None

    def history(self, limit: int, site: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE site = %s " if site else ""
        return self._select(where + "ORDER BY id DESC LIMIT %s", ((site,) if site else ()) + (limit,))

    def last_finished(self) -> dict[str, Any] | None:
        """The newest finished run of any site (`/health`, the status page)."""
        with self.pool.connection() as conn:
            row = conn.execute("SELECT site, command, started_at, finished_at, outcome FROM hub_runs "
                               "WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
        return dict(zip(("site", "command", "started_at", "finished_at", "outcome"), map(_iso, row))) if row else None

    def failures_in_a_row(self, site: str) -> int:
        with self.pool.connection() as conn:
            rows = conn.execute("SELECT outcome FROM hub_runs WHERE site = %s ORDER BY id DESC LIMIT 20",
                                (site,)).fetchall()
        n = 0
        for (outcome,) in rows:
            if outcome not in ("failed", "error"):
                break
            n += 1
        return n

    def sites(self) -> list[str]:
        with self.pool.connection() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT site FROM hub_runs UNION SELECT site FROM hub_schedule")]

    def _select(self, tail: str, params: tuple) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            cur = conn.execute("SELECT id, site, command, pid, started_at, finished_at, outcome, exit_code, reason, "
                               "report FROM hub_runs " + tail, params)
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        out = []
        for row in rows:
            r = dict(zip(names, row))
            start, end = r["started_at"], r["finished_at"]
            r["seconds"] = round((end - start).total_seconds(), 3) if start and end else None
            r = {k: _iso(v) for k, v in r.items()}
            r["report"] = json.loads(r["report"]) if r["report"] else None
            out.append(r)
        return out

    def schedule_row(self, site: str) -> dict[str, Any] | None:
        with self.pool.connection() as conn:
            cur = conn.execute("SELECT site, spec, last_start, last_finish, outcome, next_due, runs, errors "
                               "FROM hub_schedule WHERE site = %s", (site,))
            row = cur.fetchone()
            return {d[0]: _iso(v) for d, v in zip(cur.description, row)} if row else None

    def save_schedule(self, site: str, spec: str, **fields: Any) -> None:
        add_run, add_error = int(fields.pop("add_run", 0)), int(fields.pop("add_error", 0))
        cols = dict(fields)
        assert set(cols) <= {"last_start", "last_finish", "outcome", "next_due"}, cols
        sets = "".join(f", {k} = excluded.{k}" for k in cols)
        with self.pool.connection() as conn:
            conn.execute(
                f"INSERT INTO hub_schedule AS s (site, spec, runs, errors{''.join(', ' + k for k in cols)}) "
                f"VALUES (%s, %s, %s, %s{', %s' * len(cols)}) "
                f"ON CONFLICT (site) DO UPDATE SET spec = excluded.spec, runs = s.runs + excluded.runs, "
                f"errors = s.errors + excluded.errors{sets}",
                (site, spec, add_run, add_error, *cols.values()))

    def due_sites(self, names: Iterable[str]) -> list[str]:
        """Those of `names` whose next due time has come, or that were never scheduled."""
        names = list(names)
        with self.pool.connection() as conn:
            later = {r[0] for r in conn.execute("SELECT site FROM hub_schedule WHERE site = ANY(%s) "
                                                "AND next_due > now()", (names,))}
        return [n for n in names if n not in later]
