"""`run.py extract URL` fetches by the crawl's rules: its own host's addresses only, and each
redirect hop's robots.txt read and obeyed before the hop is fetched."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import run
from tests.localserver import LocalServer, QuietHandler

PAGE = b"<html><head><title>A page</title></head><body><h1>A page</h1><p>" + b"words " * 200 + b"</p></body></html>"


class Handler(QuietHandler):
    def do_GET(self) -> None:
        self.server.record(self.path, self.headers)
        if self.path == "/robots.txt":
            self.send_body(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/to-private":
            self.send_body(301, headers={"Location": "/private/page"})
        elif self.path == "/to-other-host":
            self.send_body(301, headers={"Location": f"http://127.0.0.3:{self.server.server_address[1]}/page"})
        else:
            self.send_body(200, PAGE)


def _serve_on(host: str):
    server = LocalServer.__new__(LocalServer)
    ThreadingHTTPServer.__init__(server, (host, 0), Handler)
    server.hits, server.seen_headers, server.lock = {}, {}, threading.Lock()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server


def test_a_redirect_to_another_private_address_is_refused(capsys):
    server = _serve_on("127.0.0.2")
    try:
        port = server.server_address[1]
        code = run.main(["extract", f"http://127.0.0.2:{port}/to-other-host"])
        err = capsys.readouterr().err
        assert code == 1 and ("127.0.0.3" in err or "address" in err), err
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_hop_disallowed_by_robots_is_not_fetched(capsys):
    server = _serve_on("127.0.0.2")
    try:
        port = server.server_address[1]
        code = run.main(["extract", f"http://127.0.0.2:{port}/to-private"])
        err = capsys.readouterr().err
        assert code == 1 and "robots.txt" in err
        assert "/private/page" not in server.hits
        assert server.hits.get("/robots.txt") == 1
    finally:
        server.shutdown()
        server.server_close()
