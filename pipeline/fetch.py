"""The only module that speaks HTTP: a polite fetcher with timeouts, retries and a byte cap."""

from __future__ import annotations

import email.utils
import random
import time
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests
import urllib3

from .config import CrawlSettings
from .errors import FetchError
from .models import Page

MAX_REDIRECTS = 5
RETRY_AFTER_CAP = 120.0      # seconds: a server asking for longer is skipped for this run
RETRY_STATUSES = {429, 500, 502, 503, 504}
CHUNK = 64 * 1024


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), timezone.utc)
    return max(0.0, (when - now_dt).total_seconds())


class Fetcher:
    """One HTTP session per run, one request at a time per host, a delay between them.

    `get` returns a Page for 2xx and 304 responses and raises FetchError for the rest,
    after retrying the transient ones (5xx, 429, network errors) a bounded number of times.
    """

    def __init__(self, crawl: CrawlSettings, delay: float | None = None, sleep=time.sleep) -> None:
        self.crawl = crawl
        self.delay = crawl.delay if delay is None else delay
        self.session = requests.Session()
        self.session.max_redirects = MAX_REDIRECTS
        self.session.headers.update({
            "User-Agent": crawl.full_user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        })
        self._last: dict[str, float] = {}
        self._sleep = sleep
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None and self.delay > 0:
            # Jitter keeps many hubindex instances from hitting a host in lockstep.
            wait = last + self.delay * random.uniform(0.8, 1.2) - time.monotonic()
            if wait > 0:
                self._sleep(wait)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = (urlsplit(url).hostname or "").lower()
        attempts = self.crawl.retries + 1
        for attempt in range(attempts):
            self._wait_for_host(host)
            try:
                page = self._get_once(url, headers)
            except FetchError as exc:
                retryable = exc.status is None or exc.status in RETRY_STATUSES
                if not retryable or attempt == attempts - 1 or getattr(exc, "no_retry", False):
                    raise
                wait = getattr(exc, "retry_after", None)
                if wait is None:
                    wait = max(self.delay, 0.5) * (2 ** attempt) * random.uniform(0.8, 1.2)
                if wait > RETRY_AFTER_CAP:
                    raise FetchError(url, f"server asked to wait {wait:.0f}s (cap {RETRY_AFTER_CAP:.0f}s)", exc.status) from None
                self._sleep(wait)
                continue
            return page
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str]) -> Page:
        host = (urlsplit(url).hostname or "").lower()
        deadline = time.monotonic() + self.crawl.timeout
        try:
            resp = self.session.get(url, headers=headers, stream=True,
                                    timeout=(min(10.0, self.crawl.timeout), self.crawl.timeout))
        except requests.TooManyRedirects:
            err = FetchError(url, f"more than {MAX_REDIRECTS} redirects")
            err.no_retry = True  # type: ignore[attr-defined]
            raise err from None
        except requests.Timeout:
            raise FetchError(url, "timeout") from None
        except requests.ConnectionError as exc:
            raise FetchError(url, _network_reason(exc)) from None
        except requests.RequestException as exc:
            err = FetchError(url, f"request failed: {_short(exc)}")
            err.no_retry = True  # type: ignore[attr-defined]
            raise err from None
        finally:
            self.requests_made += 1
            self._last[host] = time.monotonic()
        with resp:
            if resp.status_code == 304:
                return Page(url=url, final_url=resp.url, status=304, headers=_headers(resp), content=b"")
            if not 200 <= resp.status_code < 300:
                err = FetchError(url, f"HTTP {resp.status_code}", resp.status_code)
                err.retry_after = parse_retry_after(resp.headers.get("Retry-After"))  # type: ignore[attr-defined]
                raise err
            body = bytearray()
            try:
                # read1 returns what has arrived (decoded), so a server dripping bytes is
                # caught by the total deadline instead of holding a 64 KiB read open.
                while chunk := resp.raw.read1(CHUNK, decode_content=True):
                    body += chunk
                    if len(body) > self.crawl.max_bytes:
                        err = FetchError(url, f"body larger than {self.crawl.max_bytes} bytes")
                        err.no_retry = True  # type: ignore[attr-defined]
                        raise err
                    if time.monotonic() > deadline:
                        raise FetchError(url, "timeout (total deadline)")
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                raise FetchError(url, f"body read failed: {_short(exc)}") from None
            self._last[host] = time.monotonic()
            return Page(url=url, final_url=resp.url, status=resp.status_code,
                        headers=_headers(resp), content=bytes(body))


def _headers(resp: requests.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in resp.headers.items()}


_NETWORK_REASONS = (
    ("connection refused", "connection refused"),
    ("name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("temporary failure in name resolution", "host name not found"),
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
