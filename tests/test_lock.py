"""pipeline/running/lock.py: one writer at a time across real processes, and exit code 75."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import run
from pipeline.running.lock import LockHeld, WriterLock, lock_holder
from tests.conftest import ROOT, write_config

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pipeline.running.lock import WriterLock
lock = WriterLock({path!r}, command="test holder").acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_second_lock_is_refused_and_names_the_holder(tmp_path):
    path = tmp_path / "data" / "writer.lock"
    assert lock_holder(path) is None                     # no file yet
    with WriterLock(path, command="crawl"):
        holder = lock_holder(path)
        assert holder["pid"] == os.getpid() and holder["command"] == "crawl"
        with pytest.raises(LockHeld) as info:
            WriterLock(path).acquire()                   # flock conflicts even within one process
        assert str(info.value).startswith(f"another hubindex run holds the lock {path} (pid {os.getpid()}, crawl since ")
        assert str(info.value).endswith("; try again later")
    assert lock_holder(path) is None
    assert path.exists()                                 # the file stays; only the flock mattered
    WriterLock(path).acquire().release()


def test_a_killed_holder_never_blocks_the_next_run(tmp_path):
    path = tmp_path / "writer.lock"
    proc = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT), path=str(path))],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert lock_holder(path)["pid"] == proc.pid
        with pytest.raises(LockHeld):
            WriterLock(path).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert path.read_text()                              # the dead holder's note is still there...
    with WriterLock(path) as lock:                       # ...and does not matter
        assert lock.held


def test_crawl_exits_75_when_the_lock_is_held(capsys, tmp_path):
    data = tmp_path / "data"
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9/knowledge-hub/", data)
    with WriterLock(data / "writer.lock", command="schedule"):
        t0 = time.monotonic()
        code = run.main(["--config", str(config), "crawl"])
        took = time.monotonic() - t0
    out, err = capsys.readouterr()
    assert code == 75 and took < 5
    assert out == ""
    assert err.startswith(f"error: another hubindex run holds the lock {data / 'writer.lock'} (pid {os.getpid()}, "
                          "schedule since ")
    assert len(err.strip().splitlines()) == 1
    assert not (data / "index").exists()                 # nothing was written


def test_two_crawls_started_together_one_exits_75_and_the_index_is_intact(hub, tmp_path):
    data = tmp_path / "data"
    # A per-site delay makes each crawl take a few seconds, so the two processes overlap.
    config = write_config(tmp_path / "c.toml", hub.hub_url, data, extra="delay = 0.05\n")
    cmd = [sys.executable, "run.py", "--config", str(config), "crawl", "--json"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 75], outs
    loser = outs[[p.returncode for p in procs].index(75)]
    assert loser[0] == "" and loser[1].startswith("error: another hubindex run holds the lock")
    assert "Traceback" not in loser[1]

    proc = subprocess.run([sys.executable, "run.py", "--config", str(config), "status", "--json", "--history", "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    import json
    status = json.loads(proc.stdout)
    assert status["running"] is False
    assert status["index"]["articles"] == 47 and status["sites"][0]["articles"] == 47
    assert [r["outcome"] for r in status["history"]] == ["ok"]   # only the winner ran
    assert status["history"][0]["counts"]["new"] == 47
