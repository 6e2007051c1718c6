"""Recrawls of a sample hub that its editors change while it is served: incremental fetching,
updates, renamed slugs, deleted articles, --full (kill -9 with several hosts: test_many_hubs.py)."""

from __future__ import annotations

import json
import time

import pytest

import run
from index.whoosh_engine.store import IndexStore
from pipeline.core.workspace import Workspace
from pipeline.samplehub import start_sample_hub
from tests.conftest import write_config


@pytest.fixture()
def hub():
    server = start_sample_hub(port=0)   # a private hub: these tests edit it
    yield server
    server.shutdown()
    server.server_close()


def crawl(capsys, config, *extra) -> dict:
    code = run.main(["--quiet", "--config", str(config), "crawl", "--json", *extra])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)["sites"][0]


def indexed(data_dir) -> dict[str, str]:
    store = IndexStore.open(Workspace(data_dir).index_path)
    try:
        with store.searcher() as s:
            return {f["url"]: json.loads(f["record"])["content_hash"] for f in s.all_stored_fields()}
    finally:
        store.close()


def test_unchanged_recrawl_downloads_no_article(hub, tmp_path, capsys):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    first = crawl(capsys, config)
    assert first["new"] == len(hub.hub.curated)
    hub.requests.clear()
    again = crawl(capsys, config)
    assert again["new"] == again["updated"] == again["failed"] == 0
    assert again["unchanged"] == len(hub.hub.curated)
    assert hub.requests.get("article", 0) == 0           # sitemap lastmod said nothing moved


def test_an_edited_article_is_refetched_and_updated(hub, tmp_path, capsys):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)
    hub.hub.edit("value-of-masters-degree", "A freshly rewritten summary.", "2025-11-01")
    hub.requests.clear()
    report = crawl(capsys, config)
    assert report["updated"] == 1 and report["new"] == 0
    assert hub.requests.get("article", 0) == 1
    store = IndexStore.open(Workspace(tmp_path / "data").index_path)
    try:
        assert store.get(hub.hub_url + "value-of-masters-degree/").summary == "A freshly rewritten summary."
    finally:
        store.close()


def test_full_refetches_everything_but_reindexes_only_what_changed(hub, tmp_path, capsys):
    """--full asks for every page again (no validators, no sitemap shortcut) but counts as
    updated, and writes to the index, only the articles whose content changed."""
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)

    def fetched_at() -> dict[str, str]:
        store = IndexStore.open(Workspace(tmp_path / "data").index_path)
        try:
            with store.searcher() as s:
                return {f["url"]: json.loads(f["record"])["fetched_at"] for f in s.all_stored_fields()}
        finally:
            store.close()

    before = fetched_at()
    hub.hub.edit("value-of-masters-degree", "A freshly rewritten summary.", "2025-11-01")
    hub.requests.clear()
    report = crawl(capsys, config, "--full")
    assert hub.requests["article"] >= len(hub.hub.curated)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 1, len(hub.hub.curated) - 1)
    after = fetched_at()
    assert {url for url in after if after[url] != before[url]} == {hub.hub_url + "value-of-masters-degree/"}


def test_a_renamed_slug_updates_the_same_article(hub, tmp_path, capsys):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)
    old, new = hub.hub_url + "value-of-masters-degree/", hub.hub_url + "why-a-masters-degree-pays/"
    hub.hub.rename("value-of-masters-degree", "why-a-masters-degree-pays")
    report = crawl(capsys, config)
    assert report["new"] == 0 and report["updated"] == 1
    urls = indexed(tmp_path / "data")
    assert new in urls and old not in urls
    assert len(urls) == len(hub.hub.curated)


def test_a_deleted_article_leaves_the_index_after_two_404s(hub, tmp_path, capsys):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)
    gone = hub.hub_url + "value-of-masters-degree/"
    hub.hub.remove("value-of-masters-degree")
    first = crawl(capsys, config)
    assert first["removed"] == 0 and gone in indexed(tmp_path / "data")    # one 404 is not proof
    assert first["failures"] == [{"url": gone, "reason": "HTTP 404 (removed if still gone next run)"}]
    second = crawl(capsys, config)
    assert second["removed"] == 1
    assert gone not in indexed(tmp_path / "data")


def test_crawl_url_needs_no_config(hub, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)          # no config.toml here
    code = run.main(["--quiet", "--index", str(tmp_path / "adhoc"), "crawl", "--url", hub.hub_url, "--delay", "0",
                     "--json"])
    report = json.loads(capsys.readouterr().out)["sites"][0]
    assert code == 0 and report["site"] == f"127-0-0-1-{hub.server_address[1]}-knowledge-hub" and report["new"] == len(hub.hub.curated)
    assert len(indexed(tmp_path / "adhoc")) == len(hub.hub.curated)


@pytest.mark.parametrize("argv, message", [
    (["crawl", "--url", "ftp://example.org/"], "error: --url takes an http(s) URL, not 'ftp://example.org/'\n"),
    (["crawl", "--url", "http://example.org:99999/"],
     "error: --url takes an http(s) URL, not 'http://example.org:99999/' (Port out of range 0-65535)\n"),
    (["crawl", "--url", "http://[::1/x/"], "error: --url takes an http(s) URL, not 'http://[::1/x/' (Invalid IPv6 URL)\n"),
    (["crawl", "--url", "http://example.org/", "--site", "x"], "error: --url and --site cannot be combined\n"),
    (["crawl", "--delay", "1"], "error: --delay goes with --url (configured sites take their delay from the config)\n"),
])
def test_crawl_url_usage_errors(capsys, argv, message):
    assert run.main(argv) == 2
    assert capsys.readouterr().err == message


def test_discovery_falls_back_to_the_feed(hub, tmp_path):
    from dataclasses import replace

    from pipeline.core.config import CrawlSettings, site_from_url
    from pipeline.crawling.state import CrawlState
    from tests.conftest import crawl_into_store

    crawl_settings = CrawlSettings(delay=0.0, retries=0)
    site = site_from_url(hub.hub_url, crawl_settings, name="feedonly", delay=0.0)
    # No usable sitemap and a listing page without article links: the RSS feed is what is left.
    site = replace(site, sitemaps=(hub.base_url + "/no-sitemap.xml",), listing_urls=(hub.hub_url + "no-listing/",))
    state = CrawlState(tmp_path / "state.sqlite")
    store = IndexStore.open(tmp_path / "index", create=True)
    try:
        report = crawl_into_store(site, crawl_settings, state, store, max_pages=20)
        assert report.discovery_sources == ["feed"]
        assert report.new == 20, report.failures
        assert report.failed == 0, report.failures
    finally:
        state.close()
        store.close()


def test_many_small_batches_are_all_committed_and_recorded_in_order(hub, tmp_path, capsys):
    """Batches of 2: commits follow each other behind the crawl; every article ends up indexed,
    and the crawl state of each one is written (an unchanged recrawl fetches no body)."""
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    config.write_text(config.read_text().replace("[crawl]\n", "[crawl]\nbatch_size = 2\n"))
    first = crawl(capsys, config)
    assert first["new"] == 47 and first["failed"] == 0
    assert len(indexed(tmp_path / "data")) == 47
    again = crawl(capsys, config)
    assert again["new"] == again["updated"] == 0
    assert again["fetched"] == again["not_modified"]


def test_one_request_at_a_time_and_the_delay(tmp_path, capsys):
    """The host never sees two requests at once, and requests start at least `delay` apart."""
    import threading

    from pipeline.samplehub.server import _Handler

    server = start_sample_hub(port=0)
    active, peak, starts, lock = [0], [0], [], threading.Lock()

    class Tracking(_Handler):
        def do_GET(self):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
                starts.append(time.monotonic())
            try:
                time.sleep(0.004)          # a server that takes a moment: room to overlap, if anything did
                super().do_GET()
            finally:
                with lock:
                    active[0] -= 1

    server.RequestHandlerClass = Tracking
    try:
        config = write_config(tmp_path / "c.toml", server.hub_url, tmp_path / "data")
        config.write_text(config.read_text().replace("delay = 0.0", "delay = 0.02"))
        report = crawl(capsys, config)
    finally:
        server.shutdown()
        server.server_close()
    assert report["new"] == len(server.hub.curated)
    assert peak[0] == 1
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(gaps) > 40 and min(gaps) >= 0.02 * 0.95


def test_links_found_on_articles_are_followed(tmp_path, capsys, monkeypatch):
    """Discovery by links alone (one start article): the articles it links to, and theirs, are
    crawled."""
    import pipeline.running.crawl as crawl_module
    from pipeline.crawling.frontier import Candidate

    server = start_sample_hub(port=0, articles=40, seed=4)
    try:
        start = server.hub_url.rstrip("/").rsplit("/knowledge-hub", 1)[0] + server.hub.url_path(server.hub.articles[0])
        monkeypatch.setattr(crawl_module, "discover", lambda site, *a, **k: [Candidate(start, None, "listing", 0)])
        config = write_config(tmp_path / "c.toml", server.hub_url, tmp_path / "data")
        report = crawl(capsys, config)
        assert report["new"] > 5 and report["new"] == len(indexed(tmp_path / "data"))
    finally:
        server.shutdown()
        server.server_close()
