"""The PostgreSQL backend of the `Index` protocol (index/interface.py).

For deployments beyond one machine: any number of crawl processes write and any number of API
servers read one database. An open index holds a bounded psycopg pool; each method borrows a
connection for one transaction. Reads run REPEATABLE READ, so one search or related lookup sees
one committed state from start to end; writes run READ COMMITTED, so writers on other machines
only wait for each other on the rows (and counters) they share.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import psycopg
from psycopg import IsolationLevel
from psycopg_pool import PoolClosed

from pipeline.core.config import redact_url
from pipeline.core.errors import HubindexError, StoreError
from pipeline.core.models import Article

from index.postgres import migrations, related as _related, suggest as _suggest, write
from index.postgres.analysis import Analyzer
from index.postgres.connect import describe, open_pool
from index.postgres.rows import article_from_row
from index.postgres.docsets import DocSets, SqlCounts
from index.postgres.search import (ParsedQuery, filter_sql, parse, read_record, search as _search,
                                   stored_facets)
from index.querytext import clean_text, nothing_to_search
from index.refs import is_article_id, looks_like_url, url_variants
from index.types import (MAX_QUERY_CHARS, Filters, Hit, IndexStats, SearchResult, article_view,
                         check_filter_values, check_search_args)

PARSED_ENTRIES = 4096      # parsed queries remembered per open index (a search box repeats itself)
SCAN_BATCH = 500           # rows a scan fetches per round trip
STATS_SECONDS = 300.0      # how long lexeme frequencies read from pg_stats are kept


def _table_key(synonyms) -> tuple:
    """A synonyms table as a hashable value (parsed queries are remembered per table)."""
    if not synonyms:
        return ()
    return tuple(sorted((k, tuple(v) if not isinstance(v, str) else (v,)) for k, v in synonyms.items()))


class PostgresIndex:
    """The hubindex tables in the database at `url` (see migrations.py)."""

    def __init__(self, url: str, pool_size: int = 4, rebuilding: bool = False,
                 sets_in_background: bool = True) -> None:
        self.url = url

        def check(conn: psycopg.Connection) -> None:
            migrations.check(conn, redact_url(url))
            if not rebuilding:         # a rebuild is what brings the words up to date
                migrations.check_analysis(conn, redact_url(url))

        self.pool = open_pool(url, pool_size, check=check)
        self.analyzer = Analyzer()      # stems remembered for this index's writes and queries
        # The article sets (docsets.py) of the newest generation read; they are read once a
        # generation is searched a second time (a one-off command never pays for them), in a
        # thread of their own unless `sets_in_background` is false; until then SQL counts.
        self._sets: DocSets | None = None
        self._combos: dict[int, list[str]] = {}   # facet-set number -> facet values, for SqlCounts
        self._searched: int | None = None         # the generation searched last
        self._sites: tuple[int, set[str]] | None = None   # (generation, the sites with articles)
        self._no_sets: int | None = None          # a generation too large for sets (DocSets.load)
        self._loader: threading.Thread | None = None
        self._sets_lock = threading.Lock()
        self._background = sets_in_background
        self._closed = False
        self._parsed: OrderedDict[str, ParsedQuery | None] = OrderedDict()
        self._trigram: bool | None = None
        self._lexemes: tuple[float, tuple[dict[str, float], float]] | None = None
        self._common_lexemes: tuple[object, set[str]] | None = None

    @classmethod
    def open(cls, url: str, create: bool = False, pool_size: int = 4, rebuilding: bool = False,
             sets_in_background: bool = True) -> "PostgresIndex":
        """Open the index in the database at `url`; the schema must be current (`run.py
        migrate`), and its words analysed as this version analyses them (`run.py reindex`)
        unless `rebuilding`. `create` is accepted for the protocol's sake: a database's schema
        is made by `migrate`, never as a side effect of opening it."""
        try:
            return cls(url, pool_size, rebuilding, sets_in_background)
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL at {redact_url(url)}: {describe(exc, url)}") from None

    @property
    def location(self) -> Path:
        return Path(redact_url(self.url))

    # ---------------------------------------------------------------- connections

    @contextmanager
    def _read(self) -> Iterator[psycopg.Connection]:
        with self._errors(), self.pool.connection() as conn:
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            try:
                yield conn
            finally:
                conn.rollback()
                conn.read_only = False
                conn.isolation_level = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except HubindexError:
            raise
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL at {redact_url(self.url)}: {describe(exc, self.url)}") from None

    # ---------------------------------------------------------------- writing

    def upsert(self, articles: Iterable[Article]) -> int:
        with self._errors():
            return write.upsert(self.pool, self.analyzer, articles)

    def delete(self, urls: Iterable[str]) -> int:
        with self._errors():
            return write.delete(self.pool, urls)

    def rebuild(self, articles: Iterable[Article], connections: int = 2) -> int:
        """Replace every article by `articles`, switched to atomically (write.rebuild)."""
        with self._errors():
            return write.rebuild(self.pool, self.analyzer, articles, connections=connections)

    # ---------------------------------------------------------------- reading

    def _resolve(self, conn: psycopg.Connection, ref: str) -> tuple[int, dict, str] | None:
        """(doc, record, body) of the article at `ref` (a URL variant or an id), or None."""
        ref = ref.strip()
        if not ref:
            return None
        if is_article_id(ref):
            rows = conn.execute("SELECT doc, record, body FROM hub_articles WHERE id = %s LIMIT 2",
                                (ref.lower(),)).fetchall()
            if len(rows) > 1:
                raise HubindexError(f"the id {ref} names {len(rows)} articles; give the URL instead")
            if rows:
                return rows[0][0], read_record(rows[0][1]), rows[0][2]
        if not looks_like_url(ref):
            return None
        try:
            variants = url_variants(ref)
        except ValueError:
            return None
        rows = conn.execute("SELECT doc, record, body, url FROM hub_articles WHERE url = ANY(%s)",
                            (variants,)).fetchall()
        by_url = {r[3]: r for r in rows}
        for candidate in variants:
            if candidate in by_url:
                d, rec, body, _ = by_url[candidate]
                return d, read_record(rec), body
        return None

    def get(self, ref: str) -> Article | None:
        with self._read() as conn:
            found = self._resolve(conn, ref)
        return article_from_row(found[1], found[2]) if found else None

    def show(self, ref: str) -> dict[str, Any]:
        with self._read() as conn:
            found = self._resolve(conn, ref)
        if found is None:
            raise HubindexError(f"not in the index: {ref} (search for it, or crawl its site first)")
        return article_view(dict(found[1]), found[2])

    def _parse(self, conn: psycopg.Connection, text: str, synonyms=None) -> ParsedQuery | None:
        key = (text, _table_key(synonyms))
        if key in self._parsed:
            self._parsed.move_to_end(key)
            return self._parsed[key]
        parsed = parse(conn, self.analyzer, text, synonyms)
        value = parsed if parsed.match else None
        self._parsed[key] = value
        if len(self._parsed) > PARSED_ENTRIES:
            self._parsed.popitem(last=False)
        return value

    def search(self, text: str, filters: Filters | None = None, limit: int = 10, page: int = 1,
               sort: str = "relevance", with_facets: bool = True, with_highlights: bool = True,
               with_suggestions: bool = True, synonyms=None, highlight: str = "brackets",
               correct: bool = True) -> SearchResult:
        check_search_args(limit, page, sort, highlight)
        filters = filters or Filters()
        typed = " ".join((text or "")[:MAX_QUERY_CHARS].split())
        text = clean_text(text).strip()
        corrected = None
        with self._read() as conn:
            parsed = self._parse(conn, text, synonyms) if text else None
            self._check_filters(conn, filters)
            if typed and parsed is None:
                return SearchResult(query=typed, total=0, page=page, limit=limit, hits=[], facets={}, sort=sort,
                                    message=nothing_to_search(typed))
            sets = self._counter(conn)

            def run(parsed):
                return _search(conn, parsed, filters, limit, page, sort, with_facets, with_highlights,
                               sets, highlight)

            total, all_words, hits, facets = run(parsed)
            sugg: list[str] = []
            if text and with_suggestions and not all_words:
                # "did you mean" only when no article has every word, as the Whoosh backend
                sugg = _suggest.suggestions(conn, self.analyzer, text, self._has_trigram(conn), self._common(conn))
                if sugg and total == 0 and correct:
                    fixed = self._parse(conn, clean_text(sugg[0]), synonyms)
                    if fixed is not None:
                        found = run(fixed)
                        if found[0]:
                            corrected = sugg[0]
                            total, all_words, hits, facets = found
        return SearchResult(query=typed, total=total, page=page, limit=limit, hits=hits, facets=facets,
                            matched="all" if all_words == total else "partial", suggestions=sugg, sort=sort,
                            all_words=all_words, corrected=corrected)

    def _check_filters(self, conn: psycopg.Connection, filters: Filters) -> None:
        """UnknownValue for a facet value or site no indexed article has, as the Whoosh backend."""
        if not filters.facets and not filters.site:
            return
        by_facet: dict[str, set[str]] = {}
        for facet, slug, _, _ in stored_facets(conn):
            by_facet.setdefault(facet, set()).add(slug)
        check_filter_values(filters, by_facet, self._sites_in(conn) if filters.site else set())

    def _sites_in(self, conn: psycopg.Connection) -> set[str]:
        """The sites with articles, read once per generation (a site filter on every search
        of a page would otherwise scan the site index each time)."""
        generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
        known = self._sites
        if known is None or known[0] != generation:
            known = self._sites = (generation, {site for (site,) in
                                                conn.execute("SELECT DISTINCT site FROM hub_search").fetchall()})
        return known[1]

    def counts(self, text: str, filter_sets: list[Filters], synonyms=None) -> list[int]:
        typed = (text or "")[:MAX_QUERY_CHARS].strip()
        text = clean_text(text).strip()
        out = []
        with self._read() as conn:
            parsed = self._parse(conn, text, synonyms) if text else None
            if typed and parsed is None:           # nothing searchable: the search finds nothing
                return [0] * len(filter_sets)
            sets = self._counter(conn)
            for filters in filter_sets:
                if parsed is None:
                    out.append(sets.count(conn, None, filters, False)[0])
                    continue
                out.append(sets.count(conn, parsed.some, filters, False)[0])
        return out

    def facets(self, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
        with self._read() as conn:
            if filters is not None:
                self._check_filters(conn, filters)
            rows = stored_facets(conn)
            labels = {(f, s): label for f, s, label, _ in rows}
            if filters is None or filters.is_empty:
                counts = {(f, s): n for f, s, _, n in rows}
            else:
                _, tokens = self._counter(conn).count(conn, None, filters, True)
                counts = {tuple(tok.split(":", 1)): n for tok, n in tokens.items() if ":" in tok}
        out: dict[str, list[dict[str, Any]]] = {}
        for (f, s), n in counts.items():
            out.setdefault(f, []).append({"slug": s, "label": labels.get((f, s), s), "count": n})
        return {f: sorted(v, key=lambda e: (-e["count"], e["slug"])) for f, v in sorted(out.items())}

    def _counter(self, conn: psycopg.Connection) -> DocSets | SqlCounts:
        """The article sets of the generation `conn` sees, or SqlCounts while they are not read:
        the second search of a generation has them read (docsets.py says why)."""
        generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
        sets = self._sets
        if sets is not None and sets.generation == generation:
            return sets
        with self._sets_lock:
            again, self._searched = self._searched == generation, generation
            start = again and self._loader is None and not self._closed and self._no_sets != generation
            if start and self._background:
                self._loader = threading.Thread(target=self._load_sets, name="hubindex-sets", daemon=True)
                self._loader.start()
        if start and not self._background:
            sets = self._keep(generation, DocSets.load(conn, generation))
            if sets is not None:
                return sets
        return SqlCounts(self._combos, lambda: self._stats(conn)[0])

    def _load_sets(self) -> None:
        """Read the article sets of the newest generation (in the background thread)."""
        try:
            with self._read() as conn:
                generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
                self._keep(generation, DocSets.load(conn, generation))
        except (HubindexError, PoolClosed):
            pass            # the index closed or the server went away: SQL counts, and a later search tries again
        finally:
            with self._sets_lock:
                self._loader = None

    def _keep(self, generation: int, sets: DocSets | None) -> DocSets | None:
        with self._sets_lock:
            if sets is None:
                self._no_sets = generation
            elif self._sets is None or self._sets.generation < sets.generation:
                self._sets = sets
        return sets

    def related(self, ref: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        with self._read() as conn:
            found = self._resolve(conn, ref)
            if found is None:
                raise HubindexError(f"not in the index: {ref} (search for it, or crawl its site first)")
            self._check_filters(conn, filters or Filters())
            return _related.related(conn, found[0], found[1], filters or Filters(), limit, self._stats(conn))

    def _stats(self, conn: psycopg.Connection) -> tuple[dict[str, float], float]:
        """The lexeme frequencies ANALYZE keeps (related.lexeme_frequencies), read again after
        STATS_SECONDS: they change only when the table is analysed."""
        if self._lexemes is None or time.monotonic() - self._lexemes[0] > STATS_SECONDS:
            self._lexemes = (time.monotonic(), _related.lexeme_frequencies(conn))
        return self._lexemes[1]

    def _common(self, conn: psycopg.Connection) -> set[str]:
        """Lexemes that ANALYZE's statistics put in well over RARE articles: their words are
        never corrected, so "did you mean" need not count them."""
        if self._common_lexemes is None or self._common_lexemes[0] is not self._stats(conn):
            freqs = self._stats(conn)[0]
            rows = conn.execute("SELECT reltuples FROM pg_class WHERE oid = 'hub_search'::regclass").fetchone()[0]
            floor = _suggest.MUCH_MORE * _suggest.RARE
            self._common_lexemes = (self._stats(conn), {lex for lex, f in freqs.items() if f * rows > floor})
        return self._common_lexemes[1]

    def suggestions(self, text: str) -> list[str]:
        with self._read() as conn:
            return _suggest.suggestions(conn, self.analyzer, clean_text(text), self._has_trigram(conn),
                                        self._common(conn))

    def _has_trigram(self, conn: psycopg.Connection) -> bool:
        if self._trigram is None:
            self._trigram = bool(conn.execute("SELECT trigram FROM hub_meta").fetchone()[0])
        return self._trigram

    def scan(self, filters: Filters | None = None, newest_first: bool = False) -> Iterator[Article]:
        fsql, params = filter_sql(filters or Filters())
        order = "s.published DESC NULLS LAST, s.doc DESC" if newest_first else "s.doc"
        with self._read() as conn:
            with conn.cursor(name="hubindex_scan") as cur:     # server-side: constant memory
                cur.itersize = SCAN_BATCH
                cur.execute(f"SELECT a.record, a.body FROM hub_search s JOIN hub_articles a ON a.doc = s.doc "
                            f"WHERE true{fsql} ORDER BY {order}", params)
                for record, body in cur:
                    yield article_from_row(read_record(record), body)

    def generation(self) -> str:
        with self._read() as conn:
            return self._generation(conn)

    @staticmethod
    def _generation(conn: psycopg.Connection) -> str:
        return f"pg/{conn.execute('SELECT generation FROM hub_meta').fetchone()[0]:012d}"

    def stats(self, sites: Iterable[str] = ()) -> IndexStats:
        sites = list(sites)
        with self._read() as conn:
            n = conn.execute("SELECT count(*) FROM hub_search").fetchone()[0]
            size = conn.execute("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                                "WHERE c.relkind = 'r' AND c.relname LIKE 'hub\\_%%' "
                                "AND pg_table_is_visible(c.oid)").fetchone()[0]
            per_site = dict(conn.execute("SELECT site, count(*) FROM hub_search WHERE site = ANY(%s) GROUP BY site",
                                         (sites,)).fetchall()) if sites else {}
            generation = self._generation(conn)
        return IndexStats(articles=n, generation=generation, bytes_on_disk=int(size),
                          per_site={s: per_site.get(s, 0) for s in sites})

    def close(self) -> None:
        with self._sets_lock:
            self._closed = True
            loader = self._loader
        if loader is not None:
            loader.join()
        self.pool.close()


class PostgresWriter:
    """The crawl's IndexWriter on PostgreSQL: each batch one transaction, committed when it is
    submitted (the database does the work; there is nothing to overlap in this process)."""

    def __init__(self, index: PostgresIndex) -> None:
        self.index = index
        self._done: deque[int] = deque()

    def submit(self, articles: list[Article], deletions: list[str]) -> None:
        if articles:
            self.index.upsert(articles)
        if deletions:
            self.index.delete(deletions)
        self._done.append(len(articles))

    def wait(self) -> int:
        return self._done.popleft() if self._done else 0

    def close(self) -> None:
        self.index.close()


def migrate_database(url: str) -> tuple[int, list[int]]:
    """Apply pending migrations to the database at `url`: (the version now, the versions applied)."""
    from index.postgres.connect import connect

    conn = connect(url)
    try:
        applied = migrations.migrate(conn)
        conn.commit()
        return migrations.current_version(conn), applied
    except psycopg.Error as exc:
        raise StoreError(f"migrating PostgreSQL at {redact_url(url)}: {describe(exc, url)}") from None
    finally:
        conn.close()
