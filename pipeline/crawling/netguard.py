"""Server-side request forgery guard: the crawler connects only to public addresses, plus the
addresses of the configured site itself (the sample hub lives on 127.0.0.1).

The check runs where the socket is opened, on every address a name resolves to, for every
request and every redirect hop; so a DNS answer that changes between two looks (rebinding)
cannot smuggle a private address past it, and nothing is ever sent to a refused address.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Iterable

from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

REFUSED_MARK = "hubindex-refused"


class AddressPolicy:
    """Public addresses are allowed; non-public ones only when listed (the site's own)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = {_normal(ipaddress.ip_address(a)) for a in extra}

    @classmethod
    def for_hosts(cls, hosts: Iterable[str]) -> "AddressPolicy":
        """Allow whatever non-public addresses the configured sites' own hosts resolve to now."""
        extra = []
        for host in hosts:
            try:
                for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM):
                    extra.append(info[4][0].split("%")[0])
            except (socket.gaierror, UnicodeError):
                continue
        return cls(extra)

    def refusal(self, host: str) -> str | None:
        """Why connecting to `host` would be refused (checked again when the socket opens), or None."""
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return None          # the fetch itself will report the name error
        for info in infos:
            if not self.allows(info[4][0]):
                return f"{host} is a non-public address"
        return None

    def allows(self, address: str) -> bool:
        ip = _normal(ipaddress.ip_address(address.split("%")[0]))
        return ip.is_global or ip in self.extra


def _normal(ip):
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


class RefusedAddress(NewConnectionError):
    pass


def _guarded_connect(conn: HTTPConnection, policy: AddressPolicy):
    """Resolve, refuse non-allowed addresses before any packet is sent, connect to the first allowed."""
    try:
        infos = socket.getaddrinfo(conn._dns_host, conn.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise NewConnectionError(conn, f"name resolution failed: {exc}") from exc
    refused, last_error = [], None
    for family, socktype, proto, _, sockaddr in infos:
        address = sockaddr[0]
        if not policy.allows(address):
            refused.append(address)
            continue
        sock = socket.socket(family, socktype, proto)
        try:
            for opt in conn.socket_options or ():
                sock.setsockopt(*opt)
            timeout = conn.timeout if isinstance(conn.timeout, (int, float)) else None
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    if refused and last_error is None:
        raise RefusedAddress(conn, f"{REFUSED_MARK}: {conn.host} resolves to non-public address {refused[0]}")
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last_error}")


def pool_manager(policy: AddressPolicy | None, **kwargs) -> PoolManager:
    """A urllib3 pool manager; with a policy, every connection it opens goes through it."""
    manager = PoolManager(**kwargs)
    if policy is None:
        return manager

    class Conn(HTTPConnection):
        def _new_conn(self):
            return _guarded_connect(self, policy)

    class SConn(HTTPSConnection):
        def _new_conn(self):
            return _guarded_connect(self, policy)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

    class SPool(HTTPSConnectionPool):
        ConnectionCls = SConn

    manager.pool_classes_by_scheme = {"http": Pool, "https": SPool}
    return manager
