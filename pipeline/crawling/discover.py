"""Finding article URLs: sitemaps (from robots.txt or the usual places), listing pages
with pagination, and feeds, cheapest first; plus URL canonicalisation."""

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
from pipeline.crawling.frontier import Candidate
from pipeline.crawling.robots import RobotsCache
from pipeline.core.urls import canonicalize, join_url

log = logging.getLogger(__name__)

SITEMAP_FALLBACKS = ("/sitemap_index.xml", "/sitemap.xml", "/wp-sitemap.xml")
MAX_SITEMAP_DEPTH = 3          # sitemap index -> sitemap index -> sitemap
MAX_SITEMAP_BYTES = 50 * 1024 * 1024   # the sitemaps.org limit, decompressed
MAX_SITEMAP_URLS = 50_000
MAX_LISTING_PAGES = 1000
PAGINATION_PATH = re.compile(r"/page/\d+/?$")
NEXT_TEXT = re.compile(r"^\s*(next|older|more)\b|[›»→]\s*$", re.I)

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def discover(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
             progress: Callable[[str], None] | None = None) -> list[Candidate]:
    """Article candidates of a site, newest sitemap lastmod first; the cheapest source that
    yields any in-scope URL wins (sitemaps, then listing pages, then feeds)."""
    skip = {canonicalize(u) for u in (site.start_url, *site.listing_urls)}

    def keep(found: Iterable[Candidate]) -> list[Candidate]:
        seen: dict[str, Candidate] = {}
        for c in found:
            try:
                url = canonicalize(c.url)
            except ValueError:        # a bad port or IPv6 literal in one <loc> must not end discovery
                continue
            if url in skip or url in seen or not site.in_scope(url):
                continue
            seen[url] = Candidate(url, c.lastmod, c.source)
        return list(seen.values())

    sitemap_urls = list(site.sitemaps) or robots.for_url(site.start_url).sitemaps()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.start_url))
    if not sitemap_urls:
        sitemap_urls = [origin + p for p in SITEMAP_FALLBACKS]
    found = keep(_read_sitemaps(sitemap_urls, fetcher, robots, report))
    if found:
        report.discovery_sources.append("sitemap")
    else:
        found = keep(_read_listings(site, fetcher, robots, report, progress))
        if found:
            report.discovery_sources.append("listing")
    if not found:
        found = keep(_read_feeds(site, fetcher, robots, report))
        if found:
            report.discovery_sources.append("feed")
    found.sort(key=lambda c: c.lastmod.timestamp() if c.lastmod else 0.0, reverse=True)
    report.discovered = len(found)
    return found


def _fetch_quiet(url: str, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                 expect: str = "xml") -> bytes | None:
    """Fetch a discovery resource; a missing one is normal, so only real failures are counted."""
    if not robots.allowed(url):
        report.skipped_robots += 1
        return None
    try:
        page = fetcher.get(url, expect=expect)
    except FetchError as exc:
        if exc.status not in (404, 410):
            report.fail(url, f"discovery: {exc.reason}")
        return None
    return page.content


def _read_sitemaps(urls: list[str], fetcher: Fetcher, robots: RobotsCache, report: CrawlReport) -> list[Candidate]:
    out: list[Candidate] = []
    queue = [(u, 0) for u in urls]
    seen: set[str] = set()
    while queue and len(out) < MAX_SITEMAP_URLS:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        content = _fetch_quiet(url, fetcher, robots, report)
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


def _read_listings(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport,
                   progress: Callable[[str], None] | None) -> list[Candidate]:
    """Follow each listing page's pagination and collect the article links it shows."""
    out: list[Candidate] = []
    seen_pages: set[str] = set()
    queue = [canonicalize(u) for u in site.listing_urls]
    while queue and len(seen_pages) < MAX_LISTING_PAGES:
        url = queue.pop(0)
        if url in seen_pages:
            continue
        seen_pages.add(url)
        if progress:
            progress(f"listing {url}")
        content = _fetch_quiet(url, fetcher, robots, report, expect="html")
        if not content:
            continue
        try:
            doc = lxml_html.fromstring(content, base_url=url)
        except (etree.ParserError, ValueError):
            continue
        links, next_url = listing_links(doc, url)
        out.extend(Candidate(u, None, "listing") for u in links if not _is_listing(u))
        if next_url and site.on_allowed_host(next_url):
            queue.append(canonicalize(next_url))
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


def _read_feeds(site: SiteConfig, fetcher: Fetcher, robots: RobotsCache, report: CrawlReport) -> list[Candidate]:
    """Article links from the RSS/Atom feeds the start page advertises (or /feed/)."""
    feeds: list[str] = []
    content = _fetch_quiet(site.start_url, fetcher, robots, report, expect="html")
    if content:
        try:
            doc = lxml_html.fromstring(content, base_url=site.start_url)
            for link in doc.iter("link"):
                if "alternate" in (link.get("rel") or "").lower() and "xml" in (link.get("type") or ""):
                    feeds.append(urljoin(site.start_url, link.get("href", "")))
        except (etree.ParserError, ValueError):
            pass
    if not feeds:
        feeds = [urljoin(site.start_url, "feed/")]
    out: list[Candidate] = []
    for feed in feeds:
        data = _fetch_quiet(feed, fetcher, robots, report)
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
