"""A stdlib HTTP server on 127.0.0.1, port 0, in a daemon thread: the way requests tests itself.

Each test module passes its own handler class; the server counts hits per path and keeps the
request headers it saw, so tests can assert on retries and conditional requests.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits: dict[str, int] = {}
        self.seen_headers: dict[str, list[dict[str, str]]] = {}
        self.lock = threading.Lock()

    def record(self, path: str, headers) -> int:
        """Count a hit on `path` (with its query) and return the count so far."""
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            self.seen_headers.setdefault(path, []).append({k.lower(): v for k, v in headers.items()})
            return self.hits[path]

    def handle_error(self, request, client_address) -> None:
        pass  # clients that time out or hang up on purpose are expected here


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalServer

    def log_message(self, format: str, *args) -> None:
        pass

    def send_body(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[LocalServer]:
    server = LocalServer(handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
