"""`crawl --url` of the site root, with no config, on each style of the sample hub (real HTTP on
127.0.0.1, a real index on disk): every article once and nothing else, each field right, and
an unchanged recrawl that downloads no article, listing or sitemap body."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

import run
from index.whoosh_engine.store import IndexStore
from pipeline.core.config import CrawlSettings, site_from_url
from pipeline.core.models import CrawlReport
from pipeline.core.workspace import Workspace
from pipeline.crawling.discover import discover
from pipeline.crawling.fetch import Fetcher
from pipeline.crawling.robots import RobotsCache
from pipeline.extraction.dates import parse_date
from pipeline.extraction.tags import slugify
from pipeline.samplehub import start_sample_hub
from pipeline.samplehub.styles import Mixed
from pipeline.samplehub.curated import AREAS, TOPICS

# Each system alone, and a Drupal news section beside a HubSpot blog on one host (whose
# robots.txt names only the blog's sitemap).
STYLES = ("wordpress", "drupal", "hubspot", "ghost", "drupal,hubspot")


def _crawl(capsys, data_dir, url: str) -> dict:
    code = run.main(["--quiet", "--index", str(data_dir), "crawl", "--url", url, "--delay", "0", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)["sites"][0]


@pytest.fixture(scope="module", params=STYLES)
def styled(request):
    server = start_sample_hub(style=request.param)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawled_style(styled, tmp_path_factory):
    """The style's hub crawled from its root once: (server, data dir, first report, recrawl report,
    requests of the recrawl)."""
    capsys = _Capture()
    data_dir = tmp_path_factory.mktemp(f"style-{styled.style}")
    first = capsys.crawl(data_dir, styled.base_url + "/")
    styled.requests.clear()
    styled.answers.clear()
    again = capsys.crawl(data_dir, styled.base_url + "/")
    return styled, data_dir, first, again, dict(styled.requests, answers=list(styled.answers))


class _Capture:
    """run.main's JSON report without pytest's function-scoped capsys (module fixtures)."""

    def crawl(self, data_dir, url: str) -> dict:
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = run.main(["--quiet", "--index", str(data_dir), "crawl", "--url", url, "--delay", "0", "--json"])
        assert code == 0, buf.getvalue()
        return json.loads(buf.getvalue())["sites"][0]


def style_of(server, entry: dict) -> str:
    if isinstance(server.styler, Mixed):
        return server.styler.section_of(server.hub, entry)[0]
    return server.style


def related_of(server, entry: dict) -> list[dict]:
    if isinstance(server.styler, Mixed):      # a section's related view shows its own articles
        return server.styler.section_of(server.hub, entry)[1].related(entry)
    return server.hub.related(entry)


def article_url(server, entry: dict) -> str:
    if server.styler is None:
        return server.base_url + server.hub.url_path(entry)
    return server.styler.article_url(server.base_url, entry)


def expected_authors(style: str, entry: dict) -> list[str]:
    # Drupal and HubSpot give a node or a post one author; WordPress and Ghost list every one.
    return entry["authors"][:1] if style in ("drupal", "hubspot") else entry["authors"]


def expected_days(style: str, entry: dict) -> tuple[str, str | None]:
    if style == "wordpress" and entry["originally_published"]:    # its editor's note
        return (parse_date(entry["originally_published"], month_precision=True).date().isoformat(),
                entry["updated"] or entry["published"])
    return entry["published"], entry["updated"]


def expected_tags(style: str, entry: dict) -> list[dict]:
    if style == "wordpress":
        return ([{"facet": "area_of_study", "slug": a, "label": AREAS[a]} for a in entry["areas"]]
                + [{"facet": "topic", "slug": t, "label": TOPICS[t]} for t in entry["topics"]])
    if style == "drupal":    # one facet per vocabulary (its field), slugs from the term names
        return ([{"facet": "topic", "slug": slugify(TOPICS[t]), "label": TOPICS[t]} for t in entry["topics"]]
                + [{"facet": "area_of_study", "slug": slugify(AREAS[a]), "label": AREAS[a]} for a in entry["areas"]])
    return ([{"facet": "tag", "slug": t, "label": TOPICS[t]} for t in entry["topics"]]
            + [{"facet": "tag", "slug": a, "label": AREAS[a]} for a in entry["areas"]])


def test_every_article_once_with_its_fields_and_nothing_else(crawled_style):
    server, data_dir, first, _, _ = crawled_style
    hub = server.hub
    assert first["outcome"] == "ok" and first["failures"] == [], first
    assert first["new"] == len(hub.articles)
    assert first["not_articles"] >= 3            # About, Contact, Programs at least
    store = IndexStore.open(Workspace(data_dir).index_path)
    try:
        assert store.count() == len(hub.articles)
        for entry in hub.articles:
            style = style_of(server, entry)
            url = article_url(server, entry)
            article = store.get(url)
            assert article is not None, url
            assert article.title == entry["title"]
            assert article.author == expected_authors(style, entry), url
            published, updated = expected_days(style, entry)
            assert article.published.date().isoformat() == published, url
            assert (article.updated.date().isoformat() if article.updated else None) == updated, url
            assert article.tags == expected_tags(style, entry), url
            assert article.summary == entry["summary"]
            related = related_of(server, entry)
            assert [r["url"] for r in article.related] == [article_url(server, r) for r in related]
            assert [r["title"] for r in article.related] == [r["title"] for r in related]
            assert entry["intro"][0] in article.body
            assert entry["sections"][-1]["paragraphs"][-1] in article.body
            for noise in ("Submitted by", "Read more", "Read On", "Related", "Powered by", "Subscribe", "©"):
                assert noise not in article.body, (url, noise)
            assert not any(t["label"].lower().startswith("read more") for t in article.tags)
    finally:
        store.close()


def test_an_unchanged_recrawl_downloads_no_article_and_no_listing_body(crawled_style):
    server, _, first, again, requests = crawled_style
    assert again["outcome"] == "ok" and again["failures"] == []
    assert again["new"] == again["updated"] == 0 and again["removed"] == 0
    assert again["unchanged"] >= len(server.hub.articles)
    # Nothing is sent in full: articles, listings, sitemaps and the start page are all asked
    # with validators (or not asked at all) and answered 304.
    assert requests.get("article-body", 0) == 0, requests
    assert requests.get("other-body", 0) == 0, requests
    assert {status for _, status in requests["answers"]} <= {304, 404}, requests["answers"]
    assert again["fetched"] == again["not_modified"]
    # Sitemap lastmod decides for every article the sitemaps list, and an alias of one (Drupal's
    # /node/N "Read more" links) is not asked at all; only the articles no sitemap lists (the
    # HubSpot insights blog when Drupal's /sitemap.xml answers) are asked, with their validators.
    unmapped = 0
    if isinstance(server.styler, Mixed):
        unmapped = len([e for e in server.hub.articles if server.styler.article_url("", e).startswith("/insights/")])
    assert requests.get("article", 0) == unmapped, requests["answers"]
    assert not [p for p, _ in requests["answers"] if p.startswith("/node/")]
    # Robots-named and usual sitemaps, the start page and the first page of each section that no
    # sitemap maps: never a listing's later page.
    assert requests.get("other", 0) <= 6, requests["answers"]
    assert not [p for p, _ in requests["answers"] if re.search(r"/page/\d|[?&]page=", p)], requests["answers"]


def test_a_section_start_url_with_or_without_its_slash(tmp_path, capsys):
    server = start_sample_hub(style="drupal")
    try:
        for name, url in (("bare", server.base_url + "/news"), ("slash", server.base_url + "/news/")):
            report = _crawl(capsys, tmp_path / name, url)
            assert report["new"] == len(server.hub.articles), (url, report)
            assert report["not_articles"] == 0 and report["failures"] == [], (url, report)
    finally:
        server.shutdown()
        server.server_close()


def test_discovery_without_sitemaps_walks_the_menu_sections(styled):
    """A robots.txt and a site with no usable sitemap: the listings of the sections the start
    page's menu names, with their pagination, find every article."""
    crawl = CrawlSettings(delay=0, retries=0, timeout=5.0)
    site = dataclasses.replace(site_from_url(styled.base_url + "/", crawl, delay=0),
                               sitemaps=(styled.base_url + "/no-sitemap.xml",))
    fetcher = Fetcher(crawl, delay=0)
    try:
        report = CrawlReport(site=site.name)
        found = {c.url for c in discover(site, fetcher, RobotsCache(fetcher, crawl.user_agent), report)}
    finally:
        fetcher.close()
    expected = {article_url(styled, e) for e in styled.hub.articles}
    if styled.style in ("ghost", "wordpress"):   # their home pages list the newest; links find the rest
        assert len(expected & found) >= 6
    else:
        assert expected <= found, sorted(expected - found)[:5]
    assert "listing" in report.discovery_sources
    assert not [u for u in found if re.search(r"/tag/|/author/|/taxonomy/term/|/user/\d", u)]


@pytest.mark.parametrize("style", ["drupal", "hubspot"])
def test_a_crawl_without_any_sitemap_indexes_every_article_and_no_basic_page(style, tmp_path):
    """Sitemaps that do not answer: the listings of the menu's sections find every article, and
    the site's basic pages are recognised, not indexed."""
    import contextlib
    import io

    from tests.conftest import write_config

    server = start_sample_hub(style=style)
    try:
        config = write_config(tmp_path / "config.toml", server.base_url + "/", tmp_path / "data",
                              f'sitemaps = ["{server.base_url}/gone-sitemap.xml"]\n')
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = run.main(["--quiet", "--config", str(config), "crawl", "--json"])
        report = json.loads(buf.getvalue())["sites"][0]
        assert code == 0, report
        assert "sitemap" not in report["discovery_sources"] and "listing" in report["discovery_sources"]
        assert report["new"] == len(server.hub.articles) and report["failures"] == [], report
        store = IndexStore.open(Workspace(tmp_path / "data").index_path)
        try:
            assert store.count() == len(server.hub.articles)
            for name in ("about", "contact", "programs"):
                assert store.get(f"{server.base_url}/{name}") is None
        finally:
            store.close()
    finally:
        server.shutdown()
        server.server_close()


def _crawl_without_sitemaps(config) -> dict:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run.main(["--quiet", "--config", str(config), "crawl", "--json"])
    report = json.loads(buf.getvalue())["sites"][0]
    assert code == 0, report
    return report


@pytest.mark.parametrize("style", ["drupal", "hubspot"])
def test_without_sitemaps_a_recrawl_asks_only_first_listing_pages_and_finds_what_is_new(style, tmp_path):
    """No sitemap answers: the listings decide. An unchanged recrawl asks each listing's first
    page with its validators (304) and reads the later pages from their kept copies; once an
    article is published, the first page changes and the new article is found and indexed."""
    from tests.conftest import write_config

    server = start_sample_hub(style=style)
    try:
        newest = server.hub.articles[0]
        server.hub.remove(newest["slug"])
        config = write_config(tmp_path / "config.toml", server.base_url + "/", tmp_path / "data",
                              f'sitemaps = ["{server.base_url}/gone-sitemap.xml"]\n')
        first = _crawl_without_sitemaps(config)
        assert first["new"] == len(server.hub.articles) and first["failures"] == [], first
        later_pages = [p for p, _ in server.answers if re.search(r"/page/\d|[?&]page=[1-9]", p)]
        assert later_pages                  # the first crawl walked the listings' pagination

        server.requests.clear()
        server.answers.clear()
        again = _crawl_without_sitemaps(config)
        assert again["new"] == again["updated"] == 0 and again["failures"] == [], again
        assert server.requests.get("article-body", 0) == server.requests.get("other-body", 0) == 0, server.answers
        assert not [p for p, _ in server.answers if re.search(r"/page/\d|[?&]page=[1-9]", p)], server.answers

        server.hub.publish(newest)
        server.answers.clear()
        third = _crawl_without_sitemaps(config)
        assert third["new"] == 1 and third["updated"] == 0 and third["failures"] == [], third
        bodies = [p for p, status in server.answers if status == 200]
        assert article_url(server, newest)[len(server.base_url):] in bodies, server.answers
        store = IndexStore.open(Workspace(tmp_path / "data").index_path)
        try:
            assert store.count() == len(server.hub.articles)
            assert store.get(article_url(server, newest)) is not None
        finally:
            store.close()
    finally:
        server.shutdown()
        server.server_close()
