"""HTML, XML and text of the sample hub, marked up the way a WordPress site with an SEO
plugin marks it up (Yoast-style JSON-LD @graph, OpenGraph, article:* meta), with site chrome
around the article as realistic noise."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from html import escape
from urllib.parse import urlencode

from pipeline.samplehub.curated import AREAS, TOPICS
from pipeline.samplehub.hub import HUB_PATH, LISTING_PATH, PER_PAGE, SITE_NAME, SITEMAP_CHUNK, Hub

PUBLISH_TIME = "T13:00:00+00:00"


def _long_date(iso_day: str) -> str:
    d = date.fromisoformat(iso_day)
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def _tag_list(hub: Hub, entry: dict, cls: str) -> str:
    items = "".join(
        f'<li><a href="{LISTING_PATH}?{param}={slug}">{escape(label)}</a></li>'
        for param, slug, label in hub.tags(entry))
    return f'<ul class="{cls}">{items}</ul>'


def _chrome_top(title: str, head: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Knowledge Hub Feed" href="{HUB_PATH}feed/">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body class="{body_class}">
<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<header class="site-header">
  <a class="site-logo" href="/">{SITE_NAME}</a>
  <nav class="main-navigation" aria-label="Primary">
    <ul>
      <li><a href="/programs/">Programs</a></li>
      <li><a href="/admissions/">Admissions</a></li>
      <li><a href="{HUB_PATH}">Knowledge Hub</a>
        <ul class="sub-menu">
          <li><a href="{LISTING_PATH}?topic=career-advancement">Career Advancement</a></li>
          <li><a href="{LISTING_PATH}?topic=planning-for-grad-school">Planning for Grad School</a></li>
          <li><a href="{LISTING_PATH}?area_of_study=engineering">Engineering</a></li>
        </ul>
      </li>
      <li><a href="/request-information/">Request Information</a></li>
    </ul>
  </nav>
</header>
"""


_FOOTER = f"""
<div class="compare-programs-drawer" aria-hidden="true">
  <p class="drawer-title">Program comparison</p>
  <p>Choose two or more programs to see them side by side.</p>
  <a class="button" href="/compare-programs/">Compare now</a>
  <button type="button">Clear selections</button>
</div>
<div class="cookie-notice"><p>We use cookies to improve this site. Updated January 1, 2025.</p><button>Accept</button></div>
<footer class="site-footer">
  <nav aria-label="Footer"><ul>
    <li><a href="/about/">About</a></li><li><a href="/privacy/">Privacy</a></li>
    <li><a href="{HUB_PATH}">Knowledge Hub</a></li><li><a href="/contact/">Contact</a></li>
  </ul></nav>
  <p>&copy; 2025 {SITE_NAME}. 100 Harbor Street, Port City.</p>
</footer>
</body>
</html>
"""


def article_page(hub: Hub, entry: dict, base: str) -> str:
    url = base + hub.url_path(entry)
    published = entry["published"] + PUBLISH_TIME
    modified = (entry["updated"] or entry["published"]) + PUBLISH_TIME
    authors = entry["authors"]
    person_ids = [f"{base}/#/schema/person/{hashlib.md5(a.encode()).hexdigest()[:10]}" for a in authors]
    tags = hub.tags(entry)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
             "author": [{"name": a, "@id": pid} for a, pid in zip(authors, person_ids)] if len(authors) > 1
             else {"name": authors[0], "@id": person_ids[0]},
             "headline": entry["title"], "datePublished": published, "dateModified": modified,
             "mainEntityOfPage": {"@id": url}, "wordCount": 0,
             "publisher": {"@id": f"{base}/#organization"},
             "keywords": [label for _, _, label in tags],
             "articleSection": [label for p, _, label in tags if p == "topic"], "inLanguage": "en-US"},
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{entry['title']} | {SITE_NAME}",
             "isPartOf": {"@id": f"{base}/#website"}, "datePublished": published, "dateModified": modified,
             "description": entry["summary"], "breadcrumb": {"@id": f"{url}#breadcrumb"}},
            {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                {"@type": "ListItem", "position": 2, "name": "Knowledge Hub", "item": base + HUB_PATH},
                {"@type": "ListItem", "position": 3, "name": entry["title"]}]},
            {"@type": "WebSite", "@id": f"{base}/#website", "url": base + "/", "name": SITE_NAME,
             "publisher": {"@id": f"{base}/#organization"}},
            {"@type": "Organization", "@id": f"{base}/#organization", "name": SITE_NAME, "url": base + "/"},
            *({"@type": "Person", "@id": pid, "name": a,
               "url": f"{base}{HUB_PATH}author/{a.lower().replace(' ', '-')}/"} for a, pid in zip(authors, person_ids)),
        ],
    }
    meta = "\n".join([
        f'<meta name="description" content="{escape(entry["summary"])}">',
        f'<link rel="canonical" href="{url}">',
        f'<link rel="shortlink" href="{base}/?p={entry["post_id"]}">',
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(entry["title"])} | {SITE_NAME}">',
        f'<meta property="og:description" content="{escape(entry["summary"])}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="article:published_time" content="{published}">',
        f'<meta property="article:modified_time" content="{modified}">',
        *(f'<meta property="article:tag" content="{escape(label)}">' for _, _, label in tags),
        *(f'<meta property="article:section" content="{escape(label)}">' for p, _, label in tags if p == "topic"),
        f'<meta name="author" content="{escape(", ".join(authors))}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph)}</script>',
    ])
    byline = " and ".join(
        f'<a href="{HUB_PATH}author/{escape(a.lower().replace(" ", "-"))}/">{escape(a)}</a>' for a in authors)
    intro, sections = hub.body(entry)
    content = "".join(f"<p>{escape(p)}</p>\n" for p in intro)
    for i, sec in enumerate(sections):
        level = sec.get("level", 2)
        content += f"<h{level}>{escape(sec['heading'])}</h{level}>\n"
        content += "".join(f"<p>{escape(p)}</p>\n" for p in sec["paragraphs"])
        if i == 1:
            content += ('<div class="cta-box"><p>Ready for the next step? Explore our graduate programs '
                        'and request information today.</p><a href="/request-information/">Request info</a></div>\n')
    if entry.get("originally_published"):
        content += ('<hr>\n<p class="editors-note"><em>Editor\u2019s note: this article was originally published in '
                    f'{escape(entry["originally_published"])} and has been refreshed with current information.</em></p>\n')
    share = (f'<div class="share-buttons"><span>Share</span>'
             f'<a href="https://www.linkedin.com/sharing/share-offsite/?url={url}">LinkedIn</a>'
             f'<a href="https://twitter.com/intent/tweet?url={url}">X</a>'
             f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a>'
             f'<a href="mailto:?subject={escape(entry["title"])}">Email</a></div>')
    cards = ""
    for rel in hub.related(entry):
        cards += (f'<div class="related-card"><h3 class="related-title"><a href="{base}{hub.url_path(rel)}">'
                  f'{escape(rel["title"])}</a></h3>\n<span class="related-date">{_long_date(rel["published"])}</span>\n'
                  f'<p>{escape(rel["summary"])}</p>\n{_tag_list(hub, rel, "related-tags")}</div>\n')
    body = f"""<main id="main" class="site-main">
<article class="post type-post status-publish knowledge-hub-article">
  <div class="article-header">
    <a class="back-link" href="{LISTING_PATH}">Back to all articles</a>
    {share}
    <h1 class="entry-title">{escape(entry["title"])}</h1>
    <p class="article-author">By {byline}</p>
    <p class="article-date">{_long_date(entry["published"])}</p>
    {_tag_list(hub, entry, "article-tags")}
    {share}
  </div>
  <div class="entry-content">
{content}  </div>
  <section class="related-articles">
    <h2 class="related-heading">Related articles</h2>
    <div class="related-grid">
{cards}    </div>
  </section>
</article>
</main>"""
    return _chrome_top(f"{entry['title']} | {SITE_NAME}", meta, f"post-template-default single single-post postid-{entry['post_id']}") + body + _FOOTER


def _card(hub: Hub, entry: dict, base: str) -> str:
    return (f'<div class="article-card"><h3><a href="{base}{hub.url_path(entry)}">{escape(entry["title"])}</a></h3>'
            f'<span class="card-date">{_long_date(entry["published"])}</span>'
            f'<p>{escape(entry["summary"])}</p>{_tag_list(hub, entry, "card-tags")}</div>\n')


def listing_page(hub: Hub, base: str, page: int, topic: str | None, area: str | None) -> str | None:
    items = hub.listing(topic, area)
    pages = max(1, -(-len(items) // PER_PAGE))
    if page < 1 or page > pages:
        return None
    query = urlencode([(k, v) for k, v in (("topic", topic), ("area_of_study", area)) if v])
    qs = f"?{query}" if query else ""

    def page_url(n: int) -> str:
        return f"{base}{LISTING_PATH}{'' if n == 1 else f'page/{n}/'}{qs}"

    head = f'<link rel="canonical" href="{page_url(page)}">\n<meta property="og:type" content="website">\n'
    head += ('<script type="application/ld+json">' + json.dumps(
        {"@context": "https://schema.org", "@type": "CollectionPage", "name": "All articles", "url": page_url(page)})
        + "</script>\n")
    nav = ""
    if page > 1:
        head += f'<link rel="prev" href="{page_url(page - 1)}">\n'
        nav += f'<a class="prev page-numbers" href="{page_url(page - 1)}">&laquo; Previous</a> '
    nav += f'<span class="page-numbers current">{page}</span> '
    if page < pages:
        head += f'<link rel="next" href="{page_url(page + 1)}">\n'
        nav += f'<a class="next page-numbers" href="{page_url(page + 1)}">Next &raquo;</a>'
    cards = "".join(_card(hub, e, base) for e in items[(page - 1) * PER_PAGE: page * PER_PAGE])
    filters = "".join(f'<li><a href="{LISTING_PATH}?topic={s}">{escape(label)}</a></li>' for s, label in TOPICS.items())
    filters += "".join(f'<li><a href="{LISTING_PATH}?area_of_study={s}">{escape(label)}</a></li>' for s, label in AREAS.items())
    body = (f'<main id="main"><h1>All articles</h1><ul class="filters">{filters}</ul>'
            f'<div class="article-grid">{cards}</div><nav class="pagination">{nav}</nav></main>')
    return _chrome_top(f"All articles | {SITE_NAME}", head, "archive") + body + _FOOTER


def author_page(hub: Hub, base: str, author_slug: str) -> str | None:
    """An author archive, as WordPress serves one: a listing of the author's articles."""
    items = [e for e in hub.articles if any(_slug(a) == author_slug for a in e["authors"])]
    if not items:
        return None
    name = next(a for a in items[0]["authors"] if _slug(a) == author_slug)
    head = (f'<link rel="canonical" href="{base}{HUB_PATH}author/{author_slug}/">\n'
            '<meta property="og:type" content="profile">\n<script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@type": "ProfilePage", "name": name}) + "</script>\n")
    cards = "".join(_card(hub, e, base) for e in items[:PER_PAGE])
    body = f'<main id="main"><h1>Articles by {escape(name)}</h1><div class="article-grid">{cards}</div></main>'
    return _chrome_top(f"{name} | {SITE_NAME}", head, "archive author") + body + _FOOTER


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def hub_home(hub: Hub, base: str) -> str:
    cards = "".join(_card(hub, e, base) for e in hub.articles[:6])
    head = f'<link rel="canonical" href="{base}{HUB_PATH}">\n<meta property="og:type" content="website">\n'
    body = (f'<main id="main"><h1>Knowledge Hub</h1><p>Advice and insight for graduate students and working '
            f'professionals.</p><div class="article-grid">{cards}</div>'
            f'<a class="button" href="{LISTING_PATH}">View all articles</a></main>')
    return _chrome_top(f"Knowledge Hub | {SITE_NAME}", head, "page") + body + _FOOTER


def robots_txt(base: str) -> str:
    return ("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            f"Disallow: {HUB_PATH}preview/\nDisallow: /search/\n\nSitemap: {base}/sitemap_index.xml\n")


def sitemap_index(hub: Hub, base: str) -> str:
    chunks = max(1, -(-len(hub.articles) // SITEMAP_CHUNK))
    parts = []
    for n in range(chunks):
        newest = hub.articles[n * SITEMAP_CHUNK]
        name = "post-sitemap.xml" if n == 0 else f"post-sitemap{n + 1}.xml"
        parts.append(f"<sitemap><loc>{base}/{name}</loc><lastmod>{hub.modified(newest).isoformat()}</lastmod></sitemap>")
    parts.append(f"<sitemap><loc>{base}/page-sitemap.xml</loc></sitemap>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(parts) + "</sitemapindex>\n")


def post_sitemap(hub: Hub, base: str, n: int) -> str | None:
    items = hub.articles[(n - 1) * SITEMAP_CHUNK: n * SITEMAP_CHUNK]
    if not items:
        return None
    urls = "".join(f"<url><loc>{base}{hub.url_path(e)}</loc><lastmod>{hub.modified(e).isoformat()}</lastmod></url>"
                   for e in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>\n")


def page_sitemap(base: str) -> str:
    pages = ("/", HUB_PATH, LISTING_PATH, *(f"/{name}/" for name in SITE_PAGES))
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>\n")


def rss_feed(hub: Hub, base: str, limit: int = 20) -> str:
    items = ""
    for e in hub.articles[:limit]:
        d = hub.modified(e).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items += (f"<item><title>{escape(e['title'])}</title><link>{base}{hub.url_path(e)}</link>"
                  f"<guid>{base}{hub.url_path(e)}</guid><pubDate>{d}</pubDate>"
                  f"<description>{escape(e['summary'])}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{SITE_NAME} Knowledge Hub</title><link>{base}{HUB_PATH}</link>"
            f"<description>Articles for graduate students</description>{items}</channel></rss>\n")


# The site's static pages that the menus link to (WordPress "pages", not posts).
SITE_PAGES = {"programs": 11, "admissions": 12, "request-information": 13, "about": 14, "privacy": 15,
              "contact": 16, "compare-programs": 17}
_PAGE_TEXT = {
    "admissions": ("Admissions", ["Applications open three times a year. Each program page lists its deadlines, "
                                  "its requirements and the documents an application needs."]),
    "request-information": ("Request information", ["Tell us which programs interest you and an adviser will "
                                                    "write back with course lists, costs and start dates."]),
    "privacy": ("Privacy policy", ["We keep the information you send us only as long as we need it to answer you, "
                                   "and we never sell it."]),
    "compare-programs": ("Compare programs", ["Pick two or more programs to see their length, cost and format "
                                              "side by side."]),
}


def site_page(name: str, base: str) -> str | None:
    """A static WordPress page (body class `page-template-default page`): never an article."""
    from pipeline.samplehub.styles.common import BASIC_PAGES

    if name not in SITE_PAGES:
        return None
    title, paragraphs = BASIC_PAGES.get(name) or _PAGE_TEXT[name]
    head = f'<link rel="canonical" href="{base}/{name}/">\n<meta property="og:type" content="website">\n'
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    body = f'<main id="main"><article class="page type-page status-publish"><h1 class="entry-title">{escape(title)}</h1>' \
           f'<div class="entry-content">{text}</div></article></main>'
    return _chrome_top(f"{title} | {SITE_NAME}", head, f"page-template-default page page-id-{SITE_PAGES[name]}") + body + _FOOTER


def not_found_page() -> str:
    return _chrome_top(f"Page not found | {SITE_NAME}", "", "error404") + \
        '<main id="main"><h1>Page not found</h1><p>Nothing lives at this address.</p></main>' + _FOOTER
