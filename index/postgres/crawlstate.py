"""The crawl state in PostgreSQL: what the SQLite crawl state (pipeline/crawling/state.py) keeps
on one machine, shared here by every machine that crawls into the same database (tables of
migration 4; the run log and the schedule are in runlog.py).

`PostgresCrawlState` has every method of the SQLite `CrawlState`, and the host turns that keep
politeness across machines (`turn_take`, `turn_end`: the politeness ledger of
pipeline/crawling/politeness.py).
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any, Iterable, Iterator

from psycopg_pool import ConnectionPool

from pipeline.core.models import Article, iso, utcnow
from pipeline.crawling.state import MAX_KEPT_BYTES, RETRY_BASE, RETRY_MAX, CrawlState, UrlState, same_title

from index.postgres import migrations
from index.postgres.connect import open_pool
from pipeline.core.config import redact_url

POOL_SIZE = 8      # connections of one process's crawl state: its host threads take turns on them


def _iso(value: Any) -> Any:
    return iso(value) if isinstance(value, datetime) else value


def open_state_pool(url: str, size: int = POOL_SIZE) -> ConnectionPool:
    """A pool on the database at `url` whose schema is up to date (else one StoreError naming
    `run.py migrate`)."""
    return open_pool(url, size, check=lambda conn: migrations.check(conn, redact_url(url)))


_RECORD_URL = f"""
INSERT INTO hub_urls AS u (url, site, article_url, etag, last_modified, lastmod, status, last_error,
                           attempts, fetched_at, next_due)
VALUES (%(url)s, %(site)s, %(article_url)s, %(etag)s, %(last_modified)s, %(lastmod)s, %(status)s, %(error)s,
        CASE WHEN %(status)s = 'failed' THEN 1 ELSE 0 END, %(fetched_at)s,
        CASE WHEN %(status)s = 'failed' THEN %(fetched_at)s + interval '{RETRY_BASE:g} seconds' END)
ON CONFLICT (url) DO UPDATE SET
  article_url = coalesce(excluded.article_url, u.article_url),
  etag = CASE WHEN excluded.status = 'failed' THEN u.etag ELSE excluded.etag END,
  last_modified = CASE WHEN excluded.status = 'failed' THEN u.last_modified ELSE excluded.last_modified END,
  lastmod = coalesce(excluded.lastmod, u.lastmod),
  status = excluded.status, last_error = excluded.last_error,
  attempts = CASE WHEN excluded.status = 'failed' THEN u.attempts + 1 ELSE 0 END,
  next_due = CASE WHEN excluded.status = 'failed' THEN excluded.fetched_at
                  + least({RETRY_BASE:g} * power(2, u.attempts), {RETRY_MAX:g}) * interval '1 second' END,
  fetched_at = excluded.fetched_at"""


class PostgresCrawlState:
    """The crawl state in the database at `url` (thread-safe: each call takes a pooled connection)."""

    encode = staticmethod(CrawlState.encode)

    def __init__(self, url: str, pool: ConnectionPool | None = None) -> None:
        self.url_display = redact_url(url)
        self._own = pool is None
        self.pool = pool or open_state_pool(url)

    def close(self) -> None:
        if self._own:
            self.pool.close()

    def _one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    # ---- URLs and articles

    def url(self, url: str) -> UrlState | None:
        row = self._one(
            "SELECT u.url, u.article_url, u.etag, u.last_modified, u.lastmod, u.status, u.attempts, u.next_due,"
            " a.content_hash FROM hub_urls u LEFT JOIN hub_stored a ON a.url = u.article_url WHERE u.url = %s", (url,))
        return UrlState(*[_iso(v) for v in row]) if row else None

    def article_hash(self, url: str) -> str | None:
        row = self._one("SELECT content_hash FROM hub_stored WHERE url = %s", (url,))
        return row[0] if row else None

    def record_urls(self, site: str, rows: Iterable[dict]) -> None:
        now = utcnow()
        params = [{"site": site, "article_url": None, "etag": None, "last_modified": None, "lastmod": None,
                   "error": None, **r, "fetched_at": now} for r in rows]
        if not params:
            return
        with self.pool.connection() as conn, conn.transaction():
            conn.cursor().executemany(_RECORD_URL, params)

    def store_articles(self, articles: Iterable[Article], encoded: dict[str, str] | None = None) -> None:
        encoded = encoded or {}
        now = utcnow()
        articles = list({a.url: a for a in articles}.values())
        if not articles:
            return
        with self.pool.connection() as conn, conn.transaction():
            cur = conn.cursor()
            cur.executemany("UPDATE hub_stored SET post_id = NULL WHERE site = %s AND post_id = %s AND url <> %s",
                            [(a.site, a.post_id, a.url) for a in articles if a.post_id])
            cur.executemany(
                """INSERT INTO hub_stored (url, site, content_hash, data, stored_at, post_id)
                   VALUES (%s, %s, %s, %s, %s, %s)
                   ON CONFLICT (url) DO UPDATE SET site = excluded.site, content_hash = excluded.content_hash,
                     data = excluded.data, stored_at = excluded.stored_at, post_id = excluded.post_id""",
                [(a.url, a.site, a.content_hash, encoded.get(a.url) or self.encode(a), now, a.post_id or None)
                 for a in articles])

    def articles(self, site: str | None = None) -> Iterator[Article]:
        sql = "SELECT data FROM hub_stored" + (" WHERE site = %s" if site else "") + " ORDER BY url"
        with self.pool.connection() as conn, conn.transaction():
            with conn.cursor(name="hub_stored_scan") as cur:       # a server-side cursor: any number of articles
                cur.execute(sql, (site,) if site else ())
                for (data,) in cur:
                    yield Article.from_dict(json.loads(data))

    def delete_articles(self, urls: Iterable[str]) -> None:
        urls = list(urls)
        if urls:
            with self.pool.connection() as conn:
                conn.execute("DELETE FROM hub_stored WHERE url = ANY(%s)", (urls,))

    def article_count(self, site: str | None = None) -> int:
        sql = "SELECT count(*) FROM hub_stored" + (" WHERE site = %s" if site else "")
        return self._one(sql, (site,) if site else ())[0]

    def known_article_urls(self, site: str) -> list[str]:
        rows = self._all("SELECT url FROM hub_urls WHERE site = %s AND status IN ('done', 'gone') ORDER BY url",
                         (site,))
        return [r[0] for r in rows]

    def article_url_for_post(self, site: str, post_id: str, title: str | None = None,
                             fetched_as: str | None = None) -> str | None:
        row = self._one("SELECT url, data FROM hub_stored WHERE site = %s AND post_id = %s", (site, post_id))
        if not row:
            return None
        if title is not None and row[0] != fetched_as and not same_title(json.loads(row[1]).get("title", ""), title):
            return None
        return row[0]

    # ---- hosts

    def cached_robots(self, origin: str, max_age_seconds: float) -> tuple[int, str] | None:
        row = self._one("SELECT robots_status, robots_body FROM hub_hosts WHERE origin = %s AND robots_status IS NOT "
                        "NULL AND robots_fetched_at > now() - %s * interval '1 second' AND robots_fetched_at <= now()",
                        (origin, max_age_seconds))
        return (row[0], row[1] or "") if row else None

    def store_robots(self, origin: str, status: int, body: str) -> None:
        with self.pool.connection() as conn:
            conn.execute("""INSERT INTO hub_hosts (origin, robots_status, robots_body, robots_fetched_at)
                            VALUES (%s, %s, %s, now())
                            ON CONFLICT (origin) DO UPDATE SET robots_status = excluded.robots_status,
                              robots_body = excluded.robots_body, robots_fetched_at = excluded.robots_fetched_at""",
                         (origin, status, body))

    def host_not_before(self, origin: str) -> tuple[datetime, str] | None:
        row = self._one("SELECT not_before, not_before_reason FROM hub_hosts WHERE origin = %s AND not_before > now()",
                        (origin,))
        return (row[0], row[1] or "") if row else None

    def set_host_not_before(self, origin: str, until: datetime, reason: str) -> None:
        with self.pool.connection() as conn:
            conn.execute("""INSERT INTO hub_hosts (origin, not_before, not_before_reason) VALUES (%s, %s, %s)
                            ON CONFLICT (origin) DO UPDATE SET not_before = excluded.not_before,
                              not_before_reason = excluded.not_before_reason""", (origin, until, reason))

    # ---- kept copies of discovery resources

    def kept_page(self, url: str) -> tuple[str | None, str | None, bytes] | None:
        row = self._one("SELECT etag, last_modified, content FROM hub_kept_pages WHERE url = %s", (url,))
        if not row:
            return None
        try:
            return row[0], row[1], zlib.decompress(bytes(row[2]))
        except zlib.error:
            return None

    def keep_page(self, url: str, etag: str | None, last_modified: str | None, content: bytes) -> None:
        packed = zlib.compress(content, 6) if (etag or last_modified) else b""
        with self.pool.connection() as conn:
            if not packed or len(packed) > MAX_KEPT_BYTES:
                conn.execute("DELETE FROM hub_kept_pages WHERE url = %s", (url,))
                return
            conn.execute("""INSERT INTO hub_kept_pages (url, etag, last_modified, content, kept_at)
                            VALUES (%s, %s, %s, %s, now())
                            ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                              last_modified = excluded.last_modified, content = excluded.content,
                              kept_at = excluded.kept_at""", (url, etag, last_modified, packed))

    # ---- host turns: the politeness ledger shared by every machine

    def turn_take(self, host: str, delay: float, longest: float) -> float:
        """Take `host`'s turn (0) or say how long to wait for it, by the database's clock: the
        next request starts `delay` after the last one ended, or, while one is marked in flight,
        `longest + delay` after it started (its worker may have died during it)."""
        with self.pool.connection() as conn:
            conn.execute("INSERT INTO hub_turns (host) VALUES (%s) ON CONFLICT (host) DO NOTHING", (host,))
            row = conn.execute(
                """WITH t AS (SELECT host, clock_timestamp() AS now,
                                     CASE WHEN busy_since IS NOT NULL
                                          THEN busy_since + (%(longest)s + %(delay)s) * interval '1 second'
                                          ELSE coalesce(last_end, '-infinity') + %(delay)s * interval '1 second'
                                     END AS earliest
                              FROM hub_turns WHERE host = %(host)s FOR UPDATE)
                   UPDATE hub_turns h SET busy_since = CASE WHEN t.earliest <= t.now THEN t.now ELSE h.busy_since END
                   FROM t WHERE h.host = t.host
                   RETURNING CASE WHEN t.earliest <= t.now THEN 0 ELSE extract(epoch FROM t.earliest - t.now) END""",
                {"host": host, "delay": delay, "longest": longest}).fetchone()
        return float(row[0])

    def turn_end(self, host: str) -> None:
        with self.pool.connection() as conn:
            conn.execute("UPDATE hub_turns SET busy_since = NULL, last_end = clock_timestamp() WHERE host = %s",
                         (host,))
