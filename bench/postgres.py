"""The PostgreSQL backend at 50,000 articles, beside the plain approach and the Whoosh backend.

    python bench/postgres.py [--articles 50000] [--rounds 3] [--indexing-rounds 1] [--url postgresql://...]

In one run, on the same generated sample-hub articles (about 600 words each, built directly as
Article objects: no HTTP) and the same query mix as bench/search.py:

- bulk indexing: the PostgreSQL backend's rebuild (`reindex`: COPY, tsvectors computed by the
  server on two connections, indexes built after loading, tables swapped) against the Whoosh
  backend's rebuild (two writer processes), articles per second, alternating which goes first;
- search with facet counts (what `run.py search` computes: total, facet counts, the top 10 with
  highlights, suggestions) on the PostgreSQL backend, and the plain approach on a plain table of
  the same articles (a weighted generated tsvector with a GIN index, the top 10 by ts_rank over
  every match, facet counts by GROUP BY over the matches, a count), p50/p95 over the mix, each
  round timing both, interleaved query by query; then searches each right after a commit (the
  backend reads its per-generation article sets again);
- related articles for 100 random articles on the PostgreSQL backend;
- the Whoosh backend's search and related on the same mix, for reference.

Needs a PostgreSQL server (default: the test server, postgresql://postgres@127.0.0.1:5432/test);
each run works in a schema of its own and drops it at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from index import Filters, migrate_index, open_index, rebuild_index  # noqa: E402
from index.postgres.backend import PostgresIndex  # noqa: E402
from index.postgres.migrations import TS_CONFIG  # noqa: E402
from index.postgres.search import WEIGHTS  # noqa: E402
from pipeline.core.config import IndexSettings  # noqa: E402
from tests.pgserver import with_search_path  # noqa: E402
from tests.relevance.corpus import hub_articles  # noqa: E402
from bench.search import FILTERS, query_mix  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
COLD = 20          # searches timed right after a commit

# The plain approach: one table, a generated weighted tsvector, a GIN index; every match ranked.
PLAIN_DDL = f"""
CREATE TABLE plain_articles (
  doc bigint PRIMARY KEY, url text NOT NULL, record json NOT NULL, body text NOT NULL,
  facets text[] NOT NULL, published timestamptz,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('{TS_CONFIG}', coalesce(record->>'title', '')), 'A') ||
    setweight(to_tsvector('{TS_CONFIG}', coalesce(tagtext, '')), 'B') ||
    setweight(to_tsvector('{TS_CONFIG}', coalesce(record->>'summary', '')), 'C') ||
    setweight(to_tsvector('{TS_CONFIG}', body), 'D')) STORED,
  tagtext text)"""


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def ms(values: list[float]) -> str:
    return (f"p50 {statistics.median(values) * 1000:6.1f} ms   p95 {pct(values, 95) * 1000:6.1f} ms   "
            f"max {max(values) * 1000:6.1f} ms")


def timed(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def build_plain(url: str) -> float:
    """The plain table, filled from the backend's articles (seconds)."""
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(PLAIN_DDL)
        conn.execute("INSERT INTO plain_articles (doc, url, record, body, facets, published, tagtext) "
                     "SELECT a.doc, a.url, a.record, a.body, s.facets, s.published, "
                     "(SELECT string_agg(t->>'label', ' ') FROM json_array_elements(a.record->'tags') t) "
                     "FROM hub_articles a JOIN hub_search s USING (doc)")
        conn.execute("CREATE INDEX ON plain_articles USING gin (tsv)")
        conn.execute("CREATE INDEX ON plain_articles USING gin (facets)")
        conn.execute("VACUUM ANALYZE plain_articles")
    return time.perf_counter() - t0


def plain_search(conn: psycopg.Connection, text: str, filters: Filters | None) -> None:
    """The plain approach's answer to one search: total, facet counts, the top 10 by ts_rank."""
    where, params = "tsv @@ websearch_to_tsquery(%s::regconfig, %s)", [TS_CONFIG, text]
    for facet, slugs in sorted((filters.facets if filters else {}).items()):
        where += " AND facets && %s::text[]"
        params.append([f"{facet}:{s}" for s in slugs])
    with conn.transaction():
        conn.execute(f"SELECT count(*) FROM plain_articles WHERE {where}", params).fetchone()
        conn.execute(f"SELECT f, count(*) FROM plain_articles, unnest(facets) f WHERE {where} GROUP BY f",
                     params).fetchall()
        conn.execute(f"SELECT doc, record, ts_rank(%s::float4[], tsv, websearch_to_tsquery(%s::regconfig, %s), 1) "
                     f"AS r FROM plain_articles WHERE {where} ORDER BY r DESC LIMIT 10",
                     [WEIGHTS, TS_CONFIG, text, *params]).fetchall()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the search and related timings")
    ap.add_argument("--indexing-rounds", type=int, default=1, help="rebuilds of each backend (alternating)")
    ap.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL database the run may create a schema in")
    ap.add_argument("--skip-whoosh", action="store_true", help="leave out the Whoosh backend")
    args = ap.parse_args()

    t0 = time.perf_counter()
    articles = list(hub_articles(max(0, args.articles - 47)))
    n = len(articles)
    print(f"{n} articles generated in {time.perf_counter() - t0:.1f} s "
          f"(about {sum(len(a.body.split()) for a in articles[:500]) // 500} words each)")
    schema = f"hubbench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        version = conn.execute("SHOW server_version").fetchone()[0]
    url = with_search_path(args.url, schema)
    settings = IndexSettings(backend="postgresql", url=url)
    migrate_index(settings)
    tmp = Path(tempfile.mkdtemp(prefix="hubindex-bench-pg-"))
    print(f"PostgreSQL {version}; schema {schema}")
    try:
        # ---- bulk indexing, alternating which goes first
        pg_times, wh_times = [], []
        for r in range(args.indexing_rounds):
            order = ["pg", "whoosh"] if r % 2 == 0 else ["whoosh", "pg"]
            for which in order:
                if which == "pg":
                    pg_times.append(timed(rebuild_index, tmp, articles, settings=settings))
                elif not args.skip_whoosh:
                    shutil.rmtree(tmp / "whoosh", ignore_errors=True)
                    wh_times.append(timed(rebuild_index, tmp / "whoosh" / "index", articles))
        pg_best = statistics.median(pg_times)
        print("\nbulk indexing (rebuild), median of rounds")
        print(f"  PostgreSQL backend (2 loaders)      {n / pg_best:7.0f} articles/s   runs "
              f"{[round(x, 1) for x in pg_times]} s")
        if wh_times:
            wh_best = statistics.median(wh_times)
            print(f"  Whoosh backend (2 processes)        {n / wh_best:7.0f} articles/s   runs "
                  f"{[round(x, 1) for x in wh_times]} s   ratio {wh_best / pg_best:.2f}x")
        plain_build = build_plain(url)
        print(f"  (plain table built from it in {plain_build:.1f} s: INSERT SELECT with a generated tsvector, GIN)")

        # ---- search with facet counts: ours and the plain approach, interleaved
        queries = query_mix()
        filt = [None if i % 2 else FILTERS[i % len(FILTERS)] for i in range(len(queries))]
        pg = open_index(tmp, settings=settings)
        assert isinstance(pg, PostgresIndex)
        ours, plain, ours_nf = [], [], []
        with psycopg.connect(url) as conn:
            conn.execute("SET jit = off")            # as the backend's connections: short statements
            conn.commit()
            for q, f in zip(queries, filt):          # one untimed pass: caches and parsed queries
                pg.search(q, f)
                plain_search(conn, q, f)
            for _ in range(args.rounds):
                for q, f in zip(queries, filt):
                    ours.append(timed(pg.search, q, f))
                    plain.append(timed(plain_search, conn, q, f))
                    ours_nf.append(timed(pg.search, q, f, with_facets=False))
        print(f"\nsearch with facet counts ({len(queries)} queries, half with a facet filter, {args.rounds} rounds)")
        print(f"  PostgreSQL backend                   {ms(ours)}")
        print(f"  plain approach (ts_rank every match) {ms(plain)}   p95 ratio {pct(ours, 95) / pct(plain, 95):.2f}")
        print(f"  PostgreSQL backend, no facet counts  {ms(ours_nf)}")
        # the first search after a commit: the backend's per-generation article sets are read again
        after = []
        for i, (q, f) in enumerate(zip(queries[:COLD], filt[:COLD])):
            pg.upsert([articles[i]])                 # a commit (the same article again): a new generation
            after.append(timed(pg.search, q, f))
        print(f"  PostgreSQL backend, first search after a commit ({len(after)} commits)")
        print(f"                                       {ms(after)}")

        rng = random.Random(7)
        sample = [a.url for a in rng.sample(articles, 100)]
        for u in sample[:10]:
            pg.related(u)
        rel = [timed(pg.related, u) for _ in range(args.rounds) for u in sample]
        print(f"\nrelated (100 articles, {args.rounds} rounds)")
        print(f"  PostgreSQL backend                   {ms(rel)}")
        pg.close()

        if not args.skip_whoosh:
            wh = open_index(tmp / "whoosh" / "index")
            for q, f in zip(queries, filt):
                wh.search(q, f)
            wsearch = [timed(wh.search, q, f) for _ in range(args.rounds) for q, f in zip(queries, filt)]
            wrel = [timed(wh.related, u) for u in sample]
            print("\nWhoosh backend, same mix (reference; warm caches)")
            print(f"  search with facet counts             {ms(wsearch)}")
            print(f"  related                              {ms(wrel)}")
            wh.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
