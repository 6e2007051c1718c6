"""`run.py status`, run records, heartbeats, exit-code rules and JSON logs."""

from __future__ import annotations

import json
import logging
import os
import time

import pytest

import run
from pipeline.running.jsonlog import JsonFormatter
from pipeline.running.lock import WriterLock
from pipeline.core.models import CrawlReport
from pipeline.running.runs import failure_ratio, judge
from tests.conftest import write_config
from tests.localserver import QuietHandler, serve
from tests.test_cli import free_port


def call(capsys, *argv):
    code = run.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fresh(hub, tmp_path, capsys):
    """A config with its own data directory, crawled once."""
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data", extra='every = "6h"\n')
    assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
    capsys.readouterr()
    return config, tmp_path / "data"


def test_status_before_any_run(capsys, tmp_path):
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9/hub/", tmp_path / "data")
    code, out, err = call(capsys, "--config", str(config), "status")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "run in progress: no",
        f"index: none yet ({tmp_path / 'data' / 'index'})",
        "",
        "site sample-hub (every 1d)",
        "  last run:  never",
        "  next due:  not scheduled yet (schedule runs it at once)",
        "  articles:  0",
    ]
    assert not (tmp_path / "data").exists()                 # status never creates anything


def test_status_json_reports_the_last_crawl(capsys, fresh):
    config, data = fresh
    code, out, _ = call(capsys, "--config", str(config), "status", "--json", "--history", "3")
    assert code == 0
    status = json.loads(out)
    assert status["running"] is False and status["lock"]["holder"] is None
    assert status["index"]["exists"] and status["index"]["articles"] == 47
    assert status["index"]["bytes"] > 10_000
    [site] = status["sites"]
    assert site["site"] == "sample-hub" and site["schedule"] == "every 6h" and site["articles"] == 47
    assert site["next_due"] is None                         # `crawl` does not schedule; `schedule` does
    last = site["last_run"]
    assert last["command"] == "crawl" and last["outcome"] == "ok" and last["exit_code"] == 0
    report = last["report"]
    assert last["counts"] == {"new": 47, "updated": 0, "unchanged": 0, "removed": 0, "failed": report["failed"]}
    assert sum(last["failed_by_reason"].values()) == report["failed"] and last["seconds"] > 0
    assert report["discovered"] >= 47
    assert [r["id"] for r in status["history"]] == [last["id"]]


def test_status_text_after_a_recrawl(capsys, fresh):
    config, _ = fresh
    assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
    capsys.readouterr()
    code, out, _ = call(capsys, "--config", str(config), "status", "--history", "2")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "run in progress: no"
    assert lines[1].startswith("index: 47 articles, ") and " on disk (" in lines[1]
    assert lines[3] == "site sample-hub (every 6h)"
    assert lines[4].startswith("  last run:  ") and lines[4].endswith(", ok (crawl)")
    assert lines[5].startswith("  counts:    new 0, updated 0, unchanged 47, removed 0, failed ")
    assert lines[-3] == "last 2 runs:"
    assert " sample-hub crawl ok " in lines[-2] and ": new 0, updated 0, unchanged 47, removed 0, failed " in lines[-2]
    assert ": new 47, updated 0, unchanged 0, removed 0, failed " in lines[-1]


def test_status_shows_a_run_in_progress(capsys, fresh):
    config, data = fresh
    with WriterLock(data / "writer.lock", command="schedule"):
        code, out, _ = call(capsys, "--config", str(config), "status", "--json")
        text_code, text, _ = call(capsys, "--config", str(config), "status")
    status = json.loads(out)
    assert code == 0 and status["running"] is True
    assert status["lock"]["holder"]["pid"] == os.getpid() and status["lock"]["holder"]["command"] == "schedule"
    assert text.splitlines()[0].startswith(f"run in progress: yes (pid {os.getpid()}, schedule since ")


def test_status_bad_history(capsys, tmp_path):
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9/hub/", tmp_path / "data")
    code, _, err = call(capsys, "--config", str(config), "status", "--history", "-1")
    assert code == 2 and err.startswith("error: --history must be 0 or more")


def test_an_unreachable_site_is_a_failed_run_not_a_crash_of_the_others(capsys, hub, tmp_path):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data", extra=(
        f'\n[sites.gone]\nstart_url = "http://127.0.0.1:{free_port()}/knowledge-hub/"\n'))
    code, out, err = call(capsys, "--config", str(config), "crawl", "--json")
    assert code == 1
    assert err == ("error: nothing could be crawled from site gone: "
                   "robots.txt unavailable (connection refused), host skipped\n")
    sites = {s["site"]: s for s in json.loads(out)["sites"]}
    assert sites["sample-hub"]["outcome"] == "ok" and sites["sample-hub"]["new"] == 47
    assert sites["gone"]["outcome"] == "failed"
    _, out, _ = call(capsys, "--config", str(config), "status", "--json")
    by_site = {s["site"]: s["last_run"] for s in json.loads(out)["sites"]}
    assert by_site["gone"]["outcome"] == "failed" and by_site["gone"]["exit_code"] == 1
    assert by_site["gone"]["failed_by_reason"] == {"robots.txt unavailable (connection refused), host skipped": 1}


def test_failure_threshold():
    r = CrawlReport(site="s", new=8, unchanged=1)
    r.fail("u1", "HTTP 500")
    assert failure_ratio(r) == 0.1
    assert judge(r, 0.1) == ("ok", None)                    # at the threshold is not above it
    assert judge(r, 0.05) == ("failed", "site s: 1 of 10 pages failed (10%), more than crawl.max_failure_ratio 0.05")
    unchanged = CrawlReport(site="s", discovered=5, unchanged=5)
    assert judge(unchanged, 0.0) == ("ok", None)            # nothing to do is a success...
    assert judge(CrawlReport(site="s"), 0.0)[0] == "failed"  # ...nothing found to do is not
    down = CrawlReport(site="s")
    down.fail("http://x/", "connection refused")
    assert judge(down, 1.0) == ("failed", "nothing could be crawled from site s: connection refused")
    stopped = CrawlReport(site="s", interrupted=True)
    assert judge(stopped, 0.1)[0] == "interrupted"


# ---------------------------------------------------------------- heartbeat


class Monitor(QuietHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.bodies = getattr(self.server, "bodies", []) + [self.rfile.read(length).decode()]
        self.server.record(self.path, self.headers)
        self.send_body(200, b"OK")


def test_heartbeat_pings_start_and_exit_code(capsys, hub, tmp_path):
    with serve(Monitor) as monitor:
        ok = write_config(tmp_path / "ok.toml", hub.hub_url, tmp_path / "data").read_text()
        cfg = tmp_path / "c.toml"
        cfg.write_text(ok.replace("[crawl]\n", f'[crawl]\nheartbeat_url = "{monitor.base_url}/ping/abc"\n'))
        assert run.main(["--quiet", "--config", str(cfg), "crawl"]) == 0
        assert list(monitor.hits) == ["/ping/abc/start", "/ping/abc/0"]

        down = tmp_path / "down.toml"
        down.write_text(cfg.read_text().replace(hub.hub_url, f"http://127.0.0.1:{free_port()}/knowledge-hub/"))
        assert run.main(["--quiet", "--config", str(down), "crawl"]) == 1
        assert list(monitor.hits)[-1] == "/ping/abc/1"
        assert "nothing could be crawled" in monitor.bodies[-1]
    capsys.readouterr()


def test_an_unreachable_heartbeat_neither_fails_nor_delays_the_crawl(capsys, hub, tmp_path):
    text = write_config(tmp_path / "x.toml", hub.hub_url, tmp_path / "data").read_text()
    cfg = tmp_path / "c.toml"
    cfg.write_text(text.replace("[crawl]\n", f'[crawl]\nheartbeat_url = "http://127.0.0.1:{free_port()}/hb"\n'))
    t0 = time.monotonic()
    code = run.main(["--config", str(cfg), "crawl"])
    assert code == 0 and time.monotonic() - t0 < 10
    err = capsys.readouterr().err
    assert "heartbeat ping http://127.0.0.1:" in err and "/hb/start failed: ConnectionError" in err


# ---------------------------------------------------------------- logs


def test_json_log_lines_carry_the_run_fields():
    record = logging.LogRecord("pipeline.runs", logging.INFO, __file__, 1, "site %s: run %s", ("a", "ok"), None)
    record.site, record.outcome, record.counts = "a", "ok", {"new": 1}
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "site a: run ok" and data["level"] == "info" and data["logger"] == "pipeline.runs"
    assert data["site"] == "a" and data["outcome"] == "ok" and data["counts"] == {"new": 1}
    assert data["time"].endswith("+00:00")


def test_status_of_hubs_crawled_with_url_two_on_one_host(capsys, tmp_path, monkeypatch):
    """`crawl --url` of two hubs on one host: two sites with names of their own (host, port and
    path), each with its articles; status says they are not in the config and never scheduled."""
    from pipeline.samplehub import start_sample_hub

    monkeypatch.chdir(tmp_path)          # no config.toml here
    hubs = [start_sample_hub(port=0), start_sample_hub(port=0)]
    try:
        for hub in hubs:
            code, out, _ = call(capsys, "--quiet", "--index", str(tmp_path / "data"), "crawl", "--url", hub.hub_url,
                                "--delay", "0", "--json")
            assert code == 0 and json.loads(out)["sites"][0]["new"] == 47
        names = [f"127-0-0-1-{hub.server_address[1]}-knowledge-hub" for hub in hubs]
        code, out, _ = call(capsys, "--index", str(tmp_path / "data"), "status", "--json")
        status = json.loads(out)
        assert status["index"]["articles"] == 94
        assert sorted(s["site"] for s in status["sites"]) == sorted(names)
        assert all(s["articles"] == 47 and not s["configured"] and s["command"] == "crawl --url"
                   for s in status["sites"])
        code, text, _ = call(capsys, "--index", str(tmp_path / "data"), "status")
    finally:
        for hub in hubs:
            hub.shutdown()
            hub.server_close()
    assert f"site {names[0]} (crawled with crawl --url; not in the config)" in text
    assert "no longer configured" not in text and "schedule runs it at once" not in text
    assert text.count("  next due:  never (schedule runs only the sites in the config)") == 2
    assert text.count("  articles:  47") == 2


def test_a_crawl_that_discovers_nothing_says_so_and_exits_1(capsys, hub, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = hub.base_url + "/nothing-here/"
    code, out, err = call(capsys, "--quiet", "--index", str(tmp_path / "data"), "crawl", "--url", url, "--delay", "0")
    assert code == 1
    assert err == (f"error: site 127-0-0-1-{hub.server_address[1]}-nothing-here: no article found to crawl (no "
                   "sitemap, listing page or feed listed a URL in the site's scope); check its start_url, include "
                   "and exclude\n")
