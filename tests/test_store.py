"""The index store: upsert by URL, delete from every lookup, generations and atomic rebuild,
schema version, search cache kept next to the segments."""

from __future__ import annotations

import json
import threading
import time

import pytest
from whoosh import index as whoosh_index

import run
from index.whoosh_engine.related import related
from index.whoosh_engine.schema import SCHEMA_VERSION, article_id, build_schema
from index.whoosh_engine.search import search
from index.whoosh_engine.store import POINTER_FILE, VERSION_FILE, IndexStore, live_dir, rebuild
from pipeline.core.errors import IndexMissing, StoreError
from pipeline.crawling.state import CrawlState
from pipeline.core.workspace import Workspace
from tests.relevance.corpus import curated_articles

ARTICLES = curated_articles()


def test_missing_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexMissing, match="crawl first"):
        IndexStore.open(tmp_path / "index")


def test_create_upsert_replaces_by_url_and_reader_sees_new_commits(tmp_path):
    store = IndexStore.open(tmp_path / "index", create=True)
    assert (tmp_path / "index" / POINTER_FILE).exists()
    store.upsert(ARTICLES[:10])
    assert search(store, "", limit=100).total == 10        # the kept searcher is now open
    changed = ARTICLES[0]
    changed.title = "A Completely Renamed Article About Zeppelins"
    store.upsert([changed, ARTICLES[10]])
    assert store.count() == 11
    r = search(store, "zeppelins")
    assert [h.url for h in r.hits] == [changed.url]         # reopened: no stale or duplicate hits
    assert r.hits[0].id == article_id(changed.url)
    assert list(store.path.glob("hubindex-cache-*.pickle")), "the writer leaves the search cache for readers"
    store.close()


def test_delete_removes_from_search_related_backlinks_and_facets(tmp_path):
    rebuild(tmp_path / "index", ARTICLES, procs=1)
    store = IndexStore.open(tmp_path / "index")
    target = next(a for a in ARTICLES if a.url.endswith("/how-to-become-an-engineering-manager/"))
    linker = next(a for a in ARTICLES if target.url in [r["url"] for r in a.related])
    before = search(store, "", limit=100).facets
    assert any(h.url == linker.url and "backlink" in h.reasons for h in related(store, target.url, limit=50))
    assert store.delete([linker.url]) == 1
    assert linker.url not in [h.url for h in search(store, "", limit=100).hits]
    assert all(h.url != linker.url for h in related(store, target.url, limit=50))
    after = search(store, "", limit=100).facets
    for t in linker.tags:
        assert after.get(t["facet"], {}).get(t["slug"], 0) == before[t["facet"]][t["slug"]] - 1
    with pytest.raises(Exception, match="not in the index"):
        related(store, linker.url)
    store.close()


def test_other_schema_version_says_to_reindex_and_reindex_fixes_it(tmp_path, capsys):
    ws = Workspace(tmp_path)
    rebuild(ws.index_path, ARTICLES[:5], procs=1)
    live = live_dir(ws.index_path)
    (live / VERSION_FILE).write_text(json.dumps({"schema_version": 1}))
    with pytest.raises(StoreError, match=r"run `run.py reindex`"):
        IndexStore.open(ws.index_path)
    assert run.main(["--index", str(tmp_path), "search", "x"]) == 1
    assert "run `run.py reindex`" in capsys.readouterr().err
    state = CrawlState(ws.state_path)
    state.store_articles(ARTICLES)
    state.close()
    assert run.main(["--index", str(tmp_path), "reindex", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == len(ARTICLES)
    assert live.exists(), "the replaced generation is kept for readers that still use it..."
    assert run.main(["--index", str(tmp_path), "reindex"]) == 0
    capsys.readouterr()
    assert not live.exists(), "...until the next reindex"
    store = IndexStore.open(ws.index_path)
    assert store.count() == len(ARTICLES)
    store.close()


def test_reindex_without_crawl_state_is_one_error_line(tmp_path, capsys):
    assert run.main(["--index", str(tmp_path), "reindex"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no crawl state") and len(err.splitlines()) == 1


def test_index_from_before_generations_is_read_and_moved_by_rebuild(tmp_path):
    root = tmp_path / "index"
    root.mkdir()
    ix = whoosh_index.create_in(str(root), build_schema())
    (root / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
    ix.close()
    store = IndexStore.open(root)
    store.upsert(ARTICLES[:3])
    assert store.count() == 3 and store.path == root
    store.close()
    rebuild(root, ARTICLES[:4], procs=1)
    assert live_dir(root) != root and not list(root.glob("MAIN*")) and not list(root.glob("_MAIN*"))
    store = IndexStore.open(root)
    assert store.count() == 4
    store.close()


def test_readers_never_see_a_half_built_index(tmp_path):
    root = tmp_path / "index"
    rebuild(root, ARTICLES[:7], procs=1)
    seen = set()
    done = threading.Event()

    def rebuild_twice():
        rebuild(root, ARTICLES, procs=1)
        rebuild(root, ARTICLES[:7], procs=1)
        done.set()

    t = threading.Thread(target=rebuild_twice)
    t.start()
    while not done.is_set():
        store = IndexStore.open(root)
        s, cache = store.reader()                 # one generation: its documents and its cache agree
        assert s.doc_count() == cache.live.bit_count()
        seen.add(s.doc_count())
        seen.add(search(store, "", limit=1).total)  # may follow a switch made meanwhile, never half of one
        store.close()
    t.join()
    assert seen <= {7, len(ARTICLES)}


def test_a_writer_opened_before_a_rebuild_writes_into_the_new_generation(tmp_path):
    root = tmp_path / "index"
    rebuild(root, ARTICLES[:5], procs=1)
    writer_store = IndexStore.open(root)
    rebuild(root, ARTICLES[:6], procs=1)
    writer_store.upsert([ARTICLES[20]])
    writer_store.close()
    store = IndexStore.open(root)
    assert store.count() == 7
    store.close()


def test_a_died_rebuild_leaves_the_live_index_untouched_and_is_cleaned_up(tmp_path):
    root = tmp_path / "index"
    rebuild(root, ARTICLES[:5], procs=1)

    def broken():
        yield ARTICLES[0]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        rebuild(root, broken(), procs=1)
    assert len(list(root.glob("gen-*"))) == 1
    store = IndexStore.open(root)
    assert store.count() == 5
    store.close()


def test_commits_merge_by_size_tier_and_keep_every_article(tmp_path):
    from index.whoosh_engine.store import MERGE_FACTOR

    articles = curated_articles()[:MERGE_FACTOR * 2 + 1]
    store = IndexStore.open(tmp_path / "index", create=True)
    counts = []
    for a in articles:                               # one commit (one new segment) per article
        store.upsert([a])
        counts.append(len(store.ix._segments()))
    # a full tier is merged into a segment of its own at the next commit, beside that commit's
    assert counts[:MERGE_FACTOR + 1] == list(range(1, MERGE_FACTOR + 1)) + [2]
    assert counts[MERGE_FACTOR * 2 - 1] == MERGE_FACTOR + 1   # the bigger one and a full tier again
    assert counts[-1] == 3                                     # two of the bigger tier, one new
    assert store.count() == len(articles)
    store.delete([a.url for a in articles[:3]])
    assert store.count() == len(articles) - 3
    store.close()


def test_background_writer_commits_each_batch_in_order(tmp_path):
    """Batches handed over while the writer commits wait their turn: one commit each, replies in
    order, a later version of an article replaces the earlier one, deletions after the articles."""
    import dataclasses

    from index.whoosh_engine.background import BackgroundWriter

    path = tmp_path / "index"
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[:10], [])                    # the writer starts on this one...
        edited = dataclasses.replace(ARTICLES[3], title="An edited title")
        writer.submit(ARTICLES[10:20] + [edited], [])       # ...while these queue up
        writer.submit(ARTICLES[20:30], [ARTICLES[0].url])
        assert [writer.wait() for _ in range(3)] == [10, 11, 10]
    finally:
        writer.close()
    store = IndexStore.open(path)
    try:
        with store.searcher() as s:
            urls = [f["url"] for f in s.all_stored_fields()]
        assert sorted(urls) == sorted(a.url for a in ARTICLES[1:30])            # no duplicate, one deleted
        assert store.get(ARTICLES[3].url).title == "An edited title"
    finally:
        store.close()


def test_background_writer_reports_an_index_it_cannot_open_without_a_traceback(tmp_path, capfd):
    from index.whoosh_engine.background import BackgroundWriter

    path = tmp_path / "index"
    store = IndexStore.open(path, create=True)
    store.upsert(ARTICLES[:3])
    live = store.path
    store.close()
    for toc in live.glob("_MAIN_*.toc"):
        toc.write_bytes(b"not a table of contents")
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[3:5], [])
        with pytest.raises(StoreError, match="index write failed: StoreError: cannot open the index"):
            writer.wait()
    finally:
        writer.close()
    assert "Traceback" not in capfd.readouterr().err


def test_the_writer_builds_the_search_cache_once_at_the_close(tmp_path):
    from index.whoosh_engine.background import BackgroundWriter
    from index.whoosh_engine.cache import CACHE_PREFIX

    path = tmp_path / "index"
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[:10], [])
        assert writer.wait() == 10
        time.sleep(0.5)
        assert not list(live_dir(path).glob(f"{CACHE_PREFIX}*.pickle"))
    finally:
        writer.close()
    assert list(live_dir(path).glob(f"{CACHE_PREFIX}*.pickle"))
