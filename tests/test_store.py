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


def test_commits_near_a_crawls_end_leave_a_big_merge_for_the_next_writer(tmp_path, monkeypatch):
    """A merge due near the end of a crawl is left for later when it would rewrite more than
    END_MERGE_MAX articles (a small one still runs); the next writer process does it first."""
    import index.whoosh_engine.store as store_module
    from index.whoosh_engine.background import BackgroundWriter

    factor = store_module.MERGE_FACTOR
    store = IndexStore.open(tmp_path / "index", create=True)
    for a in ARTICLES[:factor]:
        store.upsert([a])                               # a full tier of one-article segments
    monkeypatch.setattr(store_module, "END_MERGE_MAX", factor - 1)
    store.upsert([ARTICLES[factor]], near_end=True)
    assert len(store.ix._segments()) == factor + 1      # left for later
    monkeypatch.setattr(store_module, "END_MERGE_MAX", factor + 1)
    store.upsert([ARTICLES[factor + 1]], near_end=True)  # small enough: merged as usual
    assert len(store.ix._segments()) == 2               # the merged tier, the new segment
    for a in ARTICLES[factor + 2:2 * factor + 1]:
        store.upsert([a])                               # a full tier again...
    monkeypatch.setattr(store_module, "END_MERGE_MAX", 0)
    store.delete([ARTICLES[0].url], near_end=True)      # ...its merge left for later by deletions too
    assert len(store.ix._segments()) == factor + 1
    before = store.ix.latest_generation()
    store.close()
    writer = BackgroundWriter(tmp_path / "index")       # its own process: the real END_MERGE_MAX
    try:
        writer.submit(ARTICLES[2 * factor + 1:2 * factor + 3], [], near_end=True)
        assert writer.wait() == 2
    finally:
        writer.close()
    store = IndexStore.open(tmp_path / "index")
    try:
        assert len(store.ix._segments()) == 3           # the merged tiers and the new batch's segment
        assert store.ix.latest_generation() == before + 2   # the merge first, in a commit of its own
        assert store.count() == 2 * factor + 2
    finally:
        store.close()


def test_background_writer_gathers_queued_batches_into_one_commit(tmp_path):
    """Batches that queue up while the writer commits go into one commit; each still gets its
    reply in order, an article sent twice is indexed once (its later version), and a batch with
    deletions is committed on its own, after the batches before it."""
    import dataclasses

    from index.whoosh_engine.background import BackgroundWriter

    path = tmp_path / "index"
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[:10], [])                    # the writer starts on this one...
        edited = dataclasses.replace(ARTICLES[3], title="An edited title for gathering")
        writer.submit(ARTICLES[10:20] + [edited], [])       # ...while these queue up
        writer.submit(ARTICLES[20:30], [])
        writer.submit([], [ARTICLES[0].url])
        assert [writer.wait() for _ in range(4)] == [10, 11, 10, 0]
    finally:
        writer.close()
    store = IndexStore.open(path)
    try:
        with store.searcher() as s:
            urls = [f["url"] for f in s.all_stored_fields()]
            generation = s.reader().generation()
        assert sorted(urls) == sorted(a.url for a in ARTICLES[1:30])            # no duplicate, one deleted
        assert store.get(ARTICLES[3].url).title == "An edited title for gathering"
        assert generation < 4                 # fewer commits than batches (gathered)
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


def _stored(store) -> dict[str, dict]:
    with store.searcher() as s:
        return {f["url"]: f for f in s.all_stored_fields()}


def test_a_segment_written_aside_is_adopted_like_an_upsert(tmp_path):
    """write_aside writes articles into a segment of its own, without the index's lock (while a
    writer commits other batches); adopt makes it part of the live index in one commit. The
    index then holds what an upsert of the same articles gives: articles it already had are
    replaced, none twice, every field and term as upsert writes them."""
    import dataclasses

    from index.whoosh_engine.store import write_aside

    edited = [dataclasses.replace(a, title=f"Edited title {i}") for i, a in enumerate(ARTICLES[10:15])]
    batch = edited + ARTICLES[15:30]
    stores = {}
    for name in ("upsert", "aside"):
        store = IndexStore.open(tmp_path / name, create=True)
        store.upsert(ARTICLES[:15])
        if name == "upsert":
            store.upsert(batch, near_end=True)
        else:
            lock = store.ix.lock("WRITELOCK")           # another writer holds the lock meanwhile
            assert lock.acquire(blocking=False)
            try:
                side, written = write_aside(tmp_path / name, batch)
            finally:
                lock.release()
            assert written == len(batch) and side.parent == tmp_path / name
            assert store.adopt(side, near_end=True) == len(batch)
            assert not side.exists()
        stores[name] = store
    try:
        assert stores["aside"].count() == stores["upsert"].count() == 30
        assert _stored(stores["aside"]) == _stored(stores["upsert"])
        assert stores["aside"].get(ARTICLES[12].url).title == "Edited title 2"
        for query in ("engineering manager", "Edited title", "nursing"):
            assert [h.url for h in search(stores["aside"], query, limit=50).hits] == \
                [h.url for h in search(stores["upsert"], query, limit=50).hits]
        assert stores["aside"].path.parent == tmp_path / "aside"
        assert not list((tmp_path / "aside").glob("side-*"))
    finally:
        for store in stores.values():
            store.close()


def test_writing_aside_gives_back_what_the_caller_takes(tmp_path):
    """take_back(written, remaining), asked after each article, takes articles from the end of
    those not written yet: the segment holds the rest."""
    from index.whoosh_engine.store import write_aside

    asked = []

    def take_back(written, remaining):
        asked.append((written, len(remaining)))
        return 4 if written == 3 else 0

    side, written = write_aside(tmp_path / "index", ARTICLES[:12], take_back)
    assert written == 8 and asked[:4] == [(1, 11), (2, 10), (3, 9), (4, 4)] and asked[-1] == (7, 1)
    store = IndexStore.open(tmp_path / "index", create=True)
    try:
        assert store.adopt(side) == 8
        assert sorted(_stored(store)) == sorted(a.url for a in ARTICLES[:8])
    finally:
        store.close()


def test_a_segment_aside_that_cannot_be_read_changes_nothing(tmp_path):
    from index.whoosh_engine.store import write_aside

    store = IndexStore.open(tmp_path / "index", create=True)
    try:
        store.upsert(ARTICLES[:5])
        before = _stored(store)
        side, _ = write_aside(tmp_path / "index", ARTICLES[5:8])
        for toc in side.glob("_MAIN_*.toc"):
            toc.write_bytes(b"not a table of contents")
        with pytest.raises(StoreError, match="cannot read the segment written aside"):
            store.adopt(side)
        assert not side.exists()
        assert _stored(store) == before
    finally:
        store.close()


def test_a_writer_removes_segments_a_dead_crawl_left_aside(tmp_path):
    """A crawl killed between writing a segment aside and its adoption leaves the directory;
    the next crawl's writer removes it (the crawl redoes those pages) and the index is as before."""
    from index.whoosh_engine.background import BackgroundWriter
    from index.whoosh_engine.store import write_aside

    path = tmp_path / "index"
    store = IndexStore.open(path, create=True)
    store.upsert(ARTICLES[:3])
    store.close()
    side, _ = write_aside(path, ARTICLES[3:6])
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[6:8], [])
        assert writer.wait() == 2
        assert not side.exists()
    finally:
        writer.close()
    store = IndexStore.open(path)
    try:
        assert sorted(_stored(store)) == sorted(a.url for a in ARTICLES[:3] + ARTICLES[6:8])
    finally:
        store.close()


def test_background_writer_adopts_a_segment_written_aside_after_the_batches_before_it(tmp_path):
    """submit_aside writes the segment in the calling process and the writer adopts it in order:
    a batch submitted before it (here by take_back, while it is written) is committed first,
    and each gets its reply."""
    from index.whoosh_engine.background import BackgroundWriter

    path = tmp_path / "index"
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[:10], [])

        def take_back(written, remaining):
            if written == 5:
                writer.submit(remaining[-5:], [])
                return 5
            return 0

        assert writer.submit_aside(ARTICLES[10:30], [ARTICLES[0].url], take_back=take_back) == 15
        assert [writer.wait() for _ in range(3)] == [10, 5, 15]
    finally:
        writer.close()
    store = IndexStore.open(path)
    try:
        assert sorted(_stored(store)) == sorted(a.url for a in ARTICLES[1:30])
        assert not list(path.glob("side-*"))
    finally:
        store.close()


def test_after_a_crawls_last_batch_the_writer_builds_the_search_cache_before_the_close(tmp_path):
    """A batch marked last (the crawl's final one) is followed by nothing until the close, so
    the writer builds the search cache right after committing it, while the crawl writes its
    state; the close then finds it done. A batch that is not last leaves it to the close."""
    from index.whoosh_engine.background import BackgroundWriter
    from index.whoosh_engine.cache import CACHE_PREFIX

    path = tmp_path / "index"
    writer = BackgroundWriter(path)
    try:
        writer.submit(ARTICLES[:10], [])
        assert writer.wait() == 10
        writer.submit(ARTICLES[10:20], [], last=True)
        assert writer.wait() == 10
        live = live_dir(path)
        deadline = time.monotonic() + 20
        while not list(live.glob(f"{CACHE_PREFIX}*.pickle")) and time.monotonic() < deadline:
            time.sleep(0.01)
        caches = list(live.glob(f"{CACHE_PREFIX}*.pickle"))
        assert len(caches) == 1
        store = IndexStore.open(path)
        try:
            assert store.reader()[1].generation == store.ix.latest_generation()   # the cache of the last commit
        finally:
            store.close()
    finally:
        writer.close()
    assert list(live.glob(f"{CACHE_PREFIX}*.pickle")) == caches


def test_a_batch_not_last_leaves_the_search_cache_to_the_close(tmp_path):
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
