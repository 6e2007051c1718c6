"""Article extraction in a child process, for big crawls.

A crawl process fetches (one thread, waiting on the network) and extracts (parsing and walking
the HTML: CPU). Python runs one thread at a time, so in one process fetching and extraction
take turns, and the index writer (another process) uses the second core. On a big crawl the
crawl process was the bottleneck, at about 3 ms of CPU per article of which 2 ms extraction.
With extraction in its own process, fetching, extraction and index commits each get a process,
and two cores are both kept busy.

The worker runs at a low priority (EXTRACT_NICE): it uses what CPU the crawl process, the index
writer and the rest of the machine leave. The writer is the one stage that cannot be shared, and
what it has not committed when the last page is fetched is the crawl's tail, on one core; with
the extraction worker yielding to it, it keeps up. Extraction itself does not fall behind: the
crawl process takes over pages whenever the worker has a backlog.

The worker is started only for a crawl with many pages waiting (a small crawl would spend more
on starting a Python process than it saves), and only once a page needs extracting (a recrawl
answered by 304s never starts it). Pages go in and outcomes come back in order; when the worker
has a backlog, the crawl process extracts the next pages itself (crawl.SHARE_AT). The outcome
of a page is the same wherever it is extracted (`outcome`); a test crawls the same site both
ways and compares the index and the crawl state.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import traceback

from pipeline.core.config import SiteConfig
from pipeline.core.errors import ExtractError, HubindexError, NotAnArticle
from pipeline.extraction.extract import extract
from pipeline.core.models import Page

log = logging.getLogger(__name__)
EXTRACT_NICE = 15    # the worker's niceness, added to the crawl's: CPU left over by everything else


def outcome(page: Page, site: SiteConfig):
    """("ok", article, links) | ("not-article", why) | ("failed", why) for a fetched page."""
    links: list[str] = []
    try:
        article = extract(page, site, links=links)
    except NotAnArticle as exc:
        return ("not-article", str(exc))
    except ExtractError as exc:
        return ("failed", str(exc))
    return ("ok", article, links)


def _serve(site: SiteConfig, conn) -> None:
    # Ctrl-C and SIGTERM are the crawl's: it stops taking pages and closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        os.nice(EXTRACT_NICE)
    except (AttributeError, OSError):   # no nice() on this platform: the same work, in any order
        pass
    # A thread empties the pipe into a queue, so the crawl never blocks handing over pages
    # while this process waits to hand back an outcome.
    inbox: queue.Queue = queue.Queue()

    def receive() -> None:
        while True:
            try:
                message = conn.recv()
            except Exception:  # noqa: BLE001 - the crawl is gone (or sent what cannot be read):
                inbox.put(None)  # stop, and the crawl's next read says this process stopped
                return
            inbox.put(message)
            if message is None:
                return

    threading.Thread(target=receive, name="hubindex-extract-inbox", daemon=True).start()
    while True:
        page = inbox.get()
        if page is None:
            return
        try:
            result = outcome(page, site)
        except Exception as exc:  # a bug: reported to the crawl, which fails the run with it
            result = ("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(result)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - an outcome that cannot be sent (a bug): reported
            try:
                conn.send(("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            except Exception:  # noqa: BLE001
                return


class ExtractionCrashed(HubindexError):
    """Extraction of a page failed in a way it never should (a bug), or its process died."""


class ExtractWorker:
    """One extraction process; `submit` pages, then read their outcomes in order with `result`."""

    def __init__(self, site: SiteConfig) -> None:
        # spawn, not fork: the crawl process has threads (the fetch thread, perhaps a served
        # sample hub) whose locks a forked child would inherit held.
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(site, child), name="hubindex-extract", daemon=True)
        self._proc.start()
        child.close()
        self.in_flight = 0

    def submit(self, page: Page) -> None:
        try:
            self._conn.send(page)
        except OSError:
            raise ExtractionCrashed("the extraction process stopped unexpectedly") from None
        self.in_flight += 1

    def ready(self) -> bool:
        """Whether the oldest page in flight has its outcome waiting."""
        return bool(self.in_flight) and self._conn.poll(0)

    def result(self):
        """The outcome of the oldest page in flight (blocks until it is there)."""
        self.in_flight -= 1
        try:
            reply = self._conn.recv()
        except (EOFError, OSError):
            raise ExtractionCrashed("the extraction process stopped unexpectedly") from None
        if reply[0] == "crash":
            log.debug("extraction process traceback:\n%s", reply[2])
            raise ExtractionCrashed(f"extraction failed unexpectedly: {reply[1]}")
        return reply

    def close(self) -> None:
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._conn.close()
        self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=5)
