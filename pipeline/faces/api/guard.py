"""Slow clients held off: waitress's server and channel with two limits of our own.

Waitress reads requests on its event loop, so a slow client never holds a worker thread, but it
holds a connection slot, and it is closed only after `channel_timeout` of silence: a client that
trickles one header line every few seconds keeps its slot for ever, and a few hundred of them
fill `connection_limit`, after which nobody is answered. Two limits stop that, before any token
check (they need no credentials to exploit):

- **a deadline for the request line and headers** (`HEADER_DEADLINE`): counted from the
  connection's opening or from the first byte of each new request; a request not read whole by
  then is dropped with its connection;
- **a cap on the connections of one client address** (`PER_CLIENT`): beyond it, a new
  connection from that address is closed at once, so one host cannot take every slot.

Waitress's own error answers (400, 413, 431, 501) come in the API's JSON error shape too.

The subclasses are passed to waitress explicitly (`make_guarded_server`); nothing of waitress is
patched.
"""

from __future__ import annotations

import json
import time

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

HEADER_DEADLINE = 10.0    # seconds to send a request's line and headers
PER_CLIENT = 32           # open connections allowed from one client address
CHECK_EVERY = 1           # seconds between two sweeps for requests past their deadline


class JsonErrorTask(ErrorTask):
    """Waitress's own refusals (a malformed request, headers or a body too large, an unsupported
    transfer encoding) in the API's one error shape instead of plain text."""

    def execute(self) -> None:
        e = self.request.error
        body = json.dumps({"error": {"status": e.code, "message": f"{e.reason}: {e.body}".strip().rstrip(":")}},
                          ensure_ascii=False).encode("utf-8")
        self.status = f"{e.code} {e.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class GuardedChannel(HTTPChannel):
    """A channel that knows since when it has been waiting for the current request, and answers
    waitress's own errors as JSON."""

    error_task_class = JsonErrorTask

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.waiting_since: float | None = time.monotonic()     # a connection that sends nothing counts too

    def received(self, data) -> bool:
        if data and self.request is None and self.waiting_since is None:
            self.waiting_since = time.monotonic()                # the first byte of a new request
        result = super().received(data)
        if self.request is None:
            self.waiting_since = None                            # nothing half-read any more
        return result


class GuardedServer(TcpWSGIServer):
    channel_class = GuardedChannel

    def handle_accept(self) -> None:
        try:
            accepted = self.accept()
        except OSError:
            return
        if accepted is None:
            return
        conn, addr = accepted
        client = addr[0] if isinstance(addr, tuple) else addr
        if sum(1 for ch in self.active_channels.values() if _client(ch) == client) >= PER_CLIENT:
            conn.close()                                         # that address has enough slots
            return
        try:
            self.set_socket_options(conn)
        except OSError:
            conn.close()
            return
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = time.monotonic() - HEADER_DEADLINE
        for channel in list(self.active_channels.values()):
            since = getattr(channel, "waiting_since", None)
            if since is not None and since < cutoff and not channel.requests:
                channel.will_close = True


def _client(channel) -> str | None:
    addr = getattr(channel, "addr", None)
    return addr[0] if isinstance(addr, tuple) else addr


def make_guarded_server(application, sockets=None, host: str = "127.0.0.1", port: int = 0, **adjustments):
    """What waitress's `create_server` builds for TCP, with the guarded server class."""
    kw = dict(adjustments, cleanup_interval=CHECK_EVERY)
    if sockets:
        kw["sockets"] = sockets
    else:
        kw.update(host=host, port=port)
    adj = Adjustments(**kw)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    socket_map: dict = {}
    servers = []
    if adj.sockets:
        for sock in adj.sockets:
            servers.append(GuardedServer(application, socket_map, True, sock, dispatcher=dispatcher, adj=adj,
                                         bind_socket=False,
                                         sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname())))
    else:
        for sockinfo in adj.listen:
            servers.append(GuardedServer(application, socket_map, True, None, dispatcher=dispatcher, adj=adj,
                                         sockinfo=sockinfo))
    if len(servers) == 1:
        return servers[0]
    return MultiSocketServer(socket_map, adj, [(s.effective_host, s.effective_port) for s in servers], dispatcher)
