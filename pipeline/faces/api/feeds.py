"""Atom feeds (RFC 4287) of articles, written as a stream of text chunks.

Used by `GET /feed.atom` and `run.py export --format atom`. Each entry carries the elements
RFC 4287 requires (`id`, `title`, `updated`) and the ones feed readers use (`link
rel="alternate"`, `published`, `author`, `summary`, one `category` per tag, with the facet as
its scheme). The feed has an `author` ("hubindex"), so entries without a byline stay valid.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FACET_SCHEME = "urn:hubindex:facet:"
GENERATOR = "hubindex"
EPOCH = "1970-01-01T00:00:00Z"

# Characters XML 1.0 forbids even when escaped; scraped text can hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str | None) -> str:
    return escape(_NOT_XML.sub("", value or ""))


def _attr(value: str | None) -> str:
    return quoteattr(_NOT_XML.sub("", value or ""))


def rfc3339(value: str | datetime | None) -> str | None:
    """An ISO 8601 timestamp as RFC 3339 in UTC (`2024-01-02T13:00:00Z`), or None."""
    if not value:
        return None
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_updated(item: dict[str, Any]) -> str:
    return (rfc3339(item.get("updated")) or rfc3339(item.get("published"))
            or rfc3339(item.get("fetched_at")) or EPOCH)


def feed_id(filters_text: str) -> str:
    """A permanent id per filter set, the same on every host serving the same index."""
    return "urn:hubindex:feed:" + hashlib.sha1(filters_text.encode("utf-8")).hexdigest()[:16]


def describe(facets: dict[str, list[str]], site: str | None = None, authors: Iterable[str] = ()) -> str:
    parts = [f"{name} {' or '.join(slugs)}" for name, slugs in sorted(facets.items()) if slugs]
    if authors:
        parts.append("by " + " or ".join(authors))
    if site:
        parts.append(f"site {site}")
    return "; ".join(parts)


def entry(item: dict[str, Any]) -> str:
    """One <entry> from an article or hit dict (`url`, `title`, `author`, dates, `summary`, `tags`)."""
    lines = ["<entry>",
             f"<id>{_text(item['url'])}</id>",
             f"<title type=\"text\">{_text(item.get('title') or item['url'])}</title>",
             f"<link rel=\"alternate\" type=\"text/html\" href={_attr(item['url'])}/>",
             f"<updated>{entry_updated(item)}</updated>"]
    published = rfc3339(item.get("published"))
    if published:
        lines.append(f"<published>{published}</published>")
    for name in item.get("author") or []:
        lines.append(f"<author><name>{_text(name)}</name></author>")
    for tag in item.get("tags") or []:
        lines.append(f"<category term={_attr(tag['slug'])} scheme={_attr(FACET_SCHEME + tag['facet'])} "
                     f"label={_attr(tag.get('label') or tag['slug'])}/>")
    if item.get("summary"):
        lines.append(f"<summary type=\"text\">{_text(item['summary'])}</summary>")
    lines.append("</entry>\n")
    return "".join(lines)


def atom_feed(items: Iterable[dict[str, Any]], *, title: str, id: str, self_url: str | None = None,
              updated: str | None = None) -> Iterator[str]:
    """The feed as chunks of text. When `updated` is None it is the newest entry's time, written
    after the entries (RFC 4287 gives element order no meaning), so entries can be streamed."""
    head = ['<?xml version="1.0" encoding="utf-8"?>\n', f'<feed xmlns="{ATOM_NS}">\n',
            f"<id>{_text(id)}</id>\n", f"<title type=\"text\">{_text(title)}</title>\n",
            f"<author><name>{GENERATOR}</name></author>\n", f"<generator>{GENERATOR}</generator>\n"]
    if self_url:
        head.append(f"<link rel=\"self\" type=\"application/atom+xml\" href={_attr(self_url)}/>\n")
    if updated:
        head.append(f"<updated>{updated}</updated>\n")
    yield "".join(head)
    newest = None
    for item in items:
        stamp = entry_updated(item)
        newest = stamp if newest is None or stamp > newest else newest
        yield entry(item)
    tail = "" if updated else f"<updated>{newest or rfc3339(datetime.now(timezone.utc))}</updated>\n"
    yield tail + "</feed>\n"
