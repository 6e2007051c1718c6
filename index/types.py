"""The values that cross the index interface, the same for every backend.

What a caller asks for (`Filters`, a sort order, a page) and what it gets back (`SearchResult`
and its `Hit`s) are plain data: the CLI, the API, the web pages and the exports format them
without knowing which backend answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.core.errors import HubindexError, UnknownValue
from pipeline.core.fields import FIELDS, SHOWN, SORTS as FIELD_SORTS
from pipeline.core.models import article_id

MAX_LIMIT = 100        # results per page at most
MAX_PAGE = 1000        # pages at most: deep paging is what exports are for
MAX_QUERY_CHARS = 500  # longer query text is cut: a query is a few words, not a document
HIGHLIGHTS = ("brackets", "html")   # matched words as [[word]], or escaped HTML with <mark>word</mark>
SORTS = FIELD_SORTS    # relevance, newest, oldest, and each sortable field both ways
# Fields shown in every hit beyond the ones a Hit always has (declared `shown` in the field list).
EXTRA_SHOWN = tuple(n for n in SHOWN if n not in ("url", "title", "author", "published", "updated", "summary", "tags"))


@dataclass
class Filters:
    """What a search, a facet count, a related lookup or an export is restricted to.

    Facet values combine OR within a facet and AND across facets; every other filter is ANDed.
    """

    facets: dict[str, list[str]] = field(default_factory=dict)   # facet -> slugs
    authors: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    site: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (any(self.facets.values()) or self.authors or self.since or self.until or self.site)

    @property
    def only_facets(self) -> bool:
        return not (self.authors or self.since or self.until or self.site)

    def key(self) -> tuple:
        """A hashable form, equal for filters that select the same articles."""
        return (tuple(sorted((f, tuple(sorted(s))) for f, s in self.facets.items() if s)),
                tuple(sorted(a.lower() for a in self.authors)), self.since, self.until, self.site)

    def matches(self, tags: list[dict[str, str]]) -> bool:
        """The facet test on a list of tags (for related links that are not indexed)."""
        have = {(t["facet"], t["slug"]) for t in tags}
        return all(any((f, s) in have for s in slugs) for f, slugs in self.facets.items() if slugs)


def article_view(record: dict[str, Any], body: str) -> dict[str, Any]:
    """What `show` gives for a stored record: `id`, then the declared fields in their order,
    then anything else the record holds; `sources` is never null."""
    rec = dict(record, body=body)
    rec["id"] = rec.get("id") or article_id(rec["url"])
    out = {k: rec.get(k) for k in ("id", *(f.name for f in FIELDS))}
    out.update({k: v for k, v in rec.items() if k not in out})
    if out.get("sources") is None:
        out["sources"] = {}
    return out


@dataclass
class Hit:
    """One article in a result list (a search's page or a related list)."""

    url: str
    title: str
    author: list[str]
    published: str | None
    updated: str | None
    summary: str
    tags: list[dict[str, str]]
    score: float | None = None
    highlight: str = ""
    reason: str | None = None
    id: str = ""
    reasons: list[str] = field(default_factory=list)
    indexed: bool = True
    shown: dict[str, Any] = field(default_factory=dict)   # the other fields declared `shown`, as JSON values

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id or article_id(self.url), "url": self.url, "title": self.title, "author": self.author,
                "published": self.published, "updated": self.updated, "summary": self.summary, "tags": self.tags,
                **self.shown, "score": None if self.score is None else round(self.score, 4)}
        if self.highlight:
            data["highlight"] = self.highlight
        if self.reason:
            data["reason"] = self.reason
            data["reasons"] = self.reasons or [self.reason]
            data["indexed"] = self.indexed
        return data


@dataclass
class SearchResult:
    """One page of a search, with the facet counts of the whole result set."""

    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    matched: str = "all"     # "all": every result has every word; "partial": some have only some of them
    suggestions: list[str] = field(default_factory=list)
    sort: str = "relevance"
    all_words: int = 0       # results that have every word of the query
    corrected: str | None = None    # the suggestion whose results are shown (the query found nothing)
    message: str | None = None      # why nothing was searched, when nothing was

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "page": self.page, "limit": self.limit,
                "sort": self.sort, "matched": self.matched, "all_words": self.all_words,
                "suggestions": self.suggestions, "corrected": self.corrected, "message": self.message,
                "results": [h.to_dict() for h in self.hits], "facets": self.facets}


@dataclass
class IndexStats:
    """What an index holds: `status`, `/health` and `/stats` show it."""

    articles: int
    generation: str           # Index.generation(): changes with every commit and rebuild
    bytes_on_disk: int = 0
    per_site: dict[str, int] = field(default_factory=dict)


@dataclass
class Problem:
    """Something wrong with an index or the crawl state, and the one command that fixes it."""

    part: str          # "index", "crawl state" or "agreement"
    what: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        return {"part": self.part, "problem": self.what, "fix": self.fix}


@dataclass
class Verified:
    """What a check of an index found: its problems and, when it could be read, what it holds."""

    problems: list[Problem]
    articles: int = 0
    urls: frozenset[str] = frozenset()


_FACET_OPTION = {"topic": "topic", "area_of_study": "area"}     # facets with an option of their own
MAX_LISTED = 40        # known values listed in an error message


def _known(values) -> str:
    values = sorted(values)
    if not values:
        return "none (the index has no such values yet)"
    more = f" and {len(values) - MAX_LISTED} more" if len(values) > MAX_LISTED else ""
    return ", ".join(values[:MAX_LISTED]) + more


def check_filter_values(filters: Filters, by_facet: dict[str, set[str]], sites: set[str]) -> None:
    """Raise UnknownValue for a facet value or site that no indexed article has (`by_facet`:
    facet -> its values in the index; `sites`: the sites in the index, read when `filters` has
    one): a filter that can match nothing is a typo far more often than a question. Both
    backends refuse the same values with the same message."""
    for name, slugs in filters.facets.items():
        option = _FACET_OPTION.get(name, "facet")
        if name not in by_facet:
            if option != "facet":
                raise UnknownValue(f"unknown {option} {slugs[0]!r}: no article has one; known: none", option)
            raise UnknownValue(f"unknown facet {name!r}; known facets: {_known(by_facet)}", "facet")
        for slug in slugs:
            if slug not in by_facet[name]:
                what = option if option != "facet" else f"{name} value"
                raise UnknownValue(f"unknown {what} {slug!r}; known: {_known(by_facet[name])}", option)
    if filters.site and filters.site not in sites:
        raise UnknownValue(f"unknown site {filters.site!r}; sites in the index: {_known(sites)}", "site")


def check_search_args(limit: int, page: int, sort: str, highlight: str = "brackets") -> None:
    """HubindexError for paging, sorting or highlighting a search cannot do (both backends)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    if not 1 <= page <= MAX_PAGE:
        raise HubindexError(f"--page must be between 1 and {MAX_PAGE}")
    if sort not in SORTS:
        raise HubindexError(f"--sort must be one of {', '.join(SORTS)}")
    if highlight not in HIGHLIGHTS:
        raise HubindexError(f"--highlight must be one of {', '.join(HIGHLIGHTS)}")
