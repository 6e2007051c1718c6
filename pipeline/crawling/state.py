"""Crawl state in SQLite (WAL): every known URL with its validators and hash, and the
stored articles the index can be rebuilt from without refetching.

`StateStore` lists what a crawl asks of its crawl state; `CrawlState` keeps it in one SQLite
file on the machine that crawls. With the PostgreSQL backend the same methods keep it in the
database, shared by every machine (index/postgres/crawlstate.py).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from pipeline.core.errors import StoreError
from pipeline.core.models import Article, iso, parse_iso, utcnow

RETRY_BASE = 3600.0             # a URL that failed waits an hour before it is tried again, then 2, 4, ... hours
RETRY_MAX = 7 * 24 * 3600.0     # and never more than a week
MAX_KEPT_BYTES = 8 * 1024 * 1024   # a discovery resource bigger than this once compressed is not kept

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,          -- the URL as discovered (canonicalised)
    site TEXT NOT NULL,
    article_url TEXT,              -- the article's canonical URL once extracted
    etag TEXT,
    last_modified TEXT,
    lastmod TEXT,                  -- the sitemap's lastmod when last fetched
    status TEXT NOT NULL DEFAULT 'new',   -- new | done | not-article | failed
    last_error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT,
    next_due TEXT                  -- a failed URL is not retried before then (backoff across runs)
);
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,          -- canonical URL, the index's key
    site TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    data TEXT NOT NULL,            -- Article.to_dict() as JSON
    stored_at TEXT NOT NULL,
    post_id TEXT                   -- the CMS's post id, which survives a change of slug
);
CREATE INDEX IF NOT EXISTS urls_site ON urls(site);
-- One row per run of one site (pipeline/running/runs.py): what `status` and `status --history` show.
CREATE TABLE IF NOT EXISTS hosts (
    origin TEXT PRIMARY KEY,       -- scheme://host[:port]
    robots_status INTEGER,         -- HTTP status of the last robots.txt fetch (200 or 4xx; failures are not kept)
    robots_body TEXT,
    robots_fetched_at TEXT,
    not_before TEXT,               -- the host asked us to stay away until then (Retry-After, repeated failures)
    not_before_reason TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    command TEXT NOT NULL,         -- crawl | schedule
    pid INTEGER,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL DEFAULT 'running',  -- running | ok | failed | error | interrupted | killed
    exit_code INTEGER,
    reason TEXT,                   -- why it failed, erred or stopped
    report TEXT                    -- CrawlReport.to_dict() as JSON
);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, id);
-- The scheduler's memory across restarts (pipeline/running/scheduler.py), one row per site.
CREATE TABLE IF NOT EXISTS schedule (
    site TEXT PRIMARY KEY,
    spec TEXT NOT NULL,            -- "every 6h" or "daily at 02:30:00": a changed config resets next_due
    last_start TEXT,
    last_finish TEXT,
    outcome TEXT,
    next_due TEXT,
    runs INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0   -- jobs that raised
);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site);
-- Discovery's resources (sitemaps, listing pages, feeds) as they last answered 200, with their
-- validators: a recrawl asks for them conditionally and reads a 304's links from this copy.
CREATE TABLE IF NOT EXISTS kept_pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    content BLOB NOT NULL,         -- zlib-compressed body
    kept_at TEXT NOT NULL
);
"""


@dataclass
class UrlState:
    url: str
    article_url: str | None
    etag: str | None
    last_modified: str | None
    lastmod: str | None
    status: str
    attempts: int = 0
    next_due: str | None = None
    article_hash: str | None = None     # the content hash of its article as stored, if any

    def deferred(self) -> bool:
        """A failed URL whose retry time has not come yet."""
        return self.status == "failed" and bool(self.next_due) and parse_iso(self.next_due) > utcnow()


class StateStore(Protocol):
    """What a crawl reads and writes of its crawl state. Every method a caller may use is listed."""

    @staticmethod
    def encode(article: Article) -> str:
        """The article as the state stores it (JSON)."""

    def url(self, url: str) -> UrlState | None:
        """What the last fetch of `url` gave, with its article's content hash."""

    def article_hash(self, url: str) -> str | None:
        """The content hash of the article stored at canonical `url`."""

    def record_urls(self, site: str, rows: Iterable[dict]) -> None:
        """Write fetch outcomes in one transaction (each row: url, status, optional fields)."""

    def store_articles(self, articles: Iterable[Article], encoded: dict[str, str] | None = None) -> None:
        """Store articles, upserted by URL."""

    def articles(self, site: str | None = None) -> Iterator[Article]:
        """Every stored article (of one site), by URL."""

    def delete_articles(self, urls: Iterable[str]) -> None:
        """Forget the stored articles at these URLs."""

    def article_count(self, site: str | None = None) -> int:
        """How many articles are stored (for one site)."""

    def known_article_urls(self, site: str) -> list[str]:
        """URLs whose last fetch gave an article (or a first 404)."""

    def article_url_for_post(self, site: str, post_id: str, title: str | None = None,
                             fetched_as: str | None = None) -> str | None:
        """The URL of the stored article with this CMS post id."""

    def cached_robots(self, origin: str, max_age_seconds: float) -> tuple[int, str] | None:
        """(status, body) of a robots.txt fetched less than max_age_seconds ago."""

    def store_robots(self, origin: str, status: int, body: str) -> None:
        """Keep a fetched robots.txt."""

    def host_not_before(self, origin: str) -> tuple[datetime, str] | None:
        """When a host asked to be left alone until a future time: (until, why)."""

    def set_host_not_before(self, origin: str, until: datetime, reason: str) -> None:
        """Leave a host alone until `until`."""

    def kept_page(self, url: str) -> tuple[str | None, str | None, bytes] | None:
        """(etag, last_modified, body) of a discovery resource as it last answered 200, if kept."""

    def keep_page(self, url: str, etag: str | None, last_modified: str | None, content: bytes) -> None:
        """Keep a discovery resource's body with its validators (or drop the copy)."""

    def close(self) -> None:
        """Let go of the file or the connections."""


def _locked(method):
    """One caller at a time: the crawl's fetch thread reads and writes cached robots.txt
    (when a redirect leads to a new host) while the main thread records pages."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return wrapper


class CrawlState:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            # Columns added since the first release, for state files made before them.
            for table, column in (("urls", "next_due"), ("articles", "post_id")):
                columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                if column not in columns:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
            self.db.execute("CREATE INDEX IF NOT EXISTS articles_post ON articles(site, post_id)")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open crawl state {self.path}: {exc}") from None

    @_locked
    def close(self) -> None:
        self.db.close()

    @_locked
    def url(self, url: str) -> UrlState | None:
        # With its article's hash in the same query: an unchanged recrawl asks this of every URL.
        row = self.db.execute(
            "SELECT u.url, u.article_url, u.etag, u.last_modified, u.lastmod, u.status, u.attempts, u.next_due,"
            " a.content_hash FROM urls u LEFT JOIN articles a ON a.url = u.article_url WHERE u.url=?",
            (url,)).fetchone()
        return UrlState(*row) if row else None

    @_locked
    def article_hash(self, url: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM articles WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    @_locked
    def record_urls(self, site: str, rows: Iterable[dict]) -> None:
        """Write fetch outcomes (one transaction). Each row: url, status and optional fields."""
        now = iso(utcnow())
        with self.db:
            for r in rows:
                self.db.execute(
                    """INSERT INTO urls (url, site, article_url, etag, last_modified, lastmod, status, last_error,
                                         attempts, fetched_at)
                       VALUES (:url, :site, :article_url, :etag, :last_modified, :lastmod, :status, :error,
                               CASE WHEN :status = 'failed' THEN 1 ELSE 0 END, :fetched_at)
                       ON CONFLICT(url) DO UPDATE SET
                         article_url=COALESCE(excluded.article_url, urls.article_url),
                         etag=CASE WHEN excluded.status='failed' THEN urls.etag ELSE excluded.etag END,
                         last_modified=CASE WHEN excluded.status='failed' THEN urls.last_modified
                                            ELSE excluded.last_modified END,
                         lastmod=COALESCE(excluded.lastmod, urls.lastmod),
                         status=excluded.status, last_error=excluded.last_error,
                         attempts=CASE WHEN excluded.status='failed' THEN urls.attempts + 1 ELSE 0 END,
                         next_due=CASE WHEN excluded.status='failed' THEN urls.next_due END,
                         fetched_at=excluded.fetched_at""",
                    {"site": site, "article_url": None, "etag": None, "last_modified": None, "lastmod": None,
                     "error": None, "fetched_at": now, **r})
                if r.get("status") == "failed":    # (any other outcome clears next_due above)
                    (attempts,) = self.db.execute("SELECT attempts FROM urls WHERE url=?", (r["url"],)).fetchone()
                    wait = min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)
                    self.db.execute("UPDATE urls SET next_due=? WHERE url=?",
                                    (iso(utcnow() + timedelta(seconds=wait)), r["url"]))

    @staticmethod
    def encode(article: Article) -> str:
        """The article as the articles table stores it (JSON)."""
        return json.dumps(article.to_dict(), ensure_ascii=False)

    @_locked
    def store_articles(self, articles: Iterable[Article], encoded: dict[str, str] | None = None) -> None:
        """Store articles (upsert by URL). `encoded`: URL -> `encode(article)` made beforehand
        (a crawl encodes each article as it is extracted, not at the end)."""
        encoded = encoded or {}
        now = iso(utcnow())
        articles = list(articles)
        with self.db:
            # A post id names one article: whichever article held it before lets it go.
            self.db.executemany("UPDATE articles SET post_id=NULL WHERE site=? AND post_id=? AND url<>?",
                                [(a.site, a.post_id, a.url) for a in articles if a.post_id])
            self.db.executemany(
                """INSERT INTO articles (url, site, content_hash, data, stored_at, post_id) VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET site=excluded.site, content_hash=excluded.content_hash,
                     data=excluded.data, stored_at=excluded.stored_at, post_id=excluded.post_id""",
                [(a.url, a.site, a.content_hash, encoded.get(a.url) or self.encode(a), now, a.post_id or None)
                 for a in articles])

    def articles(self, site: str | None = None) -> Iterator[Article]:
        sql = "SELECT data FROM articles" + (" WHERE site=?" if site else "") + " ORDER BY url"
        for (data,) in self.db.execute(sql, (site,) if site else ()):
            yield Article.from_dict(json.loads(data))

    @_locked
    def cached_robots(self, origin: str, max_age_seconds: float) -> tuple[int, str] | None:
        """(status, body) of a robots.txt fetched less than max_age_seconds ago."""
        row = self.db.execute("SELECT robots_status, robots_body, robots_fetched_at FROM hosts WHERE origin=?",
                              (origin,)).fetchone()
        if not row or row[0] is None or not row[2]:
            return None
        age = (utcnow() - parse_iso(row[2])).total_seconds()
        return (row[0], row[1] or "") if 0 <= age < max_age_seconds else None

    @_locked
    def store_robots(self, origin: str, status: int, body: str) -> None:
        with self.db:
            self.db.execute(
                """INSERT INTO hosts (origin, robots_status, robots_body, robots_fetched_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(origin) DO UPDATE SET robots_status=excluded.robots_status,
                     robots_body=excluded.robots_body, robots_fetched_at=excluded.robots_fetched_at""",
                (origin, status, body, iso(utcnow())))

    @_locked
    def host_not_before(self, origin: str) -> tuple[datetime, str] | None:
        """When a host asked to be left alone until a future time: (until, why)."""
        row = self.db.execute("SELECT not_before, not_before_reason FROM hosts WHERE origin=?", (origin,)).fetchone()
        if not row or not row[0]:
            return None
        until = parse_iso(row[0])
        return (until, row[1] or "") if until > utcnow() else None

    @_locked
    def set_host_not_before(self, origin: str, until: datetime, reason: str) -> None:
        with self.db:
            self.db.execute(
                """INSERT INTO hosts (origin, not_before, not_before_reason) VALUES (?, ?, ?)
                   ON CONFLICT(origin) DO UPDATE SET not_before=excluded.not_before,
                     not_before_reason=excluded.not_before_reason""", (origin, iso(until), reason))

    @_locked
    def kept_page(self, url: str) -> tuple[str | None, str | None, bytes] | None:
        """(etag, last_modified, body) of a discovery resource as it last answered 200, if kept."""
        row = self.db.execute("SELECT etag, last_modified, content FROM kept_pages WHERE url=?", (url,)).fetchone()
        if not row:
            return None
        try:
            return row[0], row[1], zlib.decompress(row[2])
        except zlib.error:
            return None                 # a damaged copy is no copy: asked again without validators

    @_locked
    def keep_page(self, url: str, etag: str | None, last_modified: str | None, content: bytes) -> None:
        """Keep a discovery resource's body with its validators (dropped when it has none, or
        is too big to keep). A pure cache of what the server sent: safe to write at once."""
        packed = zlib.compress(content, 6) if (etag or last_modified) else b""
        with self.db:
            if not packed or len(packed) > MAX_KEPT_BYTES:
                self.db.execute("DELETE FROM kept_pages WHERE url=?", (url,))
                return
            self.db.execute(
                """INSERT INTO kept_pages (url, etag, last_modified, content, kept_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
                     content=excluded.content, kept_at=excluded.kept_at""",
                (url, etag, last_modified, packed, iso(utcnow())))

    @_locked
    def known_article_urls(self, site: str) -> list[str]:
        """URLs whose last fetch gave an indexed article (or a first 404): revisited each run
        even when discovery no longer lists them, so deletions are noticed."""
        rows = self.db.execute("SELECT url FROM urls WHERE site=? AND status IN ('done', 'gone') ORDER BY url", (site,))
        return [r[0] for r in rows]

    @_locked
    def article_url_for_post(self, site: str, post_id: str, title: str | None = None,
                             fetched_as: str | None = None) -> str | None:
        """The canonical URL under which the article with this CMS post id is stored. With
        `title`: only when the stored article has that title too, or when the page was reached
        from that URL (`fetched_as`: a redirect from the old slug); otherwise a site that
        renumbered its posts gave the id to another article, which is new, not a renamed one."""
        row = self.db.execute("SELECT url, data FROM articles WHERE site=? AND post_id=?", (site, post_id)).fetchone()
        if not row:
            return None
        if title is not None and row[0] != fetched_as and not same_title(json.loads(row[1]).get("title", ""), title):
            return None
        return row[0]

    @_locked
    def delete_articles(self, urls: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM articles WHERE url=?", [(u,) for u in urls])

    @_locked
    def article_count(self, site: str | None = None) -> int:
        sql = "SELECT COUNT(*) FROM articles" + (" WHERE site=?" if site else "")
        return self.db.execute(sql, (site,) if site else ()).fetchone()[0]


def same_title(a: str, b: str) -> bool:
    """Titles equal but for case and spacing (an edited headline keeps its words' order)."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def open_read_only(path: str | Path, timeout: float = 5) -> sqlite3.Connection:
    """The crawl state for reading only (status, checks, the web pages): nothing is created or
    changed. A WAL database on a read-only file system cannot be opened with `mode=ro` (SQLite
    needs its shared-memory file); there no run can be writing, so it is read as immutable.
    Raises sqlite3.Error when it cannot be read at all."""
    uri = Path(path).resolve().as_uri()
    db = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return db
    except sqlite3.OperationalError:
        db.close()
        if os.access(Path(path).parent, os.W_OK):
            raise
    db = sqlite3.connect(uri + "?immutable=1", uri=True, timeout=timeout)
    db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    return db
