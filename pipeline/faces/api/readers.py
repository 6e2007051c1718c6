"""Index access for a multi-threaded server: one IndexStore per worker thread, kept fresh.

Whoosh searchers are not thread-safe, and `Searcher.refresh()` is broken in whoosh-reloaded,
so each worker thread owns an `IndexStore`, whose `reader()` reopens its searcher when the
index is no longer up to date: a new commit is visible to the next request, and a request never
mixes two generations, because `search`/`related` read through one searcher from start to end.
A rebuild switches the whole generation directory (`CURRENT`); the pool notices that the
pointer moved and reopens the thread's store.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from index.whoosh_engine.search import Filters, facet_list, lookup, show
from index.whoosh_engine.store import IndexStore, live_dir
from pipeline.core.errors import HubindexError
from pipeline.core.workspace import Workspace


RESPONSE_CACHE_ENTRIES = 1024
RESPONSE_CACHE_MAX_BODY = 256 * 1024


class NotFound(HubindexError):
    """The article asked for is not in the index (a 404)."""


class StorePool:
    """Hands each thread its own IndexStore over the data directory's index."""

    def __init__(self, data_dir: str | Path) -> None:
        self.workspace = Workspace(Path(data_dir))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[IndexStore] = []

    def get(self) -> IndexStore:
        """This thread's store, reopened if a rebuild switched generations since it was opened."""
        store = getattr(self._local, "store", None)
        if store is not None and live_dir(self.workspace.index_path) != store.path:
            self._drop(store)
            store = None
        if store is None:
            store = IndexStore.open(self.workspace.index_path)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def _drop(self, store: IndexStore) -> None:
        self._local.store = None
        with self._lock:
            if store in self._all:
                self._all.remove(store)
        store.close()

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for s in stores:
            try:
                s.close()
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


def article(store: IndexStore, ref: str) -> dict[str, Any]:
    """Every field of one article by any variant of its URL or by its id (`run.py show`'s data)."""
    if lookup(store, ref) is None:
        raise NotFound(f"not in the index: {ref}")
    return show(store, ref)


def require(store: IndexStore, ref: str) -> None:
    if lookup(store, ref) is None:
        raise NotFound(f"not in the index: {ref}")


def facets(store: IndexStore, filters: Filters) -> dict[str, Any]:
    """facet -> [{slug, label, count}] among the articles passing `filters`, most first."""
    return {"facets": facet_list(store, filters)}


def index_info(store: IndexStore) -> dict[str, Any]:
    """The generation a request would read and how many articles it holds."""
    s, _ = store.reader()
    return {"generation": s.reader().generation(), "directory": store.path.name, "articles": s.doc_count()}


def last_crawl(workspace: Workspace) -> dict[str, Any] | None:
    """The newest finished run in the crawl state, read without writing (no schema, no WAL change)."""
    path = workspace.state_path
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
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
