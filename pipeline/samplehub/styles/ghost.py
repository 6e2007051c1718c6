"""The sample hub as a Ghost publication renders it (in the manner of its default theme).

Ghost's conventions: posts at `/<slug>/` at the root of the site, beside the static pages
(About, Contact, Programs: `page-template` in the body's classes); authors at `/author/<slug>/`,
tags at `/tag/<slug>/`; JSON-LD naming only the primary author; `article:*` meta with one
`article:tag` per tag; `twitter:label1` "Written by" and `twitter:label2` "Filed under"; a
"read more" block of post cards after the post; `/rss/`; and a robots.txt that names
`/sitemap.xml`, a sitemap index of posts, pages, tags and authors sitemaps.
"""

from __future__ import annotations

import json
import re
from html import escape

from pipeline.samplehub.hub import SITE_NAME, Hub
from pipeline.samplehub.styles.common import (BASIC_PAGES, TEXT, XML, Reply, all_terms, area_labels, body_html,
                                              published_at, slug, topic_labels, updated_at)

_POST = re.compile(r"^/([a-z0-9-]+)/$")
_TAG = re.compile(r"^/tag/([a-z0-9-]+)/$")
_AUTHOR = re.compile(r"^/author/([a-z0-9-]+)/$")
_RESERVED = {"tag", "author", "rss", "ghost", "page"}


def post_path(entry: dict) -> str:
    return f"/{entry['slug']}/"


def article_of(hub: Hub, path: str) -> dict | None:
    m = _POST.match(path)
    if m and m.group(1) not in _RESERVED and m.group(1) not in BASIC_PAGES:
        return hub.by_slug.get(m.group(1))
    return None


def _tags(entry: dict) -> list[tuple[str, str]]:
    return topic_labels(entry) + area_labels(entry)


def _ghost_date(iso_day: str) -> str:
    y, m, d = iso_day.split("-")
    return f"{int(d)} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][int(m) - 1]} {y}"


def _page(title: str, body_class: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" type="text/css" href="/assets/built/screen.css?v=3f1a2b">
{head}
<meta name="generator" content="Ghost 5.82">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss/">
</head>
<body class="{body_class} is-head-left-logo">
<div class="viewport">
<header id="gh-head" class="gh-head outer">
  <div class="gh-head-inner inner">
    <div class="gh-head-brand"><a class="gh-head-logo" href="/">{SITE_NAME}</a></div>
    <nav class="gh-head-menu"><ul class="nav">
      <li class="nav-home"><a href="/">Home</a></li>
      <li class="nav-about"><a href="/about/">About</a></li>
      <li class="nav-programs"><a href="/programs/">Programs</a></li>
      <li class="nav-contact"><a href="/contact/">Contact</a></li>
    </ul></nav>
    <div class="gh-head-actions"><a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a></div>
  </div>
</header>
<div class="site-content">
{main}
</div>
<footer class="site-footer outer"><div class="inner">
  <section class="copyright"><a href="/">{SITE_NAME}</a> &copy; 2025</section>
  <div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div>
</div></footer>
</div>
</body>
</html>
"""


def _card(entry: dict) -> str:
    primary = topic_labels(entry)[0]
    return (f'<article class="post-card post tag-{primary[0]}">\n'
            f'<a class="post-card-image-link" href="{post_path(entry)}"><img class="post-card-image" '
            f'src="/content/images/{entry["slug"]}.jpg" alt="{escape(entry["title"])}" loading="lazy"></a>\n'
            f'<div class="post-card-content"><a class="post-card-content-link" href="{post_path(entry)}">'
            f'<header class="post-card-header"><div class="post-card-tags"><span class="post-card-primary-tag">'
            f'{escape(primary[1])}</span></div><h2 class="post-card-title">{escape(entry["title"])}</h2></header>'
            f'<div class="post-card-excerpt">{escape(entry["summary"])}</div></a>\n'
            f'<footer class="post-card-meta"><time class="post-card-meta-date" datetime="{entry["published"]}">'
            f'{_ghost_date(entry["published"])}</time></footer></div>\n</article>\n')


def post_page(hub: Hub, entry: dict, base: str) -> str:
    url = base + post_path(entry)
    authors = entry["authors"]
    published = published_at(entry)
    modified = updated_at(entry) or published
    tags = _tags(entry)
    ld = {"@context": "https://schema.org", "@type": "Article",
          "publisher": {"@type": "Organization", "name": SITE_NAME, "url": base + "/"},
          "author": {"@type": "Person", "name": authors[0], "url": f"{base}/author/{slug(authors[0])}/", "sameAs": []},
          "headline": entry["title"], "url": url,
          "datePublished": published.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
          "dateModified": modified.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
          "keywords": ", ".join(label for _, label in tags), "description": entry["summary"],
          "mainEntityOfPage": url}
    head = "\n".join([
        f'<link rel="canonical" href="{url}">',
        '<meta name="referrer" content="no-referrer-when-downgrade">',
        f'<meta name="description" content="{escape(entry["summary"])}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(entry["title"])}">',
        f'<meta property="og:description" content="{escape(entry["summary"])}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="article:published_time" content="{ld["datePublished"]}">',
        f'<meta property="article:modified_time" content="{ld["dateModified"]}">',
        *(f'<meta property="article:tag" content="{escape(label)}">' for _, label in tags),
        f'<meta name="twitter:title" content="{escape(entry["title"])}">',
        f'<meta name="twitter:url" content="{url}">',
        '<meta name="twitter:label1" content="Written by">',
        f'<meta name="twitter:data1" content="{escape(", ".join(authors))}">',
        '<meta name="twitter:label2" content="Filed under">',
        f'<meta name="twitter:data2" content="{escape(", ".join(label for _, label in tags))}">',
        f'<script type="application/ld+json">\n{json.dumps(ld, indent=4)}\n</script>',
    ])
    byline = ", ".join(f'<a href="/author/{slug(a)}/">{escape(a)}</a>' for a in authors)
    tag_links = "".join(f'<a class="post-tag" href="/tag/{s}/">{escape(label)}</a>' for s, label in tags)
    cards = "".join(_card(r) for r in hub.related(entry))
    primary = tags[0]
    main = f"""<main id="site-main" class="site-main">
<article class="article post tag-{primary[0]}">
  <header class="article-header gh-canvas">
    <div class="article-tag post-card-tags"><span class="post-card-primary-tag"><a href="/tag/{primary[0]}/">{escape(primary[1])}</a></span></div>
    <h1 class="article-title">{escape(entry["title"])}</h1>
    <p class="article-excerpt">{escape(entry["summary"])}</p>
    <div class="article-byline"><section class="article-byline-content">
      <ul class="author-list">{"".join(f'<li class="author-list-item"><a href="/author/{slug(a)}/" class="author-avatar author-profile-image"></a></li>' for a in authors)}</ul>
      <div class="article-byline-meta"><h4 class="author-name">{byline}</h4>
        <div class="byline-meta-content"><time class="byline-meta-date" datetime="{entry['published']}">{_ghost_date(entry['published'])}</time>
        <span class="byline-reading-time"><span class="bull">&bull;</span> 6 min read</span></div>
      </div>
    </section></div>
  </header>
  <section class="gh-content gh-canvas">
{body_html(hub, entry)}  </section>
  <footer class="article-footer gh-canvas"><div class="post-tags">{tag_links}</div></footer>
</article>
</main>
<aside class="read-more-wrap outer">
  <div class="read-more inner">
{cards}  </div>
</aside>"""
    return _page(entry["title"], "post-template tag-" + primary[0], head, main)


def _listing(hub: Hub, base: str, items: list[dict], path: str, title: str, body_class: str) -> str:
    cards = "".join(_card(e) for e in items[:15])
    main = (f'<main id="site-main" class="site-main outer"><div class="inner posts"><h1>{escape(title)}</h1>'
            f'<div class="post-feed">{cards}</div></div></main>')
    return _page(f"{title} - {SITE_NAME}", body_class,
                 f'<link rel="canonical" href="{base}{path}">\n<meta property="og:type" content="website">', main)


def _basic_page(name: str, base: str) -> str:
    title, paragraphs = BASIC_PAGES[name]
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    main = (f'<main id="site-main" class="site-main"><article class="article page"><header class="article-header gh-canvas">'
            f'<h1 class="article-title">{title}</h1></header><section class="gh-content gh-canvas">{text}</section>'
            f'</article></main>')
    return _page(f"{title}", "page-template page-" + name,
                 f'<link rel="canonical" href="{base}/{name}/">\n<meta property="og:type" content="website">', main)


def _urlset(rows: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">' + "".join(rows) + "</urlset>\n")


def _authors(hub: Hub) -> list[str]:
    return sorted({a for e in hub.articles for a in e["authors"]})


def route(hub: Hub, base: str, path: str, query: dict) -> Reply | None:
    newest = hub.modified(hub.articles[0]).strftime("%Y-%m-%dT%H:%M:%S.000Z") if hub.articles else "2025-01-01"
    if path == "/robots.txt":
        return Reply(200, f"User-agent: *\nSitemap: {base}/sitemap.xml\nDisallow: /ghost/\nDisallow: /email/\n"
                          "Disallow: /members/api/comments/counts/\nDisallow: /r/\nDisallow: /webmentions/receive/\n", TEXT)
    if path == "/sitemap.xml":
        parts = "".join(f"<sitemap><loc>{base}/sitemap-{kind}.xml</loc><lastmod>{newest}</lastmod></sitemap>"
                        for kind in ("pages", "posts", "authors", "tags"))
        return Reply(200, '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
                          f'schemas/sitemap/0.9">{parts}</sitemapindex>\n', XML)
    if path == "/sitemap-posts.xml":
        return Reply(200, _urlset([f"<url><loc>{base}{post_path(e)}</loc><lastmod>"
                                   f"{hub.modified(e).strftime('%Y-%m-%dT%H:%M:%S.000Z')}</lastmod></url>"
                                   for e in hub.articles]), XML)
    if path == "/sitemap-pages.xml":
        return Reply(200, _urlset([f"<url><loc>{base}/{n}/</loc><lastmod>2024-06-01T09:00:00.000Z</lastmod></url>"
                                   for n in BASIC_PAGES]), XML)
    if path == "/sitemap-authors.xml":
        return Reply(200, _urlset([f"<url><loc>{base}/author/{slug(a)}/</loc><lastmod>{newest}</lastmod></url>"
                                   for a in _authors(hub)]), XML)
    if path == "/sitemap-tags.xml":
        return Reply(200, _urlset([f"<url><loc>{base}/tag/{s}/</loc><lastmod>{newest}</lastmod></url>"
                                   for _, s, _ in all_terms()]), XML)
    if path == "/rss/":
        items = "".join(f"<item><title><![CDATA[{e['title']}]]></title><link>{base}{post_path(e)}</link>"
                        f"<guid isPermaLink=\"false\">{e['post_id']:024x}</guid>"
                        f"<pubDate>{published_at(e).strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate></item>"
                        for e in hub.articles[:15])
        return Reply(200, f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{SITE_NAME}'
                          f'</title><link>{base}/</link>{items}</channel></rss>', "application/rss+xml; charset=utf-8")
    if path == "/":
        return Reply(200, _listing(hub, base, hub.articles, "/", SITE_NAME, "home-template"))
    if path.strip("/") in BASIC_PAGES and path.endswith("/"):
        return Reply(200, _basic_page(path.strip("/"), base))
    m = _TAG.match(path)
    if m:
        items = [e for e in hub.articles if m.group(1) in e["topics"] + e["areas"]]
        if items:
            return Reply(200, _listing(hub, base, items, path, m.group(1).replace("-", " ").title(), "tag-template"))
        return None
    m = _AUTHOR.match(path)
    if m:
        items = [e for e in hub.articles if any(slug(a) == m.group(1) for a in e["authors"])]
        if items:
            return Reply(200, _listing(hub, base, items, path, m.group(1).replace("-", " ").title(), "author-template"))
        return None
    entry = article_of(hub, path)
    if entry is not None:
        return Reply(200, post_page(hub, entry, base), entry=entry)
    return None


def not_found() -> str:
    return _page("Page not found", "error-template", "", '<main class="outer error-content"><div class="inner">'
                 '<h1 class="error-code">404</h1><p class="error-description">Page not found</p></div></main>')


def article_url(base: str, entry: dict) -> str:
    return base + post_path(entry)
