"""The write path of a crawl run: every site's pages go into one batch, the batch into the index
writer, and only then their crawl state into the state database.

The sites of a run (one thread per host crawled) `add` each page's outcome: its crawl-state row,
and for a new or changed article, the article. A batch of `batch_size` articles goes to the
index writer (`index.IndexWriter`, from `index.open_writer`: in the Whoosh backend a writer process),
which commits each batch in one commit, in order. Up to IN_FLIGHT batches are with the sink at
once, so the crawl goes on while one is committed; a batch's rows are written to the crawl
state only once the sink says it is committed. So a run killed anywhere has recorded nothing it
did not index, and the next run redoes what was not committed.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable

from pipeline.core.models import Article
from pipeline.crawling.state import CrawlState, StateStore

from index import Index, IndexWriter

IN_FLIGHT = 2   # batches handed to the sink and not yet recorded: one being committed, one waiting


class StoreSink:
    """An IndexWriter committing in the calling thread, on an open Index (tests, small tools)."""

    def __init__(self, store: Index) -> None:
        self.store = store
        self._done: deque[int] = deque()

    def submit(self, articles: list[Article], deletions: list[str]) -> None:
        if articles:
            self.store.upsert(articles)
        if deletions:
            self.store.delete(deletions)
        self._done.append(len(articles))

    def wait(self) -> int:
        return self._done.popleft() if self._done else 0

    def close(self) -> None:
        pass


@dataclass
class _Batch:
    articles: dict[str, Article] = field(default_factory=dict)   # by URL: the latest version once
    encoded: dict[str, str] = field(default_factory=dict)        # URL -> the article as the state stores it
    deletions: list[str] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)    # site -> its urls rows
    after: list[Callable[[], None]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.articles or self.deletions or self.rows or self.after)


class Batcher:
    """The run's one open batch and the batches with the sink. Thread-safe: a site thread that
    fills the batch submits it, and waits while IN_FLIGHT batches are ahead of it (so the sites
    slow down to what the writer can take)."""

    def __init__(self, sink: IndexWriter, state: StateStore, batch_size: int) -> None:
        self.sink, self.state, self.batch_size = sink, state, batch_size
        self._lock = threading.Lock()
        self._open = _Batch()
        self._sent: deque[_Batch] = deque()
        self._error: BaseException | None = None

    def add(self, site: str, row: dict | None = None, article: Article | None = None,
            deletions: Iterable[str] = ()) -> None:
        """One page's outcome: its row (recorded after the commit), its article, the articles it
        removes (a page gone twice, an old slug)."""
        with self._lock:
            batch = self._open
            if article is not None:
                batch.articles.pop(article.url, None)
                batch.articles[article.url] = article
                batch.encoded[article.url] = CrawlState.encode(article)
            batch.deletions.extend(deletions)
            if row is not None:
                batch.rows.setdefault(site, []).append(row)
            # (rows alone, as a recrawl answered by 304s makes, are cheap: four times as many)
            if len(batch.articles) >= self.batch_size or len(batch.rows.get(site, ())) >= 4 * self.batch_size:
                self._send()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once everything added so far is committed and recorded."""
        with self._lock:
            self._open.after.append(callback)

    def flush(self) -> None:
        """Send the open batch now (a site ended; the run stops)."""
        with self._lock:
            self._send()

    def close(self) -> None:
        """Send the open batch and record every batch as its commit ends."""
        with self._lock:
            self._send(wait_for=0)

    def _send(self, wait_for: int = IN_FLIGHT) -> None:
        if self._error is not None:
            raise self._error
        batch, self._open = self._open, _Batch()
        if not batch.empty():
            if batch.articles or batch.deletions:
                self.sink.submit(list(batch.articles.values()), batch.deletions)
            self._sent.append(batch)
        while len(self._sent) > wait_for:
            oldest = self._sent.popleft()
            try:
                if oldest.articles or oldest.deletions:
                    self.sink.wait()
            except BaseException as exc:
                self._error = exc
                raise
            self._record(oldest)

    def _record(self, batch: _Batch) -> None:
        if batch.articles:
            self.state.store_articles(batch.articles.values(), batch.encoded)
        if batch.deletions:
            self.state.delete_articles(batch.deletions)
        for site, rows in batch.rows.items():
            self.state.record_urls(site, rows)
        for callback in batch.after:
            callback()
