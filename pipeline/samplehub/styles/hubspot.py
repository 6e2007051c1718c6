"""The sample hub as a company site on HubSpot's CMS renders it, with two blogs.

HubSpot's conventions: posts at `/<blog>/<slug>` without a trailing slash, the author's name
linking to `/<blog>/author/<slug>`, `twitter:label1`/`twitter:data1` naming the writer, topic
tags linking to `/<blog>/tag/<slug>` with `rel="tag"`, listings paginated as `/<blog>/page/N`,
a related-posts module whose cards are each one link (image, title, summary and "Read On" all
inside the `<a>`), links carrying email (`_hsenc`, `_hsmi`) and call-to-action
(`hsCtaTracking`) tracking parameters, and a robots.txt that names only the first blog's
sitemap while `/sitemap.xml` lists the whole site.
"""

from __future__ import annotations

import re
import zlib
from html import escape

from pipeline.samplehub.hub import SITE_NAME, Hub
from pipeline.samplehub.styles.common import (BASIC_PAGES, TEXT, XML, Reply, area_labels, body_html, published_at,
                                              slug, topic_labels, updated_at)

BLOGS = ("blog", "insights")
PER_PAGE = 9
_POST = re.compile(r"^/(blog|insights)/([a-z0-9-]+)$")
_LISTING = re.compile(r"^/(blog|insights)(?:/page/(\d+))?$")
_TAG = re.compile(r"^/(blog|insights)/tag/([a-z0-9-]+)$")
_AUTHOR = re.compile(r"^/(blog|insights)/author/([a-z0-9-]+)$")
# What HubSpot appends to links in its marketing emails and call-to-action buttons.
EMAIL_TRACKING = "_hsenc=p2ANqtz-9xQm4s2Lr7vYt0Kd1cWb8eHn3aZ&_hsmi=284511973"
CTA_TRACKING = "hsCtaTracking=5f1c2b8e-6d7a-4c39-9e02-7b41d0a3f6c5%7C0b9e4d21-3a88-4f5e-b6c7-1d2e3f4a5b6c"


def blog_of(entry: dict) -> str:
    """The blog that publishes a post: by its slug, stable whichever posts share the host."""
    return BLOGS[zlib.crc32(entry["slug"].encode()) % 2]


def post_path(entry: dict) -> str:
    return f"/{blog_of(entry)}/{entry['slug']}"


def article_of(hub: Hub, path: str) -> dict | None:
    m = _POST.match(path)
    if m and m.group(2) not in ("page", "tag", "author", "rss.xml"):
        entry = hub.by_slug.get(m.group(2))
        if entry is not None and blog_of(entry) == m.group(1):
            return entry
    return None


def _tags(entry: dict) -> list[tuple[str, str]]:
    return topic_labels(entry) + area_labels(entry)


def _page(title: str, head: str, main: str, blog: str = "blog", kind: str = "hs-blog-post hs-blog-id-2") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{head}
<meta name="generator" content="HubSpot">
<link rel="alternate" type="application/rss+xml" href="/{blog}/rss.xml">
</head>
<body>
<div class="body-wrapper hs-content-id-1 {kind}">
<header class="header">
  <div class="header__container content-wrapper">
    <div class="header__logo"><a href="/"><span class="logo-company-name">{SITE_NAME}</span></a></div>
    <nav class="navigation-primary" aria-label="Main menu"><ul class="submenu level-1">
      <li class="menu-item"><a href="/blog" class="menu-link">Blog</a></li>
      <li class="menu-item"><a href="/insights" class="menu-link">Insights</a></li>
      <li class="menu-item"><a href="/programs" class="menu-link">Programs</a></li>
      <li class="menu-item"><a href="/about" class="menu-link">About</a></li>
      <li class="menu-item"><a href="/contact" class="menu-link">Contact</a></li>
    </ul></nav>
    <a class="button cta_button" href="/request-information?{CTA_TRACKING}">Request information</a>
  </div>
</header>
<main id="main-content" class="body-container-wrapper">
{main}
</main>
<footer class="footer"><div class="footer__container content-wrapper">
  <p>&copy; 2025 {SITE_NAME}</p>
  <a href="/hs/manage-preferences/unsubscribe">Manage email preferences</a>
</div></footer>
</div>
</body>
</html>
"""


def _card(entry: dict, tracking: bool) -> str:
    """A related-post card: the whole card is one link."""
    href = post_path(entry) + (f"?{EMAIL_TRACKING}" if tracking else "")
    return (f'<a class="blog-related-posts__post" href="{href}">'
            f'<div class="blog-related-posts__image-wrapper"><img class="blog-related-posts__image" '
            f'src="/hubfs/{entry["slug"]}.jpg" alt="" loading="lazy"></div>'
            f'<div class="blog-related-posts__content"><h3 class="blog-related-posts__title">{escape(entry["title"])}</h3>'
            f'<p class="blog-related-posts__summary">{escape(entry["summary"])}</p>'
            f'<span class="blog-related-posts__read-more">Read On</span></div></a>\n')


def post_page(hub: Hub, entry: dict, base: str) -> str:
    blog = blog_of(entry)
    url = base + post_path(entry)
    author = entry["authors"][0]
    published = published_at(entry)
    modified = updated_at(entry) or published
    head = "\n".join([
        f'<meta name="description" content="{escape(entry["summary"])}">',
        f'<meta property="og:description" content="{escape(entry["summary"])}">',
        f'<meta property="og:title" content="{escape(entry["title"])}">',
        f'<meta name="twitter:description" content="{escape(entry["summary"])}">',
        f'<meta name="twitter:title" content="{escape(entry["title"])}">',
        f'<link rel="canonical" href="{url}">',
        f'<meta property="og:url" content="{url}">',
        '<meta name="twitter:card" content="summary_large_image">',
        '<meta property="og:type" content="article">',
        f'<link rel="amphtml" href="{url}?hs_amp=true">',
        f'<meta property="article:published_time" content="{published.strftime("%Y-%m-%dT%H:%M:%SZ")}">',
        f'<meta property="article:modified_time" content="{modified.strftime("%Y-%m-%dT%H:%M:%SZ")}">',
        '<meta name="twitter:label1" content="Written by">',
        f'<meta name="twitter:data1" content="{escape(author)}">',
    ])
    tags = ", ".join(f'<a class="blog-post__tag-link" href="/{blog}/tag/{s}" rel="tag">{escape(label)}</a>'
                     for s, label in _tags(entry))
    related = "".join(_card(r, tracking=True) for r in hub.related(entry))
    main = f"""<div class="body-container body-container--blog-post">
<div class="content-wrapper">
  <article class="blog-post">
    <h1><span id="hs_cos_wrapper_name" class="hs_cos_wrapper hs_cos_wrapper_meta_field hs_cos_wrapper_type_text" data-hs-cos-general-type="meta_field" data-hs-cos-type="text">{escape(entry["title"])}</span></h1>
    <div class="blog-post__meta">
      <a href="/{blog}/author/{slug(author)}">{escape(author)}</a>
      <time datetime="{published.strftime('%Y-%m-%d %H:%M:%S')}" class="blog-post__timestamp">{published.strftime('%b %-d, %Y %-I:%M:%S %p')}</time>
    </div>
    <div class="blog-post__body">
      <span id="hs_cos_wrapper_post_body" class="hs_cos_wrapper hs_cos_wrapper_meta_field hs_cos_wrapper_type_rich_text" data-hs-cos-general-type="meta_field" data-hs-cos-type="rich_text">
{body_html(hub, entry)}      <p><a class="cta_button" href="/request-information?{CTA_TRACKING}">Talk to an adviser</a></p>
      </span>
    </div>
    <div class="blog-post__tags"><svg class="icon" aria-hidden="true"></svg>{tags}</div>
  </article>
</div>
<div class="blog-related-posts">
  <div class="content-wrapper">
    <h2>Related posts</h2>
    <div class="blog-related-posts__list">
{related}    </div>
  </div>
</div>
</div>"""
    return _page(entry["title"], head, main, blog)


def _listing(hub: Hub, base: str, blog: str, page: int, items: list[dict], path: str, title: str) -> str | None:
    pages = max(1, -(-len(items) // PER_PAGE))
    if page < 1 or page > pages:
        return None
    cards = "".join(
        f'<article class="blog-index__post blog-index__post--small">'
        f'<a class="blog-index__post-image-wrapper" href="{post_path(e)}"><img src="/hubfs/{e["slug"]}.jpg" alt=""></a>'
        f'<div class="blog-index__post-content"><h2><a href="{post_path(e)}">{escape(e["title"])}</a></h2>'
        f'<p>{escape(e["summary"])}</p></div></article>\n'
        for e in items[(page - 1) * PER_PAGE: page * PER_PAGE])
    nav = ""
    if page > 1:
        nav += f'<a class="blog-pagination__link blog-pagination__prev-link" href="{path}/page/{page - 1}">Prev</a>'
    if page < pages:
        nav += f'<a class="blog-pagination__link blog-pagination__next-link" href="{path}/page/{page + 1}" rel="next">Next</a>'
    canonical = base + path + (f"/page/{page}" if page > 1 else "")
    main = (f'<div class="body-container body-container--blog-index"><div class="content-wrapper">'
            f'<h1>{escape(title)}</h1><div class="blog-index">{cards}</div>'
            f'<nav class="blog-pagination" aria-label="Pagination">{nav}</nav></div></div>')
    return _page(title, f'<link rel="canonical" href="{canonical}">\n<meta property="og:type" content="website">', main, blog)


def _basic_page(name: str, base: str) -> str:
    title, paragraphs = BASIC_PAGES[name]
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    main = (f'<div class="body-container body-container--page"><div class="content-wrapper"><div class="dnd-section">'
            f'<h1>{title}</h1>{text}</div></div></div>')
    return _page(title, f'<link rel="canonical" href="{base}/{name}">\n<meta property="og:type" content="website">', main,
                 kind="hs-site-page page")


def _urlset(rows: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(rows) + "</urlset>\n")


def _post_rows(hub: Hub, base: str, blog: str | None) -> list[str]:
    return [f"<url><loc>{base}{post_path(e)}</loc><lastmod>{hub.modified(e).strftime('%Y-%m-%d')}</lastmod></url>"
            for e in hub.articles if blog is None or blog_of(e) == blog]


def _rss(hub: Hub, base: str, blog: str) -> str:
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{base}{post_path(e)}</link>"
        f"<description>{escape(e['summary'])}</description><category>{escape(topic_labels(e)[0][1])}</category>"
        f"<pubDate>{published_at(e).strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate><guid>{base}{post_path(e)}</guid>"
        f"<dc:creator>{escape(e['authors'][0])}</dc:creator></item>"
        for e in [a for a in hub.articles if blog_of(a) == blog][:10])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">'
            f"<channel><title>{SITE_NAME} | {blog.title()}</title><link>{base}/{blog}</link>{items}</channel></rss>\n")


def robots_txt(base: str) -> str:
    return ("User-agent: *\nDisallow: /_hcms/preview/\nDisallow: /hs/manage-preferences/\nDisallow: /hs/preferences-center/\n"
            f"\n# Blog\nSitemap: {base}/blog/sitemap.xml\n")


def route(hub: Hub, base: str, path: str, query: dict) -> Reply | None:
    if path == "/robots.txt":
        return Reply(200, robots_txt(base), TEXT)
    if path == "/sitemap.xml":
        rows = [f"<url><loc>{base}/</loc></url>"] + [f"<url><loc>{base}/{b}</loc></url>" for b in BLOGS]
        rows += [f"<url><loc>{base}/{name}</loc></url>" for name in BASIC_PAGES]
        return Reply(200, _urlset(rows + _post_rows(hub, base, None)), XML)
    if path == "/blog/sitemap.xml":
        return Reply(200, _urlset(_post_rows(hub, base, "blog")), XML)
    m = re.match(r"^/(blog|insights)/rss\.xml$", path)
    if m:
        return Reply(200, _rss(hub, base, m.group(1)), "application/rss+xml; charset=utf-8")
    if path == "/":
        cards = "".join(f'<li><a href="{post_path(e)}">{escape(e["title"])}</a></li>' for e in hub.articles[:4])
        main = (f'<div class="dnd-section"><h1>{SITE_NAME}</h1><p>Graduate study for working professionals.</p>'
                f'<h2>Latest from our blogs</h2><ul>{cards}</ul><a href="/blog">Read the blog</a></div>')
        return Reply(200, _page(SITE_NAME, f'<link rel="canonical" href="{base}/">', main))
    if path.strip("/") in BASIC_PAGES or path == "/request-information":
        name = path.strip("/") if path.strip("/") in BASIC_PAGES else "contact"
        return Reply(200, _basic_page(name, base))
    m = _LISTING.match(path)
    if m:
        blog = m.group(1)
        items = [e for e in hub.articles if blog_of(e) == blog]
        text = _listing(hub, base, blog, int(m.group(2) or 1), items, f"/{blog}", blog.title())
        return Reply(200, text) if text else None
    m = _TAG.match(path)
    if m:
        blog, tag = m.groups()
        items = [e for e in hub.articles if blog_of(e) == blog and tag in e["topics"] + e["areas"]]
        text = _listing(hub, base, blog, 1, items, path, tag.replace("-", " ").title()) if items else None
        return Reply(200, text) if text else None
    m = _AUTHOR.match(path)
    if m:
        blog, who = m.groups()
        items = [e for e in hub.articles if blog_of(e) == blog and slug(e["authors"][0]) == who]
        text = _listing(hub, base, blog, 1, items, path, who.replace("-", " ").title()) if items else None
        return Reply(200, text) if text else None
    entry = article_of(hub, path)
    if entry is not None:
        return Reply(200, post_page(hub, entry, base), entry=entry)
    return None


def not_found() -> str:
    return _page("Page not found", "", '<div class="content-wrapper"><h1>404</h1><p>This page could not be found.</p></div>')


def article_url(base: str, entry: dict) -> str:
    return base + post_path(entry)
