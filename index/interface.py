"""What the rest of hubindex asks of an index: the `Index` protocol.

The crawl writes through it, and the CLI, the JSON API, the web pages and the exports read
through it; none of them knows which backend answers. A backend is a class with every method
below (`index.open_index` picks it). Articles are keyed by canonical URL; a reference (`ref`)
is any variant of an article's URL or its 12-digit id (`pipeline.core.models.article_id`).

An `Index` object is not thread-safe: a server keeps one per thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Protocol

from pipeline.core.models import Article

from index.types import Filters, Hit, IndexStats, SearchResult


class IndexWriter(Protocol):
    """A crawl's way into the index: batches committed in order, one commit each, while the
    crawl goes on (`index.open_writer`). Every method a caller may use is listed here."""

    def submit(self, articles: list[Article], deletions: list[str]) -> None:
        """Hand a batch over (articles to add or replace by URL, then URLs to delete); may return
        before it is committed."""

    def wait(self) -> int:
        """Block until the oldest batch not yet waited for is committed; returns its article
        count. Raises StoreError when the commit failed."""

    def close(self) -> None:
        """Commit what was submitted, finish the index (its search cache) and let go of it."""


class Index(Protocol):
    """An open index. Every method a caller may use is listed here."""

    @property
    def location(self) -> Path:
        """Where the index lives (its directory, or the database it is in)."""

    # ---------------------------------------------------------------- writing

    def upsert(self, articles: Iterable[Article]) -> int:
        """Add or replace articles, keyed by canonical URL, in one commit; returns how many."""

    def delete(self, urls: Iterable[str]) -> int:
        """Remove the articles at these canonical URLs in one commit; returns how many were there."""

    # ---------------------------------------------------------------- reading

    def get(self, ref: str) -> Article | None:
        """The article at `ref`, or None."""

    def show(self, ref: str) -> dict[str, Any]:
        """Every stored field of the article at `ref` (id, sources, body...); StoreError-free
        HubindexError when it is not indexed."""

    def search(self, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
               sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
               with_suggestions: bool = True, synonyms: Mapping[str, Iterable[str]] | None = None,
               highlight: str = "brackets", correct: bool = True) -> SearchResult:
        """Ranked full-text search; an empty `text` lists the filtered articles newest first.
        Articles with every word of `text` come first, then those with some of them; `synonyms`
        (word or phrase -> its equivalents) is expanded when searching; `highlight` marks the
        matched words as [[word]] ("brackets") or escaped HTML with <mark> ("html"). When
        nothing matches and a suggestion does, its results come back (`corrected`) unless
        `correct` is false. A filter
        value no article has raises UnknownValue (pipeline/core/errors.py)."""

    def counts(self, text: str, filter_sets: list[Filters],
               synonyms: Mapping[str, Iterable[str]] | None = None) -> list[int]:
        """For each filter set, how many articles `search(text, filters, synonyms=synonyms)`
        finds (its `total`), without ranking or reading any: the counts a search page shows
        beside each filter value."""

    def facets(self, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
        """facet -> [{slug, label, count}] among the articles passing `filters`, most first
        (UnknownValue for a filter value no article has)."""

    def related(self, ref: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        """Articles related to the one at `ref`: the editors' links first, then similar ones,
        each with its reasons."""

    def suggestions(self, text: str) -> list[str]:
        """Corrected versions of `text` built from the index's own words, best first."""

    def scan(self, filters: Filters | None = None, newest_first: bool = False) -> Iterator[dict[str, Any]]:
        """Every article passing `filters`, as stored records (exports and feeds)."""

    def generation(self) -> str:
        """An opaque label of what a read sees now; it changes with every commit and rebuild,
        and labels of later states sort after earlier ones (a cache key for answers)."""

    def stats(self, sites: Iterable[str] = ()) -> IndexStats:
        """How many articles, the generation, bytes on disk, and the count of each named site."""

    def close(self) -> None:
        """Release files and connections."""
