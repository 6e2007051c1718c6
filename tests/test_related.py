"""Related articles: editors' links first, then backlinks and similar articles, each with its reason."""

from __future__ import annotations

import json

import pytest

import run
from index.whoosh_engine.related import related
from index.whoosh_engine.schema import article_id
from index.whoosh_engine.search import Filters
from index.whoosh_engine.store import IndexStore, rebuild
from pipeline.core.errors import HubindexError
from tests.relevance.corpus import BASE, curated_articles

ARTICLES = curated_articles()
HUB = BASE + "/knowledge-hub/"
SOURCE = HUB + "what-can-i-do-with-a-masters-in-engineering-management/"
MISSING = HUB + "value-of-masters-degree/"     # an editor's link whose article is left out of the index


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("related") / "index"
    rebuild(root, [a for a in ARTICLES if a.url != MISSING], procs=1)
    s = IndexStore.open(root)
    yield s
    s.close()


def test_editors_first_in_page_order_even_when_not_indexed(store):
    hits = related(store, SOURCE)
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


def test_backlinks_are_found_and_said(store):
    linkers = {a.url for a in ARTICLES if SOURCE in [r["url"] for r in a.related] and a.url != MISSING}
    hits = related(store, SOURCE, limit=100)
    said = {h.url for h in hits if "backlink" in h.reasons}
    assert linkers and linkers <= said


def test_similar_articles_share_the_subject(store):
    url = HUB + "cybersecurity-trends/"
    own = {(t["facet"], t["slug"]) for t in next(a for a in ARTICLES if a.url == url).tags}
    hits = [h for h in related(store, url, limit=10) if h.reason != "editor"]
    assert len(hits) >= 3
    for h in hits[:3]:
        assert own & {(t["facet"], t["slug"]) for t in h.tags}, h.url


def test_url_variants_and_id(store):
    a = related(store, SOURCE)
    b = related(store, SOURCE.rstrip("/").replace("https://", "http://") + "?utm_source=news")
    c = related(store, article_id(SOURCE))
    assert [h.url for h in a] == [h.url for h in b] == [h.url for h in c]


def test_filters_apply_to_every_kind(store):
    f = Filters(facets={"topic": ["planning-for-grad-school"]})
    hits = related(store, SOURCE, f, limit=20)
    assert hits
    for h in hits:
        assert any(t["slug"] == "planning-for-grad-school" for t in h.tags), h.url
    assert hits[0].url == MISSING      # the not-indexed editor's link passes on its page tags


def test_unknown_article_is_an_error(store):
    with pytest.raises(HubindexError, match="not in the index"):
        related(store, HUB + "no-such-article/")
    with pytest.raises(HubindexError, match="not in the index"):
        related(store, "not a url")


def test_cli_related_json_has_reasons(store, capsys):
    root = str(store.root.parent)
    assert run.main(["--index", root, "related", article_id(SOURCE), "--json", "--limit", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["results"]) == 5
    for r in data["results"]:
        assert r["reason"] in ("editor", "backlink", "similar") and r["reasons"] and "id" in r
