"""Writing articles: batch upserts and deletions, and the bulk rebuild.

A batch is copied (COPY) into a temporary staging table, tsvectors included (analysis.py), and
goes into the tables by a few set statements. Each commit keeps
the facet counts and the vocabulary's word counts (hub_facets, hub_words) by subtracting what
the replaced rows carried and adding what the new ones carry, and bumps the generation.

A rebuild loads new tables beside the live ones from several loader processes at once (the
analysis and the COPY are the Python work; each loader has its own connection), indexes them, and swaps them in one short transaction: searches keep reading the old tables
until the swap commits. Upserts wait while a rebuild runs (an advisory lock), so none is lost
in the swap.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterable, Iterator

import psycopg
from psycopg_pool import ConnectionPool

from pipeline.core.models import Article

from index.postgres.migrations import ARTICLES_DDL, LOCK, LOCK_KEY, SEARCH_DDL, article_indexes, search_indexes
from index.postgres.analysis import ANALYSIS, Analyzer
from index.postgres.rows import STAGE_COLUMNS, STAGE_DDL, stage_rows

REBUILD_CHUNK = 2000      # articles a rebuild connection copies and inserts per transaction

_SUBTRACT_OLD = """
WITH old AS (
  SELECT a.doc, a.words, s.facets FROM hub_articles a JOIN hub_search s USING (doc)
  WHERE a.url IN (SELECT url FROM hub_stage) FOR UPDATE OF a),
w AS (
  UPDATE hub_words h SET ndoc = h.ndoc - c.n
  FROM (SELECT word, count(*) AS n FROM old, unnest(old.words) word GROUP BY word) c WHERE h.word = c.word),
f AS (
  UPDATE hub_facets h SET count = h.count - c.n
  FROM (SELECT split_part(tok, ':', 1) AS facet, substr(tok, strpos(tok, ':') + 1) AS slug, count(*) AS n
        FROM old, unnest(old.facets) tok GROUP BY 1, 2) c
  WHERE h.facet = c.facet AND h.slug = c.slug)
SELECT count(*) FROM old"""

_UPSERT_ARTICLES = """
INSERT INTO hub_articles (doc, url, id, record, body, links, words)
SELECT nextval('hub_doc_seq'), url, id, record, body, links, words FROM hub_stage ORDER BY url
ON CONFLICT (url) DO UPDATE SET id = excluded.id, record = excluded.record, body = excluded.body,
  links = excluded.links, words = excluded.words"""

_COMBOS = """
INSERT INTO hub_combos (id, facets)
SELECT nextval('hub_combo_seq'), f FROM (SELECT DISTINCT facets AS f FROM hub_stage) x
WHERE NOT EXISTS (SELECT 1 FROM hub_combos c WHERE c.facets = x.f) ORDER BY f
ON CONFLICT (facets) DO NOTHING"""

_UPSERT_SEARCH = """
INSERT INTO hub_search (doc, site, published, authors, facets, combo, head, tsv)
SELECT a.doc, st.site, st.published, st.authors, st.facets, c.id, st.head, st.tsv
FROM hub_stage st JOIN hub_articles a ON a.url = st.url JOIN hub_combos c ON c.facets = st.facets
ON CONFLICT (doc) DO UPDATE SET site = excluded.site, published = excluded.published,
  authors = excluded.authors, facets = excluded.facets, combo = excluded.combo, head = excluded.head,
  tsv = excluded.tsv"""
_LOAD_SEARCH = """
INSERT INTO hub_search_next (doc, site, published, authors, facets, combo, head, tsv)
SELECT st.doc, st.site, st.published, st.authors, st.facets, c.id, st.head, st.tsv
FROM hub_stage st JOIN hub_combos c ON c.facets = st.facets"""
# The tags' labels are in the records: a facet value's label is the latest one seen.
_FACETS_FROM = """
SELECT t->>'facet' AS facet, t->>'slug' AS slug, max(coalesce(nullif(t->>'label', ''), t->>'slug')) AS label,
       count(DISTINCT {url}) AS n
FROM {source}, json_array_elements(record->'tags') t
WHERE coalesce(t->>'facet', '') <> '' AND coalesce(t->>'slug', '') <> '' GROUP BY 1, 2 ORDER BY 1, 2"""

_ADD_NEW = f"""
WITH w AS (
  INSERT INTO hub_words (word, ndoc)
  SELECT word, count(*) FROM hub_stage, unnest(words) word GROUP BY word ORDER BY word
  ON CONFLICT (word) DO UPDATE SET ndoc = hub_words.ndoc + excluded.ndoc)
INSERT INTO hub_facets (facet, slug, label, count)
SELECT facet, slug, label, n FROM ({_FACETS_FROM.format(url="url", source="hub_stage")}) x
ON CONFLICT (facet, slug) DO UPDATE SET count = hub_facets.count + excluded.count, label = excluded.label"""


def _stage(conn: psycopg.Connection, articles: list[Article], analyzer: Analyzer) -> None:
    rows = stage_rows(articles, analyzer, lambda found: analyzer.learn(conn, found))
    conn.execute(STAGE_DDL)
    with conn.cursor().copy(f"COPY hub_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# Commits from several processes (crawl workers on several machines) take turns: each one
# updates the shared counts (hub_words, hub_facets, hub_meta), and two commits updating them at
# once could deadlock. A batch commits in a fraction of a second; crawls wait on hosts' delays.
# (Keyed by schema too: indexes in other schemas of one database never wait for each other.)
COMMIT_KEY = LOCK_KEY + 1


def upsert(pool: ConnectionPool, analyzer: Analyzer, articles: Iterable[Article]) -> int:
    """Add or replace articles (keyed by canonical URL) in one transaction; returns how many."""
    batch = list({a.url: a for a in articles}.values())      # the last version of a URL given twice
    if not batch:
        return 0
    with pool.connection() as conn, conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock_shared{LOCK}", (LOCK_KEY,))
        conn.execute(f"SELECT pg_advisory_xact_lock{LOCK}", (COMMIT_KEY,))
        _stage(conn, batch, analyzer)
        conn.execute(_SUBTRACT_OLD)
        conn.execute(_UPSERT_ARTICLES)
        conn.execute(_COMBOS)
        conn.execute(_UPSERT_SEARCH)
        conn.execute(_ADD_NEW)
        _tidy_and_bump(conn)
    return len(batch)


def delete(pool: ConnectionPool, urls: Iterable[str]) -> int:
    """Remove the articles at these canonical URLs in one transaction; returns how many were there."""
    urls = list(dict.fromkeys(urls))
    if not urls:
        return 0
    with pool.connection() as conn, conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock_shared{LOCK}", (LOCK_KEY,))
        conn.execute(f"SELECT pg_advisory_xact_lock{LOCK}", (COMMIT_KEY,))
        n = conn.execute("""
            WITH old AS (DELETE FROM hub_articles WHERE url = ANY(%s) RETURNING doc, words),
            s AS (DELETE FROM hub_search s USING old WHERE s.doc = old.doc RETURNING s.facets),
            w AS (UPDATE hub_words h SET ndoc = h.ndoc - c.n
                  FROM (SELECT word, count(*) AS n FROM old, unnest(old.words) word GROUP BY word) c
                  WHERE h.word = c.word),
            f AS (UPDATE hub_facets h SET count = h.count - c.n
                  FROM (SELECT split_part(tok, ':', 1) AS facet, substr(tok, strpos(tok, ':') + 1) AS slug,
                               count(*) AS n FROM s, unnest(s.facets) tok GROUP BY 1, 2) c
                  WHERE h.facet = c.facet AND h.slug = c.slug)
            SELECT count(*) FROM old""", (urls,)).fetchone()[0]
        if n:
            _tidy_and_bump(conn)
    return n


def _tidy_and_bump(conn: psycopg.Connection) -> None:
    conn.execute("DELETE FROM hub_words WHERE ndoc <= 0")
    conn.execute("DELETE FROM hub_facets WHERE count <= 0")
    conn.execute("UPDATE hub_meta SET generation = generation + 1")


# ---------------------------------------------------------------- rebuild


def rebuild(pool: ConnectionPool, analyzer: Analyzer, articles: Iterable[Article], connections: int = 2) -> int:
    """Replace every article by `articles`: new tables loaded beside the live ones by
    `connections` loader processes at once, then swapped in one transaction. Returns how many."""
    with pool.connection() as conn:
        conn.autocommit = True
        try:
            conn.execute(f"SELECT pg_advisory_lock{LOCK}", (LOCK_KEY,))     # upserts wait until the swap
            try:
                _create_next(conn)
                n = _load_parallel(pool, analyzer, articles, max(1, connections))
                _index_next(pool, max(1, connections))
                with conn.transaction():
                    _swap(conn)
                conn.execute("ANALYZE hub_search")
                conn.execute("ANALYZE hub_articles")
            finally:
                conn.execute(f"SELECT pg_advisory_unlock{LOCK}", (LOCK_KEY,))
        finally:
            conn.autocommit = False
    return n


def _create_next(conn: psycopg.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS hub_articles_next, hub_search_next")     # a failed rebuild's
    conn.execute(ARTICLES_DDL.format(name="hub_articles_next"))
    conn.execute("ALTER TABLE hub_articles_next ALTER COLUMN body SET STORAGE EXTERNAL")
    conn.execute(SEARCH_DDL.format(name="hub_search_next"))


def _load_chunk(conn: psycopg.Connection, analyzer: Analyzer, chunk: list[Article]) -> None:
    with conn.transaction():
        _stage(conn, chunk, analyzer)
        conn.execute("UPDATE hub_stage SET doc = nextval('hub_doc_seq')")
        conn.execute("INSERT INTO hub_articles_next (doc, url, id, record, body, links, words) "
                     "SELECT doc, url, id, record, body, links, words FROM hub_stage")
        conn.execute(_COMBOS)
        conn.execute(_LOAD_SEARCH)


def _chunks(articles: Iterable[Article]) -> Iterator[list[Article]]:
    """`articles` in chunks of REBUILD_CHUNK, each URL once (the first wins)."""
    seen: set[str] = set()
    chunk: list[Article] = []
    for a in articles:
        if a.url in seen:
            continue
        seen.add(a.url)
        chunk.append(a)
        if len(chunk) >= REBUILD_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_parallel(pool: ConnectionPool, analyzer: Analyzer, articles: Iterable[Article], processes: int) -> int:
    """Load `articles` into the new tables. The analysis and the COPY are Python work, so with
    `processes` > 1 they run in that many loader processes (each with a connection and an
    analyzer of its own), fed chunk by chunk; the first chunk is loaded here meanwhile, so a
    small rebuild never waits for a process to start."""
    chunks = _chunks(articles)
    first = next(chunks, None)
    if first is None:
        return 0
    if processes <= 1:
        with pool.connection() as conn:
            n = 0
            for chunk in itertools.chain([first], chunks):
                _load_chunk(conn, analyzer, chunk)
                n += len(chunk)
            return n
    second = next(chunks, None)
    if second is None:
        with pool.connection() as conn:
            _load_chunk(conn, analyzer, first)
        return len(first)
    url = pool.conninfo
    ctx = multiprocessing.get_context("spawn")      # the caller may have threads (the pool's)
    n = 0
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_loader_start,
                             initargs=(url,)) as executor:
        pending = {executor.submit(_loader_chunk, second)}
        with pool.connection() as conn:
            _load_chunk(conn, analyzer, first)
        n += len(first)
        for chunk in chunks:
            if len(pending) >= 2 * processes:        # bounded: at most two chunks queued per process
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                n += sum(f.result() for f in done)
            pending.add(executor.submit(_loader_chunk, chunk))
        for f in pending:
            n += f.result()
    return n


class _Loader:
    """A loader process's connection and analyzer (set by its initializer; one per process)."""

    conn: psycopg.Connection | None = None
    analyzer: Analyzer | None = None


def _loader_start(url: str) -> None:
    _Loader.conn = psycopg.connect(url)
    _Loader.analyzer = Analyzer()


def _loader_chunk(chunk: list[Article]) -> int:
    _load_chunk(_Loader.conn, _Loader.analyzer, chunk)
    return len(chunk)


def _index_next(pool: ConnectionPool, connections: int) -> None:
    """The new tables' indexes, the big GIN index on one connection and the rest on another."""
    big, rest = search_indexes("hub_search_next")[:1], search_indexes("hub_search_next")[1:]
    rest += article_indexes("hub_articles_next")
    jobs = [big, rest] if connections > 1 else [big + rest]
    errors: list[BaseException] = []

    def work(statements: list[str]) -> None:
        try:
            with pool.connection() as conn:
                conn.autocommit = True
                try:
                    conn.execute("SET maintenance_work_mem = '256MB'")
                    for sql in statements:
                        conn.execute(sql)
                finally:
                    conn.execute("RESET maintenance_work_mem")
                    conn.autocommit = False
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _swap(conn: psycopg.Connection) -> None:
    conn.execute("DROP TABLE hub_articles, hub_search")
    conn.execute("ALTER TABLE hub_articles_next RENAME TO hub_articles")
    conn.execute("ALTER TABLE hub_search_next RENAME TO hub_search")
    conn.execute("DELETE FROM hub_facets")
    conn.execute(f"INSERT INTO hub_facets (facet, slug, label, count) SELECT facet, slug, label, n "
                 f"FROM ({_FACETS_FROM.format(url='doc', source='hub_articles')}) x")
    conn.execute("DELETE FROM hub_words")
    conn.execute("INSERT INTO hub_words (word, ndoc) SELECT word, count(*) FROM hub_articles, unnest(words) word "
                 "GROUP BY word")
    conn.execute("UPDATE hub_meta SET generation = generation + 1, analysis = %s", (ANALYSIS,))
