"""`run.py serve` with several processes: they share the socket, a dead one is replaced, and
stopping the parent (SIGTERM) or killing it (SIGKILL) leaves no server process behind."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="several server processes need fork")


def children(pid: int) -> set[int]:
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def get(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as r:
        assert r.status == 200
        return json.loads(r.read())


def start(config: Path, processes: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "run.py", "--quiet", "--config", str(config), "serve", "--port", "0",
                             "--processes", str(processes)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    assert m, first
    assert f"{processes} processes" in first
    assert wait_for(lambda: len(children(proc.pid)) == processes)
    return proc, f"http://127.0.0.1:{m.group(1)}"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process trees from /proc")
def test_processes_share_the_socket_replace_a_dead_one_and_stop_together(crawled):
    config, _ = crawled
    proc, base = start(config, 2)
    try:
        first = children(proc.pid)
        for _ in range(20):
            assert get(base, "/search?q=scholarship&limit=2")["total"] > 0
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        assert wait_for(lambda: len(children(proc.pid)) == 2 and victim not in children(proc.pid))
        assert get(base, "/facets")
        kids = children(proc.pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        assert wait_for(lambda: not any(alive(k) for k in kids))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process trees from /proc")
def test_server_processes_stop_when_their_parent_is_killed(crawled):
    config, _ = crawled
    proc, base = start(config, 2)
    kids = children(proc.pid)
    proc.kill()
    proc.wait()
    assert wait_for(lambda: not any(alive(k) for k in kids), timeout=10)


def test_bad_process_counts_are_refused(crawled):
    config, _ = crawled
    out = subprocess.run([sys.executable, "run.py", "--config", str(config), "serve", "--processes", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and out.stderr.strip().startswith("error:") and "--processes" in out.stderr
    assert "Traceback" not in out.stderr
