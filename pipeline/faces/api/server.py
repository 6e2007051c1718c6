"""`run.py serve`: the API on waitress, with safe defaults.

Why waitress: a pure-Python, production-grade WSGI server with no dependencies of its own.
It reads each request completely on its event loop before handing it to one of a fixed
number of worker threads (`[api] workers`), and buffers responses, so a slow or stalled client
ties up a connection slot, never a worker; idle connections are closed after `[api] timeout`.
Blocking Whoosh searches fit its threads directly (no async layer to bridge).

Searching is pure Python, so the threads of one process share one core (the GIL). On POSIX the
server therefore forks `[api] processes` copies of itself (default: one per CPU) that accept on
one listening socket; each child runs its own waitress with its own readers and response cache.
The parent only supervises: it restarts a child that dies and stops them all on Ctrl-C or
SIGTERM; a child whose parent is gone stops by itself.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Callable

from index import open_index
from pipeline.core.workspace import Workspace
from pipeline.core.config import ApiSettings, IndexSettings
from pipeline.core.errors import ConfigError, HubindexError

log = logging.getLogger("hubindex.api")

# Request line and headers. Generous, so that every query the parameter caps allow reaches the
# app (and gets its JSON 400s); beyond it the server answers 431, in the same JSON shape (guard.py).
MAX_HEADER_BYTES = 256 * 1024
MAX_BODY_BYTES = 1024            # every endpoint is a GET: no body worth reading
CONNECTION_LIMIT = 512           # open connections per process (polled, not select()ed); one client address
                                 # gets at most guard.PER_CLIENT of them, and each its headers within a deadline


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


def process_count(settings: ApiSettings) -> int:
    """How many server processes `serve` runs: `[api] processes`, 0 meaning one per CPU (at most 8);
    always 1 where there is no fork."""
    if not hasattr(os, "fork"):
        return 1
    return settings.processes or max(1, min(os.cpu_count() or 1, 8))


def make_server(data_dir: str | Path, settings: ApiSettings, host: str = "127.0.0.1", port: int = 8080,
                sock: socket.socket | None = None, sites: tuple[str, ...] = (), index: IndexSettings | None = None,
                synonyms: dict | None = None):
    """A waitress server for the API and pages over `data_dir`, listening but not yet serving (call
    `.run()`). With `sock`, it accepts on that already bound socket instead of binding `host:port`.
    `sites`: the configured site names, for the status page; `index`: the backend (the default:
    the Whoosh index in `data_dir`); `synonyms`: the `[search] synonyms`."""
    from pipeline.faces.api.app import create_app
    from pipeline.faces.api.guard import make_guarded_server

    _preflight(data_dir, settings, host, index)
    app = create_app(data_dir, token=settings.token, cors_origins=settings.cors_origins,
                     public_pages=settings.public_pages, sites=sites, index=index, synonyms=synonyms)
    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    try:
        server = make_guarded_server(
            app, **where, threads=settings.workers, channel_timeout=int(max(1, settings.timeout)),
            connection_limit=CONNECTION_LIMIT, asyncore_use_poll=True,
            max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=MAX_BODY_BYTES,
            ident="hubindex", expose_tracebacks=False, clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise HubindexError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.hubindex_app = app
    return server


def serve(data_dir: str | Path, settings: ApiSettings, host: str = "127.0.0.1", port: int = 8080,
          announce: Callable[[str], None] = print, sites: tuple[str, ...] = (),
          index: IndexSettings | None = None, synonyms: dict | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM. `synonyms`: the `[search] synonyms` table."""
    processes = process_count(settings)
    if processes > 1:
        return _serve_forked(data_dir, settings, host, port, processes, announce, sites, index, synonyms)
    server = make_server(data_dir, settings, host, port, sites=sites, index=index, synonyms=synonyms)
    _announce(announce, host, server.effective_port, settings, 1)
    _run(server)


def _preflight(data_dir: str | Path, settings: ApiSettings, host: str, index: IndexSettings | None) -> None:
    """Refuse now, not per request: a non-loopback address without a token, or no index."""
    check_binding(host, settings)
    open_index(Workspace(Path(data_dir)).index_path, settings=index).close()


def _run(server) -> None:
    """Serve until Ctrl-C or SIGTERM, then close the server and its readers."""
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


def _announce(announce: Callable[[str], None], host: str, port: int, settings: ApiSettings, processes: int) -> None:
    shown = f"[{host}]" if ":" in host else host
    how = f"{processes} processes x {settings.workers} workers" if processes > 1 else f"{settings.workers} workers"
    pages = "public pages" if settings.token and settings.public_pages else "pages"
    announce(f"hubindex API at http://{shown}:{port}/ (search {pages} at /, openapi.json describes the API; "
             f"{how}; Ctrl-C stops)")


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as exc:
        raise HubindexError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


class _Stop(Exception):
    """Raised by the parent's signal handler."""


RESTARTS = 5            # children that may die within RESTART_WINDOW seconds before the server gives up
RESTART_WINDOW = 30.0
STOP_GRACE = 10.0       # seconds children get to finish their requests after SIGTERM


def _child(data_dir: str | Path, settings: ApiSettings, host: str, sock: socket.socket, parent: int,
           sites: tuple[str, ...], index: IndexSettings | None, synonyms: dict | None = None) -> None:
    """The body of one forked server process; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C reaches the parent, which stops us

        def watch_parent() -> None:                           # parent killed: do not linger as an orphan
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(0)

        threading.Thread(target=watch_parent, daemon=True).start()
        _run(make_server(data_dir, settings, host, sock=sock, sites=sites, index=index, synonyms=synonyms))
    except BaseException:  # noqa: BLE001 - a child must never unwind into the parent's code
        log.exception("API server process %d failed", os.getpid())
        code = 1
    finally:
        logging.shutdown()
        os._exit(code)


def _serve_forked(data_dir: str | Path, settings: ApiSettings, host: str, port: int, processes: int,
                  announce: Callable[[str], None], sites: tuple[str, ...] = (),
                  index: IndexSettings | None = None, synonyms: dict | None = None) -> None:
    _preflight(data_dir, settings, host, index)      # in the parent: a refusal is one error, not one per child
    sock = _listen(host, port)
    parent = os.getpid()
    children: set[int] = set()
    deaths: list[float] = []
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            _child(data_dir, settings, host, sock, parent, sites, index, synonyms)
        children.add(pid)

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        raise _Stop   # interrupts os.waitpid, which would otherwise be retried after the handler

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for _ in range(processes):
            spawn()
        _announce(announce, host, sock.getsockname()[1], settings, processes)
        while children and not stopping:
            try:
                pid, status = os.waitpid(-1, 0)
            except (_Stop, ChildProcessError):
                break
            if pid not in children:
                continue
            children.discard(pid)
            if stopping:
                break
            now = time.monotonic()
            deaths[:] = [t for t in deaths if now - t < RESTART_WINDOW] + [now]
            log.warning("API server process %d exited (%s); starting another", pid, _describe(status))
            if len(deaths) > RESTARTS:
                raise HubindexError(f"API server processes keep failing ({len(deaths)} in {RESTART_WINDOW:.0f} s); "
                                    "see the log")
            spawn()
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for pid in children:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        while children and time.monotonic() < deadline:
            for pid in list(children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    children.discard(pid)
            time.sleep(0.05)
        for pid in children:
            _signal(pid, signal.SIGKILL)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
