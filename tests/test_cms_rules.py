"""Table tests of the common systems' conventions (cms.py and its hooks), each from a small page
of our own: bylines and author links, RDFa and microdata dates, taxonomy terms with one facet per
vocabulary, related cards, "Read more" never a tag, basic pages, marketing tracking parameters."""

from __future__ import annotations

import pytest

from pipeline.core.errors import NotAnArticle
from pipeline.core.urls import canonicalize
from pipeline.extraction.extract import extract_html

URL = "https://news.example.edu/news/harbour-lab-opens"
TEXT = " ".join(["The new harbour laboratory gives students a place to test sensors in salt water."] * 8)


def page(header: str = "", head: str = "", after: str = "", body_class: str = "path-node", article_attrs: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><title>Harbour lab opens | Example</title>{head}</head>"
            f"<body class='{body_class}'><nav><a href='/user/login'>Log in</a><a href='/author/web-team'>Web team</a></nav>"
            f"<main><article{article_attrs}><h1>Harbour lab opens</h1>{header}<div class='body'><p>{TEXT}</p></div>"
            f"</article>{after}</main><footer><a href='/people/dean-office'>Dean's office</a></footer></body></html>")


SUBMITTED_RDFA = ("<div class='node__meta'>Submitted by <span rel='schema:author'><span about='/user/12' typeof='schema:Person' "
                  "property='schema:name'><a href='/user/12' class='username'>Mara Lindqvist</a></span></span> on "
                  "<span property='schema:dateCreated' content='2024-03-05T15:00:00+00:00'>Tue, 03/05/2024 - 10:00</span>"
                  "<span property='schema:dateModified' content='2024-04-09T08:00:00+00:00' class='hidden'></span></div>")

AUTHOR_CASES = [
    ("drupal submitted by, RDFa", page(SUBMITTED_RDFA), ["Mara Lindqvist"], "rdfa"),
    ("drupal submitted by, no RDFa", page("<div class='meta'><span>Submitted by <a href='/user/7'>Jonas Okafor</a> on "
                                          "Fri, 11/15/2024 - 09:30</span></div>"), ["Jonas Okafor"], "byline"),
    ("drupal 7 RDFa dc:creator", page("<span rel='sioc:has_creator'><a href='/users/pia' typeof='sioc:UserAccount' "
                                      "property='foaf:name'>Pia Castellanos</a></span>"), ["Pia Castellanos"], "rdfa"),
    ("user link alone", page("<p class='meta'><a href='/user/31'>Ruth Abernathy</a></p>"), ["Ruth Abernathy"], "author-link"),
    ("hubspot author link", page("<div class='blog-post__meta'><a href='/blog/author/ines-moreau'>Ines Moreau</a></div>"),
     ["Ines Moreau"], "author-link"),
    ("author slug link", page("<p><a href='/author/kwame-asante/'>Kwame Asante</a></p>"), ["Kwame Asante"], "author-link"),
    ("rel author", page("<p><a rel='author' href='https://people.example.edu/lee'>Lee Haverford</a></p>"),
     ["Lee Haverford"], "rel-author"),
    ("twitter:data1 written by", page(head="<meta name='twitter:label1' content='Written by'>"
                                           "<meta name='twitter:data1' content='Noor Haddad'>"), ["Noor Haddad"], "meta"),
    ("twitter:data1 is reading time", page(head="<meta name='twitter:label1' content='Est. reading time'>"
                                                "<meta name='twitter:data1' content='4 minutes'>"), [], None),
    ("microdata", page("<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
                       "<span itemprop='name'>Ada Brennan</span></span>"), ["Ada Brennan"], "microdata"),
    ("json-ld primary author widened by byline links",
     page("<h4 class='author-name'><a href='/author/sol-ferreira/'>Sol Ferreira</a>, "
          "<a href='/author/tomas-reyes/'>Tomas Reyes</a></h4>",
          head='<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",'
               '"headline":"Harbour lab opens","author":{"@type":"Person","name":"Sol Ferreira"}}</script>'),
     ["Sol Ferreira", "Tomas Reyes"], "json-ld"),
    ("chrome links are not authors", page(), [], None),
]


@pytest.mark.parametrize("name,html,authors,source", AUTHOR_CASES, ids=[c[0] for c in AUTHOR_CASES])
def test_authors(name, html, authors, source):
    a = extract_html(html, URL)
    assert a.author == authors
    assert a.sources.get("author") == source


DATE_CASES = [
    ("RDFa schema:dateCreated and dateModified", page(SUBMITTED_RDFA), "2024-03-05", "2024-04-09", "rdfa", "rdfa"),
    ("RDFa dc:date and dc:modified", page("<span property='dc:date dc:created' content='2023-10-02T12:00:00+00:00'>"
                                          "2 October</span><span property='dc:modified' content='2023-12-01T10:00:00+00:00'>"
                                          "</span>"), "2023-10-02", "2023-12-01", "rdfa", "rdfa"),
    ("microdata", page("<span itemprop='datePublished' content='2022-06-14'>June</span><span itemprop='dateModified' "
                       "content='2022-08-01'></span>"), "2022-06-14", "2022-08-01", "microdata", "microdata"),
    ("drupal submitted line, month first", page("<div class='meta'><span>Submitted by <a href='/user/7'>Jonas Okafor</a>"
                                                " on Fri, 11/05/2024 - 09:30</span></div>"), "2024-11-05", None, "heuristic", None),
]


@pytest.mark.parametrize("name,html,published,updated,psource,usource", DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_dates(name, html, published, updated, psource, usource):
    a = extract_html(html, URL)
    assert (a.published.date().isoformat() if a.published else None) == published
    assert (a.updated.date().isoformat() if a.updated else None) == updated
    assert a.sources.get("published") == psource and a.sources.get("updated") == usource


def _field(name: str, label: str, terms: list[tuple[int, str]], d7: bool = False) -> str:
    cls = f"field field-name-field-{name}" if d7 else f"field field--name-field-{name} field--type-entity-reference"
    items = "".join(f"<div class='field__item'><a href='/taxonomy/term/{n}' hreflang='en'>{t}</a></div>" for n, t in terms)
    return f"<div class='{cls}'><div class='field__label'>{label}</div><div class='field__items'>{items}</div></div>"


READ_MORE_TEASER = ("<section><h2>Related articles</h2><div class='views-row'><h3><a href='/news/tide-study'>Tide study "
                    "results</a></h3><ul class='links'><li><a href='/node/88' rel='tag'>Read more<span> about Tide study "
                    "results</span></a></li></ul></div></section>")

TAG_CASES = [
    ("one facet per vocabulary", page(_field("topics", "Topics", [(3, "Marine Science"), (9, "Careers")])
                                      + _field("area-of-study", "Area of study", [(14, "Engineering")])),
     [("topic", "marine-science", "Marine Science"), ("topic", "careers", "Careers"),
      ("area_of_study", "engineering", "Engineering")]),
    ("drupal 7 field classes", page(_field("tags", "Tags", [(5, "Sensors")], d7=True)
                                    + _field("program", "Program", [(21, "MS Ocean Engineering")], d7=True)),
     [("tag", "sensors", "Sensors"), ("program", "ms-ocean-engineering", "MS Ocean Engineering")]),
    ("term link outside a field", page("<p>Filed in <a href='/taxonomy/term/40'>Campus News</a></p>"),
     [("tag", "campus-news", "Campus News")]),
    ("hubspot topic tags", page("<div class='blog-post__tags'><a href='/blog/tag/ocean-tech' rel='tag'>Ocean Tech</a>, "
                                "<a href='/blog/tag/alumni' rel='tag'>Alumni</a></div>"),
     [("tag", "ocean-tech", "Ocean Tech"), ("tag", "alumni", "Alumni")]),
    ("read more marked rel=tag is no tag", page(_field("topics", "Topics", [(3, "Marine Science")]),
                                                after=READ_MORE_TEASER),
     [("topic", "marine-science", "Marine Science")]),
    ("read more inside the article is no tag", page("<ul class='links'><li><a href='/node/12' rel='tag'>Read more</a></li>"
                                                    "<li><a href='/node/13' rel='tag'>Continue reading</a></li></ul>"), []),
]


@pytest.mark.parametrize("name,html,tags", TAG_CASES, ids=[c[0] for c in TAG_CASES])
def test_tags(name, html, tags):
    a = extract_html(html, URL)
    assert [(t["facet"], t["slug"], t["label"]) for t in a.tags] == tags
    assert not any(t["label"].lower().startswith(("read more", "continue")) for t in a.tags)


ONE_LINK_CARDS = ("<div class='blog-related-posts'><h2>Related posts</h2>" + "".join(
    f"<a class='blog-related-posts__post' href='/blog/{s}?_hsenc=p2ANqtz-abc&_hsmi=991'><img src='/x.jpg' alt=''>"
    f"<div><h3>{t}</h3><p>A short summary of this post that is not its title.</p><span>Read On</span></div></a>"
    for s, t in (("reef-robots", "Reef robots at work"), ("storm-data", "What storm data tells us"))) + "</div>")
GHOST_CARDS = ("<aside class='read-more-wrap outer'><div class='read-more inner'>" + "".join(
    f"<article class='post-card'><a class='post-card-image-link' href='/{s}/'><img src='/i.jpg' alt='{t}'></a>"
    f"<div class='post-card-content'><a class='post-card-content-link' href='/{s}/'><header><span class='post-card-primary-tag'>"
    f"Research</span><h2 class='post-card-title'>{t}</h2></header><div class='post-card-excerpt'>Excerpt words here.</div></a>"
    f"<footer><time datetime='2024-02-0{n}'>{n} Feb 2024</time></footer></div></article>"
    for n, (s, t) in enumerate((("kelp-forests", "Kelp forests return"), ("buoy-network", "A buoy network")), start=1))
    + "</div></aside>")

RELATED_CASES = [
    ("hubspot cards that are one link", page(after=ONE_LINK_CARDS),
     [("https://news.example.edu/blog/reef-robots", "Reef robots at work", None),
      ("https://news.example.edu/blog/storm-data", "What storm data tells us", None)]),
    ("ghost read-more post cards", page(after=GHOST_CARDS),
     [("https://news.example.edu/kelp-forests/", "Kelp forests return", "2024-02-01"),
      ("https://news.example.edu/buoy-network/", "A buoy network", "2024-02-02")]),
    ("drupal related view with read more", page(after=READ_MORE_TEASER),
     [("https://news.example.edu/news/tide-study", "Tide study results", None)]),
]


@pytest.mark.parametrize("name,html,related", RELATED_CASES, ids=[c[0] for c in RELATED_CASES])
def test_related(name, html, related):
    a = extract_html(html, URL)
    assert [(r["url"], r["title"], (r["published"] or "")[:10] or None) for r in a.related] == related
    assert all(not t["label"].lower().startswith("read more") for r in a.related for t in r["tags"])


BASIC_CASES = [
    ("drupal basic page", page(body_class="path-node page-node-type-page"), "basic page"),
    ("drupal 7 basic page", page(body_class="html not-front node-type-page"), "basic page"),
    ("ghost page", page(body_class="page-template page-about"), "basic page"),
    ("hubspot site page", page().replace("<main>", "<main>").replace("<body class='path-node'>",
                                                                     "<body><div class='body-wrapper hs-site-page page'>"),
     "basic page"),
]


@pytest.mark.parametrize("name,html,reason", BASIC_CASES, ids=[c[0] for c in BASIC_CASES])
def test_basic_pages_are_not_articles(name, html, reason):
    with pytest.raises(NotAnArticle, match=reason):
        extract_html(html, URL)


def test_a_post_marked_as_an_article_is_one_whatever_its_body_class():
    html = page(head="<meta property='og:type' content='article'>", body_class="page-template")
    assert extract_html(html, URL).title == "Harbour lab opens"
    assert extract_html(page(body_class="path-node page-node-type-article"), URL).title == "Harbour lab opens"


TRACKING_CASES = [
    ("https://x.example.com/blog/a?_hsenc=p2ANqtz-1&_hsmi=22", "https://x.example.com/blog/a"),
    ("https://x.example.com/a?hsCtaTracking=9f%7Cab&page=2", "https://x.example.com/a?page=2"),
    ("https://x.example.com/a?__hstc=1.2&__hssc=3&__hsfp=4&hsa_cam=5", "https://x.example.com/a"),
    ("https://x.example.com/a?mkt_tok=NzEx&id=4", "https://x.example.com/a?id=4"),
    ("https://x.example.com/a?mc_cid=1a&mc_eid=2b", "https://x.example.com/a"),
    ("https://x.example.com/a?sfmc_id=7&sfmc_activityid=8&elqTrackId=9&elq=1", "https://x.example.com/a"),
    ("https://x.example.com/a?utm_source=mail&q=tides", "https://x.example.com/a?q=tides"),
]


@pytest.mark.parametrize("url,canonical", TRACKING_CASES)
def test_marketing_tracking_parameters_are_stripped(url, canonical):
    assert canonicalize(url) == canonical
