"""Streaming every matching article's stored fields, for exports and feeds (pipeline/faces/api/export.py).

A scan reads one searcher (and its generation's cache) from start to end, so a commit made
meanwhile never shows half-way through it. Memory is constant in the number of articles
beyond the generation's cache, which the store holds anyway: the matching set is the filters'
bitmask, walked in document order or in the cache's newest-first order, and each article's
stored fields are read and handed on one at a time.
"""

from __future__ import annotations

from typing import Iterator

from index.whoosh_engine.cache import as_bytes
from index.types import Filters
from index.whoosh_engine.search import filter_mask
from index.whoosh_engine.store import IndexStore


def scan_stored(store: IndexStore, filters: Filters | None = None, newest_first: bool = False) -> Iterator[dict]:
    """The stored fields of each live article matching `filters`, one at a time."""
    s, cache = store.reader()
    mask = filter_mask(filters or Filters(), s, cache)
    bits = as_bytes(cache.live if mask is None else mask, cache.size)
    for d in (cache.order if newest_first else range(cache.size)):
        if bits[d >> 3] >> (d & 7) & 1:
            yield s.stored_fields(d)
