"""The index writer in a child process: Whoosh (pure Python) commits one batch on the second
core while the crawl fetches and extracts the next.

The crawl process sends `WriteBatch` messages and reads one reply per batch, in order:
`Committed` or `WriteFailed`. A thread of the writer process empties the pipe into a queue, so
handing a batch over never waits for the commit before it. `CloseWriter` asks the writer to
build the search cache of what it committed and exit. A crawl killed with batches still queued
leaves the writer to end at the closed pipe; those batches were never recorded in the crawl
state, so the next run redoes them.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import StoreError
from pipeline.core.models import Article

from index.whoosh_engine.layout import is_current


@dataclass
class WriteBatch:
    """Add or replace `articles` (by URL), then delete `deletions`: one commit."""
    articles: list[Article]
    deletions: list[str]


@dataclass
class CloseWriter:
    """Nothing more comes: build the search cache and exit."""


@dataclass
class Committed:
    articles: int


@dataclass
class WriteFailed:
    reason: str
    traceback: str


def _serve(path: str, conn) -> None:
    from index.whoosh_engine.store import IndexStore

    # Signals are the crawl's: on Ctrl-C or SIGTERM it finishes the page in hand and closes
    # this writer; a second signal ends the crawl, and this process then ends at the closed pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    inbox: queue.Queue = queue.Queue()

    def receive() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):   # the crawl process is gone: nothing more will come
                inbox.put(None)
                return
            inbox.put(message)
            if isinstance(message, CloseWriter):
                return

    threading.Thread(target=receive, name="hubindex-writer-inbox", daemon=True).start()

    def reply(answer: Committed | WriteFailed) -> bool:
        try:
            conn.send(answer)
            return True
        except (OSError, ValueError):     # the crawl process is gone
            return False

    store, failure, committed = None, None, False
    try:
        try:
            store = IndexStore.open(path, create=True)
            store.cache_on_commit = False    # built once, at the close: per commit it costs O(index)
        except Exception as exc:  # noqa: BLE001 - reported to the crawl, which fails the run with it
            failure = WriteFailed(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        while True:
            message = inbox.get()
            if message is None:
                return                       # batches the crawl never saw committed are redone next run
            if isinstance(message, CloseWriter):
                if committed:
                    try:
                        store.refresh_cache()
                    except Exception:  # noqa: BLE001 - readers build what is missing
                        pass
                reply(Committed(0))
                return
            if failure is not None:
                answer: Committed | WriteFailed = failure
            else:
                try:
                    if message.articles:
                        store.upsert(message.articles)
                    if message.deletions:
                        store.delete(message.deletions)
                    committed = True
                    answer = Committed(len(message.articles))
                except Exception as exc:  # reported to the crawl, which fails the run with it
                    answer = WriteFailed(f"{type(exc).__name__}: {exc}", traceback.format_exc())
            if not reply(answer):
                return
    finally:
        if store is not None:
            store.close()


def open_background_writer(path: str | Path) -> "BackgroundWriter":
    """A writer for the index at `path`, which is created first when there is none (or repaired
    when its pointer was lost beside intact generations)."""
    if not is_current(Path(path)):
        from index.whoosh_engine.store import IndexStore   # only when there is something to create

        IndexStore.open(path, create=True).close()         # create it, or say why it cannot be used
    return BackgroundWriter(path)


class BackgroundWriter:
    """An IndexWriter (index/interface.py) whose commits run in a child process, started with
    the first batch (a recrawl that changes nothing never starts one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._proc = None
        self._conn = None
        self._waiting = 0          # batches submitted whose reply has not been read

    def _start(self) -> None:
        # spawn, not fork: the crawl process has threads (the sites' crawls, perhaps a served
        # sample hub) whose locks a forked child would inherit held.
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(str(self.path), child), name="hubindex-writer", daemon=True)
        self._proc.start()
        child.close()

    def submit(self, articles: list[Article], deletions: list[str]) -> None:
        if self._proc is None:
            self._start()
        self._conn.send(WriteBatch(list(articles), list(deletions)))
        self._waiting += 1

    def wait(self) -> int:
        if not self._waiting:
            return 0
        self._waiting -= 1
        try:
            reply = self._conn.recv()
        except (EOFError, OSError):
            raise StoreError(f"the index writer for {self.path} stopped unexpectedly") from None
        if isinstance(reply, WriteFailed):
            raise StoreError(f"index write failed: {reply.reason}")
        return reply.articles

    def close(self) -> None:
        if self._proc is None:
            return
        try:
            while self._waiting:
                self.wait()
            self._conn.send(CloseWriter())
            self._conn.recv()
        except (EOFError, OSError, StoreError):
            pass                   # the failure was reported where the batch was waited for
        finally:
            self._conn.close()
            self._proc.join(timeout=30)
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc = None
