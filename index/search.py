"""Full-text search with filters, facet counts, highlights, sorting and paging."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from whoosh import highlight, qparser, sorting
from whoosh.query import And, Every, NullQuery, Or, Term, DateRange

from pipeline.urls import canonicalize
from pipeline.errors import HubindexError

from .schema import SEARCH_FIELDS
from .store import IndexStore, naive_utc

MAX_LIMIT = 100
MAX_QUERY_CHARS = 500


@dataclass
class Filters:
    """Facet filters combine OR within a facet and AND across facets."""

    facets: dict[str, list[str]] = field(default_factory=dict)   # facet -> slugs
    authors: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    site: str | None = None

    def query(self):
        parts = []
        for facet, slugs in self.facets.items():
            if slugs:
                parts.append(Or([Term("facets", f"{facet}:{s}") for s in slugs]))
        if self.authors:
            parts.append(Or([Term("author", a.lower()) for a in self.authors]))
        if self.since or self.until:
            parts.append(DateRange("published", naive_utc(self.since), naive_utc(self.until)))
        if self.site:
            parts.append(Term("site", self.site))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def matches(self, tags: list[dict[str, str]]) -> bool:
        """The same facet test on a list of tags (for related links not in the index)."""
        have = {(t["facet"], t["slug"]) for t in tags}
        return all(any((f, s) in have for s in slugs) for f, slugs in self.facets.items() if slugs)

    @property
    def empty(self) -> bool:
        return self.query() is None


@dataclass
class Hit:
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

    def to_dict(self) -> dict[str, Any]:
        data = {"url": self.url, "title": self.title, "author": self.author, "published": self.published,
                "updated": self.updated, "summary": self.summary, "tags": self.tags,
                "score": None if self.score is None else round(self.score, 4)}
        if self.highlight:
            data["highlight"] = self.highlight
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    matched: str = "all"     # "all" terms, or "any" when the AND query found nothing

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "page": self.page, "limit": self.limit,
                "matched": self.matched, "results": [h.to_dict() for h in self.hits], "facets": self.facets}


def hit_from_fields(fields: dict, score: float | None = None) -> Hit:
    rec = json.loads(fields["record"])
    return Hit(url=rec["url"], title=rec["title"], author=rec.get("author", []), published=rec.get("published"),
               updated=rec.get("updated"), summary=rec.get("summary", ""), tags=rec.get("tags", []), score=score)


def make_parser(schema, any_terms: bool = False) -> qparser.QueryParser:
    """A parser for text typed by people: words, "phrases" and -exclusions only.

    Wildcards, ranges, fuzzy terms, field names, boosts and groups are removed, so no
    input can expand into millions of terms or recurse deeply; AND by default.
    """
    group = qparser.OrGroup.factory(0.9) if any_terms else qparser.AndGroup
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=group)
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.FieldsPlugin, qparser.BoostPlugin,
                   qparser.GroupPlugin, qparser.OperatorsPlugin, qparser.PlusMinusPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def parse_user_query(schema, text: str, any_terms: bool = False):
    text = text[:MAX_QUERY_CHARS]
    try:
        q = make_parser(schema, any_terms).parse(text)
    except Exception:  # the parser has many failure modes on odd input; fall back to plain words
        words = "".join(c if c.isalnum() else " " for c in text)
        q = make_parser(schema, any_terms).parse(words)
    return q


def search(store: IndexStore, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
           sort: str = "relevance", with_facets: bool = True) -> SearchResult:
    """Search the index. An empty `text` lists the filtered articles newest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    if page < 1:
        raise HubindexError("--page must be at least 1")
    if sort not in ("relevance", "newest", "oldest"):
        raise HubindexError("--sort must be one of relevance, newest, oldest")
    filters = filters or Filters()
    text = (text or "").strip()
    with store.searcher() as s:
        matched = "all"
        if text:
            q = parse_user_query(store.ix.schema, text)
            if q is None or q is NullQuery:
                q = Every()
        else:
            q = Every()
        kwargs: dict[str, Any] = {"filter": filters.query(), "pagelen": limit}
        if sort != "relevance" or not text:
            kwargs["sortedby"] = sorting.FieldFacet("published", reverse=(sort != "oldest"))
        if with_facets:
            kwargs["groupedby"] = {"facets": sorting.FieldFacet("facets", allow_overlap=True)}
        results = s.search_page(q, page, **kwargs)
        if text and results.total == 0 and not isinstance(q, Every):
            any_q = parse_user_query(store.ix.schema, text, any_terms=True)
            results = s.search_page(any_q, page, **kwargs)
            matched = "any"
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=40)
        results.results.formatter = _Brackets()
        hits = []
        for r in results:
            hit = hit_from_fields(r.fields(), r.score if text and sort == "relevance" else None)
            if text:
                hit.highlight = " ".join((r.highlights("body", top=2) or "").split())
            hits.append(hit)
        facets = _facet_counts(results.results) if with_facets else {}
        return SearchResult(query=text, total=results.total, page=page, limit=limit, hits=hits,
                            facets=facets, matched=matched)


class _Brackets(highlight.Formatter):
    """Marks matched terms as [[term]] in snippets: readable in a terminal, easy to restyle."""

    between = " ... "

    def format_token(self, text, token, replace=False):
        return f"[[{highlight.get_text(text, token, replace)}]]"


def _facet_counts(results) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    try:
        groups = results.groups("facets")
    except (KeyError, ValueError):
        return out
    for token, docs in groups.items():
        if not token or ":" not in str(token):
            continue
        facet, slug = str(token).split(":", 1)
        out.setdefault(facet, {})[slug] = len(docs)
    return {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in sorted(out.items())}


def facet_labels(store: IndexStore) -> dict[str, dict[str, str]]:
    """facet -> slug -> label, from the stored records (labels are what the site shows)."""
    labels: dict[str, dict[str, str]] = {}
    with store.searcher() as s:
        for fields in s.all_stored_fields():
            for t in json.loads(fields["record"]).get("tags", []):
                labels.setdefault(t["facet"], {}).setdefault(t["slug"], t["label"])
    return labels


def lookup(store: IndexStore, url: str) -> dict | None:
    """The stored fields of the article at `url`, tolerant of URL variants."""
    with store.searcher() as s:
        for candidate in url_variants(url):
            fields = s.document(url=candidate)
            if fields:
                return fields
    return None


def url_variants(url: str) -> list[str]:
    """The canonical form of a URL and its common variants (slash, scheme)."""
    base = canonicalize(url)
    out = [base]
    alt = base[:-1] if base.endswith("/") else base + "/"
    for u in (alt,):
        if "?" not in u:
            out.append(u)
    for u in list(out):
        if u.startswith("http://"):
            out.append("https://" + u[7:])
        elif u.startswith("https://"):
            out.append("http://" + u[8:])
    return out
