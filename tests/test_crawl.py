"""Recrawls of a sample hub that its editors change while it is served: incremental fetching,
updates, renamed slugs, deleted articles, --full, and kill -9 at random points."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

import run
from index.whoosh_engine.store import IndexStore
from pipeline.core.workspace import Workspace
from pipeline.samplehub import start_sample_hub
from tests.conftest import ROOT, write_config


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


def test_full_refetches_everything(hub, tmp_path, capsys):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)
    hub.requests.clear()
    report = crawl(capsys, config, "--full")
    assert hub.requests["article"] >= len(hub.hub.curated)
    assert report["updated"] == len(hub.hub.curated)


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


def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_crawl(tmp_path):
    server = start_sample_hub(port=0, articles=200, seed=7)
    try:
        reference = write_config(tmp_path / "ref.toml", server.hub_url, tmp_path / "ref", "")
        killed = write_config(tmp_path / "k.toml", server.hub_url, tmp_path / "killed", "")
        for path in (reference, killed):   # small batches: many commits to be killed between
            path.write_text(path.read_text().replace("[crawl]\n", "[crawl]\nbatch_size = 7\n"))
        # 20 ms between requests stretch the killed runs (5 s for the whole hub), so that every
        # kill lands mid-crawl.
        killed.write_text(killed.read_text().replace("delay = 0.0", "delay = 0.02"))
        cmd = [sys.executable, "run.py", "--quiet", "--config"]
        assert subprocess.run(cmd + [str(reference), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        rng = random.Random(20261125)
        kills = 0
        for _ in range(4):
            proc = subprocess.Popen(cmd + [str(killed), "crawl"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.4, 1.5))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=30)
        assert kills >= 3, "the crawl finished before it could be killed"
        assert subprocess.run(cmd + [str(killed), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        assert indexed(tmp_path / "killed") == indexed(tmp_path / "ref")
        assert len(indexed(tmp_path / "ref")) == 200 + 47
    finally:
        server.shutdown()
        server.server_close()


def test_kill_9_while_the_last_batch_is_written_aside_then_resume(tmp_path):
    """A crawl ending with a big batch writes it aside (a side-* directory under the index) and
    hands the writer a share. Killing every process of the crawl at that moment loses nothing
    committed: the next crawl removes the directory, redoes those pages and the index equals
    that of an uninterrupted crawl."""
    server = start_sample_hub(port=0, articles=150, seed=8)
    try:
        reference = write_config(tmp_path / "ref.toml", server.hub_url, tmp_path / "ref", "")
        killed = write_config(tmp_path / "k.toml", server.hub_url, tmp_path / "killed", "")
        cmd = [sys.executable, "run.py", "--quiet", "--config"]
        assert subprocess.run(cmd + [str(reference), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        root = Workspace(tmp_path / "killed").index_path
        proc = subprocess.Popen(cmd + [str(killed), "crawl"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while proc.poll() is None and not list(root.glob("side-*")) and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, "the crawl ended before it wrote aside"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert list(root.glob("side-*")), "the segment written aside is left behind"
        assert subprocess.run(cmd + [str(killed), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        assert not list(root.glob("side-*"))
        assert indexed(tmp_path / "killed") == indexed(tmp_path / "ref")
        assert len(indexed(tmp_path / "ref")) == 150 + 47
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_url_needs_no_config(hub, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)          # no config.toml here
    code = run.main(["--quiet", "--index", str(tmp_path / "adhoc"), "crawl", "--url", hub.hub_url, "--delay", "0",
                     "--json"])
    report = json.loads(capsys.readouterr().out)["sites"][0]
    assert code == 0 and report["site"] == "127-0-0-1" and report["new"] == len(hub.hub.curated)
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
    from pipeline.running.crawl import crawl_site
    from pipeline.crawling.state import CrawlState

    crawl_settings = CrawlSettings(delay=0.0, retries=0)
    site = site_from_url(hub.hub_url, crawl_settings, name="feedonly", delay=0.0)
    # No usable sitemap and a listing page without article links: the RSS feed is what is left.
    site = replace(site, sitemaps=(hub.base_url + "/no-sitemap.xml",), listing_urls=(hub.hub_url + "no-listing/",))
    state = CrawlState(tmp_path / "state.sqlite")
    store = IndexStore.open(tmp_path / "index", create=True)
    try:
        report = crawl_site(site, crawl_settings, state, store, max_pages=20)
        assert report.discovery_sources == ["feed"]
        assert report.new == 20, report.failures
        assert report.failed == 0, report.failures
    finally:
        state.close()
        store.close()


def test_several_batches_in_flight_are_all_committed_and_recorded_in_order(hub, tmp_path, capsys, monkeypatch):
    """Batches of 2: many commits are in flight at once behind the crawl; every article ends up
    indexed, and the crawl state of each one is written (an unchanged recrawl fetches no body)."""
    import pipeline.running.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "COMMIT_SECONDS", 0.0)   # every full batch is committed
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    config.write_text(config.read_text().replace("[crawl]\n", "[crawl]\nbatch_size = 2\n"))
    first = crawl(capsys, config)
    assert first["new"] == 47 and first["failed"] == 0
    assert len(indexed(tmp_path / "data")) == 47
    again = crawl(capsys, config)
    assert again["new"] == again["updated"] == 0
    assert again["fetched"] == again["not_modified"]


def test_fetching_ahead_keeps_one_request_at_a_time_and_the_delay(tmp_path, capsys):
    """The next page is fetched while the current one is extracted, by one fetch thread: the
    host still never sees two requests at once, and requests start at least `delay` apart."""
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


def test_the_fetch_thread_goes_on_to_the_next_pages_while_one_is_taken_up(tmp_path, capsys, monkeypatch):
    """Fetches are queued on the fetch thread (AHEAD of them): while the crawl is still
    extracting one page, the next two are requested (one at a time), so the server is not left
    waiting for the crawl between pages."""
    import threading

    import pipeline.running.crawl as crawl_module
    import pipeline.running.extractproc as extractproc
    from pipeline.samplehub.server import _Handler

    server = start_sample_hub(port=0)
    served, lock = [], threading.Lock()
    enough = threading.Event()

    class Counting(_Handler):
        def do_GET(self):
            super().do_GET()
            with lock:
                served.append(self.path)
                if sum("/knowledge-hub/" in p and p.count("/") == 3 for p in served) >= 3:
                    enough.set()

    server.RequestHandlerClass = Counting
    real, waited = extractproc.outcome, []

    def slow_first(page, site):
        if not waited:     # the first page's extraction waits for the fetches after it
            waited.append(enough.wait(timeout=5))
        return real(page, site)

    monkeypatch.setattr(extractproc, "outcome", slow_first)
    monkeypatch.setattr(crawl_module, "WORKER_MIN", 10**9)     # every page extracted in the crawl process
    try:
        config = write_config(tmp_path / "c.toml", server.hub_url, tmp_path / "data")
        report = crawl(capsys, config)
    finally:
        server.shutdown()
        server.server_close()
    assert waited == [True]
    assert report["new"] == len(server.hub.curated)


def test_only_a_few_candidates_are_begun_ahead_of_the_page_taken_up(hub, tmp_path, capsys, monkeypatch):
    """Candidates are begun (their state read, their fetch queued) at most 2 * AHEAD ahead of the
    one being taken up, whether they need a request or not (a recrawl whose sitemap says nothing
    changed needs none: beginning them all at once made it quadratic)."""
    import pipeline.running.crawl as crawl_module

    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    crawl(capsys, config)
    begun, finished, most = [0], [0], [0]
    real_begin, real_finish = crawl_module._Run._begin, crawl_module._Run._finish

    def begin(self, cand, pool):
        begun[0] += 1
        most[0] = max(most[0], begun[0] - finished[0])
        return real_begin(self, cand, pool)

    def finish(self, job):
        finished[0] += 1
        return real_finish(self, job)

    monkeypatch.setattr(crawl_module._Run, "_begin", begin)
    monkeypatch.setattr(crawl_module._Run, "_finish", finish)
    again = crawl(capsys, config)
    assert again["unchanged"] == len(hub.hub.curated) and again["fetched"] == 0   # sitemap lastmod: no request
    assert begun[0] == finished[0] >= len(hub.hub.curated)
    assert most[0] <= 2 * crawl_module.AHEAD + 1


def _state_rows(data_dir) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(Workspace(data_dir).state_path) as db:
        return sorted(db.execute("SELECT url, status, article_url, etag, last_modified, lastmod FROM urls"))


def test_extraction_in_its_own_process_gives_the_same_index_and_state(tmp_path, capsys, monkeypatch):
    """A big crawl extracts in a child process; the index and the crawl state are the same as
    with extraction in the crawl process, and a recrawl of either fetches no article body."""
    import pipeline.running.crawl as crawl_module
    import pipeline.running.extractproc as extractproc

    server = start_sample_hub(port=0, articles=150, seed=5)
    try:
        results = {}
        real = extractproc.ExtractWorker
        for name, threshold in (("inline", 10**9), ("worker", 0)):
            monkeypatch.setattr(crawl_module, "WORKER_MIN", threshold)
            started = []
            monkeypatch.setattr(extractproc, "ExtractWorker", lambda site: started.append(1) or real(site))
            config = write_config(tmp_path / f"{name}.toml", server.hub_url, tmp_path / name)
            report = crawl(capsys, config)
            assert report["new"] == 150 + 47 and report["failed"] == 0
            assert len(started) == (name == "worker")
            again = crawl(capsys, config)
            assert again["new"] == again["updated"] == 0 and again["fetched"] == again["not_modified"]
            results[name] = (indexed(tmp_path / name), _state_rows(tmp_path / name))
        assert results["worker"] == results["inline"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_crawl_that_writes_its_last_batch_aside_gives_the_same_index_and_state(tmp_path, capsys, monkeypatch):
    """Near its end a crawl holds its batch while the writer is busy and writes it aside itself,
    handing the writer a share once it is free (forced here with ASIDE_AFTER = -1: the writer
    counts as busy throughout). The index and the crawl state are those of a crawl that never
    writes aside (nor hands a big last batch half to the writer: TAKE_BACK_MIN), and a recrawl
    fetches no article body."""
    import index.whoosh_engine.background as background
    import pipeline.running.crawl as crawl_module

    calls = []
    real, real_aside = background.BackgroundWriter.submit, background.BackgroundWriter.submit_aside
    monkeypatch.setattr(background.BackgroundWriter, "submit",
                        lambda self, a, d, near_end=False, last=False:
                        calls.append(("submit", len(a))) or real(self, a, d, near_end, last))
    monkeypatch.setattr(background.BackgroundWriter, "submit_aside",
                        lambda self, a, d, near_end=True, take_back=None, last=False:
                        calls.append(("aside", len(a))) or real_aside(self, a, d, near_end, take_back, last))
    server = start_sample_hub(port=0, articles=150, seed=6)
    try:
        results = {}
        for name, after, least in (("never", 10**9, 10**9), ("aside", -1, crawl_module.TAKE_BACK_MIN)):
            monkeypatch.setattr(crawl_module, "ASIDE_AFTER", after)
            monkeypatch.setattr(crawl_module, "TAKE_BACK_MIN", least)
            calls.clear()
            config = write_config(tmp_path / f"{name}.toml", server.hub_url, tmp_path / name)
            report = crawl(capsys, config)
            assert report["new"] == 150 + 47 and report["failed"] == 0
            if name == "aside":      # one batch held to the end, half of it handed back to the idle writer
                assert calls[0] == ("aside", 197) and calls[1][0] == "submit" and 90 <= calls[1][1] <= 110
                assert len(calls) == 2
            else:
                assert [kind for kind, _ in calls] == ["submit"] * len(calls)
            again = crawl(capsys, config)
            assert again["new"] == again["updated"] == 0 and again["fetched"] == again["not_modified"]
            results[name] = (indexed(tmp_path / name), _state_rows(tmp_path / name))
            assert not list(Workspace(tmp_path / name).index_path.glob("side-*"))
        assert results["aside"] == results["never"]
    finally:
        server.shutdown()
        server.server_close()


def test_extraction_process_reports_a_crash_and_its_own_death():
    import dataclasses

    from pipeline.core.config import SiteConfig
    from pipeline.running.extractproc import EXTRACT_NICE, ExtractionCrashed, ExtractWorker
    from pipeline.core.models import Page

    site = SiteConfig(name="x", start_url="http://127.0.0.1:9/", allowed_hosts=("127.0.0.1",))
    worker = ExtractWorker(site)
    try:
        page = Page(url="http://127.0.0.1:9/a", final_url="http://127.0.0.1:9/a", status=200,
                    headers={"content-type": "text/html"}, content=b"<html><title>A page</title><p>Short.</p></html>")
        worker.submit(page)
        assert worker.result()[0] == "not-article"
        if hasattr(os, "getpriority"):     # it yields the CPU to the crawl and the index writer
            assert os.getpriority(os.PRIO_PROCESS, worker._proc.pid) == \
                min(19, os.getpriority(os.PRIO_PROCESS, 0) + EXTRACT_NICE)
        worker.submit(dataclasses.replace(page, content=None))     # no fetch makes such a page: a bug
        with pytest.raises(ExtractionCrashed, match="extraction failed unexpectedly: AttributeError"):
            worker.result()
        worker._proc.kill()
        worker._proc.join()
        with pytest.raises(ExtractionCrashed, match="stopped unexpectedly"):
            worker.submit(page)
            worker.result()
    finally:
        worker.close()


def test_a_fast_crawl_makes_fewer_bigger_commits_and_a_slow_one_commits_each_batch(tmp_path, capsys, monkeypatch):
    """A full batch waits until COMMIT_SECONDS have passed since the last commit, growing up to
    GROWTH batches: a fast crawl commits less often (but near its end, when little is left in
    the frontier, each batch the writer is free for); with no wait, each batch is a commit."""
    import index.whoosh_engine.background as background
    import pipeline.running.crawl as crawl_module

    commits, ends = [], []
    real, real_aside = background.BackgroundWriter.submit, background.BackgroundWriter.submit_aside

    def submit(self, articles, deletions, near_end=False, last=False):
        commits.append(len(articles))
        ends.append(near_end)
        return real(self, articles, deletions, near_end, last)

    def submit_aside(self, articles, deletions, near_end=True, take_back=None, last=False):
        written = real_aside(self, articles, deletions, near_end, take_back, last)   # take_back submits first
        commits.append(written)
        ends.append(near_end)
        return written

    monkeypatch.setattr(background.BackgroundWriter, "submit", submit)
    monkeypatch.setattr(background.BackgroundWriter, "submit_aside", submit_aside)
    server = start_sample_hub(port=0, articles=60, seed=2)
    try:
        for name, wait in (("fast", 60.0), ("each", 0.0)):
            monkeypatch.setattr(crawl_module, "COMMIT_SECONDS", wait)
            commits.clear()
            ends.clear()
            config = write_config(tmp_path / f"{name}.toml", server.hub_url, tmp_path / name)
            config.write_text(config.read_text().replace("[crawl]\n", "[crawl]\nbatch_size = 5\n"))
            assert crawl(capsys, config)["new"] == 107
            assert sum(commits) == 107 and len(indexed(tmp_path / name)) == 107
            # the commits near the end leave big merges for later; those before do not
            assert ends[-1] and not ends[0] and ends == sorted(ends)
            before_end = [n for n, end in zip(commits, ends) if not end]
            assert max(commits) <= 5 * crawl_module.GROWTH
            if name == "fast":       # big commits, then smaller ones near the end
                assert before_end.count(5 * crawl_module.GROWTH) >= 3 and len(commits) < 15
            else:
                assert max(before_end) <= 6 and len(before_end) >= 15
    finally:
        server.shutdown()
        server.server_close()


def test_links_found_by_pages_still_in_extraction_are_followed(tmp_path, capsys, monkeypatch):
    """Discovery by links alone (one start article): the frontier runs dry while pages are still
    in the extraction process, and their links must still be crawled, as with inline extraction."""
    import pipeline.running.crawl as crawl_module
    from pipeline.crawling.frontier import Candidate

    server = start_sample_hub(port=0, articles=40, seed=4)
    try:
        start = server.hub_url.rstrip("/").rsplit("/knowledge-hub", 1)[0] + server.hub.url_path(server.hub.articles[0])
        monkeypatch.setattr(crawl_module, "discover", lambda site, *a, **k: [Candidate(start, None, "listing", 0)])
        found = {}
        for name, threshold in (("inline", 10**9), ("worker", 0)):
            monkeypatch.setattr(crawl_module, "WORKER_MIN", threshold)
            config = write_config(tmp_path / f"{name}.toml", server.hub_url, tmp_path / name)
            found[name] = crawl(capsys, config)["new"]
        assert found["inline"] > 5 and found["worker"] == found["inline"]
    finally:
        server.shutdown()
        server.server_close()
