"""The PostgreSQL backend's per-generation article sets (index/postgres/docsets.py): totals, facet
counts and the newest-first candidates they give equal what SQL computes over the same rows (and
what SqlCounts, used until a generation's sets are read, gives), and an index that has read them
sees every commit, its own or another process's, at once."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import psycopg
import pytest

from index import Filters, open_index
from index.postgres.analysis import Analyzer
from index.postgres.backend import PostgresIndex
from index.postgres.docsets import DocSets, SqlCounts, docs_from_mask, mask_from_docs, split_top
from index.postgres.search import filter_sql, parse
from pipeline.core.config import IndexSettings
from pipeline.core.models import Article
from tests.relevance.corpus import BASE, curated_articles

ARTICLES = curated_articles()
HUB = BASE + "/knowledge-hub/"


@pytest.fixture
def filled(pg_url, tmp_path):
    """(url, an open index) holding ARTICLES, written in batches as a crawl writes them."""
    index = open_index(tmp_path, settings=IndexSettings(backend="postgresql", url=pg_url))
    for i in range(0, len(ARTICLES), 25):
        index.upsert(ARTICLES[i:i + 25])
    yield pg_url, index
    index.close()


def quokka(n: int = 1) -> Article:
    """A new article with a word and a facet value no other article has."""
    a = ARTICLES[0]
    return Article.from_dict({**a.to_dict(), "url": f"{HUB}quokka-{n}/", "title": f"Quokka engineering careers {n}",
                              "tags": [{"facet": "topic", "slug": "quokkas", "label": "Quokkas"}], "related": []})


def test_split_top_splits_only_a_top_level_of_one_operator():
    assert split_top("'a' & 'b' & 'c'", "&") == ["'a'", "'b'", "'c'"]
    assert split_top("'a' | 'b'", "|") == ["'a'", "'b'"]
    assert split_top("'a' | 'b'", "&") == ["'a' | 'b'"]
    assert split_top("'a' | 'b' & 'c'", "|") == ["'a' | 'b' & 'c'"]       # mixed: read as a whole
    assert split_top("('a' <-> 'b') & 'c'", "&") == ["('a' <-> 'b')", "'c'"]
    assert split_top("('a' | 'b') & 'c'", "&") == ["('a' | 'b')", "'c'"]
    assert split_top("'it''s' & 'x&y'", "&") == ["'it''s'", "'x&y'"]
    assert split_top("'a'", "&") == ["'a'"]


def test_masks_hold_exactly_their_articles():
    for docs, base in (([], 0), ([7], 7), ([3, 9, 10, 64, 65, 1000], 3), (list(range(500, 900, 3)), 500)):
        mask = mask_from_docs(docs, base)
        assert mask.bit_count() == len(docs)
        assert docs_from_mask(mask, base) == sorted(docs)


QUERIES = ["career", "engineering management", '"engineering management"', "cybersecurity xylophoneword",
           "online degree", "how do i pay for graduate school", "nursing"]
FILTERS = [Filters(), Filters(facets={"topic": ["career-advancement"]}),
           Filters(facets={"topic": ["career-advancement", "online-learning"], "area_of_study": ["engineering"]}),
           Filters(since=datetime(2023, 1, 1, tzinfo=timezone.utc)),
           Filters(until=datetime(2023, 6, 30, tzinfo=timezone.utc), facets={"area_of_study": ["business"]}),
           Filters(site=ARTICLES[0].site), Filters(site="elsewhere"),
           Filters(authors=[next(a.author[0] for a in ARTICLES if a.author).upper()])]


def test_totals_and_facet_counts_equal_a_group_by_over_the_matches(filled):
    url, _ = filled
    analyzer = Analyzer()
    with psycopg.connect(url) as conn:
        conn.execute("SET enable_seqscan = off")
        generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
        assert DocSets.load(conn, generation, max_span=len(ARTICLES) - 1) is None      # too large: none
        assert DocSets.load(conn, generation, facet_bytes=10) is None
        sets = DocSets.load(conn, generation)
        in_sql = SqlCounts({})
        assert sets.live.bit_count() == len(ARTICLES)
        checked = 0
        for text in QUERIES:
            parsed = parse(conn, analyzer, text)
            for query in dict.fromkeys((parsed.match, parsed.some, parsed.rank)):
                for filters in FILTERS:
                    fsql, params = filter_sql(filters)
                    rows = conn.execute(f"SELECT f, count(*) FROM hub_search s, unnest(s.facets) f "
                                        f"WHERE s.tsv @@ %s::tsquery{fsql} GROUP BY f", [query, *params]).fetchall()
                    total = conn.execute(f"SELECT count(*) FROM hub_search s WHERE s.tsv @@ %s::tsquery{fsql}",
                                         [query, *params]).fetchone()[0]
                    mask = sets.matching(conn, query) & sets.passing(conn, filters)
                    assert sets.counts(mask, True) == (total, dict(rows)), (text, query, filters)
                    assert sets.counts(mask, False) == (total, {})
                    for counter in (sets, in_sql):
                        assert counter.count(conn, query, filters, True) == (total, dict(rows))
                        assert counter.count(conn, query, filters, False) == (total, {})
                    if not parsed.match:
                        continue
                    every = conn.execute(f"SELECT count(*) FROM hub_search s WHERE true{fsql}", params).fetchone()[0]
                    assert sets.count(conn, None, filters, False) == in_sql.count(conn, None, filters, False) \
                        == (every, {})
                    checked += total > 0
        assert checked > 20          # most combinations match something


def test_newest_candidates_follow_the_search_order_both_ways(filled):
    url, _ = filled
    with psycopg.connect(url) as conn:
        generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
        sets = DocSets.load(conn, generation)
        for query in ("'career'", "'graduat'", "'engin' & 'manag'"):
            every = [d for (d,) in conn.execute(
                "SELECT doc FROM hub_search WHERE tsv @@ %s::tsquery ORDER BY published DESC NULLS LAST, doc DESC",
                [query]).fetchall()]
            assert every
            skip = set(every[1::3])
            want = [d for d in every if d not in skip]
            mask = sets.matching(conn, query)
            for n in (1, 5, len(every)):
                # a small set is listed and sorted; a big one found walking the order: the same answer
                assert sets.newest_of(mask, skip, n, few=10**9) == want[:n]
                assert sets.newest_of(mask, skip, n, few=0) == want[:n]
                assert SqlCounts({}).newest(conn, query, Filters(), skip, n) == want[:n]


def twice(index, text, filters=None):
    """A search asked twice: the first of a generation counts in SQL, the second from the sets
    it has read. Both must give the same answer."""
    first, second = index.search(text, filters), index.search(text, filters)
    assert first == second
    return second


def test_an_index_with_warm_sets_sees_its_own_and_other_writers_commits(filled):
    url, writer = filled
    reader = PostgresIndex.open(url, sets_in_background=False)    # another server; reads the sets at once
    try:
        before = twice(reader, "engineering careers")
        assert twice(reader, "quokka").total == 0
        assert "quokkas" not in before.facets.get("topic", {})
        writer.upsert([quokka(1)])                     # another process commits
        after = twice(reader, "engineering careers")
        assert after.total == before.total + 1 and after.facets["topic"]["quokkas"] == 1
        assert [h.url for h in twice(reader, "quokka").hits] == [quokka(1).url]
        assert reader.counts("engineering", [Filters(facets={"topic": ["quokkas"]})]) == [1]
        assert {v["slug"]: v["count"] for v in reader.facets(Filters(site=ARTICLES[0].site))["topic"]}["quokkas"] == 1
        reader.upsert([quokka(2)])                     # its own commit
        assert twice(reader, "quokka").total == 2
        assert twice(reader, "quokka", Filters(facets={"topic": ["quokkas"]})).total == 2
        writer.delete([quokka(1).url, quokka(2).url])
        assert twice(reader, "quokka").total == 0
        assert twice(reader, "engineering careers") == before
        assert reader.counts("engineering", [Filters(facets={"topic": ["quokkas"]})]) == [0]
    finally:
        reader.close()


def test_sets_read_in_the_background_answer_as_sql_does(filled):
    url, _ = filled
    index = PostgresIndex.open(url)
    try:
        answers = [index.search(text, f) for text in QUERIES for f in FILTERS[:3]]
        for _ in range(50):                  # meanwhile the sets are read in the background
            assert [index.search(text, f) for text in QUERIES for f in FILTERS[:3]] == answers
            if index._sets is not None:
                break
            time.sleep(0.05)
        assert index._sets is not None
        assert [index.search(text, f) for text in QUERIES for f in FILTERS[:3]] == answers
    finally:
        index.close()


def test_related_after_a_delete_never_lists_the_deleted_article(filled):
    _, index = filled
    url = HUB + "cybersecurity-trends/"
    first = [h for h in index.related(url, limit=10) if h.reason != "editor"]
    assert first
    gone = first[0].url
    assert index.delete([gone]) == 1
    again = index.related(url, limit=10)
    assert gone not in [h.url for h in again] and len(again) >= 3


def test_word_frequencies_in_sql_come_from_the_statistics_once_analysed(filled):
    """Before the sets are read, whether a word is in more than half of the articles is read from
    ANALYZE's statistics (no count of its thousands of matches); a phrase, or a table never
    analysed, is counted. The first group then agrees with the sets' exact answer."""
    from index.postgres.related import lexeme_frequencies

    url, _ = filled
    analyzer = Analyzer()
    with psycopg.connect(url) as conn:
        never = SqlCounts({}, lambda: lexeme_frequencies(conn)[0])
        exact = conn.execute("SELECT count(*) FROM hub_search WHERE tsv @@ %s::tsquery", ["'graduat'"]).fetchone()[0]
        assert never.frequency(conn, "'graduat'") == exact             # no statistics yet: counted
        conn.execute("ANALYZE hub_search")
        shares = lexeme_frequencies(conn)[0]
        assert "graduat" in shares
        estimated = SqlCounts({}, lambda: shares)
        assert abs(estimated.frequency(conn, "'graduat'") - exact) <= 0.1 * len(ARTICLES)
        assert estimated.frequency(conn, "'xylophoneword'") == 0       # not listed: rarer than any listed
        phrase = "('engin' <-> 'manag')"
        assert estimated.frequency(conn, phrase) == conn.execute(
            "SELECT count(*) FROM hub_search WHERE tsv @@ %s::tsquery", [phrase]).fetchone()[0]
        generation = conn.execute("SELECT generation FROM hub_meta").fetchone()[0]
        sets = DocSets.load(conn, generation)
        for text in ("how to make an engineering career", "graduate programs online", "engineering manager skills"):
            parsed = parse(conn, analyzer, text)
            assert parsed.first_group(conn, SqlCounts({}, lambda: shares)) == parsed.first_group(conn, sets), text
