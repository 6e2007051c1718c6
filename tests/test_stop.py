"""SIGTERM and SIGINT against a real `crawl` process: consistent index and state, and a resume."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from index.whoosh_engine.store import IndexStore
from pipeline.crawling.state import CrawlState
from pipeline.core.workspace import Workspace
from tests.conftest import ROOT


def config(path: Path, hub_url: str, data: Path, delay: float, batch_size: int = 5) -> Path:
    path.write_text(f'[index]\ndir = "{data.as_posix()}"\n\n[crawl]\ndelay = 0.0\nretries = 0\ntimeout = 5.0\n'
                    f'batch_size = {batch_size}\n\n[sites.sample-hub]\nstart_url = "{hub_url}"\ndelay = {delay}\n',
                    encoding="utf-8")
    return path


def query(db_path: Path, sql: str):
    """One value from the state DB, or None while it does not exist yet (read-only, WAL-safe)."""
    if not db_path.exists():
        return None
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        row = db.execute(sql).fetchone()
    except sqlite3.OperationalError:   # tables not created yet
        return None
    finally:
        db.close()
    return row[0] if row else None


def wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def crawl(cfg: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "run.py", "--config", str(cfg), "crawl"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(data: Path) -> tuple[int, int]:
    ws = Workspace(data)
    store, state = IndexStore.open(ws.index_path), CrawlState(ws.state_path)
    try:
        return store.count(), state.article_count()
    finally:
        store.close()
        state.close()


def test_sigterm_mid_crawl_commits_and_the_next_run_resumes(hub, tmp_path):
    data = tmp_path / "data"
    # Batches of 2: a crawl this fast commits every 2 * GROWTH articles (crawl.COMMIT_SECONDS)
    slow = config(tmp_path / "slow.toml", hub.hub_url, data, delay=0.05, batch_size=2)
    proc = crawl(slow)
    db = data / "state.sqlite"
    try:
        wait_for(lambda: (query(db, "SELECT COUNT(*) FROM articles") or 0) >= 10)
    finally:
        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        out, err = proc.communicate(timeout=30)
    assert time.monotonic() - t0 < 5                       # the page in hand, one commit, done
    assert proc.returncode == 143, err
    assert "Traceback" not in err
    assert err.strip().endswith("error: interrupted; what was crawled is committed and the next run resumes")
    assert "received SIGTERM" in err

    indexed, stored = counts(data)
    assert 10 <= indexed == stored < 47                    # index and state agree: nothing half-written
    assert query(db, "SELECT outcome FROM runs ORDER BY id DESC") == "interrupted"
    assert query(db, "SELECT json_extract(report, '$.interrupted') FROM runs ORDER BY id DESC") == 1

    fast = config(tmp_path / "fast.toml", hub.hub_url, data, delay=0.0)
    again = subprocess.run([sys.executable, "run.py", "--config", str(fast), "crawl", "--json"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    import json
    [report] = json.loads(again.stdout)["sites"]
    assert report["new"] == 47 - indexed                   # resumed: the first run's articles are not redone
    assert report["outcome"] == "ok"
    assert counts(data) == (47, 47)


def test_a_second_signal_exits_at_once_without_corrupting_anything(hub, tmp_path):
    data = tmp_path / "data"
    slow = config(tmp_path / "slow.toml", hub.hub_url, data, delay=1.0, batch_size=1)
    proc = crawl(slow)
    db = data / "state.sqlite"
    try:
        wait_for(lambda: query(db, "SELECT COUNT(*) FROM runs WHERE outcome='running'") == 1)
        time.sleep(0.5)                                     # inside a page's one-second politeness delay
        proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - t0 < 1.0
    assert proc.returncode == 130
    assert query(db, "SELECT outcome FROM runs ORDER BY id DESC") == "running"   # it never got to say
    status = subprocess.run([sys.executable, "run.py", "--config", str(slow), "status", "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    import json
    assert json.loads(status.stdout)["sites"][0]["last_run"]["outcome"] == "killed"

    fast = config(tmp_path / "fast.toml", hub.hub_url, data, delay=0.0)
    again = subprocess.run([sys.executable, "run.py", "--config", str(fast), "crawl"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert counts(data) == (47, 47)
    assert query(db, "SELECT GROUP_CONCAT(outcome) FROM runs") == "killed,ok"
