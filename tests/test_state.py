"""pipeline/crawling/state.py: crawl state in a real SQLite file (WAL) in tmp_path."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.core.errors import StoreError
from pipeline.core.models import Article, parse_iso
from pipeline.crawling.state import CrawlState

EST = timezone(timedelta(hours=-5))
URL = "https://example.com/hub/an-article/"


@pytest.fixture
def state(tmp_path):
    s = CrawlState(tmp_path / "data" / "state.sqlite")   # the parent directory is created
    yield s
    s.close()


def row(state: CrawlState, url: str) -> dict:
    cur = state.db.execute("SELECT * FROM urls WHERE url=?", (url,))
    names = [d[0] for d in cur.description]
    values = cur.fetchone()
    return dict(zip(names, values)) if values else {}


def make_article(url: str = URL, site: str = "hub", **kw) -> Article:
    article = Article(
        url=url,
        title="What Can I Do With a Master's in Engineering Management?",
        author=["Ana Pérez", "Sam Lee"],
        published=datetime(2023, 5, 1, 13, 0, tzinfo=EST),
        updated=datetime(2024, 2, 10, 9, 30, tzinfo=timezone.utc),
        summary="Roles, salaries and paths.",
        body="Engineering managers lead teams.\n\nThey plan projects.",
        tags=[{"facet": "topic", "slug": "career-advancement", "label": "Career Advancement"},
              {"facet": "area_of_study", "slug": "engineering", "label": "Engineering"}],
        related=[{"url": "https://example.com/hub/other/", "title": "Other", "published": "2023-01-02T00:00:00+00:00",
                  "tags": [{"facet": "topic", "slug": "x", "label": "X"}]}],
        site=site,
        fetched_at=datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc),
        sources={"title": "json-ld"},
    )
    for key, value in kw.items():
        setattr(article, key, value)
    article.content_hash = article.compute_hash()
    return article


# --- urls ------------------------------------------------------------------------------------------


def test_unknown_url_has_no_state(state):
    assert state.url(URL) is None
    assert state.article_hash(URL) is None


def test_record_urls_inserts(state):
    state.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e1"', "last_modified": "Tue, 05 Mar 2024 14:30:00 GMT",
                               "lastmod": "2024-03-05T14:30:00+00:00", "article_url": URL + "canonical/"}])
    got = state.url(URL)
    assert got.url == URL
    assert got.status == "done"
    assert got.etag == '"e1"'
    assert got.last_modified == "Tue, 05 Mar 2024 14:30:00 GMT"
    assert got.lastmod == "2024-03-05T14:30:00+00:00"
    assert got.article_url == URL + "canonical/"
    r = row(state, URL)
    assert r["site"] == "hub"
    assert r["attempts"] == 0
    assert r["last_error"] is None
    assert datetime.fromisoformat(r["fetched_at"]).tzinfo is not None


def test_record_urls_updates(state):
    state.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e1"', "article_url": URL,
                               "lastmod": "2024-03-05T00:00:00+00:00"}])
    state.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e2"', "last_modified": "later"}])
    got = state.url(URL)
    assert got.etag == '"e2"'
    assert got.last_modified == "later"
    assert got.article_url == URL                         # a row without one keeps the known article
    assert got.lastmod == "2024-03-05T00:00:00+00:00"     # and the known sitemap lastmod
    assert state.db.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 1


def test_record_urls_many_in_one_call(state):
    state.record_urls("hub", [{"url": f"https://example.com/hub/a{i}/", "status": "done"} for i in range(5)]
                      + [{"url": "https://example.com/hub/listing/", "status": "not-article", "error": "a listing"}])
    assert state.db.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 6
    assert state.url("https://example.com/hub/listing/").status == "not-article"
    assert row(state, "https://example.com/hub/listing/")["last_error"] == "a listing"


def test_failed_rows_keep_validators_and_count_attempts(state):
    state.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e1"', "last_modified": "Mon"}])
    state.record_urls("hub", [{"url": URL, "status": "failed", "error": "HTTP 503"}])
    got = state.url(URL)
    assert got.status == "failed"
    assert got.etag == '"e1"'                   # the last good validators survive a failure
    assert got.last_modified == "Mon"
    assert row(state, URL)["attempts"] == 1
    assert row(state, URL)["last_error"] == "HTTP 503"

    state.record_urls("hub", [{"url": URL, "status": "failed", "error": "timeout", "etag": '"bogus"'}])
    assert state.url(URL).etag == '"e1"'
    assert row(state, URL)["attempts"] == 2
    assert row(state, URL)["last_error"] == "timeout"

    state.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e3"'}])
    assert state.url(URL).etag == '"e3"'
    assert row(state, URL)["attempts"] == 0    # success resets the count
    assert row(state, URL)["last_error"] is None


def test_first_failure_counts_one_attempt(state):
    state.record_urls("hub", [{"url": URL, "status": "failed", "error": "connection refused"}])
    assert row(state, URL)["attempts"] == 1
    assert state.url(URL).etag is None


def test_empty_record_is_harmless(state):
    state.record_urls("hub", [])
    assert state.db.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 0


# --- articles --------------------------------------------------------------------------------------


def test_articles_round_trip(state):
    original = make_article()
    state.store_articles([original])
    (back,) = list(state.articles())
    assert back == original
    assert back.published.utcoffset() == timedelta(hours=-5)     # the zone survives, not just the instant
    assert back.updated.tzinfo is not None and back.fetched_at.tzinfo is not None
    assert back.author == ["Ana Pérez", "Sam Lee"]
    assert back.compute_hash() == original.content_hash


def test_article_with_empty_fields_round_trips(state):
    bare = Article(url=URL, title="Bare", site="hub")
    bare.content_hash = bare.compute_hash()
    state.store_articles([bare])
    (back,) = list(state.articles())
    assert back == bare
    assert back.published is None and back.updated is None and back.fetched_at is None


def test_store_articles_upserts_by_url(state):
    state.store_articles([make_article()])
    changed = make_article(title="A new title")
    state.store_articles([changed])
    assert state.article_count() == 1
    assert state.article_hash(URL) == changed.content_hash
    assert next(state.articles()).title == "A new title"


def test_store_articles_takes_encodings_made_beforehand(state):
    """A crawl encodes each article when it joins a batch; storing the batch later uses that
    encoding (the same as the one made at store time) and encodes only the articles it lacks."""
    first, second = make_article(), make_article("https://a.example/hub/other/", title="Another")
    assert CrawlState.encode(first) == json.dumps(first.to_dict(), ensure_ascii=False)
    state.store_articles([first, second], {first.url: CrawlState.encode(first)})
    assert sorted(a.url for a in state.articles()) == sorted([first.url, second.url])
    assert next(a for a in state.articles() if a.url == first.url) == first
    state.store_articles([first], {first.url: CrawlState.encode(make_article(title="Encoded earlier"))})
    assert next(a for a in state.articles() if a.url == first.url).title == "Encoded earlier"


def test_article_hash(state):
    article = make_article()
    state.store_articles([article])
    assert state.article_hash(URL) == article.content_hash
    assert len(article.content_hash) == 32
    assert state.article_hash(URL + "other/") is None


def test_article_count_and_listing_per_site(state):
    state.store_articles([make_article(f"https://a.example/hub/{i}/", site="a") for i in (3, 1, 2)]
                         + [make_article("https://b.example/hub/x/", site="b")])
    assert state.article_count() == 4
    assert state.article_count("a") == 3
    assert state.article_count("b") == 1
    assert state.article_count("nope") == 0
    assert [a.url for a in state.articles("a")] == [f"https://a.example/hub/{i}/" for i in (1, 2, 3)]  # by URL
    assert [a.site for a in state.articles("b")] == ["b"]
    assert len(list(state.articles())) == 4


def test_state_persists_across_connections(tmp_path):
    path = tmp_path / "state.sqlite"
    first = CrawlState(path)
    first.store_articles([make_article()])
    first.record_urls("hub", [{"url": URL, "status": "done", "etag": '"e1"'}])
    first.close()
    again = CrawlState(path)
    try:
        assert again.article_count() == 1
        assert again.url(URL).etag == '"e1"'
    finally:
        again.close()


# --- storage ---------------------------------------------------------------------------------------


def test_wal_mode_is_on(state, tmp_path):
    assert state.db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    # WAL is a property of the file: another connection sees it too
    other = sqlite3.connect(str(tmp_path / "data" / "state.sqlite"))
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    finally:
        other.close()


def test_reader_sees_committed_writes_while_open(state, tmp_path):
    reader = sqlite3.connect(str(tmp_path / "data" / "state.sqlite"))
    try:
        state.store_articles([make_article()])
        assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    finally:
        reader.close()


def test_unopenable_path_is_a_store_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open crawl state"):
        CrawlState(blocker / "state.sqlite")


def test_corrupt_file_is_a_store_error(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        CrawlState(path)


def test_a_failure_sets_a_retry_time_that_grows_and_a_later_success_clears_it(state):
    state.record_urls("s", [{"url": URL, "status": "failed", "error": "HTTP 503"}])
    first = state.url(URL)
    assert first.attempts == 1 and first.deferred()
    state.record_urls("s", [{"url": URL, "status": "failed", "error": "HTTP 503"}])
    second = state.url(URL)
    assert second.attempts == 2 and parse_iso(second.next_due) > parse_iso(first.next_due)
    state.record_urls("s", [{"url": URL, "status": "done", "article_url": URL}])
    done = state.url(URL)
    assert done.attempts == 0 and done.next_due is None and not done.deferred()
    state.record_urls("s", [{"url": URL, "status": "failed", "error": "timeout"}])
    again = state.url(URL)
    assert again.attempts == 1 and again.next_due is not None and again.article_url == URL
