"""Full-text search on PostgreSQL: query text, filters, facet counts, ranking, highlights.

How a search runs:
1. the query text goes through the shared rules (index/querytext.py) and becomes tsqueries
   built from the lexemes of its words (analysis.py, as the stored tsvectors are), never parsed
   as tsquery syntax, so no input can be a syntax error: the AND of the required words and
   phrases, the OR of every word for the fallback when nothing has them all ("matched": "any")
   and for ranking;
2. the matching rows of the narrow hub_search table (GIN index on the weighted tsvector, and
   the filters) are read once: their number and their facet values' counts;
3. ranking reads a bounded candidate set: the matches whose title, tags and summary (the small
   `head` tsvector, kept in the row) rank best, then the full weighted tsvector of those
   candidates only is ranked (ts_rank reading every match's whole tsvector is what makes the
   plain approach slow). A match in the body alone ranks below any match in the head unless
   there are fewer head matches than candidates; recency breaks ties;
4. hits come from hub_articles with ts_headline snippets marked [[like this]].
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any, Iterable, Mapping

import psycopg

from pipeline.core.errors import HubindexError
from pipeline.core.fields import BY_NAME, SEARCHED

from index.postgres.analysis import TOKEN, Analyzer, quote, words as tokens
from index.postgres.migrations import TS_CONFIG
from index.querytext import Synonyms, grouped, units
from index.types import EXTRA_SHOWN, MAX_LIMIT, MAX_PAGE, SORTS, Filters, Hit

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
    """The tsqueries of one query text (as tsquery text; None when nothing searchable is left)."""

    __slots__ = ("match", "any", "rank")

    def __init__(self, match: str | None, any_: str | None, rank: str | None) -> None:
        self.match, self.any, self.rank = match, any_, rank


def parse(conn: psycopg.Connection, analyzer: Analyzer, text: str,
          synonyms: Mapping[str, Iterable[str]] | None = None) -> ParsedQuery:
    """`text` (cleaned) -> the AND of its required concepts (each the OR of its alternatives:
    the word or phrase, then its synonyms), the OR of every lexeme (fallback and ranking). The
    concepts are read by the rules both backends share (index/querytext.py: units, grouped), and
    the tsqueries built from lexemes, never parsed as tsquery syntax."""
    table = synonyms or {}
    analyzer.learn(conn, {w for part in (text, *table, *(v for vs in table.values() for v in vs)) for w in tokens(part)})
    def analyze(part: str) -> list[str]:      # one-letter words are not searched, as with Whoosh
        return analyzer.kept([w for w in tokens(part) if len(w) >= MIN_WORD])

    found = grouped(units(text, analyze), Synonyms(table, analyze) if table else None)
    required = [_either([_alternative(a) for a in alternatives]) for _, alternatives, needed in found if needed]
    every = dict.fromkeys(quote(lex) for _, alternatives, _ in found for a in alternatives for lex in a)
    any_q = " | ".join(every) or None
    match = " & ".join(dict.fromkeys(required)) or any_q
    # ts_headline reads the stored text with the server's parser, which does not fold accents:
    # the highlight query also has each accented word's own lexeme ("résumé" beside "resum").
    # ts_rank divides an OR query's score by its number of items, the same for every article,
    # so these extra lexemes change no order.
    accented = [w for w in TOKEN.findall(text.lower()) if not w.isascii()]
    if accented and any_q:
        analyzer.learn(conn, accented)
        extra = [q for q in (quote(s) for s in map(analyzer.stems.get, accented) if s) if q not in every]
        return ParsedQuery(match, any_q, " | ".join([*every, *dict.fromkeys(extra)]))
    return ParsedQuery(match, any_q, any_q)


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


def check_page(limit: int, page: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    if not 1 <= page <= MAX_PAGE:
        raise HubindexError(f"--page must be between 1 and {MAX_PAGE}")
    if sort not in SORTS:
        raise HubindexError(f"--sort must be one of {', '.join(SORTS)}")


def count_and_facets(conn: psycopg.Connection, where: str, params: list[Any], with_facets: bool,
                     combos: dict[int, list[str]]) -> tuple[int, dict[str, dict[str, int]]]:
    """How many rows of hub_search pass `where`, and the count of each facet value among them:
    one GROUP BY of the rows' facet-set numbers, expanded through `combos` (number -> facet
    values, filled from hub_combos as new numbers appear)."""
    if not with_facets:
        return conn.execute(f"SELECT count(*) FROM hub_search s WHERE {where}", params).fetchone()[0], {}
    rows = conn.execute(f"SELECT s.combo, count(*) FROM hub_search s WHERE {where} GROUP BY s.combo",
                        params).fetchall()
    missing = [c for c, _ in rows if c not in combos]
    if missing:
        combos.update(conn.execute("SELECT id, facets FROM hub_combos WHERE id = ANY(%s)", (missing,)).fetchall())
    counts: dict[str, int] = {}
    for combo, n in rows:
        for tok in combos[combo]:
            counts[tok] = counts.get(tok, 0) + n
    return sum(n for _, n in rows), facet_dict(counts.items())


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


def search(conn: psycopg.Connection, parsed: ParsedQuery | None, filters: Filters, limit: int, page: int,
           sort: str, with_facets: bool, with_highlights: bool,
           combos: dict[int, list[str]], style: str = "brackets") -> tuple[int, str, list[Hit], dict]:
    """(total, matched, hits, facet counts) of one search; `parsed` None lists the filtered articles."""
    fsql, fparams = filter_sql(filters)
    matched = "all"
    query = None
    if parsed is not None and parsed.match:
        query = parsed.match
        total, facets = count_and_facets(conn, "s.tsv @@ %s::tsquery" + fsql, [query, *fparams], with_facets,
                                         combos)
        if total == 0 and parsed.any and parsed.any != parsed.match:
            total2, facets2 = count_and_facets(conn, "s.tsv @@ %s::tsquery" + fsql, [parsed.any, *fparams],
                                               with_facets, combos)
            if total2:
                query, matched, total, facets = parsed.any, "any", total2, facets2
    elif filters.is_empty:
        total = conn.execute("SELECT count(*) FROM hub_search").fetchone()[0]
        facets = facet_dict((f"{f}:{s}", n) for f, s, _, n in stored_facets(conn)) if with_facets else {}
    else:
        total, facets = count_and_facets(conn, "true" + fsql, fparams, with_facets, combos)
    skip = (page - 1) * limit
    if skip >= total:
        return total, matched, [], facets
    if query is not None and sort == "relevance":
        ranked = _ranked(conn, query, parsed.rank, fsql, fparams, skip, limit)
    elif sort in ("relevance", "newest", "oldest"):
        order = "ASC" if sort == "oldest" else "DESC"
        where = ("s.tsv @@ %s::tsquery" if query else "true") + fsql
        rows = conn.execute(f"SELECT s.doc FROM hub_search s WHERE {where} "
                            f"ORDER BY s.published {order} NULLS LAST, s.doc {order} OFFSET %s LIMIT %s",
                            ([query] if query else []) + fparams + [skip, limit]).fetchall()
        ranked = [(d, None) for (d,) in rows]
    else:
        ranked = _by_field(conn, query, sort, fsql, fparams, skip, limit)
    hits = fetch_hits(conn, ranked, parsed.rank if (query and with_highlights) else None, style)
    return total, matched, hits, facets


def _ranked(conn: psycopg.Connection, query: str, rank_q: str | None, fsql: str, fparams: list[Any],
            skip: int, limit: int) -> list[tuple[int, float]]:
    """A page of the best matches: a bounded candidate set ranked on the full tsvector.

    Candidates come in tiers, each read through a GIN index and only while fewer than
    CANDIDATES are found: the matches with every query word in the title, then in the title,
    tags or summary (both ordered by ts_rank of the small head tsvector, kept in the row), then
    the rest, newest first. Ranking every match instead reads each match's whole tsvector."""
    rank_q = rank_q or query
    want = max(CANDIDATES, skip + limit)
    tiers = (("s.head @@ %s::tsquery", in_titles(query), True), ("s.head @@ %s::tsquery", query, True),
             ("s.tsv @@ %s::tsquery", query, False))
    found: list[int] = []
    for where, q, by_rank in tiers:
        order = "ts_rank(s.head, %s::tsquery) DESC, " if by_rank else ""
        rows = conn.execute(
            f"SELECT s.doc FROM hub_search s WHERE {where}{fsql} AND NOT s.doc = ANY(%s) "
            f"ORDER BY {order}s.published DESC NULLS LAST, s.doc DESC LIMIT %s",
            [q, *fparams, found, *([rank_q] if by_rank else []), want - len(found)]).fetchall()
        found += [d for (d,) in rows]
        if len(found) >= want:
            break
    if not found:
        return []
    rows = conn.execute(f"""
        SELECT s.doc, ts_rank(%s::float4[], s.tsv, %s::tsquery, {NORMALIZATION}) AS score
        FROM hub_search s WHERE s.doc = ANY(%s)
        ORDER BY score DESC, s.published DESC NULLS LAST, s.doc DESC OFFSET %s LIMIT %s""",
                        [WEIGHTS, rank_q, found, skip, limit]).fetchall()
    return [(d, float(score)) for d, score in rows]


_LEXEME = re.compile(r"'(?:[^']|'')*'")


def in_titles(query: str) -> str:
    """`query` with every lexeme restricted to the title (weight A)."""
    return _LEXEME.sub(lambda m: m.group() + ":A", query)


def _by_field(conn: psycopg.Connection, query: str | None, sort: str, fsql: str, fparams: list[Any],
              skip: int, limit: int) -> list[tuple[int, None]]:
    """A page ordered by a declared sortable field (`name` ascending, `-name` descending);
    articles without a value come last."""
    name = sort.lstrip("-")
    cast = "timestamptz" if BY_NAME[name].kind == "datetime" else "bigint"
    order = "DESC" if sort.startswith("-") else "ASC"
    where = ("s.tsv @@ %s::tsquery" if query else "true") + fsql
    rows = conn.execute(f"SELECT s.doc FROM hub_search s JOIN hub_articles a ON a.doc = s.doc WHERE {where} "
                        f"ORDER BY (a.record->>%s)::{cast} {order} NULLS LAST, s.doc OFFSET %s LIMIT %s",
                        ([query] if query else []) + fparams + [name, skip, limit]).fetchall()
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
