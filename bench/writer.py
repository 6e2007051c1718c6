"""Index writer cost during a crawl: generated sample-hub articles upserted in batches, one commit
per batch with tiered merges, as the crawl's writer process does it.

Compares, in the same run and alternating, hubindex's store (index/whoosh_engine/store.py with segments.py:
postings pooled by term, written a block at a time, merges streamed into their own segment)
with the same schema, batches and merge tiers written by Whoosh's own machinery (its posting
pool, its postings writer with length statistics, `update_document` and `add_reader` merges).
Reports CPU per article for the upserts, the final search-cache build (hubindex only: the
crawl's writer does it once at the end), and the index size.

    python bench/writer.py [--articles 10000] [--batch 200] [--rounds 2]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.codec.whoosh3 import W3Codec  # noqa: E402
from whoosh.reading import SegmentReader  # noqa: E402

from index.whoosh_engine.schema import build_schema  # noqa: E402
from index.whoosh_engine.store import MERGE_FACTOR, IndexStore, tier_to_merge, to_document  # noqa: E402
from tests.relevance.corpus import hub_articles  # noqa: E402


def whoosh_merge(writer, segments):
    """hubindex's merge tiers, merged by Whoosh itself (add_reader into the writer's pool)."""
    group = tier_to_merge(segments)
    for seg in group:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in group]


def size_mb(path: Path) -> float:
    return int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True).stdout.split()[0]) / 1024


def run_hubindex(articles, batch: int, where: Path) -> tuple[float, float, float]:
    store = IndexStore.open(where, create=True, mmap=False)
    store.cache_on_commit = False
    t0 = time.process_time()
    for i in range(0, len(articles), batch):
        store.upsert(articles[i:i + batch])
    t1 = time.process_time()
    mb = size_mb(where)                  # the segments, before the search cache is added beside them
    store.refresh_cache()
    t2 = time.process_time()
    store.close()
    return (t1 - t0) / len(articles) * 1000, t2 - t1, mb


def run_whoosh(articles, batch: int, where: Path) -> tuple[float, float, float]:
    where.mkdir(parents=True)
    ix = whoosh_index.create_in(str(where), build_schema())
    t0 = time.process_time()
    for i in range(0, len(articles), batch):
        w = ix.writer(codec=W3Codec())
        for a in articles[i:i + batch]:
            w.update_document(**to_document(a))
        w.commit(mergetype=whoosh_merge)
    t1 = time.process_time()
    ix.close()
    return (t1 - t0) / len(articles) * 1000, 0.0, size_mb(where)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000, help="generated articles (plus the 47 curated)")
    ap.add_argument("--batch", type=int, default=200, help="articles per commit (the crawl's batch_size)")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of the two writers")
    args = ap.parse_args()
    articles = list(hub_articles(args.articles))
    print(f"{len(articles)} articles, commits of {args.batch}, merge factor {MERGE_FACTOR}")
    tmp = Path(tempfile.mkdtemp(prefix="hubindex-writerbench-"))
    try:
        for r in range(args.rounds):
            for name, fn in (("hubindex", run_hubindex), ("whoosh", run_whoosh)):
                where = tmp / f"{name}-{r}"
                per, cache_s, mb = fn(articles, args.batch, where)
                extra = f", then search cache {cache_s:.1f} s" if name == "hubindex" else ""
                print(f"  round {r + 1}  {name:9s} {per:5.2f} ms CPU per article upserted{extra}; segments {mb:.0f} MB")
                shutil.rmtree(where, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
