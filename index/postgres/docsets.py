"""Sets of articles as bitmasks, kept per generation: totals and facet counts without a scan.

Why: a search's total and facet counts are a GROUP BY over every match, and a word in a third
of the articles makes that a bitmap heap scan over most of hub_search, on every search that has
the word. The same sets recur from search to search (a search box repeats its words; a hub has
few facet values), so here a set of articles is a Python int used as a bitmask (bit i = the
article numbered `base + i`): the set of a word or phrase is read from the database once (one
GIN index scan) and kept; a query's set is the AND (or the OR) of its parts' sets; a facet
value's count is `(matches & value).bit_count()`, microseconds at 50,000 articles.

Everything here belongs to one generation (hub_meta.generation, bumped by every commit and
rebuild): the index drops its DocSets when it sees a new generation, so a search after a commit
never counts from stale sets. Bounded: at most SETS_KEPT sets of words, phrases and filters in
KEPT_BYTES, and no sets at all (SqlCounts, below) where the article numbers span more than
MAX_SPAN or the facet values' sets would take more than FACET_BYTES (a very large index).

Reading a generation's sets is one pass over hub_search (about 0.1 s at 50,000 articles), worth
it only to a process that searches again before the next commit: until they are read (the index
reads them in the background once a generation is searched twice), SqlCounts answers the same
questions in SQL, as a GROUP BY of the matches' facet-set numbers.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any, Callable

import psycopg

from index.postgres.search import filter_sql
from index.types import Filters

SETS_KEPT = 2048          # word, phrase and filter sets kept per generation (each at most articles / 8 bytes)
KEPT_BYTES = 64 << 20     # ... and at most this many bytes of them
MAX_SPAN = 4_000_000      # article numbers a generation's sets may span (a set: up to 500 kB)
FACET_BYTES = 128 << 20   # the facet values' sets together, at most
FEW = 4096                # a set this small is listed and sorted; a bigger one is found walking the order

_ONE_LEXEME = re.compile(r"'(?:[^']|'')*'")       # a tsquery of one lexeme
_BITS = [tuple(i for i in range(8) if b >> i & 1) for b in range(256)]     # byte -> its set bits


def mask_from_docs(docs: list[int] | None, base: int) -> int:
    """The bitmask of article numbers `docs` (bit d - base)."""
    if not docs:
        return 0
    bits = bytearray(((max(docs) - base) >> 3) + 1)
    for d in docs:
        i = d - base
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


def docs_from_mask(mask: int, base: int) -> list[int]:
    """The article numbers of the set bits of `mask`, ascending."""
    out: list[int] = []
    if mask <= 0:
        return out
    for i, b in enumerate(mask.to_bytes((mask.bit_length() + 7) >> 3, "little")):
        if b:
            start = base + (i << 3)
            out.extend(start + k for k in _BITS[b])
    return out


def _size(mask: int) -> int:
    return (mask.bit_length() + 7) >> 3


def split_top(query: str, op: str) -> list[str]:
    """The operands of `query` (tsquery text) joined at its top level by `op` ("&" or "|"), or
    [query] when its top level has any other operator (then it is one part, read as a whole)."""
    parts, depth, start, quoted, i = [], 0, 0, False, 0
    while i < len(query):
        ch = query[i]
        if quoted:
            if ch == "'" and query[i + 1:i + 2] == "'":
                i += 1                       # '' inside a quoted lexeme
            elif ch == "'":
                quoted = False
        elif ch == "'":
            quoted = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch in "&|!<":
            if ch != op:
                return [query]
            parts.append(query[start:i].strip())
            start = i + 1
        i += 1
    parts.append(query[start:].strip())
    return [p for p in parts if p] or [query]


class DocSets:
    """The sets of one generation: every article, each facet value's articles, the articles
    newest first, and (filled on demand, bounded) the sets of query parts and of filters other
    than facets."""

    def __init__(self, generation: int, base: int, live: int, facets: dict[str, int], order: list[int]) -> None:
        self.generation = generation
        self.base = base
        self.live = live
        self.facets = facets               # "facet:slug" -> its articles
        self.order = order                 # article numbers, newest first (undated last), as search orders them
        self._place = {d: i for i, d in enumerate(order)}
        self._kept: OrderedDict[tuple, int] = OrderedDict()
        self._kept_bytes = 0
        self._lock = threading.Lock()      # API servers search from several threads

    @classmethod
    def load(cls, conn: psycopg.Connection, generation: int, max_span: int = MAX_SPAN,
             facet_bytes: int = FACET_BYTES) -> "DocSets | None":
        """Read every article's number and facet set, newest first, in the caller's snapshot
        (one pass over hub_search in the order of its (published, doc) index); None when the
        index is too large for sets (article numbers spanning more than `max_span`, facet
        values' sets larger than `facet_bytes` together)."""
        low, high = conn.execute("SELECT min(doc), max(doc) FROM hub_search").fetchone()
        span = (high - low + 1) if low is not None else 0
        values = conn.execute("SELECT count(*) FROM hub_facets").fetchone()[0]
        if span > max_span or (values + 1) * (span // 8 + 1) > facet_bytes:
            return None
        docs, combos = conn.execute(
            "SELECT array_agg(doc), array_agg(combo) FROM (SELECT doc, combo FROM hub_search "
            "ORDER BY published DESC NULLS LAST, doc DESC) x").fetchone()
        docs, combos = docs or [], combos or []
        base = min(docs, default=0)
        by_combo: dict[int, list[int]] = {}
        for d, c in zip(docs, combos):
            found = by_combo.get(c)
            if found is None:
                by_combo[c] = [d]
            else:
                found.append(d)
        values = dict(conn.execute("SELECT id, facets FROM hub_combos WHERE id = ANY(%s)",
                                   (list(by_combo),)).fetchall())
        facets: dict[str, int] = {}
        for c, found in by_combo.items():
            mask = mask_from_docs(found, base)
            for tok in values[c]:
                facets[tok] = facets.get(tok, 0) | mask
        return cls(generation, base, mask_from_docs(docs, base), facets, docs)

    def newest_of(self, mask: int, skip: set[int], n: int, few: int = FEW) -> list[int]:
        """Up to `n` articles of `mask` that are not in `skip`, newest first (the search order
        `published DESC NULLS LAST, doc DESC`): a set of at most `few` is listed and sorted,
        a bigger one found by walking the articles in that order until `n` are found."""
        if mask.bit_count() <= few:
            docs = sorted((d for d in docs_from_mask(mask, self.base) if d not in skip), key=self._place.__getitem__)
            return docs[:n]
        bits = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
        size, base, out = len(bits), self.base, []
        for d in self.order:
            i = d - base
            if (i >> 3) < size and bits[i >> 3] >> (i & 7) & 1 and d not in skip:
                out.append(d)
                if len(out) >= n:
                    break
        return out

    # ---------------------------------------------------------------- sets read on demand

    def _kept_set(self, key: tuple, conn: psycopg.Connection, sql: str, params: list[Any]) -> int:
        with self._lock:
            mask = self._kept.get(key)
            if mask is not None:
                self._kept.move_to_end(key)
                return mask
        docs = conn.execute(f"SELECT array_agg(s.doc) FROM hub_search s WHERE {sql}", params).fetchone()[0]
        mask = mask_from_docs(docs, self.base)
        with self._lock:
            if key not in self._kept:
                self._kept[key] = mask
                self._kept_bytes += _size(mask)
            while len(self._kept) > SETS_KEPT or self._kept_bytes > KEPT_BYTES:
                self._kept_bytes -= _size(self._kept.popitem(last=False)[1])
        return mask

    def matching(self, conn: psycopg.Connection, query: str) -> int:
        """The articles matching `query` (tsquery text): the AND, or the OR, of the sets of its
        top-level parts (each a word, a phrase or a group, read once); a query of another shape
        is one part."""
        op, parts = "&", split_top(query, "&")
        if len(parts) == 1:
            op, parts = "|", split_top(query, "|")
        masks = [self._kept_set(("q", part), conn, "s.tsv @@ %s::tsquery", [part]) for part in parts]
        out = masks[0]
        for m in masks[1:]:
            out = out & m if op == "&" else out | m
        return out

    def passing(self, conn: psycopg.Connection, filters: Filters) -> int:
        """The articles that pass `filters`: facet values (OR within a facet, AND across) from the
        facet sets; authors, site and dates from a set read once per distinct filter."""
        out = self.live
        for facet, slugs in filters.facets.items():
            if slugs:
                either = 0
                for slug in slugs:
                    either |= self.facets.get(f"{facet}:{slug}", 0)
                out &= either
        if not filters.only_facets:
            sql, params = filter_sql(Filters(authors=filters.authors, since=filters.since, until=filters.until,
                                             site=filters.site))
            out &= self._kept_set(("f", sql, repr(params)), conn, "true" + sql, params)
        return out

    def count(self, conn: psycopg.Connection, query: str | None, filters: Filters,
              with_facets: bool) -> tuple[int, dict[str, int]]:
        """How many articles match `query` (None: every article) and pass `filters`, and how many
        of those carry each facet value ("facet:slug" -> count, zeros left out)."""
        mask = self.passing(conn, filters)
        if query is not None:
            mask &= self.matching(conn, query)
        return self.counts(mask, with_facets)

    def articles(self, conn: psycopg.Connection) -> int:
        """How many articles the index holds."""
        return self.live.bit_count()

    def frequency(self, conn: psycopg.Connection, query: str) -> int:
        """How many articles match `query` (no filter)."""
        return self.matching(conn, query).bit_count()

    def newest(self, conn: psycopg.Connection, query: str, filters: Filters, skip: set[int], n: int) -> list[int]:
        """Up to `n` articles matching `query` and passing `filters`, not in `skip`, newest first."""
        return self.newest_of(self.matching(conn, query) & self.passing(conn, filters), skip, n)

    def counts(self, mask: int, with_facets: bool) -> tuple[int, dict[str, int]]:
        """How many articles `mask` holds, and (`with_facets`) how many of them carry each facet
        value ("facet:slug" -> count, zeros left out)."""
        total = mask.bit_count()
        if not with_facets or not total:
            return total, {}
        return total, {tok: n for tok, m in self.facets.items() if (n := (mask & m).bit_count())}


class SqlCounts:
    """DocSets' questions answered in SQL (for a generation whose sets are not read yet): counts
    as one GROUP BY of the matches' facet-set numbers, expanded through `combos` (number -> facet
    values; numbers never change, so the index keeps one dict for good)."""

    def __init__(self, combos: dict[int, list[str]],
                 shares: Callable[[], dict[str, float]] | None = None) -> None:
        self.combos = combos
        self.shares = shares         # lexeme -> share of articles, from ANALYZE (related.lexeme_frequencies)
        self._articles: int | None = None

    def count(self, conn: psycopg.Connection, query: str | None, filters: Filters,
              with_facets: bool) -> tuple[int, dict[str, int]]:
        fsql, params = filter_sql(filters)
        where, params = (("s.tsv @@ %s::tsquery" + fsql, [query, *params]) if query is not None
                         else ("true" + fsql, params))
        if not with_facets:
            return conn.execute(f"SELECT count(*) FROM hub_search s WHERE {where}", params).fetchone()[0], {}
        rows = conn.execute(f"SELECT s.combo, count(*) FROM hub_search s WHERE {where} GROUP BY s.combo",
                            params).fetchall()
        missing = [c for c, _ in rows if c not in self.combos]
        if missing:
            self.combos.update(conn.execute("SELECT id, facets FROM hub_combos WHERE id = ANY(%s)",
                                            (missing,)).fetchall())
        counts: dict[str, int] = {}
        for combo, n in rows:
            for tok in self.combos[combo]:
                counts[tok] = counts.get(tok, 0) + n
        return sum(n for _, n in rows), counts

    def articles(self, conn: psycopg.Connection) -> int:
        if self._articles is None:       # one SqlCounts serves one search
            self._articles = conn.execute("SELECT count(*) FROM hub_search").fetchone()[0]
        return self._articles

    def frequency(self, conn: psycopg.Connection, query: str) -> int:
        """How many articles match `query`; for one word, estimated from the server's statistics
        when the table has been analysed (a word they do not list is rarer than any they do):
        counting a common word's matches reads thousands of rows, and only whether a word is
        in more than half of the articles is asked (querytext.needed)."""
        shares = self.shares() if self.shares is not None else {}
        if shares and _ONE_LEXEME.fullmatch(query):
            lexeme = query[1:-1].replace("''", "'")
            return round(shares.get(lexeme, 0.0) * self.articles(conn))
        return conn.execute("SELECT count(*) FROM hub_search s WHERE s.tsv @@ %s::tsquery", [query]).fetchone()[0]

    def newest(self, conn: psycopg.Connection, query: str, filters: Filters, skip: set[int], n: int) -> list[int]:
        fsql, params = filter_sql(filters)
        rows = conn.execute(f"SELECT s.doc FROM hub_search s WHERE s.tsv @@ %s::tsquery{fsql} AND NOT s.doc = ANY(%s) "
                            f"ORDER BY s.published DESC NULLS LAST, s.doc DESC LIMIT %s",
                            [query, *params, list(skip), n]).fetchall()
        return [d for (d,) in rows]
