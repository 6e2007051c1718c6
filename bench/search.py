"""Search, facet and related numbers at 10,000 and 50,000 articles, with references.

    python bench/search.py [--sizes 10000 50000] [--runs 5]

For each size, in one run:
- builds hubindex's index (`index.store.rebuild`, two writer processes) from generated sample-hub
  articles (about 600 words each, built directly as Article objects: no HTTP) and, as the
  reference, a bare Whoosh writer (`procs=2, multisegment=True`) on the same documents;
- times a fixed mix of 100 queries through `index.search.search` (facet counts, snippets and
  suggestions included, i.e. what `run.py search` computes): without filters, with filters, and
  without facet counts; a first pass (impact lists and term masks built on first use) and a second
  pass (cached), reported separately;
- times `index.related.related` for 100 articles;
- times `run.py search` in a fresh process (wall time, median of --runs) and `python -c pass`;
- times the damage check each reader makes once per file (stats against the checksum record)
  next to hashing every file of the index, what a checksum check on every open would cost;
- runs the same queries on naive Whoosh (`search`, and `groupedby` facet counts on 30 queries)
  and on SQLite FTS5 (standard library; bm25 with the same field weights, facet counts by a
  GROUP BY over the matching rows) as references.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh import sorting  # noqa: E402

from index.whoosh_engine.query import parse_user_query  # noqa: E402
from index.whoosh_engine.schema import build_schema  # noqa: E402
from index import Filters, open_index  # noqa: E402
from index.whoosh_engine.check import checksum_problems, unchanged_or_damaged  # noqa: E402
from index.whoosh_engine.layout import live_dir  # noqa: E402
from index.whoosh_engine.store import REBUILD_MB, rebuild, to_document  # noqa: E402
from tests.relevance.corpus import hub_articles  # noqa: E402
from tests.relevance.queries import QUERIES as JUDGED  # noqa: E402

WORDS = ["engineering management", "machine learning", "data visualization", "nursing leadership",
         "scholarship", "tuition assistance", "online course", "career pivot", "supply chain", "cybersecurity",
         "statistical modeling", "curriculum design", "public health", "senior roles", "hiring priorities",
         "study group", "federal loan", "admission decision", "research group", "software architecture",
         "graduate degree", "salary negotiations", "quality assurance", "business intelligence",
         "patient safety", "\"cloud infrastructure\"", "\"remote collaboration\"", "working adults",
         "debt after graduation", "recommendation letter", "product development", "marketing analytics",
         "health informatics", "predictive analytics", "instructional technology", "adult learning",
         "teaching assistantship", "campus wellness", "monthly budget", "enginering managr",
         "distributed systems", "entrepreneurship", "mentor", "promotion plan", "statement of purpose",
         "time zones", "hybrid cohort", "clinical operations", "education policy", "data governance",
         "a* OR (b~5", "\"supply chain pressure\" budgets"]
FILTERS = [Filters(facets={"topic": ["career-advancement"]}), Filters(facets={"area_of_study": ["engineering"]}),
           Filters(facets={"topic": ["online-learning", "student-life"], "area_of_study": ["education"]}),
           Filters(facets={"topic": ["financing-your-education"]}, since=None),
           Filters(facets={"area_of_study": ["data-analytics", "computer-science"]})]


def query_mix() -> list[str]:
    qs = [q for q, _ in JUDGED] + WORDS
    return qs[:100] if len(qs) >= 100 else (qs * 2)[:100]


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 50) * 1000:7.1f} ms   p95 {pct(values, 95) * 1000:7.1f} ms"


def timed(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def bare_writer(path: Path, articles: list) -> float:
    """The reference: the same documents (Article -> fields, as hubindex makes them) into a bare
    Whoosh writer with two processes, one commit; no search cache. Whoosh's own analyzer path
    (`build_schema(fast=False)`): the reference is stock Whoosh."""
    path.mkdir(parents=True)
    ix = whoosh_index.create_in(str(path), build_schema(fast=False))
    t0 = time.perf_counter()
    w = ix.writer(procs=2, multisegment=True, limitmb=REBUILD_MB)
    for a in articles:
        w.add_document(**to_document(a))
    w.commit()
    return time.perf_counter() - t0


def fts5_build(path: Path, articles) -> float:
    db = sqlite3.connect(str(path))
    t0 = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, tags, summary, body, tokenize='porter')")
    db.execute("CREATE TABLE facets (docid INTEGER, token TEXT)")
    with db:
        for i, a in enumerate(articles, 1):
            db.execute("INSERT INTO docs(rowid, title, tags, summary, body) VALUES (?,?,?,?,?)",
                       (i, a.title, " ".join(t["label"] for t in a.tags), a.summary, a.body))
            db.executemany("INSERT INTO facets VALUES (?,?)", [(i, f"{t['facet']}:{t['slug']}") for t in a.tags])
        db.execute("CREATE INDEX facets_doc ON facets(docid)")
    elapsed = time.perf_counter() - t0
    db.close()
    return elapsed


def fts5_query(text: str) -> str:
    words = ["".join(c for c in w if c.isalnum()) for w in text.replace('"', " ").split()]
    return " AND ".join(f'"{w}"' for w in words if w) or '""'


def fts5_times(path: Path, queries: list[str]) -> tuple[list[float], list[float]]:
    db = sqlite3.connect(str(path))
    top, facets = [], []
    for q in queries:
        m = fts5_query(q)
        t0 = time.perf_counter()
        db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 2.5, 1.5, 1.0) LIMIT 10",
                   (m,)).fetchall()
        top.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 2.5, 1.5, 1.0) LIMIT 10",
                   (m,)).fetchall()
        db.execute("SELECT token, COUNT(*) FROM facets WHERE docid IN (SELECT rowid FROM docs WHERE docs MATCH ?) "
                   "GROUP BY token", (m,)).fetchall()
        facets.append(time.perf_counter() - t0)
    db.close()
    return top, facets


def cold_cli(data_dir: Path, runs: int) -> tuple[float, float, float]:
    """(first run, median of the next runs, `python -c pass`), wall seconds of fresh processes.

    Bytecode caching is on (as in an installed hubindex), whatever this shell says; one run with
    another query compiles it first. The first measured run is the first use of the query's words in
    this index generation (it reads their postings); the later ones load the saved impact lists.
    """
    py = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def once(*query: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([py, "run.py", "--index", str(data_dir), "search", *query], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, env=env)
        return time.perf_counter() - t0

    once("warm up the bytecode cache")
    first = once("engineering manager skills", "--topic", "career-advancement")
    again = [once("engineering manager skills", "--topic", "career-advancement") for _ in range(runs)]
    floor = [timed(subprocess.run, [py, "-c", "pass"], check=True, env=env) for _ in range(runs)]
    return first, statistics.median(again), statistics.median(floor)


def warmed(path: Path) -> str:
    """How many of the generation's common terms have a saved impact list (what a reader loads
    instead of reading postings on the term's first use)."""
    from whoosh import index as wi

    from index.whoosh_engine.cache import TERMS_PREFIX
    from index.whoosh_engine.rank import common_terms

    ix = wi.open_dir(str(path))
    with ix.searcher() as s:
        terms = common_terms(s)
    ix.close()
    saved = len(list(path.glob(f"{TERMS_PREFIX}*/*.pickle")))
    return f"{saved} of the {len(terms)} common terms' impact lists saved by the writer"


def bench_size(articles: list, tmp: Path, runs: int) -> None:
    n = len(articles)
    print(f"\n=== {n} articles (about {sum(len(a.body.split()) for a in articles[:500]) // 500} words each)")
    data_dir = tmp / f"data-{n}"
    bare = bare_writer(tmp / f"bare-{n}", articles)
    t0 = time.perf_counter()
    rebuild(data_dir / "index", articles, procs=2)
    ours = time.perf_counter() - t0
    ix = open_index(data_dir / "index")
    path = live_dir(data_dir / "index")
    print(f"indexing   hubindex rebuild (procs=2, + search cache)  {n / ours:7.0f} articles/s  ({ours:.1f} s)")
    print(f"           bare Whoosh writer (procs=2, multisegment)  {n / bare:7.0f} articles/s  ({bare:.1f} s)"
          f"   ratio {bare / ours:.2f}x")
    print(f"index size {dir_size(path) / 1e6:7.1f} MB  ({dir_size(path) / n / 1000:.1f} KB/article)")
    print(f"warming    {warmed(path)}")

    queries = query_mix()
    filt = [FILTERS[i % len(FILTERS)] for i in range(len(queries))]
    for label in ("first pass (cold caches)", "second pass (warm caches)"):
        plain = [timed(ix.search, q) for q in queries]
        filtered = [timed(ix.search, q, f) for q, f in zip(queries, filt)]
        nofacets = [timed(ix.search, q, with_facets=False) for q in queries]
        print(f"search, {label}:")
        print(f"  with facet counts, no filter      {ms(plain)}")
        print(f"  with facet counts and a filter    {ms(filtered)}")
        print(f"  without facet counts              {ms(nofacets)}")
    rng = random.Random(7)
    sample = rng.sample([a.url for a in ix.scan()], 100)
    rel = [timed(ix.related, u) for u in sample]
    rel2 = [timed(ix.related, u) for u in sample]
    print(f"related    first call per article {ms(rel)}")
    print(f"           again                  {ms(rel2)}")
    ix.close()
    first, cli, floor = cold_cli(data_dir, runs)
    print("cold `run.py search \"engineering manager skills\" --topic career-advancement` (wall, fresh process)")
    print(f"           first use of its words {first:.3f} s; afterwards {cli:.3f} s (median of {runs}); "
          f"`python -c pass` {floor:.3f} s")
    by_stat = statistics.median(timed(unchanged_or_damaged, path, set()) for _ in range(200))
    hashing = timed(checksum_problems, path)
    print(f"damage check per reader: stats against the checksum record {by_stat * 1e6:.0f} us (median of 200); "
          f"hashing every file {hashing:.2f} s")

    # references
    ix = whoosh_index.open_dir(str(tmp / f"bare-{n}"))
    with ix.searcher() as ws:
        parsed = [parse_user_query(ix.schema, q) for q in queries]
        parsed = [p for p in parsed if p is not None]
        naive = [timed(ws.search, p, limit=10) for p in parsed]
        grouped = [timed(ws.search, p, limit=10, groupedby={"f": sorting.FieldFacet("facets", allow_overlap=True)})
                   for p in parsed[:30]]
        mlt = [timed(ws.more_like, d, "body", top=10) for d in rng.sample(range(ix.doc_count()), 30)]
    print(f"reference  naive Whoosh top-10            {ms(naive)}")
    print(f"           naive Whoosh + groupedby (30)  {ms(grouped)}")
    print(f"           naive Whoosh more_like (30)    {ms(mlt)}")
    db = tmp / f"fts5-{n}.sqlite"
    fts_build = fts5_build(db, articles)
    top, fac = fts5_times(db, queries)
    print(f"           SQLite FTS5 build              {n / fts_build:7.0f} articles/s, {db.stat().st_size / 1e6:.1f} MB")
    print(f"           SQLite FTS5 top-10             {ms(top)}")
    print(f"           SQLite FTS5 top-10 + facets    {ms(fac)}")
    shutil.rmtree(tmp / f"bare-{n}", ignore_errors=True)


def indexing_only(n: int, rounds: int) -> None:
    """Indexing speed alone, hubindex and the bare writer alternating, median of `rounds` each
    (on a shared machine one build of each is at the mercy of whatever else runs meanwhile)."""
    articles = list(hub_articles(n))[:n]
    ours, bare = [], []
    for r in range(rounds):
        tmp = Path(tempfile.mkdtemp(prefix="hubindex-bench-indexing-"))
        try:
            for which in (("bare", "ours") if r % 2 == 0 else ("ours", "bare")):
                if which == "bare":
                    bare.append(bare_writer(tmp / "bare", articles))
                else:
                    t0 = time.perf_counter()
                    rebuild(tmp / "ours", articles, procs=2)
                    ours.append(time.perf_counter() - t0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"indexing {n} articles, median of {rounds} alternating builds each:")
    print(f"  hubindex rebuild (procs=2, + search cache)  {n / o:7.0f} articles/s   runs {[round(x, 1) for x in ours]}")
    print(f"  bare Whoosh writer (procs=2, multisegment)  {n / b:7.0f} articles/s   runs {[round(x, 1) for x in bare]}")
    print(f"  ratio {b / o:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="build the indexes in DIR and keep them (for profiling)")
    ap.add_argument("--indexing-only", type=int, metavar="N", help="only compare indexing speed on N articles")
    ap.add_argument("--rounds", type=int, default=4, help="alternating builds for --indexing-only")
    args = ap.parse_args()
    if args.indexing_only:
        indexing_only(args.indexing_only, args.rounds)
        return
    t0 = time.perf_counter()
    biggest = max(args.sizes)
    all_articles = list(hub_articles(biggest))
    print(f"generated {len(all_articles)} sample-hub articles in {time.perf_counter() - t0:.0f} s "
          f"on {os.cpu_count()} CPUs")
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hubindex-bench-search-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        for n in sorted(args.sizes):
            # the curated articles plus the newest generated ones
            bench_size(all_articles[:n] if n < len(all_articles) else all_articles, tmp, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
