"""The Whoosh schema and its version."""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

# Bump when the schema or what goes into it changes; an index of another version
# is refused with a message that says to run `reindex`.
SCHEMA_VERSION = 1

# Field boosts for BM25F: a match in the title or the tags says more than one in the body.
BOOSTS = {"title": 4.0, "tagtext": 2.5, "summary": 1.5, "body": 1.0}
SEARCH_FIELDS = tuple(BOOSTS)


def build_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        url=ID(unique=True, stored=True),
        site=ID(stored=True),
        title=TEXT(analyzer=text, field_boost=BOOSTS["title"], spelling=True),
        tagtext=TEXT(analyzer=text, field_boost=BOOSTS["tagtext"]),
        summary=TEXT(analyzer=text, field_boost=BOOSTS["summary"]),
        body=TEXT(analyzer=text, field_boost=BOOSTS["body"], stored=True, spelling=True),
        author=KEYWORD(commas=True, lowercase=True),
        facets=KEYWORD(commas=True),            # "facet:slug" tokens, e.g. "topic:career-advancement"
        links=KEYWORD(commas=True),             # canonical URLs this article's related block points to
        published=DATETIME(sortable=True),
        updated=DATETIME(),
        record=STORED(),                        # the article as JSON, minus the body
    )
