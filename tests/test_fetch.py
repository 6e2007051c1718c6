"""pipeline/crawling/fetch.py against a real stdlib HTTP server on 127.0.0.1 (no mocks of our own HTTP)."""

from __future__ import annotations

import email.utils
import gzip
import re
import socket
import time
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.core.config import CrawlSettings
from pipeline.core.errors import FetchError
from pipeline.crawling.fetch import MAX_REDIRECTS, RETRY_AFTER_CAP, Fetcher, parse_retry_after
from tests.localserver import QuietHandler, serve

ETAG = '"v1"'
LAST_MODIFIED = "Tue, 05 Mar 2024 14:30:00 GMT"
OK_BODY = b"<!doctype html><html><head><title>OK</title></head><body><p>Hello</p></body></html>"
BIG_BODY = b"x" * (2 * 1024 * 1024)
SLOW_SECONDS = 1.3          # longer than the 1 s timeout the tests use
MAX_BYTES = 64 * 1024


class Handler(QuietHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        hit = self.server.record(self.path, self.headers)
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if path == "/ok":
            self.send_body(200, OK_BODY, headers=validators)
        elif path == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_body(304, headers=validators)
            else:
                self.send_body(200, OK_BODY, headers=validators)
        elif path == "/flaky":
            self.send_body(503, b"busy") if hit <= 2 else self.send_body(200, OK_BODY)
        elif path == "/down":
            self.send_body(503, b"down")
        elif path == "/retry-after":
            self.send_body(429, b"slow down", headers={"Retry-After": "1"}) if hit == 1 else self.send_body(200, OK_BODY)
        elif path == "/retry-after-long":
            self.send_body(503, b"maintenance", headers={"Retry-After": "3600"})
        elif path == "/retry-after-odd":
            # \xb2 is SUPERSCRIPT TWO in latin-1, the charset of HTTP header values: str.isdigit() is True
            self.send_body(503, b"busy", headers={"Retry-After": "\xb2"}) if hit == 1 else self.send_body(200, OK_BODY)
        elif path == "/big":
            self.send_body(200, BIG_BODY)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"y" * 16384
            try:
                for _ in range(4096):          # 64 MB at most, should the client never hang up
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/gzip":
            self.send_body(200, gzip.compress(OK_BODY), headers={"Content-Encoding": "gzip"})
        elif path == "/missing":
            self.send_body(404, b"<h1>Not found</h1>")
        elif path == "/gone":
            self.send_body(410, b"gone")
        elif path == "/loop":
            self.send_body(302, headers={"Location": "/loop"})
        elif path == "/redirect":
            self.send_body(301, headers={"Location": "/ok"})
        elif path == "/no-location":
            self.send_body(302, b"<p>moved, somewhere</p>")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send_body(200, OK_BODY)
        elif path == "/trickle":
            body = b"0123456789"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for b in body:                 # one byte every 0.1 s: never silent, never done
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        else:
            self.send_body(404, b"no such route")


@pytest.fixture(scope="module")
def server():
    with serve(Handler) as srv:
        yield srv


class SleepRecorder:
    """Stands in for time.sleep: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps():
    return SleepRecorder()


def make_fetcher(sleeps, **kw) -> Fetcher:
    settings = dict(delay=0, timeout=1.0, retries=2, max_bytes=MAX_BYTES)
    settings.update(kw)
    return Fetcher(CrawlSettings(**settings), sleep=sleeps)


@pytest.fixture
def fetcher(sleeps):
    with make_fetcher(sleeps) as f:
        yield f


def unique(server, path: str, request) -> str:
    """A URL whose hit counter belongs to this test alone (the query makes it unique)."""
    token = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)
    return f"{server.base_url}{path}?t={token}"


# --- success ---------------------------------------------------------------------------------------


def test_ok_page_fields(server, fetcher, sleeps):
    before = datetime.now(timezone.utc)
    page = fetcher.get(server.base_url + "/ok")
    assert page.url == server.base_url + "/ok"
    assert page.final_url == server.base_url + "/ok"
    assert page.status == 200
    assert page.content == OK_BODY
    assert page.headers["etag"] == ETAG                 # header names are lower-cased
    assert page.headers["last-modified"] == LAST_MODIFIED
    assert page.content_type == "text/html"
    assert page.fetched_at.tzinfo is not None and page.fetched_at >= before
    assert fetcher.requests_made == 1
    assert sleeps.waits == []


def test_requests_carry_user_agent_with_contact_url(server, sleeps, request):
    url = unique(server, "/ok", request)
    with make_fetcher(sleeps, user_agent="testbot/9", contact_url="https://example.org/bot") as f:
        f.get(url)
    seen = server.seen_headers[url.removeprefix(server.base_url)][0]
    assert seen["user-agent"] == "testbot/9 (+https://example.org/bot)"
    assert "gzip" in seen["accept-encoding"]


def test_gzip_body_is_decoded(server, fetcher):
    assert fetcher.get(server.base_url + "/gzip").content == OK_BODY


def test_redirect_records_final_url(server, fetcher):
    page = fetcher.get(server.base_url + "/redirect")
    assert page.url == server.base_url + "/redirect"
    assert page.final_url == server.base_url + "/ok"
    assert page.content == OK_BODY


def test_conditional_get_returns_304_page(server, fetcher, request):
    url = unique(server, "/etag", request)
    page = fetcher.get(url, etag=ETAG, last_modified=LAST_MODIFIED)
    assert page.status == 304
    assert page.content == b""
    assert page.headers["etag"] == ETAG
    seen = server.seen_headers[url.removeprefix(server.base_url)][0]
    assert seen["if-none-match"] == ETAG
    assert seen["if-modified-since"] == LAST_MODIFIED


def test_conditional_get_with_stale_etag_returns_200(server, fetcher):
    page = fetcher.get(server.base_url + "/etag", etag='"old"')
    assert page.status == 200
    assert page.content == OK_BODY


def test_no_conditional_headers_unless_asked(server, fetcher, request):
    url = unique(server, "/etag", request)
    fetcher.get(url)
    seen = server.seen_headers[url.removeprefix(server.base_url)][0]
    assert "if-none-match" not in seen and "if-modified-since" not in seen


# --- retries ---------------------------------------------------------------------------------------


def test_transient_errors_are_retried_then_succeed(server, fetcher, sleeps, request):
    url = unique(server, "/flaky", request)
    page = fetcher.get(url)
    assert page.status == 200
    assert server.hits[url.removeprefix(server.base_url)] == 3       # 503, 503, 200
    assert len(sleeps.waits) == 2
    assert sleeps.waits[0] > 0 and sleeps.waits[1] > sleeps.waits[0]  # exponential backoff


def test_retries_are_bounded(server, sleeps, request):
    url = unique(server, "/down", request)
    with make_fetcher(sleeps, retries=1) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert info.value.status == 503
    assert info.value.url == url
    assert server.hits[url.removeprefix(server.base_url)] == 2
    assert len(sleeps.waits) == 1


def test_retry_after_is_honoured(server, fetcher, sleeps, request):
    url = unique(server, "/retry-after", request)
    page = fetcher.get(url)
    assert page.status == 200
    assert server.hits[url.removeprefix(server.base_url)] == 2
    assert len(sleeps.waits) == 1
    assert sleeps.waits[0] >= 1


def test_retry_after_beyond_the_cap_gives_up_without_waiting(server, fetcher, sleeps, request):
    url = unique(server, "/retry-after-long", request)
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert info.value.status == 503
    assert "3600" in info.value.reason and str(int(RETRY_AFTER_CAP)) in info.value.reason
    assert sleeps.waits == []
    assert server.hits[url.removeprefix(server.base_url)] == 1


def test_odd_retry_after_header_does_not_escape_as_valueerror(server, fetcher, request):
    page = fetcher.get(unique(server, "/retry-after-odd", request))
    assert page.status == 200


# --- failures that must not be retried -------------------------------------------------------------


@pytest.mark.parametrize("path, status", [("/missing", 404), ("/gone", 410)])
def test_client_errors_raise_without_retry(server, fetcher, sleeps, request, path, status):
    url = unique(server, path, request)
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert info.value.status == status
    assert info.value.url == url
    assert f"HTTP {status}" in info.value.reason
    assert server.hits[url.removeprefix(server.base_url)] == 1
    assert sleeps.waits == []


def test_body_over_max_bytes_fails_fast(server, fetcher, sleeps, request):
    url = unique(server, "/big", request)
    start = time.perf_counter()
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert time.perf_counter() - start < 1.0
    assert str(MAX_BYTES) in info.value.reason
    assert server.hits[url.removeprefix(server.base_url)] == 1       # not retried
    assert sleeps.waits == []


def test_endless_body_is_cut_off_at_max_bytes(server, fetcher, request):
    start = time.perf_counter()
    with pytest.raises(FetchError, match="larger than"):
        fetcher.get(unique(server, "/endless", request))
    assert time.perf_counter() - start < 1.0


def test_redirect_loop_raises(server, fetcher, sleeps, request):
    url = unique(server, "/loop", request)
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert "redirects" in info.value.reason
    assert server.hits["/loop"] <= MAX_REDIRECTS + 1 + 1   # the first request plus at most the cap, never retried
    assert sleeps.waits == []


def test_redirect_without_location_is_a_fetch_error(server, fetcher, request):
    with pytest.raises(FetchError):
        fetcher.get(unique(server, "/no-location", request))


def test_timeout_raises(server, sleeps, request):
    url = unique(server, "/slow", request)
    start = time.perf_counter()
    with make_fetcher(sleeps, retries=0) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert time.perf_counter() - start < SLOW_SECONDS
    assert "timeout" in info.value.reason
    assert info.value.status is None


def test_total_deadline_bounds_a_trickling_body(server, sleeps, request):
    start = time.perf_counter()
    with make_fetcher(sleeps, retries=0, timeout=0.3) as f, pytest.raises(FetchError, match="timeout"):
        f.get(unique(server, "/trickle", request))
    assert time.perf_counter() - start < 0.9     # 0.3 s deadline plus slack; the whole body takes ~1 s


def test_connection_refused_is_a_fetch_error_after_retries(sleeps):
    with socket.socket() as s:                   # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with make_fetcher(sleeps, retries=1) as f, pytest.raises(FetchError) as info:
        f.get(f"http://127.0.0.1:{port}/")
    assert info.value.status is None
    assert "connection" in info.value.reason
    assert len(sleeps.waits) == 1                # network errors are transient: retried


def test_invalid_url_is_a_fetch_error(sleeps):
    with make_fetcher(sleeps) as f, pytest.raises(FetchError):
        f.get("not a url")
    assert sleeps.waits == []


# --- politeness ------------------------------------------------------------------------------------


def test_delay_between_requests_to_one_host(server, sleeps):
    with Fetcher(CrawlSettings(delay=5.0, timeout=1.0), sleep=sleeps) as f:
        f.get(server.base_url + "/ok")
        assert sleeps.waits == []                # the first request waits for nobody
        f.get(server.base_url + "/ok")
    assert len(sleeps.waits) == 1
    assert 4.0 < sleeps.waits[0] <= 5.25         # 5 s with up to 5% jitter, less the time already passed


def test_every_redirect_hop_waits_for_the_delay(server, sleeps):
    """A redirect loop on one host: each hop is a request to that host, after the delay."""
    with Fetcher(CrawlSettings(delay=1.0, timeout=1.0), sleep=sleeps) as f, pytest.raises(FetchError):
        f.get(server.base_url + "/loop")
    assert len(sleeps.waits) == MAX_REDIRECTS                 # 6 requests: 5 waits between them
    assert all(0.9 < w <= 1.06 for w in sleeps.waits)


def test_a_dripping_page_is_tried_once_more_at_most(server, sleeps, request):
    url = unique(server, "/trickle", request)
    with make_fetcher(sleeps, retries=3, timeout=0.3) as f, pytest.raises(FetchError, match="timeout"):
        f.get(url)
    assert server.hits[url.removeprefix(server.base_url)] == 2


def test_a_silent_page_is_tried_once_more_at_most(server, sleeps, request):
    url = unique(server, "/slow", request)
    with make_fetcher(sleeps, retries=3, timeout=0.3) as f, pytest.raises(FetchError, match="timeout"):
        f.get(url)
    assert server.hits[url.removeprefix(server.base_url)] == 2


# --- parse_retry_after -----------------------------------------------------------------------------

NOW = datetime(2024, 3, 5, 12, 0, tzinfo=timezone.utc)


def http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt, usegmt=True)


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0),
    ("0", 0.0),
    (" 7 ", 7.0),
    (http_date(NOW + timedelta(seconds=90)), 90.0),
    (http_date(NOW - timedelta(hours=1)), 0.0),      # a date in the past: no wait
    ("Tue, 05 Mar 2024 12:00:30", 30.0),             # no zone: taken as UTC
    (None, None),
    ("", None),
    ("soon", None),
    ("1.5", None),                                   # delta-seconds are integers
    ("-5", None),
    ("Tue, 99 Foo 2024 xx:yy:zz GMT", None),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW.timestamp()) == expected


@pytest.mark.parametrize("value", ["\xb2", "\u00b9\u00b2"])
def test_parse_retry_after_non_ascii_digits(value):
    assert parse_retry_after(value, now=NOW.timestamp()) is None
