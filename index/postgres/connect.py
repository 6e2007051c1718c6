"""Connections: a bounded psycopg pool per open index, and errors said without the password."""

from __future__ import annotations

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from pipeline.core.config import redact_url
from pipeline.core.errors import StoreError

CONNECT_TIMEOUT = 5       # seconds to reach the server before saying it cannot be reached
POOL_TIMEOUT = 30.0       # seconds a caller waits for a free connection of a busy pool


def describe(exc: BaseException, url: str) -> str:
    """One line about a driver error, with the URL's password left out."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.replace(url, redact_url(url))


def connect(url: str) -> psycopg.Connection:
    """One connection (for `migrate`), or StoreError saying why there is none."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL at {redact_url(url)}: {describe(exc, url)}") from None


def open_pool(url: str, size: int) -> ConnectionPool:
    """A pool of at most `size` connections, one opened now; StoreError when the server cannot
    be reached."""
    pool = ConnectionPool(url, min_size=1, max_size=max(1, size), open=False, timeout=POOL_TIMEOUT,
                          kwargs={"connect_timeout": CONNECT_TIMEOUT}, name="hubindex")
    try:
        pool.open(wait=True, timeout=CONNECT_TIMEOUT + 1)
    except PoolTimeout:
        pool.close()
        connect(url).close()          # says why (refused, unknown database, authentication...)
        raise StoreError(f"cannot connect to PostgreSQL at {redact_url(url)}") from None
    return pool
