"""robots.txt per RFC 9309, parsed by Protego (wildcards, `$`, longest match)."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from protego import Protego

from pipeline.core.errors import FetchError
from pipeline.crawling.fetch import Fetcher

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB


class Robots:
    """The rules of one host. `allow_all`/`deny_all` cover the cases the RFC names."""

    def __init__(self, parser: Protego | None, allow_all: bool = False, reason: str = "") -> None:
        self._parser = parser
        self._allow_all = allow_all
        self.reason = reason

    def allowed(self, url: str, agent: str) -> bool:
        if self._parser is None:
            return self._allow_all
        return self._parser.can_fetch(url, agent)

    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps) if self._parser is not None else []

    def crawl_delay(self, agent: str) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


ROBOTS_MAX_AGE = 24 * 3600       # RFC 9309: a cached robots.txt is used for at most 24 hours


class RobotsCache:
    """robots.txt per origin: fetched once per run, and kept up to 24 h in the crawl state
    when one is given (failures are never cached: the next run asks again)."""

    def __init__(self, fetcher: Fetcher, agent: str, state=None) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self.state = state
        self._hosts: dict[str, Robots] = {}
        self._lock = threading.RLock()     # the crawl's fetch thread checks redirect hops too

    def for_url(self, url: str) -> Robots:
        origin = _origin(url)
        rules = self._hosts.get(origin)
        if rules is not None:
            return rules
        with self._lock:
            if origin not in self._hosts:
                cached = self.state.cached_robots(origin, ROBOTS_MAX_AGE) if self.state is not None else None
                rules = self._rules(*cached) if cached is not None else self._fetch(origin)
                delay = rules.crawl_delay(self.agent)
                if delay:
                    # every later request to the host waits for it, whichever site of the run sends it
                    self.fetcher.slots.set_crawl_delay(urlsplit(origin).hostname or "", delay)
                self._hosts[origin] = rules
            return self._hosts[origin]

    def known(self, url: str) -> bool:
        """Whether the rules of the URL's origin are already at hand (no fetch needed)."""
        return _origin(url) in self._hosts

    def allowed(self, url: str) -> bool:
        return self.for_url(url).allowed(url, self.agent)

    def _fetch(self, origin: str) -> Robots:
        try:
            # RFC 9309 redirects are followed (up to 5) without the crawl's own hop rules, which
            # would need this very file; the address guard still applies to every hop.
            page = self.fetcher.get(origin + "/robots.txt", expect="any", check_hops=False)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                self._remember(origin, exc.status, "")
                return self._rules(exc.status, "")
            return Robots(None, allow_all=False, reason=f"robots.txt unavailable ({exc.reason}), host skipped")
        text = page.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        self._remember(origin, 200, text)
        return self._rules(200, text)

    def _remember(self, origin: str, status: int, body: str) -> None:
        if self.state is not None:
            self.state.store_robots(origin, status, body)

    @staticmethod
    def _rules(status: int, body: str) -> Robots:
        if 400 <= status < 500:
            return Robots(None, allow_all=True, reason=f"robots.txt: HTTP {status}, all allowed")
        return Robots(Protego.parse(body))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
