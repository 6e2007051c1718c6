"""Keeping and finding articles.

Callers use three things from here: `open_index` (an object with every method of the `Index`
protocol in index/interface.py), `rebuild_index` (a whole new index from articles, switched to
atomically) and the plain values in index/types.py. The backend is chosen by the [index]
settings: Whoosh (the default) lives in index/whoosh_engine/, the only place that imports
Whoosh; PostgreSQL in index/postgres/, the only place that imports its driver. Importing this
package imports neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipeline.core.config import IndexSettings
from pipeline.core.models import Article

from index.interface import Index, IndexWriter
from index.types import MAX_LIMIT, MAX_PAGE, SORTS, Filters, Hit, IndexStats, Problem, SearchResult, Verified

__all__ = ["Index", "IndexWriter", "open_index", "open_writer", "rebuild_index", "migrate_index", "check_index",
           "Filters", "Hit", "IndexStats", "Problem", "SearchResult", "Verified", "MAX_LIMIT", "MAX_PAGE", "SORTS"]


def open_index(location: str | Path, create: bool = False, settings: IndexSettings | None = None) -> Index:
    """Open the index the [index] `settings` name: with the Whoosh backend (the default), the
    one at `location` (a data directory's `index/`), which `create` makes when there is none;
    with PostgreSQL, the one in the database at `settings.url`, whose schema `run.py migrate`
    makes. Raises IndexMissing (Whoosh) or StoreError (no schema, schema behind, no server)."""
    if settings is not None and settings.backend == "postgresql":
        from index.postgres.backend import PostgresIndex   # the driver: only when asked for

        return PostgresIndex.open(settings.url, create=create, pool_size=settings.pool_size)
    from index.whoosh_engine.backend import WhooshIndex   # Whoosh is slow to import: only when asked for

    return WhooshIndex.open(location, create=create)


def open_writer(location: str | Path, settings: IndexSettings | None = None) -> IndexWriter:
    """The crawl's writer into the index the [index] `settings` name. Whoosh (the default): the
    index at `location`, created when there is none (and a lost pointer to an intact one
    repaired), with commits in a process of their own, on the other core. PostgreSQL: each batch
    one transaction, committed as it is submitted."""
    if settings is not None and settings.backend == "postgresql":
        from index.postgres.backend import PostgresIndex, PostgresWriter

        return PostgresWriter(PostgresIndex.open(settings.url, pool_size=settings.pool_size))
    from index.whoosh_engine.background import open_background_writer

    return open_background_writer(location)


def rebuild_index(location: str | Path, articles: Iterable[Article], settings: IndexSettings | None = None) -> int:
    """Build a new index from `articles` beside the live one and switch to it atomically."""
    if settings is not None and settings.backend == "postgresql":
        from index.postgres.backend import PostgresIndex

        index = PostgresIndex.open(settings.url, pool_size=max(3, settings.pool_size), rebuilding=True)
        try:
            return index.rebuild(articles)
        finally:
            index.close()
    from index.whoosh_engine.backend import rebuild_whoosh

    return rebuild_whoosh(location, articles)


def migrate_index(settings: IndexSettings) -> tuple[int, list[int]]:
    """Bring the database's schema up to date (PostgreSQL): (its version now, the versions applied)."""
    from index.postgres.backend import migrate_database

    return migrate_database(settings.url)


def check_index(location: str | Path, repair: bool = False, deep: bool = True) -> Verified:
    """Verify the index at `location` (readable, consistent, matching what was written); with
    `repair`, fix what needs no rebuild; `deep=False` skips reading every article. Never raises
    for damage: it is reported."""
    from index.whoosh_engine.backend import verify

    return verify(location, repair=repair, deep=deep)
