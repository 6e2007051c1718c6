"""The records that flow through the pipeline: Page, Article and CrawlReport."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 text of a timezone-aware datetime (None stays None)."""
    return dt.isoformat() if dt else None


def parse_iso(text: str | None) -> datetime | None:
    """Inverse of `iso`; naive values are taken as UTC."""
    if not text:
        return None
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Page:
    """One fetched HTTP response."""

    url: str                      # the URL asked for
    final_url: str                # after redirects
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime = field(default_factory=utcnow)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Article:
    """An extracted knowledge-hub article: the one record type of the index."""

    url: str
    title: str
    author: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    body: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)      # {facet, slug, label}
    related: list[dict[str, Any]] = field(default_factory=list)   # {url, title, published, tags}
    site: str = ""
    fetched_at: datetime | None = None
    content_hash: str = ""
    sources: dict[str, str] = field(default_factory=dict)         # field -> where its value came from
    post_id: str = ""             # the CMS's id (WordPress ?p=N), which survives a change of slug

    def compute_hash(self) -> str:
        """Hash of what the article says (not of when it was fetched)."""
        payload = self.to_dict()
        for volatile in ("fetched_at", "content_hash", "sources", "post_id"):
            payload.pop(volatile, None)
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:32]

    def tag_slugs(self, facet: str) -> list[str]:
        return [t["slug"] for t in self.tags if t["facet"] == facet]

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies recursively and costs more than extraction steps.
        return {
            "url": self.url, "title": self.title, "author": list(self.author), "published": iso(self.published),
            "updated": iso(self.updated), "summary": self.summary, "body": self.body,
            "tags": [dict(t) for t in self.tags], "related": [dict(r, tags=[dict(t) for t in r.get("tags", [])])
                                                              for r in self.related],
            "site": self.site, "fetched_at": iso(self.fetched_at), "content_hash": self.content_hash,
            "sources": dict(self.sources), "post_id": self.post_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        kwargs = dict(data)
        for key in ("published", "updated", "fetched_at"):
            value = kwargs.get(key)
            kwargs[key] = parse_iso(value) if isinstance(value, str) else value
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in kwargs.items() if k in known})


@dataclass
class CrawlReport:
    """What one crawl of one site did, with the reason for each failure."""

    site: str
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_articles: int = 0
    skipped_robots: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    discovery_sources: list[str] = field(default_factory=list)
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    interrupted: bool = False      # stopped early by a signal; the pages it reached are committed
    removed: int = 0               # articles gone from the site (404/410 twice) and so from the index
    broken_links: int = 0          # links on article pages that answered 404/410
    deferred: int = 0              # failed URLs not retried yet (each waits 1 h, 2 h, 4 h ... up to a week)
    refused: dict[str, int] = field(default_factory=dict)   # links not followed, by trap-guard reason
    paused_hosts: dict[str, str] = field(default_factory=dict)   # host -> why it was paused this run

    @property
    def indexed(self) -> int:
        return self.new + self.updated

    def fail(self, url: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((url, reason))

    def failure_reasons(self) -> Counter:
        return Counter(reason for _, reason in self.failures)

    @property
    def seconds(self) -> float:
        end = self.finished_at or utcnow()
        return (end - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "discovered": self.discovered,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "indexed": self.indexed,
            "not_articles": self.not_articles,
            "skipped_robots": self.skipped_robots,
            "failed": self.failed,
            "failures": [{"url": u, "reason": r} for u, r in self.failures],
            "discovery_sources": self.discovery_sources,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "removed": self.removed,
            "broken_links": self.broken_links,
            "deferred": self.deferred,
            "refused": dict(self.refused),
            "paused_hosts": dict(self.paused_hosts),
        }
