"""index.mapped: segment files are read from the memory map, not copied into each process."""

from __future__ import annotations

import io
import pickle
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from index.whoosh_engine.mapped import MappedView
from index.whoosh_engine.store import IndexStore, rebuild
from tests.relevance.corpus import hub_articles

OPS = st.lists(st.one_of(
    st.tuples(st.just("read"), st.integers(-1, 70)),
    st.tuples(st.just("readline"), st.integers(-1, 70)),
    st.tuples(st.just("seek"), st.integers(0, 90)),
    st.tuples(st.just("seek_cur"), st.integers(-20, 20)),
    st.tuples(st.just("seek_end"), st.integers(-60, 0)),
    st.tuples(st.just("readinto"), st.integers(0, 30)),
), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80).map(lambda b: b.replace(b"\x00", b"\n")), OPS)
def test_mapped_view_reads_like_bytesio(data, ops):
    ours, ref = MappedView(memoryview(data)), io.BytesIO(data)
    for op, n in ops:
        if op in ("read", "readline"):
            assert getattr(ours, op)(n) == getattr(ref, op)(n)
        elif op == "readinto":
            a, b = bytearray(n), bytearray(n)
            assert ours.readinto(a) == ref.readinto(b) and a == b
        else:
            whence = {"seek": 0, "seek_cur": 1, "seek_end": 2}[op]
            assert ours.seek(n, whence) == ref.seek(n, whence)
        assert ours.tell() == ref.tell()
    assert list(MappedView(memoryview(data))) == list(io.BytesIO(data))


def test_pickles_load_through_a_view():
    blob = pickle.dumps({"a": [1, 2, 3], "b": "x" * 300}) + pickle.dumps(("second", 2))
    view = MappedView(memoryview(blob))
    assert pickle.load(view) == {"a": [1, 2, 3], "b": "x" * 300}
    assert pickle.load(view) == ("second", 2)


def test_opening_a_reader_does_not_copy_the_segments(tmp_path):
    """Whoosh would copy each sub-file of a compound segment (term table, postings) into a
    BytesIO when a reader opens: the whole index in every process's memory."""
    rebuild(tmp_path / "index", list(hub_articles(600)), procs=1)
    segments = sum(f.stat().st_size for f in (tmp_path / "index").rglob("*.seg"))
    assert segments > 2_000_000
    store = IndexStore.open(tmp_path / "index")
    tracemalloc.start()
    try:
        searcher, _ = store.reader()
        searcher.reader().doc_frequency("body", "engin")
        list(searcher.reader().postings("body", "engin").all_ids())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        store.close()
    assert peak < segments / 4, (peak, segments)


def test_mapped_storage_reads_what_stock_whoosh_reads(tmp_path):
    """Parity: the same index opened through MappedStorage and through Whoosh's own FileStorage
    gives the same stored fields, terms and postings."""
    from whoosh.filedb.filestore import FileStorage

    from index.whoosh_engine.layout import live_dir
    from index.whoosh_engine.mapped import MappedStorage

    rebuild(tmp_path / "index", list(hub_articles(120)), procs=1)
    path = str(live_dir(tmp_path / "index"))
    ours, stock = MappedStorage(path).open_index(), FileStorage(path).open_index()
    with ours.reader() as a, stock.reader() as b:
        assert a.doc_count() == b.doc_count() > 0
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        for field in ("title", "body", "facets"):
            terms = list(b.lexicon(field))
            assert list(a.lexicon(field)) == terms
            for term in terms[:: max(1, len(terms) // 50)]:
                pa, pb = a.postings(field, term), b.postings(field, term)
                assert list(pa.items_as("frequency")) == list(pb.items_as("frequency"))
    ours.close()
    stock.close()
