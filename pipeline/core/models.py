"""The records that flow through the pipeline: Page, Article and CrawlReport."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, make_dataclass
from datetime import datetime, timezone
from typing import Any

from pipeline.core.fields import FIELDS


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 text of a timezone-aware datetime (None stays None)."""
    return dt.isoformat() if dt else None


def parse_iso(text: str | None) -> datetime | None:
    """Inverse of `iso`; naive values are taken as UTC."""
    if not text:
        return None
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def article_id(canonical_url: str) -> str:
    """A short stable id for an article: the first 12 hex digits of the SHA-1 of its canonical URL.

    12 hex digits (48 bits) make a collision unlikely below millions of articles; a lookup by id
    that finds two articles says so instead of picking one.
    """
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:12]


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


_TYPES: dict[str, Any] = {"text": str, "url": str, "datetime": "datetime | None", "names": "list[str]",
                          "tags": "list[dict[str, str]]", "links": "list[dict[str, Any]]",
                          "mapping": "dict[str, str]", "int": int}


def _to_json(kind: str, value: Any) -> Any:
    # By hand, per kind: dataclasses.asdict deep-copies recursively and costs more than extraction steps.
    if kind == "datetime":
        return iso(value)
    if kind == "names":
        return list(value)
    if kind == "tags":
        return [dict(t) for t in value]
    if kind == "links":
        return [dict(r, tags=[dict(t) for t in r.get("tags", [])]) for r in value]
    if kind == "mapping":
        return dict(value)
    return value


def _from_json(kind: str, value: Any) -> Any:
    if kind == "datetime" and isinstance(value, str):
        return parse_iso(value)
    return value


class _ArticleRecord:
    """The behaviour of `Article`, whose fields come from pipeline/core/fields.py."""

    def __post_init__(self) -> None:
        self.derive_fields()

    def derive_fields(self) -> None:
        """Compute the fields declared with a `derive` function from the others."""
        for f in _DERIVED:
            setattr(self, f.name, f.derive(self))

    def compute_hash(self) -> str:
        """Hash of what the article says (its `hashed` fields), not of when it was fetched."""
        self.derive_fields()
        payload = {f.name: _to_json(f.kind, getattr(self, f.name)) for f in FIELDS if f.hashed}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:32]

    def tag_slugs(self, facet: str) -> list[str]:
        return [t["slug"] for t in self.tags if t["facet"] == facet]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _to_json(f.kind, getattr(self, f.name)) for f in FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """The inverse of to_dict; a field missing from `data` (a record stored before the field
        existed) takes its empty value, or is derived from the others."""
        return cls(**{f.name: _from_json(f.kind, data[f.name]) for f in FIELDS if f.name in data})


_DERIVED = tuple(f for f in FIELDS if f.derive is not None)


def _default(f) -> Any:
    empty = f.empty()
    return field(default=empty) if not isinstance(empty, (list, dict)) else field(default_factory=type(empty))


Article = make_dataclass(
    "Article",
    [(f.name, _TYPES[f.kind]) if f.name in ("url", "title") else (f.name, _TYPES[f.kind], _default(f))
     for f in FIELDS],
    bases=(_ArticleRecord,))
Article.__module__ = __name__
Article.__doc__ = """An extracted knowledge-hub article: the one record type of the index.

Its fields are declared in pipeline/core/fields.py (`FIELDS`), in that order; `url` and
`title` are required, every other field has an empty default."""


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
