"""pipeline/running/scheduler.py: timed runs that survive restarts, errors and signals.

In-process tests drive SiteScheduler with a recording runner over a real SQLite state file;
the end-to-end ones run `run.py schedule` as a real process against the sample hub.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest

import run
from pipeline.core.config import parse_settings
from pipeline.core.models import parse_iso, utcnow
from pipeline.running.runs import OK, RunResult
from pipeline.running.scheduler import SiteScheduler, spec_of
from pipeline.crawling.state import CrawlState
from pipeline.running.stop import StopFlag
from pipeline.core.timespec import format_duration, parse_clock, parse_duration
from tests.conftest import ROOT, write_config


def sites(**specs: dict) -> list:
    """SiteConfigs named after the keyword arguments, each with its schedule keys."""
    table = {name: {"start_url": f"http://127.0.0.1:9/{name}/", **keys} for name, keys in specs.items()}
    return list(parse_settings({"sites": table}).sites.values())


class Recorder:
    """A runner that records calls and raises for the sites named in `raising`."""

    def __init__(self, raising: tuple[str, ...] = ()) -> None:
        self.calls: list[str] = []
        self.raising = raising

    def __call__(self, site) -> RunResult:
        self.calls.append(site.name)
        if site.name in self.raising:
            raise RuntimeError(f"boom in {site.name}")
        return RunResult(site.name, OK)


def schedule_row(path, site: str) -> dict:
    state = CrawlState(path)
    try:
        cur = state.db.execute("SELECT * FROM schedule WHERE site=?", (site,))
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))
    finally:
        state.close()


# ---------------------------------------------------------------- durations and config


@pytest.mark.parametrize("text, seconds", [("6h", 21600), ("30m", 1800), ("1h30m", 5400), ("45s", 45),
                                           ("1d", 86400), ("1.5h", 5400), ("2 h", 7200), (90, 90)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "6", "h", "6x", "-1h", "1h and 2m"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_clock_and_format():
    assert parse_clock("2:30") == "02:30:00" and parse_clock("23:59:59") == "23:59:59"
    with pytest.raises(ValueError):
        parse_clock("24:00")
    assert format_duration(5400) == "1h30m" and format_duration(86400) == "1d" and format_duration(0) == "0s"


def test_schedule_keys_in_config(tmp_path):
    [a, b, c] = sites(a={"every": "6h", "jitter": "5m"}, b={"at": "02:30"}, c={})
    assert (a.every, a.jitter, spec_of(a)) == (21600, 300, "every 6h")
    assert (b.at, spec_of(b)) == ("02:30:00", "daily at 02:30:00")
    assert spec_of(c) == "every 1d"                       # [crawl] every's default


def test_bad_schedule_config_exits_78(capsys, tmp_path):
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9/hub/", tmp_path / "data", extra='every = "often"\n')
    code = run.main(["--config", str(config), "schedule", "--once"])
    err = capsys.readouterr().err
    assert code == 78
    assert err == (f"error: {config}, line 11: sites.sample-hub.every: "
                   "not a duration like \"6h\", \"30m\", \"1h30m\" or \"45s\": 'often'\n")


# ---------------------------------------------------------------- the loop, in process


def test_short_intervals_run_several_times_and_a_raising_job_stops_nothing(tmp_path):
    state = tmp_path / "state.sqlite"
    runner = Recorder(raising=("bad",))
    sched = SiteScheduler(sites(a={"every": "1s"}, b={"every": "1s"}, bad={"every": "1s"}), state, runner)
    try:
        t0 = time.monotonic()
        results = sched.run(until=3.3)
        assert time.monotonic() - t0 < 6
    finally:
        sched.close()
    for name in ("a", "b", "bad"):
        assert 3 <= runner.calls.count(name) <= 5, runner.calls
    assert sched.errors == runner.calls.count("bad")
    assert {r.outcome for r in results if r.site == "bad"} == {"error"}
    bad = schedule_row(state, "bad")
    assert bad["errors"] == runner.calls.count("bad") and bad["outcome"] == "error"
    assert schedule_row(state, "a")["runs"] == runner.calls.count("a")
    last = CrawlState(state)
    try:
        reason = last.db.execute("SELECT reason FROM runs WHERE site='bad' ORDER BY id DESC").fetchone()[0]
    finally:
        last.close()
    assert reason == "unexpected RuntimeError: boom in bad"


def test_a_restart_after_missed_slots_runs_the_site_once(tmp_path):
    state = tmp_path / "state.sqlite"
    [site] = sites(hub={"every": "2s"})
    first = SiteScheduler([site], state, Recorder())
    first.run(once=True)                       # never run before: due at once
    assert first.runner.calls == ["hub"]
    first.close()
    # Pretend the process was down for 20 s, ten missed slots of 2 s.
    db = sqlite3.connect(state)
    with db:
        db.execute("UPDATE schedule SET last_start=?, last_finish=?, next_due=?",
                   ((utcnow() - timedelta(seconds=21)).isoformat(), (utcnow() - timedelta(seconds=20)).isoformat(),
                    (utcnow() - timedelta(seconds=18)).isoformat()))
    db.close()
    runner = Recorder()
    again = SiteScheduler([site], state, runner)
    try:
        again.run(until=1.2)
    finally:
        again.close()
    assert runner.calls == ["hub"]             # once, not once per missed slot
    due = parse_iso(schedule_row(state, "hub")["next_due"])
    assert timedelta(seconds=0.5) < due - utcnow() < timedelta(seconds=2.5)


def test_once_runs_only_what_is_due(tmp_path):
    state = tmp_path / "state.sqlite"
    all_sites = sites(hourly={"every": "1h"}, secondly={"every": "1s"})
    SiteScheduler(all_sites, state, Recorder()).run(once=True)
    time.sleep(1.1)
    runner = Recorder()
    sched = SiteScheduler(all_sites, state, runner)
    sched.run(once=True)
    sched.close()
    assert runner.calls == ["secondly"]


def test_jitter_delays_the_next_due_time(tmp_path):
    [site] = sites(hub={"every": "10s", "jitter": "5s"})
    sched = SiteScheduler([site], tmp_path / "s.sqlite", Recorder(), rng=random.Random(7))
    try:
        sched.tick()
        delay = (sched.next_due()["hub"] - utcnow()).total_seconds()
    finally:
        sched.close()
    assert 10 < delay < 15.5 and abs(delay - 10) > 0.05


def test_a_changed_interval_reschedules_from_the_last_run(tmp_path):
    state = tmp_path / "state.sqlite"
    SiteScheduler(sites(hub={"every": "1d"}), state, Recorder()).run(once=True)
    runner = Recorder()
    sched = SiteScheduler(sites(hub={"every": "1h"}), state, runner)   # config edited: 1 h from the last run
    sched.run(once=True)
    sched.close()
    assert runner.calls == []
    due = parse_iso(schedule_row(state, "hub")["next_due"])
    assert timedelta(minutes=59) < due - utcnow() <= timedelta(hours=1)


def test_a_stop_request_ends_the_loop_and_keeps_the_site_due(tmp_path):
    stop = StopFlag()

    def runner(site):
        stop.request(signal.SIGTERM)           # as if SIGTERM arrived during this run
        return RunResult(site.name, "interrupted", "stopped by a signal")

    state = tmp_path / "state.sqlite"
    sched = SiteScheduler(sites(a={"every": "1h"}, b={"every": "1h"}), state, runner, stop)
    t0 = time.monotonic()
    results = sched.run()
    sched.close()
    assert time.monotonic() - t0 < 2
    assert [r.site for r in results] == ["a"]  # b was not started after the stop
    for name in ("a", "b"):                    # both run at the next start
        assert parse_iso(schedule_row(state, name)["next_due"]) <= utcnow()


# ---------------------------------------------------------------- real processes


def test_schedule_once_against_the_sample_hub(hub, tmp_path):
    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data", extra='every = "1h"\n')
    cmd = [sys.executable, "run.py", "--config", str(config), "--log-format", "json", "schedule", "--once"]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    events = [json.loads(line) for line in first.stderr.splitlines()]
    end = next(e for e in events if e.get("event") == "run-end")
    assert end["site"] == "sample-hub" and end["outcome"] == "ok" and end["counts"]["new"] == 47
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and '"event": "run-end"' not in second.stderr   # not due again for 1 h

    status = subprocess.run([sys.executable, "run.py", "--config", str(config), "status", "--json", "--history", "5"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    data = json.loads(status.stdout)
    [site] = data["sites"]
    assert site["schedule"] == "every 1h" and site["scheduled_runs"] == 1 and site["articles"] == 47
    assert site["last_run"]["command"] == "schedule" and site["last_run"]["outcome"] == "ok"
    assert timedelta(minutes=59) < parse_iso(site["next_due"]) - utcnow() <= timedelta(hours=1)
    assert len(data["history"]) == 1


def test_scheduler_process_runs_two_sites_repeatedly_and_stops_on_sigterm(hub, tmp_path):
    data = tmp_path / "data"
    config = write_config(tmp_path / "c.toml", hub.hub_url, data, extra=(
        'every = "1s"\nmax_pages = 3\n\n'
        f'[sites.second]\nstart_url = "{hub.hub_url}"\nevery = "1s"\nmax_pages = 3\n'))
    proc = subprocess.Popen([sys.executable, "run.py", "--config", str(config), "schedule"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    def finished_runs() -> dict[str, int]:
        try:
            db = sqlite3.connect(data / "state.sqlite", timeout=5)
            try:
                return dict(db.execute("SELECT site, COUNT(*) FROM runs WHERE finished_at IS NOT NULL GROUP BY site"))
            finally:
                db.close()
        except sqlite3.Error:              # not created yet
            return {}

    try:
        deadline = time.monotonic() + 90     # each site runs every second; a loaded machine may be slow
        while time.monotonic() < deadline and proc.poll() is None:
            runs = finished_runs()
            if runs.get("sample-hub", 0) >= 2 and runs.get("second", 0) >= 2:
                break
            time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "received SIGTERM" in err and "scheduler stopped" in err
    db = sqlite3.connect(data / "state.sqlite")
    rows = db.execute("SELECT site, outcome FROM runs").fetchall()
    db.close()
    for name in ("sample-hub", "second"):
        outcomes = [o for s, o in rows if s == name]
        assert len(outcomes) >= 2, rows
        assert set(outcomes) <= {"ok", "interrupted"}


def test_a_daily_time_is_due_at_that_time_and_a_missed_one_runs_at_start(tmp_path):
    from datetime import datetime

    state = tmp_path / "state.sqlite"
    [site] = sites(hub={"at": "02:30"})
    runner = Recorder()
    first = SiteScheduler([site], state, runner)
    first.run(once=True)                       # never run: due at once, whatever the time of day
    due = first.next_due()["hub"].astimezone()  # then the next 02:30 local time
    first.close()
    assert runner.calls == ["hub"]
    assert (due.hour, due.minute, due.second) == (2, 30, 0)
    assert timedelta(0) < due - datetime.now().astimezone() <= timedelta(days=1)
    db = sqlite3.connect(state)
    with db:                                   # the machine was off at 02:30
        db.execute("UPDATE schedule SET next_due=?", ((utcnow() - timedelta(hours=3)).isoformat(),))
    db.close()
    again = SiteScheduler([site], state, runner)
    again.run(once=True)
    again.close()
    assert runner.calls == ["hub", "hub"]


def test_a_failed_run_is_retried_in_minutes_with_backoff_not_a_day_later(tmp_path):
    """A site that cannot be reached (here: nothing listens on its port) fails its run; the next
    `schedule --once` from cron retries it 5 minutes later, then 10, never later than its own
    interval would have."""
    import socket

    from pipeline.core.workspace import Workspace
    from pipeline.running.scheduler import retry_wait

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "c.toml"
    config.write_text(f'[index]\ndir = "{(tmp_path / "data").as_posix()}"\n\n[crawl]\ndelay = 0.0\nretries = 0\n'
                      f'every = "24h"\n\n[sites.down]\nstart_url = "http://127.0.0.1:{port}/blog/"\n')
    state = Workspace(tmp_path / "data").state_path
    argv = ["--quiet", "--config", str(config), "schedule", "--once"]
    for minutes in (5, 10):
        assert run.main(argv) == 1
        due = parse_iso(schedule_row(state, "down")["next_due"]) - utcnow()
        assert timedelta(minutes=minutes - 0.2) < due <= timedelta(minutes=minutes), due
        assert run.main(argv) == 0                 # not due yet: nothing runs
        db = sqlite3.connect(state)
        with db:                                   # the retry time comes
            db.execute("UPDATE schedule SET next_due=?", ((utcnow() - timedelta(seconds=1)).isoformat(),))
        db.close()
    [hourly] = sites(hub={"every": "1h"})
    assert [retry_wait(n, hourly) for n in (1, 2, 3, 4, 9)] == [300, 600, 1200, 2400, 3600]
