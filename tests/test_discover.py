"""pipeline/crawling/discover.py: canonical URLs, sitemaps, listing pages, and discovery over real HTTP."""

from __future__ import annotations

import dataclasses
import gzip
import re
import time
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings, strategies as st
from lxml import html as lxml_html
from urllib.parse import urljoin, urlsplit

from pipeline.core import urls

from pipeline.core.config import CrawlSettings, site_from_url
from pipeline.crawling.discover import canonicalize, discover, listing_links, parse_sitemap
from pipeline.crawling.fetch import Fetcher
from pipeline.core.models import CrawlReport
from pipeline.crawling.robots import RobotsCache

# --- canonicalize ----------------------------------------------------------------------------------

CANONICAL = [
    ("HTTP://Example.COM/Path/", "http://example.com/Path/"),                   # scheme, host lower; path kept
    ("http://example.com:80/a", "http://example.com/a"),                         # default port dropped
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),                  # other ports kept
    ("https://example.com:80/a", "https://example.com:80/a"),                    # 80 is not https's default
    ("https://example.com/a#section-2", "https://example.com/a"),                # fragment dropped
    ("https://example.com/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"),
    ("https://example.com/a?fbclid=abc&gclid=def", "https://example.com/a"),
    ("https://example.com/a?UTM_Campaign=z&b=1", "https://example.com/a?b=1"),   # case-insensitive
    ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),  # sorted, blanks kept
    ("https://example.com", "https://example.com/"),                              # empty path
    ("https://example.com?b=1", "https://example.com/?b=1"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://user:secret@example.com/a", "https://example.com/a"),              # credentials dropped
]


@pytest.mark.parametrize("url, expected", CANONICAL)
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


@pytest.mark.parametrize("href, base, expected", [
    ("other/", "https://example.com/hub/page/", "https://example.com/hub/page/other/"),
    ("/top/?utm_source=x", "https://example.com/hub/", "https://example.com/top/"),
    ("../up/", "https://example.com/hub/a/", "https://example.com/hub/up/"),
    ("//CDN.example.com/x", "https://example.com/", "https://cdn.example.com/x"),
    ("#frag", "https://example.com/a?x=1", "https://example.com/a?x=1"),
    ("https://elsewhere.example/x", "https://example.com/", "https://elsewhere.example/x"),
])
def test_canonicalize_relative_url_with_base(href, base, expected):
    assert canonicalize(href, base) == expected


URL_PARTS = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.sampled_from(["example.com", "Example.com", "a-b.example", "-a.example", "a.", "127.0.0.1", "[::1]",
                     "user@example.com", "a..b", "x"]),
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":080", ":65535", ":65536", ":99999", ":x", ":"]),
    st.text(alphabet=st.sampled_from(list("ab/.?#;%=&:@ \t\\é+~-_")), max_size=20))


@settings(max_examples=500, deadline=None)
@given(URL_PARTS, st.sampled_from([None, "https://example.com/hub/a/"]))
def test_canonicalize_fast_path_agrees_with_the_full_one(parts, base):
    """URLs already canonical are returned as they are without urllib; every URL gets the answer
    (or the ValueError) the full parse and rebuild gives."""
    scheme, host, port, path = parts
    url = f"{scheme}://{host}{port}/{path}"

    def answer(fn):
        try:
            return fn(url, base)
        except ValueError as exc:
            return type(exc)

    slow_pattern = urls._CANONICAL
    urls._CANONICAL = re.compile(r"(?!)")       # matches nothing: every URL takes the full path
    try:
        slow = answer(urls.canonicalize)
    finally:
        urls._CANONICAL = slow_pattern
    assert answer(urls.canonicalize) == slow


@settings(max_examples=500, deadline=None)
@given(URL_PARTS)
def test_host_and_join_fast_paths_agree_with_urllib(parts):
    scheme, host, port, path = parts
    url = f"{scheme}://{host}{port}/{path}"
    base = "https://example.com/hub/a/"
    try:
        split = urlsplit(url)
        want = (split.scheme, split.hostname)
    except ValueError as exc:
        want = type(exc)
    try:
        got = urls.host_of(url)
    except ValueError as exc:
        got = type(exc)
    assert got == want
    assert urls.join_url(base, url) == urljoin(base, url)


def test_canonicalize_is_idempotent():
    for url, _ in CANONICAL:
        once = canonicalize(url)
        assert canonicalize(once) == once


def test_canonicalize_keeps_ipv6_brackets():
    assert canonicalize("http://[::1]:8080/x") == "http://[::1]:8080/x"


# --- parse_sitemap ---------------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://example.com/hub/first/ </loc><lastmod>2024-03-05T14:30:00+00:00</lastmod></url>
  <url><loc>https://example.com/hub/second/</loc><lastmod>2024-03-04</lastmod></url>
  <url><loc>https://example.com/hub/third/</loc><lastmod>2024-03-03T10:00:00Z</lastmod></url>
  <url><loc>https://example.com/hub/fourth/</loc><lastmod>yesterday</lastmod></url>
  <url><loc>https://example.com/hub/fifth/</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>
"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/post-sitemap.xml</loc><lastmod>2024-03-05T14:30:00+00:00</lastmod></sitemap>
  <sitemap><loc>https://example.com/page-sitemap.xml</loc></sitemap>
</sitemapindex>
"""


def test_parse_sitemap_urlset_with_lastmod():
    children, entries = parse_sitemap(URLSET)
    assert children == []
    assert entries == [
        ("https://example.com/hub/first/", datetime(2024, 3, 5, 14, 30, tzinfo=timezone.utc)),
        ("https://example.com/hub/second/", datetime(2024, 3, 4, tzinfo=timezone.utc)),   # date only: UTC
        ("https://example.com/hub/third/", datetime(2024, 3, 3, 10, tzinfo=timezone.utc)),  # Z suffix
        ("https://example.com/hub/fourth/", None),                                         # garbage lastmod
        ("https://example.com/hub/fifth/", None),
    ]
    assert all(lm is None or lm.tzinfo is not None for _, lm in entries)


def test_parse_sitemap_without_namespace():
    _, entries = parse_sitemap(b"<urlset><url><loc>https://example.com/a/</loc></url></urlset>")
    assert entries == [("https://example.com/a/", None)]


def test_parse_sitemap_index_lists_child_sitemaps():
    children, entries = parse_sitemap(SITEMAP_INDEX)
    assert children == ["https://example.com/post-sitemap.xml", "https://example.com/page-sitemap.xml"]
    assert entries == []


def test_parse_sitemap_accepts_gzip():
    assert parse_sitemap(gzip.compress(URLSET)) == parse_sitemap(URLSET)
    assert parse_sitemap(gzip.compress(SITEMAP_INDEX))[0] == parse_sitemap(SITEMAP_INDEX)[0]


@pytest.mark.parametrize("content", [
    b"",
    b"not xml at all",
    b"<html><body><p>Sitemap moved</p></body></html>",
    b"\x1f\x8b\x08\x00",                          # gzip magic, truncated header
    b"\x00\x01\x02\x03",
])
def test_parse_sitemap_malformed_returns_empty(content):
    children, entries = parse_sitemap(content)
    assert children == []
    assert entries == []


def test_parse_sitemap_corrupt_gzip_returns_empty():
    corrupt = gzip.compress(URLSET)[:10] + b"garbage-that-is-not-deflate" * 4
    assert parse_sitemap(corrupt) == ([], [])


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.com/hub/&lol9;</loc></url>
  <url><loc>&lol9;</loc></url>
  <sitemap><loc>&lol9;</loc></sitemap>
</urlset>
"""


def test_parse_sitemap_does_not_expand_an_entity_bomb():
    start = time.perf_counter()
    children, entries = parse_sitemap(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1.0
    for text in children + [loc for loc, _ in entries]:
        assert "lol" not in text
        assert len(text) < 100


EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://example.com/&xxe;</loc></url></urlset>
"""


def test_parse_sitemap_does_not_resolve_external_entities():
    _, entries = parse_sitemap(EXTERNAL_ENTITY)
    assert all("root:" not in loc for loc, _ in entries)


# --- listing_links ---------------------------------------------------------------------------------

LISTING = """<!doctype html><html><head>
<title>All articles</title>
<link rel="canonical" href="https://example.com/hub/all/">
<link rel="stylesheet" href="/style.css">
<link rel="next" href="/hub/all/page/2/">
</head><body>
<nav><a href="#main">Skip</a> <a href="mailto:editor@example.com">Mail</a> <a href="javascript:void(0)">Menu</a></nav>
<main id="main">
  <div class="card"><h3><a href="/hub/first-article/?utm_source=listing">First</a></h3></div>
  <div class="card"><h3><a href="https://example.com/hub/second-article/#comments">Second</a></h3></div>
  <div class="card"><h3><a href="third-article/">Third</a></h3></div>
  <a href="/hub/all/?topic=careers">Careers</a>
  <nav class="pagination"><span>1</span> <a class="next" href="/hub/all/page/2/">Next &raquo;</a></nav>
</main></body></html>
"""

BASE = "https://example.com/hub/"


def parse(html: str, base: str = BASE):
    return lxml_html.fromstring(html, base_url=base)


def test_listing_links_finds_articles_and_rel_next():
    links, next_url = listing_links(parse(LISTING), BASE)
    assert next_url == "https://example.com/hub/all/page/2/"
    assert "https://example.com/hub/first-article/" in links
    assert "https://example.com/hub/second-article/" in links
    assert "https://example.com/hub/third-article/" in links
    assert "https://example.com/hub/all/page/2/" not in links      # pagination is not an article
    assert "https://example.com/style.css" not in links            # <link> elements are never articles
    assert not any(u.startswith(("mailto:", "javascript:")) or "#" in u for u in links)


def test_listing_links_follows_a_next_anchor_without_rel():
    html = ('<html><body><a href="/hub/one/">One</a>'
            '<a class="next" href="/hub/page/2/">Next \u00bb</a></body></html>')
    links, next_url = listing_links(parse(html), BASE)
    assert next_url == "https://example.com/hub/page/2/"
    assert links == ["https://example.com/hub/one/"]


def test_listing_links_next_via_query_page():
    html = '<html><body><a href="/hub/one/">One</a><a href="/hub/?page=2">Older posts</a></body></html>'
    links, next_url = listing_links(parse(html), BASE)
    assert next_url == "https://example.com/hub/?page=2"
    assert links == ["https://example.com/hub/one/"]


def test_listing_links_article_titled_next_is_not_pagination():
    html = '<html><body><a href="/hub/next-steps-after-your-degree/">Next steps after your degree</a></body></html>'
    links, next_url = listing_links(parse(html), BASE)
    assert next_url is None
    assert links == ["https://example.com/hub/next-steps-after-your-degree/"]


def test_listing_links_last_page_has_no_next():
    html = '<html><body><a href="/hub/one/">One</a><a class="prev" href="/hub/page/1/">\u00ab Previous</a></body></html>'
    _, next_url = listing_links(parse(html), BASE)
    assert next_url is None


def test_listing_links_skips_a_malformed_href():
    html = ('<html><body><a href="http://example.com:99999/x/">Broken</a>'
            '<a href="http://[::1/x">Broken too</a><a href="/hub/good/">Good</a></body></html>')
    links, _ = listing_links(parse(html), BASE)
    assert links == ["https://example.com/hub/good/"]


# --- discover over real HTTP (the sample hub) ------------------------------------------------------


@pytest.fixture
def crawl_parts(hub):
    crawl = CrawlSettings(delay=0, retries=0, timeout=5.0)
    site = site_from_url(hub.hub_url, crawl, delay=0)
    fetcher = Fetcher(crawl, delay=site.delay)
    robots = RobotsCache(fetcher, crawl.user_agent)
    report = CrawlReport(site=site.name)
    yield site, fetcher, robots, report
    fetcher.close()


def curated_urls(hub) -> set[str]:
    return {f"{hub.hub_url}{a['slug']}/" for a in hub.hub.curated}


def test_discover_via_sitemap_finds_every_curated_article(hub, crawl_parts):
    site, fetcher, robots, report = crawl_parts
    found = discover(site, fetcher, robots, report)
    urls = {c.url for c in found}
    assert curated_urls(hub) <= urls
    assert report.discovery_sources == ["sitemap"]
    assert report.discovered == len(found)
    assert report.failures == []
    by_url = {c.url: c for c in found}
    for url in curated_urls(hub):
        assert by_url[url].source == "sitemap"
        assert by_url[url].lastmod is not None and by_url[url].lastmod.tzinfo is not None
    # newest first, and the start page (also in the page sitemap) is not an article candidate
    stamps = [c.lastmod.timestamp() for c in found if c.lastmod]
    assert stamps == sorted(stamps, reverse=True)
    assert hub.hub_url not in urls
    assert hub.base_url + "/" not in urls                       # in the page sitemap, out of scope
    assert all(site.in_scope(u) for u in urls)


def test_discover_falls_back_to_listing_pages_with_pagination(hub, crawl_parts):
    site, fetcher, robots, report = crawl_parts
    site = dataclasses.replace(site, sitemaps=(hub.base_url + "/nope.xml",),
                               listing_urls=(hub.base_url + "/knowledge-hub/all-articles/",))
    pages_seen = []
    found = discover(site, fetcher, robots, report, progress=pages_seen.append)
    urls = {c.url for c in found}
    assert curated_urls(hub) <= urls
    assert report.discovery_sources == ["listing"]
    assert report.failures == []            # a missing sitemap is normal, not a failure
    assert all(c.source == "listing" and c.lastmod is None for c in found)
    # the curated set spans several listing pages, so pagination was followed
    assert len(hub.hub.curated) > 12
    assert any("/page/2/" in p for p in pages_seen)
    assert not any("page/" in u or "?" in u for u in urls)
    assert hub.base_url + "/knowledge-hub/all-articles/" not in urls   # a listing is never a candidate


def test_listing_pages_beyond_what_the_sitemaps_list_are_not_fetched(hub, crawl_parts):
    """Combined with a sitemap that lists every article, a listing's first page shows nothing
    new, so its next pages are not fetched; without the sitemap they are (test above)."""
    site, fetcher, robots, report = crawl_parts
    site = dataclasses.replace(site, listing_urls=(hub.base_url + "/knowledge-hub/all-articles/",))
    pages_seen = []
    found = discover(site, fetcher, robots, report, progress=pages_seen.append)
    assert curated_urls(hub) <= {c.url for c in found}
    assert report.discovery_sources == ["sitemap"]
    assert pages_seen == [f"listing {hub.base_url}/knowledge-hub/all-articles/"]


def test_sitemap_locations_add_the_usual_places_unless_robots_names_a_root_sitemap():
    from pipeline.crawling.discover import sitemap_locations

    crawl = CrawlSettings(delay=0)
    root = site_from_url("https://www.example.com/", crawl)
    news = site_from_url("https://www.example.com/news", crawl)
    assert sitemap_locations(root, ["https://www.example.com/sitemap.xml"]) == ["https://www.example.com/sitemap.xml"]
    assert sitemap_locations(root, ["https://www.example.com/blog/sitemap.xml"]) == [
        "https://www.example.com/blog/sitemap.xml", "https://www.example.com/sitemap_index.xml",
        "https://www.example.com/sitemap.xml", "https://www.example.com/wp-sitemap.xml"]
    assert sitemap_locations(news, []) == [
        "https://www.example.com/sitemap_index.xml", "https://www.example.com/sitemap.xml",
        "https://www.example.com/wp-sitemap.xml", "https://www.example.com/news/sitemap.xml"]


@pytest.mark.parametrize("start, inside, outside", [
    ("https://www.example.edu/news", "https://www.example.edu/news/lab-opens", "https://www.example.edu/about"),
    ("https://www.example.edu/news/", "https://www.example.edu/news/lab-opens", "https://www.example.edu/newsletter"),
    ("https://www.example.edu/blog/index.html", "https://www.example.edu/blog/a-post", "https://www.example.edu/b"),
])
def test_a_start_url_scopes_the_section_it_names(start, inside, outside):
    site = site_from_url(start, CrawlSettings(delay=0))
    assert site.in_scope(inside) and not site.in_scope(outside)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kept_copies_make_an_unchanged_listing_cost_one_304_and_survive_a_lost_copy(hub, crawl_parts, tmp_path,
                                                                                  backend, request):
    """Discovery resources are kept with their validators: the second walk asks the listing's
    first page conditionally (304) and reads its later pages from their copies without asking;
    a later page whose copy was never kept (a run killed after the first page) is asked again,
    so the same articles are found."""
    from pipeline.crawling.discover import KeptCopies
    from pipeline.crawling.state import CrawlState

    site, fetcher, robots, report = crawl_parts
    listing = hub.base_url + "/knowledge-hub/all-articles/"
    site = dataclasses.replace(site, sitemaps=(hub.base_url + "/nope.xml",), listing_urls=(listing,))
    if backend == "postgresql":              # the crawl state of `run.py worker`
        from index.postgres.crawlstate import PostgresCrawlState

        state = PostgresCrawlState(request.getfixturevalue("pg_url"))
    else:
        state = CrawlState(tmp_path / "state.sqlite")
    try:
        copies = KeptCopies(state)
        hub.answers.clear()
        first = {c.url for c in discover(site, fetcher, robots, report, copies=copies)}
        walked = [p for p, status in hub.answers if status == 200 and "/all-articles/" in p]
        assert len(walked) > 1 and curated_urls(hub) <= first

        hub.answers.clear()
        again = {c.url for c in discover(site, fetcher, robots, CrawlReport(site=site.name), copies=copies)}
        assert again == first
        asked = [(p, status) for p, status in hub.answers if "/all-articles/" in p]
        assert asked == [("/knowledge-hub/all-articles/", 304)]

        page2 = next(p for p in walked if "/page/2/" in p)
        state.keep_page(hub.base_url + page2, None, None, b"")     # no validators: the copy is dropped
        assert state.kept_page(hub.base_url + page2) is None
        hub.answers.clear()
        lost = {c.url for c in discover(site, fetcher, robots, CrawlReport(site=site.name), copies=copies)}
        assert lost == first
        assert (page2, 200) in hub.answers

        # --full sends no validators: everything is fetched in full again.
        hub.answers.clear()
        discover(site, fetcher, robots, CrawlReport(site=site.name), copies=KeptCopies(state, ask=False))
        assert [s for p, s in hub.answers if "/all-articles/" in p] == [200] * len(walked)
    finally:
        state.close()
