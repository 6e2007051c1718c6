"""Moving a one-machine deployment to PostgreSQL without crawling again: the SQLite crawl state
(`state.sqlite`: validators, stored articles, robots.txt copies, run log, schedule, kept copies
of sitemaps and listing pages) copied into the database's tables of the same columns
(migrations 4 and 6), in one transaction. The caller then rebuilds the index from the stored
articles, and the next crawl asks every page conditionally, as the old deployment would have.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from index.postgres import migrations
from index.postgres.connect import connect, describe
from pipeline.core.config import redact_url
from pipeline.core.errors import StoreError
from pipeline.crawling.state import open_read_only

# SQLite table -> (database table, its columns in the order copied). Each SQLite table has these
# columns (an older state file may lack a table, or a column added later: it is left out).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "urls": ("hub_urls", ("url", "site", "article_url", "etag", "last_modified", "lastmod", "status",
                          "last_error", "attempts", "fetched_at", "next_due")),
    "articles": ("hub_stored", ("url", "site", "content_hash", "data", "stored_at", "post_id")),
    "hosts": ("hub_hosts", ("origin", "robots_status", "robots_body", "robots_fetched_at", "not_before",
                            "not_before_reason")),
    "runs": ("hub_runs", ("id", "site", "command", "pid", "started_at", "finished_at", "outcome", "exit_code",
                          "reason", "report")),
    "schedule": ("hub_schedule", ("site", "spec", "last_start", "last_finish", "outcome", "next_due", "runs",
                                  "errors")),
    "kept_pages": ("hub_kept_pages", ("url", "etag", "last_modified", "content", "kept_at")),
}
# A run still 'running' in the file ended without finishing: the importer holds the writer lock
# that every run of that deployment held, so no run of it is alive (as RunLog.mark_killed says).
KILLED_REASON = "the process ended before the run finished"


def import_state(url: str, path: str | Path) -> dict[str, int]:
    """Copy the crawl state at `path` into the database at `url` (schema up to date, crawl state
    empty): {SQLite table: rows copied}. Raises StoreError, with nothing copied, when the file
    cannot be read or the database already holds a crawl state."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no crawl state at {path}: nothing to import")
    try:
        source = open_read_only(path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the crawl state at {path}: {exc}") from None
    try:
        conn = connect(url)
        try:
            migrations.check(conn, redact_url(url))
            counts = _copy(source, conn, path)
            conn.commit()
            return counts
        except psycopg.Error as exc:
            raise StoreError(f"importing into PostgreSQL at {redact_url(url)}: {describe(exc, url)}") from None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the crawl state at {path}: {exc}") from None
        finally:
            conn.close()                 # without a commit, nothing copied stays
    finally:
        source.close()


def _copy(source: sqlite3.Connection, conn: psycopg.Connection, path: Path) -> dict[str, int]:
    held = [table for table, _ in TABLES.values()
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]]
    if held:
        stored = conn.execute("SELECT count(*) FROM hub_stored").fetchone()[0]
        raise StoreError(f"the database already holds a crawl state ({stored} stored articles; tables "
                         f"{', '.join(held)}): import {path} only into a schema that has none")
    present = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "articles" not in present or "urls" not in present:
        raise StoreError(f"{path} is not a hubindex crawl state (it has no urls and articles tables)")
    counts: dict[str, int] = {}
    for name, (table, wanted) in TABLES.items():
        if name not in present:
            counts[name] = 0
            continue
        have = {row[1] for row in source.execute(f"PRAGMA table_info({name})")}
        columns = [c for c in wanted if c in have]
        rows = source.execute(f"SELECT {', '.join(columns)} FROM {name}")
        n = 0
        with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        counts[name] = n
    if counts["runs"]:
        conn.execute("UPDATE hub_runs SET outcome = 'killed', reason = %s WHERE outcome = 'running'", (KILLED_REASON,))
        conn.execute("SELECT setval(pg_get_serial_sequence('hub_runs', 'id'), (SELECT max(id) FROM hub_runs))")
    return counts
