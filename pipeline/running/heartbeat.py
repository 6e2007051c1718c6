"""Heartbeat pings for dead-man's-switch monitors (healthchecks.io, Cronitor, Uptime Kuma...).

`[crawl] heartbeat_url` is pinged at `URL/start` when a run starts and at `URL/<exit code>`
when it ends (`URL/0` is success), the convention healthchecks.io documents. A monitor then
alarms when pings stop coming or report failure.

Pings go out on one background thread, in order, with a short timeout, so they never delay a
crawl; a ping that fails is logged and forgotten, never an error of the run. This is not a
crawl request, so it bypasses `fetch.Fetcher` on purpose: no robots.txt, politeness delay,
retries or byte cap apply to our own monitoring endpoint.
"""

from __future__ import annotations

import logging
import queue
import threading

log = logging.getLogger(__name__)

PING_TIMEOUT = 3.0   # seconds per ping: a slow monitor must not hold a finished run open for long


class Heartbeat:
    """Ordered fire-and-forget pings; `close()` waits (bounded) for the last ones to go out."""

    def __init__(self, url: str, user_agent: str = "hubindex", timeout: float = PING_TIMEOUT) -> None:
        self.url = url.rstrip("/")
        self.user_agent = user_agent
        self.timeout = timeout
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.sent: list[str] = []      # URLs pinged successfully (for logs and tests)
        self._started = self._finished = False

    def start(self, message: str = "") -> None:
        self._started = True
        self._ping("start", message)

    def finish(self, exit_code: int, message: str = "") -> None:
        self._finished = True
        self._ping(str(exit_code), message)

    def _ping(self, suffix: str, message: str) -> None:
        if not self.url:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._worker, name="heartbeat", daemon=True)
            self._thread.start()
        self._queue.put((f"{self.url}/{suffix}", message))

    def _worker(self) -> None:
        import requests     # here: a crawl without a heartbeat URL does not pay for importing it

        with requests.Session() as session:
            session.headers["User-Agent"] = self.user_agent
            while (item := self._queue.get()) is not None:
                url, message = item
                try:
                    resp = session.post(url, data=message.encode("utf-8"), timeout=(self.timeout, self.timeout))
                    if resp.status_code >= 400:
                        log.warning("heartbeat ping %s answered HTTP %d", url, resp.status_code)
                    else:
                        self.sent.append(url)
                except requests.RequestException as exc:
                    log.warning("heartbeat ping %s failed: %s", url, type(exc).__name__)

    def close(self) -> None:
        """Let queued pings go out, waiting at most about two timeouts per queued ping."""
        if self._thread is None:
            return
        pending = self._queue.qsize() + 1
        self._queue.put(None)
        self._thread.join(timeout=2 * self.timeout * pending)
        self._thread = None

    def __enter__(self) -> "Heartbeat":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None and self._started and not self._finished:
            self.finish(1, f"{type(exc).__name__}: {exc}")   # a run that raised is a failed run
        self.close()
