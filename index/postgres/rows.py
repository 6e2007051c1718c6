"""An Article as the rows the PostgreSQL backend keeps, and back."""

from __future__ import annotations

import re
from typing import Any, Callable

from psycopg.types.json import Json

from pipeline.core.models import Article, article_id

from index.postgres.analysis import Analyzer, words

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)   # the vocabulary's words: letters only, 3 or more

# The columns of the staging table a batch is copied into, in COPY order.
STAGE_COLUMNS = ("url", "id", "record", "body", "links", "words", "site", "published", "authors", "facets",
                 "head", "tsv")
STAGE_DDL = ("CREATE TEMP TABLE IF NOT EXISTS hub_stage (doc bigint, url text, id text, record json, body text, "
             "links text[], words text[], site text, published timestamptz, authors text[], facets text[], "
             "head tsvector, tsv tsvector) ON COMMIT DELETE ROWS")


def facet_tokens(article: Article) -> list[str]:
    """The article's facet values as "facet:slug", sorted (equal sets are equal arrays)."""
    return sorted({f"{t['facet']}:{t['slug']}" for t in article.tags})


def vocabulary(article: Article) -> list[str]:
    """The distinct lowercase words of the title and summary (what people search for)."""
    return sorted({w.lower() for w in WORD.findall(f"{article.title} {article.summary}")})


def searched_text(article: Article) -> tuple[str, str, str, str]:
    """The searched fields' text: title, tags (their labels), summary, body."""
    return article.title, " ".join(t["label"] for t in article.tags), article.summary, article.body


def stage_rows(articles: list[Article], analyzer: Analyzer, learn: Callable[[set[str]], None]) -> list[tuple]:
    """The staging rows of `articles`; `learn` is given every word first (Analyzer.learn)."""
    fields = [[words(t) for t in searched_text(a)] for a in articles]
    learn({w for f in fields for found in f for w in found})
    return [stage_row(a, analyzer.vectors(f)) for a, f in zip(articles, fields)]


def stage_row(article: Article, vectors: tuple[str, str]) -> tuple[Any, ...]:
    """The staging row of `article` with its (head, full) tsvector text."""
    head, tsv = vectors
    record = article.to_dict()
    record.pop("body", None)
    record["id"] = article_id(article.url)
    return (article.url, record["id"], Json(record), article.body,
            list(dict.fromkeys(r["url"] for r in article.related if r.get("url"))), vocabulary(article),
            article.site, article.published,
            list(dict.fromkeys(a.lower().strip() for a in article.author if a.strip())), facet_tokens(article),
            head, tsv)


def article_from_row(record: dict[str, Any], body: str) -> Article:
    data = dict(record)
    data.pop("id", None)
    data["body"] = body
    return Article.from_dict(data)

