"""Extraction never raises on hostile or broken input, and tells articles from other pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.core.config import CrawlSettings, site_from_url
from pipeline.core.errors import ExtractError, NotAnArticle
from pipeline.extraction.extract import decode_html, extract, extract_html
from pipeline.core.models import Page

PAGES = Path(__file__).parent / "pages"
SAMPLE = (PAGES / "sample-emerging-engineering-manager-skills.html").read_text(encoding="utf-8")
URL = "https://hub.example/knowledge-hub/x/"

tags = st.sampled_from(["p", "div", "span", "a", "h1", "h2", "h3", "article", "main", "time", "script", "style",
                        "nav", "footer", "ul", "li", "table", "td", "meta", "link", "title", "section"])
attrs = st.sampled_from(['', ' class="author"', ' class="related-posts"', ' rel="canonical" href="::"',
                         ' datetime="2024-99-99"', ' property="article:published_time" content="garbage"',
                         ' type="application/ld+json"', ' href="http://[::1"', ' href="?topic=x"', ' itemprop="author"',
                         ' class="' + "x " * 5000 + '"', ' href="' + "a" * 20000 + '"', ' class="comment"',
                         ' class="slide" style="display:none"', ' class="slide"', ' hidden'])
texts = st.text(min_size=0, max_size=60) | st.sampled_from(["By A and B", "July 25, 2024", "Related articles",
                                                            '{"@graph": [{"@id": 1}]', "originally published in May 2020",
                                                            "{", "&#xD800;", "\x00"])


@st.composite
def soups(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(tags)}{draw(attrs)}>")
        elif kind == 1:
            parts.append(f"</{draw(tags)}>")
        else:
            parts.append(draw(texts))
    return "".join(parts)


def never_raises_unexpectedly(html: str) -> None:
    try:
        extract_html(html, URL)
    except (NotAnArticle, ExtractError):
        pass
    article = extract_html(html, URL, require_article=False)
    assert isinstance(article.title, str) and isinstance(article.author, list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soups())
def test_random_tag_soup(html):
    never_raises_unexpectedly(html)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SAMPLE)))
def test_truncated_pages(cut):
    never_raises_unexpectedly(SAMPLE[:cut])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_through_the_whole_path(raw):
    page = Page(url=URL, final_url=URL, status=200, headers={"content-type": "text/html; charset=bogus-9"}, content=raw)
    try:
        extract(page)
    except (NotAnArticle, ExtractError):
        pass


@pytest.mark.parametrize("html", [
    "", "<", "<html>", "<!-- only a comment -->", "<?xml version='1.0' encoding='latin-1'?><html><p>x</p></html>",
    "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>",
    "<p>mis<b>nested</p></b><h1>Title</h1><table><p>in table</table>",
    '<script type="application/ld+json">' + "[" * 5000 + "</script>",
    "<html><head><meta charset='utf-16'></head><body><p>wrong declared encoding</p></body></html>",
])
def test_edge_cases(html):
    never_raises_unexpectedly(html)


def test_wrong_encoding_bytes_are_replaced_not_fatal():
    raw = "<html><body><h1>Caf\u00e9</h1></body></html>".encode("cp1252")
    assert "Caf" in decode_html(raw, "text/html; charset=utf-8")


@pytest.mark.parametrize("html, reason", [
    ("<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>", "bot wall"),
    ("<html><head><title>Page not found | Hub</title></head><body><h1>Oops</h1><p>" + "word " * 100 + "</p></body></html>",
     "error page"),
    ('<html><head><script type="application/ld+json">{"@type": "CollectionPage"}</script></head><body><h1>Tag: AI</h1>'
     + "".join(f'<h2><a href="/p{i}/">Post {i}</a></h2><p>{"teaser words here " * 10}</p>' for i in range(10))
     + "</body></html>", "listing"),
    ("<html><body><h1>Stub</h1><p>Too short to be an article.</p></body></html>", "stub"),
])
def test_pages_that_are_not_articles(html, reason):
    with pytest.raises(NotAnArticle):
        extract_html(html, URL)


def test_site_selectors_override_every_other_source():
    settings_ = CrawlSettings()
    site = site_from_url("https://hub.example/knowledge-hub/", settings_)
    site = type(site)(**{**site.__dict__, "selectors": {"title": "p.article-author", "published": "p.article-date"}})
    article = extract_html(SAMPLE, URL, site)
    assert article.sources["title"] == "selector"
    assert article.title == "By Theo Marchetti"
    assert article.sources["published"] == "selector"
    assert article.published.isoformat() == "2024-01-02T00:00:00+00:00"   # JSON-LD says 13:00


def test_invalid_selector_is_a_clear_error():
    site = site_from_url("https://hub.example/knowledge-hub/", CrawlSettings())
    site = type(site)(**{**site.__dict__, "selectors": {"title": "h1[[["}})
    with pytest.raises(ExtractError, match="invalid CSS selector for title"):
        extract_html(SAMPLE, URL, site)


@pytest.mark.parametrize("title", ["Building a Career in Nursing (No. 404)", "Not Found: Why Searches Fail",
                                   "Error Budgets: 410 Ways to Fail Gracefully"])
def test_error_words_inside_an_article_title_are_not_an_error_page(title):
    html = f"<html><head><title>{title} | Hub</title></head><body><article><h1>{title}</h1><p>{'word ' * 200}</p></article></body></html>"
    assert extract_html(html, URL).title == title


@pytest.mark.parametrize("kinds", [1, 20000], ids=["one-kind", "every-kind-its-own"])
def test_many_hidden_siblings_are_judged_in_linear_time(kinds):
    import time

    blocks = "".join(f"<div class='k{i % kinds}' style='display:none'>hidden block {i}</div>" for i in range(20000))
    start = time.perf_counter()
    extract_html(f"<html><body><h1>Title</h1><div>{blocks}<div class='k0'>shown</div></div></body></html>", URL,
                 require_article=False)
    assert time.perf_counter() - start < 5.0
