"""Crawl the sample hub over real HTTP into a real on-disk index, then search it through the CLI."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

import run
from index.whoosh_engine.store import IndexStore
from pipeline.extraction.dates import parse_date
from pipeline.core.workspace import Workspace
from pipeline.samplehub.curated import AREAS, TOPICS


def expected_dates(entry):
    at_one = lambda day: datetime.fromisoformat(day + "T13:00:00+00:00")  # noqa: E731
    if entry["originally_published"]:
        return parse_date(entry["originally_published"], month_precision=True), at_one(entry["updated"] or entry["published"])
    return at_one(entry["published"]), at_one(entry["updated"]) if entry["updated"] else None


def expected_tags(entry):
    return ([{"facet": "area_of_study", "slug": a, "label": AREAS[a]} for a in entry["areas"]]
            + [{"facet": "topic", "slug": t, "label": TOPICS[t]} for t in entry["topics"]])


def run_json(capsys, *argv):
    code = run.main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_every_curated_article_is_indexed_with_its_fields(hub, crawled):
    _, data_dir = crawled
    store = IndexStore.open(Workspace(data_dir).index_path)
    try:
        assert store.count() == len(hub.hub.curated)
        for entry in hub.hub.curated:
            url = hub.hub_url + entry["slug"] + "/"
            article = store.get(url)
            assert article is not None, url
            published, updated = expected_dates(entry)
            assert article.title == entry["title"]
            assert article.author == entry["authors"]
            assert article.published == published, entry["slug"]
            assert article.updated == updated, entry["slug"]
            assert article.tags == expected_tags(entry)
            assert article.summary == entry["summary"]
            assert [r["url"] for r in article.related] == [hub.hub_url + s + "/" for s in entry["related"]]
            # The body is the article's text, without chrome, share bars or the related block.
            assert entry["intro"][0] in article.body
            assert entry["sections"][-1]["paragraphs"][-1] in article.body
            for noise in ("Back to all articles", "LinkedIn", "Related articles", "Compare now", "cookies"):
                assert noise not in article.body
    finally:
        store.close()


def test_search_ranks_the_skills_article_first(hub, crawled, capsys):
    config, _ = crawled
    data = run_json(capsys, "--config", str(config), "search", "engineering manager skills", "--json")
    assert data["query"] == "engineering manager skills"
    assert data["total"] >= 3
    assert data["results"][0]["title"] == "7 Emerging Skills Engineering Managers Need to Stay Competitive"
    first = data["results"][0]
    assert set(first) >= {"url", "title", "author", "published", "updated", "summary", "tags", "score"}
    assert first["published"].startswith("2024-01-02")
    assert {"facet": "area_of_study", "slug": "engineering", "label": "Engineering"} in first["tags"]


@pytest.mark.parametrize("flag, facet, slug", [
    ("--topic", "topic", "planning-for-grad-school"),
    ("--area", "area_of_study", "engineering"),
    ("--topic", "topic", "financing-your-education"),
])
def test_filters_return_only_matching_articles(hub, crawled, capsys, flag, facet, slug):
    config, _ = crawled
    data = run_json(capsys, "--config", str(config), "search", "degree", flag, slug, "--limit", "100", "--json")
    expected = {e["slug"] for e in hub.hub.curated if slug in (e["topics"] + e["areas"])}
    assert data["results"], "the filter matched nothing"
    for r in data["results"]:
        assert any(t["facet"] == facet and t["slug"] == slug for t in r["tags"]), r["url"]
    assert {r["url"].rstrip("/").rsplit("/", 1)[1] for r in data["results"]} <= expected


def test_topic_and_area_combine_with_and(hub, crawled, capsys):
    config, _ = crawled
    data = run_json(capsys, "--config", str(config), "search", "", "--topic", "career-advancement",
                    "--area", "engineering", "--limit", "100", "--json")
    expected = {e["slug"] for e in hub.hub.curated
                if "career-advancement" in e["topics"] and "engineering" in e["areas"]}
    assert {r["url"].rstrip("/").rsplit("/", 1)[1] for r in data["results"]} == expected
    dates = [r["published"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True), "an empty query lists newest first"


def test_related_lists_the_editors_links_first(hub, crawled, capsys):
    config, _ = crawled
    url = hub.hub_url + "what-can-i-do-with-a-masters-in-engineering-management/"
    data = run_json(capsys, "--config", str(config), "related", url, "--json")
    results = data["results"]
    editors = [hub.hub_url + s + "/" for s in ("emerging-engineering-manager-skills",
                                               "how-to-become-an-engineering-manager", "value-of-masters-degree")]
    assert [r["url"] for r in results[:3]] == editors
    assert all(r["reason"] == "editor" for r in results[:3])
    assert len(results) > 3 and all(r["reason"] == "similar" for r in results[3:])
    assert url not in [r["url"] for r in results]
    assert len({r["url"] for r in results}) == len(results)


def test_related_accepts_url_variants_and_filters(hub, crawled, capsys):
    config, _ = crawled
    url = hub.hub_url + "what-can-i-do-with-a-masters-in-engineering-management"   # no trailing slash
    data = run_json(capsys, "--config", str(config), "related", url + "?utm_source=x", "--topic",
                    "planning-for-grad-school", "--json")
    assert data["results"]
    assert data["results"][0]["url"].endswith("/value-of-masters-degree/")
    for r in data["results"]:
        assert any(t["slug"] == "planning-for-grad-school" for t in r["tags"])


def test_recrawl_of_unchanged_hub_indexes_nothing(hub, crawled, capsys):
    config, _ = crawled
    data = run_json(capsys, "--config", str(config), "crawl", "--json")
    [report] = data["sites"]
    assert report["new"] == 0 and report["updated"] == 0 and report["failed"] == 0
    assert report["unchanged"] == len(hub.hub.curated)


def test_sample_hub_related_choice_is_the_sample_of_the_topic_without_the_article():
    """The hub picks a generated article's related block from its first topic's other articles
    without copying that list each page; the choice is what sampling the copy gives."""
    import random

    from pipeline.samplehub.hub import Hub

    hub = Hub(articles=400, seed=3)
    hub.remove(hub.articles[7]["slug"])                # positions are rebuilt after an edit
    for entry in hub.articles:
        if entry.get("related"):
            continue
        pool = [e for e in hub.by_facet[("topic", entry["topics"][0])] if e is not entry]
        rng = random.Random(hub.seed * 31 + entry["generated"])
        assert hub.related(entry) == rng.sample(pool, min(3, len(pool)))
