"""Related articles from three kinds of evidence, each result saying which gave it:

- "editor": the links in the page's related block, in the page's order, resolved to indexed
  articles where possible and listed even when not indexed (from what the page showed);
- "backlink": indexed articles whose related block links to this one (the `links` field);
- "similar": content similarity, boosted by shared topics and areas.

Editors' links come first; the rest are ordered by a combined score
    similarity / best similarity  +  BACKLINK_BONUS if it links here  +  FACET_BONUS per shared facet value.

Similarity is a more-like-this computed cheaply (Whoosh's `more_like` takes 55-72 ms at 50,000
articles because it re-analyses the body and scores every posting of ten common terms): the
article's key terms are picked from its title, summary and body with one regex pass
(title words count triple), weighted tf x idf, and the best KEY_TERMS are run as an OR query
through the same BM25F impact lists and threshold-algorithm top-k as search (rank.py), which
shares its cached lists with searches. Related is allowed to be approximate: the top-k examines
at most SIMILAR_BUDGET list entries (heaviest first), which bounds its cost on large indexes where
every word is common (otherwise p95 about 140 ms at 50,000 generated articles).
"""

from __future__ import annotations

import json
import math
from collections import Counter

from pipeline.core.errors import HubindexError

from index.whoosh_engine.cache import as_bytes
from index.whoosh_engine.rank import top_k
from index.types import MAX_LIMIT, Filters, Hit
from index.whoosh_engine.search import filter_mask, hit_from_fields, resolve, url_variants
from index.whoosh_engine.snippets import WORD, _stem
from index.whoosh_engine.store import IndexStore

KEY_TERMS = 6          # terms of the article used to find similar ones
SIMILAR_BUDGET = 3000  # impact-list entries examined at most: bounds the cost at any index size
CANDIDATES = 3         # similar candidates fetched per result wanted, before re-ranking
BACKLINK_BONUS = 0.6
FACET_BONUS = 0.15
TITLE_WEIGHT = 3


def related(store: IndexStore, ref: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Related articles of the article `ref` (any URL variant, or its id); never itself, never twice."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    filters = filters or Filters()
    s, cache = store.reader()
    reader = s.reader()
    docnum = resolve(s, ref)
    if docnum is None:
        raise HubindexError(f"not in the index: {ref} (search for it, or crawl its site first)")
    fields = s.stored_fields(docnum)
    record = json.loads(fields["record"])
    own_url = record["url"]
    allowed = filter_mask(filters, s, cache)
    pool = cache.live if allowed is None else allowed
    pool &= ~(1 << docnum)
    pool_bits = as_bytes(pool, cache.size)

    def in_pool(d: int) -> bool:
        return bool(pool_bits[d >> 3] >> (d & 7) & 1)

    # backlinks: articles whose related block points at any variant of this URL
    back = 0
    for variant in url_variants(own_url):
        back |= cache.term(reader, "links", variant)
    back &= cache.live

    out: list[Hit] = []
    seen_urls = {own_url}
    seen_docs = {docnum}
    for link in record.get("related", []):
        url = link.get("url", "")
        if not url or url in seen_urls:
            continue
        target = resolve(s, url)
        if target is not None:
            if target in seen_docs:
                continue
            if not in_pool(target):
                continue
            hit = hit_from_fields(s.stored_fields(target))
            seen_docs.add(target)
        else:
            if not filters.only_facets or not filters.matches(link.get("tags", [])):
                continue          # not indexed: only facet filters can be checked, from the link's tags
            hit = Hit(url=url, title=link.get("title", ""), author=[], published=link.get("published"),
                      updated=None, summary="", tags=link.get("tags", []), indexed=False)
        seen_urls.add(url)
        seen_urls.add(hit.url)
        hit.reason = "editor"
        hit.reasons = ["editor"] + (["backlink"] if target is not None and back >> target & 1 else [])
        out.append(hit)
    if len(out) >= limit:
        return out[:limit]

    # similar: BM25F over the article's key terms, restricted to the pool
    want = (limit - len(out)) * CANDIDATES + len(seen_docs)
    terms = key_terms(reader, record, fields.get("body", ""), df=cache.doc_frequency)
    lists = [cache.ranker.impacts(reader, t, cache.live, ranking=True) for t in terms]
    similar = {d: sc for sc, d in top_k(lists, pool_bits, want, cache.pub, budget=SIMILAR_BUDGET)
               if d not in seen_docs}
    best = max(similar.values(), default=0.0) or 1.0
    own_facets = {f"{t['facet']}:{t['slug']}" for t in record.get("tags", [])}
    candidates = set(similar) | {d for d in _bits(back & pool) if d not in seen_docs}
    scored = []
    for d in candidates:
        shared = sum(1 for tok in own_facets if cache.facets.get(tok, 0) >> d & 1)
        is_back = bool(back >> d & 1)
        sim = similar.get(d, 0.0) / best
        score = sim + (BACKLINK_BONUS if is_back else 0.0) + FACET_BONUS * shared
        reasons = (["backlink"] if is_back else []) + (["similar"] if d in similar else [])
        scored.append((round(score, 9), cache.pub[d], -d, reasons))
    scored.sort(reverse=True)
    for score, _, neg_d, reasons in scored:
        if len(out) >= limit:
            break
        hit = hit_from_fields(s.stored_fields(-neg_d), score)
        if hit.url in seen_urls:
            continue
        seen_urls.add(hit.url)
        hit.reason = reasons[0]
        hit.reasons = reasons
        out.append(hit)
    return out


def key_terms(reader, record: dict, body: str, df, n: int = KEY_TERMS) -> list[str]:
    """The article's most characteristic analysed words (tf x idf), title and tags weighted up.
    `df(reader, field, term)` gives document frequencies (`SearchCache.doc_frequency`)."""
    stop = _stop_words()
    tf: Counter = Counter()
    # tags are not words here: shared tags are rewarded by FACET_BONUS, and tag labels
    # ("Industry Trends & Insights") would otherwise pull in everything with the same tag
    for text, weight in ((record.get("title", ""), TITLE_WEIGHT), (record.get("summary", ""), 2), (body, 1)):
        for m in WORD.finditer(text):
            w = m.group().lower()
            if len(w) > 2 and w not in stop and not w.isdigit():
                tf[_stem(w)] += weight
    total = max(reader.doc_count(), 1)
    scored = []
    for term, f in tf.most_common(60):
        count = df(reader, "body", term) or df(reader, "title", term)
        if count <= 1:
            continue                       # only in this article: finds nothing else
        scored.append((f * math.log(total / count), term))
    scored.sort(reverse=True)
    return [t for _, t in scored[:n]]


def _stop_words() -> frozenset:
    from whoosh.analysis import STOP_WORDS
    return STOP_WORDS


def _bits(mask: int) -> list[int]:
    from index.whoosh_engine.cache import ids_from_mask
    return ids_from_mask(mask)
