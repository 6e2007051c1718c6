"""`run.py serve`: the API on waitress, with safe defaults.

Why waitress: a pure-Python, production-grade WSGI server with no dependencies of its own.
It reads each request completely on its event loop before handing it to one of a fixed
number of worker threads (`[api] workers`), and buffers responses, so a slow or stalled client
ties up a connection slot, never a worker; idle connections are closed after `[api] timeout`.
Blocking Whoosh searches fit its threads directly (no async layer to bridge).
"""

from __future__ import annotations

import ipaddress
import logging
import signal
from pathlib import Path
from typing import Callable

from pipeline.config import ApiSettings
from pipeline.errors import ConfigError, HubindexError

log = logging.getLogger("hubindex.api")

# Request line and headers. Generous, so that every query the parameter caps allow reaches the
# app (and gets its JSON 400s); beyond it waitress answers 431 in plain text (documented).
MAX_HEADER_BYTES = 256 * 1024
MAX_BODY_BYTES = 1024            # every endpoint is a GET: no body worth reading
CONNECTIONS_PER_WORKER = 25      # open connections allowed per worker thread before new ones wait


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, settings: ApiSettings) -> None:
    """Anything but loopback needs a token: the API would otherwise be open to the network."""
    if not is_loopback(host) and not settings.token:
        raise ConfigError(f"serving on {host} needs a token: set `token` in the [api] table of the config "
                          f"(clients then send `Authorization: Bearer TOKEN`), or bind 127.0.0.1")


def make_server(data_dir: str | Path, settings: ApiSettings, host: str = "127.0.0.1", port: int = 8080):
    """A waitress server for the API over `data_dir`, listening but not yet serving (call `.run()`)."""
    from waitress import create_server

    from index.store import IndexStore
    from pipeline.workspace import Workspace

    from .app import create_app

    check_binding(host, settings)
    IndexStore.open(Workspace(Path(data_dir)).index_path).close()   # no index: fail now, not per request
    app = create_app(data_dir, token=settings.token, cors_origins=settings.cors_origins)
    try:
        server = create_server(
            app, host=host, port=port, threads=settings.workers, channel_timeout=int(max(1, settings.timeout)),
            cleanup_interval=max(1, min(30, int(settings.timeout))),
            connection_limit=settings.workers * CONNECTIONS_PER_WORKER,
            max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=MAX_BODY_BYTES,
            ident="hubindex", expose_tracebacks=False, clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise HubindexError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.hubindex_app = app
    return server


def serve(data_dir: str | Path, settings: ApiSettings, host: str = "127.0.0.1", port: int = 8080,
          announce: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C or SIGTERM."""
    server = make_server(data_dir, settings, host, port)
    shown = f"[{host}]" if ":" in host else host
    announce(f"hubindex API at http://{shown}:{server.effective_port}/ "
             f"(openapi.json describes it; {settings.workers} workers; Ctrl-C stops)")

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        server.hubindex_app.api.close()
