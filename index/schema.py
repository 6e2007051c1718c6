"""The Whoosh schema, its version, and the article id."""

from __future__ import annotations

import hashlib

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

# Bump when the schema or what goes into it changes; an index of another version
# is refused with a message that says to run `reindex`.
#   1: first schema.
#   2: `id` (short stable article id); per-generation search cache next to the segments.
#   3: "did you mean" vocabulary from titles and summaries, not bodies (halves indexing cost).
SCHEMA_VERSION = 3

# Field boosts for BM25F: a match in the title or the tags says more than one in the body.
BOOSTS = {"title": 4.0, "tagtext": 2.5, "summary": 1.5, "body": 1.0}
SEARCH_FIELDS = tuple(BOOSTS)
# Fields with `spelling=True`: the vocabulary "did you mean" suggestions come from. Not the
# body: its unstemmed word list doubles Whoosh's indexing time (6.5 against 3.4 ms an article,
# measured with a bare writer), and titles and summaries hold the words people search for.
SPELLING_FIELDS = ("title", "summary")


def article_id(canonical_url: str) -> str:
    """A short stable id for an article: the first 12 hex digits of the SHA-1 of its canonical URL.

    12 hex digits (48 bits) make a collision unlikely below millions of articles; a lookup by id
    that finds two articles says so instead of picking one.
    """
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:12]


def build_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        id=ID(stored=True),
        url=ID(unique=True, stored=True),
        site=ID(stored=True),
        title=TEXT(analyzer=text, field_boost=BOOSTS["title"], spelling=True),
        tagtext=TEXT(analyzer=text, field_boost=BOOSTS["tagtext"]),
        summary=TEXT(analyzer=text, field_boost=BOOSTS["summary"], spelling=True),
        body=TEXT(analyzer=text, field_boost=BOOSTS["body"], stored=True),
        author=KEYWORD(commas=True, lowercase=True),
        facets=KEYWORD(commas=True),            # "facet:slug" tokens, e.g. "topic:career-advancement"
        links=KEYWORD(commas=True),             # canonical URLs this article's related block points to
        published=DATETIME(sortable=True),
        updated=DATETIME(),
        record=STORED(),                        # the article as JSON, minus the body
    )
