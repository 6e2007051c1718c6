"""Table tests: saved HTML page -> expected article fields, and small pages for each format."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from pipeline.core.errors import NotAnArticle
from pipeline.extraction.extract import decode_html, extract_html, split_authors
from pipeline.extraction.htmldoc import clean, opening_text, text_of

PAGES = Path(__file__).parent / "pages"
BASE = "https://hub.example/knowledge-hub/"


def utc(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=timezone.utc)


def tag(facet, slug, label):
    return {"facet": facet, "slug": slug, "label": label}


ENG = tag("area_of_study", "engineering", "Engineering")
CAREER = tag("topic", "career-advancement", "Career Advancement")
TRENDS = tag("topic", "industry-trends", "Industry Trends & Insights")
PLANNING = tag("topic", "planning-for-grad-school", "Planning for Grad School")

SAMPLE_PAGES = [
    ("sample-what-can-i-do-with-a-masters-in-engineering-management.html", {
        "url": BASE + "what-can-i-do-with-a-masters-in-engineering-management/",
        "title": "What Can You Do With an MS in Engineering Management?",
        "author": ["Samir Okonkwo-Hale"],
        "published": utc(2022, 10, 1),              # from the editor's note
        "updated": utc(2024, 7, 25, 13),            # the page's own date becomes the update
        "tags": [ENG, CAREER, TRENDS],
        "related": [BASE + "emerging-engineering-manager-skills/", BASE + "how-to-become-an-engineering-manager/",
                    BASE + "value-of-masters-degree/"],
        "related_dates": ["2024-01-02", "2023-12-19", "2024-07-24"],
        "sources": {"title": "json-ld", "author": "json-ld", "published": "editor-note", "tags": "links"},
    }),
    ("sample-emerging-engineering-manager-skills.html", {
        "url": BASE + "emerging-engineering-manager-skills/",
        "title": "7 Emerging Skills Engineering Managers Need to Stay Competitive",
        "author": ["Theo Marchetti"],
        "published": utc(2024, 1, 2, 13),
        "updated": None,                            # modified == published is no update
        "tags": [ENG, CAREER, TRENDS],
    }),
    ("sample-value-of-masters-degree.html", {
        "url": BASE + "value-of-masters-degree/",
        "title": "What Is the Value of a Master's Degree?",
        "author": ["Corinne Adebayo"],
        "published": utc(2024, 7, 24, 13),
        "updated": None,
        "tags": [CAREER, PLANNING],
    }),
    ("sample-two-authors.html", {
        "url": BASE + "ai-in-business/",
        "author": ["Dana Rutherford", "Theo Marchetti"],
        "published": utc(2025, 4, 8, 13),
        "updated": utc(2025, 10, 7, 13),
        "tags": [tag("area_of_study", "business", "Business"), tag("area_of_study", "computer-science", "Computer Science"),
                 TRENDS],
    }),
]


def test_saved_pages_match_the_sample_hub():
    """The saved pages are what the sample hub serves today (regenerate with make_sample_pages.py)."""
    from tests.pages.make_sample_pages import pages

    for name, text in pages().items():
        assert (PAGES / name).read_text(encoding="utf-8") == text, f"{name} is stale: run tests/pages/make_sample_pages.py"


@pytest.mark.parametrize("name, expected", SAMPLE_PAGES, ids=[p[0] for p in SAMPLE_PAGES])
def test_sample_pages(name, expected):
    html = (PAGES / name).read_text(encoding="utf-8")
    article = extract_html(html, expected["url"])
    for key in ("url", "title", "author", "published", "updated", "tags"):
        if key in expected:
            assert getattr(article, key) == expected[key], key
    if "related" in expected:
        assert [r["url"] for r in article.related] == expected["related"]
        assert [r["published"][:10] for r in article.related] == expected["related_dates"]
        assert all(r["title"] and r["tags"] for r in article.related)
    for key, source in expected.get("sources", {}).items():
        assert article.sources[key] == source, key
    assert article.summary and len(article.body.split()) > 200
    assert "Request info" not in article.body and "Ready for the next step" not in article.body


def test_listing_and_error_pages_are_not_articles():
    for name in ("sample-listing.html", "sample-404.html"):
        with pytest.raises(NotAnArticle):
            extract_html((PAGES / name).read_text(encoding="utf-8"), BASE + "all-articles/")


def test_the_hub_home_page_is_a_listing():
    """No listing markup, og:type website, a paragraph of its own: its cards make it a listing."""
    with pytest.raises(NotAnArticle, match="listing"):
        extract_html((PAGES / "sample-home.html").read_text(encoding="utf-8"), BASE)


LOREM = " ".join(["Graduate study rewards steady, deliberate work over many months of effort."] * 12)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


CASES = [
    # (id, html, field, expected)
    ("title-og-site-split", page('<meta property="og:title" content="Grad Tips | Example U">'
                                '<meta property="og:site_name" content="Example U">', f"<p>{LOREM}</p>"),
     "title", "Grad Tips"),
    ("title-single-h1", page("<title>Site</title>", f"<h1>The Real Title</h1><p>{LOREM}</p>"), "title", "The Real Title"),
    ("title-from-title-tag", page("<title>Long Article Title Here - Blog</title>", f"<p>{LOREM}</p>"),
     "title", "Long Article Title Here"),
    ("author-jsonld-id-ref", page('<script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"H",'
                                 '"author":{"@id":"#p1"}},{"@type":"Person","@id":"#p1","name":"Ada Byron"}]}</script>',
                                 f"<p>{LOREM}</p>"), "author", ["Ada Byron"]),
    ("author-jsonld-list", page('<script type="application/ld+json">{"@type":"BlogPosting","headline":"H",'
                                '"author":[{"name":"A One"},{"name":"B Two"}]}</script>', f"<p>{LOREM}</p>"),
     "author", ["A One", "B Two"]),
    ("author-meta-not-url", page('<meta name="author" content="https://example.org/u/1">'
                                 '<meta name="author" content="Jo Park">', f"<h1>T</h1><p>{LOREM}</p>"), "author", ["Jo Park"]),
    ("author-byline-two", page("", f"<h1>T</h1><p>By Mia Chen and Raj Patel</p><p>{LOREM}</p>"),
     "author", ["Mia Chen", "Raj Patel"]),
    ("author-written-by", page("", f"<h1>T</h1><div>Written by Lee Ward</div><p>{LOREM}</p>"), "author", ["Lee Ward"]),
    ("author-never-admin", page('<meta name="author" content="admin">', f"<h1>T</h1><p>{LOREM}</p>"), "author", []),
    ("date-meta", page('<meta property="article:published_time" content="2024-07-25T09:30:00-04:00">',
                       f"<h1>T</h1><p>{LOREM}</p>"), "published", datetime(2024, 7, 25, 13, 30, tzinfo=timezone.utc)),
    ("date-time-element", page("", f'<h1>T</h1><time datetime="2023-03-05">March 5</time><p>{LOREM}</p>'),
     "published", utc(2023, 3, 5)),
    ("date-visible-us", page("", f"<h1>T</h1><p>July 25, 2024</p><p>{LOREM}</p>"), "published", utc(2024, 7, 25)),
    ("date-visible-eu", page("", f"<h1>T</h1><span>25 July 2024</span><p>{LOREM}</p>"), "published", utc(2024, 7, 25)),
    ("date-visible-numeric", page("", f"<h1>T</h1><span>07/25/2024</span><p>{LOREM}</p>"), "published", utc(2024, 7, 25)),
    ("date-updated-line", page('<meta property="article:published_time" content="2024-01-01">',
                               f"<h1>T</h1><p>Last updated: March 3, 2024</p><p>{LOREM}</p>"), "updated", utc(2024, 3, 3)),
    ("date-never-future", page('<meta property="article:published_time" content="2999-01-01">',
                               f"<h1>T</h1><p>{LOREM}</p>"), "published", None),
    ("date-not-from-comments", page("", f'<h1>T</h1><p>{LOREM}</p><div class="comments"><time datetime="2020-02-02">'
                                    "x</time></div>"), "published", None),
    ("tags-rel-tag", page("", f'<article><h1>T</h1><p>{LOREM}</p><a rel="tag" href="/x/">Data Science</a></article>'),
     "tags", [tag("tag", "data-science", "Data Science")]),
    ("tags-wordpress-paths", page("", f'<article><h1>T</h1><p>{LOREM}</p><a href="/category/news/">News</a>'
                                  '<a href="/tag/ai/">AI</a></article>'),
     "tags", [tag("category", "news", "News"), tag("tag", "ai", "AI")]),
    ("tags-meta-fallback", page('<meta property="article:tag" content="Online Learning">', f"<h1>T</h1><p>{LOREM}</p>"),
     "tags", [tag("tag", "online-learning", "Online Learning")]),
    ("tags-not-from-nav", page("", '<nav><a href="/all/?topic=nav-topic">Nav</a></nav>'
                               f'<article><h1>T</h1><p>{LOREM}</p><a href="/all/?topic=real">Real</a></article>'),
     "tags", [tag("topic", "real", "Real")]),
    ("title-jsonld-entities", page('<script type="application/ld+json">{"@type":"Article",'
                                   '"headline":"It&#8217;s R&amp;D &quot;season&quot;"}</script>', f"<p>{LOREM}</p>"),
     "title", "It\u2019s R&D \"season\""),
    ("title-og-entities", page('<meta property="og:title" content="Caf&amp;eacute; culture">', f"<p>{LOREM}</p>"),
     "title", "Caf\u00e9 culture"),
    ("tags-jsonld-keywords-string", page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",'
                                         '"keywords":"Ferries, Harbour;Public Transport"}</script>', f"<p>{LOREM}</p>"),
     "tags", [tag("tag", "ferries", "Ferries"), tag("tag", "harbour", "Harbour"),
              tag("tag", "public-transport", "Public Transport")]),
    ("tags-jsonld-keywords-one-string-in-a-list", page('<script type="application/ld+json">{"@type":"NewsArticle",'
                                                       '"headline":"H","keywords":["Ferries, Harbour", "R&amp;D"]}</script>',
                                                       f"<p>{LOREM}</p>"),
     "tags", [tag("tag", "ferries", "Ferries"), tag("tag", "harbour", "Harbour"), tag("tag", "r-d", "R&D")]),
    ("tags-news-keywords", page('<meta name="news_keywords" content="Elections,  City Council , Budget">'
                                '<meta name="keywords" content="news, latest, today">', f"<h1>T</h1><p>{LOREM}</p>"),
     "tags", [tag("tag", "elections", "Elections"), tag("tag", "city-council", "City Council"),
              tag("tag", "budget", "Budget")]),
    ("tags-keywords-meta", page('<meta name="keywords" content="Ferries; Harbour">', f"<h1>T</h1><p>{LOREM}</p>"),
     "tags", [tag("tag", "ferries", "Ferries"), tag("tag", "harbour", "Harbour")]),
    ("tags-links-before-keywords", page('<meta name="keywords" content="seo, words">',
                                        f'<article><h1>T</h1><p>{LOREM}</p><a href="/tag/ai/">AI</a></article>'),
     "tags", [tag("tag", "ai", "AI")]),
    ("tags-not-people-in-sentences", page("", f'<article><h1>T</h1><p>{LOREM} The plan was backed by '
                                          '<a href="/topic/jane-doe/">Jane Doe</a>, who chairs the board of the '
                                          'port, and opposed by <a href="/tag/harbourville/">Harbourville</a> '
                                          'residents.</p><ul class="tags"><li><a href="/topic/ferries/">Ferries</a></li>'
                                          '<li><a href="/tag/budget/">Budget</a></li></ul></article>'),
     "tags", [tag("topic", "ferries", "Ferries"), tag("tag", "budget", "Budget")]),
    ("tags-wordpress-line", page("", f'<article><h1>T</h1><p>{LOREM}</p><p class="meta">Posted in '
                                 '<a href="/category/news/" rel="category tag">News</a> and tagged '
                                 '<a href="/tag/ferries/" rel="tag">Ferries</a>, <a href="/tag/port/" rel="tag">Port</a>'
                                 "</p></article>"),
     "tags", [tag("category", "news", "News"), tag("tag", "ferries", "Ferries"), tag("tag", "port", "Port")]),
    ("tags-not-from-menus-widgets-or-clouds", page("", '<div class="main-menu"><a href="/category/sport/">Sport</a></div>'
                                                   '<nav><a href="/topic/news/">News</a></nav>'
                                                   f'<div class="post"><h1>T</h1><p>{LOREM}</p><a href="/tag/kayaks/" rel="tag">'
                                                   'Kayaks</a></div><div class="widget widget_tag_cloud"><div class="tagcloud">'
                                                   '<a href="/tag/gardens/" rel="tag">Gardens</a></div></div>'),
     "tags", [tag("tag", "kayaks", "Kayaks")]),
    ("tags-not-from-a-related-card", page("", f'<article><h1>T</h1><p>{LOREM}</p><a href="/tag/kayaks/">Kayaks</a>'
                                          '<div class="more-related"><a href="/tag/gardens/">Gardens</a></div></article>'),
     "tags", [tag("tag", "kayaks", "Kayaks")]),
    ("tags-rel-category", page("", f'<article><h1>T</h1><p>{LOREM}</p><div class="meta"><a href="/?cat=7" rel="category">'
                               "River Trips</a></div></article>"),
     "tags", [tag("category", "river-trips", "River Trips")]),
    ("tags-list-container-any-address", page("", f'<article><h1>T</h1><p>{LOREM}</p><div class="entry__tags">'
                                             '<a href="/stichwort/paddling">Paddling</a><a href="/stichwort/weirs">Weirs</a>'
                                             '</div><p class="post-categories"><a href="/rubrik/outdoors">Outdoors</a></p>'
                                             '<span class="comment-tag"><a href="#comments">Write a comment</a></span>'
                                             '<div class="tags"><a href="https://elsewhere.example/x">Elsewhere</a></div>'
                                             "</article>"),
     "tags", [tag("tag", "paddling", "Paddling"), tag("tag", "weirs", "Weirs"), tag("category", "outdoors", "Outdoors")]),
    ("tags-line-beside-the-article", page("", f'<article><h1>T</h1><p>{LOREM}</p></article><p class="post-tags">'
                                          '<a href="/tag/canoes/" rel="tag">Canoes</a></p>'
                                          '<div id="sidebar"><ul><li><a href="/category/misc/">Misc</a></li></ul></div>'),
     "tags", [tag("tag", "canoes", "Canoes")]),
    ("tags-sidebar-keeps-marked-terms", page("", f'<main><h1>T</h1><p>{LOREM}</p></main><section id="sidebar">'
                                             '<aside class="post-info"><a href="/category/trips/" rel="category tag">Trips</a>'
                                             '</aside><ul><li><a href="/category/archive-stuff/">Archive Stuff</a></li></ul>'
                                             "</section>"),
     "tags", [tag("category", "trips", "Trips")]),
    ("tags-label-decoration", page("", f'<article><h1>T</h1><p>{LOREM}</p><p>Tags: <a href="/tag/lakes/">#Lakes</a> '
                                   '<a href="/tag/dams/">Dams,</a></p></article>'),
     "tags", [tag("tag", "lakes", "Lakes"), tag("tag", "dams", "Dams")]),
    ("author-jsonld-webpage", page('<script type="application/ld+json">{"@graph":[{"@type":"WebPage","@id":"#w",'
                                   '"author":{"@id":"#p"}},{"@type":"Person","@id":"#p","name":"Oona Blackwood"}]}</script>',
                                   f"<h1>T</h1><p>{LOREM}</p>"), "author", ["Oona Blackwood"]),
    ("author-lone-label-then-tail", page("", f'<h1>T</h1><p>{LOREM}</p><div><h5>Autor: </h5>Ines Falkenrath</div>'),
     "author", ["Ines Falkenrath"]),
    ("author-label-text-then-link", page("", f'<h1>T</h1><p>{LOREM}</p><div>Source: Harbour Office<br>Author: '
                                         '<a href="/people/">Teodor Lindqvist</a></div>'), "author", ["Teodor Lindqvist"]),
    ("author-auteur-class", page("", f'<h1>T</h1><div class="lesauteurs"><p class="nom">Solène Marchetti</p></div>'
                                 f"<p>{LOREM}</p>"), "author", ["Solène Marchetti"]),
    ("author-cards-read-last", page("", '<ul class="teaser-list"><li><a href="/b/"><span class="author">Cara Voss</span>'
                                    f'</a></li></ul><h1>T</h1><p>{LOREM}</p><p class="post-author">Bruno Ekwueme</p>'),
     "author", ["Bruno Ekwueme"]),
    ("author-not-a-phrase", page("", f'<h1>T</h1><p>{LOREM}</p><div class="author-note">it was far too late</div>'),
     "author", []),
    ("author-role-after-name", page("", f"<h1>T</h1><p>Posted by Mara Quist and Lev Ortmann - River Survey team</p>"
                                    f"<p>{LOREM}</p>"), "author", ["Mara Quist", "Lev Ortmann"]),
    ("author-not-a-commenter", page("", f'<h1>T</h1><p>{LOREM}</p><ol><li class="comment"><span class="comment-author">'
                                    "Rolf Hagen</span> loved it</li></ol>"), "author", []),
    ("author-byline-paragraph", page("", f'<h1><a href="/">Site Logo</a></h1><nav><a href="/a/">A</a></nav><h2>Other</h2>'
                                     f"<article><h2>T</h2><p>Von Greta Wollny</p><p>{LOREM}</p></article>"),
     "author", ["Greta Wollny"]),
    ("author-posted-on-date-by", page("", f'<h1>T</h1><div class="entry-meta">Posted on March 4, 2024 by Nils Ardent</div>'
                                      f"<p>{LOREM}</p>"), "author", ["Nils Ardent"]),
    ("author-not-sponsored", page("", f'<h1>T</h1><p>{LOREM}</p><div class="author-box">Gesponserte Inhalte</div>'),
     "author", []),
    ("canonical-link", page('<link rel="canonical" href="https://hub.example/a/?utm_source=x#top">',
                            f"<h1>T</h1><p>{LOREM}</p>"), "url", "https://hub.example/a/"),
    ("summary-first-paragraph", page("", f"<h1>T</h1><p>{LOREM}</p>"), "summary", LOREM[:297].rsplit(" ", 1)[0] + "..."),
]


@pytest.mark.parametrize("html, field, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_field_formats(html, field, expected):
    article = extract_html(html, "https://hub.example/a/")
    assert getattr(article, field) == expected


def test_related_block_yarpp_list():
    html = page("", f'<article><h1>T</h1><p>{LOREM}</p></article><div class="yarpp-related"><h3>Related posts:</h3>'
                    '<ol><li><a href="/one/">First Post</a></li><li><a href="/two/">Second Post</a></li></ol></div>'
                    '<footer><a href="/about/">About</a></footer>')
    article = extract_html(html, "https://hub.example/a/")
    assert [(r["url"], r["title"]) for r in article.related] == [
        ("https://hub.example/one/", "First Post"), ("https://hub.example/two/", "Second Post")]
    assert "First Post" not in article.body


def test_related_block_by_heading():
    html = page("", f'<article><h1>T</h1><p>{LOREM}</p><section><h2>You might also like</h2>'
                    '<div><h3><a href="/x/">X Article</a></h3><span>May 1, 2023</span>'
                    '<a href="/all/?topic=t1">T1</a></div></section></article>')
    article = extract_html(html, "https://hub.example/a/")
    assert article.related == [{"url": "https://hub.example/x/", "title": "X Article",
                                "published": "2023-05-01T00:00:00+00:00", "tags": [tag("topic", "t1", "T1")]}]
    assert article.tags == []   # the card's tag belongs to the related article


def test_bot_wall_is_not_an_article():
    with pytest.raises(NotAnArticle):
        extract_html(page("<title>Just a moment...</title>", "<p>Checking your browser before accessing.</p>"),
                     "https://hub.example/a/")


def test_bot_wall_in_the_opening_text_of_a_small_page_is_not_an_article():
    body = "<nav>" + "menu " * 300 + "</nav><p>Please VERIFY you are a Human to continue.</p>" + "<p>words</p>" * 50
    with pytest.raises(NotAnArticle, match="bot wall"):
        extract_html(page("<title>Article title</title>", body), "https://hub.example/a/")
    # beyond the first 2,000 characters of text the same words are part of the article
    late = "<p>" + "text " * 500 + "</p><p>Please verify you are a human.</p>"
    assert extract_html(page("<title>Article title</title>", "<h1>Article title</h1>" + late + "<p>more</p>" * 20),
                        "https://hub.example/a/").title == "Article title"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab  \n\t\u00a0.")), max_size=40), max_size=60),
       st.integers(min_value=1, max_value=120))
def test_opening_text_is_the_start_of_the_cleaned_text(pieces, limit):
    root = etree.fromstring(b"<div/>")
    for piece in pieces:          # each piece a text node of its own (some adjoining: words cut)
        child = etree.SubElement(root, "span")
        child.text = piece
    assert opening_text(root, limit) == clean(text_of(root))[:limit]


def test_split_authors():
    assert split_authors("A One, B Two & C Three") == ["A One", "B Two", "C Three"]
    assert split_authors("A One, and B Two") == ["A One", "B Two"]
    assert split_authors("Freundeskreis Flussauen e.V.") == ["Freundeskreis Flussauen e.V."]   # one association
    assert split_authors("Lia Conti e Marco Ferri") == ["Lia Conti", "Marco Ferri"]


@pytest.mark.parametrize("raw, ctype, expected", [
    ("caf\u00e9".encode("utf-8"), "text/html; charset=utf-8", "caf\u00e9"),
    ("caf\u00e9".encode("cp1252"), "text/html; charset=windows-1252", "caf\u00e9"),
    (b"\xef\xbb\xbf" + "caf\u00e9".encode("utf-8"), "text/html; charset=latin-1", "caf\u00e9"),  # BOM wins
    (b'<meta charset="iso-8859-1">caf\xe9', "text/html", '<meta charset="iso-8859-1">caf\u00e9'),
    (b"caf\xff\xfe broken", "text/html; charset=utf-8", "caf\ufffd\ufffd broken"),
])
def test_decode_html(raw, ctype, expected):
    assert decode_html(raw, ctype) == expected
