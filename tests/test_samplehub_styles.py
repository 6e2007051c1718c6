"""The sample hub's styles: each serves its system's URLs, robots.txt and sitemaps, with
validators and 304s on article pages, and a bad style is refused with one line."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from pipeline.samplehub import start_sample_hub
from tests.conftest import ROOT


@pytest.fixture(scope="module", params=["drupal", "hubspot", "ghost"])
def styled(request):
    server = start_sample_hub(style=request.param)
    yield server
    server.shutdown()
    server.server_close()


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


SIGNATURES = {   # what each system's article page says about itself
    "drupal": ('content="Drupal 10', 'Submitted by', '/taxonomy/term/', 'rel="tag"', 'schema:dateModified'),
    "hubspot": ('content="HubSpot"', 'twitter:data1', '/tag/', '_hsenc=', 'hsCtaTracking='),
    "ghost": ('content="Ghost', 'twitter:label1', '/author/', 'read-more', 'application/ld+json'),
}


def test_every_article_answers_with_its_style_and_validators(styled):
    hub, base = styled.hub, styled.base_url
    for entry in hub.articles:
        status, headers, text = _get(styled.styler.article_url(base, entry))
        assert status == 200
        assert entry["title"].replace("'", "&#x27;") in text
        for mark in SIGNATURES[styled.style]:
            assert mark in text, (styled.style, mark)
    url = styled.styler.article_url(base, hub.articles[0])
    status, headers, _ = _get(url)
    assert _get(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert _get(base + "/no-such-page/")[0] == 404


def test_robots_and_sitemaps_follow_the_system(styled):
    _, _, robots = _get(styled.base_url + "/robots.txt")
    named = [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")]
    expected = {"drupal": [], "hubspot": [styled.base_url + "/blog/sitemap.xml"],
                "ghost": [styled.base_url + "/sitemap.xml"]}[styled.style]
    assert named == expected
    status, _, xml = _get(styled.base_url + "/sitemap.xml")
    assert status == 200 and ("<sitemapindex" in xml or "<urlset" in xml)


def test_unknown_style_is_one_clear_line():
    proc = subprocess.run([sys.executable, "run.py", "sample-hub", "--style", "joomla", "--port", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "joomla" in proc.stderr
    with pytest.raises(ValueError, match="unknown sample hub style"):
        start_sample_hub(style="joomla")


def test_sections_of_several_styles_share_one_host():
    server = start_sample_hub(style="drupal,hubspot")
    try:
        base, hub = server.base_url, server.hub
        _, _, robots = _get(base + "/robots.txt")
        assert [line for line in robots.splitlines() if line.startswith("Sitemap:")] == [f"Sitemap: {base}/blog/sitemap.xml"]
        _, _, home = _get(base + "/")
        assert 'href="/news"' in home and 'href="/blog"' in home and 'href="/insights"' in home
        sections = {server.styler.section_of(hub, e)[0] for e in hub.articles}
        assert sections == {"drupal", "hubspot"}
        for entry in hub.articles:
            status, _, text = _get(server.styler.article_url(base, entry))
            style = server.styler.section_of(hub, entry)[0]
            assert status == 200 and SIGNATURES[style][0] in text
        _, _, sitemap = _get(base + "/sitemap.xml")          # Drupal's: the news section only
        assert "/news/" in sitemap and "/blog/" not in sitemap and "/insights/" not in sitemap
    finally:
        server.shutdown()
        server.server_close()
