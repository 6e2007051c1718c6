"""The Index protocol's behaviour, the same for every backend: each test runs on the Whoosh index
and on the PostgreSQL one (a real server, a schema of the test's own; skipped without a server).

A caller must not be able to tell which backend answered: searches, filters, facet counts,
paging, snippets, suggestions, related articles, show, scan, stats and writes are checked
through `open_index` only, against expectations computed from the articles themselves.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from index import Filters, open_index, rebuild_index
from pipeline.core.config import IndexSettings
from pipeline.core.errors import HubindexError
from pipeline.core.models import article_id
from tests.relevance.corpus import BASE, curated_articles

ARTICLES = curated_articles()
HUB = BASE + "/knowledge-hub/"
SOURCE = HUB + "what-can-i-do-with-a-masters-in-engineering-management/"
MISSING = HUB + "value-of-masters-degree/"     # an editor's link whose article is left out of the index
INDEXED = [a for a in ARTICLES if a.url != MISSING]
BY_SLUG = {a.url.rstrip("/").rsplit("/", 1)[1]: a for a in INDEXED}
BACKENDS = ["whoosh", "postgresql"]


def slugs(hits):
    return [h.url.rstrip("/").rsplit("/", 1)[1] for h in hits]


def pg_settings(url: str) -> IndexSettings:
    return IndexSettings(backend="postgresql", url=url)


@pytest.fixture(scope="module")
def whoosh_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("contract") / "index"
    rebuild_index(root, INDEXED)
    return root


@pytest.fixture(params=BACKENDS)
def ix(request, tmp_path):
    """An index holding INDEXED, on each backend (PostgreSQL: written by upserts in batches)."""
    if request.param == "whoosh":
        index = open_index(request.getfixturevalue("whoosh_root"))
    else:
        index = open_index(tmp_path, settings=pg_settings(request.getfixturevalue("pg_url")))
        for i in range(0, len(INDEXED), 20):
            index.upsert(INDEXED[i:i + 20])
    yield index
    index.close()


@pytest.fixture(params=BACKENDS)
def writable(request, tmp_path):
    """An empty index of its own on each backend."""
    if request.param == "whoosh":
        index = open_index(tmp_path / "index", create=True)
    else:
        index = open_index(tmp_path, settings=pg_settings(request.getfixturevalue("pg_url")))
    yield index
    index.close()


# ---------------------------------------------------------------- search


def _whoosh(ix) -> bool:
    return type(ix).__name__ == "WhooshIndex"


def test_title_match_ranks_first_and_stemming_applies(ix):
    r = ix.search("engineering managers skill")
    assert slugs(r.hits)[0] == "emerging-engineering-manager-skills"
    assert r.all_words >= 3 and r.total >= r.all_words


def test_phrase_must_match_in_order(ix):
    loose = ix.search("management engineering", limit=100)
    phrase = ix.search('"engineering management"', limit=100)
    assert 0 < phrase.total <= loose.total
    assert "what-can-i-do-with-a-masters-in-engineering-management" in slugs(phrase.hits)
    assert set(slugs(phrase.hits)) <= set(slugs(loose.hits))


def test_articles_with_some_of_the_words_follow_those_with_every_word(ix):
    r = ix.search("cybersecurity xylophoneword")
    assert r.matched == "partial" and r.total > 0 and r.all_words == 0
    assert slugs(r.hits)[0] in ("cybersecurity-trends", "start-a-cybersecurity-career")


def test_question_words_are_not_required(ix):
    r = ix.search("how do i become an instructional designer")
    assert "become-an-instructional-designer" in slugs(r.hits)[:3]
    assert r.all_words > 0


def test_total_and_facet_counts_cover_the_whole_result_set(ix):
    r = ix.search("career", limit=3)
    everything = ix.search("career", limit=100)
    assert len(r.hits) == 3 and r.total == everything.total == len(everything.hits)
    expected: dict = {}
    for slug in slugs(everything.hits):
        for t in BY_SLUG[slug].tags:
            expected.setdefault(t["facet"], {}).setdefault(t["slug"], 0)
            expected[t["facet"]][t["slug"]] += 1
    want = {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in sorted(expected.items())}
    assert r.facets == want
    assert list(r.facets["topic"].items()) == list(want["topic"].items())    # most first


def test_paging_is_disjoint_and_complete(ix):
    pages = [ix.search("graduate", limit=5, page=p) for p in range(1, 20)]
    seen = [u for p in pages for u in slugs(p.hits)]
    assert len(seen) == len(set(seen)) == pages[0].total
    assert ix.search("graduate", limit=5, page=999).hits == []


def test_filters_combine_or_within_and_across(ix):
    f = Filters(facets={"topic": ["career-advancement", "industry-trends"], "area_of_study": ["engineering"]})
    r = ix.search("", f, limit=100)
    expected = {s for s, a in BY_SLUG.items()
                if {t["slug"] for t in a.tags} & {"career-advancement", "industry-trends"}
                and any(t["slug"] == "engineering" for t in a.tags)}
    assert set(slugs(r.hits)) == expected and r.total == len(expected) > 0


def test_author_site_and_date_filters(ix):
    a = BY_SLUG["gre-waivers-explained"]
    r = ix.search("", Filters(authors=[a.author[0].upper()]), limit=100)
    assert "gre-waivers-explained" in slugs(r.hits)
    assert all(a.author[0] in h.author for h in r.hits)
    with pytest.raises(HubindexError, match="unknown site 'elsewhere'; sites in the index: sample-hub"):
        ix.search("", Filters(site="elsewhere"))
    with pytest.raises(HubindexError, match="unknown topic 'nope'; known: "):
        ix.search("career", Filters(facets={"topic": ["nope"]}))
    with pytest.raises(HubindexError, match="unknown facet 'colour'"):
        ix.facets(Filters(facets={"colour": ["red"]}))
    with pytest.raises(HubindexError, match="unknown area 'basket-weaving'"):
        ix.related(SOURCE, Filters(facets={"area_of_study": ["basket-weaving"]}))
    assert ix.search("", Filters(site=a.site)).total == len(INDEXED)
    since = datetime(2025, 1, 1, tzinfo=timezone.utc)
    r = ix.search("", Filters(since=since), limit=100)
    assert r.total == sum(1 for x in INDEXED if x.published and x.published >= since)
    assert all(h.published >= "2025-01-01" for h in r.hits)
    until = datetime(2022, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    r = ix.search("degree", Filters(since=datetime(2022, 1, 1, tzinfo=timezone.utc), until=until), limit=100)
    assert r.hits and all(h.published[:4] == "2022" for h in r.hits)


def test_empty_query_lists_newest_first_and_sort_orders_by_date(ix):
    r = ix.search("", limit=100)
    dates = [h.published for h in r.hits]
    assert r.total == len(INDEXED) and dates == sorted(dates, reverse=True)
    old = ix.search("degree", sort="oldest", limit=100)
    assert [h.published for h in old.hits] == sorted(h.published for h in old.hits)
    assert all(h.score is None for h in old.hits) and old.total == ix.search("degree").total
    new = ix.search("degree", sort="newest", limit=100)
    assert [h.url for h in new.hits] == [h.url for h in reversed(old.hits)]


def test_relevance_scores_descend(ix):
    r = ix.search("online degree program", limit=20)
    scores = [h.score for h in r.hits][:r.all_words]      # within each group: every word, then some of them
    assert all(s is not None for s in scores) and scores == sorted(scores, reverse=True)


def test_snippets_mark_the_matched_words(ix):
    r = ix.search("scholarships grants")
    assert "[[" in r.hits[0].highlight and "]]" in r.hits[0].highlight
    marked = r.hits[0].highlight.split("[[")[1].split("]]")[0].lower()
    assert marked.startswith(("scholarship", "grant"))
    assert ix.search("scholarships", with_highlights=False).hits[0].highlight == ""


def test_did_you_mean_from_the_index_vocabulary(ix):
    r = ix.search("cybersecurty")
    assert r.suggestions and r.suggestions[0] == "cybersecurity"
    assert ix.search("cybersecurity").suggestions == []
    fixed = ix.suggestions("scholarshp programs")
    assert fixed and fixed[0].startswith("scholarship") and fixed[0].endswith(" programs")


@pytest.mark.parametrize("text", ['a* OR (b~5 AND title:c^9)', "((((((" * 1000, '"unclosed phrase', "*a*",
                                  "word~5", "[a TO z]", "NOT AND OR", "\x00\x01", "x" * 5000, "é ü ß 日本語",
                                  "title:engineering^100", "-career +data", "a & b | !c <-> d", "'':*",
                                  "it's o'brien's", '""', "\\' OR 1=1; --"])
def test_odd_input_never_raises_and_stays_fast(ix, text):
    t0 = time.monotonic()
    r = ix.search(text)
    assert r.total >= 0
    assert time.monotonic() - t0 < 1.0


@pytest.mark.parametrize("text", ["the and of", "c++", "A.I.", "\U0001F600", "?!"])
def test_nothing_searchable_finds_nothing_and_says_why(ix, text):
    r = ix.search(text)
    assert r.total == 0 and r.hits == [] and "nothing to search for" in r.message
    assert ix.counts(text, [Filters(), Filters(site="hub")]) == [0, 0]


def test_accents_and_case_are_folded(ix):
    plain = ix.search("resume", limit=100)
    assert plain.total > 0
    for variant in ("résumé", "RÉSUMÉ", "Résume"):
        found = ix.search(variant, limit=100)
        assert slugs(found.hits) == slugs(plain.hits), variant
        # the accented word of the text is marked, whichever way it was typed (PostgreSQL's
        # ts_headline does not fold: there, when it was typed with the text's accents)
        if _whoosh(ix) or variant.lower() == "résumé":
            assert any("[[résumé" in h.highlight.lower() for h in found.hits), variant
    if _whoosh(ix):
        assert any("[[résumé" in h.highlight.lower() for h in plain.hits)


def test_synonyms_find_each_other(ix):
    table = {"grad": ["graduate"], "financial aid": ["scholarships", "grants"]}
    assert ix.search("grad school").total < ix.search("grad school", synonyms=table).total
    found = ix.search("grad school", synonyms=table, limit=100)
    assert found.total == ix.counts("grad school", [Filters()], synonyms=table)[0]
    assert set(slugs(ix.search("graduate school", limit=100).hits)) <= set(slugs(found.hits))
    # a typed run of words that is a synonym phrase is one concept
    aid = ix.search("financial aid", synonyms=table, limit=100)
    assert set(slugs(ix.search("scholarships", limit=100).hits)) <= set(slugs(aid.hits))


def test_html_highlights_are_escaped_with_marks(ix):
    r = ix.search("scholarships", highlight="html")
    assert "<mark>" in r.hits[0].highlight and "[[" not in r.hits[0].highlight
    assert "<" not in r.hits[0].highlight.replace("<mark>", "").replace("</mark>", "")
    with pytest.raises(HubindexError):
        ix.search("scholarships", highlight="bold")


def test_a_misspelling_that_finds_nothing_shows_the_suggestion(ix):
    r = ix.search("scolarships")
    assert r.corrected == "scholarships" and r.total > 0
    assert r.query == "scolarships"
    kept = ix.search("scolarships", correct=False)
    assert kept.total == 0 and kept.suggestions[0] == "scholarships" and kept.corrected is None


def test_bad_paging_is_an_error(ix):
    for kwargs in ({"limit": 0}, {"limit": 101}, {"page": 0}, {"sort": "sideways"}):
        with pytest.raises(HubindexError):
            ix.search("x", **kwargs)


def test_facet_list_has_labels_and_counts(ix):
    facets = ix.facets()
    career = next(v for v in facets["topic"] if v["slug"] == "career-advancement")
    assert career["label"] == "Career Advancement"
    assert career["count"] == sum(1 for a in INDEXED if "career-advancement" in a.tag_slugs("topic"))
    narrowed = ix.facets(Filters(facets={"area_of_study": ["engineering"]}))
    eng = [a for a in INDEXED if "engineering" in a.tag_slugs("area_of_study")]
    assert {v["slug"]: v["count"] for v in narrowed["area_of_study"]}["engineering"] == len(eng)
    assert sum(v["count"] for v in narrowed["topic"]) == sum(len(a.tag_slugs("topic")) for a in eng)


def test_show_and_get_by_url_variant_and_by_id(ix):
    a = BY_SLUG["gre-waivers-explained"]
    by_url = ix.show(a.url.rstrip("/").replace("https://", "http://") + "?utm_source=x")
    by_id = ix.show(article_id(a.url))
    assert by_url == by_id
    assert by_url["id"] == article_id(a.url) and by_url["body"] == a.body and by_url["sources"] == a.sources
    assert ix.get(a.url) == a
    assert ix.get(HUB + "nothing-here/") is None and ix.get("not a url") is None
    with pytest.raises(HubindexError, match="not in the index"):
        ix.show(HUB + "nothing-here/")


def test_scan_streams_what_the_filters_select(ix):
    f = Filters(facets={"topic": ["career-advancement"]})
    got = list(ix.scan(f, newest_first=True))
    assert {a.url for a in got} == {a.url for a in INDEXED if "career-advancement" in a.tag_slugs("topic")}
    assert [a.published for a in got] == sorted((a.published for a in got), reverse=True)
    assert {a.url: a for a in ix.scan()} == {a.url: a for a in INDEXED}


def test_stats_count_articles_and_sites(ix):
    s = ix.stats(["sample-hub", "elsewhere"])
    assert s.articles == len(INDEXED)
    assert s.per_site == {"sample-hub": sum(1 for a in INDEXED if a.site == "sample-hub"), "elsewhere": 0}
    assert s.bytes_on_disk > 0 and s.generation == ix.generation()


# ---------------------------------------------------------------- related


def test_editors_first_in_page_order_even_when_not_indexed(ix):
    hits = ix.related(SOURCE)
    source = next(a for a in ARTICLES if a.url == SOURCE)
    editors = [r["url"] for r in source.related]
    assert [h.url for h in hits[:len(editors)]] == editors
    assert all(h.reason == "editor" for h in hits[:len(editors)])
    missing = next(h for h in hits if h.url == MISSING)
    assert missing.indexed is False and missing.title and missing.tags
    rest = hits[len(editors):]
    assert rest and all(h.reason in ("backlink", "similar") for h in rest)
    assert SOURCE not in [h.url for h in hits]
    assert len({h.url for h in hits}) == len(hits)


def test_backlinks_are_found_and_said(ix):
    linkers = {a.url for a in INDEXED if SOURCE in [r["url"] for r in a.related]}
    hits = ix.related(SOURCE, limit=100)
    said = {h.url for h in hits if "backlink" in h.reasons}
    assert linkers and linkers <= said


def test_similar_articles_share_the_subject(ix):
    url = HUB + "cybersecurity-trends/"
    own = {(t["facet"], t["slug"]) for t in BY_SLUG["cybersecurity-trends"].tags}
    hits = [h for h in ix.related(url, limit=10) if h.reason != "editor"]
    assert len(hits) >= 3
    for h in hits[:3]:
        assert own & {(t["facet"], t["slug"]) for t in h.tags}, h.url


def test_related_url_variants_and_id(ix):
    a = ix.related(SOURCE)
    b = ix.related(SOURCE.rstrip("/").replace("https://", "http://") + "?utm_source=news")
    c = ix.related(article_id(SOURCE))
    assert [h.url for h in a] == [h.url for h in b] == [h.url for h in c]


def test_related_filters_apply_to_every_kind(ix):
    f = Filters(facets={"topic": ["planning-for-grad-school"]})
    hits = ix.related(SOURCE, f, limit=20)
    assert hits
    for h in hits:
        assert any(t["slug"] == "planning-for-grad-school" for t in h.tags), h.url
    assert hits[0].url == MISSING      # the not-indexed editor's link passes on its page tags


def test_related_unknown_article_is_an_error(ix):
    with pytest.raises(HubindexError, match="not in the index"):
        ix.related(HUB + "no-such-article/")
    with pytest.raises(HubindexError, match="not in the index"):
        ix.related("not a url")


# ---------------------------------------------------------------- writing


def test_upsert_replaces_and_delete_removes_with_counts_kept(writable):
    first = writable.generation()
    assert writable.upsert(ARTICLES[:10]) == 10
    after_upsert = writable.generation()
    assert after_upsert > first
    a = ARTICLES[0]
    changed = type(a).from_dict({**a.to_dict(), "title": "Quokka husbandry for graduate students",
                                 "tags": [{"facet": "topic", "slug": "quokkas", "label": "Quokkas"}]})
    assert writable.upsert([changed]) == 1
    assert writable.stats().articles == 10
    assert [h.url for h in writable.search("quokka").hits] == [a.url]
    assert {v["slug"]: v["count"] for v in writable.facets()["topic"]}["quokkas"] == 1
    assert writable.upsert([changed, changed]) == 1 or writable.stats().articles == 10
    assert writable.delete([a.url, HUB + "never-indexed/"]) == 1
    assert writable.search("quokka").total == 0 and writable.get(a.url) is None
    assert "quokkas" not in {v["slug"] for v in writable.facets().get("topic", [])}
    expected = {}
    for art in ARTICLES[1:10]:
        for t in art.tags:
            expected[(t["facet"], t["slug"])] = expected.get((t["facet"], t["slug"]), 0) + 1
    assert {(f, v["slug"]): v["count"] for f, vs in writable.facets().items() for v in vs} == expected
    assert writable.generation() > after_upsert
    assert writable.search("", limit=100).total == 9


def test_rebuild_replaces_everything(writable, tmp_path, request):
    writable.upsert(ARTICLES[:5])
    settings = None if "whoosh" in request.node.callspec.id else pg_settings(
        request.getfixturevalue("pg_url"))
    root = writable.location if settings is None else tmp_path
    assert rebuild_index(root, ARTICLES[5:], settings=settings) == len(ARTICLES) - 5
    fresh = open_index(root, settings=settings)
    try:
        assert fresh.stats().articles == len(ARTICLES) - 5
        assert fresh.get(ARTICLES[0].url) is None and fresh.get(ARTICLES[6].url) == ARTICLES[6]
        topic = {v["slug"]: v["count"] for v in fresh.facets()["topic"]}
        assert topic["career-advancement"] == sum(1 for a in ARTICLES[5:] if "career-advancement"
                                                  in a.tag_slugs("topic"))
        assert fresh.search("cybersecurty").suggestions == ["cybersecurity"]
    finally:
        fresh.close()


def test_counts_are_the_totals_of_the_searches(ix):
    sets = [Filters(), Filters(facets={"topic": ["career-advancement"]}), Filters(site="elsewhere"),
            Filters(facets={"area_of_study": ["engineering", "business"]}, since=datetime(2023, 1, 1, tzinfo=timezone.utc))]
    for text in ("", "career", "cybersecurity xylophoneword", '"engineering management"', "the and of"):
        def total(f):
            try:
                return ix.search(text, f, correct=False).total
            except HubindexError:       # a filter value no article has: a search refuses it
                return 0
        assert ix.counts(text, sets) == [total(f) for f in sets], text
