"""A run over several hubs on distinct loopback hosts (127.0.0.2, 127.0.0.3, ...: Linux routes
all of 127.0.0.0/8 to loopback): hosts crawled at once, each politely, one index writer."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import run
from pipeline.samplehub import start_sample_hub
from pipeline.samplehub.server import _Handler
from tests.conftest import ROOT
from tests.test_crawl import indexed

DELAY = 0.1


def hubs_config(path: Path, data_dir: Path, hubs, delay: float, extra: str = "", site_extra: dict | None = None) -> Path:
    text = f'[index]\ndir = "{data_dir.as_posix()}"\n\n[crawl]\ndelay = {delay}\nretries = 0\ntimeout = 5.0\n{extra}\n'
    for i, hub in enumerate(hubs):
        text += f'\n[sites.hub{i}]\nstart_url = "{hub.hub_url}"\n' + (site_extra or {}).get(i, "")
    path.write_text(text, encoding="utf-8")
    return path


def test_hosts_are_crawled_at_once_each_with_one_request_at_a_time_and_the_delay(tmp_path, capsys):
    """Four hubs on three hosts (two share 127.0.0.2, on two ports): every request to one host,
    robots.txt and redirect hops included, starts at least the delay after the host's previous
    response ended, while the other hosts are fetched meanwhile."""
    seen: list[tuple[str, float, float, str]] = []     # (host, start, end, path)
    lock = threading.Lock()

    class Tracking(_Handler):
        def do_GET(self):
            start = time.monotonic()
            try:
                if self.path == "/moved-sitemap.xml":          # two redirect hops to the sitemap index
                    return self._send(301, "", headers={"Location": "/moved-again.xml"}, head=True)
                if self.path == "/moved-again.xml":
                    return self._send(302, "", headers={"Location": "/sitemap_index.xml"}, head=True)
                return super().do_GET()
            finally:
                with lock:
                    seen.append((self.server.server_address[0], start, time.monotonic(), self.path))

    hubs = [start_sample_hub(host=h) for h in ("127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.4")]
    for hub in hubs:
        hub.RequestHandlerClass = Tracking
    try:
        moved = {i: f'sitemaps = ["{hub.base_url}/moved-sitemap.xml"]\n' for i, hub in enumerate(hubs)}
        config = hubs_config(tmp_path / "c.toml", tmp_path / "data", hubs, DELAY, site_extra=moved)
        code = run.main(["--quiet", "--config", str(config), "crawl", "--json", "--max-pages", "8"])
        out = json.loads(capsys.readouterr().out)
    finally:
        for hub in hubs:
            hub.shutdown()
            hub.server_close()
    assert code == 0
    assert [r["site"] for r in out["sites"]] == ["hub0", "hub1", "hub2", "hub3"]
    assert all(r["new"] == 8 and r["outcome"] == "ok" for r in out["sites"])
    by_host: dict[str, list] = {}
    for host, start, end, path in sorted(seen, key=lambda r: r[1]):
        by_host.setdefault(host, []).append((start, end, path))
    assert sorted(by_host) == ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
    for host, requests in by_host.items():
        paths = [p for _, _, p in requests]
        assert paths.count("/robots.txt") == (2 if host == "127.0.0.2" else 1)
        assert "/moved-again.xml" in paths
        for (_, end, _), (start, _, path) in zip(requests, requests[1:]):
            assert start - end >= DELAY - 0.01, (host, path, start - end)
    # the hosts were crawled at once: each one's first request came before every other's last
    assert max(r[0][0] for r in by_host.values()) < min(r[-1][0] for r in by_host.values())
    assert len(indexed(tmp_path / "data")) == 4 * 8


def test_kill_9_with_several_hosts_in_flight_then_resume_equals_an_uninterrupted_crawl(tmp_path):
    hubs = [start_sample_hub(host=f"127.0.0.{i}", articles=40, seed=i) for i in (2, 3, 4)]
    try:
        reference = hubs_config(tmp_path / "ref.toml", tmp_path / "ref", hubs, 0.0, "batch_size = 7\n")
        # 20 ms between requests stretch the killed runs (about 2 s per host), so that every
        # kill lands mid-crawl, with the three hosts in flight.
        killed = hubs_config(tmp_path / "k.toml", tmp_path / "killed", hubs, 0.02, "batch_size = 7\n")
        cmd = [sys.executable, "run.py", "--quiet", "--config"]
        assert subprocess.run(cmd + [str(reference), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        rng = random.Random(20261205)
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
        assert len(indexed(tmp_path / "ref")) == 3 * (40 + 47)
    finally:
        for hub in hubs:
            hub.shutdown()
            hub.server_close()
