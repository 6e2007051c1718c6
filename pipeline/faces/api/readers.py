"""Index access for a multi-threaded server: one `Index` per worker thread, kept fresh.

An `Index` is not thread-safe, so each worker thread owns one. Each follows commits and
rebuilds by itself: a new commit is visible to the next request, and a request never mixes two
generations, because a search or a related lookup reads one generation from start to end.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from index import Filters, Index, open_index
from pipeline.core.config import IndexSettings
from pipeline.core.errors import HubindexError
from pipeline.core.workspace import Workspace
from pipeline.crawling.state import open_read_only


RESPONSE_CACHE_ENTRIES = 1024
RESPONSE_CACHE_MAX_BODY = 256 * 1024


class NotFound(HubindexError):
    """The article asked for is not in the index (a 404)."""


class StorePool:
    """Hands each thread its own `Index` over the data directory's index (an Index is not
    thread-safe; each one follows commits and rebuilds by itself)."""

    def __init__(self, data_dir: str | Path, settings: IndexSettings | None = None) -> None:
        self.workspace = Workspace(Path(data_dir))
        self.settings = settings      # the backend; None: the Whoosh index in data_dir
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Index] = []
        self._runlog: Any = None

    def get(self) -> Index:
        """This thread's index."""
        index = getattr(self._local, "index", None)
        if index is None:
            index = open_index(self.workspace.index_path, settings=self.settings)
            self._local.index = index
            with self._lock:
                self._all.append(index)
        return index

    def runlog(self) -> Any:
        """The database's run log, shared by the threads (PostgreSQL backend), else None: the
        runs are then in the data directory's crawl state (`last_crawl`, the status page)."""
        if self.settings is None or self.settings.backend != "postgresql":
            return None
        with self._lock:
            if self._runlog is None:
                from index.postgres.runlog import PostgresRunLog

                self._runlog = PostgresRunLog(self.settings.url)
            return self._runlog

    def close(self) -> None:
        with self._lock:
            if self._runlog is not None:
                self._runlog.close()
                self._runlog = None
            indexes, self._all = self._all, []
        for index in indexes:
            try:
                index.close()
            except Exception:  # noqa: BLE001 - closing at shutdown; another thread may be mid-request
                pass


class ResponseCache:
    """Answers (content type, body) of recent requests, keyed by index generation and request URI.

    A key holds the generation (directory and Whoosh generation) the request was about to read,
    so a commit or a rebuild makes every older answer unreachable: nothing is ever served from a
    generation older than the one a fresh read would see. Bounded in entries and in body size;
    popular queries (a search box's top terms, a feed polled by many readers) then cost a lookup.
    """

    def __init__(self, entries: int = RESPONSE_CACHE_ENTRIES, max_body: int = RESPONSE_CACHE_MAX_BODY) -> None:
        self.entries, self.max_body = entries, max_body
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._generation = None

    def get(self, key: tuple) -> tuple[str, str] | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple, value: tuple[str, str]) -> None:
        if len(value[1]) > self.max_body:
            return
        with self._lock:
            if key[0] != self._generation:        # a new generation: the old answers are dead weight
                if self._generation is None or key[0] > self._generation:
                    self._data.clear()
                    self._generation = key[0]
                else:
                    return                        # a thread that read an older generation: do not keep it
            self._data[key] = value
            if len(self._data) > self.entries:
                self._data.popitem(last=False)


# ---------------------------------------------------------------- lookups the CLI has no command for


def article(index: Index, ref: str) -> dict[str, Any]:
    """Every field of one article by any variant of its URL or by its id (`run.py show`'s data)."""
    require(index, ref)
    return index.show(ref)


def require(index: Index, ref: str) -> None:
    if index.get(ref) is None:
        raise NotFound(f"not in the index: {ref}")


def facets(index: Index, filters: Filters) -> dict[str, Any]:
    """facet -> [{slug, label, count}] among the articles passing `filters`, most first."""
    return {"facets": index.facets(filters)}


def index_info(index: Index) -> dict[str, Any]:
    """The generation a request would read and how many articles it holds."""
    stats = index.stats()
    return {"generation": stats.generation, "articles": stats.articles}


def last_crawl(workspace: Workspace, runlog: Any = None) -> dict[str, Any] | None:
    """The newest finished run in the crawl state, read without writing (no schema, no WAL change);
    `runlog`: the database's (StorePool.runlog), where the runs are with the PostgreSQL backend."""
    if runlog is not None:
        return runlog.last_finished()
    path = workspace.state_path
    if not path.exists():
        return None
    try:
        db = open_read_only(path)
    except sqlite3.Error:
        return None
    try:
        row = db.execute("SELECT site, command, started_at, finished_at, outcome FROM runs "
                         "WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:          # a state file from before runs were recorded
        return None
    finally:
        db.close()
    if not row:
        return None
    return dict(zip(("site", "command", "started_at", "finished_at", "outcome"), row))
