"""The index writer in its own process, so a crawl extracts the next batches on one core while
Whoosh (pure Python) commits earlier ones on the other.

`submit` hands a batch over and returns at once; the writer's receiving thread queues it, so a
long commit (a merge of segments) does not hold up the crawl, and batches that queued up meanwhile
go into one commit. `wait` returns once the oldest batch in flight is committed (or raises the
writer's error); replies come in submission order.
The crawl bounds what is in flight (crawl.MAX_IN_FLIGHT) and writes its crawl state for a batch
only after `wait` says it is committed, so the rule "state after the index commit" holds; a
killed crawl leaves the writer to finish the commit in hand and drop the rest, and the next run
redoes them.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import shutil
import signal
import threading
import traceback
from pathlib import Path

from pipeline.core.errors import StoreError
from pipeline.core.models import Article

from index.whoosh_engine.layout import remove_aside


GATHER = 4    # queued batches committed together, at most...
GATHER_MAX = 2000   # ...and articles (the commit's postings are pooled in memory)
log = logging.getLogger(__name__)


def _serve(path: str, conn) -> None:
    from index.whoosh_engine.store import IndexStore

    # Signals are the crawl's to handle: on Ctrl-C or SIGTERM it finishes the page in hand and
    # asks this process to commit and close; a second signal ends the crawl, and this process
    # then ends at the closed pipe, after its commit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    inbox: queue.Queue = queue.Queue()
    gone = threading.Event()

    def receive() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):   # the crawl process is gone: nothing more will come
                gone.set()
                inbox.put(None)
                return
            inbox.put(message)
            if message[0] == "close":
                return

    threading.Thread(target=receive, name="hubindex-writer-inbox", daemon=True).start()

    def reply(answer) -> bool:
        try:
            conn.send(answer)
            return True
        except (OSError, ValueError):     # the crawl process is gone
            return False

    store = None
    failure = None                       # why the index could not be opened: every batch is told
    try:
        try:
            store = IndexStore.open(path, create=True)
            store.cache_on_commit = False    # built once, when the crawl closes the writer
            # A merge the end of the last crawl left for later (store.merge_light) is done
            # first, while this crawl goes on fetching; its first batch waits in the inbox.
            store.merge_due()
        except Exception as exc:  # noqa: BLE001 - reported to the crawl, which fails the run with it
            failure = (f"{type(exc).__name__}: {exc}", traceback.format_exc())
        committed = False
        warmed = None                        # (generation, its common terms) warmed after a crawl's last batch
        held = None                          # a message taken while gathering batches, not yet handled
        while True:
            message, held = (held, None) if held is not None else (inbox.get(), None)
            if message is None or gone.is_set():
                return                       # batches the crawl never saw committed are redone next run
            if message[0] == "close":
                if committed:
                    # The crawl process is idle by now: it warms every other common term
                    # (see BackgroundWriter.close) once the search cache is saved.
                    try:
                        if warmed is not None and warmed[0] == _generation(store):
                            reply(("warm", str(store.path), warmed[1]))
                        else:
                            store.refresh_cache(part=(0, 2), then=lambda terms: reply(("warm", str(store.path), terms)))
                    except Exception:  # noqa: BLE001 - an optimisation: readers build what is missing
                        pass
                reply(("ok", 0))
                return
            if failure is not None:
                if not reply(("error", *failure)):
                    return
                continue
            # Batches that queued up while the last commit ran go into one commit (each still
            # gets its own reply, in order): fewer, larger segments and so less merging, while
            # a commit stays bounded (at most GATHER batches and GATHER_MAX articles).
            batches = [message]
            total = len(message[1])
            while message[0] == "batch" and not message[2] and len(batches) < GATHER:
                try:
                    nxt = inbox.get_nowait()
                except queue.Empty:
                    break
                if nxt is None or nxt[0] != "batch" or nxt[2] or total + len(nxt[1]) > GATHER_MAX:
                    held = nxt
                    break
                batches.append(nxt)
                total += len(nxt[1])
            try:
                near_end = any(batch[3] for batch in batches)   # from the end of the crawl
                last = any(batch[4] for batch in batches)       # a crawl's last batch
                if message[0] == "adopt":
                    # a segment the crawl wrote itself (store.write_aside): never gathered
                    answers = [("ok", store.adopt(message[1], near_end=near_end))]
                else:
                    latest = {}
                    for _, articles, *_ in batches:
                        for a in articles:
                            latest.pop(a["url"], None)
                            latest[a["url"]] = a     # the same article twice: the later version, once
                    if latest:
                        store.upsert([Article.from_dict(a) for a in latest.values()], near_end=near_end)
                    answers = [("ok", len(articles)) for _, articles, *_ in batches]
                if message[2]:
                    # never gathered: deletions commit after their batch
                    store.delete(message[2], near_end=near_end)
                committed = True
            except Exception as exc:  # reported to the crawl, which fails the run with it
                answers = [("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())] * len(batches)
            for answer in answers:
                if not reply(answer):
                    return
            if last and committed and inbox.empty() and not gone.is_set():
                # The crawl's last batch: until the crawl has written its state and closes this
                # writer, nothing else comes, so the search cache is built (and half the common
                # terms warmed) now rather than at the close. Another site's batch may follow
                # (a crawl of several sites): the next commit makes this one stale, and the
                # close builds the cache again.
                try:
                    warmed = _generation(store), store.refresh_cache(part=(0, 2))
                except Exception:  # noqa: BLE001 - an optimisation: the close builds it
                    warmed = None
    finally:
        if store is not None:
            store.close()


def _generation(store) -> tuple[str, int]:
    """Which committed state of the index `store` holds (its directory, its TOC generation)."""
    return str(store.path), store.ix.latest_generation()


class BackgroundWriter:
    """An ArticleSink whose commits run in a child process (see the module's docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._proc = None          # started on the first batch: a recrawl that changes nothing
        self._conn = None          # never pays for a writer process
        self._in_flight = 0        # batches submitted whose reply has not been read

    def start(self) -> None:
        """Start the writer process now (else the first batch starts it): a big crawl starts it
        early, so its start-up (imports, opening the index) is done before the first batch."""
        if self._proc is not None:
            return
        remove_aside(self.path)    # a dead crawl's segments written aside: this crawl redoes them
        # spawn, not fork: the crawl process may have threads (heartbeat, a served sample hub)
        # whose locks a forked child would inherit held.
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(str(self.path), child), name="hubindex-writer", daemon=True)
        self._proc.start()
        child.close()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(self, articles: list[Article], deletions: list[str], near_end: bool = False,
               last: bool = False) -> None:
        """Hand a batch to the writer and return (the caller bounds how many are in flight);
        `near_end`: a batch from near the end of the crawl, whose commit leaves a big merge for
        later (store.merge_light); `last`: the crawl's last batch (the writer then prepares the
        search cache without waiting for `close`)."""
        self.start()
        self._conn.send(("batch", [a.to_dict() for a in articles], list(deletions), near_end, last))
        self._in_flight += 1

    def submit_aside(self, articles: list[Article], deletions: list[str], near_end: bool = True,
                     take_back=None, last: bool = False) -> int:
        """Like `submit`, but the batch's segment is written here, in the calling process
        (store.write_aside), while the writer process commits the batches before it; the writer
        then only adopts it. For the end of a crawl, when the crawl process has nothing else to
        do: the last batch no longer waits on one core for the commits of the others. Returns
        how many articles the segment holds: `take_back` as for write_aside (the caller
        submits the articles it takes back before this returns)."""
        from index.whoosh_engine.store import write_aside

        self.start()
        side, written = write_aside(self.path, articles, take_back)
        try:
            self._conn.send(("adopt", str(side), list(deletions), near_end, last))
        except BaseException:
            shutil.rmtree(side, ignore_errors=True)
            raise
        self._in_flight += 1
        return written

    def ready(self) -> bool:
        """Whether the oldest batch in flight is committed (its reply waits to be read)."""
        return bool(self._in_flight) and self._conn.poll(0)

    def wait(self) -> int:
        """Block until the oldest batch in flight is committed; returns how many articles it held."""
        if not self._in_flight:
            return 0
        self._in_flight -= 1
        try:
            reply = self._conn.recv()
        except EOFError:
            raise StoreError(f"the index writer for {self.path} stopped unexpectedly") from None
        if reply[0] != "ok":
            raise StoreError(f"index write failed: {reply[1]}")
        return reply[1]

    def _drain(self) -> None:
        while self._in_flight:
            self.wait()

    # The synchronous ArticleSink interface, for callers that do not pipeline.
    def upsert(self, articles: list[Article]) -> int:
        self._drain()
        self.submit(articles, [])
        return self.wait()

    def delete(self, urls) -> int:
        self._drain()
        self.submit([], list(urls))
        return self.wait()

    def close(self) -> None:
        if self._proc is None:
            return
        try:
            self._drain()
            self._conn.send(("close",))
            reply = self._conn.recv()
            if reply[0] == "warm":
                _warm_other_half(self.path, reply[1], reply[2])
                self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            pass
        finally:
            self._conn.close()
            self._proc.join(timeout=30)
            if self._proc.is_alive():
                self._proc.terminate()


def _warm_other_half(root: Path, generation: str, terms: list[str]) -> None:
    """The second half of warming the generation the writer just committed (the writer does
    the first, and listed the common `terms`): both cores, where the crawl's end used to wait
    on one. Best effort: the lists not computed here are computed by the first search that
    needs them."""
    from index.whoosh_engine.store import IndexStore

    try:
        store = IndexStore.open(root)
    except Exception:  # noqa: BLE001 - an optimisation only; the writer reports real failures
        return
    try:
        if str(store.path) == generation:
            store.refresh_cache(part=(1, 2), terms=terms)   # the cache itself is loaded: the writer saved it
    except Exception:  # noqa: BLE001
        log.debug("warming in the crawl process failed", exc_info=True)
    finally:
        store.close()
