"""pipeline/crawling/robots.py: robots.txt fetched over real HTTP from a local server and from the sample hub."""

from __future__ import annotations

import pytest

from pipeline.core.config import CrawlSettings
from pipeline.crawling.fetch import Fetcher
from pipeline.crawling.robots import RobotsCache
from tests.localserver import QuietHandler, serve

ROBOTS = """\
# a comment
User-agent: *
Disallow: /private/
Allow: /private/open/
Disallow: /*.pdf$
Disallow: /search
Disallow: /*?replytocom=

User-agent: hubindex
Disallow: /no-hubindex/
Allow: /

User-agent: otherbot
Disallow: /

Sitemap: https://example.com/sitemap_index.xml
Sitemap: https://example.com/news-sitemap.xml
"""


class Handler(QuietHandler):
    def do_GET(self) -> None:
        self.server.record(self.path, self.headers)
        if self.path == "/robots.txt":
            status, body = self.server.robots
            self.send_body(status, body.encode("utf-8"), ctype="text/plain; charset=utf-8")
        else:
            self.send_body(200, b"<html><body>page</body></html>")


@pytest.fixture(scope="module")
def _running():
    with serve(Handler) as srv:
        yield srv


@pytest.fixture
def server(_running):
    """The module's server, with the default robots.txt and fresh hit counts for each test."""
    _running.robots = (200, ROBOTS)
    _running.hits.clear()
    return _running


@pytest.fixture
def cache():
    waits: list[float] = []
    crawl = CrawlSettings(delay=0, timeout=2.0, retries=1)
    with Fetcher(crawl, sleep=waits.append) as fetcher:
        yield RobotsCache(fetcher, "hubindex/0.1")


def generic_cache(fetcher: Fetcher) -> RobotsCache:
    return RobotsCache(fetcher, "somebot/2.0")


# Asked as a crawler with no group of its own: the `*` group applies.
@pytest.mark.parametrize("path, allowed", [
    ("/", True),
    ("/knowledge-hub/an-article/", True),
    ("/private/", False),
    ("/private/secret.html", False),
    ("/private/open/page.html", True),          # the longer Allow wins
    ("/files/report.pdf", False),               # wildcard with end anchor
    ("/files/report.pdf?download=1", True),     # `$`: the path must end in .pdf
    ("/files/report.pdfx", True),
    ("/search", False),
    ("/searching/", False),                     # a prefix rule
    ("/post/?replytocom=12", False),            # wildcard inside the rule
    ("/post/?page=2", True),
])
def test_star_group_rules(server, cache, path, allowed):
    robots = generic_cache(cache.fetcher)
    assert robots.allowed(server.base_url + path) is allowed


def test_own_group_applies_to_our_user_agent(server, cache):
    # hubindex has its own group, so only its rules apply (not the `*` group's)
    assert cache.allowed(server.base_url + "/private/secret.html") is True
    assert cache.allowed(server.base_url + "/no-hubindex/x") is False


def test_other_agent_groups_do_not_leak(server, cache):
    rules = cache.for_url(server.base_url + "/")
    assert rules.allowed(server.base_url + "/anything", "otherbot") is False
    assert rules.allowed(server.base_url + "/anything", "hubindex") is True


def test_robots_is_fetched_once_per_host(server, cache):
    for path in ("/a", "/b", "/private/c"):
        cache.allowed(server.base_url + path)
    assert server.hits["/robots.txt"] == 1


def test_sitemap_lines(server, cache):
    assert cache.for_url(server.base_url + "/").sitemaps() == [
        "https://example.com/sitemap_index.xml", "https://example.com/news-sitemap.xml"]


def test_empty_robots_allows_everything(server, cache):
    server.robots = (200, "")
    assert cache.allowed(server.base_url + "/private/x")
    assert cache.for_url(server.base_url + "/").sitemaps() == []


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_robots_4xx_allows_all(server, cache, status):
    server.robots = (status, "nope")
    rules = cache.for_url(server.base_url + "/")
    assert rules.allowed(server.base_url + "/private/x", "hubindex") is True
    assert str(status) in rules.reason
    assert rules.sitemaps() == []
    assert rules.crawl_delay("hubindex") is None


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_unavailable_disallows_all_with_a_reason(server, cache, status):
    server.robots = (status, "broken")
    rules = cache.for_url(server.base_url + "/")
    assert rules.allowed(server.base_url + "/", "hubindex") is False
    assert cache.allowed(server.base_url + "/knowledge-hub/a/") is False
    assert "robots.txt" in rules.reason
    assert str(status) in rules.reason
    assert "skipped" in rules.reason
    assert server.hits["/robots.txt"] == 2      # retried once (retries=1), then cached
    cache.allowed(server.base_url + "/other/")
    assert server.hits["/robots.txt"] == 2


def test_robots_unreachable_host_disallows_all(cache):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rules = cache.for_url(f"http://127.0.0.1:{port}/")
    assert rules.allowed(f"http://127.0.0.1:{port}/a", "hubindex") is False
    assert rules.reason


def test_crawl_delay(server, cache):
    server.robots = (200, "User-agent: *\nCrawl-delay: 4\nDisallow:\n")
    rules = cache.for_url(server.base_url + "/")
    assert rules.crawl_delay("hubindex") == 4.0
    assert rules.reason == ""


def test_crawl_delay_holds_for_every_later_request_to_the_host_from_any_site(server):
    """Two sites' fetchers share the run's host slots: the Crawl-delay one of them read is waited
    for before the other's requests too (the configured delay is 0)."""
    from pipeline.crawling.politeness import HostSlots

    server.robots = (200, "User-agent: *\nCrawl-delay: 4\nDisallow:\n")
    waits: list[float] = []
    slots = HostSlots(sleep=waits.append)
    crawl = CrawlSettings(delay=0, timeout=2.0, retries=0)
    with Fetcher(crawl, slots=slots) as one, Fetcher(crawl, slots=slots) as other:
        RobotsCache(one, "hubindex").for_url(server.base_url + "/")
        other.get(server.base_url + "/page")
        one.get(server.base_url + "/page")
    assert len(waits) == 2 and all(3.9 < w <= 4.2 for w in waits)


# --- the sample hub's robots.txt -------------------------------------------------------------------


def test_sample_hub_robots(hub, cache):
    article = f"{hub.hub_url}{hub.hub.curated[0]['slug']}/"
    assert cache.allowed(article) is True
    assert cache.allowed(hub.base_url + "/knowledge-hub/preview/x") is False
    assert cache.allowed(hub.base_url + "/wp-admin/") is False
    assert cache.allowed(hub.base_url + "/wp-admin/admin-ajax.php") is True
    assert cache.for_url(hub.hub_url).sitemaps() == [hub.base_url + "/sitemap_index.xml"]
