"""The frontier: one run's queue of URLs to fetch, with the guards that keep traps out.

Discovered candidates come first (newest sitemap lastmod first), then links found on article
pages, then known articles the discovery did not list (so a deleted article is noticed).
Narrow interface, as in Scrapy's scheduler: enqueue / next / has_pending.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Callable
from urllib.parse import urlsplit

from pipeline.core.config import SiteConfig
from pipeline.core.urls import try_canonicalize

MAX_URL_LENGTH = 512          # longer URLs are session ids, filters or traps, not articles
MAX_REPEATED_SEGMENT = 2      # /a/b/a/b/a/ : a path segment seen more often is a loop
MAX_QUERY_PARAMS = 4          # faceted-search explosions
MAX_LINK_DEPTH = 3            # hops of link following away from a discovered page
# Archives of a term or an author, in the common systems' URL shapes (Drupal's /taxonomy/term/N
# and /user/N, /author/<slug>/ of WordPress and Ghost, HubSpot's /blog/author/<slug>): they list
# articles and are never one, whether a link or a sitemap names them.
ARCHIVE_PATH = re.compile(r"/(?:taxonomy/term/\d+|user/\d+|(?:[\w-]+/)?authors?/[^/]+)/?$")
DATE_PATH = re.compile(r"/(19|20)\d{2}/\d{1,2}(/\d{1,2})?/?$|[?&](month|date|day|week|year|cal\w*)=", re.I)


@dataclass
class Candidate:
    url: str
    lastmod: datetime | None = None
    source: str = ""          # sitemap | listing | feed | link | known
    depth: int = 0


def trap_reason(url: str) -> str | None:
    """Why a URL looks like a crawler trap, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "URL too long"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and max(segments.count(s) for s in segments) > MAX_REPEATED_SEGMENT:
        return "repeated path segments"
    if parts.query.count("&") + 1 > MAX_QUERY_PARAMS and parts.query:
        return "too many query parameters"
    if DATE_PATH.search(url):
        return "calendar or date archive"
    return None


def is_archive(url: str, site: SiteConfig) -> bool:
    """A tag, facet, term or author listing (`?topic=x`, `/tag/x/`, `/blog/tag/x`,
    `/taxonomy/term/N`, `/author/x/`): it lists articles and is not one."""
    parts = urlsplit(url)
    if any(f"{key}=" in parts.query for key in site.tag_params):
        return True
    if any(seg in site.tag_paths for seg in parts.path.rstrip("/").split("/")[:-1] if seg):
        return True
    return bool(ARCHIVE_PATH.search(parts.path))


class Frontier:
    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        self._queue: deque[Candidate] = deque()
        self._seen: set[str] = set()
        self._queued: set[str] = set()          # every URL queued this run (taken or not)
        self.refused: dict[str, int] = {}       # reason -> count, for the report
        self._resolved: dict[str, str | None] = {}
        self._origins: dict[str, str] = {}
        self._origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.start_url))
        self._prefixes = tuple(f"{scheme}{host}" for host in site.allowed_hosts
                               for scheme in ("http://", "https://", "//"))

    def seen(self, url: str) -> bool:
        canonical = try_canonicalize(url)
        return canonical is None or canonical in self._seen

    def enqueue(self, url: str, lastmod: datetime | None = None, source: str = "", depth: int = 0,
                skip: Callable[[str], bool] | None = None, base: str | None = None) -> bool:
        """Queue a URL once (`base` resolves a relative one; discovered and known URLs come
        canonical already). Links found on pages must also be
        in scope, pass the trap guards, and not be refused by `skip` (asked last, as it may cost
        a database lookup)."""
        if source == "link" and url.startswith(("http://", "https://", "//")) and not url.startswith(self._prefixes):
            return False          # another site: most links of a page, dismissed without parsing
        if source in ("sitemap", "listing", "feed", "known"):
            canonical = url
        elif url.startswith(("http://", "https://", "/")) and not url.startswith("//"):
            # Site-relative and absolute hrefs mean the same on every page (navigation, tag
            # and author links recur everywhere): resolved once per run.
            key = url if url[0] != "/" else self._origin_of(base) + url
            if key not in self._resolved:
                self._resolved[key] = try_canonicalize(key)
            canonical = self._resolved[key]
        else:
            canonical = try_canonicalize(url, base)
        if canonical is None or canonical in self._seen:
            return False
        if source == "link":
            if depth > MAX_LINK_DEPTH:
                return False          # not remembered: a shorter path may reach it later
            if not self.site.in_scope(canonical) or self._is_tag_link(canonical):
                self._seen.add(canonical)     # never queued: not judged again on every page
                return False
            reason = trap_reason(canonical)
            if reason:
                self._seen.add(canonical)
                self.refused[reason] = self.refused.get(reason, 0) + 1
                return False
            if skip is not None and skip(canonical):
                self._seen.add(canonical)
                return False
        self._seen.add(canonical)
        self._queued.add(canonical)
        self._queue.append(Candidate(canonical, lastmod, source, depth))
        return True

    def queued(self, url: str) -> bool:
        """Whether this canonical URL was queued in this run (whether or not taken since)."""
        return url in self._queued

    def _origin_of(self, base: str | None) -> str:
        if not base:
            return self._origin
        if base not in self._origins:
            if len(self._origins) > 64:
                self._origins.clear()
            self._origins[base] = "{0.scheme}://{0.netloc}".format(urlsplit(base))
        return self._origins[base]

    def _is_tag_link(self, url: str) -> bool:
        """Tag and facet listings (?topic=x, /tag/x/) list articles; they are not articles."""
        return is_archive(url, self.site)

    def next(self) -> Candidate | None:
        return self._queue.popleft() if self._queue else None

    def has_pending(self) -> bool:
        return bool(self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def push_front(self, cand: Candidate) -> None:
        """Put back a candidate taken with `next`, to be the next one again."""
        self._queue.appendleft(cand)
