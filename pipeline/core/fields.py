"""Every field of an article, declared once.

The `Article` record (models.py), its JSON form, its content hash, the index schema, the sort
orders of search, what a search result shows, the API's OpenAPI document and the exports all
follow from `FIELDS`. Adding a field means adding a `Field` here and the code that extracts it
(or a `derive` function that computes it from the other fields); the rest is generated.

Kinds of value (`kind`):

- ``text``     a string (``""`` when absent)
- ``url``      a canonical URL string
- ``datetime`` a timezone-aware datetime or None; JSON as ISO 8601 text
- ``names``    a list of strings (authors)
- ``tags``     a list of {facet, slug, label}
- ``links``    a list of {url, title, published, tags} (the related block)
- ``mapping``  a dict of strings (where each field's value came from)
- ``int``      a whole number (0 when absent)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

KINDS = ("text", "url", "datetime", "names", "tags", "links", "mapping", "int")


@dataclass(frozen=True)
class Field:
    """One article field and what each part of hubindex does with it."""

    name: str
    kind: str
    doc: str                          # one line for the README's field table and the OpenAPI document
    boost: float = 0.0                # searched as full text with this BM25F weight (0: not searched)
    sortable: bool = False            # a sort order of search (`--sort NAME` / `--sort -NAME`)
    shown: bool = False               # in every search result and related-article hit
    hashed: bool = True               # part of the content hash: a change in it means "updated"
    derive: Callable[[Any], Any] | None = None   # computed from the other fields of an Article

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind!r}")
        if self.sortable and self.kind not in ("datetime", "int"):
            raise ValueError(f"field {self.name}: only dates and numbers sort")

    def empty(self) -> Any:
        """The value of an absent field."""
        return {"text": "", "url": "", "datetime": None, "names": [], "tags": [], "links": [],
                "mapping": {}, "int": 0}[self.kind]


FIELDS: tuple[Field, ...] = (
    Field("url", "url", "canonical URL: the article's identity", shown=True),
    Field("title", "text", "headline", boost=4.0, shown=True),
    Field("author", "names", "author names, in byline order", shown=True),
    Field("published", "datetime", "first publication time", shown=True),
    Field("updated", "datetime", "last modification time the page states", shown=True),
    Field("summary", "text", "standfirst or meta description", boost=1.5, shown=True),
    Field("body", "text", "the article's text, paragraphs separated by blank lines", boost=1.0),
    Field("tags", "tags", "tags with their facet: {facet, slug, label}", boost=2.5, shown=True),
    Field("related", "links", "the related-article links the page shows: {url, title, published, tags}"),
    Field("site", "text", "name of the configured site it was crawled from"),
    Field("fetched_at", "datetime", "when hubindex fetched it", hashed=False),
    Field("content_hash", "text", "hash of the hashed fields: what decides 'updated'", hashed=False),
    Field("sources", "mapping", "field -> the rule or markup its value came from", hashed=False),
    Field("post_id", "text", "the CMS's id of the post, which survives a change of slug", hashed=False),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
SEARCHED: dict[str, float] = {f.name: f.boost for f in FIELDS if f.boost}
SORTABLE: tuple[str, ...] = tuple(f.name for f in FIELDS if f.sortable)
SHOWN: tuple[str, ...] = tuple(f.name for f in FIELDS if f.shown)
HASHED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.hashed)

# Search orders: relevance, the publication date both ways, and each sortable field both ways.
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest") + tuple(
    order for name in SORTABLE for order in (name, f"-{name}"))


def fingerprint() -> str:
    """A short hash of what the index schema depends on: an index built for another field list
    must be rebuilt (`run.py reindex`)."""
    raw = json.dumps([(f.name, f.kind, f.boost, f.sortable, f.shown) for f in FIELDS])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]
