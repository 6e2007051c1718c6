"""Graceful stop on SIGTERM and SIGINT: the first signal asks, the second one insists.

The first signal only sets a flag. The crawl polls it between pages (`crawl_site(should_stop=)`),
so the page in hand is finished, the batch committed and the state written; the scheduler polls
it while it sleeps. A second signal exits the process at once with `os._exit`: no Python code
runs after it, which is as safe as a kill -9 for our stores (SQLite transactions roll back,
Whoosh keeps its last committed generation, the flock goes with the process).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from types import FrameType

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopFlag:
    """Callable: True once a stop was requested. Use as a context manager to own the signals."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._announced = False
        self._previous: dict[int, object] = {}

    def __call__(self) -> bool:
        if self.signum is not None and not self._announced:
            self._announced = True     # logged here, not in the handler: logging is not signal-safe
            log.warning("received %s: finishing the page in hand, then stopping "
                        "(send it again to exit at once)", signal.Signals(self.signum).name)
        return self.signum is not None

    def request(self, signum: int = signal.SIGTERM) -> None:
        """Ask for a stop as a signal would (for callers without signals, and for tests)."""
        if self.signum is None:
            self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, the shell's convention for a run ended by a signal."""
        return 128 + (self.signum or 0)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            os._exit(128 + signum)
        self.signum = signum

    def sleep(self, seconds: float) -> None:
        """Sleep up to `seconds`, waking early (within 0.2 s) when a stop is requested."""
        end = time.monotonic() + max(0.0, seconds)
        while not self() and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def __enter__(self) -> "StopFlag":
        if threading.current_thread() is threading.main_thread():   # only the main thread may
            for sig in SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._previous.clear()
