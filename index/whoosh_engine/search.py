"""Full-text search with filters, facet counts, highlights, suggestions, sorting and paging.

How a search runs (see cache.py and rank.py for the why):
1. the query text is parsed (words and phrases only) and turned into the set of matching
   documents, a bitmask, from cached per-term masks; AND of the words, or OR when AND finds
   nothing ("matched": "any");
2. the filters become a mask too (facet masks, author/site term masks, a date slice), and
   matched & filters is the result set: its size is `total`, and one AND + popcount per facet
   value gives the facet counts;
3. the page: BM25F top-k by the threshold algorithm restricted to the result set (recency
   breaks ties), or the result set walked newest/oldest first for an empty query or `--sort`;
4. hits from the stored records, snippets around the matched words, "did you mean".
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pipeline.core.errors import HubindexError
from pipeline.core.fields import BY_NAME, FIELDS

from index.refs import url_variants
from index.types import EXTRA_SHOWN, MAX_LIMIT, MAX_PAGE, SORTS, Filters, Hit, SearchResult
from index.whoosh_engine.cache import SearchCache, as_bytes, ids_from_mask
from index.whoosh_engine.query import clean_text, docmask, parse_user_query, required_text, scoring_terms
from index.whoosh_engine.rank import top_k
from index.whoosh_engine.schema import article_id
from index.whoosh_engine.snippets import snippet
from index.whoosh_engine.store import IndexStore, naive_utc
from index.whoosh_engine.suggest import suggestions as did_you_mean



def filter_mask(filters: Filters, searcher, cache: SearchCache) -> int | None:
    """The live documents passing every filter, or None when there is no filter."""
    if filters.is_empty:
        return None
    return cache.remember(("filters", *filters.key()), lambda: _compute_mask(filters, searcher, cache))


def _compute_mask(filters: Filters, searcher, cache: SearchCache) -> int:
    reader = searcher.reader()
    out = cache.live
    for facet, slugs in filters.facets.items():
        if slugs:
            m = 0
            for slug in slugs:
                m |= cache.facet(f"{facet}:{slug}")
            out &= m
    if filters.authors:
        m = 0
        for a in filters.authors:
            m |= cache.term(reader, "author", a.lower().strip())
        out &= m
    if filters.since or filters.until:
        out &= cache.date_range(_long(filters.since), _long(filters.until))
    if filters.site:
        out &= cache.term(reader, "site", filters.site)
    return out


def _long(dt: datetime | None) -> int | None:
    from whoosh.util.times import datetime_to_long
    return datetime_to_long(naive_utc(dt)) if dt else None


def hit_from_fields(fields: dict, score: float | None = None) -> Hit:
    rec = json.loads(fields["record"])
    return Hit(url=rec["url"], title=rec["title"], author=rec.get("author", []), published=rec.get("published"),
               updated=rec.get("updated"), summary=rec.get("summary", ""), tags=rec.get("tags", []), score=score,
               id=rec.get("id") or fields.get("id") or article_id(rec["url"]),
               shown={name: rec.get(name, BY_NAME[name].empty()) for name in EXTRA_SHOWN})


def search(store: IndexStore, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
           sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
           with_suggestions: bool = True) -> SearchResult:
    """Search the index. An empty `text` lists the filtered articles newest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    if not 1 <= page <= MAX_PAGE:
        raise HubindexError(f"--page must be between 1 and {MAX_PAGE}")
    if sort not in SORTS:
        raise HubindexError(f"--sort must be one of {', '.join(SORTS)}")
    filters = filters or Filters()
    text = clean_text(text).strip()
    s, cache = store.reader()
    q, matched, result_set = _Words(s, cache, text).apply(filters)
    total = result_set.bit_count()
    skip = (page - 1) * limit
    terms = scoring_terms(q) if q is not None else []
    if q is not None and sort == "relevance":
        ranker = cache.ranker
        lists = [ranker.impacts(s.reader(), t, cache.live, ranking=True) for t in terms]
        ranked = top_k(lists, as_bytes(result_set, cache.size), skip + limit, cache.pub)[skip:]
    elif sort in ("relevance", "newest", "oldest"):
        docs = cache.newest(result_set, skip, limit, oldest=(sort == "oldest"))
        ranked = [(None, d) for d in docs]
    else:
        ranked = [(None, d) for d in _by_field(s, result_set, sort, skip, limit)]
    hits = []
    for score, d in ranked:
        fields = s.stored_fields(d)
        hit = hit_from_fields(fields, score)
        if terms and with_highlights:
            termset = set(terms)
            hit.highlight = snippet(fields.get("body", ""), termset) or snippet(hit.summary, termset)
        hits.append(hit)
    facets = facet_counts(cache, result_set) if with_facets else {}
    sugg: list[str] = []
    if text and with_suggestions:
        sugg = did_you_mean(s, text, df=cache.doc_frequency)
    return SearchResult(query=text, total=total, page=page, limit=limit, hits=hits, facets=facets,
                        matched=matched, suggestions=sugg, sort=sort)


def counts(store: IndexStore, text: str, filter_sets: list[Filters]) -> list[int]:
    """How many articles `search(store, text, filters)` finds (its `total`) for each of several
    filter sets, the query parsed once and nothing ranked or read: what a page's filter counts
    need (one number per value offered)."""
    s, cache = store.reader()
    words = _Words(s, cache, clean_text(text).strip())
    return [words.apply(f or Filters())[2].bit_count() for f in filter_sets]


class _Words:
    """A query's matching documents as masks: every word (or phrase) present, and, computed only
    when that finds nothing under some filters, any of them."""

    def __init__(self, s, cache, text: str) -> None:
        self.s, self.cache, self.text = s, cache, text
        self.q = parse_user_query(s.schema, text) if text else None
        self.every = 0
        if self.q is not None:
            required = required_text(text)
            mask_q = parse_user_query(s.schema, required) if required != text else self.q
            self.every = docmask(s, cache, mask_q or self.q)
        self._some = None

    def _any(self):
        if self._some is None:
            any_q = parse_user_query(self.s.schema, self.text, any_terms=True)
            self._some = (any_q, docmask(self.s, self.cache, any_q) if any_q is not None else 0)
        return self._some

    def apply(self, filters: Filters):
        """(query, "all" or "any", result set as a mask) under `filters`."""
        allowed = filter_mask(filters, self.s, self.cache)
        base = self.cache.live if allowed is None else allowed
        if self.q is None:
            return None, "all", base
        result_set = self.every & base
        if not result_set:
            any_q, some = self._any()
            if some & base:
                return any_q, "any", some & base
        return self.q, "all", result_set


def _by_field(searcher, result_set: int, sort: str, skip: int, limit: int) -> list[int]:
    """A page of `result_set` ordered by a declared sortable field (`name` ascending, `-name`
    descending), read from the field's column; articles without a value come last."""
    name = sort.lstrip("-")
    column = searcher.reader().column_reader(name)
    docs = [d for d in ids_from_mask(result_set)]
    present = [d for d in docs if column[d] is not None]
    present.sort(key=column.__getitem__, reverse=sort.startswith("-"))
    ordered = present + [d for d in docs if column[d] is None]
    return ordered[skip:skip + limit]


def facet_counts(cache: SearchCache, result_set: int) -> dict[str, dict[str, int]]:
    """facet -> slug -> how many documents of `result_set` carry it (most first; zeros left out)."""
    out: dict[str, dict[str, int]] = {}
    for token, mask in cache.facets.items():
        n = (mask & result_set).bit_count()
        if n and ":" in token:
            facet, slug = token.split(":", 1)
            out.setdefault(facet, {})[slug] = n
    return {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in sorted(out.items())}


def facet_list(store: IndexStore) -> dict[str, list[dict[str, Any]]]:
    """Every facet value in the index: facet -> [{slug, label, count}], most articles first.

    Labels come from the stored record of one article carrying each value (what the site shows).
    """
    s, cache = store.reader()
    out: dict[str, list[dict[str, Any]]] = {}
    for token, mask in sorted(cache.facets.items()):
        count = mask.bit_count()
        if not count or ":" not in token:
            continue
        facet, slug = token.split(":", 1)
        label = slug
        d = (mask & -mask).bit_length() - 1          # lowest document carrying it
        for t in json.loads(s.stored_fields(d)["record"]).get("tags", []):
            if t.get("facet") == facet and t.get("slug") == slug:
                label = t.get("label") or slug
                break
        out.setdefault(facet, []).append({"slug": slug, "label": label, "count": count})
    return {f: sorted(v, key=lambda e: (-e["count"], e["slug"])) for f, v in out.items()}


def facet_labels(store: IndexStore) -> dict[str, dict[str, str]]:
    """facet -> slug -> label."""
    return {f: {e["slug"]: e["label"] for e in values} for f, values in facet_list(store).items()}


def resolve(searcher, ref: str) -> int | None:
    """The document number of an article given by any variant of its URL or by its id."""
    ref = ref.strip()
    if not ref:
        return None
    if len(ref) == 12 and all(c in "0123456789abcdef" for c in ref.lower()):
        docs = list(searcher.document_numbers(id=ref.lower()))
        if len(docs) > 1:
            raise HubindexError(f"the id {ref} names {len(docs)} articles; give the URL instead")
        if docs:
            return docs[0]
    if "://" not in ref and not ref.startswith("//"):
        return None
    try:
        variants = url_variants(ref)
    except ValueError:
        return None
    for candidate in variants:
        d = searcher.document_number(url=candidate)
        if d is not None:
            return d
    return None


def lookup(store: IndexStore, ref: str) -> dict | None:
    """The stored fields of the article at `ref` (URL variant or id)."""
    s, _ = store.reader()
    d = resolve(s, ref)
    return s.stored_fields(d) if d is not None else None


def show(store: IndexStore, ref: str) -> dict[str, Any]:
    """Every stored field of one article, with `id` and `sources` (which extractor gave each field)."""
    fields = lookup(store, ref)
    if fields is None:
        raise HubindexError(f"not in the index: {ref} (search for it, or crawl its site first)")
    rec = json.loads(fields["record"])
    rec["body"] = fields.get("body", "")
    rec["id"] = rec.get("id") or article_id(rec["url"])
    order = ["id", *(f.name for f in FIELDS)]
    out = {k: rec.get(k) for k in order}
    out.update({k: v for k, v in rec.items() if k not in out})
    if out.get("sources") is None:
        out["sources"] = {}
    return out
