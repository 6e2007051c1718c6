"""The sample hub as a Drupal site with a news section renders it.

Drupal's conventions, as its core themes and modules print them: node pages at a path alias
(`/news/<slug>`) that also answer at `/node/N` (with `rel=canonical` naming the alias), the
"Submitted by <user link> on <date>" line with RDFa (`schema:author`, `schema:dateCreated`,
`schema:dateModified`), one field block per taxonomy vocabulary whose term links go to
`/taxonomy/term/N`, a related-content view of teasers whose "Read more" link carries
`rel="tag"`, a views listing with `?page=N` pagination, `/rss.xml`, a robots.txt that names no
sitemap and a sitemap at `/sitemap.xml` (as the Simple XML Sitemap module serves it).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from pipeline.samplehub.hub import SITE_NAME, Hub
from pipeline.samplehub.styles.common import (BASIC_PAGES, TEXT, XML, Reply, all_terms, area_labels, body_html,
                                              published_at, topic_labels, updated_at)

SECTION = "/news"
PER_PAGE = 10
_ARTICLE = re.compile(r"^/news/([a-z0-9-]+)$")
_NODE = re.compile(r"^/node/(\d+)$")
_USER = re.compile(r"^/user/(\d+)$")
_TERM = re.compile(r"^/taxonomy/term/(\d+)$")
_RDF_PREFIX = ("content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  "
               "foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  "
               "schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  xsd: http://www.w3.org/2001/XMLSchema# ")
# Field machine names of the two vocabularies, as a site builder would name them.
FIELDS = {"topic": ("field-topics", "Topics"), "area_of_study": ("field-area-of-study", "Area of study")}


def _term_ids() -> dict[tuple[str, str], int]:
    return {(vocab, s): n for n, (vocab, s, _) in enumerate(all_terms(), start=1)}


def _users(hub: Hub) -> dict[str, int]:
    names = sorted({e["authors"][0] for e in hub.articles})
    return {name: n for n, name in enumerate(names, start=2)}   # user 1 is the site's administrator


def article_path(entry: dict) -> str:
    return f"{SECTION}/{entry['slug']}"


def article_of(hub: Hub, path: str) -> dict | None:
    m = _ARTICLE.match(path)
    if m:
        return hub.by_slug.get(m.group(1))
    m = _NODE.match(path)
    if m:
        return next((e for e in hub.articles if e["post_id"] == int(m.group(1))), None)
    return None


def _drupal_date(when) -> str:
    return when.strftime("%a, %m/%d/%Y - %H:%M")


def _page(title: str, body_class: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="{_RDF_PREFIX}">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{head}
<title>{escape(title)} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml" />
</head>
<body class="{body_class}">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<header class="site-header" role="banner">
  <div class="site-branding"><a href="/" rel="home">{SITE_NAME}</a></div>
  <nav role="navigation" aria-labelledby="block-main-menu" id="block-main-navigation">
    <h2 class="visually-hidden" id="block-main-menu">Main navigation</h2>
    <ul class="menu">
      <li class="menu-item"><a href="/" data-drupal-link-system-path="&lt;front&gt;">Home</a></li>
      <li class="menu-item"><a href="{SECTION}" data-drupal-link-system-path="news">News</a></li>
      <li class="menu-item"><a href="/programs" data-drupal-link-system-path="node/3">Programs</a></li>
      <li class="menu-item"><a href="/about" data-drupal-link-system-path="node/1">About</a></li>
      <li class="menu-item"><a href="/contact" data-drupal-link-system-path="node/2">Contact</a></li>
      <li class="menu-item"><a href="/user/login">Log in</a></li>
    </ul>
  </nav>
</header>
<main role="main">
<a id="main-content" tabindex="-1"></a>
<div class="region region-content">
{main}
</div>
</main>
<footer class="site-footer" role="contentinfo">
  <div class="region region-footer"><p>&copy; 2025 {SITE_NAME}</p>
  <a href="/rss.xml" class="feed-icon">Subscribe to News</a></div>
</footer>
</div>
</body>
</html>
"""


def _submitted(entry: dict, uid: int, rdfa: bool = True) -> str:
    name = escape(entry["authors"][0])
    when = published_at(entry)
    if not rdfa:
        return (f'<span class="node__submitted">Submitted by <a title="View user profile." href="/user/{uid}" '
                f'class="username">{name}</a> on {_drupal_date(when)}</span>')
    return (f'<span class="node__submitted">Submitted by <span rel="schema:author" class="field field--name-uid '
            f'field--type-entity-reference field--label-hidden"><span lang="" about="/user/{uid}" typeof="schema:Person" '
            f'property="schema:name" datatype=""><a title="View user profile." href="/user/{uid}" class="username">'
            f'{name}</a></span></span> on <span property="schema:dateCreated" content="{when.isoformat()}" '
            f'class="field field--name-created field--type-created field--label-hidden">{_drupal_date(when)}</span></span>')


def _terms_field(vocab: str, terms: list[tuple[str, str]], ids: dict) -> str:
    name, label = FIELDS[vocab]
    items = "".join(f'<div class="field__item"><a href="/taxonomy/term/{ids[(vocab, s)]}" property="schema:about" '
                    f'hreflang="en">{escape(text)}</a></div>' for s, text in terms)
    return (f'<div class="field field--name-{name} field--type-entity-reference field--label-above">'
            f'<div class="field__label">{label}</div><div class="field__items">{items}</div></div>')


def _teaser(hub: Hub, entry: dict, users: dict) -> str:
    uid = users[entry["authors"][0]]
    path = article_path(entry)
    return (f'<div class="views-row"><article about="{path}" typeof="schema:Article" '
            f'class="node node--type-article node--view-mode-teaser">\n'
            f'<h2><a href="{path}" rel="bookmark"><span property="schema:name" class="field field--name-title">'
            f'{escape(entry["title"])}</span></a></h2>\n'
            f'<div class="node__meta">{_submitted(entry, uid)}</div>\n'
            f'<div class="node__content"><div property="schema:text" class="clearfix text-formatted field '
            f'field--name-body field--type-text-with-summary field--label-hidden field__item"><p>'
            f'{escape(entry["summary"])}</p></div>\n'
            f'<ul class="links inline"><li class="node-readmore"><a href="/node/{entry["post_id"]}" rel="tag" '
            f'title="{escape(entry["title"])}" hreflang="en">Read more<span class="visually-hidden"> about '
            f'{escape(entry["title"])}</span></a></li></ul></div>\n</article></div>\n')


def article_page(hub: Hub, entry: dict, base: str) -> str:
    users, ids = _users(hub), _term_ids()
    uid = users[entry["authors"][0]]
    path = article_path(entry)
    head = (f'<link rel="canonical" href="{base}{path}" />\n<link rel="shortlink" href="{base}/node/{entry["post_id"]}" />\n'
            f'<meta name="description" content="{escape(entry["summary"])}" />')
    changed = updated_at(entry) or published_at(entry)
    fields = _terms_field("topic", topic_labels(entry), ids) + "\n" + _terms_field("area_of_study", area_labels(entry), ids)
    related = "".join(_teaser(hub, r, users) for r in hub.related(entry))
    main = f"""<div data-drupal-messages-fallback class="hidden"></div>
<article data-history-node-id="{entry['post_id']}" about="{path}" typeof="schema:Article" class="node node--type-article node--promoted node--view-mode-full">
  <header class="node__header">
    <h1 class="page-title"><span property="schema:name" class="field field--name-title field--type-string field--label-hidden">{escape(entry["title"])}</span></h1>
    <div class="node__meta">
      <article typeof="schema:Person" about="/user/{uid}" class="profile"></article>
      {_submitted(entry, uid)}
      <span property="schema:dateModified" content="{changed.isoformat()}" class="hidden"></span>
    </div>
  </header>
  <div class="node__content">
    <div property="schema:text" class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{body_html(hub, entry)}    </div>
    {fields}
  </div>
</article>
<div class="views-element-container block block-views block-views-blockrelated-news-block-1" id="block-related-news">
  <h2 class="block__title">Related articles</h2>
  <div class="view view-related-news view-id-related_news view-display-id-block_1"><div class="view-content">
{related}  </div></div>
</div>"""
    return _page(entry["title"], "path-node page-node-type-article", head, main)


def _listing(hub: Hub, base: str, page: int, items: list[dict], title: str, path: str) -> str | None:
    pages = max(1, -(-len(items) // PER_PAGE))
    if page < 0 or page >= pages:
        return None
    users = _users(hub)
    rows = "".join(_teaser(hub, e, users) for e in items[page * PER_PAGE:(page + 1) * PER_PAGE])
    pager = ""
    if page > 0:
        pager += f'<li class="pager__item pager__item--previous"><a href="?page={page - 1}" title="Go to previous page" rel="prev">Previous page</a></li>'
    pager += f'<li class="pager__item is-active">Page {page + 1}</li>'
    if page + 1 < pages:
        pager += f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" title="Go to next page" rel="next">Next page</a></li>'
    canonical = f"{base}{path}" + (f"?page={page}" if page else "")
    main = (f'<h1 class="page-title">{escape(title)}</h1><div class="view view-news view-id-news view-display-id-page_1">'
            f'<div class="view-content">{rows}</div><nav class="pager" role="navigation"><ul class="pager__items '
            f'js-pager__items">{pager}</ul></nav></div>')
    return _page(title, "path-news", f'<link rel="canonical" href="{canonical}" />', main)


def _basic_page(name: str, base: str) -> str:
    title, paragraphs = BASIC_PAGES[name]
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    main = (f'<article about="/{name}" class="node node--type-page node--view-mode-full">'
            f'<h1 class="page-title"><span property="schema:name" class="field field--name-title">{title}</span></h1>'
            f'<div class="node__content"><div property="schema:text" class="clearfix text-formatted field '
            f'field--name-body field__item">{text}</div></div></article>')
    return _page(title, "path-node page-node-type-page", f'<link rel="canonical" href="{base}/{name}" />', main)


def _sitemap(hub: Hub, base: str) -> str:
    urls = [f"<url><loc>{base}/</loc><changefreq>daily</changefreq><priority>1.0</priority></url>",
            f"<url><loc>{base}{SECTION}</loc><changefreq>daily</changefreq></url>"]
    urls += [f"<url><loc>{base}/{name}</loc><priority>0.5</priority></url>" for name in BASIC_PAGES]
    urls += [f"<url><loc>{base}{article_path(e)}</loc><lastmod>{hub.modified(e).isoformat()}</lastmod>"
             f"<changefreq>weekly</changefreq><priority>0.7</priority></url>" for e in hub.articles]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(urls) + "</urlset>\n")


def _rss(hub: Hub, base: str) -> str:
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{base}{article_path(e)}</link>"
        f"<description>{escape(e['summary'])}</description>"
        f"<pubDate>{published_at(e).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<dc:creator>{escape(e['authors'][0])}</dc:creator><guid isPermaLink=\"false\">{e['post_id']} at {base}</guid></item>"
        for e in hub.articles[:10])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xml:base="' + base + '/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>{SITE_NAME} News</title><link>{base}{SECTION}</link><description></description><language>en</language>"
            + items + "</channel></rss>\n")


ROBOTS = """#
# robots.txt
#
# This file is to prevent the crawling and indexing of certain parts
# of the site by web crawlers and spiders run by the site's operators.
User-agent: *
# CSS, JS, Images
Allow: /core/*.css$
Allow: /core/*.js$
# Directories
Disallow: /core/
Disallow: /profiles/
# Paths (clean URLs)
Disallow: /admin/
Disallow: /comment/reply/
Disallow: /filter/tips
Disallow: /node/add/
Disallow: /search/
Disallow: /user/register
Disallow: /user/password
Disallow: /user/login
Disallow: /user/logout
# Paths (no clean URLs)
Disallow: /index.php/admin/
Disallow: /index.php/user/login
"""


def route(hub: Hub, base: str, path: str, query: dict) -> Reply | None:
    if path == "/robots.txt":
        return Reply(200, ROBOTS, TEXT)
    if path == "/sitemap.xml":
        return Reply(200, _sitemap(hub, base), XML)
    if path == "/rss.xml":
        return Reply(200, _rss(hub, base), "application/rss+xml; charset=utf-8")
    if path in ("/", "/node"):
        users = _users(hub)
        rows = "".join(_teaser(hub, e, users) for e in hub.articles[:5])
        main = (f'<div class="view view-frontpage"><div class="view-content">{rows}</div></div>'
                f'<div class="more-link"><a href="{SECTION}">More news</a></div>')
        return Reply(200, _page("Home", "path-frontpage", f'<link rel="canonical" href="{base}/" />', main))
    if path == SECTION:
        try:
            page = int((query.get("page") or ["0"])[0])
        except ValueError:
            page = -1
        text = _listing(hub, base, page, hub.articles, "News", SECTION)
        return Reply(200, text) if text else None
    if path.strip("/") in BASIC_PAGES:
        return Reply(200, _basic_page(path.strip("/"), base))
    m = _TERM.match(path)
    if m:
        terms = all_terms()
        n = int(m.group(1))
        if 1 <= n <= len(terms):
            vocab, s, label = terms[n - 1]
            key = "topics" if vocab == "topic" else "areas"
            items = [e for e in hub.articles if s in e[key]]
            text = _listing(hub, base, 0, items, label, path)
            return Reply(200, text) if text else None
    m = _USER.match(path)
    if m:
        name = next((n for n, uid in _users(hub).items() if uid == int(m.group(1))), None)
        if name:
            main = (f'<article typeof="schema:Person" about="{path}" class="profile"><h1 class="page-title">{escape(name)}'
                    f'</h1><div class="field field--name-member-for"><h4 class="label">Member for</h4> 3 years</div></article>')
            return Reply(200, _page(name, "path-user", f'<link rel="canonical" href="{base}{path}" />', main))
    entry = article_of(hub, path)
    if entry is not None:
        return Reply(200, article_page(hub, entry, base), entry=entry)
    return None


def not_found() -> str:
    return _page("Page not found", "path-system", "", '<h1 class="page-title">Page not found</h1>'
                 '<p>The requested page could not be found.</p>')


def start_path() -> str:
    return "/"


def article_url(base: str, entry: dict) -> str:
    return base + quote(article_path(entry))
