"""Full-text search on PostgreSQL: query text, filters, facet counts, ranking, highlights.

How a search runs:
1. the query text goes through the shared rules (index/querytext.py) and becomes tsqueries
   built from the lexemes of its words (analysis.py, as the stored tsvectors are), never parsed
   as tsquery syntax, so no input can be a syntax error: the AND of the required words and
   phrases (with their synonyms), their OR (the result set: as with the Whoosh backend, the
   articles with every word come first, then those with some of them), and the OR of every
   word for ranking and highlights;
2. their number and their facet values' counts come from the generation's article sets
   (docsets.py: bitmasks of each word's, phrase's and facet value's articles), or, until a
   process has read those, from one GROUP BY over the matching rows of the narrow hub_search
   table (GIN index on the weighted tsvector, and the filters);
3. ranking reads a bounded candidate set: the matches with every word in the title (an index
   of the titles' words), then those whose title, tags and summary (the small `head` tsvector,
   kept in the row) rank best, then the newest; then the full weighted tsvector of those
   candidates only is ranked (ts_rank reading every match's whole tsvector is what makes the
   plain approach slow). A match in the body alone ranks below any match in the head unless
   there are fewer head matches than candidates; recency breaks ties;
4. hits come from hub_articles with ts_headline snippets marked [[like this]].
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, Protocol

import psycopg

from pipeline.core.fields import BY_NAME, SEARCHED

from index.postgres.analysis import TOKEN, Analyzer, quote, words as tokens
from index.postgres.migrations import TS_CONFIG, titles
from index.querytext import Synonyms, grouped, needed, units
from index.types import EXTRA_SHOWN, Filters, Hit

# ts_rank's weights {D, C, B, A}: body, summary, tags, title, as the declared field boosts
# (pipeline/core/fields.py) relative to the title's.
_TOP = SEARCHED["title"]
WEIGHTS = "{%s}" % ",".join(f"{SEARCHED[n] / _TOP:g}" for n in ("body", "summary", "tags", "title"))
NORMALIZATION = 1          # ts_rank divides by 1 + log(length): long bodies do not win by length alone
MIN_WORD = 2               # shorter words of a query are not searched ("c++", "A.I."), as with Whoosh
CANDIDATES = 200           # matches whose full tsvector is ranked, at least (more for deep pages)
# ts_headline marks matches with two control characters no text holds (extraction drops them),
# then the marks become [[ ]] or, with the text HTML-escaped, <mark></mark> (mark_snippet).
START, STOP = "\x02", "\x03"
HEADLINE = (f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=28, MinWords=12, ShortWord=2, "
            'FragmentDelimiter=" ... "')
HEADLINE_CHARS = 50_000    # snippets come from the start of very long texts


class ParsedQuery:
    """The tsqueries of one query text (as tsquery text; None when nothing searchable is left):
    `match` the articles with every required concept, `some` those with at least one (the
    result set), `rank` what ranking and highlights look for (every lexeme)."""

    __slots__ = ("match", "some", "rank", "required")

    def __init__(self, match: str | None, some: str | None, rank: str | None, required: tuple[str, ...] = ()) -> None:
        self.match, self.some, self.rank, self.required = match, some, rank, required

    def first_group(self, conn: psycopg.Connection, sets: Counter) -> str | None:
        """The query of the first group of results: the AND of the required concepts but those in
        more than half of the articles (querytext.needed), as the Whoosh backend reads it."""
        if len(self.required) < 2:
            return self.match
        articles = sets.articles(conn)
        return " & ".join(needed(list(self.required), articles, lambda q: sets.frequency(conn, q)))


def parse(conn: psycopg.Connection, analyzer: Analyzer, text: str,
          synonyms: Mapping[str, Iterable[str]] | None = None) -> ParsedQuery:
    """`text` (cleaned) -> the AND of its required concepts (each the OR of its alternatives:
    the word or phrase, then its synonyms), their OR, and the OR of every lexeme (ranking). The
    concepts are read by the rules both backends share (index/querytext.py: units, grouped), and
    the tsqueries built from lexemes, never parsed as tsquery syntax."""
    table = synonyms or {}
    analyzer.learn(conn, {w for part in (text, *table, *(v for vs in table.values() for v in vs)) for w in tokens(part)})
    def analyze(part: str) -> list[str]:      # one-letter words are not searched, as with Whoosh
        return analyzer.kept([w for w in tokens(part) if len(w) >= MIN_WORD])

    found = grouped(units(text, analyze), Synonyms(table, analyze) if table else None)
    required = list(dict.fromkeys(_either([_alternative(a) for a in alternatives])
                                  for _, alternatives, needed in found if needed))
    every = dict.fromkeys(quote(lex) for _, alternatives, _ in found for a in alternatives for lex in a)
    any_q = " | ".join(every) or None
    match = " & ".join(required) or any_q
    some = " | ".join(required) or any_q
    # ts_headline reads the stored text with the server's parser, which does not fold accents:
    # the highlight query also has each accented word's own lexeme ("résumé" beside "resum").
    # ts_rank divides an OR query's score by its number of items, the same for every article,
    # so these extra lexemes change no order.
    accented = [w for w in TOKEN.findall(text.lower()) if not w.isascii()]
    if accented and any_q:
        analyzer.learn(conn, accented)
        extra = [q for q in (quote(s) for s in map(analyzer.stems.get, accented) if s) if q not in every]
        return ParsedQuery(match, some, " | ".join([*every, *dict.fromkeys(extra)]), tuple(required))
    return ParsedQuery(match, some, any_q, tuple(required))


def _alternative(lexemes: tuple[str, ...]) -> str:
    return quote(lexemes[0]) if len(lexemes) == 1 else "(" + " <-> ".join(map(quote, lexemes)) + ")"


def _either(queries: list[str]) -> str:
    queries = list(dict.fromkeys(queries))
    return queries[0] if len(queries) == 1 else "(" + " | ".join(queries) + ")"


def filter_sql(filters: Filters, alias: str = "s") -> tuple[str, list[Any]]:
    """SQL conditions on hub_search rows for `filters` (" AND ..." or "") and their parameters."""
    sql, params = [], []
    for facet, slugs in sorted(filters.facets.items()):
        if slugs:
            sql.append(f"{alias}.facets && %s::text[]")
            params.append([f"{facet}:{s}" for s in slugs])
    if filters.authors:
        sql.append(f"{alias}.authors && %s::text[]")
        params.append([a.lower().strip() for a in filters.authors])
    if filters.since:
        sql.append(f"{alias}.published >= %s")
        params.append(filters.since)
    if filters.until:
        sql.append(f"{alias}.published <= %s")
        params.append(filters.until)
    if filters.site:
        sql.append(f"{alias}.site = %s")
        params.append(filters.site)
    return "".join(f" AND {c}" for c in sql), params


def facet_dict(pairs) -> dict[str, dict[str, int]]:
    """facet -> slug -> count (most first, then by slug), facets by name, from (token, count) pairs."""
    out: dict[str, dict[str, int]] = {}
    for tok, n in pairs:
        if n and ":" in tok:
            facet, slug = tok.split(":", 1)
            out.setdefault(facet, {})[slug] = n
    return {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in sorted(out.items())}


def stored_facets(conn: psycopg.Connection) -> list[tuple[str, str, str, int]]:
    return conn.execute("SELECT facet, slug, label, count FROM hub_facets WHERE count > 0").fetchall()


class Counter(Protocol):
    """Totals, facet counts and newest-first matches (docsets.py: DocSets, SqlCounts)."""

    def count(self, conn: psycopg.Connection, query: str | None, filters: Filters,
              with_facets: bool) -> tuple[int, dict[str, int]]: ...

    def newest(self, conn: psycopg.Connection, query: str, filters: Filters, skip: set[int],
               n: int) -> list[int]: ...

    def articles(self, conn: psycopg.Connection) -> int: ...

    def frequency(self, conn: psycopg.Connection, query: str) -> int: ...


def search(conn: psycopg.Connection, parsed: ParsedQuery | None, filters: Filters, limit: int, page: int,
           sort: str, with_facets: bool, with_highlights: bool,
           sets: Counter, style: str = "brackets") -> tuple[int, int, list[Hit], dict]:
    """(total, articles with every word, hits, facet counts) of one search; `parsed` None lists
    the filtered articles. As with the Whoosh backend, the results are the articles with at least
    one required word or phrase: those with every one first, then the others, each group ranked
    (or ordered by `sort`). Totals, facet counts and the newest-first candidates come from
    `sets` (docsets.py)."""
    fsql, fparams = filter_sql(filters)
    skip = (page - 1) * limit
    if parsed is None or not parsed.match:
        if filters.is_empty:
            total = conn.execute("SELECT count(*) FROM hub_search").fetchone()[0]
            facets = facet_dict((f"{f}:{s}", n) for f, s, _, n in stored_facets(conn)) if with_facets else {}
        else:
            total, counts = sets.count(conn, None, filters, with_facets)
            facets = facet_dict(counts.items())
        if skip >= total:
            return total, total, [], facets
        if sort in ("relevance", "newest", "oldest"):
            ranked = _newest(conn, None, fsql, fparams, [], skip, limit, sort == "oldest")
        else:
            ranked = _by_field(conn, None, sort, fsql, fparams, [], skip, limit)
        return total, total, fetch_hits(conn, ranked, None, style), facets
    total, counts = sets.count(conn, parsed.some, filters, with_facets)
    facets = facet_dict(counts.items())
    first = parsed.first_group(conn, sets)
    every = total if parsed.some == first else sets.count(conn, first, filters, False)[0]
    ranked: list[tuple[int, float | None]] = []
    for query, size, exclude in ((first, every, None), (parsed.some, total - every, first)):
        if not size or len(ranked) >= limit:
            continue
        if skip >= size:
            skip -= size
            continue
        # the second group: the result set less the first group, which is smaller than the
        # page's end here (else the page would be full), so it is excluded by its numbers
        others = [] if exclude is None else _docs(conn, exclude, fsql, fparams)
        want = limit - len(ranked)
        if sort == "relevance":
            ranked += _ranked(conn, query, parsed.rank, fsql, fparams, skip, want, others,
                              lambda found, n, q=query: sets.newest(conn, q, filters, found, n))
        elif sort in ("newest", "oldest"):
            ranked += _newest(conn, query, fsql, fparams, others, skip, want, sort == "oldest")
        else:
            ranked += _by_field(conn, query, sort, fsql, fparams, others, skip, want)
        skip = 0
    hits = fetch_hits(conn, ranked, parsed.rank if with_highlights else None, style)
    return total, every, hits, facets


def _docs(conn: psycopg.Connection, query: str, fsql: str, fparams: list[Any]) -> list[int]:
    return [d for (d,) in conn.execute(f"SELECT s.doc FROM hub_search s WHERE s.tsv @@ %s::tsquery{fsql}",
                                       [query, *fparams]).fetchall()]


def _newest(conn: psycopg.Connection, query: str | None, fsql: str, fparams: list[Any], others: list[int],
            skip: int, limit: int, oldest: bool = False) -> list[tuple[int, None]]:
    """A page of the matches of `query` (None: every article) not in `others`, newest (or oldest) first."""
    order = "ASC" if oldest else "DESC"
    where = ("s.tsv @@ %s::tsquery" if query else "true") + fsql + (" AND NOT s.doc = ANY(%s)" if others else "")
    rows = conn.execute(f"SELECT s.doc FROM hub_search s WHERE {where} "
                        f"ORDER BY s.published {order} NULLS LAST, s.doc {order} OFFSET %s LIMIT %s",
                        ([query] if query else []) + fparams + ([others] if others else []) + [skip, limit]).fetchall()
    return [(d, None) for (d,) in rows]


def _ranked(conn: psycopg.Connection, query: str, rank_q: str | None, fsql: str, fparams: list[Any],
            skip: int, limit: int, others: list[int],
            newest: Callable[[set[int], int], list[int]]) -> list[tuple[int, float]]:
    """A page of the best matches: a bounded candidate set ranked on the full tsvector.

    Candidates come in tiers, each only while fewer than CANDIDATES are found: the matches with
    every query word in the title, then in the title, tags or summary (both read through a GIN
    index and ordered by ts_rank of the small head tsvector, kept in the row), then the rest,
    newest first (`newest(found, n)`, docsets.py). Articles in `others` are never candidates.
    Ranking every match instead reads each match's whole tsvector."""
    rank_q = rank_q or query
    want = max(CANDIDATES, skip + limit)
    found: list[int] = []
    for where in (f"{titles('s.')} @@ %s::tsquery", "s.head @@ %s::tsquery"):
        rows = conn.execute(
            f"SELECT s.doc FROM hub_search s WHERE {where}{fsql} AND NOT s.doc = ANY(%s) "
            f"ORDER BY ts_rank(s.head, %s::tsquery) DESC, s.published DESC NULLS LAST, s.doc DESC LIMIT %s",
            [query, *fparams, found + others, rank_q, want - len(found)]).fetchall()
        found += [d for (d,) in rows]
        if len(found) >= want:
            break
    if len(found) < want:
        found += newest(set(found).union(others), want - len(found))
    if not found:
        return []
    rows = conn.execute(f"""
        SELECT s.doc, ts_rank(%s::float4[], s.tsv, %s::tsquery, {NORMALIZATION}) AS score
        FROM hub_search s WHERE s.doc = ANY(%s)
        ORDER BY score DESC, s.published DESC NULLS LAST, s.doc DESC OFFSET %s LIMIT %s""",
                        [WEIGHTS, rank_q, found, skip, limit]).fetchall()
    return [(d, float(score)) for d, score in rows]


def _by_field(conn: psycopg.Connection, query: str | None, sort: str, fsql: str, fparams: list[Any],
              others: list[int], skip: int, limit: int) -> list[tuple[int, None]]:
    """A page of the matches of `query` not in `others`, ordered by a declared sortable field
    (`name` ascending, `-name` descending); articles without a value come last."""
    name = sort.lstrip("-")
    cast = "timestamptz" if BY_NAME[name].kind == "datetime" else "bigint"
    order = "DESC" if sort.startswith("-") else "ASC"
    where = ("s.tsv @@ %s::tsquery" if query else "true") + fsql + (" AND NOT s.doc = ANY(%s)" if others else "")
    rows = conn.execute(f"SELECT s.doc FROM hub_search s JOIN hub_articles a ON a.doc = s.doc WHERE {where} "
                        f"ORDER BY (a.record->>%s)::{cast} {order} NULLS LAST, s.doc OFFSET %s LIMIT %s",
                        ([query] if query else []) + fparams + ([others] if others else []) + [name, skip, limit]
                        ).fetchall()
    return [(d, None) for (d,) in rows]


def hit_from_record(record: dict[str, Any], score: float | None = None) -> Hit:
    return Hit(url=record["url"], title=record["title"], author=record.get("author", []),
               published=record.get("published"), updated=record.get("updated"), summary=record.get("summary", ""),
               tags=record.get("tags", []), score=score, id=record["id"],
               shown={name: record.get(name, BY_NAME[name].empty()) for name in EXTRA_SHOWN})


def mark_snippet(text: str, style: str = "brackets") -> str:
    """A ts_headline fragment with its marks as [[word]] ("brackets") or, the text HTML-escaped,
    <mark>word</mark> ("html"); whitespace runs as one space."""
    text = " ".join(text.split())
    if style == "html":
        return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return text.replace(START, "[[").replace(STOP, "]]")


def fetch_hits(conn: psycopg.Connection, ranked: list[tuple[int, float | None]], highlight: str | None,
               style: str = "brackets") -> list[Hit]:
    """Hits for (doc, score) pairs in that order, with snippets around the words of `highlight`
    (a tsquery), marked in `style` (mark_snippet)."""
    if not ranked:
        return []
    docs = [d for d, _ in ranked]
    if highlight:
        rows = conn.execute(f"""
            SELECT a.doc, a.record, h.body, h.summary FROM hub_articles a,
              LATERAL (SELECT ts_headline('{TS_CONFIG}', left(a.body, {HEADLINE_CHARS}), q, %s) AS body,
                              ts_headline('{TS_CONFIG}', a.record->>'summary', q, %s) AS summary
                       FROM (SELECT %s::tsquery AS q) x) h
            WHERE a.doc = ANY(%s)""", [HEADLINE, HEADLINE, highlight, docs]).fetchall()
    else:
        rows = conn.execute("SELECT doc, record, NULL, NULL FROM hub_articles WHERE doc = ANY(%s)", [docs]).fetchall()
    by_doc = {d: (rec, body, summary) for d, rec, body, summary in rows}
    hits = []
    for d, score in ranked:
        if d not in by_doc:
            continue
        rec, body, summary = by_doc[d]
        hit = hit_from_record(rec, score)
        if highlight:
            hit.highlight = next((mark_snippet(t, style) for t in (body, summary) if t and START in t), "")
        hits.append(hit)
    return hits


def read_record(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


def iso_or_none(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
