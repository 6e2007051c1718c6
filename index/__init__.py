"""Keeping and finding articles.

Callers use three things from here: `open_index` (an object with every method of the `Index`
protocol in index/interface.py), `rebuild_index` (a whole new index from articles, switched to
atomically) and the plain values in index/types.py. The Whoosh backend lives in
index/whoosh_engine/, the only place that imports Whoosh; importing this package imports none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipeline.core.models import Article

from index.interface import Index, IndexWriter
from index.types import MAX_LIMIT, MAX_PAGE, SORTS, Filters, Hit, IndexStats, Problem, SearchResult, Verified

__all__ = ["Index", "IndexWriter", "open_index", "open_writer", "rebuild_index", "check_index", "Filters", "Hit", "IndexStats", "Problem",
           "SearchResult", "Verified", "MAX_LIMIT", "MAX_PAGE", "SORTS"]


def open_index(location: str | Path, create: bool = False) -> Index:
    """Open the index at `location` (a data directory's `index/`); `create` makes an empty one
    when there is none. Raises IndexMissing when there is none and `create` is false."""
    from index.whoosh_engine.backend import WhooshIndex   # Whoosh is slow to import: only when asked for

    return WhooshIndex.open(location, create=create)


def open_writer(location: str | Path) -> IndexWriter:
    """The crawl's writer into the index at `location`, creating the index when there is none
    (and repairing a lost pointer to an intact one). In the Whoosh backend, commits run in a
    process of their own, on the other core."""
    from index.whoosh_engine.background import open_background_writer

    return open_background_writer(location)


def rebuild_index(location: str | Path, articles: Iterable[Article]) -> int:
    """Build a new index from `articles` beside the live one and switch to it atomically."""
    from index.whoosh_engine.backend import rebuild_whoosh

    return rebuild_whoosh(location, articles)


def check_index(location: str | Path, repair: bool = False, deep: bool = True) -> Verified:
    """Verify the index at `location` (readable, consistent, matching what was written); with
    `repair`, fix what needs no rebuild; `deep=False` skips reading every article. Never raises
    for damage: it is reported."""
    from index.whoosh_engine.backend import verify

    return verify(location, repair=repair, deep=deep)
