"""Segments written a term at a time (index.segments) hold exactly what Whoosh's own writer and
merge would write: every term's postings and statistics, stored fields, field lengths."""

from __future__ import annotations

import dataclasses

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import SegmentReader

import index.whoosh_engine.store as store_module
from index.whoosh_engine.schema import build_schema
from index.whoosh_engine.segments import BulkPool
from index.whoosh_engine.store import IndexStore, tier_to_merge, to_document
from tests.relevance.corpus import hub_articles

ARTICLES = list(hub_articles(260))
FACTOR = 3     # a small merge factor, so a few hundred articles go through several merges


def whoosh_merge(writer, segments):
    """The merge policy's tiers (tier_to_merge, with the MERGE_FACTOR the tests set), merged by
    Whoosh itself (add_reader into the writer's pool)."""
    group = tier_to_merge(segments)
    for seg in group:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in group]


def reference_index(path):
    path.mkdir()
    return whoosh_index.create_in(str(path), build_schema())


def whoosh_upsert(ix, articles):
    w = ix.writer(codec=W3Codec())
    for a in articles:
        w.update_document(**to_document(a))
    w.commit(mergetype=whoosh_merge)


def whoosh_delete(ix, urls):
    w = ix.writer(codec=W3Codec())
    for u in urls:
        w.delete_by_term("url", u)
    w.commit(mergetype=whoosh_merge)


def terms(reader):
    """Every term's live postings, by document URL (document numbers differ with segment order)."""
    urls = {d: stored["url"] for d, stored in reader.iter_docs()}
    out = {}
    for fieldname, btext in reader.all_terms():
        m = reader.postings(fieldname, btext)
        items = []
        while m.is_active():
            if fieldname.startswith("spell_"):
                # Whoosh's spelling words: their postings all name the segment's document 0 and
                # carry stray bytes as values (a Whoosh quirk); only the words and counts matter
                items.append((None, m.weight(), None))
            else:
                items.append((urls[m.id()], m.weight(), m.value()))
            m.next()
        if items:
            out[(fieldname, btext)] = sorted(items, key=repr)
    return out


def docs(reader):
    fields = [n for n in reader.schema.names() if reader.schema[n].scorable]
    return {stored["url"]: (stored, {f: reader.doc_field_length(d, f) for f in fields})
            for d, stored in reader.iter_docs()}


def test_batches_updates_deletions_and_merges_index_what_whoosh_indexes(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "MERGE_FACTOR", FACTOR)
    ours = IndexStore.open(tmp_path / "ours", create=True)
    ref = reference_index(tmp_path / "ref")
    edited = [dataclasses.replace(a, title=a.title + " revised", body=a.body + " A closing remark.")
              for a in ARTICLES[5:40:3]]
    steps = [("add", ARTICLES[i:i + 20]) for i in range(0, 120, 20)]
    steps += [("add", edited), ("delete", [a.url for a in ARTICLES[60:75]])]
    steps += [("add", ARTICLES[i:i + 35]) for i in range(120, len(ARTICLES), 35)]
    steps += [("delete", [a.url for a in ARTICLES[200:230]]), ("add", ARTICLES[:3])]
    for kind, batch in steps:
        if kind == "add":
            ours.upsert(batch)
            whoosh_upsert(ref, batch)
        else:
            ours.delete(batch)
            whoosh_delete(ref, batch)
    assert len(ours.ix._segments()) < len(steps) - 4     # merges happened, deleted documents among them
    with ours.ix.reader() as mine, ref.reader() as theirs:
        assert mine.doc_count() == theirs.doc_count() == len(ARTICLES) - 45
        assert docs(mine) == docs(theirs)
        mine_terms, their_terms = terms(mine), terms(theirs)
        assert mine_terms.keys() == their_terms.keys()
        assert mine_terms == their_terms
        assert any(len(p) > 128 for p in mine_terms.values())      # several blocks per list too
    ours.close()


def _segment_terms(reader):
    """Every term's statistics and postings, document numbers included."""
    out = {}
    for fieldname, btext in reader.all_terms():
        info = reader.term_info(fieldname, btext)
        m = reader.postings(fieldname, btext)
        items = []
        while m.is_active():
            items.append((m.id(), m.weight(), m.value()))
            m.next()
        out[(fieldname, btext)] = (info.weight(), info.doc_frequency(), info.max_weight(),
                                   info.min_id(), info.max_id(), items)
    return out


@pytest.mark.parametrize("deleted", [0, 7])
def test_a_merged_segment_is_the_one_whoosh_would_write(tmp_path, monkeypatch, deleted):
    """Three segments merged by a commit that adds nothing: the same documents in the same order,
    so every term's statistics and document numbers must match Whoosh's merge exactly."""
    monkeypatch.setattr(store_module, "MERGE_FACTOR", FACTOR)
    ours = IndexStore.open(tmp_path / "ours", create=True)
    ref = reference_index(tmp_path / "ref")
    for i in range(0, 150, 50):
        if i == 100 and deleted:      # deleted from the first segment (before any merge)
            ours.delete([a.url for a in ARTICLES[40:40 + deleted]])
            whoosh_delete(ref, [a.url for a in ARTICLES[40:40 + deleted]])
        ours.upsert(ARTICLES[i:i + 50])
        whoosh_upsert(ref, ARTICLES[i:i + 50])
    assert len(ours.ix._segments()) == len(ref._segments()) == FACTOR
    w = ours._writer()
    w.commit(mergetype=store_module.merge_tiered)
    w = ref.writer(codec=W3Codec())
    w.commit(mergetype=whoosh_merge)
    assert len(ours.ix._segments()) == len(ref._segments()) == 1
    with ours.ix.reader() as mine, ref.reader() as theirs:
        assert [s for _, s in mine.iter_docs()] == [s for _, s in theirs.iter_docs()]
        assert docs(mine) == docs(theirs)
        assert _segment_terms(mine) == _segment_terms(theirs)
    ours.close()


def test_one_commit_writes_the_terms_whoosh_writes(tmp_path):
    """One batch through BulkPool and the term-at-a-time writer against Whoosh's pool and writer."""
    ours = IndexStore.open(tmp_path / "ours", create=True)
    ours.upsert(ARTICLES[:150])
    ref = reference_index(tmp_path / "ref")
    whoosh_upsert(ref, ARTICLES[:150])
    with ours.ix.reader() as mine, ref.reader() as theirs:
        assert _segment_terms(mine) == _segment_terms(theirs)
        assert docs(mine) == docs(theirs)
    ours.close()


def test_bulk_pool_iterates_like_whooshs_pool():
    pool = BulkPool()
    items = [("title", b"b", 2, 1.0, b"x"), ("body", b"z", 0, 2.0, b"y"), ("title", b"b", 0, 1.0, b"w"),
             ("spell_title", b"c", 0, 1, b"v"), ("spell_title", b"c", 0, 1, b"u"), ("title", b"a", 1, 1.0, b"")]
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items)


def test_term_postings_reads_what_whooshs_matchers_read(tmp_path):
    """The block-at-a-time reader used for impact lists gives each segment's postings (deleted
    documents included) exactly as Whoosh's matchers do."""
    from index.whoosh_engine.cache import term_postings

    store = IndexStore.open(tmp_path / "ix", create=True)
    for i in range(0, 150, 30):
        store.upsert(ARTICLES[i:i + 30])
    store.delete([a.url for a in ARTICLES[10:20]])
    with store.ix.reader() as reader:
        words = [t for f, t in reader.all_terms() if f == "body"][::50] + [b"the-missing-word"]
        for field in ("body", "title", "tagtext"):
            for word in words:
                ours = [(list(ids), list(ws), off) for ids, ws, off in term_postings(reader, field, word)]
                theirs = []
                for leaf, off in reader.leaf_readers():
                    if (field, word) in leaf:
                        m = leaf._terms.matcher(field, word, leaf.schema[field].format)
                        pairs = []
                        while m.is_active():
                            pairs.append((m.id(), m.weight()))
                            m.next()
                        theirs.append(pairs)
                assert [list(zip(ids, ws)) for ids, ws, _ in ours] == theirs
    store.close()
