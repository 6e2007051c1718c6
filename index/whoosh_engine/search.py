"""Full-text search with filters, facet counts, highlights, suggestions, sorting and paging.

How a search runs (see cache.py and rank.py for the why):
1. the query text is read as words and phrases (words.py: folding, stemming, synonyms), each
   one a concept whose documents are a bitmask, from cached per-term masks;
2. the filters become a mask too (facet masks, author/site term masks, a date slice);
3. the result set is every document with at least one required concept (the OR of their
   masks, within the filters), so an article missing one word of the query, or using another
   word for it, is still found; its size is `total`, and one AND + popcount per facet value
   gives the facet counts. The documents with every concept (the AND) form the first group;
   a word found in more than half of the articles is not needed there (querytext.needed);
   No fallback fires only when nothing matches: every query ranks the same way;
4. the page: the articles with every word first (the idea of Meilisearch's "words" rule and
   Lucene's minimum_should_match), then those with some of them, which BM25F orders by how
   many and how rare the words they have are; each group ranked by BM25F top-k (threshold
   algorithm, recency breaks ties), or walked newest or oldest first for `--sort`;
5. hits from the stored records, snippets around the matched words; "did you mean" when no
   article has every word, and the suggestion's results when the query found nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping

from whoosh import query as wq

from pipeline.core.errors import HubindexError
from pipeline.core.fields import BY_NAME

from index.refs import url_variants
from index.types import (EXTRA_SHOWN, Filters, Hit, SearchResult, article_view, check_filter_values,
                         check_search_args)
from index.whoosh_engine.cache import SearchCache, as_bytes, ids_from_mask
from index.querytext import needed, nothing_to_search
from index.types import MAX_QUERY_CHARS
from index.whoosh_engine.query import clean_text, docmask
from index.whoosh_engine.rank import bm25_tf, bm25_weight, rank_idf, top_k
from index.whoosh_engine.schema import SEARCH_FIELDS, article_id
from index.whoosh_engine.snippets import snippet
from index.whoosh_engine.store import IndexStore, naive_utc
from index.whoosh_engine.suggest import suggestions as did_you_mean
from index.whoosh_engine.words import Concept, concepts



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


def check_filters(searcher, cache: SearchCache, filters: Filters) -> None:
    """Raise UnknownValue for a facet value or site that no indexed article has (index/types.py)."""
    if not filters.facets and not filters.site:
        return
    by_facet: dict[str, set[str]] = {}
    for token in cache.facets:
        name, _, slug = token.partition(":")
        by_facet.setdefault(name, set()).add(slug)
    sites = ({t.decode("utf-8") if isinstance(t, bytes) else t for t in searcher.reader().lexicon("site")}
             if filters.site else set())
    check_filter_values(filters, by_facet, sites)


def concept_mask(searcher, cache: SearchCache, concept: Concept) -> int:
    """The live documents holding any alternative of `concept` in a ranked field."""
    reader = searcher.reader()
    out = 0
    for alt in concept.alternatives:
        if len(alt) == 1:
            out |= cache.text_mask(reader, alt[0])
        else:
            out |= docmask(searcher, cache, wq.Or([wq.Phrase(f, list(alt)) for f in SEARCH_FIELDS]))
    return out & cache.live


@dataclass
class _Match:
    all_words: int            # documents (passing the filters) with every required concept
    result_set: int           # documents with at least one of them
    terms: list[str]          # every stem, for highlights
    concepts: list[Concept]   # for ranking


def _impact_lists(searcher, cache: SearchCache, found: list[Concept]) -> list:
    """The impact lists a query ranks with: each word's own list; for a word with synonyms one
    list that scores the word and its synonyms as one word (as Lucene's SynonymQuery does):
    their frequencies summed in each document, and the idf of the documents holding any of them.
    A phrase alternative counts, where it occurs, as often as its least frequent word."""
    reader = searcher.reader()
    ranker = cache.ranker
    lists = []
    seen: set[str] = set()
    for c in found:
        if len(c.alternatives) == 1:
            for t in c.alternatives[0]:
                if t not in seen:
                    seen.add(t)
                    lists.append(ranker.impacts(reader, t, cache.live, ranking=True))
            continue

        def build(c=c) -> dict[int, float]:
            n = max(reader.doc_count(), 1)
            tf: dict[int, float] = {}
            for alt in c.alternatives:
                inside = None
                if len(alt) > 1:
                    inside = as_bytes(concept_mask(searcher, cache, Concept(c.typed, (alt,))), cache.size)
                found_tf: dict[int, float] = {}
                for t in alt:
                    part = ranker.impacts(reader, t, cache.live)
                    idf = rank_idf(n, len(part))
                    for d, w in zip(part.docs, part.weights):
                        if inside is not None and not inside[d >> 3] >> (d & 7) & 1:
                            continue
                        f = bm25_tf(w, idf)
                        found_tf[d] = min(found_tf.get(d, f), f)
                for d, f in found_tf.items():
                    tf[d] = tf.get(d, 0.0) + f
            idf = rank_idf(n, len(tf))
            return {d: bm25_weight(f, idf) for d, f in tf.items()}
        lists.append(ranker.merged(c.alternatives, build))
    return lists


def _match(searcher, cache: SearchCache, found: list[Concept], base: int) -> _Match:
    every, some = base, 0
    masks = [concept_mask(searcher, cache, c) for c in found if c.required]
    for m in masks:
        some |= m
    for m in needed(masks, cache.live.bit_count(), lambda m: m.bit_count()):
        every &= m
    terms: list[str] = []
    for c in found:
        terms.extend(t for t in c.stems() if t not in terms)
    return _Match(every, some & base, terms, found)


def search(store: IndexStore, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
           sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
           with_suggestions: bool = True, synonyms: Mapping[str, Iterable[str]] | None = None,
           highlight: str = "brackets", correct: bool = True) -> SearchResult:
    """Search the index. An empty `text` lists the filtered articles newest first; text with
    nothing searchable in it (symbols, emoji, one-letter or stop words) finds nothing and says so.

    Results are the articles with any of the query's words: those with every word first, each
    group by BM25F score (recency breaks ties), or by date with `sort`. When nothing
    matches and a suggested spelling does, the suggestion's results are returned (`corrected`).
    `synonyms`: the `[search] synonyms` table. `highlight`: "brackets" ([[word]]) or "html"
    (escaped text, <mark>word</mark>). `correct=False`: the words as typed, never replaced by a
    suggestion (a caller that offers the suggestion itself)."""
    check_search_args(limit, page, sort, highlight)
    filters = filters or Filters()
    typed = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    text = clean_text(text).strip()
    s, cache = store.reader()
    check_filters(s, cache, filters)
    allowed = filter_mask(filters, s, cache)
    base = cache.live if allowed is None else allowed
    skip = (page - 1) * limit
    if not typed:
        docs = [d for _, d in _page(s, cache, _Match(base, base, [], []), skip, limit, sort)]
        return SearchResult(query=text, total=base.bit_count(), page=page, limit=limit,
                            hits=[hit_from_fields(s.stored_fields(d)) for d in docs],
                            facets=facet_counts(cache, base) if with_facets else {}, sort=sort,
                            all_words=base.bit_count())
    found = concepts(s.schema, text, synonyms)
    if not found:
        return SearchResult(query=typed, total=0, page=page, limit=limit, hits=[], facets={}, sort=sort,
                            message=nothing_to_search(typed))
    match = _match(s, cache, found, base)
    sugg: list[str] = []
    corrected = None
    if with_suggestions and not match.all_words:
        sugg = [alt for alt in did_you_mean(s, text, df=cache.doc_frequency)
                if _match(s, cache, concepts(s.schema, alt, synonyms), base).all_words]
        if sugg and not match.result_set and correct:
            corrected = sugg[0]
            found = concepts(s.schema, corrected, synonyms)
            match = _match(s, cache, found, base)
    ranked = _page(s, cache, match, skip, limit, sort)
    termset = set(match.terms)
    hits = []
    for score, d in ranked:
        fields = s.stored_fields(d)
        hit = hit_from_fields(fields, score)
        if with_highlights:
            hit.highlight = (snippet(fields.get("body", ""), termset, style=highlight)
                             or snippet(hit.summary, termset, style=highlight))
        hits.append(hit)
    total = match.result_set.bit_count()
    all_words = match.all_words.bit_count()
    facets = facet_counts(cache, match.result_set) if with_facets else {}
    return SearchResult(query=typed, total=total, page=page, limit=limit, hits=hits, facets=facets,
                        matched="all" if all_words == total else "partial", suggestions=sugg, sort=sort,
                        all_words=all_words, corrected=corrected)



def _page(searcher, cache: SearchCache, match: _Match, skip: int, limit: int, sort: str) -> list[tuple]:
    """The (score, docnum) of one page: the articles with every word first, then the others,
    each group ranked by BM25F (or by date for `sort` newest/oldest, or by a sortable field); a
    group wholly before the page is skipped by its size alone. Without words (an empty query)
    the one group is listed newest first unless `sort` says otherwise."""
    out: list[tuple] = []
    lists = None
    for group in (match.all_words, match.result_set & ~match.all_words):
        size = group.bit_count()
        if not size:
            continue
        if skip >= size:
            skip -= size
            continue
        want = limit - len(out)
        if sort == "relevance" and match.concepts:
            if lists is None:
                lists = _impact_lists(searcher, cache, match.concepts)
            out.extend(top_k(lists, as_bytes(group, cache.size), skip + want, cache.pub)[skip:])
        elif sort in ("relevance", "newest", "oldest"):
            out.extend((None, d) for d in cache.newest(group, skip, want, oldest=(sort == "oldest")))
        else:
            out.extend((None, d) for d in _by_field(searcher, group, sort, skip, want))
        skip = 0
        if len(out) >= limit:
            break
    return out[:limit]


def counts(store: IndexStore, text: str, filter_sets: list[Filters],
           synonyms: Mapping[str, Iterable[str]] | None = None) -> list[int]:
    """How many articles `search(store, text, filters)` finds (its `total`) for each of several
    filter sets, the query read once and nothing ranked or read: what a page's filter counts
    need (one number per value offered)."""
    s, cache = store.reader()
    typed = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    found = concepts(s.schema, clean_text(text).strip(), synonyms) if typed else []
    out = []
    for f in filter_sets:
        allowed = filter_mask(f or Filters(), s, cache)
        base = cache.live if allowed is None else allowed
        if not typed:
            out.append(base.bit_count())
        else:
            out.append(_match(s, cache, found, base).result_set.bit_count() if found else 0)
    return out


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


def facet_list(store: IndexStore, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every facet value among the articles passing `filters` (all of them without): facet ->
    [{slug, label, count}], most articles first. Unknown filter values raise UnknownValue.

    Labels come from the stored record of one article carrying each value (what the site shows).
    """
    s, cache = store.reader()
    within = None
    if filters is not None:
        check_filters(s, cache, filters)
        within = filter_mask(filters, s, cache)
    out: dict[str, list[dict[str, Any]]] = {}
    for token, mask in sorted(cache.facets.items()):
        count = mask.bit_count() if within is None else (mask & within).bit_count()
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
    return article_view(json.loads(fields["record"]), fields.get("body", ""))
