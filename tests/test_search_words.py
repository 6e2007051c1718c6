"""What a query finds: folding, synonyms, field boosts applied once, suggestions worth showing,
queries with nothing searchable, and listing pages kept out of the index."""

from __future__ import annotations

import math

import pytest

from index.whoosh_engine.search import search
from index.whoosh_engine.store import IndexStore, rebuild
from pipeline.core.config import parse_settings
from pipeline.core.errors import ConfigError
from tests.relevance.corpus import curated_articles

ARTICLES = curated_articles()
SYNONYMS = {"grad": ["graduate"], "financial aid": ["scholarships", "grants"]}


def slugs(result):
    return [h.url.rstrip("/").rsplit("/", 1)[1] for h in result.hits]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("words") / "index"
    rebuild(root, ARTICLES, procs=1)
    s = IndexStore.open(root)
    yield s
    s.close()


def test_accents_and_case_do_not_change_what_is_found(store):
    plain = search(store, "resume", limit=100)
    assert plain.total > 0
    for variant in ("résumé", "RÉSUMÉ", "Resume", "résume"):
        assert slugs(search(store, variant, limit=100)) == slugs(plain), variant
    # the highlight marks the accented word of the text for an unaccented query
    assert any("[[résumé" in h.highlight.lower() for h in plain.hits)


def _words(article) -> set[str]:
    from index.whoosh_engine.schema import text_analyzer

    text = " ".join([article.title, article.summary, article.body] + [t["label"] for t in article.tags])
    return {t.text for t in text_analyzer()(text)}


def test_synonyms_are_expanded_at_query_time(store):
    without = search(store, "grad school", limit=100)
    with_ = search(store, "grad school", limit=100, synonyms=SYNONYMS)
    assert with_.all_words > without.all_words
    # articles that say "graduate school" and never "grad" now have every word
    graduate_only = {a.url.rstrip("/").rsplit("/", 1)[1] for a in ARTICLES
                     if {"graduat", "school"} <= _words(a) and "grad" not in _words(a)}
    assert graduate_only and graduate_only <= set(slugs(with_)[:with_.all_words])
    assert not graduate_only & set(slugs(without)[:without.all_words])
    # a phrase of the table typed in the query is one word of it: "financial aid" finds the
    # articles about scholarships that never say "financial" or "aid"
    aid = search(store, "financial aid", limit=100, synonyms=SYNONYMS)
    only_scholarships = {a.url.rstrip("/").rsplit("/", 1)[1] for a in ARTICLES
                         if "scholarship" in _words(a) and not {"financi", "aid"} & _words(a)}
    assert only_scholarships and only_scholarships <= set(slugs(aid)[:aid.all_words])
    # expansion goes both ways within a group
    back = search(store, "scholarships", limit=100, synonyms=SYNONYMS)
    assert back.all_words > search(store, "scholarships", limit=100).all_words


def test_a_word_and_its_synonyms_count_once(store):
    """A synonym does not add a second score: an article with both the word and its synonym does
    not outscore, by that alone, one with the word as often."""
    alone = search(store, "scholarships", limit=100)
    grouped = search(store, "scholarships", limit=100, synonyms={"scholarships": ["scholarship awards"]})
    assert slugs(grouped)[:3] == slugs(alone)[:3]


def test_synonyms_table_is_validated():
    ok = parse_settings({"search": {"synonyms": {"grad": ["graduate"], "ms": "master of science"}}})
    assert ok.search.synonyms == {"grad": ("graduate",), "ms": ("master of science",)}
    for bad in ({"grad": []}, {"grad": [1]}, {"grad": [""]}, {"grad": {"x": "y"}}):
        with pytest.raises(ConfigError, match="search.synonyms.grad"):
            parse_settings({"search": {"synonyms": bad}})
    with pytest.raises(ConfigError, match="search.stemmer: unknown key"):
        parse_settings({"search": {"stemmer": "porter2"}})


def test_field_boosts_are_applied_once(store):
    """A title-only word weighs what BM25F with the documented boosts says (boost 4, not 16),
    plus the title's own share (TITLE_EXTRA of the word saturated over the title alone)."""
    from index.whoosh_engine.rank import B, FIELD_B, K1, TITLE_EXTRA
    from index.whoosh_engine.schema import BOOSTS

    s, cache = store.reader()
    reader = s.reader()
    # a word in exactly one article, once, in its title only
    for text, info in reader.iter_field("title"):
        text = text.decode() if isinstance(text, bytes) else text
        if info.doc_frequency() == 1 and info.weight() == 1.0 and \
                all(reader.doc_frequency(f, text) == 0 for f in ("body", "summary", "tagtext")):
            break
    else:
        pytest.skip("no title-only word")
    d = next(iter(reader.postings("title", text).all_ids()))
    n = reader.doc_count()
    avg = reader.field_length("title") / n
    b = FIELD_B.get("title", B)
    from whoosh.util.numeric import byte_to_length, length_to_byte
    length = byte_to_length(length_to_byte(reader.doc_field_length(d, "title")))
    tf = BOOSTS["title"] / (1 - b + b * length / avg)
    idf = math.log(1 + (n - 1 + 0.5) / 1.5)
    alone = tf / BOOSTS["title"]
    expected = idf * tf * (K1 + 1) / (K1 + tf) + TITLE_EXTRA * idf * alone * (K1 + 1) / (K1 + alone)
    assert 0 < TITLE_EXTRA < 1
    hit = search(store, text, limit=1).hits[0]
    assert hit.score == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("typed, expected", [
    ("enginering managr", "engineering manager"),      # a typo that stems like the word is still one
    ("scolarships", "scholarships"),
    ("mastrs degree", "master degree"),
])
def test_suggestions_are_index_words_that_find_every_word(store, typed, expected):
    r = search(store, typed)
    assert r.suggestions and r.suggestions[0] == expected
    assert search(store, expected).all_words > 0


@pytest.mark.parametrize("typed", ["should I get a PhD", "career change into tech", "resume tips",
                                   "engineering manager skills", "e-mail"])
def test_no_suggestion_for_words_that_are_right_or_too_short_to_guess(store, typed):
    assert search(store, typed).suggestions == []


def test_zero_results_show_the_suggestions_results_and_say_so(store):
    r = search(store, "scolarships")
    assert r.corrected == "scholarships" and r.query == "scolarships"
    assert r.total > 0 and slugs(r) == slugs(search(store, "scholarships"))
    data = r.to_dict()
    assert data["corrected"] == "scholarships" and data["query"] == "scolarships"
    # a query with results is never replaced
    r = search(store, "enginering managr")
    assert r.corrected is None and r.total > 0


def test_listing_pages_are_not_articles():
    """A page whose text is mostly its links' text (a hub's listing of titles) is not indexed:
    it would hold the words of every title it lists and match every search."""
    from pipeline.core.errors import NotAnArticle
    from pipeline.extraction.extract import extract_html

    items = "".join(f'<li><a href="/hub/a-{i}/">How to write a strong statement of purpose, part {i}</a></li>'
                    for i in range(40))
    listing = f"<html><head><title>All articles</title></head><body><h1>All articles</h1><ul>{items}</ul></body></html>"
    with pytest.raises(NotAnArticle, match="listing"):
        extract_html(listing, "https://hub.example.edu/hub/")
    para = "<p>" + "A statement of purpose explains why you are applying and what you will study. " * 12 + "</p>"
    article = f"<html><head><title>Statement</title></head><body><h1>Statement</h1>{para}<ul>{items[:400]}</ul></body></html>"
    assert extract_html(article, "https://hub.example.edu/hub/statement/").title


def test_a_title_that_names_the_words_outranks_a_long_body_that_repeats_them(tmp_path):
    """BM25F saturates a word over all its fields, so a long page repeating the words many times
    would tie with the short one whose title names them; the title's own share decides."""
    from dataclasses import replace

    base = ARTICLES[:20]
    filler = " ".join(a.body for a in ARTICLES[20:24])
    named = replace(base[0], url="https://hub.example/articles/quasar-studio", title="Welcome to Quasar Builder Studio",
                    body="Quasar Builder Studio is a workshop for makers. Quasar sessions run weekly; the builder "
                         "kit and the studio space are shared. " + base[0].body[:1500])
    repeats = replace(base[1], url="https://hub.example/articles/campus-almanac", title="The campus almanac",
                      body=(filler + " ") + " ".join(["quasar builder studio notes."] * 40))
    root = tmp_path / "index"
    rebuild(root, [*base[2:], named, repeats], procs=1)
    s = IndexStore.open(root)
    try:
        assert slugs(search(s, "quasar builder studio"))[:2] == ["quasar-studio", "campus-almanac"]
    finally:
        s.close()


def test_a_word_in_most_articles_is_not_needed_to_come_first(tmp_path):
    """ "make" is in most articles and tells little: the article about terrariums that says
    "build" is not pushed below a long page that happens to have both words (the first group
    needs only the words in at most half of the articles, querytext.COMMON_SHARE)."""
    from dataclasses import replace

    from index.querytext import COMMON_SHARE

    base = ARTICLES[:30]
    from index.whoosh_engine.schema import text_analyzer

    analyzer = text_analyzer()
    with_make = sum("make" in {t.text for t in analyzer(a.title + " " + a.body)} for a in base)
    assert with_make + 1 > COMMON_SHARE * (len(base) + 2)          # "make", "makes", "making"
    guide = replace(base[0], url="https://hub.example/articles/build-a-terrarium", title="How to Build a Terrarium",
                    summary="", body="A closed terrarium keeps its own moisture. Choose a glass jar, add gravel, "
                                     "charcoal and soil, then plant ferns and moss. Mist the terrarium weekly. " * 3)
    chapter = replace(base[1], url="https://hub.example/articles/chapter-twelve", title="Chapter twelve",
                      summary="", body=" ".join(a.body for a in ARTICLES[30:34]) +
                      " We had to make do with a terrarium of a bathroom.")
    root = tmp_path / "index"
    rebuild(root, [*base[2:], guide, chapter], procs=1)
    s = IndexStore.open(root)
    try:
        r = search(s, "how to make a terrarium")
        assert slugs(r)[:2] == ["build-a-terrarium", "chapter-twelve"]
        assert r.all_words == 2          # the first group: both have "terrarium"
    finally:
        s.close()
