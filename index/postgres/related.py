"""Related articles on PostgreSQL, from the same evidence as the Whoosh backend, each result
saying which gave it (index/whoosh_engine/related.py has the rules):

- "editor": the links of the page's related block, in page order, resolved to indexed
  articles where possible and listed from what the page showed otherwise;
- "backlink": indexed articles whose related block links here (GIN index on `links`);
- "similar": the article's key words run as an OR query, boosted by shared facet values.

Key words are the article's own lexemes (its tsvector: title counted three times, summary
twice, body once, tags not at all), weighted by tf x idf where the idf comes from the lexeme
frequencies ANALYZE keeps for the tsvector column (pg_stats' most common elements: no scan;
a lexeme missing there is rarer than every listed one). Similar candidates are the matches
with key words in their title, then in their title, tags or summary, ordered by the rank of
those (the small head tsvector), then ranked on their full tsvector, as in search.
"""

from __future__ import annotations

import math
from typing import Any

import psycopg

from pipeline.core.errors import HubindexError

from index.postgres.migrations import titles
from index.postgres.search import NORMALIZATION, WEIGHTS, filter_sql, hit_from_record, read_record
from index.refs import url_variants
from index.types import MAX_LIMIT, Filters, Hit

KEY_TERMS = 8          # lexemes of the article used to find similar ones
CANDIDATES = 150       # similar candidates ranked on their whole tsvector
PER_RESULT = 3         # similar articles fetched per result wanted, before re-ranking
BACKLINK_BONUS = 0.6
FACET_BONUS = 0.15
TF_WEIGHT = {"A": 3, "C": 2, "D": 1}     # title, summary, body; tags (B) are rewarded by FACET_BONUS

def lexeme_frequencies(conn: psycopg.Connection) -> tuple[dict[str, float], float]:
    """lexeme -> share of articles holding it (ANALYZE's sample), and the smallest share listed
    (every lexeme counts alike when the table was never analysed)."""
    row = conn.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                       "WHERE tablename = 'hub_search' AND attname = 'tsv' AND schemaname = current_schema()"
                       ).fetchone()
    if not row or not row[0]:
        return {}, 0.02
    freqs = {lex: float(f) for lex, f in zip(row[0], row[1])}
    return freqs, min(freqs.values())


def key_lexemes(conn: psycopg.Connection, doc: int, stats: tuple[dict[str, float], float],
                n: int = KEY_TERMS) -> list[str]:
    """The article's most characteristic lexemes (tf x idf); `stats` from lexeme_frequencies."""
    rows = conn.execute("SELECT lexeme, weights::text[] FROM hub_search, unnest(tsv) WHERE doc = %s "
                        "AND length(lexeme) > 2 AND lexeme !~ '^[0-9]+$'", (doc,)).fetchall()
    freqs, floor = stats
    scored = []
    for lexeme, weights in rows:
        tf = sum(TF_WEIGHT.get(w, 0) for w in weights)
        if not tf:
            continue
        share = freqs.get(lexeme, floor / 2)
        if share >= 0.5:
            continue                       # in half the articles: says nothing about this one
        scored.append((tf * math.log(1 / share), lexeme))
    scored.sort(reverse=True)
    return [lex for _, lex in scored[:n]]


def related(conn: psycopg.Connection, doc: int, record: dict[str, Any], filters: Filters, limit: int,
            stats: tuple[dict[str, float], float]) -> list[Hit]:
    """Related articles of the article `doc` (never itself, never twice); `stats` from
    lexeme_frequencies."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    fsql, fparams = filter_sql(filters)
    own_url = record["url"]
    back = {d for (d,) in conn.execute("SELECT doc FROM hub_articles WHERE links && %s::text[] AND doc <> %s",
                                       (url_variants(own_url), doc)).fetchall()}

    # editors' links, resolved to indexed articles through any variant of their URL
    links = [link for link in record.get("related", []) if link.get("url")]
    variants = {link["url"]: _variants(link["url"]) for link in links}
    found = {}
    if links:
        every = sorted({v for vs in variants.values() for v in vs})
        found = {url: (d, read_record(rec)) for d, url, rec in conn.execute(
            "SELECT doc, url, record FROM hub_articles WHERE url = ANY(%s)", (every,)).fetchall()}
    targets = {d for d, _ in found.values()}
    allowed = _passing(conn, targets | back, fsql, fparams)

    out: list[Hit] = []
    seen_urls, seen_docs = {own_url}, {doc}
    for link in links:
        url = link["url"]
        if url in seen_urls:
            continue
        target = next((found[v] for v in variants[url] if v in found), None)
        if target is not None:
            d, rec = target
            if d in seen_docs or d not in allowed:
                continue
            hit = hit_from_record(rec)
            seen_docs.add(d)
        else:
            if not filters.only_facets or not filters.matches(link.get("tags", [])):
                continue          # not indexed: only facet filters can be checked, from the link's tags
            d = None
            hit = Hit(url=url, title=link.get("title", ""), author=[], published=link.get("published"),
                      updated=None, summary="", tags=link.get("tags", []), indexed=False)
        seen_urls.update((url, hit.url))
        hit.reason = "editor"
        hit.reasons = ["editor"] + (["backlink"] if d is not None and d in back else [])
        out.append(hit)
    if len(out) >= limit:
        return out[:limit]

    # similar articles and backlinks, by a combined score
    want = (limit - len(out)) * PER_RESULT + len(seen_docs)
    similar: dict[int, float] = {}
    lexemes = key_lexemes(conn, doc, stats)
    if lexemes:
        query = " | ".join("'" + lex.replace("'", "''") + "'" for lex in lexemes)
        found: list[int] = []
        for where in (titles("s."), "s.head"):     # key words in the title first, then in title, tags or summary
            rows = conn.execute(
                f"SELECT s.doc FROM hub_search s WHERE {where} @@ %s::tsquery AND s.doc <> %s{fsql} "
                f"AND NOT s.doc = ANY(%s) ORDER BY ts_rank(s.head, %s::tsquery) DESC, s.doc DESC LIMIT %s",
                [query, doc, *fparams, found, query, max(CANDIDATES, want) - len(found)]).fetchall()
            found += [d for (d,) in rows]
            if len(found) >= max(CANDIDATES, want):
                break
        rows = conn.execute(f"SELECT s.doc, ts_rank(%s::float4[], s.tsv, %s::tsquery, {NORMALIZATION}) AS score "
                            f"FROM hub_search s WHERE s.doc = ANY(%s) ORDER BY score DESC, s.doc DESC LIMIT %s",
                            [WEIGHTS, query, found, want]).fetchall() if found else []
        similar = {d: float(sc) for d, sc in rows if d not in seen_docs}
    best = max(similar.values(), default=0.0) or 1.0
    candidates = set(similar) | {d for d in back & allowed if d not in seen_docs}
    if not candidates:
        return out
    own_facets = [f"{t['facet']}:{t['slug']}" for t in record.get("tags", [])]
    rows = conn.execute("SELECT s.doc, s.published, cardinality(ARRAY(SELECT unnest(s.facets) INTERSECT "
                        "SELECT unnest(%s::text[]))), a.record FROM hub_search s JOIN hub_articles a "
                        "ON a.doc = s.doc WHERE s.doc = ANY(%s)", (own_facets, list(candidates))).fetchall()
    scored = []
    for d, published, shared, rec in rows:
        is_back = d in back
        score = similar.get(d, 0.0) / best + (BACKLINK_BONUS if is_back else 0.0) + FACET_BONUS * shared
        reasons = (["backlink"] if is_back else []) + (["similar"] if d in similar else [])
        scored.append((round(score, 9), published.timestamp() if published else 0.0, d, reasons, rec))
    scored.sort(key=lambda s: s[:3], reverse=True)
    for score, _, d, reasons, rec in scored:
        if len(out) >= limit:
            break
        hit = hit_from_record(read_record(rec), score)
        if hit.url in seen_urls:
            continue
        seen_urls.add(hit.url)
        hit.reason = reasons[0]
        hit.reasons = reasons
        out.append(hit)
    return out


def _variants(url: str) -> list[str]:
    try:
        return url_variants(url)
    except ValueError:
        return [url]


def _passing(conn: psycopg.Connection, docs: set[int], fsql: str, fparams: list[Any]) -> set[int]:
    """The articles among `docs` that pass the filters."""
    if not docs:
        return set()
    if not fsql:
        return set(docs)
    return {d for (d,) in conn.execute(f"SELECT s.doc FROM hub_search s WHERE s.doc = ANY(%s){fsql}",
                                       [list(docs), *fparams]).fetchall()}
