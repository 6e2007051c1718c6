"""The Whoosh backend of the `Index` protocol (index/interface.py).

A thin adapter: each method hands over to the engine module that does the work (store.py for
generations and commits, search.py, related.py, suggest.py, scan.py for reads). One object
keeps one searcher and its generation's cache between calls and reopens them when a commit or
a rebuild moved the index on; like Whoosh's searchers, it is not thread-safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from pipeline.core.errors import HubindexError
from pipeline.core.models import Article

from index.types import Filters, Hit, IndexStats, SearchResult
from index.whoosh_engine import related as _related
from index.whoosh_engine import search as _search
from index.whoosh_engine.layout import is_current, live_dir
from index.whoosh_engine.scan import scan_stored
from index.whoosh_engine.stats import count_site, size_on_disk
from index.whoosh_engine.store import IndexStore, article_from_stored, rebuild
from index.whoosh_engine.suggest import suggestions as _suggestions


class WhooshIndex:
    """An on-disk Whoosh index directory (generations under `root`, see store.py)."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store      # the engine's own handle: the crawl's writer process and tests use it

    @classmethod
    def open(cls, root: str | Path, create: bool = False) -> "WhooshIndex":
        return cls(IndexStore.open(root, create=create))

    @property
    def location(self) -> Path:
        return self.store.root

    # ---------------------------------------------------------------- writing

    def upsert(self, articles: Iterable[Article]) -> int:
        # keyed by canonical URL: of a URL given twice in one batch, the last version is kept
        # (the store would index both)
        return self.store.upsert(list({a.url: a for a in articles}.values()))

    def delete(self, urls: Iterable[str]) -> int:
        return self.store.delete(urls)

    # ---------------------------------------------------------------- reading

    def get(self, ref: str) -> Article | None:
        fields = _search.lookup(self.store, ref)
        return article_from_stored(fields) if fields else None

    def show(self, ref: str) -> dict[str, Any]:
        return _search.show(self.store, ref)

    def search(self, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
               sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
               with_suggestions: bool = True) -> SearchResult:
        return _search.search(self.store, text, filters, limit=limit, page=page, sort=sort, with_facets=with_facets,
                              with_highlights=with_highlights, with_suggestions=with_suggestions)

    def facets(self, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
        if filters is None or filters.is_empty:
            return _search.facet_list(self.store)
        counts = self.search("", filters, limit=1, with_facets=True, with_highlights=False,
                             with_suggestions=False).facets
        labels = _search.facet_labels(self.store)
        return {f: [{"slug": slug, "label": labels.get(f, {}).get(slug, slug), "count": n}
                    for slug, n in values.items()] for f, values in counts.items()}

    def related(self, ref: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        return _related.related(self.store, ref, filters, limit=limit)

    def suggestions(self, text: str) -> list[str]:
        s, cache = self.store.reader()
        return _suggestions(s, text, df=cache.doc_frequency)

    def scan(self, filters: Filters | None = None, newest_first: bool = False) -> Iterator[Article]:
        for stored in scan_stored(self.store, filters, newest_first=newest_first):
            yield article_from_stored(stored)

    def generation(self) -> str:
        _, cache = self.store.reader()
        return f"{self.store.path.name}/{cache.generation:09d}"   # generation directories sort by time

    def stats(self, sites: Iterable[str] = ()) -> IndexStats:
        s, _ = self.store.reader()
        return IndexStats(articles=s.doc_count(), generation=self.generation(),
                          bytes_on_disk=size_on_disk(self.store.root),
                          per_site={name: count_site(self.store, name) for name in sites})

    def close(self) -> None:
        self.store.close()


def rebuild_whoosh(root: str | Path, articles: Iterable[Article]) -> int:
    """A new generation built from `articles`, switched to atomically; returns how many."""
    n, _path = rebuild(root, articles)
    return n


def exists(root: str | Path) -> bool:
    """Whether `root` holds an index (without opening Whoosh)."""
    root = Path(root)
    return live_dir(root) is not None or is_current(root)


__all__ = ["WhooshIndex", "rebuild_whoosh", "exists", "HubindexError"]
