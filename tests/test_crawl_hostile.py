"""The crawler against hostile and broken servers, over real HTTP on 127.0.0.1.

Each scenario serves a small hub of good articles plus one kind of trouble, crawls it into a real
index, and asserts both the behaviour towards the trouble and that the good articles still land.
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index.whoosh_engine.store import IndexStore
from pipeline.core.config import CrawlSettings, site_from_url
from tests.conftest import crawl_into_store
from pipeline.crawling.state import CrawlState
from tests.localserver import QuietHandler, serve

GOOD = [f"/hub/good-{i}/" for i in range(4)]
WORDS = " ".join(["Graduate programs reward careful planning and steady practice over many months."] * 12)


def article_html(path: str, extra: str = "", charset: str = "utf-8") -> str:
    slug = path.strip("/").split("/")[-1]
    ld = json.dumps({"@type": "Article", "headline": f"Article {slug}", "datePublished": "2024-05-01T10:00:00+00:00",
                     "author": {"name": "Ada Lovelace"}})
    return (f'<html><head><meta charset="{charset}"><title>Article {slug}</title>'
            f'<script type="application/ld+json">{ld}</script></head><body><article><h1>Article {slug}</h1>'
            f"<p>{WORDS}</p>{extra}</article></body></html>")


class Hub(QuietHandler):
    """Scenario-driven: the test sets `server.scenario` (a dict) before crawling."""

    def do_GET(self) -> None:
        path = self.path
        hit = self.server.record(path, self.headers)
        sc = self.server.scenario
        if path == "/robots.txt":
            return self.robots(sc, hit)
        if path == "/robots-moved.txt":
            return self.send_body(200, b"User-agent: *\nDisallow: /hub/good-0/\n", "text/plain")
        if path == "/sitemap.xml":
            if sc.get("sitemap") == "bomb":
                bomb = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                        + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
                        + ']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&i;</loc></url></urlset>')
                return self.send_body(200, bomb.encode(), "application/xml")
            urls = GOOD + sc.get("extra", [])
            xml = "".join(f"<url><loc>{self.server.base_url}{u}</loc></url>" for u in urls)
            return self.send_body(200, f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{xml}</urlset>'
                                  .encode(), "application/xml")
        if path == "/hub/":
            links = "".join(f'<a href="{u}">{u}</a>' for u in GOOD)
            return self.send_body(200, f"<html><body><h1>Hub</h1>{links}</body></html>".encode())
        if path in GOOD:
            if sc.get("all_503"):
                return self.send_body(503, b"down")
            return self.send_body(200, article_html(path, sc.get("good_extra", "")).encode())
        handler = getattr(self, "route_" + path.split("?")[0].strip("/").split("/")[-1].replace("-", "_"), None)
        if handler:
            return handler(sc, hit)
        self.send_body(404, b"<html><body><h1>Not found</h1></body></html>")

    def robots(self, sc, hit):
        kind = sc.get("robots", "ok")
        if kind == "500":
            return self.send_body(500, b"oops", "text/plain")
        if kind == "429":
            return self.send_body(429, b"slow down", "text/plain")
        if kind == "404":
            return self.send_body(404, b"", "text/plain")
        if kind == "redirect":
            return self.send_body(301, b"", "text/plain", {"Location": "/robots-moved.txt"})
        body = f"User-agent: *\nDisallow: /private/\nSitemap: {self.server.base_url}/sitemap.xml\n"
        self.send_body(200, body.encode(), "text/plain")

    # --- hostile articles -------------------------------------------------------------
    def route_slowdown(self, sc, hit):      # 429 with Retry-After, then fine
        if hit == 1:
            return self.send_body(429, b"", headers={"Retry-After": "1"})
        self.send_body(200, article_html(self.path).encode())

    def route_storm(self, sc, hit):          # always 503
        self.send_body(503, b"busy", headers={"Retry-After": "0"})

    def route_loop(self, sc, hit):
        self.send_body(302, b"", headers={"Location": "/hub/loop/"})

    def route_offsite(self, sc, hit):
        self.send_body(301, b"", headers={"Location": "http://elsewhere.invalid/stolen/"})

    def route_private(self, sc, hit):         # allowed host by config, but a non-public address
        self.send_body(301, b"", headers={"Location": sc["private_target"]})

    def route_drip(self, sc, hit):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def route_endless(self, sc, hit):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            chunk = b"<p>" + b"endless " * 1000 + b"</p>"
            for _ in range(10_000):
                self.wfile.write(chunk)
        except OSError:
            pass

    def route_bomb(self, sc, hit):
        payload = gzip.compress(b"<p>" + b"\0" * (50 * 1024 * 1024), compresslevel=9)
        self.send_body(200, payload, "text/html", {"Content-Encoding": "gzip"})

    def route_pdf(self, sc, hit):
        self.send_body(200, b"%PDF-1.4 not html", "application/pdf")

    def route_latin1(self, sc, hit):          # no charset anywhere, bytes in latin-1
        html = article_html(self.path).replace('<meta charset="utf-8">', "").replace(
            "Ada Lovelace", "Zo\u00eb Br\u00fcnn")
        self.send_body(200, html.encode("latin-1"), "text/html")

    def route_misdeclared(self, sc, hit):     # says utf-8, is cp1252
        html = article_html(self.path).replace("Ada Lovelace", "Ren\u00e9e Caf\u00e9")
        self.send_body(200, html.encode("cp1252"), "text/html; charset=utf-8")

    def route_topics(self, sc, hit):          # a plain list of links, titled like a page
        links = "".join(f'<li><a href="{u}">A long headline for the story at {u}</a></li>' for u in GOOD * 3)
        self.send_body(200, f"<html><head><title>Articles</title></head><body><h1>Articles</h1><ul>{links}</ul>"
                       "</body></html>".encode())

    def route_frontpage(self, sc, hit):       # a home page of cards, without listing markup
        cards = "".join(f'<div class="card"><h3><a href="{u}">A long headline for the story at {u}</a></h3>'
                        f"<p>{WORDS[:160]}</p></div>" for u in GOOD)
        self.send_body(200, f'<html><head><title>Hub</title><meta property="og:type" content="website"></head>'
                       f"<body><main><h1>Hub</h1><p>Advice and insight for students.</p>{cards}</main></body></html>"
                       .encode())

    def route_calendar(self, sc, hit):        # an endless "next month" calendar
        month = int(self.path.split("month=")[-1]) if "month=" in self.path else 0
        self.send_body(200, f'<html><body><h1>Events</h1><a href="/hub/calendar/?month={month + 1}">next month</a>'
                       f"</body></html>".encode())


def crawl(server, tmp_path: Path, scenario: dict, retries: int = 1, timeout: float = 2.0, **site_kw):
    server.scenario = scenario
    server.hits.clear()
    crawl_settings = CrawlSettings(delay=0.0, retries=retries, timeout=timeout, max_bytes=1_000_000)
    site = site_from_url(server.base_url + "/hub/", crawl_settings, name="hostile", delay=0.0)
    if site_kw:
        site = replace(site, **site_kw)
    data = tmp_path / f"data-{time.monotonic_ns()}"
    state = CrawlState(data / "state.sqlite")
    store = IndexStore.open(data / "index", create=True)
    try:
        report = crawl_into_store(site, crawl_settings, state, store)
        titles = {store.get(server.base_url + u) and store.get(server.base_url + u).title for u in GOOD}
        return report, titles - {None}, store.count()
    finally:
        state.close()
        store.close()


@pytest.fixture(scope="module")
def server():
    with serve(Hub) as srv:
        srv.scenario = {}
        yield srv


def reasons(report) -> dict[str, str]:
    return {url.rsplit("/", 2)[-2]: why for url, why in report.failures}


def good_titles():
    return {f"Article good-{i}" for i in range(4)}


def test_baseline(server, tmp_path):
    report, titles, count = crawl(server, tmp_path, {})
    assert titles == good_titles() and count == 4 and report.failed == 0


def test_listing_pages_are_counted_and_never_indexed(server, tmp_path):
    report, titles, count = crawl(server, tmp_path, {"extra": ["/hub/topics/", "/hub/frontpage/"]})
    assert titles == good_titles() and count == 4
    assert report.not_articles == 2 and report.failed == 0


@pytest.mark.parametrize("kind, crawled", [("500", False), ("429", False), ("404", True), ("redirect", True)])
def test_robots_status_rules(server, tmp_path, kind, crawled):
    report, titles, _ = crawl(server, tmp_path, {"robots": kind})
    if crawled:
        assert titles >= good_titles() - {"Article good-0"}
        if kind == "redirect":   # the moved robots.txt is followed and obeyed
            assert "Article good-0" not in titles and report.skipped_robots == 1
    else:
        assert titles == set()
        assert "robots.txt unavailable" in report.failures[0][1]


def test_retry_after_is_honoured(server, tmp_path):
    t0 = time.monotonic()
    report, titles, _ = crawl(server, tmp_path, {"extra": ["/hub/slowdown/"]})
    assert time.monotonic() - t0 >= 1.0                     # waited as asked
    assert server.hits["/hub/slowdown/"] == 2
    assert titles == good_titles() and report.failed == 0 and report.new == 5


def test_503_storm_is_retried_a_bounded_number_of_times(server, tmp_path):
    report, titles, _ = crawl(server, tmp_path, {"extra": ["/hub/storm/"]}, retries=2)
    assert server.hits["/hub/storm/"] == 3
    assert reasons(report)["storm"] == "HTTP 503"
    assert titles == good_titles()


def test_a_host_that_keeps_failing_is_paused(server, tmp_path):
    extra = [f"/hub/storm/?n={i}" for i in range(8)]
    report, titles, _ = crawl(server, tmp_path, {"extra": extra, "all_503": True}, retries=0)
    assert report.paused_hosts and "5 consecutive failures" in next(iter(report.paused_hosts.values()))
    # The start page is read by discovery (its listing, combined with the sitemap) before any article.
    assert server.hits.get("/hub/") == 1
    requests = sum(n for p, n in server.hits.items() if p.startswith("/hub/") and p != "/hub/")
    assert requests == 5                      # nothing more was sent once the host was paused
    assert report.failed == 12 and titles == set()


@pytest.mark.parametrize("name, reason", [
    ("loop", "more than 5 redirects"),
    ("offsite", "redirect refused: off-site redirect (http://elsewhere.invalid/stolen/)"),
    ("drip", "timeout (total deadline)"),
    ("endless", "body larger than 1000000 bytes"),
    ("bomb", "body larger than 1000000 bytes"),
    ("pdf", "unwanted content type application/pdf"),
])
def test_hostile_pages_fail_alone(server, tmp_path, name, reason):
    t0 = time.monotonic()
    report, titles, _ = crawl(server, tmp_path, {"extra": [f"/hub/{name}/"]})
    assert reasons(report)[name] == reason
    assert titles == good_titles()
    assert time.monotonic() - t0 < 8


def test_redirect_to_a_non_public_address_is_refused_before_connecting(server, tmp_path):
    port = server.server_address[1]
    for target, host in ((f"http://127.0.0.2:{port}/hub/good-1/", "127.0.0.2"), ("http://10.255.255.1/x/", "10.255.255.1")):
        t0 = time.monotonic()
        report, titles, _ = crawl(server, tmp_path, {"extra": ["/hub/private/"], "private_target": target},
                                  allowed_hosts=("127.0.0.1", host))
        assert reasons(report)["private"] == f"redirect refused: {host} is a non-public address ({target})"
        assert time.monotonic() - t0 < 5         # refused, not timed out trying
        assert titles == good_titles()


@pytest.mark.parametrize("name, author", [("latin1", "Zo\u00eb Br\u00fcnn"), ("misdeclared", "Ren\ufffde Caf\ufffd")])
def test_undeclared_and_misdeclared_encodings(server, tmp_path, name, author):
    report, titles, _ = crawl(server, tmp_path, {"extra": [f"/hub/{name}/"]})
    assert report.new == 5 and report.failed == 0
    data = tmp_path / next(p.name for p in tmp_path.iterdir())
    store = IndexStore.open(data / "index")
    try:
        assert store.get(f"{server.base_url}/hub/{name}/").author == [author]
    finally:
        store.close()


def test_xml_bomb_sitemap_is_not_expanded(server, tmp_path):
    t0 = time.monotonic()
    report, titles, _ = crawl(server, tmp_path, {"sitemap": "bomb"})
    assert time.monotonic() - t0 < 5
    assert report.discovery_sources == ["listing"]    # the sitemap gave nothing; the listing did
    assert titles == good_titles()


def test_calendar_trap_does_not_eat_the_budget(server, tmp_path):
    report, titles, _ = crawl(server, tmp_path, {"good_extra": '<a href="/hub/calendar/?month=1">events</a>'})
    assert titles == good_titles()
    assert report.refused.get("calendar or date archive", 0) >= 1
    assert not any("/hub/calendar/" in p for p in server.hits)


def test_a_failed_url_waits_for_its_retry_time_across_runs(server, tmp_path):
    server.scenario = {"extra": ["/hub/storm/"]}
    crawl_settings = CrawlSettings(delay=0.0, retries=0, timeout=2.0)
    site = site_from_url(server.base_url + "/hub/", crawl_settings, name="hostile", delay=0.0)
    state = CrawlState(tmp_path / "state.sqlite")
    store = IndexStore.open(tmp_path / "index", create=True)
    try:
        first = crawl_into_store(site, crawl_settings, state, store)
        assert first.failed == 1 and state.url(server.base_url + "/hub/storm/").attempts == 1
        server.hits.clear()
        again = crawl_into_store(site, crawl_settings, state, store)
        assert again.deferred == 1 and again.failed == 0
        assert "/hub/storm/" not in server.hits           # not asked again before its retry time
        full = crawl_into_store(site, crawl_settings, state, store, full=True)
        assert full.failed == 1                           # --full retries it anyway
    finally:
        state.close()
        store.close()
