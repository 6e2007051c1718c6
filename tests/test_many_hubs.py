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


class AnswerTimed(_Handler):
    """The sample hub's handler, noting when it began to answer the request in hand
    (`answer_began`; the handler sets it to None when a request starts). Politeness checks take
    a request's end from it: the crawler saw the response end after that, so a gap measured from
    it is never longer than the real one (a time taken after the answer was written could come
    late on a busy machine)."""

    answer_began: float | None = None

    def send_response(self, *args, **kwargs):
        if self.answer_began is None:
            self.answer_began = time.monotonic()
        return super().send_response(*args, **kwargs)


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
    seen: list[tuple[str, float, float, str]] = []     # (host, start, answer began, path)
    lock = threading.Lock()

    class Tracking(AnswerTimed):
        def do_GET(self):
            start, self.answer_began = time.monotonic(), None
            try:
                if self.path == "/moved-sitemap.xml":          # two redirect hops to the sitemap index
                    return self._send(301, "", headers={"Location": "/moved-again.xml"}, head=True)
                if self.path == "/moved-again.xml":
                    return self._send(302, "", headers={"Location": "/sitemap_index.xml"}, head=True)
                return super().do_GET()
            finally:
                with lock:
                    seen.append((self.server.server_address[0], start, self.answer_began or time.monotonic(),
                                 self.path))

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
            # Killed once the crawl has recorded a few more articles (plus a random moment), not
            # after a fixed time, so that the kill lands mid-crawl on a fast machine and a slow one.
            _await_progress(proc, tmp_path / "killed", rng.randint(8, 30))
            time.sleep(rng.uniform(0.0, 0.3))
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


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if Path(f"/proc/{p}").exists() and "(Z)" not in _state_of(p)]:
            return True
        time.sleep(0.1)
    return False


def _state_of(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "(Z)"
    return "(Z)" if stat.rsplit(")", 1)[1].split()[0] == "Z" else "(R)"


def _stored(data_dir: Path) -> dict[str, str]:
    """url -> content hash of the articles the crawl state holds."""
    import sqlite3

    if not (data_dir / "state.sqlite").exists():
        return {}                                           # killed before it wrote anything
    db = sqlite3.connect(data_dir / "state.sqlite")
    try:
        return dict(db.execute("SELECT url, content_hash FROM articles"))
    finally:
        db.close()


def _await_progress(proc: subprocess.Popen, data_dir: Path, more: int, seconds: float = 120) -> None:
    """Wait until the crawl state holds `more` articles beyond what it held when called, or the
    process has ended (the caller then finds it finished)."""
    target = len(_stored(data_dir)) + more
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if len(_stored(data_dir)) >= target:
                return
        except Exception:                                   # the file is being created: look again
            pass
        time.sleep(0.02)


def test_kill_9_of_crawl_reindex_and_check_repair_with_several_hosts_keeps_the_last_commit(tmp_path):
    """A crawl of three hosts is killed mid-flight; while it runs, reindex and check --repair
    are refused (the writer lock), and killed themselves mid-work once it is dead. After every
    kill the index is the last good commit (what the crawl state holds, searchable, no process
    left behind); a rerun ends with the index an uninterrupted crawl gives."""
    hubs = [start_sample_hub(host=f"127.0.0.{i}", articles=150, seed=i) for i in (2, 3, 4)]
    try:
        reference = hubs_config(tmp_path / "ref.toml", tmp_path / "ref", hubs, 0.0, "batch_size = 25\n")
        killed = hubs_config(tmp_path / "killed.toml", tmp_path / "killed", hubs, 0.02, "batch_size = 25\n")
        cmd = [sys.executable, "run.py", "--quiet", "--config"]
        assert subprocess.run(cmd + [str(reference), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        rng = random.Random(20261205)
        landed = {"crawl": 0, "reindex": 0, "check": 0}

        def kill_mid_run(argv: list[str], low: float, high: float) -> bool:
            """Start a command, kill -9 it after a while if it still runs; its child processes
            (the writer of a crawl, the sub-writers of a reindex) must end by themselves."""
            proc = subprocess.Popen(cmd + [str(killed), *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            if argv[0] == "crawl":            # once it has recorded some more articles
                _await_progress(proc, tmp_path / "killed", rng.randint(40, 90))
            if argv[0] == "reindex":          # once its writer processes are at work
                deadline = time.monotonic() + 30
                while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.02)
            time.sleep(rng.uniform(low, high))
            children = _children(proc.pid)
            alive = proc.poll() is None
            if alive:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            assert _gone(children, 30), f"{argv[0]}: processes left behind after kill -9"
            return alive

        def searchable() -> dict[str, str]:
            done = subprocess.run(cmd + [str(killed), "search", "--json"], cwd=ROOT, capture_output=True,
                                  text=True, timeout=60)
            if done.returncode and "no index at" in done.stderr:
                return {}                                   # killed before its first commit
            assert done.returncode == 0, done.stderr
            now = indexed(tmp_path / "killed")
            assert json.loads(done.stdout)["total"] == len(now)
            return now

        for round_ in range(3):
            if (tmp_path / "killed" / "index").exists():       # a crawl in flight holds the writer lock
                proc = subprocess.Popen(cmd + [str(killed), "crawl"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
                time.sleep(0.8)
                for other in (["reindex"], ["check", "--repair"]):
                    refused = subprocess.run(cmd + [str(killed), *other], cwd=ROOT, capture_output=True,
                                             text=True, timeout=60)
                    assert proc.poll() is not None or refused.returncode == 75, (other, refused.stderr)
                os.kill(proc.pid, signal.SIGKILL) if proc.poll() is None else None
                proc.wait(timeout=30)
            # Each crawl resumes the last one and is killed after it has added some articles: the
            # crawl state grows, so that the later rebuilds are big enough to be killed while their
            # writers work.
            landed["crawl"] += kill_mid_run(["crawl"], 0.0, 0.3)
            before = searchable()
            state = _stored(tmp_path / "killed")
            # A crawl's writer may have committed a batch the killed crawl never recorded: a
            # rebuild from the crawl state leaves it out (the next crawl fetches it again).
            landed["reindex"] += kill_mid_run(["reindex", "--allow-shrink"], 0.0, 0.05)
            assert searchable() in (before, state)          # the old generation or the new one
            before = searchable()
            landed["check"] += kill_mid_run(["check", "--repair"], 0.1, 0.35)
            assert searchable() == before
        assert landed["crawl"] >= 2 and landed["reindex"] >= 2 and landed["check"] >= 1, landed
        assert subprocess.run(cmd + [str(killed), "crawl"], cwd=ROOT, timeout=300).returncode == 0
        assert indexed(tmp_path / "killed") == indexed(tmp_path / "ref")
        assert len(indexed(tmp_path / "ref")) == 3 * (150 + 47)
        assert subprocess.run(cmd + [str(killed), "check"], cwd=ROOT, capture_output=True,
                              timeout=120).returncode == 0
    finally:
        for hub in hubs:
            hub.shutdown()
            hub.server_close()
