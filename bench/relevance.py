"""Search relevance on real articles: hubindex next to SQLite FTS5 and stock Whoosh.

    python bench/relevance.py [--pool FILE] [--show-misses] [--postgresql [URL]]

The English pages of ../shared/readability-pages/ and ../shared/realpages/ (pages written by
others, not our sample hub) are served by a small static hub on 127.0.0.1 (a listing page, a
sitemap, one URL per page, 404 for any other address; canonical and og:url tags are removed, as
the pages' own addresses are not ours) and crawled by hubindex (`run.py crawl`, a real process over real HTTP). The
articles hubindex extracted are then indexed by the two references, so all three rank the same
documents:

- SQLite FTS5 `bm25()`, title weight 4 and body 1, the query's words OR-ed (porter tokenizer);
- stock Whoosh: title and body as `TEXT` fields, `MultifieldParser` with its defaults, BM25F.

The judged queries are in bench/relevance_judgments.json: each query with grades for articles
(2: what the searcher wants, 1: useful, 0: not), made by reading the articles, for the union of
the top 10 of the three systems (pooling), without knowing which system returned which.
`--pool FILE` writes that union (titles and the start of each body, ordered by article id, no
system named) for every query with articles not graded yet; ungraded articles count as 0.

Reported for each system in one run: nDCG@10, P@5 (share of the first five graded 1 or 2) and
MRR (1 / rank of the first article with the query's highest grade), means over the queries;
and the same for the curated sample hub's judged queries (tests/relevance/queries.py).
"""

from __future__ import annotations

import argparse
import gzip
import html
import http.server
import json
import math
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import fields as wf  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402
from whoosh import qparser  # noqa: E402

SHARED = ROOT.parent / "shared"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
JUDGMENTS = Path(__file__).resolve().parent / "relevance_judgments.json"
K = 10
SYNONYMS_CONFIG = ROOT / "examples" / "sample-hub.toml"

# English pages: readability-pages declare their language; realpages do not, so a page counts
# as English when its <html lang> says so or, without one, when common English words make up
# a good share of its title and body snippets.
_EN_WORDS = set("the and of to in is for that with on are as this be by it from at or an was have you".split())


def english_pages() -> list[dict]:
    """[{id, path}] of the English pages of both sets, ids prefixed by the set."""
    out = []
    for line in (SHARED / "readability-pages" / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if (d.get("lang") or "").lower().startswith("en"):
            out.append({"id": "r-" + d["id"], "path": SHARED / "readability-pages" / d["file"],
                        "title": d.get("title") or d["id"]})
    for line in (SHARED / "realpages" / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        path = SHARED / "realpages" / d["file"]
        head = gzip.decompress(path.read_bytes())[:30000].decode("latin-1").lower()
        m = re.search(r"<html[^>]*\blang=[\"']?([a-z]{2})", head)
        words = re.findall(r"[a-z]+", " ".join([d.get("title") or ""] + (d.get("body_with") or [])).lower())
        english = len(words) >= 8 and sum(w in _EN_WORDS for w in words) / len(words) > 0.15
        if english and (m is None or m.group(1) == "en"):
            out.append({"id": "p-" + d["id"], "path": path, "title": d.get("title") or d["id"]})
    return out


# ---------------------------------------------------------------- the static hub

_CANONICAL = re.compile(rb"<link[^>]*rel=[\"']?canonical[^>]*>|<meta[^>]*(?:og:url|twitter:url)[^>]*>", re.I)


class _Hub(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: list[dict]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = {p["id"]: p["path"] for p in pages}
        self.titles = {p["id"]: p["title"] for p in pages}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Hub

    def log_message(self, *args) -> None:
        pass

    def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        base, path = self.server.base, self.path
        ids = sorted(self.server.pages)
        if path == "/robots.txt":
            return self._send(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain")
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/hub/{i}/</loc></url>" for i in ids)
            return self._send(('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                               f'schemas/sitemap/0.9">{urls}</urlset>').encode(), "application/xml")
        if path == "/hub/":      # a listing page as hubs have them: every article's title, linked
            links = "".join(f'<li><a href="/hub/{i}/">{html.escape(self.server.titles[i])}</a></li>' for i in ids)
            return self._send(f"<html><head><title>Hub</title></head><body><ul>{links}</ul></body></html>".encode(),
                              "text/html; charset=utf-8")
        m = re.fullmatch(r"/hub/([\w.-]+)/", path)
        if m and m.group(1) in self.server.pages:
            raw = gzip.decompress(self.server.pages[m.group(1)].read_bytes())
            return self._send(_CANONICAL.sub(b"", raw), "text/html")
        self._send(b"not found", "text/plain", 404)


def crawl(pages: list[dict], data: Path) -> tuple[str, dict]:
    """Serve the pages, crawl them with hubindex into `data`; (hub base URL, crawl report)."""
    hub = _Hub(pages)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    try:
        config = data / "config.toml"
        data.mkdir(parents=True, exist_ok=True)
        config.write_text(f'[index]\ndir = "{data}"\n\n[crawl]\ndelay = 0.0\n\n'
                          f'[sites.realhub]\nstart_url = "{hub.base}/hub/"\n', encoding="utf-8")
        out = subprocess.run([sys.executable, str(ROOT / "run.py"), "--config", str(config), "--quiet", "crawl",
                              "--json"], capture_output=True, text=True, cwd=ROOT)
        report = json.loads(out.stdout)["sites"][0] if out.stdout.strip() else {"error": out.stderr}
        return hub.base, report
    finally:
        hub.shutdown()
        hub.server_close()


def indexed_articles(index_dir: Path) -> list[dict]:
    """[{id, title, body}] of every article in hubindex's index (the documents all systems rank)."""
    from index.whoosh_engine.store import IndexStore

    store = IndexStore.open(index_dir)
    try:
        s, cache = store.reader()
        out = []
        for d in range(cache.size):
            if not cache.live >> d & 1:
                continue
            f = s.stored_fields(d)
            rec = json.loads(f["record"])
            out.append({"id": doc_id(rec["url"]), "title": rec.get("title", ""),
                        "body": f.get("body", ""), "summary": rec.get("summary", "")})
        return out
    finally:
        store.close()


def doc_id(url: str) -> str:
    """The page id from an article URL of the static hub (or of the sample hub: its slug)."""
    return url.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- the three systems


class Hubindex:
    name = "hubindex"

    def __init__(self, index_dir: Path, synonyms=None) -> None:
        from index.whoosh_engine.store import IndexStore

        self.store = IndexStore.open(index_dir)
        self.synonyms = synonyms

    def top(self, query: str) -> list[str]:
        from index.whoosh_engine.search import search

        r = search(self.store, query, limit=K, with_facets=False, with_highlights=False, synonyms=self.synonyms)
        return [doc_id(h.url) for h in r.hits]

    def close(self) -> None:
        self.store.close()


class Postgres:
    """The PostgreSQL backend on the same articles (read back from hubindex's Whoosh index), in a
    schema of its own on the server at `url`, dropped by `close`."""
    name = "hubindex (PostgreSQL)"

    def __init__(self, index_dir: Path, url: str, synonyms=None) -> None:
        import uuid

        import psycopg

        from index import migrate_index, open_index, rebuild_index
        from pipeline.core.config import IndexSettings
        from tests.pgserver import with_search_path

        self.base, self.schema = url, f"hubrel_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {self.schema}")
        settings = IndexSettings(backend="postgresql", url=with_search_path(url, self.schema))
        migrate_index(settings)
        source = open_index(index_dir)
        try:
            rebuild_index(index_dir, list(source.scan()), settings)
        finally:
            source.close()
        self.index = open_index(index_dir, settings=settings)
        self.synonyms = synonyms

    def top(self, query: str) -> list[str]:
        r = self.index.search(query, limit=K, with_facets=False, with_highlights=False, synonyms=self.synonyms)
        return [doc_id(h.url) for h in r.hits]

    def close(self) -> None:
        import psycopg

        self.index.close()
        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {self.schema} CASCADE")


class Fts5:
    name = "FTS5 bm25"

    def __init__(self, docs: list[dict]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO d VALUES (?, ?, ?)", [(x["id"], x["title"], x["body"]) for x in docs])

    def top(self, query: str) -> list[str]:
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute("SELECT id FROM d WHERE d MATCH ? ORDER BY bm25(d, 0.0, 4.0, 1.0) LIMIT ?",
                               (match, K)).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        self.db.close()


class StockWhoosh:
    name = "stock Whoosh"

    def __init__(self, docs: list[dict], where: Path) -> None:
        schema = wf.Schema(id=wf.ID(stored=True), title=wf.TEXT, body=wf.TEXT)
        where.mkdir(parents=True, exist_ok=True)
        self.ix = whoosh_index.create_in(str(where), schema)
        with self.ix.writer() as w:
            for x in docs:
                w.add_document(id=x["id"], title=x["title"], body=x["body"])
        self.parser = qparser.MultifieldParser(["title", "body"], schema)
        self.searcher = self.ix.searcher()

    def top(self, query: str) -> list[str]:
        try:
            q = self.parser.parse(query)
            return [hit["id"] for hit in self.searcher.search(q, limit=K)]
        except Exception:  # noqa: BLE001 - the default parser fails on some input: no results
            return []

    def close(self) -> None:
        self.searcher.close()


# ---------------------------------------------------------------- metrics


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def precision(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    return sum(1 for d in ranked[:k] if grades.get(d, 0) >= 1) / k


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    best = max(grades.values(), default=0)
    for i, d in enumerate(ranked):
        if best and grades.get(d, 0) == best:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(systems, queries: list[tuple[str, dict[str, int]]]) -> dict[str, dict]:
    out = {}
    for system in systems:
        rows = []
        for q, grades in queries:
            ranked = system.top(q)
            rows.append((ndcg(ranked, grades), precision(ranked, grades), reciprocal_rank(ranked, grades), ranked))
        out[system.name] = {"ndcg": statistics.mean(r[0] for r in rows), "p5": statistics.mean(r[1] for r in rows),
                            "mrr": statistics.mean(r[2] for r in rows), "per_query": rows}
    return out


def print_table(title: str, results: dict[str, dict], n: int) -> None:
    print(f"\n{title} ({n} queries)")
    print(f"  {'system':<21} {'nDCG@10':>8} {'P@5':>6} {'MRR':>6}")
    for name, r in results.items():
        print(f"  {name:<21} {r['ndcg']:8.3f} {r['p5']:6.3f} {r['mrr']:6.3f}")


def write_pool(path: Path, systems, queries, docs: dict[str, dict]) -> int:
    """The union of the systems' top 10 per query, ungraded articles only, by article id."""
    lines, missing = [], 0
    for q, grades in queries:
        pool = sorted({d for s in systems for d in s.top(q)} - set(grades))
        if not pool:
            continue
        lines.append(f"## {q}")
        for d in pool:
            x = docs[d]
            lines.append(f"{d}\t{x['title'][:100]}\t{' '.join(x['body'].split())[:300]}")
            missing += 1
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return missing


def sample_hub_set(tmp: Path, postgresql: str | None = None):
    """(systems, queries) for the curated sample hub's judged queries."""
    from index.whoosh_engine.store import rebuild
    from tests.relevance.corpus import curated_articles
    from tests.relevance.queries import QUERIES

    articles = list(curated_articles())
    rebuild(tmp / "sample" / "index", articles, procs=1)
    docs = [{"id": doc_id(a.url), "title": a.title, "body": a.body} for a in articles]
    systems = [Hubindex(tmp / "sample" / "index", sample_synonyms()), Fts5(docs),
               StockWhoosh(docs, tmp / "sample-whoosh")]
    if postgresql:
        systems.insert(1, Postgres(tmp / "sample" / "index", postgresql, sample_synonyms()))
    return systems, QUERIES


def sample_synonyms() -> dict:
    """The `[search] synonyms` of the sample hub's example config."""
    import tomllib

    with open(SYNONYMS_CONFIG, "rb") as f:
        return tomllib.load(f).get("search", {}).get("synonyms", {})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pool", metavar="FILE", help="write the ungraded pooled articles of each query to FILE")
    ap.add_argument("--show-misses", action="store_true", help="print each system's top 5 where hubindex (either backend) scores lower")
    ap.add_argument("--postgresql", metavar="URL", nargs="?", const=PG_URL,
                    help="also rank with the PostgreSQL backend, in a schema of its own on the server at URL "
                         f"(default {PG_URL})")
    args = ap.parse_args()
    judged = json.loads(JUDGMENTS.read_text(encoding="utf-8"))
    queries = [(j["query"], j["grades"]) for j in judged["queries"]]
    pages = english_pages()
    tmp = Path(tempfile.mkdtemp(prefix="hubindex-relevance-"))
    try:
        base, report = crawl(pages, tmp / "data")
        print(f"real-page hub: {len(pages)} English pages served at {base}/hub/; hubindex crawl: "
              f"indexed {report.get('indexed')}, not articles {report.get('not_articles')}, "
              f"failed {report.get('failed')}")
        docs = {x["id"]: x for x in indexed_articles(tmp / "data" / "index")}
        systems = [Hubindex(tmp / "data" / "index"), Fts5(list(docs.values())),
                   StockWhoosh(list(docs.values()), tmp / "whoosh")]
        if args.postgresql:
            systems.insert(1, Postgres(tmp / "data" / "index", args.postgresql))
        if args.pool:
            n = write_pool(Path(args.pool), systems, queries, docs)
            print(f"{n} pooled articles without a grade written to {args.pool}")
        unjudged = sum(1 for s in systems for q, g in queries for d in s.top(q) if d not in g)
        results = evaluate(systems, queries)
        print_table(f"real pages: {len(docs)} articles", results, len(queries))
        print(f"  (top-10 results without a grade, all systems: {unjudged}; counted as 0)")
        if args.show_misses:
            ours = [r["per_query"] for n, r in results.items() if n.startswith("hubindex")]
            for i, (q, grades) in enumerate(queries):
                best = max(r["per_query"][i][0] for r in results.values())
                if min(o[i][0] for o in ours) + 1e-9 < best:
                    print(f"\n  {q!r}: " + "  ".join(f"{n} {r['per_query'][i][0]:.2f}" for n, r in results.items()))
                    for n, r in results.items():
                        print(f"    {n:<21} " + " ".join(f"{d}:{grades.get(d, '?')}" for d in r["per_query"][i][3][:5]))
        for s in systems:
            s.close()
        systems, sample_queries = sample_hub_set(tmp, args.postgresql)
        print_table("sample hub: 47 curated articles", evaluate(systems, sample_queries), len(sample_queries))
        for s in systems:
            s.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
