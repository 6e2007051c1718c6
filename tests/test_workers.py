"""`run.py worker` with the PostgreSQL backend: several worker processes share the crawl of many
hubs (each on a loopback address of its own) through the database's job queue and crawl state.
One worker is killed with SIGKILL mid-crawl; the others take its hosts over. Every article is
indexed once, and no host ever sees two requests closer than its delay, whichever workers sent
them. Skipped, with the reason, where no PostgreSQL server answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import run
from pipeline.samplehub import start_sample_hub
from tests.conftest import ROOT
from tests.pgserver import fresh_schema, require_server
from tests.test_many_hubs import AnswerTimed

DELAY = 0.1
HUBS = 8


@pytest.fixture()
def pg_url():
    require_server()
    with fresh_schema() as url:
        yield url


class _Log:
    """Every request the hubs answered: (host, start, answer began, path), by the servers' clock.
    A request's end is taken as the moment the server began to answer it: the crawler saw the
    response end after that, so a gap measured from it is never longer than the real one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[tuple[str, float, float, str]] = []

    def handler(self):
        log = self

        class Logged(AnswerTimed):
            def do_GET(self, head: bool = False):
                start, self.answer_began = time.monotonic(), None
                try:
                    return super().do_GET(head)
                finally:
                    with log.lock:
                        log.seen.append((self.server.server_address[0], start, self.answer_began or time.monotonic(),
                                         self.path))
        return Logged


def workers_config(path: Path, data: Path, url: str, hubs, extra: str = "") -> Path:
    text = (f'[index]\ndir = "{data.as_posix()}"\nbackend = "postgresql"\nurl = "{url}"\npool_size = 2\n\n'
            f'[crawl]\ndelay = {DELAY}\nretries = 0\ntimeout = 1.0\nmax_hosts = 2\nbatch_size = 10\n\n'
            f'[worker]\nclaim_timeout = 3\npoll = 0.3\n{extra}\n')
    for i, hub in enumerate(hubs):
        text += f'\n[sites.hub{i}]\nstart_url = "{hub.hub_url}"\n'
    path.write_text(text, encoding="utf-8")
    return path


def worker(config: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "run.py", "--quiet", "--config", str(config), "worker", *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def test_four_workers_one_killed_index_every_article_once_and_keep_each_hosts_delay(tmp_path, pg_url):
    log = _Log()
    hubs = [start_sample_hub(host=f"127.0.0.{10 + i}") for i in range(HUBS)]
    for hub in hubs:
        hub.RequestHandlerClass = log.handler()
    procs: list[subprocess.Popen] = []
    try:
        config = workers_config(tmp_path / "w.toml", tmp_path / "data", pg_url, hubs)
        assert run.main(["--quiet", "--config", str(config), "migrate"]) == 0
        procs = [worker(config, "--once") for _ in range(4)]
        doomed = procs[0]
        # kill the first worker mid-crawl: once a batch of a site it is crawling is committed
        deadline = time.monotonic() + 60
        committed: list[tuple] = []
        while time.monotonic() < deadline and not committed:
            committed = query(pg_url, "SELECT r.site, count(*) FROM hub_runs r JOIN hub_stored s ON s.site = r.site "
                                      "WHERE r.pid = %s AND r.outcome = 'running' GROUP BY r.site", (doomed.pid,))
            time.sleep(0.05)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
        outcomes = [(p.wait(timeout=240), p.communicate()) for p in procs[1:]]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for hub in hubs:
            hub.shutdown()
            hub.server_close()
    for code, (out, err) in outcomes:
        assert code == 0, err
    # the killed worker had begun runs that others finished
    killed_runs = query(pg_url, "SELECT site, outcome FROM hub_runs WHERE pid = %s", (doomed.pid,))
    assert killed_runs and all(outcome == "killed" for _, outcome in killed_runs), killed_runs
    taken_over = {site for site, _ in killed_runs}
    finished = dict(query(pg_url, "SELECT site, outcome FROM hub_schedule"))
    assert finished == {f"hub{i}": "ok" for i in range(HUBS)}
    assert taken_over <= set(finished)
    # the worker that took a site over resumed from the shared crawl state: what the killed one
    # had committed was not indexed again
    assert committed, "the killed worker committed nothing before it was killed"
    site, stored = committed[0]
    (report,), = query(pg_url, "SELECT report FROM hub_runs WHERE site = %s AND outcome = 'ok'", (site,))
    report = json.loads(report)
    assert report["unchanged"] >= stored and report["new"] == len(hubs[0].hub.curated) - stored, (stored, report)

    # every article of every hub, once
    urls = [u for (u,) in query(pg_url, "SELECT url FROM hub_articles")]
    assert len(urls) == len(set(urls)) == HUBS * len(hubs[0].hub.curated)
    for hub in hubs:
        assert sum(u.startswith(hub.base_url + "/") for u in urls) == len(hub.hub.curated)
    assert query(pg_url, "SELECT count(*) FROM hub_stored")[0][0] == len(urls)

    # one host: never two requests closer than the delay, across every worker (the killed one too)
    by_host: dict[str, list[tuple[float, float, str]]] = {}
    for host, start, end, path in sorted(log.seen, key=lambda r: r[1]):
        by_host.setdefault(host, []).append((start, end, path))
    assert len(by_host) == HUBS
    for host, requests in by_host.items():
        for (_, end, _), (start, _, path) in zip(requests, requests[1:]):
            assert start - end >= DELAY - 0.01, (host, path, start - end)
    # the workers shared the hosts: at least three of them crawled some
    assert len({pid for (pid,) in query(pg_url, "SELECT DISTINCT pid FROM hub_runs")}) >= 3

    # nothing is due now: --once exits at once without a request
    before = len(log.seen)
    t0 = time.monotonic()
    proc = worker(config, "--once")
    assert proc.wait(timeout=60) == 0, proc.communicate()
    assert time.monotonic() - t0 < 20 and len(log.seen) == before


def test_worker_errors_are_one_line(tmp_path, capsys, pg_url):
    hubs = [type("Hub", (), {"hub_url": "http://127.0.0.1:9/hub/"})()]
    config = workers_config(tmp_path / "w.toml", tmp_path / "data", pg_url, hubs)
    assert run.main(["--quiet", "--config", str(config), "worker", "--once"]) == 1      # no schema yet
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "run `run.py migrate`" in err, err
    # a site that cannot be reached: the run fails, --once says so, and the site waits for its retry
    assert run.main(["--quiet", "--config", str(config), "migrate"]) == 0
    assert run.main(["--quiet", "--config", str(config), "worker", "--once"]) == 1
    capsys.readouterr()
    (outcome, wait), = query(pg_url, "SELECT outcome, extract(epoch FROM next_due - now()) FROM hub_schedule")
    assert outcome == "failed" and 250 < wait <= 300
    assert run.main(["--quiet", "--config", str(config), "worker", "--once"]) == 0      # nothing due
    assert query(pg_url, "SELECT count(*) FROM hub_runs")[0][0] == 1
    gone = workers_config(tmp_path / "gone.toml", tmp_path / "data", "postgresql://hub:pw@127.0.0.1:9/hub", hubs)
    assert run.main(["--quiet", "--config", str(gone), "worker", "--once"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot connect to PostgreSQL" in err and "pw@" not in err, err
    whoosh = tmp_path / "whoosh.toml"
    whoosh.write_text(f'[index]\ndir = "{(tmp_path / "d").as_posix()}"\n[sites.a]\nstart_url = "http://127.0.0.1:9/"\n')
    assert run.main(["--quiet", "--config", str(whoosh), "worker"]) == 78
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and 'backend = "postgresql"' in err, err


def test_schedule_once_with_the_postgresql_backend_keeps_its_schedule_in_the_database(tmp_path, capsys, pg_url):
    hub = start_sample_hub(host="127.0.0.30")
    try:
        config = workers_config(tmp_path / "s.toml", tmp_path / "data", pg_url, [hub])
        assert run.main(["--quiet", "--config", str(config), "migrate"]) == 0
        assert run.main(["--quiet", "--config", str(config), "schedule", "--once"]) == 0
        capsys.readouterr()
        assert run.main(["--quiet", "--config", str(config), "status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
    finally:
        hub.shutdown()
        hub.server_close()
    site = status["sites"][0]
    assert site["last_run"]["outcome"] == "ok" and site["last_run"]["command"] == "schedule"
    assert site["next_due"] and site["articles"] == len(hub.hub.curated)
    assert not (tmp_path / "data" / "state.sqlite").exists()        # the crawl state is in the database
    assert query(pg_url, "SELECT count(*) FROM hub_urls WHERE status = 'done'")[0][0] >= len(hub.hub.curated)


def test_host_turns_in_the_database_keep_the_delay_between_machines(pg_url):
    """Two crawl states on one database stand for two machines: their requests to one host,
    from several threads each, never start closer than the delay to the previous one's end;
    a request left in flight by a dead machine holds the host for its longest time."""
    from index.postgres.crawlstate import PostgresCrawlState
    from index.postgres.migrations import migrate
    from index.postgres.connect import connect
    from pipeline.crawling.politeness import HostSlots

    conn = connect(pg_url)
    migrate(conn)
    conn.commit()
    conn.close()
    states = [PostgresCrawlState(pg_url) for _ in range(2)]
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()
    try:
        def machine(state) -> None:
            slots = HostSlots(ledger=state, longest_request=1.0)

            def requests() -> None:
                for _ in range(4):
                    with slots.turn("shared.example", 0.15):
                        start = time.monotonic()
                        time.sleep(0.01)
                        with lock:
                            spans.append((start, time.monotonic()))
            threads = [threading.Thread(target=requests) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        machines = [threading.Thread(target=machine, args=(s,)) for s in states]
        for t in machines:
            t.start()
        for t in machines:
            t.join()
        spans.sort()
        assert len(spans) == 16
        gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:])]
        assert min(gaps) >= 0.15 - 0.01, gaps

        # a machine died during a request: the host waits for the longest request, then the delay
        states[0].turn_take("dead.example", 0.1, 1.0)
        assert 1.0 < states[1].turn_take("dead.example", 0.1, 1.0) <= 1.1
        states[0].turn_end("dead.example")
        assert 0 < states[1].turn_take("dead.example", 0.1, 1.0) <= 0.1
    finally:
        for s in states:
            s.close()


def _serve(config: Path) -> tuple[subprocess.Popen, str]:
    import re

    proc = subprocess.Popen([sys.executable, "run.py", "--quiet", "--config", str(config), "serve", "--port", "0",
                             "--processes", "1"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    assert m, first
    return proc, f"http://127.0.0.1:{m.group(1)}"


def test_two_serve_processes_on_one_database_answer_alike_and_see_each_commit(tmp_path, pg_url):
    import requests

    hubs = [start_sample_hub(host=f"127.0.0.{31 + i}", seed=i + 1) for i in range(2)]
    servers = []
    try:
        config = workers_config(tmp_path / "w.toml", tmp_path / "data", pg_url, hubs[:1])
        assert run.main(["--quiet", "--config", str(config), "migrate"]) == 0
        assert subprocess.run([sys.executable, "run.py", "--quiet", "--config", str(config), "worker", "--once"],
                              cwd=ROOT, timeout=120).returncode == 0
        # each server with a data directory of its own: nothing but the database is shared
        for name in ("one", "two"):
            servers.append(_serve(workers_config(tmp_path / f"{name}.toml", tmp_path / name, pg_url, hubs[:1])))
        (a, one), (b, two) = servers

        def both(path: str, **params) -> dict:
            answers = [requests.get(base + path, params=params, timeout=20).json() for base in (one, two)]
            assert answers[0] == answers[1], path
            return answers[0]

        found = both("/search", q="engineering manager skills", limit="5")
        assert found["total"] > 0
        both("/search", q="", topic="career-advancement", limit="20", sort="oldest")
        both("/facets")
        both("/related", id=found["results"][0]["id"], limit="5")
        health = both("/health")
        assert health["index"]["articles"] == len(hubs[0].hub.curated)
        assert health["last_crawl"]["command"] == "worker" and health["last_crawl"]["outcome"] == "ok"
        # a commit from another machine's crawl: both servers answer from it at once
        wider = workers_config(tmp_path / "wide.toml", tmp_path / "data", pg_url, hubs)
        assert run.main(["--quiet", "--config", str(wider), "crawl", "--site", "hub1"]) == 0
        assert both("/health")["index"]["articles"] == 2 * len(hubs[0].hub.curated)
        assert both("/search", q="", limit="1")["total"] == 2 * len(hubs[0].hub.curated)
    finally:
        for proc, _ in servers:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        for hub in hubs:
            hub.shutdown()
            hub.server_close()


def test_a_sites_next_due_time_follows_the_schedules_rules():
    import random
    from datetime import datetime, timedelta, timezone

    from pipeline.core.config import parse_settings
    from pipeline.running.runs import RunResult
    from pipeline.running.scheduler import retry_wait
    from pipeline.running.worker import next_due

    sites = parse_settings({"sites": {"a": {"start_url": "http://h/", "every": "6h"},
                                      "b": {"start_url": "http://h/", "at": "02:30"},
                                      "c": {"start_url": "http://h/", "every": "1h", "jitter": "10m"}}}).sites
    now, rng = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc), random.Random(1)
    ok = RunResult("a", "ok")
    assert next_due(sites["a"], ok, 0, now, rng) == now + timedelta(hours=6)
    assert next_due(sites["a"], RunResult("a", "interrupted"), 0, now, rng) == now
    assert next_due(sites["a"], RunResult("a", "failed"), 3, now, rng) == now + timedelta(seconds=retry_wait(3, sites["a"]))
    daily = next_due(sites["b"], ok, 0, now, rng).astimezone()
    assert (daily.hour, daily.minute) == (2, 30) and timedelta(0) < daily - now <= timedelta(days=1)
    jittered = [next_due(sites["c"], ok, 0, now, rng) - now for _ in range(20)]
    assert all(timedelta(hours=1) <= j <= timedelta(hours=1, minutes=10) for j in jittered) and len(set(jittered)) > 1


def test_a_dead_workers_host_queued_again_meanwhile_is_still_taken_over(tmp_path, pg_url):
    """The instant a worker takes a host (its job goes from waiting to running), another may see
    the host neither waiting nor running and queue it again. If that worker then dies, its job
    cannot simply be put back in the queue beside the new one: it is ended, and the new one runs."""
    import asyncio

    import procrastinate

    from pipeline.running.worker import QUEUE, TASK

    hub = start_sample_hub(host="127.0.0.40")
    proc = None
    try:
        config = workers_config(tmp_path / "w.toml", tmp_path / "data", pg_url, [hub])
        assert run.main(["--quiet", "--config", str(config), "migrate"]) == 0
        host = "127.0.0.40"

        async def stage() -> None:
            app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=pg_url))
            task = app.task(name=TASK, queue=QUEUE)(lambda host: None)
            async with app.open_async():
                await task.configure(lock=host, queueing_lock=host).defer_async(host=host)
                dead = await app.job_manager.register_worker()
                assert await app.job_manager.fetch_job(queues=[QUEUE], worker_id=dead)     # taken, then...
                await task.configure(lock=host, queueing_lock=host).defer_async(host=host)  # ...queued again

        asyncio.run(stage())
        query(pg_url, "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' RETURNING id")
        proc = worker(config, "--once")
        code = proc.wait(timeout=90)
        assert code == 0, proc.communicate()
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        hub.shutdown()
        hub.server_close()
    assert dict(query(pg_url, "SELECT site, outcome FROM hub_schedule")) == {"hub0": "ok"}
    assert query(pg_url, "SELECT count(*) FROM hub_articles")[0][0] == len(hub.hub.curated)
