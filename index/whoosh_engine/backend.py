"""The Whoosh backend of the `Index` protocol (index/interface.py).

A thin adapter: each method hands over to the engine module that does the work (store.py for
generations and commits, search.py, related.py, suggest.py, scan.py for reads). One object
keeps one searcher and its generation's cache between calls and reopens them when a commit or
a rebuild moved the index on; like Whoosh's searchers, it is not thread-safe.
"""

from __future__ import annotations

import functools
import pickle
import struct
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from pipeline.core.errors import HubindexError, IndexDamaged, StoreError
from pipeline.core.models import Article

from index.types import Filters, Hit, IndexStats, Problem, SearchResult, Verified
from index.whoosh_engine import related as _related
from index.whoosh_engine import search as _search
from index.whoosh_engine.check import REINDEX, cache_problems, checksum_problems, restamp
from index.whoosh_engine.layout import SCHEMA_VERSION, VERSION_FILE, is_current, live_dir, read_version
from index.whoosh_engine.scan import scan_stored
from index.whoosh_engine.stats import count_site, size_on_disk
from index.whoosh_engine.store import IndexStore, article_from_stored, rebuild, repair_current
from index.whoosh_engine.suggest import suggestions as _suggestions


# What Whoosh raises when a segment it reads is truncated or overwritten: at this boundary it
# becomes IndexDamaged, whose message says what to run (`check` finds the damaged file).
_DAMAGE = (EOFError, OSError, ValueError, IndexError, struct.error, zlib.error, pickle.UnpicklingError)


def _translated(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except HubindexError:
            raise
        except _DAMAGE as exc:
            raise IndexDamaged(f"the index at {self.store.root} cannot be read ({type(exc).__name__}: {exc})",
                               "run `run.py check` to find the damage") from exc
    return call


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

    @_translated
    def upsert(self, articles: Iterable[Article]) -> int:
        # keyed by canonical URL: of a URL given twice in one batch, the last version is kept
        # (the store would index both)
        return self.store.upsert(list({a.url: a for a in articles}.values()))

    @_translated
    def delete(self, urls: Iterable[str]) -> int:
        return self.store.delete(urls)

    # ---------------------------------------------------------------- reading

    @_translated
    def get(self, ref: str) -> Article | None:
        fields = _search.lookup(self.store, ref)
        return article_from_stored(fields) if fields else None

    @_translated
    def show(self, ref: str) -> dict[str, Any]:
        return _search.show(self.store, ref)

    @_translated
    def search(self, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
               sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
               with_suggestions: bool = True, synonyms: Mapping[str, Iterable[str]] | None = None,
               highlight: str = "brackets", correct: bool = True) -> SearchResult:
        return _search.search(self.store, text, filters, limit=limit, page=page, sort=sort, with_facets=with_facets,
                              with_highlights=with_highlights, with_suggestions=with_suggestions,
                              synonyms=synonyms, highlight=highlight, correct=correct)

    @_translated
    def counts(self, text: str, filter_sets: list[Filters], synonyms=None) -> list[int]:
        return _search.counts(self.store, text, filter_sets, synonyms)

    @_translated
    def facets(self, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
        return _search.facet_list(self.store, filters)

    @_translated
    def related(self, ref: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        return _related.related(self.store, ref, filters, limit=limit)

    @_translated
    def suggestions(self, text: str) -> list[str]:
        s, cache = self.store.reader()
        return _suggestions(s, text, df=cache.doc_frequency)

    def scan(self, filters: Filters | None = None, newest_first: bool = False) -> Iterator[Article]:
        stored = scan_stored(self.store, filters, newest_first=newest_first)
        while True:
            article = self._next_article(stored)
            if article is None:
                return
            yield article

    @_translated
    def _next_article(self, stored: Iterator[dict]) -> Article | None:
        fields = next(stored, None)
        return None if fields is None else article_from_stored(fields)

    @_translated
    def generation(self) -> str:
        _, cache = self.store.reader()
        return f"{self.store.path.name}/{cache.generation:09d}"   # generation directories sort by time

    @_translated
    def stats(self, sites: Iterable[str] = ()) -> IndexStats:
        s, _ = self.store.reader()
        return IndexStats(articles=s.doc_count(), generation=self.generation(),
                          bytes_on_disk=size_on_disk(self.store.root),
                          per_site={name: count_site(self.store, name) for name in sites})

    def close(self) -> None:
        self.store.close()


def verify(root: str | Path, repair: bool = False, deep: bool = True) -> Verified:
    """Check the index under `root`: its pointer, version, checksums, every stored article and
    the search cache. With `repair`, fix what needs no rebuild (the CURRENT pointer, the search
    cache) and report only what is left. `deep=False` skips reading every stored article (for
    `status`: a second at most on a big index instead of several)."""
    root = Path(root)
    try:
        gen = live_dir(root)
    except IndexDamaged as exc:
        if not repair:
            return Verified([Problem("index", exc.what, exc.fix)])
        gen = repair_current(root)
        if gen is None:
            return Verified([Problem("index", f"no generation under {root} can be opened", REINDEX)])
    if gen is None:
        return Verified([Problem("index", f"there is no index at {root}", "run `run.py crawl`")])
    version = read_version(gen / VERSION_FILE)
    if version != SCHEMA_VERSION:
        return Verified([Problem("index", f"{gen.name} was built by another version (schema {version})", REINDEX)])
    problems = checksum_problems(gen)
    if problems:
        return Verified(problems)
    if repair:
        restamp(gen)          # after a copy or a restore: readers trust the stats again
    try:
        store = IndexStore.open(root)
    except StoreError as exc:
        return Verified([Problem("index", str(exc), REINDEX)])
    try:
        urls: set[str] = set()
        if not deep:
            return Verified(problems, articles=store.count())
        with store.ix.reader() as reader:
            try:
                for d in range(reader.doc_count_all()):
                    if not reader.is_deleted(d):
                        urls.add(reader.stored_fields(d)["url"])
            except Exception as exc:  # noqa: BLE001 - whatever a damaged segment raises, it is damage
                return Verified([Problem("index", f"{gen.name}: a stored article cannot be read "
                                                  f"({type(exc).__name__}: {exc})", REINDEX)])
        for cache in cache_problems(gen):
            if repair:
                cache.unlink(missing_ok=True)
            else:
                problems.append(Problem("index", f"the search cache {cache.name} is damaged (each process "
                                                 f"rebuilds it in memory until it is repaired)",
                                        "run `run.py check --repair`"))
        if repair:
            store.refresh_cache()
        return Verified(problems, articles=len(urls), urls=frozenset(urls))
    finally:
        store.close()


def rebuild_whoosh(root: str | Path, articles: Iterable[Article]) -> int:
    """A new generation built from `articles`, switched to atomically; returns how many."""
    n, _path = rebuild(root, articles)
    return n


def exists(root: str | Path) -> bool:
    """Whether `root` holds an index (without opening Whoosh)."""
    root = Path(root)
    return live_dir(root) is not None or is_current(root)


__all__ = ["WhooshIndex", "rebuild_whoosh", "exists", "verify", "HubindexError"]
