"""The fast indexing path (index.schema.FastPositions) gives exactly what Whoosh's analyzer chain gives."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from whoosh.analysis import RegexTokenizer, StemmingAnalyzer
from whoosh.formats import Positions

from index.whoosh_engine.schema import FastPositions, build_schema
from tests.relevance.corpus import hub_articles

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "realpages" / "pages"


def both(text: str, boost: float = 1.0, analyzer=None):
    analyzer = analyzer or StemmingAnalyzer()
    fast = list(FastPositions(field_boost=boost).word_values(text, analyzer, mode="index"))
    slow = list(Positions(field_boost=boost).word_values(text, analyzer, mode="index"))
    return fast, slow


def test_sample_hub_articles_index_the_same():
    for article in hub_articles(300):
        for text, boost in ((article.body, 1.0), (article.title, 4.0), (article.summary, 1.5)):
            fast, slow = both(text, boost)
            assert fast == slow


@pytest.mark.skipif(not REAL.is_dir(), reason="the real-page set is not beside the project")
def test_real_pages_index_the_same():
    pages = sorted(REAL.glob("*.gz"))
    for path in random.Random(3).sample(pages, min(60, len(pages))):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        fast, slow = both(text)
        assert fast == slow, path.name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiouy bcdstnrlmgk.,'-_*0123456789\u00e9\u0130\u00df\u4e2d\n")), max_size=300))
def test_any_text_indexes_the_same(text):
    fast, slow = both(text)
    assert fast == slow


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abzAZ09_* .\t\n,;:!?'\"()-/\\@#$%&+=<>[]{}|~`^\x00\x7f")), max_size=200))
def test_ascii_text_is_split_into_the_words_the_pattern_finds(text):
    """ASCII text is split by bytes.translate unless a dot stands between word characters: the
    same words, in the same order, as Whoosh's tokenizer pattern; and the same index values."""
    from index.whoosh_engine.schema import _ASCII_WORDS, _ascii_words

    assert _ascii_words(text) == _ASCII_WORDS.findall(text)
    assert [t.text for t in RegexTokenizer()(text)] == _ASCII_WORDS.findall(text)
    fast, slow = both(text)
    assert fast == slow


def test_other_analyzers_and_options_take_whooshs_path():
    text = "The Managers managed, the managing manager."
    analyzer = RegexTokenizer()
    fast = list(FastPositions().word_values(text, analyzer, mode="index"))
    assert fast == list(Positions().word_values(text, analyzer, mode="index"))
    fast = list(FastPositions().word_values(text, StemmingAnalyzer(), mode="index", start_pos=5))
    assert fast == list(Positions().word_values(text, StemmingAnalyzer(), mode="index", start_pos=5))


def test_the_schema_uses_the_fast_path_on_ranked_fields_and_stock_on_request():
    schema = build_schema()
    assert all(isinstance(schema[f].format, FastPositions) for f in ("title", "tagtext", "summary", "body"))
    assert schema["title"].format.field_boost == 4.0
    assert not isinstance(build_schema(fast=False)["body"].format, FastPositions)


def test_segments_are_written_without_block_length_stats_and_keep_field_lengths(tmp_path):
    from index.whoosh_engine.schema import LeanCodec
    from index.whoosh_engine.store import IndexStore

    articles = list(hub_articles(5))
    store = IndexStore.open(tmp_path / "index", create=True)
    store.upsert(articles[:3])
    store.upsert(articles[3:])
    s, cache = store.reader()
    segments = s.reader().leaf_readers()
    assert segments and all(isinstance(leaf.segment().codec(), LeanCodec) for leaf, _ in segments)
    reader = s.reader()
    for docnum in reader.all_doc_ids():
        assert reader.doc_field_length(docnum, "body") > 50
    assert sum(cache.lengths["body"]) > 0
    store.close()
