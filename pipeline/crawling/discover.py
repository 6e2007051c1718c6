"""Finding article URLs: sitemaps (from robots.txt or the usual places), listing pages
with pagination, and feeds, cheapest first; plus URL canonicalisation.

Each of these resources is asked for with the validators of the copy kept from its last 200
(`KeptCopies`): a 304 costs no body, and its links are read from the copy. When the first page
of a listing answers 304, nothing was published in that listing since (listings show newest
first), so its later pages are read from their kept copies without asking."""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from datetime import datetime
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lxml_html

from pipeline.core.config import SiteConfig
from pipeline.core.errors import FetchError
from pipeline.crawling.fetch import Fetcher
from pipeline.core.models import CrawlReport, parse_iso
from pipeline.crawling.frontier import Candidate, is_archive
from pipeline.crawling.robots import RobotsCache
from pipeline.crawling.state import StateStore
from pipeline.core.urls import canonicalize, join_url

log = logging.getLogger(__name__)

SITEMAP_FALLBACKS = ("/sitemap_index.xml", "/sitemap.xml", "/wp-sitemap.xml")
MAX_SITEMAP_DEPTH = 3          # sitemap index -> sitemap index -> sitemap
MAX_SITEMAP_BYTES = 50 * 1024 * 1024   # the sitemaps.org limit, decompressed
MAX_SITEMAP_URLS = 50_000
MAX_LISTING_PAGES = 1000
MAX_SECTIONS = 12             # menu sections walked as listings when no sitemap maps them
PAGINATION_PATH = re.compile(r"/page/\d+/?$")
# Feeds and other XML that pages link to (`/rss.xml`, `/feed/`): never article candidates.
FEED_PATH = re.compile(r"(?:\.(?:xml|rss|atom)|/(?:feed|rss|atom)/?)(?:\?|$)", re.I)
NEXT_TEXT = re.compile(r"^\s*(next|older|more)\b|[›»→]\s*$", re.I)

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


class KeptCopies:
    """Discovery resources as they last answered 200, kept in the crawl state with their
    validators. `ask=False` (`crawl --full`) sends no validators but still keeps what comes."""

    def __init__(self, state: StateStore, ask: bool = True) -> None:
        self.state, self.ask = state, ask

    def validators(self, url: str) -> tuple[dict[str, str | None], bytes | None]:
        """The validators to send for `url` and the kept body a 304 stands for."""
        kept = self.state.kept_page(url) if self.ask else None
        if kept is None:
            return {}, None
        return {"etag": kept[0], "last_modified": kept[1]}, kept[2]

    def reuse(self, url: str) -> bytes | None:
        """The kept body of `url`, read without asking the server (None: not kept)."""
        kept = self.state.kept_page(url) if self.ask else None
        return kept[2] if kept else None

    def keep(self, url: str, etag: str | None, last_modified: str | None, content: bytes) -> None:
        self.state.keep_page(url, etag, last_modified, content)


def discover(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
             progress: Callable[[str], None] | None = None, copies: KeptCopies | None = None) -> list[Candidate]:
    """Article candidates of a site, newest sitemap lastmod first, from every source combined:
    the sitemaps (named in robots.txt and at the usual places), the listing pages with their
    pagination and the sections the start page's menus name, and, without a sitemap, feeds.
    With `copies`, each is asked for conditionally and read from its kept copy when unchanged."""
    skip = {canonicalize(u) for u in (site.start_url, *site.listing_urls)}

    def keep(found: Iterable[Candidate]) -> list[Candidate]:
        seen: dict[str, Candidate] = {}
        for c in found:
            try:
                url = canonicalize(c.url)
            except ValueError:        # a bad port or IPv6 literal in one <loc> must not end discovery
                continue
            if url in skip or url in seen or not site.in_scope(url) or is_archive(url, site) or FEED_PATH.search(url):
                continue
            seen[url] = Candidate(url, c.lastmod, c.source)
        return list(seen.values())

    sitemap_urls = list(site.sitemaps) or sitemap_locations(site, robots.for_url(site.start_url).sitemaps())
    found = keep(_read_sitemaps(sitemap_urls, fetcher, robots, report, copies))
    if found:
        report.discovery_sources.append("sitemap")
    # Listings and feeds are combined with the sitemaps (which may map only one section): a
    # listing's next page is fetched only while its pages show articles not found before.
    known = {c.url for c in found}
    start_pages: dict[str, bytes] = {}
    listed = [c for c in keep(_read_listings(site, fetcher, robots, report, progress, known, start_pages, copies))
              if c.url not in known]
    if listed:
        report.discovery_sources.append("listing")
        found += listed
        known.update(c.url for c in listed)
    fed = []
    if "sitemap" not in report.discovery_sources:     # a feed's few newest posts add nothing to a sitemap
        fed = [c for c in keep(_read_feeds(site, fetcher, robots, report, start_pages.get(canonicalize(site.start_url)),
                                           fallback=not found, copies=copies)) if c.url not in known]
    if fed:
        report.discovery_sources.append("feed")
        found += fed
    found.sort(key=lambda c: c.lastmod.timestamp() if c.lastmod else 0.0, reverse=True)
    report.discovered = len(found)
    return found


def _fetch_quiet(url: str, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                 expect: str = "xml", copies: KeptCopies | None = None) -> bytes | None:
    """Fetch a discovery resource; a missing one is normal, so only real failures are counted."""
    return _fetch_kept(url, fetcher, robots, report, expect, copies)[0]


def _fetch_kept(url: str, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                expect: str = "xml", copies: KeptCopies | None = None) -> tuple[bytes | None, bool]:
    """(body, unchanged) of a discovery resource, asked with the validators of its kept copy:
    a 304 gives the kept body and unchanged=True. A missing resource is normal (None), so only
    real failures are counted."""
    if not robots.allowed(url):
        report.skipped_robots += 1
        return None, False
    validators, kept = copies.validators(url) if copies is not None else ({}, None)
    try:
        page = fetcher.get(url, expect=expect, **validators)
    except FetchError as exc:
        if exc.status not in (404, 410):
            report.fail(url, f"discovery: {exc.reason}")
        return None, False
    if page.status == 304:
        return kept, kept is not None
    if copies is not None:
        copies.keep(url, page.headers.get("etag"), page.headers.get("last-modified"), page.content)
    return page.content, False


def _read_sitemaps(urls: list[str], fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                   copies: KeptCopies | None = None) -> list[Candidate]:
    out: list[Candidate] = []
    queue = [(u, 0) for u in urls]
    seen: set[str] = set()
    while queue and len(out) < MAX_SITEMAP_URLS:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        content = _fetch_quiet(url, fetcher, robots, report, copies=copies)
        if not content:
            continue
        children, entries = parse_sitemap(content)
        if depth < MAX_SITEMAP_DEPTH:
            queue.extend((urljoin(url, c), depth + 1) for c in children)
        out.extend(Candidate(join_url(url, loc), lastmod, "sitemap") for loc, lastmod in entries)
    return out[:MAX_SITEMAP_URLS]


def parse_sitemap(content: bytes) -> tuple[list[str], list[tuple[str, datetime | None]]]:
    """(child sitemaps, [(url, lastmod)]) of a sitemap or sitemap index; gzip accepted;
    entities are never expanded."""
    if content[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(content)) as fh:
                content = fh.read(MAX_SITEMAP_BYTES + 1)[:MAX_SITEMAP_BYTES]
        except (OSError, EOFError, zlib.error):
            return [], []
    try:
        root = etree.fromstring(content, _XML_PARSER)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    children: list[str] = []
    entries: list[tuple[str, datetime | None]] = []
    kind = etree.QName(root).localname if isinstance(root.tag, str) else ""
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = lastmod = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = _parse_lastmod(child.text)
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append(loc)
        else:
            entries.append((loc, lastmod))
        if len(entries) >= MAX_SITEMAP_URLS:
            break
    return children, entries


def _parse_lastmod(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip().replace("Z", "+00:00")
    try:
        return parse_iso(text)
    except ValueError:
        return None


def sitemap_locations(site: SiteConfig, named: list[str]) -> list[str]:
    """The sitemaps to read: those robots.txt names and, unless one of them sits at the site's
    root (the map of the whole site), the usual places, at the root and at the start URL's
    section (a sitemap named for one blog leaves the other sections to be found there)."""
    parts = urlsplit(site.start_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if any(urlsplit(u).path.count("/") == 1 for u in named):
        return list(named)
    usual = [origin + p for p in SITEMAP_FALLBACKS]
    section = site.scope_path
    if section != "/":
        usual.append(origin + section + "sitemap.xml")
    return list(dict.fromkeys([*named, *usual]))


def _read_listings(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                   progress: Callable[[str], None] | None, known: set[str] | None = None,
                   pages: dict[str, bytes] | None = None, copies: KeptCopies | None = None) -> list[Candidate]:
    """Follow each listing page's pagination and collect the article links it shows.

    With `known` (the sitemaps' URLs), a next page is fetched only while the pages show
    in-scope links not already known. The sections that the start page's menus link to
    (`/news`, `/blog`) and that no sitemap lists or maps are walked too. `pages` receives the
    start page's content, for its feeds. With `copies`, each first page is asked for
    conditionally; after one that is unchanged, the next pages are read from their kept copies
    (asked for only when none is kept)."""
    known = known or set()
    out: list[Candidate] = []
    seen_pages: set[str] = set()
    # (url, whether the page before it in its listing was unchanged)
    queue = [(canonicalize(u), False) for u in site.listing_urls]
    start = canonicalize(site.start_url)
    sections = 0
    shown: set[str] = set()
    roots = {start, *(u for u, _ in queue)}          # the start and listing pages themselves are never news
    while queue and len(seen_pages) < MAX_LISTING_PAGES:
        url, after_unchanged = queue.pop(0)
        if url in seen_pages:
            continue
        seen_pages.add(url)
        if progress:
            progress(f"listing {url}")
        content = copies.reuse(url) if after_unchanged and copies is not None else None
        unchanged = content is not None
        if content is None:
            content, unchanged = _fetch_kept(url, fetcher, robots, report, "html", copies)
        if not content:
            continue
        if pages is not None and url == start:
            pages[url] = content
        try:
            doc = lxml_html.fromstring(content, base_url=url)
        except (etree.ParserError, ValueError):
            continue
        links, next_url = listing_links(doc, url)
        # New: in scope, in no sitemap, and not on an earlier listing page (menus and footers
        # repeat on every page; an article shows up once).
        fresh = [u for u in links if u not in known and u not in shown and u not in roots and not _is_listing(u)
                 and site.in_scope(u) and not is_archive(u, site)]
        shown.update(links)
        out.extend(Candidate(u, None, "listing") for u in links if not _is_listing(u))
        if next_url and site.on_allowed_host(next_url) and (fresh or not known):
            queue.append((canonicalize(next_url), unchanged))
        if url == start:      # the menu's sections that no sitemap maps
            for section in section_links(doc, url, site, known):
                if sections < MAX_SECTIONS:
                    sections += 1
                    queue.append((section, False))
    return out


def section_links(doc, base: str, site: SiteConfig, known: set[str]) -> list[str]:
    """Sections that the start page's menus (`nav`) link to, one path segment below
    its scope (`/news`, `/blog/`), that no sitemap lists or maps: listings to walk."""
    scope = site.scope_path
    out: list[str] = []
    for a in doc.iter("a"):
        if not any(p.tag == "nav" for p in a.iterancestors()):
            continue
        href = a.get("href")
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        try:
            url = canonicalize(href, base)
        except ValueError:
            continue
        path = urlsplit(url).path
        rest = path[len(scope):].strip("/") if path.startswith(scope) else ""
        if not rest or "/" in rest or "." in rest or urlsplit(url).query or not site.in_scope(url):
            continue
        under = url.rstrip("/") + "/"
        if url in known or url.rstrip("/") in known or under in known or any(k.startswith(under) for k in known):
            continue
        if url not in out:
            out.append(url)
    return out


def listing_links(doc, base: str) -> tuple[list[str], str | None]:
    """The article-looking links of a listing page and its next page, if any."""
    links: list[str] = []
    next_url = None
    for el in doc.iter("link", "a"):
        href = el.get("href")
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        rel = (el.get("rel") or "").lower().split()
        try:
            absolute = canonicalize(href, base)
        except ValueError:
            continue
        if "next" in rel:
            next_url = next_url or absolute
            continue
        if el.tag == "a":
            text = el.text_content()
            if NEXT_TEXT.search(text) and (PAGINATION_PATH.search(urlsplit(absolute).path) or "page=" in absolute):
                next_url = next_url or absolute
                continue
            links.append(absolute)
    return links, next_url


def _is_listing(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.query) or bool(PAGINATION_PATH.search(parts.path))


def _read_feeds(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                start_page: bytes | None = None, fallback: bool = True,
                copies: KeptCopies | None = None) -> list[Candidate]:
    """Article links from the RSS/Atom feeds the start page advertises (or, with `fallback`,
    /feed/ below it). `start_page` is its content when the listing walk already fetched it."""
    feeds: list[str] = []
    content = start_page if start_page is not None else _fetch_quiet(site.start_url, fetcher, robots, report,
                                                                      expect="html", copies=copies)
    if content:
        try:
            doc = lxml_html.fromstring(content, base_url=site.start_url)
            for link in doc.iter("link"):
                if "alternate" in (link.get("rel") or "").lower() and "xml" in (link.get("type") or ""):
                    feeds.append(urljoin(site.start_url, link.get("href", "")))
        except (etree.ParserError, ValueError):
            pass
    if not feeds and fallback:
        feeds = [urljoin(site.start_url, "feed/")]
    out: list[Candidate] = []
    for feed in feeds:
        data = _fetch_quiet(feed, fetcher, robots, report, copies=copies)
        if not data:
            continue
        try:
            root = etree.fromstring(data, _XML_PARSER)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for el in root.iter("{*}link", "link"):
            href = el.get("href") or (el.text or "").strip()
            if href and (el.get("rel") in (None, "alternate")):
                out.append(Candidate(urljoin(feed, href), None, "feed"))
    return out
