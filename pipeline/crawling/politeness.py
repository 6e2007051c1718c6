"""Per-host politeness, shared by every fetch of a run: one request at a time per host, and the
host's delay before each request (robots.txt, sitemaps, pages, each redirect hop, each retry).

Like a Scrapy downloader slot (one per host name, with its own delay and the time it was last
used), but for threads: a slot is a lock held for the whole request, so a host never sees two
requests of ours at once, whichever site of the run (or which redirect) sends them. The delay
is counted from the end of the host's last response. Sites of one run that share a host share
its slot, so they never add up to more than one host's rate: the slot keeps the longest delay
any of them asked for, and robots.txt's Crawl-delay when that is longer.

Crawls on several machines (`run.py worker`) share a `TurnLedger` as well: the database's record
of when each host's last request ended, and whether one is in flight. A request starts only once
the ledger gives it the host's turn (one atomic statement), and its end is recorded there, so the
delay holds across machines, and when a worker takes over a host from one that died mid-request
(a request marked in flight counts as lasting its longest possible time).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Protocol

log = logging.getLogger(__name__)

JITTER = 0.05            # up to 5% added to each delay: many crawlers never hit a host in lockstep
CRAWL_DELAY_CAP = 30.0   # seconds: a robots.txt Crawl-delay above this is capped (and logged)


class TurnLedger(Protocol):
    """Per-host request times shared by every machine that crawls (index/postgres/crawlstate.py)."""

    def turn_take(self, host: str, delay: float, longest: float) -> float:
        """Mark a request to `host` as starting now and return 0, if it starts `delay` after the
        end of the last one, or, while one is marked in flight, `longest + delay` after that one
        started (its machine may have died during it); else return the seconds left to wait."""

    def turn_end(self, host: str) -> None:
        """The request to `host` has ended."""


class _Slot:
    __slots__ = ("lock", "delay", "last")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.delay = 0.0                 # the longest delay asked for this host
        self.last: float | None = None   # when the host's last response ended (monotonic clock)


class HostSlots:
    """The run's slots, one per host name (lower case)."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, ledger: TurnLedger | None = None,
                 longest_request: float = 0.0) -> None:
        self._sleep = sleep
        self._ledger = ledger
        self._longest = longest_request     # (with a ledger) the most one request can take
        self._slots: dict[str, _Slot] = {}
        self._lock = threading.Lock()

    def _slot(self, host: str) -> _Slot:
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = _Slot()
            return slot

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """robots.txt's Crawl-delay for `host`: a minimum delay from now on, capped."""
        if seconds > CRAWL_DELAY_CAP:
            log.warning("%s asks for a Crawl-delay of %.0f s; capped at %.0f s", host, seconds, CRAWL_DELAY_CAP)
            seconds = CRAWL_DELAY_CAP
        slot = self._slot(host.lower())
        slot.delay = max(slot.delay, seconds)

    def delay(self, host: str) -> float:
        return self._slot(host.lower()).delay

    @contextmanager
    def turn(self, host: str, delay: float) -> Iterator[None]:
        """Hold `host`'s slot for one request: wait for the request before it to end and for the
        delay (at least `delay`, the caller's own) to pass; the response must be read inside."""
        host = host.lower()
        slot = self._slot(host)
        ledger = self._ledger
        with slot.lock:
            slot.delay = max(slot.delay, delay)
            delay = slot.delay * random.uniform(1.0, 1.0 + JITTER)
            if slot.last is not None and slot.delay > 0:
                wait = slot.last + delay - time.monotonic()
                if wait > 0:
                    self._sleep(wait)
            if ledger is not None:
                while (wait := ledger.turn_take(host, delay, self._longest)) > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                slot.last = time.monotonic()
                if ledger is not None:
                    ledger.turn_end(host)
