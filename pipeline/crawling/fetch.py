"""The only module that speaks HTTP: a polite fetcher with deadlines, retries, a byte cap,
redirects checked hop by hop, and connections only to allowed addresses."""

from __future__ import annotations

import email.utils
import logging
import random
import time
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError, SSLError

from pipeline.core.config import CrawlSettings
from pipeline.core.errors import FetchError
from pipeline.core.models import Page
from pipeline.crawling.netguard import REFUSED_MARK, AddressPolicy, pool_manager
from pipeline.crawling.politeness import HostSlots

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
RETRY_AFTER_CAP = 120.0      # seconds: a server asking for longer is skipped for this run
HOST_FAILURE_LIMIT = 5       # consecutive transient failures after which a host is paused for the run
HOST_BACKOFF_AFTER_PAUSE = 900.0   # seconds a paused host is left alone by the following runs
HOST_BACKOFF_MAX = 24 * 3600.0     # the longest a Retry-After keeps later runs away
CHUNK = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Content types worth reading, by what the caller expects; anything else is refused unread.
ACCEPTED_TYPES = {
    "html": ("text/html", "application/xhtml+xml", "application/xml", "text/xml", ""),
    "xml": ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "application/x-gzip",
            "application/gzip", "application/octet-stream", "text/plain", "text/html", ""),
    "any": None,
}

# A hop check returns None to allow a URL, or the reason it is refused.
HopCheck = Callable[[str], "str | None"]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), timezone.utc)
    return max(0.0, (when - now_dt).total_seconds())


class Fetcher:
    """One HTTP session per site and run; every request (each redirect hop and each retry
    included) takes its host's turn in `slots` (politeness.HostSlots, shared by the run's sites):
    one request at a time per host, the delay before each.

    `get` returns a Page for 2xx and 304 responses and raises FetchError for everything else,
    after retrying the transient failures (5xx, 429, network errors) a bounded number of times;
    a timeout (a silent or dripping server) is retried once at most.
    Redirects are followed here, not by the HTTP library, so that every hop is checked again: by
    `hop_check` (scope, robots.txt) and by the address policy when its socket is opened.
    """

    def __init__(self, crawl: CrawlSettings, delay: float | None = None, sleep=time.sleep,
                 policy: AddressPolicy | None = None, hop_check: HopCheck | None = None,
                 slots: HostSlots | None = None) -> None:
        self.crawl = crawl
        self.delay = crawl.delay if delay is None else delay
        # urllib3 directly (requests' session layer cost as much CPU per page again): no
        # proxies from the environment, so the guard sees every connection; no cookies.
        self.http = pool_manager(policy, ca_certs=_ca_bundle())
        self.headers = {
            "User-Agent": crawl.full_user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
        self.hop_check = hop_check
        self.slots = slots if slots is not None else HostSlots(sleep)
        self._failures: dict[str, int] = {}
        self.paused: dict[str, str] = {}          # host -> why it is paused for this run
        self.backoff: dict[str, tuple[float, str]] = {}   # host -> (seconds to stay away, why), for later runs
        self._sleep = sleep
        self.requests_made = 0

    def close(self) -> None:
        self.http.clear()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None, expect: str = "html",
            check_hops: bool = True) -> Page:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = (urlsplit(url).hostname or "").lower()
        if host in self.paused:
            raise FetchError(url, self.paused[host], retryable=False)
        attempts = self.crawl.retries + 1
        timeouts = 0
        for attempt in range(attempts):
            try:
                page = self._follow(url, headers, expect, check_hops)
            except FetchError as exc:
                if not exc.retryable:
                    raise
                # A server that is silent or drips its body costs up to `timeout` per try: once more at most.
                timeouts += exc.reason.startswith("timeout")
                if attempt == attempts - 1 or timeouts > 1:
                    self._host_failed(host, exc)
                    raise
                wait = exc.retry_after
                if wait is None:
                    wait = max(self.delay, 0.5) * (2 ** attempt) * random.uniform(0.8, 1.2)
                if wait > RETRY_AFTER_CAP:
                    self._host_failed(host, exc)
                    self.backoff[host] = (min(wait, HOST_BACKOFF_MAX), f"Retry-After {wait:.0f} s")
                    raise FetchError(url, f"server asked to wait {wait:.0f} s (cap {RETRY_AFTER_CAP:.0f} s)",
                                     exc.status, retryable=True) from None
                self._sleep(wait)
                continue
            self._failures[host] = 0
            return page
        raise AssertionError("unreachable")

    def _host_failed(self, host: str, exc: FetchError) -> None:
        self._failures[host] = self._failures.get(host, 0) + 1
        if self._failures[host] >= HOST_FAILURE_LIMIT and host not in self.paused:
            self.paused[host] = f"host paused after {HOST_FAILURE_LIMIT} consecutive failures (last: {exc.reason})"
            self.backoff.setdefault(host, (HOST_BACKOFF_AFTER_PAUSE, self.paused[host]))
            log.warning("%s: %s", host, self.paused[host])

    def _follow(self, url: str, headers: dict[str, str], expect: str, check_hops: bool = True) -> Page:
        """One attempt: the request and up to MAX_REDIRECTS redirects, each hop checked."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if current != url and check_hops and self.hop_check is not None:
                refusal = self.hop_check(current)
                if refusal:
                    raise FetchError(url, f"redirect refused: {refusal} ({current})", retryable=False)
            page = self._get_once(url, current, headers, expect)
            if isinstance(page, Page):
                return page
            current = page                # a redirect: the next hop's URL
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", retryable=False)

    def _get_once(self, url: str, current: str, headers: dict[str, str], expect: str) -> Page | str:
        """Fetch `current`: its Page, or for a redirect the absolute URL it points to."""
        host = (urlsplit(current).hostname or "").lower()
        with self.slots.turn(host, self.delay):
            return self._request(url, current, headers, expect)

    def _request(self, url: str, current: str, headers: dict[str, str], expect: str) -> Page | str:
        deadline = time.monotonic() + self.crawl.timeout
        try:
            resp = self.http.urlopen(
                "GET", current, headers={**self.headers, **headers}, redirect=False, retries=False,
                preload_content=False, decode_content=True,
                timeout=urllib3.Timeout(connect=min(10.0, self.crawl.timeout), read=self.crawl.timeout))
        except NewConnectionError as exc:      # before TimeoutError: urllib3 makes it a subclass
            raise _connection_error(url, exc) from None
        except urllib3.exceptions.TimeoutError:
            raise FetchError(url, "timeout") from None
        except (ProtocolError, SSLError, OSError) as exc:
            raise _connection_error(url, exc) from None
        except (HTTPError, ValueError) as exc:  # a URL urllib3 cannot use (bad port, no host...)
            raise FetchError(url, f"request failed: {_short(exc)}", retryable=False) from None
        finally:
            self.requests_made += 1
        complete = False
        try:
            status = resp.status
            if status in REDIRECT_STATUSES:
                target = resp.headers.get("Location")
                if not target:
                    raise FetchError(url, f"HTTP {status} without a Location", status, retryable=False)
                return urljoin(current, target)
            if status == 304:
                return Page(url=url, final_url=current, status=304, headers=_headers(resp), content=b"")
            if not 200 <= status < 300:
                raise FetchError(url, f"HTTP {status}", status,
                                 retry_after=parse_retry_after(resp.headers.get("Retry-After")))
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            accepted = ACCEPTED_TYPES[expect]
            if accepted is not None and ctype not in accepted:
                raise FetchError(url, f"unwanted content type {ctype}", status, retryable=False)
            body = bytearray()
            try:
                # read1 returns what has arrived (decoded, at most CHUNK bytes), so a server
                # dripping bytes is caught by the total deadline, and a compression bomb by the cap.
                while chunk := resp.read1(CHUNK, decode_content=True):
                    body += chunk
                    if len(body) > self.crawl.max_bytes:
                        raise FetchError(url, f"body larger than {self.crawl.max_bytes} bytes", retryable=False)
                    if time.monotonic() > deadline:
                        raise FetchError(url, "timeout (total deadline)")
            except (HTTPError, OSError) as exc:
                raise FetchError(url, f"body read failed: {_short(exc)}") from None
            complete = True
            return Page(url=url, final_url=current, status=status, headers=_headers(resp), content=bytes(body))
        finally:
            if complete:
                resp.release_conn()     # read to the end: the connection is reused
            else:
                resp.close()            # an unread or half-read body: the connection is dropped


def _ca_bundle() -> str | None:
    """certifi's CA bundle where installed (as with requests), else the system's."""
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


def _connection_error(url: str, exc: Exception) -> FetchError:
    text = str(exc)
    if REFUSED_MARK in text:
        reason = text[text.index(REFUSED_MARK) + len(REFUSED_MARK) + 2:].split("'")[0].split('"')[0].rstrip(")")
        return FetchError(url, f"refused: {reason}", retryable=False)
    return FetchError(url, _network_reason(exc))


def _headers(resp: urllib3.BaseHTTPResponse) -> dict[str, str]:
    return {k.lower(): v for k, v in resp.headers.items()}


_NETWORK_REASONS = (
    ("connection refused", "connection refused"),
    ("name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("temporary failure in name resolution", "host name not found"),
    ("name resolution failed", "host name not found"),
    ("no address associated", "host name not found"),
    ("connection reset", "connection reset"),
    ("timed out", "timeout"),
    ("certificate verify failed", "TLS certificate not trusted"),
    ("ssl", "TLS error"),
    ("network is unreachable", "network unreachable"),
    ("remotedisconnected", "server closed the connection"),
    ("connection aborted", "server closed the connection"),
)


def _network_reason(exc: Exception) -> str:
    """A short, stable reason for a network failure (urllib3's messages run to hundreds of characters)."""
    text = str(exc).lower()
    for needle, reason in _NETWORK_REASONS:
        if needle in text:
            return reason
    return f"connection failed: {_short(exc)}"


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
