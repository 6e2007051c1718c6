"""Opening, creating and writing the on-disk Whoosh index: upsert by canonical URL."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, LockError

from pipeline.errors import IndexMissing, StoreError
from pipeline.models import Article

from .schema import SCHEMA_VERSION, build_schema

VERSION_FILE = "hubindex-version.json"
WRITER_TIMEOUT = 30.0   # seconds to wait for Whoosh's write lock before giving up


def facet_tokens(article: Article) -> list[str]:
    return [f"{t['facet']}:{t['slug']}" for t in article.tags]


def naive_utc(dt: datetime | None) -> datetime | None:
    """Whoosh's DATETIME wants naive values: store UTC."""
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt else None


def to_document(article: Article) -> dict:
    record = article.to_dict()
    record.pop("body", None)
    return {
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "tagtext": " ".join(t["label"] for t in article.tags),
        "summary": article.summary,
        "body": article.body,
        "author": ",".join(a.replace(",", " ") for a in article.author),
        "facets": ",".join(facet_tokens(article)),
        "links": ",".join(r["url"] for r in article.related),
        "published": naive_utc(article.published),
        "updated": naive_utc(article.updated),
        "record": json.dumps(record, ensure_ascii=False),
    }


class IndexStore:
    """The Whoosh index in `path` (a directory). Writers are short-lived: one commit per batch."""

    def __init__(self, path: str | Path, ix) -> None:
        self.path = Path(path)
        self.ix = ix

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> "IndexStore":
        path = Path(path)
        version_file = path / VERSION_FILE
        if whoosh_index.exists_in(str(path)):
            version = _read_version(version_file)
            if version != SCHEMA_VERSION:
                raise StoreError(f"the index at {path} was built by another version of hubindex "
                                 f"(schema {version}, this one reads {SCHEMA_VERSION}); run `run.py reindex`")
            try:
                return cls(path, whoosh_index.open_dir(str(path)))
            except (EmptyIndexError, OSError, ValueError) as exc:
                raise StoreError(f"cannot open the index at {path}: {exc}") from None
        if not create:
            raise IndexMissing(f"no index at {path}; crawl first (`run.py crawl`) or pass --index PATH")
        try:
            path.mkdir(parents=True, exist_ok=True)
            ix = whoosh_index.create_in(str(path), build_schema())
            tmp = version_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            os.replace(tmp, version_file)
        except OSError as exc:
            raise StoreError(f"cannot create an index at {path}: {exc}") from None
        return cls(path, ix)

    def upsert(self, articles: Iterable[Article]) -> int:
        """Add or replace articles (keyed by canonical URL) in one commit; returns how many."""
        n = 0
        try:
            writer = self.ix.writer(timeout=WRITER_TIMEOUT)
        except LockError:
            raise StoreError(f"the index at {self.path} is locked by another writer") from None
        try:
            for article in articles:
                writer.update_document(**to_document(article))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return n

    def delete(self, urls: Iterable[str]) -> int:
        urls = list(urls)
        if not urls:
            return 0
        writer = self.ix.writer(timeout=WRITER_TIMEOUT)
        try:
            n = sum(writer.delete_by_term("url", u) for u in urls)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return n

    def count(self) -> int:
        return self.ix.doc_count()

    def get(self, url: str) -> Article | None:
        with self.ix.searcher() as s:
            fields = s.document(url=url)
        return article_from_stored(fields) if fields else None

    def searcher(self):
        return self.ix.searcher()

    def close(self) -> None:
        self.ix.close()


def article_from_stored(fields: dict) -> Article:
    data = json.loads(fields["record"])
    data["body"] = fields.get("body", "")
    return Article.from_dict(data)


def _read_version(path: Path) -> int | None:
    try:
        return int(json.loads(path.read_text())["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
