"""Clients that trickle their headers neither lock others out nor keep their connections."""

from __future__ import annotations

import socket
import threading
import time

import requests

from pipeline.faces.api import guard
from tests.apiserver import running_api


def _slow(port: int, source: str, stop: threading.Event, opened: list) -> None:
    """One connection from `source` that sends a header line every half second until stopped."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    except OSError:
        return
    opened.append(s)
    try:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        while not stop.wait(0.5):
            s.sendall(b"X-Slow: 1\r\n")
    except OSError:
        pass                        # closed by the server: what the deadline is for
    finally:
        s.close()


def test_health_answers_while_200_slow_connections_trickle(crawled, monkeypatch):
    _, data_dir = crawled
    monkeypatch.setattr(guard, "HEADER_DEADLINE", 3.0)      # a shorter deadline keeps the test short
    with running_api(data_dir) as base:
        port = int(base.rsplit(":", 1)[1])
        stop = threading.Event()
        opened: list = []
        threads = [threading.Thread(target=_slow, args=(port, "127.0.0.2", stop, opened), daemon=True)
                   for _ in range(200)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        try:
            for _ in range(5):
                t0 = time.monotonic()
                r = requests.get(base + "/health", timeout=5)
                assert r.status_code == 200
                assert time.monotonic() - t0 < 1.0
                time.sleep(0.2)
            time.sleep(guard.HEADER_DEADLINE + 1.5)
            # past the deadline the trickling connections have been closed by the server
            closed = 0
            for s in list(opened):
                try:
                    s.settimeout(0.5)
                    s.sendall(b"X-Slow: 1\r\n")
                    if s.recv(1) == b"":
                        closed += 1
                except OSError:
                    closed += 1
            assert closed == len(opened) > 0
            assert len(opened) <= 200
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=5)
