"""An Article as the rows the PostgreSQL backend keeps, and back."""

from __future__ import annotations

import re
from typing import Any

from psycopg.types.json import Json

from pipeline.core.models import Article, article_id

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)   # the vocabulary's words: letters only, 3 or more

# The columns of the staging table a batch is copied into, in COPY order.
STAGE_COLUMNS = ("url", "id", "record", "body", "links", "words", "site", "published", "authors", "facets",
                 "title", "tagtext", "summary")
STAGE_DDL = ("CREATE TEMP TABLE IF NOT EXISTS hub_stage (doc bigint, url text, id text, record json, body text, links text[], "
             "words text[], site text, published timestamptz, authors text[], facets text[], title text, "
             "tagtext text, summary text) ON COMMIT DELETE ROWS")


def facet_tokens(article: Article) -> list[str]:
    return list(dict.fromkeys(f"{t['facet']}:{t['slug']}" for t in article.tags))


def vocabulary(article: Article) -> list[str]:
    """The distinct lowercase words of the title and summary (what people search for)."""
    return sorted({w.lower() for w in WORD.findall(f"{article.title} {article.summary}")})


def stage_row(article: Article) -> tuple[Any, ...]:
    record = article.to_dict()
    record.pop("body", None)
    record["id"] = article_id(article.url)
    return (article.url, record["id"], Json(record), article.body,
            list(dict.fromkeys(r["url"] for r in article.related if r.get("url"))), vocabulary(article),
            article.site, article.published,
            list(dict.fromkeys(a.lower().strip() for a in article.author if a.strip())), facet_tokens(article),
            article.title, " ".join(t["label"] for t in article.tags), article.summary)


def article_from_row(record: dict[str, Any], body: str) -> Article:
    data = dict(record)
    data.pop("id", None)
    data["body"] = body
    return Article.from_dict(data)
