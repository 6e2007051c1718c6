"""Search: ranking, words matched, filters, facet counts, paging, snippets, suggestions, safety."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

import run
from index.whoosh_engine.search import Filters, facet_list, search, show
from pipeline.core.errors import UnknownValue
from index.whoosh_engine.schema import article_id
from index.whoosh_engine.store import IndexStore, rebuild
from tests.relevance.corpus import curated_articles

ARTICLES = curated_articles()
BY_SLUG = {a.url.rstrip("/").rsplit("/", 1)[1]: a for a in ARTICLES}


def slugs(result):
    return [h.url.rstrip("/").rsplit("/", 1)[1] for h in result.hits]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "index"
    rebuild(root, ARTICLES, procs=1)
    s = IndexStore.open(root)
    yield s
    s.close()


def test_title_match_ranks_first_and_stemming_applies(store):
    r = search(store, "engineering managers skill")
    assert slugs(r)[0] == "emerging-engineering-manager-skills"
    assert r.all_words >= 3 and r.total >= r.all_words


def test_phrase_must_match_in_order(store):
    loose = search(store, "management engineering", limit=100)
    phrase = search(store, '"engineering management"', limit=100)
    assert 0 < phrase.total <= loose.total
    assert "what-can-i-do-with-a-masters-in-engineering-management" in slugs(phrase)


def test_articles_with_some_of_the_words_follow_those_with_every_word(store):
    r = search(store, "cybersecurity xylophoneword")
    assert r.matched == "partial" and r.total > 0 and r.all_words == 0
    assert slugs(r)[0] in ("cybersecurity-trends", "start-a-cybersecurity-career")
    # every article with all the words comes before every article with only some of them,
    # although a partial match may score higher on its own
    r = search(store, "engineering manager skills", limit=100)
    from index.whoosh_engine.schema import text_analyzer

    from index.querytext import COMMON_SHARE

    analyzer = text_analyzer()

    def words(a):
        return {t.text for t in analyzer(" ".join([a.title, a.summary, a.body] + [t["label"] for t in a.tags]))}
    indexed = [words(a) for a in BY_SLUG.values()]
    # the words the first group needs: those in at most half of the articles ("skill" is in more)
    every = {w for w in (t.text for t in analyzer("engineering manager skills"))
             if sum(w in x for x in indexed) <= COMMON_SHARE * len(indexed)}
    assert every and len(every) < 3

    flags = [every <= words(BY_SLUG[x]) for x in slugs(r)]
    assert 0 < r.all_words < r.total == len(flags)
    assert flags == [True] * r.all_words + [False] * (r.total - r.all_words)
    # the article the issue of "skills" hid: it never says "skill", and is still found
    assert "how-to-become-an-engineering-manager" in slugs(r)[:r.all_words]


def test_total_and_facet_counts_cover_the_whole_result_set(store):
    r = search(store, "career", limit=3)
    everything = search(store, "career", limit=100)
    assert len(r.hits) == 3 and r.total == everything.total
    expected: dict = {}
    for slug in slugs(everything):
        for t in BY_SLUG[slug].tags:
            expected.setdefault(t["facet"], {}).setdefault(t["slug"], 0)
            expected[t["facet"]][t["slug"]] += 1
    assert r.facets == {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in sorted(expected.items())}


def test_paging_is_disjoint_and_complete(store):
    pages = [search(store, "graduate", limit=5, page=p) for p in range(1, 20)]
    seen = [u for p in pages for u in slugs(p)]
    assert len(seen) == len(set(seen)) == pages[0].total
    assert search(store, "graduate", limit=5, page=999).hits == []


def test_filters_combine_or_within_and_across(store):
    f = Filters(facets={"topic": ["career-advancement", "industry-trends"], "area_of_study": ["engineering"]})
    r = search(store, "", f, limit=100)
    expected = {s for s, a in BY_SLUG.items()
                if {t["slug"] for t in a.tags} & {"career-advancement", "industry-trends"}
                and any(t["slug"] == "engineering" for t in a.tags)}
    assert set(slugs(r)) == expected and r.total == len(expected)


def test_author_site_and_date_filters(store):
    a = BY_SLUG["value-of-masters-degree"]
    r = search(store, "", Filters(authors=[a.author[0].upper()]), limit=100)
    assert "value-of-masters-degree" in slugs(r)
    assert all(a.author[0] in h.author for h in r.hits)
    with pytest.raises(UnknownValue, match="unknown site 'elsewhere'; sites in the index: sample-hub"):
        search(store, "", Filters(site="elsewhere"))
    since = datetime(2025, 1, 1, tzinfo=timezone.utc)
    r = search(store, "", Filters(since=since), limit=100)
    assert r.total == sum(1 for x in ARTICLES if x.published and x.published >= since)
    assert all(h.published >= "2025-01-01" for h in r.hits)
    until = datetime(2022, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    r = search(store, "degree", Filters(since=datetime(2022, 1, 1, tzinfo=timezone.utc), until=until), limit=100)
    assert r.hits and all(h.published[:4] == "2022" for h in r.hits)


def test_empty_query_lists_newest_first_and_sort_orders_by_date(store):
    r = search(store, "", limit=100)
    dates = [h.published for h in r.hits]
    assert r.total == len(ARTICLES) and dates == sorted(dates, reverse=True)
    old = search(store, "degree", sort="oldest", limit=100)
    assert [h.published for h in old.hits] == sorted(h.published for h in old.hits)
    assert all(h.score is None for h in old.hits)


def test_snippets_mark_the_matched_words(store):
    r = search(store, "scholarships grants")
    assert "[[" in r.hits[0].highlight and "]]" in r.hits[0].highlight
    marked = r.hits[0].highlight.split("[[")[1].split("]]")[0].lower()
    assert marked.startswith(("scholarship", "grant"))


def test_snippet_window_picks_the_densest_fragment_and_survives_words_longer_than_it():
    from index.whoosh_engine.snippets import _stem, snippet

    text = ("Budget talk. " + "filler words here " * 30 + "A scholarship and a grant together. "
            + "more filler " * 30 + "Only a grant.")
    out = snippet(text, {_stem("scholarship"), _stem("grant")})
    assert "[[scholarship]] and a [[grant]]" in out and "Only a" not in out
    # a matching "word" longer than the window used to crash the fragment choice
    long = "b" * 200
    assert snippet(f"a {long} c", {_stem(long)}) == ""
    assert snippet(f"a {long} c grant", {_stem(long), _stem("grant")}, window=40) == "... c [[grant]]"


def test_did_you_mean_from_the_index_vocabulary(store):
    r = search(store, "cybersecurty")
    assert r.suggestions and r.suggestions[0] == "cybersecurity"
    assert search(store, "cybersecurity").suggestions == []


@pytest.mark.parametrize("text", ['a* OR (b~5 AND title:c^9)', "((((((" * 1000, '"unclosed phrase', "*a*",
                                  "word~5", "[a TO z]", "NOT AND OR", "\x00\x01", "x" * 5000, "é ü ß 日本語",
                                  "title:engineering^100", "-career +data"])
def test_odd_input_never_raises_and_stays_fast(store, text):
    t0 = time.monotonic()
    r = search(store, text)
    assert r.total >= 0
    assert time.monotonic() - t0 < 1.0


@pytest.mark.parametrize("text", ["the and of", "c++", "A.I.", "\U0001F600", "?!", "a b c"])
def test_a_query_with_nothing_searchable_finds_nothing_and_says_so(store, text):
    r = search(store, text)
    assert r.total == 0 and r.hits == [] and r.facets == {}
    assert r.message and "nothing to search for" in r.message and text in r.message
    assert r.to_dict()["message"] == r.message
    assert search(store, "").total == len(ARTICLES) and search(store, "").message is None


def test_facet_list_has_labels_and_counts(store):
    facets = facet_list(store)
    career = next(v for v in facets["topic"] if v["slug"] == "career-advancement")
    assert career["label"] == "Career Advancement"
    assert career["count"] == sum(1 for a in ARTICLES if "career-advancement" in a.tag_slugs("topic"))


def test_show_by_url_variant_and_by_id(store):
    a = BY_SLUG["gre-waivers-explained"]
    by_url = show(store, a.url.rstrip("/").replace("https://", "http://") + "?utm_source=x")
    by_id = show(store, article_id(a.url))
    assert by_url == by_id
    assert by_url["id"] == article_id(a.url) and by_url["body"] == a.body and by_url["sources"] == a.sources


def test_cli_search_facets_show_errors(store, capsys):
    root = str(store.root.parent)
    assert run.main(["--index", root, "search", "cybersecurty"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('no results for "cybersecurty"; showing results for "cybersecurity", search instead')
    assert run.main(["--index", root, "facets", "--json"]) == 0
    assert "career-advancement" in capsys.readouterr().out
    assert run.main(["--index", root, "show", "https://nowhere.example/x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: not in the index:") and len(err.strip().splitlines()) == 1
    assert run.main(["--index", root, "search", "x", "--page", "0"]) == 2
    capsys.readouterr()


def test_writing_a_generation_saves_its_common_terms_impact_lists(tmp_path, monkeypatch):
    """rank.warm: whoever writes a generation computes the impact lists of its common terms, so
    a reader loads them instead of reading postings; answers are the same either way."""
    import index.whoosh_engine.rank as rank
    from index.whoosh_engine.cache import TERMS_PREFIX

    articles = curated_articles()
    monkeypatch.setattr(rank, "PERSIST_MIN", 10)        # "common" at 47 articles
    count, path = rebuild(tmp_path / "warm", articles, procs=1)
    saved = list(path.glob(f"{TERMS_PREFIX}*/*.pickle"))
    assert count == len(articles) and len(saved) >= 5
    warmed = IndexStore.open(tmp_path / "warm")
    # terms common outside the body (tag labels, title words) count too
    s, cache = warmed.reader()
    reader = s.reader()
    elsewhere = [t for t, info in reader.iter_field("tagtext") if info.doc_frequency() >= 10
                 and reader.doc_frequency("body", t) < 10]
    assert elsewhere
    for t in elsewhere:
        assert cache.ranker._file(t.decode() if isinstance(t, bytes) else t).exists(), t
    monkeypatch.setattr(rank, "PERSIST_MIN", 10 ** 9)   # the other index: nothing common, nothing precomputed
    rebuild(tmp_path / "cold", articles, procs=1)
    cold = IndexStore.open(tmp_path / "cold")
    assert not list((tmp_path / "cold").glob(f"*/{TERMS_PREFIX}*/*.pickle"))
    for q in ("career advancement", "online degree program", "engineering manager skills"):
        a, b = search(warmed, q), search(cold, q)
        assert [(h.url, h.score) for h in a.hits] == [(h.url, h.score) for h in b.hits] and a.hits


def test_warming_in_two_parts_saves_what_one_warming_saves(tmp_path, monkeypatch):
    """warming.py's processes each warm every other common term: the two parts together are the
    whole, whichever finishes first, also when the list of common terms is handed over (a
    helper then does not list them again)."""
    import shutil

    import index.whoosh_engine.rank as rank
    from index.whoosh_engine.cache import TERMS_PREFIX, SearchCache

    monkeypatch.setattr(rank, "PERSIST_MIN", 10)
    _, path = rebuild(tmp_path / "ix", curated_articles(), procs=1)
    whole = sorted(p.name for p in path.glob(f"{TERMS_PREFIX}*/*.pickle"))
    for d in path.glob(f"{TERMS_PREFIX}*"):
        shutil.rmtree(d)
    store = IndexStore.open(tmp_path / "ix")
    with store.ix.searcher() as s:
        cache = SearchCache.for_searcher(s, store.path)
        second = rank.warm(s, cache, part=(1, 2))
        assert 0 < second < len(whole)
        rank.warm(s, cache, part=(0, 2))
    assert sorted(p.name for p in path.glob(f"{TERMS_PREFIX}*/*.pickle")) == whole
    for d in path.glob(f"{TERMS_PREFIX}*"):
        shutil.rmtree(d)
    with store.ix.searcher() as s:
        terms = rank.common_terms(s)
        assert len(terms) >= len(whole)
        rank.warm(s, SearchCache.for_searcher(s, store.path), part=(0, 2), terms=terms)
        monkeypatch.setattr(rank, "common_terms", lambda searcher: pytest.fail("listed again"))
        assert rank.warm(s, SearchCache.for_searcher(s, store.path), part=(1, 2), terms=terms) == second
    assert sorted(p.name for p in path.glob(f"{TERMS_PREFIX}*/*.pickle")) == whole
    store.close()


def _fresh_terms(path):
    import shutil

    from index.whoosh_engine.cache import TERMS_PREFIX

    for d in path.glob(f"{TERMS_PREFIX}*"):
        shutil.rmtree(d)


def _saved_terms(path):
    from index.whoosh_engine.cache import TERMS_PREFIX

    return sorted(p.name for p in path.glob(f"{TERMS_PREFIX}*/*.pickle"))


def test_warming_on_two_cores_shares_the_terms_with_a_helper_process_and_saves_them_all(tmp_path, monkeypatch):
    """warming.warm_generation: a helper process warms every other common term; this process
    warms the rest, so it computes about half of them itself, and together they save exactly
    what one process warming alone saves. No time limit: a slow machine warms everything too."""
    import index.whoosh_engine.rank as rank
    from index.whoosh_engine import warming

    monkeypatch.setattr(rank, "PERSIST_MIN", 5)
    _, path = rebuild(tmp_path / "ix", curated_articles(), procs=1)
    whole = _saved_terms(path)
    store = IndexStore.open(tmp_path / "ix")
    with store.ix.searcher() as s:
        terms = rank.common_terms(s)
    assert len(terms) >= 2 * warming.MIN_SHARED and len(whole) >= warming.MIN_SHARED
    _fresh_terms(path)
    monkeypatch.setattr(rank, "WARM_SECONDS", 0.0)      # never consulted by a complete warming
    with store.ix.searcher() as s:
        from index.whoosh_engine.cache import SearchCache

        own = warming.warm_generation(s, SearchCache.for_searcher(s, store.path), store.path, procs=2)
    assert _saved_terms(path) == whole
    assert 0 < own < len(whole)                         # the helper did its share
    store.close()


def test_warming_whose_helper_fails_is_still_complete(tmp_path, monkeypatch):
    """A helper that dies (here: one that exits at once) costs time, never a missing list: the
    process that started it computes what it left undone."""
    import index.whoosh_engine.rank as rank
    from index.whoosh_engine import warming

    monkeypatch.setattr(rank, "PERSIST_MIN", 5)
    _, path = rebuild(tmp_path / "ix", curated_articles(), procs=1)
    whole = _saved_terms(path)
    _fresh_terms(path)
    broken = tmp_path / "broken"
    (broken / "index" / "whoosh_engine").mkdir(parents=True)
    (broken / "index" / "__init__.py").write_text("")
    (broken / "index" / "whoosh_engine" / "__init__.py").write_text("")
    (broken / "index" / "whoosh_engine" / "warming.py").write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(warming, "ROOT", broken)         # the helper runs this module instead
    store = IndexStore.open(tmp_path / "ix")
    store.refresh_cache(procs=2)
    assert _saved_terms(path) == whole
    store.close()


def test_a_single_commit_warms_within_its_time_limit(tmp_path, monkeypatch):
    """A commit through the Python API runs inside the caller's write: its warming stops at
    WARM_SECONDS (here none), and readers compute what it left."""
    import index.whoosh_engine.rank as rank

    monkeypatch.setattr(rank, "PERSIST_MIN", 5)
    articles = curated_articles()
    store = IndexStore.open(tmp_path / "ix", create=True)
    monkeypatch.setattr(rank, "WARM_SECONDS", 0.0)
    store.upsert(articles)
    assert _saved_terms(store.path) == []
    monkeypatch.setattr(rank, "WARM_SECONDS", 60.0)
    store.upsert(articles[:1])
    assert len(_saved_terms(store.path)) >= 5
    store.close()


def test_parsed_queries_are_remembered_per_schema_and_never_written_with_it():
    import pickle

    from index.whoosh_engine.query import parse_user_query
    from index.whoosh_engine.schema import build_schema

    schema, other = build_schema(), build_schema()
    q = parse_user_query(schema, "engineering manager")
    assert parse_user_query(schema, "engineering manager") is q
    assert parse_user_query(schema, "engineering manager", any_terms=True) is not q
    assert parse_user_query(other, "engineering manager") is not q
    assert parse_user_query(other, "engineering manager") == q
    assert b"manag" not in pickle.dumps(schema)     # the schema goes into the index's TOC


def test_saved_lists_bring_their_document_mask_and_common_terms_go_dense_at_their_second_ranking(tmp_path, monkeypatch):
    import index.whoosh_engine.rank as rank

    monkeypatch.setattr(rank, "PERSIST_MIN", 10)
    rebuild(tmp_path / "ix", curated_articles(), procs=1)
    store = IndexStore.open(tmp_path / "ix")
    s, cache = store.reader()
    reader = s.reader()
    term = "degre"                                   # "degree", in most of the curated articles
    loaded = cache.ranker.impacts(reader, term, cache.live)
    assert len(loaded) >= 10 and loaded.docmask is not None and loaded.dense is None
    assert loaded.mask(cache.size) == sum(1 << d for d in loaded.docs)
    cache.ranker.impacts(reader, term, cache.live, ranking=True)
    assert loaded.dense is None                      # one ranking: still searched by bisection
    cache.ranker.impacts(reader, term, cache.live, ranking=True)
    assert loaded.dense is not None and all(loaded.dense[d] == w for d, w in zip(loaded.docs, loaded.weights))


def test_phrase_matching_agrees_with_whooshs_phrase_query(store):
    """index.query.phrase_docs reads positions for candidate documents only; it must find exactly
    what Whoosh's Phrase (SpanNear2, ordered, mindist 1) finds, for any slop."""
    import random

    from whoosh import query as wq

    from index.whoosh_engine.cache import ids_from_mask
    from index.whoosh_engine.query import docmask, phrase_docs
    from index.whoosh_engine.schema import text_analyzer

    s, cache = store.reader()
    reader = s.reader()
    analyzer = text_analyzer()
    rng = random.Random(11)
    phrases = []
    for a in ARTICLES:
        words = [t.text for t in analyzer(a.body)]
        for _ in range(6):
            i = rng.randrange(max(1, len(words) - 3))
            n = rng.choice([2, 2, 3])
            phrases.append(words[i:i + n])                    # adjacent in this article
            phrases.append(list(reversed(words[i:i + n])))    # the same words in the other order
            phrases.append([words[i], words[min(i + 2, len(words) - 1)]])   # one word apart
    checked = 0
    for words in phrases:
        # the documents with every word in any ranked field: what a search passes (query.docmask),
        # a superset of those with every word in one field
        anywhere = cache.live
        for w in words:
            anywhere &= cache.text_mask(reader, w)
        for field in ("title", "summary", "body"):
            pre = cache.live
            for w in words:
                pre &= cache.term(reader, field, w)
            for slop in (1, 2, 3):
                expected = sorted(wq.Phrase(field, words, slop=slop).docs(s))
                assert phrase_docs(reader, field, words, slop, ids_from_mask(pre)) == expected, (field, words, slop)
                assert phrase_docs(reader, field, words, slop, ids_from_mask(anywhere)) == expected, (field, words)
                assert ids_from_mask(docmask(s, cache, wq.Phrase(field, words, slop=slop))) == expected
                checked += bool(expected)
    assert checked > 100
    # words that are all in an article, but not all in one field, are not a phrase of any field
    split = [(t, b) for a in ARTICLES for t in [x.text for x in analyzer(a.title)][:1]
             for b in [x.text for x in analyzer(a.body)][:1]
             if reader.doc_frequency("body", t) == 0 and reader.doc_frequency("title", b) == 0]
    assert split
    for words in split:
        for field in ("title", "body"):
            assert ids_from_mask(docmask(s, cache, wq.Phrase(field, list(words)))) == \
                sorted(wq.Phrase(field, list(words)).docs(s)) == []


def test_a_saved_list_in_another_format_is_computed_again(tmp_path, monkeypatch):
    import pickle

    import index.whoosh_engine.rank as rank
    from index.whoosh_engine.cache import TERMS_PREFIX
    from index.whoosh_engine.sealed import read_sealed, write_sealed

    monkeypatch.setattr(rank, "PERSIST_MIN", 10)
    _, path = rebuild(tmp_path / "ix", curated_articles(), procs=1)
    expected = [(h.url, h.score) for h in search(IndexStore.open(tmp_path / "ix"), "degree program").hits]
    saved = list(path.glob(f"{TERMS_PREFIX}*/*.pickle"))
    assert saved
    older = {}
    for f in saved:       # a sealed list of another shape, then one as an older version wrote them (unsealed)
        term, docs, weights, by_weight, top, mask = read_sealed(f)
        old_mask = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
        older[f] = (term, docs, weights, by_weight, top, old_mask)
        write_sealed(f, older[f])
    again = search(IndexStore.open(tmp_path / "ix"), "degree program")
    assert [(h.url, h.score) for h in again.hits] == expected
    for f in saved:
        f.write_bytes(pickle.dumps(older[f]))
    again = search(IndexStore.open(tmp_path / "ix"), "degree program")
    assert [(h.url, h.score) for h in again.hits] == expected and expected


def test_top_k_scores_few_allowed_documents_directly_with_the_same_result(monkeypatch):
    """rank.top_k: with at most DIRECT_MAX allowed documents each one is scored directly; with
    more, the threshold algorithm runs. Both give the same k best, ties newest first."""
    import random
    from array import array

    import index.whoosh_engine.rank as rank
    from index.whoosh_engine.cache import mask_from_ids
    from index.whoosh_engine.rank import TermImpacts, top_k

    rng = random.Random(11)
    size = 6000
    pub = array("q", (rng.randrange(5) for _ in range(size)))      # few dates: many ties
    lists = []
    for n in (4000, 1500, 300, 12):
        docs = array("i", sorted(rng.sample(range(size), n)))
        lists.append(TermImpacts(docs, array("d", (rng.choice((0.5, 1.25, 2.0, rng.random() * 3)) for _ in docs))))
    lists[0].densify(size)
    for trial in range(60):
        allowed_ids = rng.sample(range(size), rng.choice((1, 3, 40, 400, 3000)))
        allowed = mask_from_ids(allowed_ids, size).to_bytes((size >> 3) + 1, "little")
        use = rng.sample(lists, rng.randint(1, 4))
        k = rng.choice((1, 10, 50))
        monkeypatch.setattr(rank, "DIRECT_MAX", size)
        direct = top_k(use, allowed, k, pub)
        monkeypatch.setattr(rank, "DIRECT_MAX", -1)
        threshold = top_k(use, allowed, k, pub)
        assert direct == threshold, trial
        assert len(direct) == min(k, len({d for t in use for d in t.docs} & set(allowed_ids)))


def test_or_fallback_masks_match_whooshs_own_matching(store):
    """query.docmask: an OR-ed query's words are matched through their impact lists (one mask
    per word); the documents are exactly those Whoosh's matcher finds."""
    from index.whoosh_engine.cache import mask_from_ids
    from index.whoosh_engine.query import docmask, parse_user_query

    s, cache = store.reader()
    for text in ("engineering manager skills", "studying online while working full time",
                 "scholarship budget", '"career advancement" nursing', "title:engineering data", "zzqx online"):
        q = parse_user_query(s.schema, text, any_terms=True)
        assert q is not None
        expected = mask_from_ids(q.docs(s), cache.size) & cache.live
        assert docmask(s, cache, q) == expected, text
        assert expected, text


@pytest.mark.parametrize("text", ["", "engineering manager", "enginering managr", "\"graduate degree\"", "qwxzzvkj",
                                  "tuiton assistance"])
def test_counts_are_the_totals_search_finds(store, text):
    from index.whoosh_engine.backend import WhooshIndex

    sets = [Filters(), Filters(facets={"topic": ["career-advancement"]}),
            Filters(facets={"area_of_study": ["engineering", "healthcare"]}, authors=["Grant Iwasaki"]),
            Filters(since=datetime(2023, 1, 1, tzinfo=timezone.utc), until=datetime(2023, 12, 31, tzinfo=timezone.utc)),
            Filters(facets={"topic": ["no-such-topic"]})]
    def total(f):
        try:
            return search(store, text, f, limit=1, correct=False).total
        except UnknownValue:          # search refuses a filter value no article has; counts are 0
            return 0
    expected = [total(f) for f in sets]
    assert WhooshIndex(store).counts(text, sets) == expected
    assert [WhooshIndex(store).counts(text, [f])[0] for f in reversed(sets)] == expected[::-1]
    assert any(expected) or text == "qwxzzvkj"
