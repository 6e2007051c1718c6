"""Clients that trickle their headers neither lock others out nor keep their connections."""

from __future__ import annotations

import json
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


def _raw(port: int, request: bytes) -> tuple[str, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    head, _, body = data.decode("utf-8", "replace").partition("\r\n\r\n")
    return head, body


def test_the_servers_own_refusals_use_the_json_error_shape(crawled):
    _, data_dir = crawled
    with running_api(data_dir) as base:
        port = int(base.rsplit(":", 1)[1])
        for request, status in [
            (b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
            (b"GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            (b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000, 413),
        ]:
            head, body = _raw(port, request)
            assert head.startswith(f"HTTP/1.1 {status} ")
            assert "Content-Type: application/json" in head
            assert json.loads(body)["error"]["status"] == status
